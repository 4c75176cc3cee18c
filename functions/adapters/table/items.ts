// How each entity is laid out in the single table: its keys and index keys (see table-design.ts for
// the access patterns), and the way back from an item to the entity.
import { createHash } from 'node:crypto';
import { nextDueAt } from '../../domain/escalation.js';
import { NOTICE_GRACE_MS, type PlannedNotice } from '../../domain/notification-plan.js';
import type { Conversation } from '../../domain/ports.js';
import { ttlAfter } from '../../domain/retention.js';
import type {
  AckToken,
  AuditRecord,
  Contact,
  HistoryEntry,
  Incident,
  Linkage,
  Meeting,
  NotificationRecord,
  Village,
} from '../../domain/schemas.js';
import type { NotificationChannel } from '../../domain/vocabulary.js';
import type { Item, Key } from './table.js';
import { KEY_ATTRIBUTES, TABLE_DESIGN } from './table-design.js';

/** Sorts after every id character: `<instant>#~` bounds everything due at that instant. */
const AFTER_ANY_ID = '~';

export const keyOf = {
  incident: (id: string): Key => ({ PK: `INCIDENT#${id}`, SK: 'META' }),
  linkage: (id: string): Key => ({ PK: `LINKAGE#${id}`, SK: 'META' }),
  village: (id: string): Key => ({ PK: `VILLAGE#${id}`, SK: 'VILLAGE' }),
  contact: (id: string): Key => ({ PK: `CONTACT#${id}`, SK: 'CONTACT' }),
  meeting: (id: string): Key => ({ PK: `MEETING#${id}`, SK: 'MEETING' }),
  shortCode: (code: string): Key => ({ PK: `SHORTCODE#${code}`, SK: 'SHORTCODE' }),
  idempotency: (scope: string, key: string): Key => ({ PK: `IDEMP#${scope}#${key}`, SK: 'IDEMP' }),
  weeklyMetrics: (week: string): Key => ({ PK: 'METRICS#WEEKLY', SK: week }),
  funderView: (week: string): Key => ({ PK: 'METRICS#FUNDER', SK: week }),
  backlogAtWeekEnd: (week: string): Key => ({ PK: 'METRICS#BACKLOG', SK: week }),
  ackToken: (token: string): Key => ({ PK: `ACK#${token}`, SK: 'ACK' }),
  coverage: (contactId: string, villageId: string): Key => ({ PK: `CONTACT#${contactId}`, SK: `${COVERAGE_PREFIX}${villageId}` }),
  weeklyEmail: (week: string, contactId: string): Key => ({ PK: `EMAIL#${week}`, SK: contactId }),
  openMarker: (incidentId: string): Key => ({ PK: `INCIDENT#${incidentId}`, SK: 'OPEN' }),
  notice: (incidentId: string, step: string): Key => ({ PK: `INCIDENT#${incidentId}`, SK: `${NOTICE_PREFIX}${step}` }),
  messageId: (messageId: string): Key => ({ PK: `MESSAGE#${messageId}`, SK: 'MESSAGE' }),
  /** SMS records keep the first release's key; a WhatsApp record of the same step and recipient sits beside it. */
  notification: (incidentId: string, step: string, contactId: string, channel: NotificationChannel = 'sms'): Key => ({
    PK: `INCIDENT#${incidentId}`,
    SK: `${NOTIFICATION_PREFIX}${step}#${contactId}${channel === 'sms' ? '' : `#${channel}`}`,
  }),
  /** The contacts with a phone number, one reference each: who a WhatsApp message comes from. */
  phone: (phone: string, contactId: string): Key => ({ PK: partitionOf.phone(phone), SK: `${PHONE_CONTACT_PREFIX}${contactId}` }),
  conversation: (contactId: string): Key => ({ PK: `CHAT#${contactId}`, SK: 'CHAT' }),
  /** A WhatsApp message already handled, so that a redelivered event changes nothing. */
  inboundMessage: (messageId: string): Key => ({ PK: `WAIN#${messageId}`, SK: 'WAIN' }),
};

