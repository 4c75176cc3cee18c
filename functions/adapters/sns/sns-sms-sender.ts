// The SMS port on Amazon SNS: one Publish per SMS, with the DLT attributes TRAI requires for Indian
// numbers (DOMAIN.md "SMS in India"). Retries are ours, so that backoff and the reason a send gave up
// are decided in one place; a send never throws for a provider error, it returns a failed result.
// Privacy: SNS error messages can quote the phone number, so only an error's name is ever logged,
// and reasons are our own short codes.
import { setTimeout as delay } from 'node:timers/promises';
import { PublishCommand, type PublishCommandInput, type SNSClient } from '@aws-sdk/client-sns';
import type { SmsMessage, SmsResult, SmsSender } from '../../domain/ports.js';
import { logger } from '../../observability/logger.js';

export const DEFAULT_MAX_ATTEMPTS = 4;
/** Full jitter: the n-th retry waits a random time in [0, min(cap, base * 2^(n-1))). */
export const BACKOFF_BASE_MS = 200;
export const BACKOFF_CAP_MS = 5000;

export interface SnsSmsSenderConfig {
  /**
   * Create it with `maxAttempts: 1` (and a request timeout): the SDK's own retries would multiply
   * ours and hide throttling from the backoff here.
   */
  client: SNSClient;
  /** The alphabetic sender id (header) registered on DLT. */
  senderId: string;
  /** The DLT principal entity id. */
  entityId: string;
  sleep?: (ms: number) => Promise<void>;
  /** A number in [0, 1), as Math.random. */
  random?: () => number;
  /** Calls to Publish per SMS, the first one included. */
  maxAttempts?: number;
}

type Failure = { retryable: boolean; reason: string };

/**
 * Refusals that no retry can change, and the reason recorded for each. There is no opted-out entry:
 * Publish does not answer OptedOutException (SNS models it for the sandbox calls only); a publish
 * to an opted-out number is accepted and fails later, in the SMS delivery status logs. The
 * directory's smsOptIn is what keeps an opted-out contact from being sent to.
 */
const PERMANENT_REASONS: Record<string, string> = {
  InvalidParameterException: 'invalid_number',
  InvalidParameterValueException: 'invalid_number',
  AuthorizationErrorException: 'not_authorized',
};
const THROTTLING_NAMES = new Set([
  'Throttling',
  'ThrottlingException',
  'ThrottledException',
  'TooManyRequestsException',
  'KMSThrottlingException',
]);
const TIMEOUT_NAMES = new Set(['TimeoutError', 'RequestTimeout', 'RequestTimeoutException']);
const NETWORK_ERROR_CODES = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
]);

interface SdkErrorShape {
  name?: unknown;
  code?: unknown;
  $fault?: unknown;
  $metadata?: { httpStatusCode?: unknown };
}

function errorName(error: unknown): string {
  const name = (error as SdkErrorShape | undefined)?.name;
  return typeof name === 'string' ? name : typeof error;
}

function classify(error: unknown): Failure {
  const { code, $fault, $metadata } = (error ?? {}) as SdkErrorShape;
  const name = errorName(error);
  const status = typeof $metadata?.httpStatusCode === 'number' ? $metadata.httpStatusCode : undefined;
  const permanentReason = PERMANENT_REASONS[name];
  if (permanentReason) return { retryable: false, reason: permanentReason };
  if (THROTTLING_NAMES.has(name) || status === 429) return { retryable: true, reason: 'throttled' };
  if ($fault === 'server' || (status !== undefined && status >= 500)) return { retryable: true, reason: 'provider_error' };
  if (TIMEOUT_NAMES.has(name) || (typeof code === 'string' && NETWORK_ERROR_CODES.has(code))) {
    return { retryable: true, reason: 'timeout' };
  }
  return { retryable: false, reason: 'provider_error' };
}

export class SnsSmsSender implements SmsSender {
  private readonly client: SNSClient;
  private readonly senderId: string;
  private readonly entityId: string;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly random: () => number;
  private readonly maxAttempts: number;

  constructor(config: SnsSmsSenderConfig) {
    const maxAttempts = config.maxAttempts ?? DEFAULT_MAX_ATTEMPTS;
    if (!Number.isInteger(maxAttempts) || maxAttempts < 1) throw new RangeError('maxAttempts must be a positive integer');
    this.client = config.client;
    this.senderId = config.senderId;
    this.entityId = config.entityId;
    this.sleep = config.sleep ?? ((ms) => delay(ms));
    this.random = config.random ?? Math.random;
    this.maxAttempts = maxAttempts;
  }

  async send(message: SmsMessage): Promise<SmsResult> {
    const context = { incidentId: message.incidentId, contactId: message.contactId };
    for (let attempt = 1; ; attempt += 1) {
      try {
        // A retry after a timeout may send the SMS twice: for an alert about a child, a duplicate
        // is the lesser harm than a missed one.
        const output = await this.client.send(new PublishCommand(this.publishInput(message)));
        if (output.MessageId) return { status: 'sent', messageId: output.MessageId };
        logger.warn('sms publish answered without a message id', context);
        return { status: 'failed', reason: 'provider_error' };
      } catch (error) {
        const failure = classify(error);
        if (!failure.retryable || attempt >= this.maxAttempts) {
          logger.warn('sms not sent', { ...context, reason: failure.reason, error: errorName(error), attempts: attempt });
          return { status: 'failed', reason: failure.reason };
        }
        await this.sleep(this.backoffDelay(attempt));
      }
    }
  }

  private backoffDelay(retry: number): number {
    return this.random() * Math.min(BACKOFF_CAP_MS, BACKOFF_BASE_MS * 2 ** (retry - 1));
  }

  private publishInput(message: SmsMessage): PublishCommandInput {
    const attribute = (value: string) => ({ DataType: 'String', StringValue: value });
    return {
      PhoneNumber: message.to,
      Message: message.text,
      MessageAttributes: {
        'AWS.SNS.SMS.SMSType': attribute('Transactional'),
        'AWS.SNS.SMS.SenderID': attribute(this.senderId),
        'AWS.MM.SMS.EntityId': attribute(this.entityId),
        'AWS.MM.SMS.TemplateId': attribute(message.dltTemplateId),
      },
    };
  }
}
