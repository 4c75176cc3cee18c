// The DynamoDB calls a report must make, issued directly with the store's own item builders and no
// handler around them: the village read and the routing queries side by side, then one transaction
// (incident, history entry, short code, one route per recipient, idempotency reservation).

import { randomBytes } from 'node:crypto';
import { type DynamoDBDocumentClient, GetCommand, PutCommand, QueryCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
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
  const lookup = TABLE_DESIGN.indexes.lookup;
  const partitions = routingPartitions(template.incident);
  const putNew = (item: Item) => ({ Put: { TableName: tableName, Item: item, ConditionExpression: 'attribute_not_exists(PK)' } });

  return async (idempotencyKey: string): Promise<void> => {
    const now = new Date();
    const incident: Incident = {
      ...template.incident,
      id: nextUlid(now.getTime()),
      shortCode: generateShortCode((size) => randomBytes(size)),
    };
    await Promise.all([
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
    ]);
    const nowSeconds = Math.floor(now.getTime() / 1000);
    await client.send(
      new TransactWriteCommand({
        TransactItems: [
          putNew(incidentItem(incident)),
          putNew(historyItem({ ...template.history, entityId: incident.id }, incident.villageId)),
          putNew(shortCodeItem(incident.shortCode, incident.id)),
          putNew(openMarkerItem(incident)),
          {
            Put: {
              TableName: tableName,
              Item: noticeItem(required(plannedNotices(undefined, incident)[0], "the report's first alert")),
            },
          },
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
    // The route items follow the transaction, as the store writes them.
    await Promise.all(
      incident.routedTo.map((contactId) => client.send(new PutCommand({ TableName: tableName, Item: routeItem(incident, contactId) }))),
    );
  };
}