export const partitionOf = {
  villageIncidents: (villageId: string) => `V#${villageId}#INCIDENT`,
  villageMeetings: (villageId: string) => `V#${villageId}#MEETING`,
  villageLinkages: (villageId: string) => `V#${villageId}#LINKAGE`,
  villageLinkagesIn: (villageId: string, status: string) => `V#${villageId}#LINKAGE#${status}`,
  villageHistory: (villageId: string) => `V#${villageId}#HISTORY`,
  villageSms: (villageId: string) => `V#${villageId}#SMS`,
  villageContacts: (villageId: string) => `V#${villageId}#CONTACT`,
  villageContactsOfKind: (villageId: string, kind: string) => `V#${villageId}#KIND#${kind}`,
  contactsOfKind: (kind: string) => `KIND#${kind}`,
  routedTo: (contactId: string) => `ROUTED#${contactId}`,
  providedBy: (contactId: string) => `PROVIDER#${contactId}`,
  reportedBy: (sub: string) => `REPORTER#${sub}`,
  openIn: (villageId: string) => `V#${villageId}#OPEN`,
  deadlines: (shard: number) => `DEADLINE#${shard}`,
  erasures: (shard: number) => `RETAIN#${shard}`,
  linkagesOfChild: (childRef: string) => `CHILD#${childRef}`,
  readsOf: (type: string, id: string) => `AUDIT#${type}#${id}`,
  /** A month of reads (`2026-11`): a window of the audit period is a dozen or so partitions. */
  readsIn: (month: string) => `AUDIT#${month}`,
  readsBy: (sub: string) => `AUDIT#BY#${sub}`,
  sweep: (shard: number) => `SWEEP#${shard}`,
  coverageSync: (shard: number) => `COVERAGE#${shard}`,
  conversationsIdle: (shard: number) => `CHAT#${shard}`,
  providersToTell: (shard: number) => `TELL#${shard}`,
  phone: (phone: string) => `PHONE#${phone}`,
  allVillages: 'VILLAGES',
  allContacts: 'CONTACTS',
};

const historySortKey = (version: number) => `HISTORY#${String(version).padStart(6, '0')}`;
export const HISTORY_PREFIX = 'HISTORY#';
export const NOTIFICATION_PREFIX = 'SMS#';
export const ROUTE_PREFIX = 'ROUTE#';
export const NOTICE_PREFIX = 'NOTICE#';
export const COVERAGE_PREFIX = 'COVERS#';
export const PHONE_CONTACT_PREFIX = 'CONTACT#';

export function dueSortKey(instant: Date): string {
  // Everything due at or before the instant: `<iso>#<id>...` ≤ `<iso>#~`.
  return `${instant.toISOString()}#${AFTER_ANY_ID}`;
}

/** The due index's shard of a record: a fixed hash of its id, so the same record always lands in the same one. */
export function dueShardOf(id: string): number {
  return (createHash('sha256').update(id).digest()[0] ?? 0) % TABLE_DESIGN.dueShards;
}

export const DUE_SHARDS = Array.from({ length: TABLE_DESIGN.dueShards }, (_, shard) => shard);

export function incidentItem(incident: Incident): Item {
  const timeKey = `${incident.reportedAt}#${incident.id}`;
  return {
    ...incident,
    ...keyOf.incident(incident.id),
    itemType: 'incident',
    GSI1PK: partitionOf.villageIncidents(incident.villageId),
    GSI1SK: timeKey,
    GSI2PK: partitionOf.reportedBy(incident.reportedBy.sub),
    GSI2SK: timeKey,
    // Sparse: an open incident with a deadline ahead is in the due index by the next one, a closed one by its erasure.
    ...(deadlineKeys(incident) ?? erasureKeys(incident)),
  };
}

function deadlineKeys(incident: Incident): Item | undefined {
  const due = nextDueAt(incident);
  return due ? { GSI3PK: partitionOf.deadlines(dueShardOf(incident.id)), GSI3SK: `${due}#${incident.id}` } : undefined;
}

/**
 * When the retention job must look at it: its erasure, or the end of a legal hold that outlasts it; a
 * hold with no end takes it out of the index until the hold is lifted.
 */
