// SMS delivery receipts on the memory stores: a `sent` record becomes `delivered` or `undelivered`
// with a coarse reason, once; an undelivered duty bearer's SMS tells each coordinator once, through
// the notifier's own "could not reach" path; an unknown message id changes nothing.
import { describe, expect, jest, test } from '@jest/globals';
import type { SmsMessage } from '../../../functions/domain/ports.js';
import { undeliveredReason } from '../../../functions/domain/sms/delivery-status.js';
import { LOCAL_DLT_TEMPLATE_IDS } from '../../../functions/domain/sms/templates.js';
import { metrics } from '../../../functions/observability/metrics.js';
import { deliverNotice } from '../../../functions/use-cases/notify.js';
import { recordSmsReceipt, recordSmsReceipts } from '../../../functions/use-cases/receipts.js';
import { sentFirstAlert, statusFor } from '../../support/receipts.js';

const toCoordinators = (sent: SmsMessage[]) => sent.filter((sms) => sms.kind === 'coordinator');

describe('a SUCCESS receipt', () => {
  test('moves the sent record to delivered at the time the handset acknowledged, and counts SmsDelivered', async () => {
    // Prepare
    const { deps, sent, panchayat, recordOf, messageIdOf } = await sentFirstAlert();
    const messageId = await messageIdOf(panchayat.id);
    const counted = jest.spyOn(metrics(), 'addMetric');
    const sentBefore = sent.length;

    // Act
    const outcome = await recordSmsReceipt(deps, statusFor(messageId, 'SUCCESS'));

    // Assess: 10:00:01.558 published, acknowledged 1344 ms later.
    expect(outcome).toEqual({ messageId, result: 'recorded' });
    const record = await recordOf(panchayat.id);
    expect(record).toMatchObject({ status: 'delivered', deliveredAt: '2026-11-28T10:00:02.902Z', messageId });
    expect(record.reason).toBeUndefined();
    expect(sent).toHaveLength(sentBefore);
    expect(counted.mock.calls.map(([name]) => name)).toEqual(['SmsDelivered']);
    counted.mockRestore();
  });

  test('arriving 72 hours after the SMS is still recorded', async () => {
    // Prepare
    const { world, deps, volunteer, recordOf, messageIdOf } = await sentFirstAlert();
    world.deps.setNow('2026-12-01T10:00:00.000Z');

    // Act
    const outcome = await recordSmsReceipt(deps, statusFor(await messageIdOf(volunteer.id), 'SUCCESS'));

    // Assess
    expect(outcome.result).toBe('recorded');
    expect((await recordOf(volunteer.id)).status).toBe('delivered');
  });
});

describe('a FAILURE receipt', () => {
  test("for a duty bearer: undelivered with a coarse reason, and each coordinator told once on the notifier's step", async () => {
    // Prepare
    const { deps, sent, panchayat, coordinator, recordOf, messageIdOf } = await sentFirstAlert();
    const messageId = await messageIdOf(panchayat.id);
    const counted = jest.spyOn(metrics(), 'addMetric');

    // Act
    const outcome = await recordSmsReceipt(deps, statusFor(messageId, 'FAILURE'));

    // Assess
    expect(outcome).toEqual({ messageId, result: 'recorded' });
    expect(await recordOf(panchayat.id)).toMatchObject({
      status: 'undelivered',
      reason: 'blocked',
      deliveredAt: '2026-11-28T10:00:03.251Z',
    });
    const told = toCoordinators(sent);
    expect(told.map((sms) => [sms.contactId, sms.dltTemplateId])).toEqual([
      [coordinator.id, LOCAL_DLT_TEMPLATE_IDS.delivery_failed[coordinator.language]],
    ]);
    expect(await recordOf(coordinator.id, `delivery_failed_${panchayat.id}`)).toMatchObject({ status: 'sent', kind: 'coordinator' });
    expect(counted.mock.calls.map(([name]) => name)).toEqual(['SmsUndelivered', 'SmsSent']);
    counted.mockRestore();
  });

  test('for a volunteer: undelivered with its reason, and no coordinator is told', async () => {
    // Prepare
    const { deps, sent, volunteer, recordOf, messageIdOf } = await sentFirstAlert();
    const sentBefore = sent.length;

    // Act
    await recordSmsReceipt(deps, statusFor(await messageIdOf(volunteer.id), 'FAILURE', { providerResponse: 'Invalid phone number' }));

    // Assess
    expect(await recordOf(volunteer.id)).toMatchObject({ status: 'undelivered', reason: 'unknown_subscriber' });
    expect(sent).toHaveLength(sentBefore);
  });

  test('then the notice delivered again (stream redelivery or the sweeper): the coordinators are not told twice', async () => {
    // Prepare
    const { deps, sent, panchayat, firstAlert, messageIdOf } = await sentFirstAlert();
    await recordSmsReceipt(deps, statusFor(await messageIdOf(panchayat.id), 'FAILURE'));
    const sentBefore = sent.length;

    // Act
    await deliverNotice(deps, firstAlert);

    // Assess
    expect(sent).toHaveLength(sentBefore);
    expect(toCoordinators(sent)).toHaveLength(1);
  });
});

