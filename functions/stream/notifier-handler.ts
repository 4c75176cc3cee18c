// The notifier: the table's stream in, SMS out. Records are processed in order, one at a time, and
// each failure is reported alone (ReportBatchItemFailures), so Lambda retries from that record.
import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import type { Context, DynamoDBBatchResponse, DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import { incidentChangeOf } from '../adapters/dynamodb/stream-records.js';
import { loggableError, logger } from '../observability/logger.js';
import { type NotifierDependencies, notifyIncidentChange } from '../use-cases/notify.js';

export function createNotifierHandler(deps: NotifierDependencies) {
  const processor = new BatchProcessor(EventType.DynamoDBStreams);

  const handleRecord = async (record: DynamoDBRecord): Promise<void> => {
    const change = incidentChangeOf(record);
    if (!change) return;
    try {
      await notifyIncidentChange(deps, change.previous, change.incident);
    } catch (error) {
      // Only ids and the error's name: the record's images hold the child's details.
      logger.error('notification failed', {
        incidentId: change.incident.id,
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
