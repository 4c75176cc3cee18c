// Sending to a provider (SNS for SMS, End User Messaging Social for WhatsApp) with our own retries, so
// that backoff and the reason a send gave up are decided in one place. A send never throws for a
// provider error: it answers a failed result. Privacy: provider error messages can quote the phone
// number, so only an error's name is ever logged, and reasons are our own short codes.
import { setTimeout as delay } from 'node:timers/promises';
import type { SendResult } from '../domain/ports.js';
import { logger } from '../observability/logger.js';

export const DEFAULT_MAX_ATTEMPTS = 4;
/** Full jitter: the n-th retry waits a random time in [0, min(cap, base * 2^(n-1))). */
export const BACKOFF_BASE_MS = 200;
export const BACKOFF_CAP_MS = 5000;

export interface RetryOptions {
  sleep?: (ms: number) => Promise<void>;
  /** A number in [0, 1), as Math.random. */
  random?: () => number;
  /** Calls per message, the first one included. */
  maxAttempts?: number;
}

type Failure = { retryable: boolean; reason: string };

const THROTTLING_NAMES = new Set([
  'Throttling',
  'ThrottlingException',
  'ThrottledException',
  'ThrottledRequestException',
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

export function errorName(error: unknown): string {
  const name = (error as SdkErrorShape | undefined)?.name;
  return typeof name === 'string' ? name : typeof error;
}

/** Whether a retry could help, and the reason recorded if not; `permanent` names the provider's refusals that no retry changes. */
function classify(error: unknown, permanent: Readonly<Record<string, string>>): Failure {
  const { code, $fault, $metadata } = (error ?? {}) as SdkErrorShape;
  const name = errorName(error);
  const status = typeof $metadata?.httpStatusCode === 'number' ? $metadata.httpStatusCode : undefined;
  const permanentReason = permanent[name];
  if (permanentReason) return { retryable: false, reason: permanentReason };
  if (THROTTLING_NAMES.has(name) || status === 429) return { retryable: true, reason: 'throttled' };
  if ($fault === 'server' || (status !== undefined && status >= 500)) return { retryable: true, reason: 'provider_error' };
  if (TIMEOUT_NAMES.has(name) || (typeof code === 'string' && NETWORK_ERROR_CODES.has(code))) {
    return { retryable: true, reason: 'timeout' };
  }
  return { retryable: false, reason: 'provider_error' };
}

export class ProviderSend {
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly random: () => number;
  private readonly maxAttempts: number;

  constructor(
    /** The kind of message, for log lines: `sms`, `whatsapp`. */
    private readonly what: string,
    /** Error names no retry can change, and the reason recorded for each. */
    private readonly permanent: Readonly<Record<string, string>>,
    options: RetryOptions = {},
  ) {
    const maxAttempts = options.maxAttempts ?? DEFAULT_MAX_ATTEMPTS;
    if (!Number.isInteger(maxAttempts) || maxAttempts < 1) throw new RangeError('maxAttempts must be a positive integer');
    this.sleep = options.sleep ?? ((ms) => delay(ms));
    this.random = options.random ?? Math.random;
    this.maxAttempts = maxAttempts;
  }

  /** Calls `attempt` until it answers a message id, fails for good, or runs out of attempts. */
  async run(attempt: () => Promise<string | undefined>, context: Record<string, string | undefined>): Promise<SendResult> {
    for (let attempts = 1; ; attempts += 1) {
      try {
        // A retry after a timeout may send the message twice: for an alert about a child, a duplicate
        // is the lesser harm than a missed one.
        const messageId = await attempt();
        if (messageId) return { status: 'sent', messageId };
        logger.warn(`${this.what} send answered without a message id`, context);
        return { status: 'failed', reason: 'provider_error' };
      } catch (error) {
        const failure = classify(error, this.permanent);
        if (!failure.retryable || attempts >= this.maxAttempts) {
          logger.warn(`${this.what} not sent`, { ...context, reason: failure.reason, error: errorName(error), attempts });
          return { status: 'failed', reason: failure.reason };
        }
        await this.sleep(this.random() * Math.min(BACKOFF_CAP_MS, BACKOFF_BASE_MS * 2 ** (attempts - 1)));
      }
    }
  }
}
