// The Store port on one DynamoDB table (lib-dynamodb). Every multi-item write is one transaction, so
// nothing is ever half-written; every query goes through a key or an index, never a Scan.

import { randomBytes } from 'node:crypto';
import { type CancellationReason, TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import {
  BatchGetCommand,
  DeleteCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  type QueryCommandInput,
  TransactWriteCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import {
  AlreadyExistsError,
  allPages,
  type CreateResult,
  type IdempotencyClaim,
  IdempotencyConflictError,
  type IncidentFilter,
  InvalidCursorError,
  type NewIncident,
  NotFoundError,
  type Page,
  type PageRequest,
  type Store,
  type TimeRange,
  VersionConflictError,
} from '../../domain/ports.js';
import type {
  AckToken,
  Contact,
  HistoryEntry,
  Incident,
  Linkage,
  Meeting,
  NotificationRecord,
  Village,
  WeeklyMetrics,
} from '../../domain/schemas.js';
import { generateShortCode } from '../../domain/short-code.js';
import type { ContactKind, LinkageStatus, MeetingType } from '../../domain/vocabulary.js';
import { isProgrammeWideKind } from '../../domain/vocabulary.js';
import { CursorCodec } from '../table/cursor.js';
import {
  ackTokenItem,
  contactItem,
  coverageItem,
  dueSortKey,
  entityOf,
  HISTORY_PREFIX,
  historyItem,
  type Item,
  incidentItem,
  type Key,
  keyOf,
  linkageItem,
  meetingItem,
  NOTIFICATION_PREFIX,
  notificationItem,
  partitionOf,
  providerItem,
  routeItem,
  shortCodeItem,
  villageItem,
  weeklyMetricsItem,
} from '../table/items.js';
import { type IndexName, TABLE_DESIGN } from '../table/table-design.js';

const IDEMPOTENCY_TTL_SECONDS = 24 * 60 * 60;
const SHORT_CODE_ATTEMPTS = 8;
/** DynamoDB's limit on items in one transaction. */
const MAX_TRANSACTION_ITEMS = 100;

export interface DynamoDbStoreOptions {
  client: DynamoDBDocumentClient;
  tableName: string;
  cursorSecret: string;
  clock?: () => Date;
  /** Injected so a test can force short-code collisions. */
  shortCodes?: () => string;
}

type TransactItem = NonNullable<ConstructorParameters<typeof TransactWriteCommand>[0]['TransactItems']>[number];

export class DynamoDbStore implements Store {
  private readonly client: DynamoDBDocumentClient;
  private readonly tableName: string;
  private readonly cursors: CursorCodec;
  private readonly clock: () => Date;
  private readonly shortCodes: () => string;

  constructor(options: DynamoDbStoreOptions) {
    this.client = options.client;
    this.tableName = options.tableName;
    this.cursors = new CursorCodec(options.cursorSecret);
    this.clock = options.clock ?? (() => new Date());
    this.shortCodes = options.shortCodes ?? (() => generateShortCode((size) => randomBytes(size)));
  }

  // ── incidents ──────────────────────────────────────────────────────────────
  async createIncident(input: NewIncident, idempotency?: IdempotencyClaim<Incident>): Promise<CreateResult<Incident>> {
    for (let attempt = 1; ; attempt++) {
      const incident: Incident = { ...input.incident, shortCode: this.shortCodes() };
      const history: HistoryEntry = { ...input.history, entityId: incident.id };
      const writes = [
        this.putNew(incidentItem(incident)),
        this.putNew(historyItem(history, incident.villageId)),
        this.putNew(shortCodeItem(incident.shortCode, incident.id)),
        ...incident.routedTo.map((contactId) => this.putNew(routeItem(incident, contactId))),
      ];
      const shortCodeIndex = 2;
      try {
        return await this.createTransaction(incident, writes, idempotency);
      } catch (error) {
        const collided = cancellationReasons(error)?.[shortCodeIndex]?.Code === 'ConditionalCheckFailed';
        if (!collided || attempt >= SHORT_CODE_ATTEMPTS) throw error;
      }
    }
  }

  async getIncident(id: string): Promise<Incident | undefined> {
    return this.getEntity<Incident>(keyOf.incident(id));
  }

  async transitionIncident(next: Incident, history: HistoryEntry, previous: Incident): Promise<Incident> {
    const newlyRouted = next.routedTo.filter((contactId) => !previous.routedTo.includes(contactId));
    await this.replaceVersioned(incidentItem(next), previous.version, [
      this.putNew(historyItem(history, next.villageId)),
      ...newlyRouted.map((contactId) => this.putNew(routeItem(next, contactId))),
    ]);
    return next;
  }

  async listIncidentsInVillages(villageIds: readonly string[], filter: IncidentFilter, page: PageRequest): Promise<Page<Incident>> {
    return this.queryPage<Incident>(
      'timeline',
      villageIds.map(partitionOf.villageIncidents),
      { ...timeWindow(filter), ...incidentFilter(filter), newestFirst: true },
      page,
    );
  }

  async listIncidentsReportedBy(sub: string, filter: IncidentFilter, page: PageRequest): Promise<Page<Incident>> {
    return this.queryPage<Incident>(
      'lookup',
      partitionOf.reportedBy(sub),
      { ...timeWindow(filter), ...incidentFilter(filter), newestFirst: true },
      page,
    );
  }

  async listIncidentsRoutedTo(contactId: string, filter: IncidentFilter, page: PageRequest): Promise<Page<Incident>> {
    const incidents = await this.followReferences<Incident>(
      partitionOf.routedTo(contactId),
      (reference) => String(reference.incidentId),
      keyOf.incident,
      { ...timeWindow(filter), newestFirst: true },
      page,
    );
    return { ...incidents, items: incidents.items.filter((incident) => matchesIncidentFilter(incident, filter)) };
  }

  async listIncidentsDue(villageId: string, instant: Date, page: PageRequest): Promise<Page<Incident>> {
    return this.queryPage<Incident>('due', partitionOf.openIn(villageId), { upTo: dueSortKey(instant) }, page);
  }

  async listOpenIncidents(villageId: string, page: PageRequest): Promise<Page<Incident>> {
    return this.queryPage<Incident>('due', partitionOf.openIn(villageId), {}, page);
  }

  async listHistory(incidentId: string): Promise<HistoryEntry[]> {
    return this.queryAll<HistoryEntry>(keyOf.incident(incidentId).PK, HISTORY_PREFIX, ['villageId']);
  }

  // ── villages ───────────────────────────────────────────────────────────────
  async putVillage(village: Village): Promise<Village> {
    await this.client.send(new PutCommand({ TableName: this.tableName, Item: villageItem(village) }));
    return village;
  }

  async getVillage(id: string): Promise<Village | undefined> {
    return this.getEntity<Village>(keyOf.village(id));
  }

  async listVillages(page: PageRequest): Promise<Page<Village>> {
    return this.queryPage<Village>('timeline', partitionOf.allVillages, {}, page);
  }

  // ── contacts ───────────────────────────────────────────────────────────────
  async createContact(contact: Contact, idempotency?: IdempotencyClaim<Contact>): Promise<CreateResult<Contact>> {
    const writes = [
      this.putNew(contactItem(contact)),
      ...contact.villages.map((villageId) => this.putNew(coverageItem(contact, villageId))),
    ];
    return this.createTransaction(contact, writes, idempotency);
  }

  async getContact(id: string): Promise<Contact | undefined> {
    return this.getEntity<Contact>(keyOf.contact(id));
  }

  /** Rewrites the contact and its per-village copies in one transaction, under a version check. */
  async updateContact(next: Contact, previous: Contact): Promise<Contact> {
    const dropped = previous.villages.filter((villageId) => !next.villages.includes(villageId));
    await this.replaceVersioned(contactItem(next), previous.version, [
      ...next.villages.map((villageId) => ({ Put: { TableName: this.tableName, Item: coverageItem(next, villageId) } })),
      ...dropped.map((villageId) => ({
        Delete: { TableName: this.tableName, Key: keyOf.coverage(next.id, villageId) },
      })),
    ]);
    return next;
  }

  async listContacts(filter: { villageId?: string; kind?: ContactKind }, page: PageRequest): Promise<Page<Contact>> {
    if (filter.villageId && filter.kind) {
      return this.queryPage<Contact>('lookup', partitionOf.villageContactsOfKind(filter.villageId, filter.kind), {}, page);
    }
    if (filter.villageId) return this.queryPage<Contact>('timeline', partitionOf.villageContacts(filter.villageId), {}, page);
    if (filter.kind) return this.queryPage<Contact>('lookup', partitionOf.contactsOfKind(filter.kind), {}, page);
    return this.queryPage<Contact>('timeline', partitionOf.allContacts, {}, page);
  }

  async contactsCovering(villageId: string, kinds: readonly ContactKind[]): Promise<Contact[]> {
    const partitions = kinds.map((kind) =>
      isProgrammeWideKind(kind) ? partitionOf.contactsOfKind(kind) : partitionOf.villageContactsOfKind(villageId, kind),
    );
    const lists = await Promise.all(
      partitions.map((partition) => allPages((page) => this.queryPage<Contact>('lookup', partition, {}, page))),
    );
    return lists.flat();
  }

  // ── meetings ───────────────────────────────────────────────────────────────
  async createMeeting(meeting: Meeting, idempotency?: IdempotencyClaim<Meeting>): Promise<CreateResult<Meeting>> {
    return this.createTransaction(meeting, [this.putNew(meetingItem(meeting))], idempotency);
  }

  async listMeetings(villageIds: readonly string[], filter: TimeRange & { type?: MeetingType }, page: PageRequest): Promise<Page<Meeting>> {
    return this.queryPage<Meeting>(
      'timeline',
      villageIds.map(partitionOf.villageMeetings),
      { ...timeWindow(filter), ...(filter.type ? { equals: { type: filter.type } } : {}), newestFirst: true },
      page,
    );
  }

  // ── linkages ───────────────────────────────────────────────────────────────
  async createLinkage(linkage: Linkage, history: HistoryEntry, idempotency?: IdempotencyClaim<Linkage>): Promise<CreateResult<Linkage>> {
    const writes = [this.putNew(linkageItem(linkage)), this.putNew(historyItem(history, linkage.villageId))];
    if (linkage.providerContactId) writes.push(this.putNew(providerItem(linkage, linkage.providerContactId)));
    return this.createTransaction(linkage, writes, idempotency);
  }

  async getLinkage(id: string): Promise<Linkage | undefined> {
    return this.getEntity<Linkage>(keyOf.linkage(id));
  }

  async transitionLinkage(next: Linkage, history: HistoryEntry, expectedVersion: number): Promise<Linkage> {
    await this.replaceVersioned(linkageItem(next), expectedVersion, [this.putNew(historyItem(history, next.villageId))]);
    return next;
  }

  async listLinkages(villageIds: readonly string[], filter: { status?: LinkageStatus }, page: PageRequest): Promise<Page<Linkage>> {
    const { status } = filter;
    return status
      ? this.queryPage<Linkage>(
          'lookup',
          villageIds.map((id) => partitionOf.villageLinkagesIn(id, status)),
          { newestFirst: true },
          page,
        )
      : this.queryPage<Linkage>('timeline', villageIds.map(partitionOf.villageLinkages), { newestFirst: true }, page);
  }

  async listLinkagesProvidedBy(contactId: string, filter: { status?: LinkageStatus }, page: PageRequest): Promise<Page<Linkage>> {
    const linkages = await this.followReferences<Linkage>(
      partitionOf.providedBy(contactId),
      (reference) => String(reference.linkageId),
      keyOf.linkage,
      { newestFirst: true },
      page,
    );
    return { ...linkages, items: linkages.items.filter((linkage) => !filter.status || linkage.status === filter.status) };
  }

  // ── notifications ──────────────────────────────────────────────────────────
  async claimNotification(record: NotificationRecord, villageId: string): Promise<void> {
    try {
      await this.client.send(new PutCommand(this.putNew(notificationItem(record, villageId)).Put));
    } catch (error) {
      if ((error as Error).name === 'ConditionalCheckFailedException') {
        throw new AlreadyExistsError('this notification was already claimed');
      }
      throw error;
    }
  }

  async updateNotification(record: NotificationRecord, villageId: string): Promise<void> {
    await this.client.send(
      new PutCommand({
        TableName: this.tableName,
        Item: notificationItem(record, villageId),
        ConditionExpression: 'attribute_exists(PK)',
      }),
    );
  }

  async listNotifications(incidentId: string): Promise<NotificationRecord[]> {
    return this.queryAll<NotificationRecord>(keyOf.incident(incidentId).PK, NOTIFICATION_PREFIX, ['villageId']);
  }

  async getNotification(incidentId: string, step: string, contactId: string): Promise<NotificationRecord | undefined> {
    return this.getEntity<NotificationRecord>(keyOf.notification(incidentId, step, contactId), ['villageId']);
  }

  async listHistoryInVillage(villageId: string, range: TimeRange, page: PageRequest): Promise<Page<HistoryEntry>> {
    return this.queryPage<HistoryEntry>('timeline', partitionOf.villageHistory(villageId), timeWindow(range), page, ['villageId']);
  }

  async listNotificationsInVillage(villageId: string, range: TimeRange, page: PageRequest): Promise<Page<NotificationRecord>> {
    return this.queryPage<NotificationRecord>('timeline', partitionOf.villageSms(villageId), timeWindow(range), page, ['villageId']);
  }

  // ── acknowledgement links ──────────────────────────────────────────────────
  async putAckToken(token: AckToken): Promise<void> {
    await this.client.send(new PutCommand(this.putNew(ackTokenItem(token)).Put));
  }

  async getAckToken(token: string): Promise<AckToken | undefined> {
    return this.getEntity<AckToken>(keyOf.ackToken(token));
  }

  // ── weekly metrics ─────────────────────────────────────────────────────────
  async putWeeklyMetrics(metrics: WeeklyMetrics): Promise<void> {
    await this.client.send(new PutCommand({ TableName: this.tableName, Item: weeklyMetricsItem(metrics) }));
  }

  async getWeeklyMetrics(week: string): Promise<WeeklyMetrics | undefined> {
    return this.getEntity<WeeklyMetrics>(keyOf.weeklyMetrics(week));
  }

  async claimWeeklyEmail(week: string, contactId: string, at: string): Promise<boolean> {
    try {
      await this.client.send(
        new PutCommand(this.putNew({ ...keyOf.weeklyEmail(week, contactId), itemType: 'weekly_email', status: 'pending', at }).Put),
      );
      return true;
    } catch (error) {
      if ((error as Error).name === 'ConditionalCheckFailedException') return false;
      throw error;
    }
  }

  async recordWeeklyEmailSent(week: string, contactId: string, messageId: string): Promise<void> {
    await this.client.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: keyOf.weeklyEmail(week, contactId),
        UpdateExpression: 'SET #status = :sent, messageId = :messageId',
        ConditionExpression: 'attribute_exists(PK)',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':sent': 'sent', ':messageId': messageId },
      }),
    );
  }

  async releaseWeeklyEmail(week: string, contactId: string): Promise<void> {
    await this.client.send(
      new DeleteCommand({
        TableName: this.tableName,
        Key: keyOf.weeklyEmail(week, contactId),
        // Never undo a send that is on record.
        ConditionExpression: '#status = :pending',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':pending': 'pending' },
      }),
    );
  }

  // ── building blocks ────────────────────────────────────────────────────────
  private putNew(item: Item): { Put: NonNullable<TransactItem['Put']> } {
    return { Put: { TableName: this.tableName, Item: item, ConditionExpression: 'attribute_not_exists(PK)' } };
  }

  /**
   * Writes a create and, when the caller sent an Idempotency-Key, the key's reservation in the same
   * transaction: either both are written or neither. A reservation already there answers a replay
   * (same body) or a conflict (another body), read from the failed condition without another call.
   */
  private async createTransaction<T>(record: T, writes: TransactItem[], idempotency?: IdempotencyClaim<T>): Promise<CreateResult<T>> {
    const items = [...writes];
    if (idempotency) items.push(this.reserveIdempotencyKey(idempotency, idempotency.answer(record)));
    if (items.length > MAX_TRANSACTION_ITEMS) throw new Error('a create touches more items than one transaction holds');
    try {
      await this.client.send(new TransactWriteCommand({ TransactItems: items }));
      return { replayed: false, record };
    } catch (error) {
      const reason = idempotency ? cancellationReasons(error)?.[items.length - 1] : undefined;
      if (!idempotency || !reason) throw error;
      if (reason.Code === 'TransactionConflict') throw new IdempotencyConflictError('in_flight');
      if (reason.Code !== 'ConditionalCheckFailed') throw error;
      const stored = reason.Item
        ? (unmarshall(reason.Item) as Item)
        : await this.getItem(keyOf.idempotency(idempotency.scope, idempotency.key));
      if (!stored) throw new IdempotencyConflictError('in_flight');
      if (stored.bodyHash !== idempotency.bodyHash) throw new IdempotencyConflictError('payload_mismatch');
      return { replayed: true, answer: (JSON.parse(String(stored.response)) as { body: unknown }).body };
    }
  }

  private reserveIdempotencyKey<T>(claim: IdempotencyClaim<T>, answer: unknown): TransactItem {
    const nowSeconds = Math.floor(this.clock().getTime() / 1000);
    return {
      Put: {
        TableName: this.tableName,
        Item: {
          ...keyOf.idempotency(claim.scope, claim.key),
          itemType: 'idempotency',
          bodyHash: claim.bodyHash,
          // Kept as JSON text: a DynamoDB map would reorder the keys, and a replay must be the same bytes.
          response: JSON.stringify({ body: answer }),
          [TABLE_DESIGN.ttlAttribute]: nowSeconds + IDEMPOTENCY_TTL_SECONDS,
        },
        // TTL deletion lags (and DynamoDB Local never deletes), so an expired key counts as free.
        ConditionExpression: 'attribute_not_exists(PK) OR #ttl < :now',
        ExpressionAttributeNames: { '#ttl': TABLE_DESIGN.ttlAttribute },
        ExpressionAttributeValues: { ':now': nowSeconds },
        ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
      },
    };
  }

  /** Replaces a versioned record if its stored version is still `expectedVersion`, with companion writes. */
  private async replaceVersioned(item: Item, expectedVersion: number, companions: TransactItem[]): Promise<void> {
    const guarded: TransactItem = {
      Put: {
        TableName: this.tableName,
        Item: item,
        ConditionExpression: 'attribute_exists(PK) AND #version = :expected',
        ExpressionAttributeNames: { '#version': 'version' },
        ExpressionAttributeValues: { ':expected': expectedVersion },
        ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
      },
    };
    try {
      await this.client.send(new TransactWriteCommand({ TransactItems: [guarded, ...companions] }));
    } catch (error) {
      const reason = cancellationReasons(error)?.[0];
      if (reason?.Code === 'ConditionalCheckFailed') {
        if (!reason.Item) throw new NotFoundError('no such record');
        throw new VersionConflictError('the record has changed since it was read');
      }
      // Two writers racing on the same record: the loser is told to re-read, like a stale version.
      if (reason?.Code === 'TransactionConflict') throw new VersionConflictError('the record is being changed');
      throw error;
    }
  }

  /** A page of reference items (routes, providers) on the lookup index, resolved to their records. */
  private async followReferences<T extends { id: string }>(
    partition: string,
    targetId: (reference: Item) => string,
    keyFor: (id: string) => Key,
    options: QueryOptions,
    page: PageRequest,
  ): Promise<Page<T>> {
    const references = await this.queryPage<Item>('lookup', partition, options, page);
    const ids = references.items.map(targetId);
    const records = new Map((await this.batchGet<T>(ids.map(keyFor))).map((record) => [record.id, record]));
    const items = ids.map((id) => records.get(id)).filter((record): record is T => record !== undefined);
    return withCursor(items, references.nextCursor);
  }

  private async getItem(key: Key): Promise<Item | undefined> {
    const result = await this.client.send(new GetCommand({ TableName: this.tableName, Key: key }));
    return result.Item;
  }

  private async getEntity<T>(key: Key, extra: readonly string[] = []): Promise<T | undefined> {
    const item = await this.getItem(key);
    return item ? entityOf<T>(item, extra) : undefined;
  }

  private async batchGet<T>(keys: Key[]): Promise<T[]> {
    const found: Item[] = [];
    let pending: Key[] = keys;
    while (pending.length > 0) {
      const result = await this.client.send(new BatchGetCommand({ RequestItems: { [this.tableName]: { Keys: pending } } }));
      found.push(...(result.Responses?.[this.tableName] ?? []));
      pending = (result.UnprocessedKeys?.[this.tableName]?.Keys ?? []) as Key[];
    }
    return found.map((item) => entityOf<T>(item));
  }

  /** Every item of a partition whose sort key starts with `prefix`, in key order. */
  private async queryAll<T>(partition: string, prefix: string, extra: readonly string[] = []): Promise<T[]> {
    const items: T[] = [];
    let startKey: Record<string, unknown> | undefined;
    do {
      const result = await this.client.send(
        new QueryCommand({
          TableName: this.tableName,
          KeyConditionExpression: 'PK = :pk AND begins_with(SK, :prefix)',
          ExpressionAttributeValues: { ':pk': partition, ':prefix': prefix },
          ExclusiveStartKey: startKey,
        }),
      );
      items.push(...(result.Items ?? []).map((item) => entityOf<T>(item, extra)));
      startKey = result.LastEvaluatedKey;
    } while (startKey);
    return items;
  }

  /**
   * One page over one or more partitions of an index, merged in sort-key order. The cursor holds
   * the last sort key served (signed, and bound to the query), so the next page starts after it in
   * every partition: a coordinator's list across all villages pages like a single village's.
   */
  private async queryPage<T>(
    index: IndexName,
    partitions: string | string[],
    options: QueryOptions,
    page: PageRequest,
    storageFields: readonly string[] = [],
  ): Promise<Page<T>> {
    const { sortKey } = TABLE_DESIGN.indexes[index];
    const keys = typeof partitions === 'string' ? [partitions] : [...new Set(partitions)].sort();
    const fingerprint = JSON.stringify([index, keys, options]);
    const after = this.cursors.decode(fingerprint, page.cursor)?.after;
    if (after !== undefined && typeof after !== 'string') throw new InvalidCursorError();
    const collected = await Promise.all(keys.map((partition) => this.collectAfter(index, partition, options, after, page.limit + 1)));
    const direction = options.newestFirst ? -1 : 1;
    const merged = collected.flat().sort((a, b) => direction * String(a[sortKey]).localeCompare(String(b[sortKey])));
    const served = merged.slice(0, page.limit);
    const last = served.at(-1);
    const nextCursor = merged.length > page.limit && last ? this.cursors.encode(fingerprint, { after: last[sortKey] }) : undefined;
    return withCursor(
      served.map((item) => entityOf<T>(item, storageFields)),
      nextCursor,
    );
  }

  /** Up to `wanted` items of one partition strictly after the `after` sort key, in query order. */
  private async collectAfter(
    index: IndexName,
    partition: string,
    options: QueryOptions,
    after: string | undefined,
    wanted: number,
  ): Promise<Item[]> {
    const { sortKey } = TABLE_DESIGN.indexes[index];
    // Key conditions have no exclusive range with two ends: bound inclusively at `after`, drop it below.
    const bounded: QueryOptions =
      after === undefined
        ? options
        : options.newestFirst
          ? { ...options, upTo: minString(options.upTo ?? upperBound(options), after) }
          : { ...options, from: maxString(options.from, after) };
    const input = buildIndexQuery(this.tableName, index, partition, bounded);
    const items: Item[] = [];
    let startKey: Record<string, unknown> | undefined;
    do {
      const result = await this.client.send(new QueryCommand({ ...input, Limit: wanted + 1, ExclusiveStartKey: startKey }));
      items.push(...(result.Items ?? []).filter((item) => item[sortKey] !== after));
      startKey = result.LastEvaluatedKey;
    } while (startKey && items.length < wanted);
    return items.slice(0, wanted);
  }
}

