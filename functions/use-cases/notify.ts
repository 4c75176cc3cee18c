// The stream side: turn a change to an incident into SMS, each (incident, step, recipient) at most
// once, each ending sent, failed or skipped with a reason, none carrying a child's details.

import { mapWithConcurrency } from '../domain/concurrency.js';
import { type Notice, planNotices } from '../domain/notification-plan.js';
import { type AckLinkStore, AlreadyExistsError, type DirectoryStore, type NotificationStore, type SmsSender } from '../domain/ports.js';
import type { Contact, Incident, NotificationRecord } from '../domain/schemas.js';
import { type DltTemplateIds, type RenderedSms, renderSms, type SmsFacts, smsFactsOf } from '../domain/sms/templates.js';
import { isDutyBearerKind, isVillageKind } from '../domain/vocabulary.js';
import { countMetric } from '../observability/metrics.js';

const ACK_LINK_VALIDITY_MS = 7 * 24 * 3600 * 1000;
/** SNS's default SMS throughput is 20 messages a second per account; stay well under it. */
const SEND_CONCURRENCY = 5;

export interface NotifierDependencies {
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

/** One change being notified: what every SMS about it shares. */
interface Change {
  deps: NotifierDependencies;
  incident: Incident;
  facts: SmsFacts;
  /** The active coordinators, looked up once per change however many notices need them. */
  coordinators: () => Promise<string[]>;
}

/** Handles one stream record's change; safe to run again for the same change (a redelivery). */
export async function notifyIncidentChange(deps: NotifierDependencies, previous: Incident | undefined, incident: Incident): Promise<void> {
  const notices = planNotices(previous, incident);
  if (notices.length === 0) return;
  const village = await deps.directory.getVillage(incident.villageId);
  let coordinators: Promise<string[]> | undefined;
  const change: Change = {
    deps,
    incident,
    facts: smsFactsOf(incident, village?.name ?? incident.villageId),
    coordinators: () => (coordinators ??= activeCoordinators(deps.directory, incident.villageId)),
  };
  for (const notice of notices) {
    const recipients = [...new Set([...notice.contactIds, ...(notice.toCoordinators ? await change.coordinators() : [])])];
    await mapWithConcurrency(recipients, SEND_CONCURRENCY, (contactId) => deliver(change, notice, contactId));
  }
}

async function activeCoordinators(directory: DirectoryStore, villageId: string): Promise<string[]> {
  const coordinators = await directory.contactsCovering(villageId, ['coordinator']);
  return coordinators.filter((contact) => contact.active).map((contact) => contact.id);
}

async function deliver(change: Change, notice: Notice, contactId: string): Promise<void> {
  const outcome = await sendOnce(change.deps, change.incident, notice.step, contactId, (contact, now) =>
    render(change, notice, contact, now),
  );
  // Telling the coordinators is itself once per (incident, unreachable contact, coordinator), so a
  // redelivery that finds this SMS already ended still makes sure they were told.
  if (outcome && isDutyBearerKind(outcome.contact.kind) && unreachable(outcome)) {
    await tellCoordinatorsOfFailure(change, outcome.contact);
  }
}

/** Skip reasons that mean a duty bearer cannot be reached by SMS at all: someone must phone them. */
const UNREACHABLE_REASONS = new Set(['opted_out', 'no_phone']);
const unreachable = (outcome: SendOutcome) =>
  outcome.status === 'failed' || (outcome.status === 'skipped' && UNREACHABLE_REASONS.has(outcome.reason ?? ''));

interface SendOutcome {
  status: NotificationRecord['status'];
  reason?: string | undefined;
  contact: Contact;
}

/**
 * Sends one SMS for (incident, step, recipient) unless it was claimed before, and records how it
 * ended. Answers how it ended, this time or before; undefined for an unknown contact.
 */
async function sendOnce(
  deps: NotifierDependencies,
  incident: Incident,
  step: string,
  contactId: string,
  renderFor: (contact: Contact, now: Date) => Promise<RenderedSms> | RenderedSms,
): Promise<SendOutcome | undefined> {
  const contact = await deps.directory.getContact(contactId);
  if (!contact) return undefined;
  const now = deps.clock();
  const record: NotificationRecord = {
    id: deps.newId(now),
    incidentId: incident.id,
    step,
    contactId,
    kind: contact.kind,
    channel: 'sms',
    language: contact.language,
    status: 'pending',
    createdAt: now.toISOString(),
  };
  const earlier = await claim(deps, incident, record);
  if (earlier) return { status: earlier.status, reason: earlier.reason, contact };

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

/**
 * Claims the (incident, step, recipient) key: undefined when this attempt holds it, else the
 * record of the earlier attempt. A claim left pending by an attempt that died mid-send cannot tell
 * whether its SMS went out: it is closed as failed (interrupted), not sent again.
 */
async function claim(deps: NotifierDependencies, incident: Incident, record: NotificationRecord): Promise<NotificationRecord | undefined> {
  try {
    await deps.notifications.claim(record, incident.villageId);
    return undefined;
  } catch (error) {
    if (!(error instanceof AlreadyExistsError)) throw error;
    const earlier = await deps.notifications.get(record.incidentId, record.step, record.contactId);
    if (earlier?.status !== 'pending') return earlier ?? record;
    const interrupted: NotificationRecord = { ...earlier, status: 'failed', reason: 'interrupted' };
    await deps.notifications.update(interrupted, incident.villageId);
    countMetric('SmsFailed');
    return interrupted;
  }
}

function whyNotSend(incident: Incident, contact: Contact): string | undefined {
  if (!contact.active) return 'inactive';
  if (!contact.smsOptIn) return 'opted_out';
  if (!contact.phone) return 'no_phone';
  // Routing already keeps them out; this holds even if the directory changed since.
  if (incident.confidential && isVillageKind(contact.kind)) return 'confidential';
  return undefined;
}

async function render({ deps, incident, facts }: Change, notice: Notice, contact: Contact, now: Date): Promise<RenderedSms> {
  const language = contact.language;
  switch (notice.kind) {
    case 'first_alert':
    case 'escalation': {
      // Duty bearers get a link to acknowledge; volunteers and coordinators are informed.
      if (!isDutyBearerKind(contact.kind)) return renderSms('first_alert_informed', language, { facts }, deps.dltTemplateIds);
      const link = await ackLink(deps, incident, contact, now);
      return notice.kind === 'first_alert'
        ? renderSms('first_alert_responder', language, { facts, link }, deps.dltTemplateIds)
        : renderSms('escalation', language, { facts, link }, deps.dltTemplateIds);
    }
    case 'reminder':
      return renderSms('reminder', language, { facts }, deps.dltTemplateIds);
    case 'status_acknowledged':
      return renderSms(
        'status_acknowledged',
        language,
        { facts, kind: incident.acknowledgement?.kind ?? 'coordinator' },
        deps.dltTemplateIds,
      );
    case 'status_resolved':
      return renderSms('status_resolved', language, { facts, outcome: incident.outcome ?? 'other' }, deps.dltTemplateIds);
    case 'ladder_exhausted':
      return renderSms('ladder_exhausted', language, { facts }, deps.dltTemplateIds);
  }
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

/** A duty bearer could not be reached by SMS: the coordinators are told, so that someone phones. */
async function tellCoordinatorsOfFailure({ deps, incident, facts, coordinators }: Change, unreachable: Contact): Promise<void> {
  await mapWithConcurrency(await coordinators(), SEND_CONCURRENCY, (contactId) =>
    sendOnce(deps, incident, `delivery_failed_${unreachable.id}`, contactId, (contact) =>
      renderSms('delivery_failed', contact.language, { facts, kind: unreachable.kind }, deps.dltTemplateIds),
    ),
  );
}
