// The production wiring of every entry point, built once per Lambda container from the environment
// (the local stack sets the same variables, or passes its own client). Nothing else reads settings
// but settings.ts, the few that need no AWS client, and alert-wiring.ts, what sends alerts needs
// beyond this: an HTTP Lambda loads neither the senders nor the message templates.
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { monotonicFactory } from 'ulid';
import { createDocumentClient } from './adapters/dynamodb/client.js';
import { DynamoDbTable } from './adapters/dynamodb/dynamodb-table.js';
import { tableStores } from './adapters/table/stores.js';
import type { Stores } from './domain/ports.js';
import { DEFAULT_SMS_PRICE_PER_SEGMENT_INR } from './domain/prices.js';
import type { RetentionSchedule } from './domain/retention.js';
import { requiredEnvironment } from './observability/environment.js';
import { countMetric } from './observability/metrics.js';
import { retentionSchedule } from './settings.js';
import type { AuditDependencies } from './use-cases/audit.js';
import type { Dependencies } from './use-cases/dependencies.js';
import type { MetricsDependencies } from './use-cases/weekly-metrics.js';

/** What SNS charges per SMS segment to India, for the weekly cost estimate (configuration). */
export function smsPricePerSegmentInr(): number {
  const price = Number(process.env.SMS_PRICE_PER_SEGMENT_INR ?? DEFAULT_SMS_PRICE_PER_SEGMENT_INR);
  if (!Number.isFinite(price) || price < 0) throw new Error('SMS_PRICE_PER_SEGMENT_INR must be a non-negative number');
  return price;
}

/** Every aggregate's store on the table; the table and cursor secret from the environment unless given. */
export function dynamoDbStores(
  options: { client?: DynamoDBDocumentClient; tableName?: string; cursorSecret?: string; retention?: RetentionSchedule } = {},
): Stores {
  const table = new DynamoDbTable({
    client: options.client ?? createDocumentClient(),
    tableName: options.tableName ?? requiredEnvironment('TABLE_NAME'),
  });
  return tableStores(table, {
    cursorSecret: options.cursorSecret ?? requiredEnvironment('CURSOR_SECRET'),
    retention: options.retention ?? retentionSchedule(),
    onRouteItemsDeferred: () => countMetric('RouteItemsDeferred'),
  });
}

/** Monotonic ULIDs, so that ids made in the same millisecond still sort in order. */
export const newIds = () => {
  const nextUlid = monotonicFactory();
  return (at: Date) => nextUlid(at.getTime());
};

export function httpDependencies(stores: Stores = dynamoDbStores()): Dependencies {
  return { ...stores, clock: () => new Date(), newId: newIds(), retention: retentionSchedule() };
}

/** The metrics route's and the weekly summary's dependencies; a read of a week's metrics is audited. */
export function metricsDependencies(stores: Stores = dynamoDbStores()): MetricsDependencies & AuditDependencies {
  return { ...stores, clock: () => new Date(), newId: newIds(), pricePerSegmentInr: smsPricePerSegmentInr() };
}
