// Delivering notices: each stored notice becomes SMS, each (incident, step, recipient) sent once per
// lease, each ending sent, failed or skipped with a reason, none carrying a child's details.

import { mapWithConcurrency } from '../domain/concurrency.js';
import { isFinal, type Notice, type PlannedNotice, SEND_LEASE_MS } from '../domain/notification-plan.js';
import {
  type AckLinkStore,
  AlreadyExistsError,
  type DirectoryStore,
  type IncidentStore,
  type NotificationStore,
  type SmsSender,
} from '../domain/ports.js';
import { mayAlert } from '../domain/routing.js';
import type { Contact, Incident, NotificationRecord } from '../domain/schemas.js';
import { type DltTemplateIds, type RenderedSms, renderSms, type SmsFacts, smsFactsOf } from '../domain/sms/templates.js';
import { isDutyBearerKind, isVillageKind } from '../domain/vocabulary.js';
import { countMetric } from '../observability/metrics.js';

const ACK_LINK_VALIDITY_MS = 7 * 24 * 3600 * 1000;
/** SNS's default SMS throughput is 20 messages a second per account; stay well under it. */
const SEND_CONCURRENCY = 5;

export interface NotifierDependencies {
  incidents: IncidentStore;
  directory: DirectoryStore;
  notifications: NotificationStore;
  ackLinks: AckLinkStore;
  sms: SmsSender;
  clock: () => Date;
  newId: (at: Date) => string;
  /** A URL-safe token with at least 64 random bits. */
  newToken: () => string;
  /** The DLT-registered short domain the acknowledgement links live on, e.g. https://sk.example.in */
  ackBaseUrl: string;
  dltTemplateIds: DltTemplateIds;
}

/** One notice being delivered: what every SMS of it shares. */
interface Change {
  deps: NotifierDependencies;
  incident: Incident;
  facts: SmsFacts;
  /** The active coordinators, looked up once per notice however many of its SMS need them. */
  coordinators: () => Promise<string[]>;
  /** The short code of the report this one may repeat, read once per notice for the coordinators' alerts. */
  duplicateCode: () => Promise<string | undefined>;
}

export type NoticeDelivery = 'delivered' | 'outstanding';

/**
 * Delivers a stored notice: an SMS to each recipient at most once per lease, each ending sent,
 * failed or skipped with a reason. When every recipient's record is final the notice is removed;
 * otherwise (another attempt holds a lease, or something threw) it stays for the sweeper. Safe to
 * run again for the same notice, from the stream or the sweeper, at any time.
 */
export async function deliverNotice(deps: NotifierDependencies, notice: PlannedNotice): Promise<NoticeDelivery> {
  const incident = await deps.incidents.get(notice.incidentId);
  if (!incident) {
    // Incidents are never deleted, so this is a notice written for a create that never happened.
    await deps.notifications.finish(notice);
    return 'delivered';
  }
  // A crash between a change and its route items leaves them to whoever delivers its notices.
  await deps.incidents.ensureRouted(
    incident,
    notice.contactIds.filter((contactId) => incident.routedTo.includes(contactId)),
  );
  const change = await changeOf(deps, incident);
  // Nobody is sent a message about their own action.
  const recipients = [...new Set([...notice.contactIds, ...(notice.toCoordinators ? await change.coordinators() : [])])].filter(
    (contactId) => !notice.except?.includes(contactId),
  );
  const final = await mapWithConcurrency(recipients, SEND_CONCURRENCY, (contactId) => deliver(change, notice, contactId));
  if (!final.every(Boolean)) return 'outstanding';
  await deps.notifications.finish(notice);
  return 'delivered';
}

async function changeOf(deps: NotifierDependencies, incident: Incident): Promise<Change> {
  const village = await deps.directory.getVillage(incident.villageId);
  let coordinators: Promise<string[]> | undefined;
  let duplicateCode: Promise<string | undefined> | undefined;
  return {
    deps,
    incident,
    facts: smsFactsOf(incident, village?.name ?? incident.villageId),
    coordinators: () => (coordinators ??= activeCoordinators(deps.directory, incident.villageId)),
    duplicateCode: () => (duplicateCode ??= shortCodeOf(deps, incident.possibleDuplicateOf)),
  };
}

async function activeCoordinators(directory: DirectoryStore, villageId: string): Promise<string[]> {
  const coordinators = await directory.contactsCovering(villageId, ['coordinator']);
  return coordinators.filter((contact) => contact.active).map((contact) => contact.id);
}

