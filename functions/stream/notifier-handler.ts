// The notifier: notices from the table's stream in, SMS out. Records are processed in order, one at a
// time, and each failure is reported alone (ReportBatchItemFailures), so Lambda retries from that
// record; a notice left outstanding (another attempt's lease) is the sweeper's a minute later.
import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import type { Context, DynamoDBBatchResponse, DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import { noticeOf } from '../adapters/dynamodb/stream-records.js';
import { loggableError, logger } from '../observability/logger.js';
import { deliverNotice, type NotifierDependencies } from '../use-cases/notify.js';

export function createNotifierHandler(deps: NotifierDependencies) {
  const processor = new BatchProcessor(EventType.DynamoDBStreams);

  const handleRecord = async (record: DynamoDBRecord): Promise<void> => {
    const notice = noticeOf(record);
    if (!notice) return;
    try {
      await deliverNotice(deps, notice);
    } catch (error) {
      // Only ids and the error's name: a child's details never reach a log.
      logger.error('notification failed', {
        incidentId: notice.incidentId,
        step: notice.step,
        sequenceNumber: record.dynamodb?.SequenceNumber,
        error: loggableError(error),
      });
      throw error;
    }
  };

  return middy<DynamoDBStreamEvent, DynamoDBBatchResponse, Error, Context>()
    .use(injectLambdaContext(logger, { resetKeys: true, logEvent: false }))
    .handler((event, context) =>
      processPartialResponse(event, handleRecord, processor, { context, processInParallel: false, throwOnFullBatchFailure: false }),
    );
}
