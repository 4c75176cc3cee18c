// The SMS receipts function as CloudWatch Logs invokes it: a subscription event (gzip, base64) of SNS's
// delivery status records, built from the samples in events/logs/. The destination number each record
// holds never reaches a notification record, the table or a log line (sms-receipts-privacy.test.ts).
import { describe, expect, test } from '@jest/globals';
import { encodeLogsEvent } from '../../functions/adapters/cloudwatch/logs-subscription.js';
import { createSmsReceiptsHandler } from '../../functions/stream/sms-receipts-handler.js';
import { lambdaContext } from '../support/lambda.js';
import { logsEventOf, rawStatusFor, sentFirstAlert } from '../support/receipts.js';

const FAILURE_LOG_GROUP = 'sns/ap-south-1/123456789012/DirectPublishToPhoneNumber/Failure';

describe('the SMS receipts handler', () => {
  test('records a SUCCESS from the success log group and a FAILURE from the failure log group', async () => {
    // Prepare
    const { deps, panchayat, volunteer, recordOf, messageIdOf } = await sentFirstAlert();
    const handler = createSmsReceiptsHandler(deps);

    // Act
    const delivered = await handler(logsEventOf([rawStatusFor(await messageIdOf(volunteer.id), 'SUCCESS')]), lambdaContext('receipts'));
    const undelivered = await handler(
      logsEventOf([rawStatusFor(await messageIdOf(panchayat.id), 'FAILURE')], FAILURE_LOG_GROUP),
      lambdaContext('receipts'),
    );

    // Assess
    expect(delivered).toEqual({ recorded: 1, alreadyRecorded: 0, unknownMessage: 0, unreadable: 0 });
    expect(undelivered).toEqual({ recorded: 1, alreadyRecorded: 0, unknownMessage: 0, unreadable: 0 });
    expect(await recordOf(volunteer.id)).toMatchObject({ status: 'delivered' });
    expect(await recordOf(panchayat.id)).toMatchObject({ status: 'undelivered', reason: 'blocked' });
  });

  test('counts a record seen again, an unknown message id and a line that is no status record, and still succeeds', async () => {
    // Prepare
    const { deps, volunteer, messageIdOf } = await sentFirstAlert();
    const handler = createSmsReceiptsHandler(deps);
    const record = rawStatusFor(await messageIdOf(volunteer.id), 'SUCCESS');

    // Act
    const summary = await handler(
      logsEventOf([record, record, rawStatusFor('not-ours', 'SUCCESS'), 'not json', '{"status":"MAYBE"}']),
      lambdaContext('receipts'),
    );

    // Assess
    expect(summary).toEqual({ recorded: 1, alreadyRecorded: 1, unknownMessage: 1, unreadable: 2 });
  });

  test("ignores CloudWatch Logs' control message, which checks a new subscription", async () => {
    // Prepare
    const { deps, records } = await sentFirstAlert();
    const before = await records();
    const control = encodeLogsEvent({
      messageType: 'CONTROL_MESSAGE',
      owner: 'CloudwatchLogs',
      logGroup: '',
      logStream: '',
      subscriptionFilters: [],
      logEvents: [{ id: '', timestamp: 1, message: 'CWL CONTROL MESSAGE: Checking health of destination Lambda function.' }],
    });

    // Act
    const summary = await createSmsReceiptsHandler(deps)(control, lambdaContext('receipts'));

    // Assess
    expect(summary).toEqual({ recorded: 0, alreadyRecorded: 0, unknownMessage: 0, unreadable: 0 });
    expect(await records()).toEqual(before);
  });

  test('fails the invocation when a receipt could not be recorded, after trying every other one', async () => {
    // Prepare: the store fails for the panchayat's message only.
    const world = await sentFirstAlert();
    const failing = world.deps.notifications.findByMessageId.bind(world.deps.notifications);
    const panchayatMessage = await world.messageIdOf(world.panchayat.id);
    world.deps.notifications.findByMessageId = async (messageId) => {
      if (messageId === panchayatMessage) throw new Error('throttled');
      return failing(messageId);
    };
    const handler = createSmsReceiptsHandler(world.deps);

    // Act
    const run = handler(
      logsEventOf([rawStatusFor(panchayatMessage, 'FAILURE'), rawStatusFor(await world.messageIdOf(world.volunteer.id), 'SUCCESS')]),
      lambdaContext('receipts'),
    );

    // Assess: Lambda retries the batch; the volunteer's receipt is recorded already.
    await expect(run).rejects.toThrow('1 SMS delivery receipt(s) not finished');
    expect((await world.recordOf(world.volunteer.id)).status).toBe('delivered');
  });
});
