// The production wiring of every entry point, built once per Lambda container from the environment
// (the local stack sets the same variables, or passes its own client). Nothing else reads settings
// but settings.ts, the few that need no AWS client.
import { randomBytes } from 'node:crypto';
import { SNSClient } from '@aws-sdk/client-sns';
import { SocialMessagingClient } from '@aws-sdk/client-socialmessaging';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { monotonicFactory } from 'ulid';
import { createDocumentClient } from './adapters/dynamodb/client.js';
import { DynamoDbTable } from './adapters/dynamodb/dynamodb-table.js';
import { SnsSmsSender } from './adapters/sns/sns-sms-sender.js';
import { SocialMessagingWhatsAppSender } from './adapters/social-messaging/whatsapp-sender.js';
import { tableStores } from './adapters/table/stores.js';
import type { SmsSender, Stores } from './domain/ports.js';
import { DEFAULT_SMS_PRICE_PER_SEGMENT_INR } from './domain/prices.js';
import { PRIVACY_NOTICE_PATH } from './domain/privacy-notice.js';
import type { RetentionSchedule } from './domain/retention.js';
import {
  DEFAULT_WHATSAPP_TEMPLATE_NAMES,
  type DltTemplateIds,
  parseDltTemplateIds,
  parseWhatsAppTemplateNames,
} from './domain/sms/templates.js';
import { requiredEnvironment } from './observability/environment.js';
import { countMetric } from './observability/metrics.js';
import { retentionSchedule } from './settings.js';
import type { WhatsAppEventsDependencies } from './stream/whatsapp-events-handler.js';
import type { AuditDependencies } from './use-cases/audit.js';
import type { Dependencies } from './use-cases/dependencies.js';
import type { NotifierDependencies } from './use-cases/notify.js';
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

const newIds = () => {
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

/** 12 random bytes: 96 bits in 16 URL-safe characters, short enough for a one-segment SMS. */
export const newAckToken = () => randomBytes(12).toString('base64url');

export function notifierDependencies(options: {
  stores: Stores;
  sms: SmsSender;
  whatsapp?: NotifierDependencies['whatsapp'];
  ackBaseUrl: string;
  dltTemplateIds: DltTemplateIds;
  clock?: () => Date;
}): NotifierDependencies {
  const { stores, ...rest } = options;
  return {
    clock: () => new Date(),
    ...stores,
    ...rest,
    ackBaseUrl: options.ackBaseUrl.replace(/\/+$/, ''),
    newId: newIds(),
    newToken: newAckToken,
  };
}

// Our senders retry with backoff and jitter; the SDK's own retries would multiply them.
const ONE_ATTEMPT = { maxAttempts: 1, requestHandler: { requestTimeout: 5_000, connectionTimeout: 2_000 } } as const;

/**
 * The dependencies of every function that sends alerts (the notifier, the sweeper, the receipts and
 * WhatsApp events functions) in Lambda: SMS through SNS with the DLT settings, and WhatsApp through
 * End User Messaging Social where the stack names a WhatsApp phone number.
 */
export function snsNotifierDependencies(stores: Stores = dynamoDbStores()): NotifierDependencies {
  const whatsapp = whatsAppFromEnvironment();
  return notifierDependencies({
    stores,
    sms: new SnsSmsSender({
      client: new SNSClient(ONE_ATTEMPT),
      senderId: requiredEnvironment('SMS_SENDER_ID'),
      entityId: requiredEnvironment('DLT_ENTITY_ID'),
    }),
    ...(whatsapp ? { whatsapp } : {}),
    ackBaseUrl: requiredEnvironment('ACK_BASE_URL'),
    dltTemplateIds: parseDltTemplateIds(requiredEnvironment('DLT_TEMPLATE_IDS')),
  });
}

/** WhatsApp is on where WHATSAPP_PHONE_NUMBER_ID is set; its templates keep their default names unless WHATSAPP_TEMPLATE_NAMES says. */
function whatsAppFromEnvironment(): NotifierDependencies['whatsapp'] {
  const originationPhoneNumberId = process.env.WHATSAPP_PHONE_NUMBER_ID;
  if (!originationPhoneNumberId) return undefined;
  const names = process.env.WHATSAPP_TEMPLATE_NAMES;
  return {
    sender: new SocialMessagingWhatsAppSender({
      client: new SocialMessagingClient(ONE_ATTEMPT),
      originationPhoneNumberId,
      ...(process.env.WHATSAPP_META_API_VERSION ? { metaApiVersion: process.env.WHATSAPP_META_API_VERSION } : {}),
    }),
    templateNames: names ? parseWhatsAppTemplateNames(names) : DEFAULT_WHATSAPP_TEMPLATE_NAMES,
  };
}

/** The WhatsApp events function: statuses as the notifier records them, messages answered as the chat does. */
export function whatsAppEventsDependencies(): WhatsAppEventsDependencies {
  const stores = dynamoDbStores();
  const notifier = snsNotifierDependencies(stores);
  if (!notifier.whatsapp) throw new Error('environment variable WHATSAPP_PHONE_NUMBER_ID is not set');
  return {
    notifier,
    chat: {
      ...httpDependencies(stores),
      whatsapp: notifier.whatsapp.sender,
      coordinatorPhone: requiredEnvironment('COORDINATOR_PHONE'),
      privacyUrl: `${notifier.ackBaseUrl}${PRIVACY_NOTICE_PATH}`,
    },
  };
}
