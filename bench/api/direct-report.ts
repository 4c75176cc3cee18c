// The DynamoDB calls a report and a read must make, issued directly with the store's own item builders
// and no handler around them. A report: the reporter's contact, the village, the routing and recent
// reports side by side, then one transaction (incident, history entry, short code, open marker,
// notices, idempotency reservation), then the route items in one batch. A read: the reader's contact
// and the incident side by side, then its audit record.

import { randomBytes } from 'node:crypto';
import { BatchWriteCommand, type DynamoDBDocumentClient, GetCommand, QueryCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { monotonicFactory } from 'ulid';
import {
  historyItem,
  incidentItem,
  keyOf,
  noticeItem,
  openMarkerItem,
  partitionOf,
  routeItem,
  shortCodeItem,
} from '../../functions/adapters/table/items.js';
import type { Item } from '../../functions/adapters/table/table.js';
import { TABLE_DESIGN } from '../../functions/adapters/table/table-design.js';
import { plannedNotices } from '../../functions/domain/notification-plan.js';
import type { HistoryEntry, Incident } from '../../functions/domain/schemas.js';
import { generateShortCode } from '../../functions/domain/short-code.js';
import { isProgrammeWideKind } from '../../functions/domain/vocabulary.js';
import { required } from '../../test/support/required.js';

const IDEMPOTENCY_TTL_SECONDS = 24 * 60 * 60;

/** A report the handler made, read back: the direct calls write records of the same shape and size. */
export interface ReportTemplate {
  incident: Incident;
  history: HistoryEntry;
  /** The 201's body, as the idempotency reservation remembers it. */
  answer: unknown;
  callerSub: string;
  bodyHash: string;
}

/** The lookup-index partitions that hold the contacts of the kinds the first alert goes to. */
function routingPartitions(incident: Incident): string[] {
  return incident.routing.firstAlert.map((kind) =>
    isProgrammeWideKind(kind) ? partitionOf.contactsOfKind(kind) : partitionOf.villageContactsOfKind(incident.villageId, kind),
  );
}

export function directReport(client: DynamoDBDocumentClient, tableName: string, template: ReportTemplate) {
  const nextUlid = monotonicFactory();
  const { lookup, timeline } = TABLE_DESIGN.indexes;
  const partitions = routingPartitions(template.incident);
  const putNew = (item: Item) => ({ Put: { TableName: tableName, Item: item, ConditionExpression: 'attribute_not_exists(PK)' } });
  const reporter = required(template.incident.reportedBy.contactId, "the reporter's contact");

  return async (idempotencyKey: string): Promise<void> => {
    const now = new Date();
    const incident: Incident = {
      ...template.incident,
      id: nextUlid(now.getTime()),
      shortCode: generateShortCode((size) => randomBytes(size)),
    };
    // Every read at once: the reporter's contact (their standing), the village, the routing, recent reports.
    await Promise.all([
      client.send(new GetCommand({ TableName: tableName, Key: keyOf.contact(reporter) })),
      client.send(new GetCommand({ TableName: tableName, Key: keyOf.village(incident.villageId) })),
      ...partitions.map((partition) =>
        client.send(
          new QueryCommand({
            TableName: tableName,
            IndexName: lookup.indexName,
            KeyConditionExpression: '#pk = :pk',
            ExpressionAttributeNames: { '#pk': lookup.partitionKey },
            ExpressionAttributeValues: { ':pk': partition },
          }),
        ),
      ),
      client.send(
        new QueryCommand({
          TableName: tableName,
          IndexName: timeline.indexName,
          KeyConditionExpression: '#pk = :pk AND #sk >= :from',
          FilterExpression: '#category = :category',
          ExpressionAttributeNames: { '#pk': timeline.partitionKey, '#sk': timeline.sortKey, '#category': 'category' },
          ExpressionAttributeValues: {
            ':pk': partitionOf.villageIncidents(incident.villageId),
            ':from': new Date(now.getTime() - RECENT_REPORTS_MS).toISOString(),
            ':category': incident.category,
          },
          ScanIndexForward: false,
          Limit: RECENT_REPORTS_READ,
        }),
      ),
    ]);
    const nowSeconds = Math.floor(now.getTime() / 1000);
    await client.send(
      new TransactWriteCommand({
        TransactItems: [
          putNew(incidentItem(incident)),
          putNew(historyItem({ ...template.history, entityId: incident.id }, incident.villageId)),
          putNew(shortCodeItem(incident.shortCode, incident.id)),
          putNew(openMarkerItem(incident)),
          ...plannedNotices(undefined, incident).map((notice) => ({ Put: { TableName: tableName, Item: noticeItem(notice) } })),
          {
            Put: {
              TableName: tableName,
              Item: {
                ...keyOf.idempotency(template.callerSub, idempotencyKey),
                itemType: 'idempotency',
                bodyHash: template.bodyHash,
                response: JSON.stringify({ body: template.answer }),
                [TABLE_DESIGN.ttlAttribute]: nowSeconds + IDEMPOTENCY_TTL_SECONDS,
              },
              ConditionExpression: 'attribute_not_exists(PK) OR #ttl < :now',
              ExpressionAttributeNames: { '#ttl': TABLE_DESIGN.ttlAttribute },
              ExpressionAttributeValues: { ':now': nowSeconds },
              ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
            },
          },
        ],
      }),
    );
    // The route items follow the transaction, as the store writes them: one batch.
    await client.send(
      new BatchWriteCommand({
        RequestItems: { [tableName]: incident.routedTo.map((contactId) => ({ PutRequest: { Item: routeItem(incident, contactId) } })) },
      }),
    );
  };
}

/** The report's possible duplicates: the village's reports of the same category in the last 14 days, one page. */
const RECENT_REPORTS_MS = 14 * 24 * 3_600_000;
const RECENT_REPORTS_READ = 101;

/** The calls a read of one incident must make: the caller's contact and the incident at once, then its audit record. */
export function directRead(client: DynamoDBDocumentClient, tableName: string, auditRecord: (incident: Incident) => Item) {
  return async (incidentId: string, contactId: string): Promise<void> => {
    const [, found] = await Promise.all([
      client.send(new GetCommand({ TableName: tableName, Key: keyOf.contact(contactId) })),
      client.send(new GetCommand({ TableName: tableName, Key: keyOf.incident(incidentId) })),
    ]);
    const incident = required(found.Item, 'the incident') as Incident;
    await client.send(new BatchWriteCommand({ RequestItems: { [tableName]: [{ PutRequest: { Item: auditRecord(incident) } }] } }));
  };
}
