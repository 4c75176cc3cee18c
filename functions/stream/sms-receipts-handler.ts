// The SMS receipts function: SNS's SMS delivery status log groups, through a CloudWatch Logs
// subscription, in; notification records `delivered` or `undelivered` out (functions/use-cases/receipts.ts).
// Every record of a batch is tried; if any could not be finished the invocation fails so that Lambda
// runs the whole batch again (asynchronous retries), which the use case makes harmless. A log line
// names a message id at most: each status record holds the destination number, which is never read.
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import type { CloudWatchLogsEvent, CloudWatchLogsLogEvent, Context } from 'aws-lambda';
import { decodeLogsEvent } from '../adapters/cloudwatch/logs-subscription.js';
import { type SmsDeliveryStatus, SmsDeliveryStatusSchema } from '../domain/sms/delivery-status.js';
import { loggableError, logger } from '../observability/logger.js';
import type { NotifierDependencies } from '../use-cases/notify.js';
import { recordSmsReceipt } from '../use-cases/receipts.js';

export interface ReceiptsSummary {
  recorded: number;
  alreadyRecorded: number;
  unknownMessage: number;
  unreadable: number;
}

export function createSmsReceiptsHandler(deps: NotifierDependencies) {
  return middy<CloudWatchLogsEvent, ReceiptsSummary, Error, Context>()
    .use(injectLambdaContext(logger, { resetKeys: true, logEvent: false }))
    .handler(async (event) => {
      const data = decodeLogsEvent(event);
      const summary: ReceiptsSummary = { recorded: 0, alreadyRecorded: 0, unknownMessage: 0, unreadable: 0 };
      // CloudWatch Logs checks a new subscription's destination with a message of its own.
      if (data.messageType !== 'DATA_MESSAGE') return summary;
      let unfinished = 0;
      for (const logEvent of data.logEvents) {
        const status = deliveryStatusOf(logEvent);
        if (!status) {
          summary.unreadable += 1;
          logger.warn('unreadable SMS delivery status record', { logEventId: logEvent.id });
          continue;
        }
        const messageId = status.notification.messageId;
        try {
          const { result } = await recordSmsReceipt(deps, status);
          if (result === 'recorded') summary.recorded += 1;
          else if (result === 'already_recorded') summary.alreadyRecorded += 1;
          else {
            summary.unknownMessage += 1;
            logger.info('SMS delivery receipt for an unknown message', { messageId });
          }
        } catch (error) {
          unfinished += 1;
          logger.error('SMS delivery receipt failed', { messageId, error: loggableError(error) });
        }
      }
      logger.info('SMS delivery receipts', { ...summary, unfinished });
      if (unfinished > 0) throw new ReceiptsUnfinishedError(unfinished);
      return summary;
    });
}

class ReceiptsUnfinishedError extends Error {
  override readonly name = 'ReceiptsUnfinishedError';
  constructor(count: number) {
    super(`${count} SMS delivery receipt(s) not finished; the batch is run again`);
  }
}

/** The status record a log event carries, or undefined when it is not one. */
function deliveryStatusOf(logEvent: CloudWatchLogsLogEvent): SmsDeliveryStatus | undefined {
  let json: unknown;
  try {
    json = JSON.parse(logEvent.message);
  } catch {
    return undefined;
  }
  const parsed = SmsDeliveryStatusSchema.safeParse(json);
  return parsed.success ? parsed.data : undefined;
}