/** Whether this recipient's part of the notice is done (its record final, the coordinators told if need be). */
async function deliver(change: Change, notice: Notice, contactId: string): Promise<boolean> {
  const outcome = await sendOnce(change.deps, change.incident, notice.step, contactId, (contact, now) =>
    render(change, notice, contact, now),
  );
  if (outcome === 'in_flight') return false;
  // Telling the coordinators is itself once per (incident, unreachable contact, coordinator), so a
  // redelivery that finds this SMS already ended still makes sure they were told.
  if (outcome && isDutyBearerKind(outcome.contact.kind) && unreachable(outcome)) {
    return tellCoordinatorsOfFailure(change, outcome.contact);
  }
  return true;
}

/** Skip reasons that mean a duty bearer cannot be reached by SMS at all: someone must phone them. */
const UNREACHABLE_REASONS = new Set(['opted_out', 'no_phone']);
const unreachable = (outcome: SendOutcome) =>
  outcome.status === 'failed' ||
  outcome.status === 'undelivered' ||
  (outcome.status === 'skipped' && UNREACHABLE_REASONS.has(outcome.reason ?? ''));

interface SendOutcome {
  status: NotificationRecord['status'];
  reason?: string | undefined;
  contact: Contact;
}

/**
 * Sends one SMS for (incident, step, recipient) unless it was claimed before, and records how it
 * ended. Answers how it ended, this time or before; `in_flight` while another attempt holds the
 * lease; undefined for an unknown contact.
 */
async function sendOnce(
  deps: NotifierDependencies,
  incident: Incident,
  step: string,
  contactId: string,
  renderFor: (contact: Contact, now: Date) => Promise<RenderedSms> | RenderedSms,
): Promise<SendOutcome | 'in_flight' | undefined> {
  const contact = await deps.directory.getContact(contactId);
  if (!contact) return undefined;
  const now = deps.clock();
  const claimed = await claim(deps, incident, {
    id: deps.newId(now),
    incidentId: incident.id,
    step,
    contactId,
    kind: contact.kind,
    channel: 'sms',
    language: contact.language,
    status: 'pending',
    createdAt: now.toISOString(),
    leaseUntil: leaseFrom(now),
    attempts: 1,
  });
  if (claimed === 'in_flight') return claimed;
  if (!('mine' in claimed)) return { status: claimed.earlier.status, reason: claimed.earlier.reason, contact };
  const { leaseUntil: _lease, ...record } = claimed.mine;

  const skipReason = whyNotSend(incident, contact);
  const phone = contact.phone;
  if (skipReason || !phone) {
    const reason = skipReason ?? 'no_phone';
    await deps.notifications.update({ ...record, status: 'skipped', reason }, incident.villageId);
    countMetric('SmsSkipped');
    return { status: 'skipped', reason, contact };
  }
  const message = await renderFor(contact, now);
  const result = await deps.sms.send({ ...message, to: phone, incidentId: incident.id, contactId, kind: contact.kind });
  const ended: NotificationRecord =
    result.status === 'sent'
      ? { ...record, status: 'sent', segments: message.segments, messageId: result.messageId, sentAt: deps.clock().toISOString() }
      : { ...record, status: 'failed', reason: result.reason, segments: message.segments };
  await deps.notifications.update(ended, incident.villageId);
  countMetric(ended.status === 'sent' ? 'SmsSent' : 'SmsFailed');
  return { status: ended.status, reason: ended.reason, contact };
}

const leaseFrom = (now: Date) => new Date(now.getTime() + SEND_LEASE_MS).toISOString();

type Claim = { mine: NotificationRecord } | { earlier: NotificationRecord } | 'in_flight';

/**
 * Claims the (incident, step, recipient) key as a lease. Answers the record this attempt now holds,
 * the final record of an earlier attempt, or `in_flight` while another attempt's lease runs. A
 * lease that ran out belonged to an attempt that died mid-send: whether its SMS went out cannot be
 * known, so it is sent again (at least once), counted, and flagged as a possible duplicate.
 */
async function claim(deps: NotifierDependencies, incident: Incident, record: NotificationRecord): Promise<Claim> {
  try {
    await deps.notifications.claim(record, incident.villageId);
    return { mine: record };
  } catch (error) {
    if (!(error instanceof AlreadyExistsError)) throw error;
  }
  const earlier = await deps.notifications.get(record.incidentId, record.step, record.contactId);
  if (!earlier) return 'in_flight';
  if (isFinal(earlier.status)) return { earlier };
  const now = deps.clock();
  if (earlier.leaseUntil && earlier.leaseUntil > now.toISOString()) return 'in_flight';
  const retry: NotificationRecord = {
    ...earlier,
    attempts: (earlier.attempts ?? 1) + 1,
    possibleDuplicate: true,
    leaseUntil: leaseFrom(now),
  };
  return (await deps.notifications.takeOver(earlier, retry, incident.villageId)) ? { mine: retry } : 'in_flight';
}

