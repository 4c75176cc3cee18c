// The local SMS outbox's delivery receipts: after each SMS, what SNS would log about it, in a real
// CloudWatch Logs subscription event (gzip, base64), through the same receipts handler as in AWS.
// The delay is the test's: each receipt is emitted when the test runs it.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, test } from '@jest/globals';
import type { CloudWatchLogsEvent } from 'aws-lambda';
import { decodeLogsEvent } from '../../functions/adapters/cloudwatch/logs-subscription.js';
import type { SmsMessage } from '../../functions/domain/ports.js';
import { SmsDeliveryStatusSchema } from '../../functions/domain/sms/delivery-status.js';
import { createSmsReceiptsHandler } from '../../functions/stream/sms-receipts-handler.js';
import { parseUndelivered } from '../../local/outbox-file.js';
import { type LocalReceipts, SmsOutbox } from '../../local/sms-outbox.js';
import { sentFirstAlert } from '../support/receipts.js';

const NOW = new Date('2026-11-29T05:40:00.000Z');
const message: SmsMessage = {
  to: '+919812345678',
  text: 'Suraksha K7QM2P: Child marriage in Dulduli (high).',
  dltTemplateId: '1007000000000000002',
  segments: 1,
  incidentId: '01JDQ7Z3K4M5N6P7Q8R9S0T1V2',
  contactId: '01JDQ7Z3K4M5N6P7Q8R9S0T1V3',
  kind: 'panchayat',
};

let directory: string;
let lines: string[];
let pending: (() => Promise<void>)[];
beforeEach(async () => {
  directory = await mkdtemp(join(tmpdir(), 'sms-outbox-receipts-'));
  lines = [];
  pending = [];
});
afterEach(() => rm(directory, { recursive: true, force: true }));

/** An outbox whose receipts wait in `pending` until the test runs them. */
const outboxWith = (receipts: Omit<LocalReceipts, 'schedule'>) =>
  new SmsOutbox(
    join(directory, 'sms-outbox.jsonl'),
    (line) => lines.push(line),
    () => NOW,
    { ...receipts, schedule: (emit) => pending.push(emit) },
  );
const runPending = async () => {
  while (pending.length > 0) await pending.shift()?.();
};

describe('the local outbox with receipts', () => {
  test('emits one SUCCESS record per SMS, in a CloudWatch Logs event of the success log group, only when its time comes', async () => {
    // Prepare
    const events: CloudWatchLogsEvent[] = [];
    const outbox = outboxWith({ handler: async (event) => events.push(event) });

    // Act
    const result = await outbox.send(message);
    const beforeTheDelay = events.length;
    await runPending();

    // Assess
    expect(beforeTheDelay).toBe(0);
    expect(events).toHaveLength(1);
    const [event] = events;
    const data = decodeLogsEvent(event as CloudWatchLogsEvent);
    expect(data).toMatchObject({ messageType: 'DATA_MESSAGE', logGroup: 'sns/ap-south-1/000000000000/DirectPublishToPhoneNumber' });
    expect(data.logEvents).toHaveLength(1);
    const record = JSON.parse(data.logEvents[0]?.message ?? '{}');
    expect(SmsDeliveryStatusSchema.parse(record)).toMatchObject({
      notification: { messageId: (result as { messageId: string }).messageId, timestamp: '2026-11-29 05:40:00.000' },
      status: 'SUCCESS',
    });
    expect(record.delivery.destination).toBe(message.to);
    expect(lines).toEqual([expect.stringContaining('…5678'), 'SMS receipt: delivered …5678']);
  });

  test('emits FAILURE, on the failure log group, for a number SMS_LOCAL_UNDELIVERED names by a suffix', async () => {
    // Prepare
    const events: CloudWatchLogsEvent[] = [];
    const outbox = outboxWith({ handler: async (event) => events.push(event), undelivered: parseUndelivered(' 0099 , 5678,') });

    // Act
    await outbox.send(message);
    await outbox.send({ ...message, to: '+919812340000' });
    await runPending();

    // Assess
    const decoded = events.map(decodeLogsEvent);
    expect(decoded.map((data) => data.logGroup)).toEqual([
      'sns/ap-south-1/000000000000/DirectPublishToPhoneNumber/Failure',
      'sns/ap-south-1/000000000000/DirectPublishToPhoneNumber',
    ]);
    expect(decoded.map((data) => JSON.parse(data.logEvents[0]?.message ?? '{}').status)).toEqual(['FAILURE', 'SUCCESS']);
    expect(lines).toContain('SMS receipt: undelivered …5678');
    expect(lines.join('\n')).not.toContain('98123');
  });

  test('a receipt the handler fails on is one console line, never a failed send', async () => {
    // Prepare
    const outbox = outboxWith({
      handler: async () => {
        throw new TypeError('boom');
      },
    });

    // Act
    const result = await outbox.send(message);
    await runPending();

    // Assess
    expect(result.status).toBe('sent');
    expect(lines).toContain('SMS receipt (delivered …5678) failed: TypeError');
  });

  test('parses SMS_LOCAL_UNDELIVERED as a comma list, spaces and empty entries ignored', () => {
    expect(parseUndelivered('+91 98000 00012, 0013 ,,')).toEqual(['+919800000012', '0013']);
    expect(parseUndelivered(undefined)).toEqual([]);
  });
});

test("through the real receipts handler: the panchayat's SMS is undelivered, the volunteer's delivered, and the coordinator told once", async () => {
  // Prepare: the world's SMS go to an outbox whose receipts run the receipts handler on the same stores.
  let handler: ReturnType<typeof createSmsReceiptsHandler> | undefined;
  const outbox = outboxWith({ handler: async (event, context) => handler?.(event, context), undelivered: ['0012'] });
  const world = await sentFirstAlert({ sms: outbox });
  handler = createSmsReceiptsHandler(world.deps);

  // Act: the first alert's receipts, then those of what they caused (the coordinator's "could not reach").
  await runPending();

  // Assess
  const { panchayat, volunteer, coordinator } = world;
  expect(await world.recordOf(panchayat.id)).toMatchObject({ status: 'undelivered', reason: 'unreachable' });
  expect(await world.recordOf(volunteer.id)).toMatchObject({ status: 'delivered' });
  expect(await world.recordOf(coordinator.id, `delivery_failed_${panchayat.id}`)).toMatchObject({ status: 'delivered' });
  expect((await world.records()).filter((record) => record.contactId === coordinator.id)).toHaveLength(1);
  expect(lines.filter((line) => line.startsWith('SMS receipt:')).sort()).toEqual([
    'SMS receipt: delivered …0011',
    'SMS receipt: delivered …0016',
    'SMS receipt: undelivered …0012',
  ]);
});
