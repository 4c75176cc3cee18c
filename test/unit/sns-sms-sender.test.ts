// The SNS adapter of the SMS port: the exact Publish it makes, what it retries and how long it
// waits, what it gives up on at once, and that a phone number never leaves it in a result or a log.

import {
  AuthorizationErrorException,
  EndpointDisabledException,
  InternalErrorException,
  InvalidParameterException,
  InvalidParameterValueException,
  KMSThrottlingException,
  PublishCommand,
  SNSClient,
  SNSServiceException,
} from '@aws-sdk/client-sns';
import { afterEach, beforeEach, describe, expect, jest, test } from '@jest/globals';
import { mockClient } from 'aws-sdk-client-mock';
import { BACKOFF_BASE_MS, BACKOFF_CAP_MS, DEFAULT_MAX_ATTEMPTS } from '../../functions/adapters/provider-send.js';
import { SnsSmsSender, type SnsSmsSenderConfig } from '../../functions/adapters/sns/sns-sms-sender.js';
import type { SmsMessage } from '../../functions/domain/ports.js';
import { logger } from '../../functions/observability/logger.js';
import { required } from '../support/required.js';

const PHONE = '+919812345678';
const message: SmsMessage = {
  to: PHONE,
  text: 'Suraksha K7QM2P: Child marriage in Dulduli (high). Please act and confirm: https://sk.example.in/a/AbCdEfGhIjKlMnOp',
  dltTemplateId: '1007000000000000002',
  segments: 1,
  incidentId: '01JDQ7Z3K4M5N6P7Q8R9S0T1V2',
  contactId: '01JDQ7Z3K4M5N6P7Q8R9S0T1V3',
  kind: 'panchayat',
};

const client = new SNSClient({ region: 'ap-south-1', maxAttempts: 1 });
const snsMock = mockClient(client);
let delays: number[];

function sender(config: Partial<SnsSmsSenderConfig> = {}): SnsSmsSender {
  return new SnsSmsSender({
    client,
    senderId: 'SRKSHA',
    entityId: '1001000000000000001',
    sleep: async (ms) => {
      delays.push(ms);
    },
    random: () => 0.5,
    ...config,
  });
}

const metadata = (httpStatusCode: number) => ({ $metadata: { httpStatusCode } });
const throttling = () => new SNSServiceException({ name: 'Throttling', $fault: 'client', ...metadata(400), message: 'Rate exceeded' });
const invalidNumber = () =>
  new InvalidParameterException({ message: `Invalid parameter: PhoneNumber Reason: ${PHONE} is not valid`, ...metadata(400) });
const withCode = (code: string) => Object.assign(new Error(`read ${code}`), { code });
const named = (name: string) => Object.assign(new Error('request timed out'), { name });

beforeEach(() => {
  snsMock.reset();
  delays = [];
});

