// The production wiring of the use cases' dependencies, built once per Lambda container (and once by
// the local dev server, which sets the same environment variables).
import { monotonicFactory } from 'ulid';
import { createDocumentClient } from '../adapters/dynamodb/client.js';
import { DynamoDbStore } from '../adapters/dynamodb/dynamodb-store.js';
import { DEFAULT_SMS_PRICE_PER_SEGMENT_INR } from '../domain/prices.js';
import { requiredEnvironment } from '../observability/environment.js';
import { logger } from '../observability/logger.js';
import type { AccessLog, Dependencies } from '../use-cases/dependencies.js';

export const accessLog: AccessLog = {
  incidentsRead(caller, action, incidentIds) {
    logger.info('incident access', { access: { who: caller.sub, role: caller.role, action, incidentIds } });
  },
};

/** What SNS charges per SMS segment to India, for the weekly cost estimate (configuration). */
export function smsPricePerSegmentInr(): number {
  const price = Number(process.env.SMS_PRICE_PER_SEGMENT_INR ?? DEFAULT_SMS_PRICE_PER_SEGMENT_INR);
  if (!Number.isFinite(price) || price < 0) throw new Error('SMS_PRICE_PER_SEGMENT_INR must be a non-negative number');
  return price;
}

export function lambdaDependencies(): Dependencies {
  const nextUlid = monotonicFactory();
  return {
    store: new DynamoDbStore({
      client: createDocumentClient(),
      tableName: requiredEnvironment('TABLE_NAME'),
      cursorSecret: requiredEnvironment('CURSOR_SECRET'),
    }),
    clock: () => new Date(),
    newId: (at) => nextUlid(at.getTime()),
    accessLog,
  };
}