function erasureKeys(incident: Incident): Item {
  const { eraseDueAt, legalHold } = incident;
  if (!eraseDueAt || (legalHold && !legalHold.until)) return {};
  const at = legalHold?.until && legalHold.until > eraseDueAt ? legalHold.until : eraseDueAt;
  return { GSI3PK: partitionOf.erasures(dueShardOf(incident.id)), GSI3SK: `${at}#${incident.id}` };
}

/** One item per open incident, so a village's open backlog is one query on the lookup index. */
export function openMarkerItem(incident: Pick<Incident, 'id' | 'villageId' | 'reportedAt'>): Item {
  return {
    ...keyOf.openMarker(incident.id),
    itemType: 'open_incident',
    id: incident.id,
    reportedAt: incident.reportedAt,
    GSI2PK: partitionOf.openIn(incident.villageId),
    GSI2SK: `${incident.reportedAt}#${incident.id}`,
  };
}

/** A notice waiting to be delivered; the sweeper looks at it once its grace has passed. */
export function noticeItem(notice: PlannedNotice): Item {
  return {
    ...notice,
    ...keyOf.notice(notice.incidentId, notice.step),
    itemType: 'notice',
    GSI3PK: partitionOf.sweep(dueShardOf(notice.incidentId)),
    GSI3SK: noticeSweepKey(notice, new Date(Date.parse(notice.plannedAt) + NOTICE_GRACE_MS)),
  };
}

/** Where a notice sits in the due index: due at `checkAt`. */
export const noticeSweepKey = (notice: Pick<PlannedNotice, 'incidentId' | 'step'>, checkAt: Date) =>
  `${checkAt.toISOString()}#${notice.incidentId}#${notice.step}`;

/** One item per (incident, recipient), so a duty bearer's list is one query on the lookup index. */
export function routeItem(incident: Pick<Incident, 'id' | 'reportedAt'>, contactId: string): Item {
  return {
    PK: keyOf.incident(incident.id).PK,
    SK: `${ROUTE_PREFIX}${contactId}`,
    itemType: 'route',
    incidentId: incident.id,
    GSI2PK: partitionOf.routedTo(contactId),
    GSI2SK: `${incident.reportedAt}#${incident.id}`,
  };
}

/** One item per linkage naming a provider, so the provider's list is one query on the lookup index. */
export function providerItem(linkage: Pick<Linkage, 'id' | 'createdAt'>, contactId: string): Item {
  return {
    PK: keyOf.linkage(linkage.id).PK,
    SK: `PROVIDER#${contactId}`,
    itemType: 'provider',
    linkageId: linkage.id,
    GSI2PK: partitionOf.providedBy(contactId),
    GSI2SK: `${linkage.createdAt}#${linkage.id}`,
  };
}

/** One item per linkage, so a child's linkages are one query on the lookup index (export, erasure). */
export function childItem(linkage: Pick<Linkage, 'id' | 'createdAt' | 'childRef'>): Item {
  return {
    PK: keyOf.linkage(linkage.id).PK,
    SK: 'CHILD',
    itemType: 'child',
    linkageId: linkage.id,
    GSI2PK: partitionOf.linkagesOfChild(linkage.childRef),
    GSI2SK: `${linkage.createdAt}#${linkage.id}`,
  };
}

/**
 * One read of one record: under the record (its access log), in its month (the audit by time) and
 * under its reader; kept `keepDays`, then deleted by TTL.
 */
export function auditItem(record: AuditRecord, keepDays: number): Item {
  const timeKey = `${record.at}#${record.id}`;
  return {
    ...record,
    PK: partitionOf.readsOf(record.record.type, record.record.id),
    SK: timeKey,
    itemType: 'audit',
    GSI1PK: partitionOf.readsIn(record.at.slice(0, 7)),
    GSI1SK: timeKey,
    GSI2PK: partitionOf.readsBy(record.actor.sub),
    GSI2SK: timeKey,
    [TABLE_DESIGN.ttlAttribute]: ttlAfter(record.at, keepDays),
  };
}

export function historyItem(entry: HistoryEntry, villageId: string): Item {
  const owner = entry.entity === 'incident' ? keyOf.incident(entry.entityId) : keyOf.linkage(entry.entityId);
  return {
    ...entry,
    PK: owner.PK,
    SK: historySortKey(entry.version),
    itemType: 'history',
    villageId,
    GSI1PK: partitionOf.villageHistory(villageId),
    GSI1SK: `${entry.at}#${entry.entityId}#${entry.version}`,
  };
}

