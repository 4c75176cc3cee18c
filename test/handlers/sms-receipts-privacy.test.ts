// Privacy is a feature: the destination number each SNS delivery status record holds never reaches a
// notification record, a table item or a log line, on any path of the receipts handler.
import { afterAll, beforeAll, expect, test } from '@jest/globals';
import { lambdaContext } from '../support/lambda.js';
import { captureProcessOutput, type ProcessOutput } from '../support/process-output.js';

let output: ProcessOutput;
let receipts: typeof import('../support/receipts.js');
let handlers: typeof import('../../functions/stream/sms-receipts-handler.js');

beforeAll(async () => {
  // The suite runs handlers silent; this test needs every line they would write in Lambda, so the
  // logger is loaded (through these imports) only after the level is raised.
  process.env.POWERTOOLS_LOG_LEVEL = 'DEBUG';
  receipts = await import('../support/receipts.js');
  handlers = await import('../../functions/stream/sms-receipts-handler.js');
  output = captureProcessOutput();
});
afterAll(() => output.restore());

test('the destination number of a receipt reaches no record, no table item and no log line', async () => {
  // Prepare
  const { logsEventOf, rawStatusFor, SAMPLE_DESTINATION, sentFirstAlert } = receipts;
  const { world, deps, panchayat, volunteer, records, messageIdOf } = await sentFirstAlert();
  const handler = handlers.createSmsReceiptsHandler(deps);
  const destinationDigits = SAMPLE_DESTINATION.slice(3);

  // Act: every path that logs: recorded, seen again, unknown, unreadable, and one that fails.
  const failure = rawStatusFor(await messageIdOf(panchayat.id), 'FAILURE');
  await handler(
    logsEventOf([failure, failure, rawStatusFor(await messageIdOf(volunteer.id), 'SUCCESS'), rawStatusFor('unknown-id', 'FAILURE')]),
    lambdaContext('receipts'),
  );
  await handler(logsEventOf([`${failure.slice(0, -3)} ${SAMPLE_DESTINATION}`]), lambdaContext('receipts'));
  deps.notifications.findByMessageId = async () => {
    throw new Error(`lookup failed for ${SAMPLE_DESTINATION}`);
  };
  await expect(handler(logsEventOf([failure]), lambdaContext('receipts'))).rejects.toThrow();

  // Assess
  expect(output.text).toContain('"message":"SMS delivery receipts"');
  expect(output.text).toContain('"message":"SMS delivery receipt for an unknown message"');
  expect(output.text).toContain('"message":"unreadable SMS delivery status record"');
  expect(output.text).toContain('"message":"SMS delivery receipt failed"');
  expect(output.text).not.toContain(destinationDigits);
  expect(JSON.stringify(await records())).not.toContain(destinationDigits);
  expect(JSON.stringify(world.deps.table.items())).not.toContain(destinationDigits);
});