describe('receipts seen again or out of order', () => {
  test('the same FAILURE receipt twice changes nothing the second time and tells no coordinator again', async () => {
    // Prepare
    const { deps, sent, panchayat, records, messageIdOf } = await sentFirstAlert();
    const status = statusFor(await messageIdOf(panchayat.id), 'FAILURE');
    await recordSmsReceipt(deps, status);
    const before = await records();
    const sentBefore = sent.length;
    const counted = jest.spyOn(metrics(), 'addMetric');

    // Act
    const again = await recordSmsReceipt(deps, status);

    // Assess
    expect(again.result).toBe('already_recorded');
    expect(await records()).toEqual(before);
    expect(sent).toHaveLength(sentBefore);
    expect(counted).not.toHaveBeenCalled();
    counted.mockRestore();
  });

  test('an older FAILURE arriving after the SUCCESS recorded leaves it delivered, and tells no one', async () => {
    // Prepare
    const { deps, sent, panchayat, recordOf, messageIdOf } = await sentFirstAlert();
    const messageId = await messageIdOf(panchayat.id);
    const sentBefore = sent.length;

    // Act: the later SUCCESS first, then an earlier FAILURE, in one batch.
    const outcomes = await recordSmsReceipts(deps, [
      statusFor(messageId, 'SUCCESS', { timestamp: '2026-11-28 10:05:00.000' }),
      statusFor(messageId, 'FAILURE', { timestamp: '2026-11-28 10:00:01.000' }),
    ]);

    // Assess
    expect(outcomes.map((outcome) => outcome.result)).toEqual(['recorded', 'already_recorded']);
    expect(await recordOf(panchayat.id)).toMatchObject({ status: 'delivered', deliveredAt: '2026-11-28T10:05:01.344Z' });
    expect(sent).toHaveLength(sentBefore);
  });
});

test('a receipt for an unknown message id is ignored: no record changes', async () => {
  // Prepare
  const { deps, sent, records } = await sentFirstAlert();
  const before = await records();
  const sentBefore = sent.length;

  // Act
  const outcome = await recordSmsReceipt(deps, statusFor('not-one-of-ours', 'FAILURE'));

  // Assess
  expect(outcome).toEqual({ messageId: 'not-one-of-ours', result: 'unknown_message' });
  expect(await records()).toEqual(before);
  expect(sent).toHaveLength(sentBefore);
});

describe('the reason of an undelivered SMS', () => {
  test.each([
    ['Phone carrier has blocked this message', 'blocked'],
    ['Phone has blocked SMS', 'blocked'],
    ['Phone is on a blocked list', 'blocked'],
    ['Phone number is opted out', 'opted_out'],
    ['Invalid phone number', 'unknown_subscriber'],
    ['Phone is currently unreachable/unavailable', 'unreachable'],
    ['Phone carrier is currently unreachable/unavailable', 'unreachable'],
    ['Message has expired', 'expired'],
    ['This delivery would exceed max price', 'price_limit'],
    ['Phone carrier error', 'carrier_error'],
    ['Unknown error attempting to reach phone', 'unknown'],
  ])('"%s" is %s', (providerResponse, reason) => {
    // Act and Assess
    expect(undeliveredReason(providerResponse)).toBe(reason);
  });

  test('is a code from a fixed list, never the provider text', () => {
    // Act
    const reason = undeliveredReason('Unknown error reaching +919812340099 at carrier X');

    // Assess
    expect(reason).toBe('carrier_error');
  });
});