export function shortCodeItem(code: string, incidentId: string): Item {
  return { ...keyOf.shortCode(code), itemType: 'short_code', incidentId };
}

export function villageItem(village: Village): Item {
  return { ...village, ...keyOf.village(village.id), itemType: 'village', GSI1PK: partitionOf.allVillages, GSI1SK: village.id };
}

/**
 * The contact; `syncCoverageBy` puts it in the due index until its per-village copies are written
 * (they go out after the contact's own write, so that a contact can cover any number of villages).
 */
export function contactItem(contact: Contact, syncCoverageBy?: Date): Item {
  return {
    ...contact,
    ...keyOf.contact(contact.id),
    itemType: 'contact',
    GSI1PK: partitionOf.allContacts,
    GSI1SK: contact.id,
    GSI2PK: partitionOf.contactsOfKind(contact.kind),
    GSI2SK: contact.id,
    ...(syncCoverageBy
      ? { GSI3PK: partitionOf.coverageSync(dueShardOf(contact.id)), GSI3SK: `${syncCoverageBy.toISOString()}#${contact.id}` }
      : {}),
  };
}

/**
 * A copy of the contact per village it covers, so "contacts by village and kind" is one query; all
 * but its list of villages, which for a district officer would make every copy as large as them all.
 */
export function coverageItem(contact: Contact, villageId: string): Item {
  const { villages: _villages, ...covering } = contact;
  return {
    ...covering,
    ...keyOf.coverage(contact.id, villageId),
    itemType: 'coverage',
    GSI1PK: partitionOf.villageContacts(villageId),
    GSI1SK: contact.id,
    GSI2PK: partitionOf.villageContactsOfKind(villageId, contact.kind),
    GSI2SK: contact.id,
  };
}

export function phoneItem(contact: Pick<Contact, 'id'> & { phone: string }): Item {
  return { ...keyOf.phone(contact.phone, contact.id), itemType: 'phone', contactId: contact.id };
}

export function meetingItem(meeting: Meeting): Item {
  return {
    ...meeting,
    ...keyOf.meeting(meeting.id),
    itemType: 'meeting',
    GSI1PK: partitionOf.villageMeetings(meeting.villageId),
    GSI1SK: `${meeting.heldOn}#${meeting.id}`,
  };
}

export function linkageItem(linkage: Linkage): Item {
  const timeKey = `${linkage.createdAt}#${linkage.id}`;
  const tell = linkage.providerToBeTold;
  return {
    ...linkage,
    ...keyOf.linkage(linkage.id),
    itemType: 'linkage',
    GSI1PK: partitionOf.villageLinkages(linkage.villageId),
    GSI1SK: timeKey,
    GSI2PK: partitionOf.villageLinkagesIn(linkage.villageId, linkage.status),
    GSI2SK: timeKey,
    // Sparse: in the due index while a provider is still to be told of a consent withdrawal.
    ...(tell ? { GSI3PK: partitionOf.providersToTell(dueShardOf(linkage.id)), GSI3SK: `${tell.since}#${linkage.id}` } : {}),
  };
}

export function notificationItem(record: NotificationRecord, villageId: string): Item {
  return {
    ...record,
    ...keyOf.notification(record.incidentId, record.step, record.contactId, record.channel),
    itemType: 'notification',
    villageId,
    GSI1PK: partitionOf.villageSms(villageId),
    GSI1SK: `${record.createdAt}#${record.id}`,
  };
}

/** Points from a provider's message id (or Meta's, for WhatsApp) to its notification record, for delivery receipts. */
export function messageIdItem(record: NotificationRecord, messageId = String(record.messageId)): Item {
  return {
    ...keyOf.messageId(messageId),
    itemType: 'message_id',
    incidentId: record.incidentId,
    step: record.step,
    contactId: record.contactId,
    channel: record.channel,
  };
}

/** Kept a day past its idle time at most: the sweeper drops it first and tells the reporter. */
const CONVERSATION_TTL_MARGIN_SECONDS = 24 * 3600;

