// Delivering notices: each stored notice becomes a message to each recipient, by WhatsApp where they
// opted in to it and by SMS otherwise or when WhatsApp does not deliver in time; each (incident, step,
// recipient, channel) sent once per lease, each ending with a status and a reason, none carrying a
// child's details.

import { mapWithConcurrency } from '../domain/concurrency.js';
import { isFinal, type Notice, type PlannedNotice, SEND_LEASE_MS } from '../domain/notification-plan.js';
import {
  type AckLinkStore,
  type ActivityStore,
  AlreadyExistsError,
  type ConversationStore,
  type DirectoryStore,
  type IncidentStore,
  type NotificationStore,
  type SmsSender,
  type WhatsAppSender,
} from '../domain/ports.js';
import { mayAlert } from '../domain/routing.js';
import type { Contact, Incident, NotificationRecord } from '../domain/schemas.js';
import { type DltTemplateIds, messageOf, type SmsFacts, smsFactsOf, type WhatsAppTemplateNames } from '../domain/sms/templates.js';
import { isDutyBearerKind, isVillageKind } from '../domain/vocabulary.js';
import { countChannelMetric } from '../observability/metrics.js';
import { type Channel, type OutgoingMessage, smsChannel, whatsAppChannel } from './channels.js';

const ACK_LINK_VALIDITY_MS = 7 * 24 * 3600 * 1000;
/** SNS's default SMS throughput is 20 messages a second per account; stay well under it. */
const SEND_CONCURRENCY = 5;
/** A WhatsApp message not delivered by then goes by SMS too (DOMAIN.md "WhatsApp"). */
const WHATSAPP_FAILOVER_MS = { critical: 5 * 60_000, other: 15 * 60_000 } as const;

export interface NotifierDependencies {
  incidents: IncidentStore;
  directory: DirectoryStore;
  notifications: NotificationStore;
  ackLinks: AckLinkStore;
  /** WhatsApp reports under way: the sweeper drops idle ones. */
  conversations: ConversationStore;
  /** Linkages whose provider the sweeper must tell of a consent withdrawal. */
  activities: ActivityStore;
  sms: SmsSender;
  /** Absent where WhatsApp is not configured: everyone is sent SMS. */
  whatsapp?: { sender: WhatsAppSender; templateNames: WhatsAppTemplateNames };
  clock: () => Date;
  newId: (at: Date) => string;
  /** A URL-safe token with at least 64 random bits. */
  newToken: () => string;
  /** The DLT-registered short domain the acknowledgement links live on, e.g. https://sk.example.in */
  ackBaseUrl: string;
  dltTemplateIds: DltTemplateIds;
}

/** One notice being delivered: what every message of it shares. */
interface Change {
  deps: NotifierDependencies;
  incident: Incident;
  facts: SmsFacts;
  channels: { sms: Channel; whatsapp?: Channel };
  /** The active coordinators, looked up once per notice however many of its messages need them. */
  coordinators: () => Promise<string[]>;
  /** The short code of the report this one may repeat, read once per notice for the coordinators' alerts. */
  duplicateCode: () => Promise<string | undefined>;
  /** The earliest instant a WhatsApp message of this notice, still undelivered, is to go by SMS. */
  failoverAt?: Date;
}

export type NoticeDelivery = 'delivered' | 'outstanding';

