// What every function that sends alerts needs beyond wiring.ts: the SMS and WhatsApp senders and
// the template ids, from the environment.
import { randomBytes } from 'node:crypto';
import { SNSClient } from '@aws-sdk/client-sns';
import { SocialMessagingClient } from '@aws-sdk/client-socialmessaging';
import { SnsSmsSender } from './adapters/sns/sns-sms-sender.js';
import { SocialMessagingWhatsAppSender } from './adapters/social-messaging/whatsapp-sender.js';
import type { SmsSender, Stores } from './domain/ports.js';
import { PRIVACY_NOTICE_PATH } from './domain/privacy-notice.js';
import {
  DEFAULT_WHATSAPP_TEMPLATE_NAMES,
  type DltTemplateIds,
  parseDltTemplateIds,
  parseWhatsAppTemplateNames,
} from './domain/sms/templates.js';
import { requiredEnvironment } from './observability/environment.js';
import type { WhatsAppEventsDependencies } from './stream/whatsapp-events-handler.js';
import type { NotifierDependencies } from './use-cases/notify.js';
import { dynamoDbStores, httpDependencies, newIds } from './wiring.js';

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
