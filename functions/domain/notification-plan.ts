// Which notices a change to an incident calls for. The store writes them in the same transaction as
// the change, so a notice exists exactly when its incident's change does; the stream (fast) and the
// sweeper (safety net) deliver each until every recipient's record is final. Pure: recipients are
// contact ids, plus "the coordinators" to look up.
import type { DutyId } from './routing.js';
import type { HistoryEntry, Incident } from './schemas.js';
import { type ContactKind, isCommunityKind, type NotificationStatus } from './vocabulary.js';

export type NoticeKind =
  | 'first_alert'
  | 'escalation'
  | 'pre_harm'
  | 'correction'
  | 'reminder'
  | 'status_acknowledged'
  | 'status_resolved'
  | 'officials_alerted'
  | 'ladder_exhausted'
  | 'coverage_gap'
  | 'harm_follow_up'
  | 'duty_overdue'
  /** A recipient reached on no channel: the coordinators are told, planned by the delivery that found it. */
  | 'delivery_failed';

export interface Notice {
  kind: NoticeKind;
  /** The step of the (incident, step, recipient) key that makes each SMS happen once. */
  step: string;
  contactIds: string[];
  /** Also every active coordinator covering the programme. */
  toCoordinators: boolean;
  /** Never these contacts: it is their own action the notice is about. */
  except?: string[];
  /** The kind the text names: who acknowledged, the missing kind, the officials brought in, who could not be reached. */
  aboutKind?: ContactKind;
  dutyId?: DutyId;
}

/** A notice as stored: whose, and when it was planned (the sweeper looks a short while after). */
export interface PlannedNotice extends Notice {
  incidentId: string;
  villageId: string;
  plannedAt: string;
}

/** How long the stream has to deliver a notice before the sweeper takes it up. */
export const NOTICE_GRACE_MS = 60_000;
/** How long an attempt holds a pending notification before another may send it again. */
export const SEND_LEASE_MS = 2 * 60_000;

/** Statuses after which nothing more is sent for a record (receipts may still refine sent). */
export const isFinal = (status: NotificationStatus) => status !== 'pending';

const ALERT_NOTICE_KINDS = { first: 'first_alert', escalation: 'escalation', pre: 'pre_harm', correction: 'correction' } as const;
const alertNoticeKind = (step: string): NoticeKind => ALERT_NOTICE_KINDS[step.split('_')[0] as keyof typeof ALERT_NOTICE_KINDS];

/** `history` is the entry recorded with the change: whose action it was. */
export function planNotices(previous: Incident | undefined, incident: Incident, history?: HistoryEntry): Notice[] {
  const notices: Notice[] = [];
  const actors = history ? [history.by.contactId, history.onBehalfOf].filter((id): id is string => id !== undefined) : [];
  const except = actors.length > 0 ? { except: actors } : {};
  const toldMissing = new Set((previous?.alerts ?? []).flatMap((alert) => alert.missing));
  for (const alert of incident.alerts.slice(previous?.alerts.length ?? 0)) {
    if (alert.contactIds.length > 0)
      notices.push({ kind: alertNoticeKind(alert.step), step: alert.step, contactIds: alert.contactIds, toCoordinators: false, ...except });
    for (const kind of alert.missing.filter((missing) => !toldMissing.has(missing))) {
      toldMissing.add(kind);
      notices.push({ kind: 'coverage_gap', step: `gap_${kind}`, contactIds: [], toCoordinators: true, aboutKind: kind });
    }
    const officials = alert.step.startsWith('escalation_') ? alert.kinds.find((kind) => !alert.missing.includes(kind)) : undefined;
    const communityAcknowledgers = incident.acknowledgements.flatMap((each) =>
      each.contactId && isCommunityKind(each.kind) ? [each.contactId] : [],
    );
    if (officials && communityAcknowledgers.length > 0) {
      const step = alert.step.replace('escalation', 'officials_alerted');
      notices.push({ kind: 'officials_alerted', step, contactIds: communityAcknowledgers, toCoordinators: false, aboutKind: officials });
    }
  }
  if (!previous) return notices;
  incident.acknowledgements.slice(previous.acknowledgements.length).forEach((acknowledgement, offset) => {
    const ordinal = previous.acknowledgements.length + offset + 1;
    const step = ordinal === 1 ? 'status_acknowledged' : `status_acknowledged_${ordinal}`;
    notices.push({
      kind: 'status_acknowledged',
      step,
      contactIds: reporterToTell(incident),
      toCoordinators: true,
      aboutKind: acknowledgement.kind,
      ...except,
    });
  });
  if (incident.status !== previous.status && incident.status === 'resolved') {
    notices.push({
      kind: 'status_resolved',
      step: 'status_resolved',
      contactIds: reporterToTell(incident),
      toCoordinators: true,
      ...except,
    });
  }
  if (incident.ladderExhaustedAt && !previous.ladderExhaustedAt) {
    notices.push({ kind: 'ladder_exhausted', step: 'ladder_exhausted', contactIds: [], toCoordinators: true });
  }
  if (incident.reminderSentAt && !previous.reminderSentAt) {
    const acknowledgers = incident.acknowledgements.flatMap((each) => (each.contactId ? [each.contactId] : []));
    notices.push({ kind: 'reminder', step: 'reminder', contactIds: acknowledgers, toCoordinators: true });
  }
  if (incident.harmFollowUpAt && !previous.harmFollowUpAt) {
    notices.push({ kind: 'harm_follow_up', step: 'harm_follow_up', contactIds: [], toCoordinators: true });
  }
  for (const duty of incident.duties) {
    const before = previous.duties.find((each) => each.id === duty.id);
    if (duty.overdueAlert && !before?.overdueAlert) {
      notices.push({
        kind: 'duty_overdue',
        step: `duty_overdue_${duty.id}`,
        contactIds: duty.overdueAlert.contactIds,
        toCoordinators: true,
        dutyId: duty.id,
      });
    }
  }
  return notices;
}

/** The notices of a change as they are stored with it: planned at the change's own instant. */
export function plannedNotices(previous: Incident | undefined, incident: Incident, history?: HistoryEntry): PlannedNotice[] {
  return planNotices(previous, incident, history).map((notice) => ({
    ...notice,
    incidentId: incident.id,
    villageId: incident.villageId,
    plannedAt: incident.updatedAt,
  }));
}

/**
 * The reporter hears how their report went, when they are a directory contact; never for a
 * confidential incident (a phone may be shared with the family).
 */
function reporterToTell(incident: Incident): string[] {
  const reporter = incident.reportedBy.contactId;
  return reporter && !incident.confidential ? [reporter] : [];
}