/**
 * Delivers a stored notice: a message to each recipient at most once per lease and channel, each
 * record ending sent, delivered, failed or skipped with a reason. A recipient who opted in to
 * WhatsApp is sent it first, and an SMS too if it is not delivered in time. When every recipient is
 * done the notice is removed; otherwise (another attempt holds a lease, a WhatsApp message awaits
 * delivery, or something threw) it stays for the sweeper. Safe to run again at any time.
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
  const done = await mapWithConcurrency(recipients, SEND_CONCURRENCY, (contactId) => deliver(change, notice, contactId));
  if (done.every((each) => each === true)) {
    await deps.notifications.finish(notice);
    return 'delivered';
  }
  // Waiting for WhatsApp deliveries only: nothing to do before the first of them is due to go by SMS.
  if (!done.includes('in_flight') && change.failoverAt) await deps.notifications.postpone(notice, change.failoverAt);
  return 'outstanding';
}

async function changeOf(deps: NotifierDependencies, incident: Incident): Promise<Change> {
  const village = await deps.directory.getVillage(incident.villageId);
  let coordinators: Promise<string[]> | undefined;
  let duplicateCode: Promise<string | undefined> | undefined;
  return {
    deps,
    incident,
    facts: smsFactsOf(incident, village?.name ?? incident.villageId),
    channels: {
      sms: smsChannel(deps.sms, deps.dltTemplateIds),
      ...(deps.whatsapp ? { whatsapp: whatsAppChannel(deps.whatsapp.sender, deps.whatsapp.templateNames) } : {}),
    },
    coordinators: () => (coordinators ??= activeCoordinators(deps.directory, incident.villageId)),
    duplicateCode: () => (duplicateCode ??= shortCodeOf(deps, incident.possibleDuplicateOf)),
  };
}

async function activeCoordinators(directory: DirectoryStore, villageId: string): Promise<string[]> {
  const coordinators = await directory.contactsCovering(villageId, ['coordinator']);
  return coordinators.filter((contact) => contact.active).map((contact) => contact.id);
}

/**
 * Whether this recipient's part of the notice is done: reached (an SMS sent, a WhatsApp message
 * delivered), or reached on no channel and the coordinators told; `waiting` while a WhatsApp message
 * may still be delivered, `in_flight` while another attempt holds a lease.
 */
async function deliver(change: Change, notice: Notice, contactId: string): Promise<true | 'waiting' | 'in_flight'> {
  const contact = await change.deps.directory.getContact(contactId);
  if (!contact) return true;
  let last: SendOutcome | undefined;
  for (const channel of await channelsFor(change, notice.step, contact)) {
    const outcome = await sendOnce(change, notice.step, contact, channel, (now) => messageFor(change, notice, contact, now));
    if (outcome === 'in_flight') return outcome;
    if (outcome.status === 'delivered' || (outcome.status === 'sent' && channel.name === 'sms')) return true;
    if (outcome.status === 'sent') {
      const failoverAt = failoverOf(change.incident, outcome.record);
      if (failoverAt > change.deps.clock()) {
        if (!change.failoverAt || failoverAt < change.failoverAt) change.failoverAt = failoverAt;
        return 'waiting';
      }
    }
    last = outcome;
  }
  // Reached on no channel: the coordinators are told, so that someone phones. A "could not reach"
  // message that itself reaches nobody tells no one further.
  if (last && unreachable(last) && mustBeReported(contact) && !notice.step.startsWith('delivery_failed_')) {
    await reportUnreachable(change, contact);
  }
  return true;
}

/**
 * The channels to try for a contact, in order: WhatsApp first for one who opted in to it, then SMS,
 * which also records why a contact is sent nothing at all. Once an SMS was tried, WhatsApp is not
 * (an opt-in given since must not send the same alert twice).
 */
async function channelsFor(change: Change, step: string, contact: Contact): Promise<Channel[]> {
  const { sms, whatsapp } = change.channels;
  if (!whatsapp || whatsapp.unreachable(contact) || whyNotAlert(change.incident, contact)) return [sms];
  const smsTried = await change.deps.notifications.get(change.incident.id, step, contact.id, 'sms');
  return smsTried ? [sms] : [whatsapp, sms];
}

function failoverOf(incident: Incident, record: NotificationRecord): Date {
  const after = incident.severity === 'critical' ? WHATSAPP_FAILOVER_MS.critical : WHATSAPP_FAILOVER_MS.other;
  return new Date(Date.parse(record.sentAt ?? record.createdAt) + after);
}

/** Duty bearers must act, and coordinators follow up: reaching neither is someone's to know. */
const mustBeReported = (contact: Pick<Contact, 'kind'>) => isDutyBearerKind(contact.kind) || contact.kind === 'coordinator';

/** Skip reasons that mean a contact cannot be reached at all: someone must phone them. */
const UNREACHABLE_REASONS = new Set(['opted_out', 'no_phone']);
const unreachable = (outcome: SendOutcome) =>
  outcome.status === 'failed' ||
  outcome.status === 'undelivered' ||
  (outcome.status === 'skipped' && UNREACHABLE_REASONS.has(outcome.reason ?? ''));