function whyNotSend(incident: Incident, contact: Contact): string | undefined {
  if (!contact.active) return 'inactive';
  if (!contact.smsOptIn) return 'opted_out';
  if (!contact.phone) return 'no_phone';
  // Routing already keeps them out; this holds even if the directory changed since.
  if (incident.confidential && isVillageKind(contact.kind)) return 'confidential';
  if (!mayAlert(contact.kind, false)) return 'voice_line';
  return undefined;
}

async function render({ deps, incident, facts, duplicateCode }: Change, notice: Notice, contact: Contact, now: Date): Promise<RenderedSms> {
  const language = contact.language;
  const ids = deps.dltTemplateIds;
  const about = notice.aboutKind ?? 'coordinator';
  switch (notice.kind) {
    case 'first_alert':
    case 'correction':
    case 'escalation':
    case 'pre_harm': {
      // Duty bearers get a link to acknowledge; volunteers and coordinators are informed.
      if (!isDutyBearerKind(contact.kind)) {
        const duplicate = contact.kind === 'coordinator' ? await duplicateCode() : undefined;
        return duplicate
          ? renderSms('first_alert_possible_duplicate', language, { facts, duplicate }, ids)
          : renderSms('first_alert_informed', language, { facts }, ids);
      }
      const link = await ackLink(deps, incident, contact, now);
      if (notice.kind === 'pre_harm') return renderSms('pre_harm', language, { facts, link }, ids);
      if (notice.kind !== 'escalation') return renderSms('first_alert_responder', language, { facts, link }, ids);
      // The truth after an acknowledgement that did not stop the ladder: who acknowledged, and that officials must act.
      const [acknowledged] = incident.acknowledgements;
      return acknowledged
        ? renderSms('escalation_acknowledged', language, { facts, acknowledger: acknowledged.kind, link }, ids)
        : renderSms('escalation', language, { facts, link }, ids);
    }
    case 'reminder':
      return renderSms('reminder', language, { facts }, ids);
    case 'status_acknowledged':
      return renderSms('status_acknowledged', language, { facts, kind: about }, ids);
    case 'status_resolved':
      return renderSms('status_resolved', language, { facts, outcome: incident.outcome ?? 'other' }, ids);
    case 'officials_alerted':
      return renderSms('officials_alerted', language, { facts, kind: about }, ids);
    case 'coverage_gap':
      return renderSms('coverage_gap', language, { facts, kind: about }, ids);
    case 'ladder_exhausted':
      return renderSms('ladder_exhausted', language, { facts }, ids);
    case 'harm_follow_up':
      return renderSms('harm_follow_up', language, { facts }, ids);
    case 'duty_overdue':
      return renderSms('duty_overdue', language, { facts, duty: notice.dutyId ?? 'police_report' }, ids);
  }
}

/** The short code of the report this one may repeat, for the coordinators' alert. */
async function shortCodeOf(deps: NotifierDependencies, incidentId: string | undefined): Promise<string | undefined> {
  return incidentId ? (await deps.incidents.get(incidentId))?.shortCode : undefined;
}

async function ackLink(deps: NotifierDependencies, incident: Incident, contact: Contact, now: Date): Promise<string> {
  const token = deps.newToken();
  await deps.ackLinks.put({
    token,
    incidentId: incident.id,
    contactId: contact.id,
    createdAt: now.toISOString(),
    expiresAt: new Date(now.getTime() + ACK_LINK_VALIDITY_MS).toISOString(),
  });
  return `${deps.ackBaseUrl}/a/${token}`;
}

/**
 * A duty bearer's SMS came back undelivered (a delivery receipt): the coordinators are told exactly as
 * when a send fails, on the same `delivery_failed_<contactId>` step, so each is told once however the
 * failure was learnt. Answers whether all are told (false while another attempt holds a lease).
 */
export async function tellCoordinatorsUndelivered(
  deps: NotifierDependencies,
  incident: Incident,
  unreachable: Pick<Contact, 'id' | 'kind'>,
): Promise<boolean> {
  return tellCoordinatorsOfFailure(await changeOf(deps, incident), unreachable);
}

/** A duty bearer could not be reached by SMS: the coordinators are told, so that someone phones. Answers whether all are told. */
async function tellCoordinatorsOfFailure(
  { deps, incident, facts, coordinators }: Change,
  unreachable: Pick<Contact, 'id' | 'kind'>,
): Promise<boolean> {
  const outcomes = await mapWithConcurrency(await coordinators(), SEND_CONCURRENCY, (contactId) =>
    sendOnce(deps, incident, `delivery_failed_${unreachable.id}`, contactId, (contact) =>
      renderSms('delivery_failed', contact.language, { facts, kind: unreachable.kind }, deps.dltTemplateIds),
    ),
  );
  return outcomes.every((outcome) => outcome !== 'in_flight');
}
