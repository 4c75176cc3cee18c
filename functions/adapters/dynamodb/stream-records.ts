// Reading the table's stream: which records the notifier wants (a filter the CDK event source and
// the local stream pump share), and the notice a record carries.
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { DynamoDBRecord } from 'aws-lambda';
import type { PlannedNotice } from '../../domain/notification-plan.js';
import { entityOf } from '../table/items.js';

/** Lambda event-filter pattern: notices written (planned) only, so nothing else invokes the notifier. */
export const NOTIFIER_EVENT_FILTER = {
  eventName: ['INSERT', 'MODIFY'],
  dynamodb: { NewImage: { itemType: { S: ['notice'] } } },
} as const;

/** The notice a stream record wrote, if it wrote one. */
export function noticeOf(record: DynamoDBRecord): PlannedNotice | undefined {
  const image = record.dynamodb?.NewImage;
  if (!image || record.eventName === 'REMOVE') return undefined;
  // The Lambda types and the SDK's describe the same wire format.
  const item = unmarshall(image as Parameters<typeof unmarshall>[0]);
  return item.itemType === 'notice' ? entityOf<PlannedNotice>(item, ['GSI3PK', 'GSI3SK']) : undefined;
}