interface SendOutcome {
  status: NotificationRecord['status'];
  reason?: string | undefined;
  record: NotificationRecord;
}

/**
 * Sends one message for (incident, step, recipient, channel) unless it was claimed before, and records
 * how it ended. Answers how it ended, this time or before; `in_flight` while another attempt holds
 * the lease.
 */
async function sendOnce(
  { deps, incident }: Change,
  step: string,
  contact: Contact,
  channel: Channel,
  messageOf: (now: Date) => Promise<OutgoingMessage> | OutgoingMessage,
): Promise<SendOutcome | 'in_flight'> {
  const now = deps.clock();
  const claimed = await claim(deps, incident, {
    id: deps.newId(now),
    incidentId: incident.id,
    step,
    contactId: contact.id,
    kind: contact.kind,
    channel: channel.name,
    language: contact.language,
    status: 'pending',
    createdAt: now.toISOString(),
    leaseUntil: leaseFrom(now),
    attempts: 1,
  });
  if (claimed === 'in_flight') return claimed;
  if (!('mine' in claimed)) return { status: claimed.earlier.status, reason: claimed.earlier.reason, record: claimed.earlier };
  const { leaseUntil: _lease, ...record } = claimed.mine;

  const reason = whyNotAlert(incident, contact) ?? channel.unreachable(contact);
  const phone = contact.phone;
  if (reason || !phone) {
    const skipped: NotificationRecord = { ...record, status: 'skipped', reason: reason ?? 'no_phone' };
    await deps.notifications.update(skipped, incident.villageId);
    countChannelMetric(channel.name, 'Skipped');
    return { status: 'skipped', reason: skipped.reason, record: skipped };
  }
  const result = await channel.send({ ...contact, phone }, await messageOf(now), incident.id);
  const billed = result.segments === undefined ? {} : { segments: result.segments };
  const ended: NotificationRecord =
    result.status === 'sent'
      ? { ...record, status: 'sent', ...billed, messageId: result.messageId, sentAt: deps.clock().toISOString() }
      : { ...record, status: 'failed', reason: result.reason, ...billed };
  await deps.notifications.update(ended, incident.villageId);
  countChannelMetric(channel.name, ended.status === 'sent' ? 'Sent' : 'Failed');
  return { status: ended.status, reason: ended.reason, record: ended };
}

const leaseFrom = (now: Date) => new Date(now.getTime() + SEND_LEASE_MS).toISOString();

type Claim = { mine: NotificationRecord } | { earlier: NotificationRecord } | 'in_flight';

/**
 * Claims the (incident, step, recipient, channel) key as a lease. Answers the record this attempt now
 * holds, the final record of an earlier attempt, or `in_flight` while another attempt's lease runs.
 * A lease that ran out belonged to an attempt that died mid-send: whether its message went out cannot
 * be known, so it is sent again (at least once), counted, and flagged as a possible duplicate.
 */