function upperBound(options: QueryOptions): string | undefined {
  return options.upTo ?? (options.to !== undefined ? `${options.to}#~` : undefined);
}

function minString(a: string | undefined, b: string): string {
  return a !== undefined && a < b ? a : b;
}

function maxString(a: string | undefined, b: string): string {
  return a !== undefined && a > b ? a : b;
}

interface QueryOptions {
  /** Inclusive bounds on the index sort key's leading part. */
  from?: string;
  to?: string;
  /** Inclusive upper bound on the whole sort key. */
  upTo?: string;
  equals?: Record<string, string>;
  newestFirst?: boolean;
}

function buildIndexQuery(tableName: string, index: IndexName, partition: string, options: QueryOptions): QueryCommandInput {
  const { indexName, partitionKey, sortKey } = TABLE_DESIGN.indexes[index];
  const names: Record<string, string> = { '#pk': partitionKey };
  const values: Record<string, unknown> = { ':pk': partition };
  let keyCondition = '#pk = :pk';
  // Sort keys are `<time>#<id>`: '#' < '~' keeps every id of the last instant inside the range.
  const lower = options.from;
  const upper = upperBound(options);
  if (lower !== undefined || upper !== undefined) names['#sk'] = sortKey;
  if (lower !== undefined && upper !== undefined) {
    keyCondition += ' AND #sk BETWEEN :lower AND :upper';
    Object.assign(values, { ':lower': lower, ':upper': upper });
  } else if (lower !== undefined) {
    keyCondition += ' AND #sk >= :lower';
    values[':lower'] = lower;
  } else if (upper !== undefined) {
    keyCondition += ' AND #sk <= :upper';
    values[':upper'] = upper;
  }
  const filters = Object.entries(options.equals ?? {}).map(([field, value], position) => {
    names[`#f${position}`] = field;
    values[`:f${position}`] = value;
    return `#f${position} = :f${position}`;
  });
  return {
    TableName: tableName,
    IndexName: indexName,
    KeyConditionExpression: keyCondition,
    ...(filters.length > 0 ? { FilterExpression: filters.join(' AND ') } : {}),
    ExpressionAttributeNames: names,
    ExpressionAttributeValues: values,
    ScanIndexForward: !options.newestFirst,
  };
}

function timeWindow(range: TimeRange): Pick<QueryOptions, 'from' | 'to'> {
  return { ...(range.from ? { from: range.from } : {}), ...(range.to ? { to: range.to } : {}) };
}

function incidentFilter(filter: IncidentFilter): Pick<QueryOptions, 'equals'> {
  const equals: Record<string, string> = {};
  if (filter.status) equals.status = filter.status;
  if (filter.category) equals.category = filter.category;
  return Object.keys(equals).length > 0 ? { equals } : {};
}

function matchesIncidentFilter(incident: Incident, filter: IncidentFilter): boolean {
  return (!filter.status || incident.status === filter.status) && (!filter.category || incident.category === filter.category);
}

function withCursor<T>(items: T[], nextCursor: string | undefined): Page<T> {
  return nextCursor ? { items, nextCursor } : { items };
}

function cancellationReasons(error: unknown): CancellationReason[] | undefined {
  return error instanceof TransactionCanceledException ? error.CancellationReasons : undefined;
}
