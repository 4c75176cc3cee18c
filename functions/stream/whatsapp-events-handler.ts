// The WhatsApp events function: what AWS End User Messaging Social publishes to the business account's
// SNS topic, in; statuses recorded on notification records (functions/use-cases/receipts.ts), and
// people's messages answered (functions/use-cases/whatsapp-inbound.ts), out. Every event of a batch
// is tried; if any could not be finished the invocation fails, so that Lambda runs the batch again
// (asynchronous retries), which both use cases make harmless. Log lines hold counts and ids, never a
// number or anything a person typed.
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import type { Context, SNSEvent } from 'aws-lambda';
import { parseSocialMessagingEvent } from '../domain/whatsapp/events.js';
import { loggableError, logger } from '../observability/logger.js';
import type { NotifierDependencies } from '../use-cases/notify.js';
import { recordWhatsAppStatus } from '../use-cases/receipts.js';
import { handleInboundMessage, type InboundResult, type WhatsAppChatDependencies } from '../use-cases/whatsapp-inbound.js';

export interface WhatsAppEventsDependencies {
  /** For statuses: delivering a failed message's notice by SMS at once. */
  notifier: NotifierDependencies;
  /** For people's messages: reports, acknowledgements, STOP. */
  chat: WhatsAppChatDependencies;
}

export interface WhatsAppEventsSummary {
  statuses: number;
  messages: Partial<Record<InboundResult, number>>;
  unreadable: number;
}

export function createWhatsAppEventsHandler(deps: WhatsAppEventsDependencies) {
  return middy<SNSEvent, WhatsAppEventsSummary, Error, Context>()
    .use(injectLambdaContext(logger, { resetKeys: true, logEvent: false }))
    .handler(async (event) => {
      const summary: WhatsAppEventsSummary = { statuses: 0, messages: {}, unreadable: 0 };
      let unfinished = 0;
      const attempt = async (what: string, work: () => Promise<void>) => {
        try {
          await work();
        } catch (error) {
          unfinished += 1;
          logger.error(`WhatsApp ${what} failed`, { error: loggableError(error) });
        }
      };
      for (const record of event.Records) {
        const parsed = parseSocialMessagingEvent(record.Sns.Message);
        if (!parsed) {
          summary.unreadable += 1;
          logger.warn('unreadable WhatsApp event', { snsMessageId: record.Sns.MessageId });
          continue;
        }
        for (const status of parsed.statuses) {
          await attempt('status', async () => {
            await recordWhatsAppStatus(deps.notifier, status);
            summary.statuses += 1;
          });
        }
        for (const message of parsed.messages) {
          await attempt('message', async () => {
            const result = await handleInboundMessage(deps.chat, message);
            summary.messages[result] = (summary.messages[result] ?? 0) + 1;
          });
        }
      }
      logger.info('WhatsApp events', { ...summary, unfinished });
      if (unfinished > 0) throw new WhatsAppEventsUnfinishedError(unfinished);
      return summary;
    });
}

class WhatsAppEventsUnfinishedError extends Error {
  override readonly name = 'WhatsAppEventsUnfinishedError';
  constructor(count: number) {
    super(`${count} WhatsApp event(s) not finished; the batch is run again`);
  }
}