async function claim(deps: NotifierDependencies, incident: Incident, record: NotificationRecord): Promise<Claim> {
  try {
    await deps.notifications.claim(record, incident.villageId);
    return { mine: record };
  } catch (error) {
    if (!(error instanceof AlreadyExistsError)) throw error;
  }
  const earlier = await deps.notifications.get(record.incidentId, record.step, record.contactId, record.channel);
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

/** Why a contact is sent nothing on any channel; each channel adds its own (opted out, no phone). */
function whyNotAlert(incident: Incident, contact: Contact): string | undefined {
  if (!contact.active) return 'inactive';
  // Routing already keeps them out; this holds even if the directory changed since.
  if (incident.confidential && isVillageKind(contact.kind)) return 'confidential';
  if (!mayAlert(contact.kind, false)) return 'voice_line';
  return undefined;
}

/** What the notice says to this contact, channel-neutral; a duty bearer's alert carries its acknowledgement token. */
async function messageFor(
  { deps, incident, facts, duplicateCode }: Change,
  notice: Notice,
  contact: Contact,
  now: Date,
): Promise<OutgoingMessage> {
  const about = notice.aboutKind ?? 'coordinator';
  switch (notice.kind) {
    case 'first_alert':
    case 'correction':
    case 'escalation':
    case 'pre_harm': {
      // Duty bearers get a link (and on WhatsApp a button) to acknowledge; volunteers and coordinators are informed.
      if (!isDutyBearerKind(contact.kind)) {
        const duplicate = contact.kind === 'coordinator' ? await duplicateCode() : undefined;
        return duplicate ? messageOf('first_alert_possible_duplicate', { facts, duplicate }) : messageOf('first_alert_informed', { facts });
      }
      const ackToken = await ackTokenFor(deps, incident, contact, now);
      const link = `${deps.ackBaseUrl}/a/${ackToken}`;
      if (notice.kind === 'pre_harm') return { ...messageOf('pre_harm', { facts, link }), ackToken };
      if (notice.kind !== 'escalation') return { ...messageOf('first_alert_responder', { facts, link }), ackToken };
      // The truth after an acknowledgement that did not stop the ladder: who acknowledged, and that officials must act.
      const [acknowledged] = incident.acknowledgements;
      return acknowledged
        ? { ...messageOf('escalation_acknowledged', { facts, acknowledger: acknowledged.kind, link }), ackToken }
        : { ...messageOf('escalation', { facts, link }), ackToken };
    }
    case 'reminder':
      return messageOf('reminder', { facts });
    case 'status_acknowledged':
      return messageOf('status_acknowledged', { facts, kind: about });
    case 'status_resolved':
      return messageOf('status_resolved', { facts, outcome: incident.outcome ?? 'other' });
    case 'officials_alerted':
      return messageOf('officials_alerted', { facts, kind: about });
    case 'coverage_gap':
      return messageOf('coverage_gap', { facts, kind: about });
    case 'ladder_exhausted':
      return messageOf('ladder_exhausted', { facts });
    case 'harm_follow_up':
      return messageOf('harm_follow_up', { facts });
    case 'duty_overdue':
      return messageOf('duty_overdue', { facts, duty: notice.dutyId ?? 'police_report' });
    case 'delivery_failed':
      return messageOf('delivery_failed', { facts, kind: about });
  }
}

/** The short code of the report this one may repeat, for the coordinators' alert. */
async function shortCodeOf(deps: NotifierDependencies, incidentId: string | undefined): Promise<string | undefined> {
  return incidentId ? (await deps.incidents.get(incidentId))?.shortCode : undefined;
}

async function ackTokenFor(deps: NotifierDependencies, incident: Incident, contact: Contact, now: Date): Promise<string> {
  const token = deps.newToken();
  await deps.ackLinks.put({
    token,
    incidentId: incident.id,
    contactId: contact.id,
    createdAt: now.toISOString(),
    expiresAt: new Date(now.getTime() + ACK_LINK_VALIDITY_MS).toISOString(),
  });
  return token;
}

/**
 * A duty bearer's or coordinator's SMS came back undelivered (a delivery receipt): unless its
 * WhatsApp message of the same step was delivered after all, it was reached on no channel, and the
 * coordinators are told exactly as when every channel failed at once.
 */
export async function tellCoordinatorsUndelivered(
  deps: NotifierDependencies,
  incident: Incident,
  record: NotificationRecord,
): Promise<void> {
  if (!mustBeReported(record) || record.step.startsWith('delivery_failed_')) return;
  const onWhatsApp = await deps.notifications.get(incident.id, record.step, record.contactId, 'whatsapp');
  if (onWhatsApp?.status === 'delivered') return;
  await reportUnreachable(await changeOf(deps, incident), { id: record.contactId, kind: record.kind });
}

/**
 * A contact reached on no channel: a notice to the coordinators (the others, for a coordinator) is
 * stored, so that it is delivered, by WhatsApp or SMS, even if this attempt dies, and delivered now.
 * One notice per contact and incident: each coordinator is told once, however the failure was learnt.
 */
async function reportUnreachable({ deps, incident }: Change, unreachable: Pick<Contact, 'id' | 'kind'>): Promise<void> {
  const notice = await deps.notifications.plan({
    kind: 'delivery_failed',
    step: `delivery_failed_${unreachable.id}`,
    contactIds: [],
    toCoordinators: true,
    except: [unreachable.id],
    aboutKind: unreachable.kind,
    incidentId: incident.id,
    villageId: incident.villageId,
    plannedAt: deps.clock().toISOString(),
  });
  await deliverNotice(deps, notice);
}