export function conversationItem(conversation: Conversation): Item {
  return {
    ...conversation,
    ...keyOf.conversation(conversation.contactId),
    itemType: 'conversation',
    GSI3PK: partitionOf.conversationsIdle(dueShardOf(conversation.contactId)),
    GSI3SK: `${conversation.idleUntil}#${conversation.contactId}`,
    [TABLE_DESIGN.ttlAttribute]: Math.floor(Date.parse(conversation.idleUntil) / 1000) + CONVERSATION_TTL_MARGIN_SECONDS,
  };
}

/** A handled WhatsApp message's id, kept two days (WhatsApp and SNS redeliver within hours). */
export function inboundMessageItem(messageId: string, now: Date): Item {
  return {
    ...keyOf.inboundMessage(messageId),
    itemType: 'inbound_message',
    [TABLE_DESIGN.ttlAttribute]: Math.floor(now.getTime() / 1000) + 2 * 24 * 3600,
  };
}

/** Kept `daysAfterExpiry` past its expiry (which the reader checks itself), then deleted by TTL. */
export function ackTokenItem(token: AckToken, daysAfterExpiry: number): Item {
  return {
    ...token,
    ...keyOf.ackToken(token.token),
    itemType: 'ack_token',
    [TABLE_DESIGN.ttlAttribute]: ttlAfter(token.expiresAt, daysAfterExpiry),
  };
}

/**
 * A week's figures hold one record per village: a district's 1,600 come to about 2 MB, past
 * DynamoDB's 400 KB item. So they are kept as a head under the week's key (everything but the
 * villages, and how many parts they are in) and the villages in parts beside it (`<week>#VILLAGES#<n>`),
 * each at most this many bytes of JSON, which is more than DynamoDB counts for the same figures.
 */
export const VILLAGE_PART_BYTES = 300_000;

const villagePartPrefix = (head: Key) => `${head.SK}#VILLAGES#`;

/** The items of a record with figures per village: its head and its parts. */
export function byVillageItems(key: Key, itemType: string, record: { villages: Record<string, unknown> }): { head: Item; parts: Item[] } {
  const { villages, ...rest } = record;
  const parts: Record<string, unknown>[] = [];
  let part: Record<string, unknown> = {};
  let bytes = 0;
  for (const [villageId, figures] of Object.entries(villages)) {
    const size = Buffer.byteLength(JSON.stringify({ [villageId]: figures }));
    if (bytes > 0 && bytes + size > VILLAGE_PART_BYTES) {
      parts.push(part);
      part = {};
      bytes = 0;
    }
    part[villageId] = figures;
    bytes += size;
  }
  parts.push(part);
  return {
    head: { ...rest, ...key, itemType, villageParts: parts.length },
    parts: parts.map((part, index) => ({
      PK: key.PK,
      SK: `${villagePartPrefix(key)}${String(index).padStart(4, '0')}`,
      itemType: `${itemType}_villages`,
      villages: part,
    })),
  };
}

/** Where the parts of a record with figures per village are: the head's partition, after its sort key. */
export const villagePartsOf = (head: Key) => ({ partition: head.PK, prefix: villagePartPrefix(head) });

/** The record again from its head and its parts (a head stored before parts existed holds its villages itself). */
export function joinByVillage<T>(head: Item, parts: readonly Item[]): T {
  if (head.villageParts === undefined) return entityOf<T>(head);
  const villages = Object.assign({}, ...parts.map((part) => part.villages as Record<string, unknown>));
  return { ...entityOf<Record<string, unknown>>(head, ['villageParts']), villages } as T;
}

const STORAGE_ONLY = new Set<string>([...KEY_ATTRIBUTES, 'itemType', TABLE_DESIGN.ttlAttribute]);

/** The entity stored in an item: keys, index keys and bookkeeping removed. */
export function entityOf<T>(item: Item, extra: readonly string[] = []): T {
  const entity: Item = {};
  for (const [name, value] of Object.entries(item)) {
    if (!STORAGE_ONLY.has(name) && !extra.includes(name)) entity[name] = value;
  }
  return entity as T;
}
