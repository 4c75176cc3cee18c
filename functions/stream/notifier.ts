// Lambda entry point of the notifier, on the table's stream: SMS through SNS with the DLT settings.
import { SNSClient } from '@aws-sdk/client-sns';
import { SnsSmsSender } from '../adapters/sns/sns-sms-sender.js';
import { parseDltTemplateIds } from '../domain/sms/templates.js';
import { requiredEnvironment } from '../observability/environment.js';
import { dynamoDbStores, notifierDependencies } from '../wiring.js';
import { createNotifierHandler } from './notifier-handler.js';

export const handler = createNotifierHandler(
  notifierDependencies({
    stores: dynamoDbStores(),
    sms: new SnsSmsSender({
      // Our sender retries with backoff and jitter; the SDK's own retries would multiply them.
      client: new SNSClient({ maxAttempts: 1, requestHandler: { requestTimeout: 5_000, connectionTimeout: 2_000 } }),
      senderId: requiredEnvironment('SMS_SENDER_ID'),
      entityId: requiredEnvironment('DLT_ENTITY_ID'),
    }),
    ackBaseUrl: requiredEnvironment('ACK_BASE_URL'),
    dltTemplateIds: parseDltTemplateIds(requiredEnvironment('DLT_TEMPLATE_IDS')),
  }),
);
