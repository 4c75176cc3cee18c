// Which notices a change to an incident calls for. The store writes them in the same transaction as
// the change, so a notice exists exactly when its incident's change does; the stream (fast) and the
// sweeper (safety net) deliver each until every recipient's record is final. Pure: recipients are
// contact ids, plus "the coordinators" to look up.
import type { Incident } from './schemas.js';
import type { NotificationStatus } from './vocabulary.js';

export type NoticeKind = 'first_alert' | 'escalation' | 'reminder' | 'status_acknowledged' | 'status_resolved' | 'ladder_exhausted';

export interface Notice {
  kind: NoticeKind;
  /** The step of the (incident, step, recipient) key that makes each SMS happen once. */
  step: string;
  contactIds: string[];
  /** Also every active coordinator covering the programme. */
  toCoordinators: boolean;
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

export function planNotices(previous: Incident | undefined, incident: Incident): Notice[] {
  if (!previous) return [{ kind: 'first_alert', step: 'first_alert', contactIds: incident.routedTo, toCoordinators: false }];
  const notices: Notice[] = [];
  if (incident.escalationStep > previous.escalationStep) {
    const added = incident.routedTo.filter((contactId) => !previous.routedTo.includes(contactId));
    notices.push({ kind: 'escalation', step: `escalation_${incident.escalationStep}`, contactIds: added, toCoordinators: false });
  }
  if (incident.status !== previous.status && (incident.status === 'acknowledged' || incident.status === 'resolved')) {
    const kind = incident.status === 'acknowledged' ? 'status_acknowledged' : 'status_resolved';
    notices.push({ kind, step: kind, contactIds: reporterToTell(incident), toCoordinators: true });
  }
  if (incident.ladderExhaustedAt && !previous.ladderExhaustedAt) {
    notices.push({ kind: 'ladder_exhausted', step: 'ladder_exhausted', contactIds: [], toCoordinators: true });
  }
  if (incident.reminderSentAt && !previous.reminderSentAt) {
    const acknowledger = incident.acknowledgement?.contactId;
    notices.push({ kind: 'reminder', step: 'reminder', contactIds: acknowledger ? [acknowledger] : [], toCoordinators: true });
  }
  return notices;
}

/** The notices of a change as they are stored with it: planned at the change's own instant. */
export function plannedNotices(previous: Incident | undefined, incident: Incident): PlannedNotice[] {
  return planNotices(previous, incident).map((notice) => ({
    ...notice,
    incidentId: incident.id,
    villageId: incident.villageId,
    plannedAt: incident.updatedAt,
  }));
}

/**
 * The reporter hears how their report went, when they are a directory contact; never for a
 * confidential incident (a phone may be shared with the family), nor about their own acknowledgement.
 */
function reporterToTell(incident: Incident): string[] {
  const reporter = incident.reportedBy.contactId;
  if (!reporter || incident.confidential || incident.acknowledgement?.contactId === reporter) return [];
  return [reporter];
}
