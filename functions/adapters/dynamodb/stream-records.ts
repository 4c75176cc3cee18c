// Reading the table's stream: which records the notifier wants (a filter the CDK event source and
// the local stream pump share), and the incident before and after a change.
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { AttributeValue, DynamoDBRecord } from 'aws-lambda';
import type { Incident } from '../../domain/schemas.js';
import { entityOf } from '../table/items.js';

/** Lambda event-filter pattern: new and changed incidents only, so nothing else invokes the notifier. */
export const NOTIFIER_EVENT_FILTER = {
  eventName: ['INSERT', 'MODIFY'],
  dynamodb: { NewImage: { itemType: { S: ['incident'] } } },
} as const;

export interface IncidentChange {
  previous: Incident | undefined;
  incident: Incident;
}

type Image = Record<string, AttributeValue> | undefined;

function incidentOf(image: Image): Incident | undefined {
  if (!image) return undefined;
  // The Lambda types and the SDK's describe the same wire format.
  const item = unmarshall(image as Parameters<typeof unmarshall>[0]);
  return item.itemType === 'incident' ? entityOf<Incident>(item) : undefined;
}

export function incidentChangeOf(record: DynamoDBRecord): IncidentChange | undefined {
  const incident = incidentOf(record.dynamodb?.NewImage);
  if (!incident) return undefined;
  return { previous: incidentOf(record.dynamodb?.OldImage), incident };
}