describe('SnsSmsSender', () => {
  test('publishes the exact DLT message and returns the message id', async () => {
    snsMock.on(PublishCommand).resolves({ MessageId: 'mid-1' });

    await expect(sender().send(message)).resolves.toEqual({ status: 'sent', messageId: 'mid-1' });

    const calls = snsMock.commandCalls(PublishCommand);
    expect(calls).toHaveLength(1);
    const [call] = calls;
    expect(required(call, 'the publish call').args[0].input).toEqual({
      PhoneNumber: PHONE,
      Message: message.text,
      MessageAttributes: {
        'AWS.SNS.SMS.SMSType': { DataType: 'String', StringValue: 'Transactional' },
        'AWS.SNS.SMS.SenderID': { DataType: 'String', StringValue: 'SRKSHA' },
        'AWS.MM.SMS.EntityId': { DataType: 'String', StringValue: '1001000000000000001' },
        'AWS.MM.SMS.TemplateId': { DataType: 'String', StringValue: '1007000000000000002' },
      },
    });
  });

  test('throttled twice, then sent on the third call, after two backed-off waits', async () => {
    snsMock.on(PublishCommand).rejectsOnce(throttling()).rejectsOnce(throttling()).resolves({ MessageId: 'mid-3' });

    await expect(sender().send(message)).resolves.toEqual({ status: 'sent', messageId: 'mid-3' });

    expect(snsMock.commandCalls(PublishCommand)).toHaveLength(3);
    // Full jitter with random() = 0.5: half of 200 ms, then half of 400 ms.
    expect(delays).toEqual([0.5 * BACKOFF_BASE_MS, 0.5 * BACKOFF_BASE_MS * 2]);
  });

  test('with real randomness each wait stays within its full-jitter bound', async () => {
    snsMock.on(PublishCommand).rejectsOnce(throttling()).rejectsOnce(throttling()).rejectsOnce(throttling()).resolves({ MessageId: 'm' });

    await sender({ random: undefined }).send(message);

    expect(delays).toHaveLength(3);
    delays.forEach((ms, retry) => {
      expect(ms).toBeGreaterThanOrEqual(0);
      expect(ms).toBeLessThan(BACKOFF_BASE_MS * 2 ** retry);
    });
  });

  test('the wait never exceeds the cap', async () => {
    snsMock.on(PublishCommand).rejects(throttling());

    await sender({ maxAttempts: 12, random: () => 0.999999 }).send(message);

    expect(delays).toHaveLength(11);
    expect(Math.max(...delays)).toBeLessThanOrEqual(BACKOFF_CAP_MS);
    expect(delays.at(-1)).toBeCloseTo(0.999999 * BACKOFF_CAP_MS);
  });

  const retryable = [
    { name: 'Throttling', error: throttling, reason: 'throttled' },
    {
      name: 'KMSThrottlingException',
      error: () => new KMSThrottlingException({ message: 'slow down', ...metadata(400) }),
      reason: 'throttled',
    },
    {
      name: 'a 429',
      error: () => new SNSServiceException({ name: 'TooManyRequestsException', $fault: 'client', ...metadata(429), message: '' }),
      reason: 'throttled',
    },
    {
      name: 'InternalErrorException',
      error: () => new InternalErrorException({ message: 'oops', ...metadata(500) }),
      reason: 'provider_error',
    },
    {
      name: 'an unmodelled 503',
      error: () => new SNSServiceException({ name: 'ServiceUnavailable', $fault: 'server', ...metadata(503), message: '' }),
      reason: 'provider_error',
    },
    { name: 'a 502 without a fault', error: () => Object.assign(new Error('bad gateway'), metadata(502)), reason: 'provider_error' },
    { name: 'TimeoutError', error: () => named('TimeoutError'), reason: 'timeout' },
    { name: 'ECONNRESET', error: () => withCode('ECONNRESET'), reason: 'timeout' },
    { name: 'EAI_AGAIN', error: () => withCode('EAI_AGAIN'), reason: 'timeout' },
  ];

  test.each(retryable)('$name is retried, then succeeds', async ({ error }) => {
    snsMock.on(PublishCommand).rejectsOnce(error()).resolves({ MessageId: 'mid-2' });

    await expect(sender().send(message)).resolves.toEqual({ status: 'sent', messageId: 'mid-2' });
    expect(snsMock.commandCalls(PublishCommand)).toHaveLength(2);
    expect(delays).toHaveLength(1);
  });

  test.each(retryable)('$name on every call: failed "$reason" after the default number of attempts', async ({ error, reason }) => {
    snsMock.on(PublishCommand).rejects(error());

    await expect(sender().send(message)).resolves.toEqual({ status: 'failed', reason });
    expect(snsMock.commandCalls(PublishCommand)).toHaveLength(DEFAULT_MAX_ATTEMPTS);
    expect(delays).toHaveLength(DEFAULT_MAX_ATTEMPTS - 1);
  });

  test('maxAttempts bounds the calls', async () => {
    snsMock.on(PublishCommand).rejects(throttling());

    await expect(sender({ maxAttempts: 2 }).send(message)).resolves.toEqual({ status: 'failed', reason: 'throttled' });
    expect(snsMock.commandCalls(PublishCommand)).toHaveLength(2);
  });

  test.each([
    { name: 'InvalidParameterException', error: invalidNumber, reason: 'invalid_number' },
    {
      name: 'InvalidParameterValueException',
      error: () => new InvalidParameterValueException({ message: 'bad', ...metadata(400) }),
      reason: 'invalid_number',
    },
    {
      name: 'AuthorizationErrorException',
      error: () => new AuthorizationErrorException({ message: 'denied', ...metadata(403) }),
      reason: 'not_authorized',
    },
    {
      name: 'an other client error',
      error: () => new EndpointDisabledException({ message: 'off', ...metadata(400) }),
      reason: 'provider_error',
    },
    { name: 'something that is not an Error', error: () => 'boom' as unknown as Error, reason: 'provider_error' },
  ])('$name is not retried: failed "$reason" after exactly 1 call', async ({ error, reason }) => {
    snsMock.on(PublishCommand).rejects(error());

    await expect(sender().send(message)).resolves.toEqual({ status: 'failed', reason });
    expect(snsMock.commandCalls(PublishCommand)).toHaveLength(1);
    expect(delays).toEqual([]);
  });

  test('an answer without a message id is a failure, not a retry (the SMS may have gone)', async () => {
    snsMock.on(PublishCommand).resolves({});

    await expect(sender().send(message)).resolves.toEqual({ status: 'failed', reason: 'provider_error' });
    expect(snsMock.commandCalls(PublishCommand)).toHaveLength(1);
  });

  test('refuses a maxAttempts below 1', () => {
    expect(() => sender({ maxAttempts: 0 })).toThrow(RangeError);
  });

  describe('privacy', () => {
    let warn: ReturnType<typeof jest.spyOn>;
    beforeEach(() => {
      warn = jest.spyOn(logger, 'warn');
    });
    afterEach(() => warn.mockRestore());

    test('a failure logs ids, the reason and the error name, never the number, the text or the SNS message', async () => {
      snsMock.on(PublishCommand).rejects(invalidNumber());

      const result = await sender().send(message);

      expect(warn).toHaveBeenCalledTimes(1);
      expect(warn.mock.calls[0]).toEqual([
        'sms not sent',
        {
          incidentId: message.incidentId,
          contactId: message.contactId,
          reason: 'invalid_number',
          error: 'InvalidParameterException',
          attempts: 1,
        },
      ]);
      const everythingSaid = JSON.stringify([result, warn.mock.calls]);
      for (const secret of ['9812345678', 'Dulduli', 'Child marriage', 'Invalid parameter']) expect(everythingSaid).not.toContain(secret);
    });
  });
});
