// SMS delivery receipts (DESIGN.md "The delivery guarantee"): one record of SNS's SMS delivery status
// log (the log groups sns/<region>/<account>/DirectPublishToPhoneNumber and .../Failure), reduced to
// what a notification record may hold. The record also names the destination number, the carrier and
// the provider's own words; the schema below reads none of them, so they cannot travel further.

import { lazily } from '../lazily.js';
import * as z from '../zod.js';

/**
 * The fields of a delivery status record that receipts use. SNS writes, for example:
 * `{"notification":{"messageId":"…","timestamp":"2016-06-28 00:40:34.558"},"delivery":{"destination":"+1XXX5550100",
 * "providerResponse":"Message has been accepted by phone carrier","dwellTimeMs":599,"dwellTimeMsUntilDeviceAck":1344,
 * "smsType":"Transactional","priceInUSD":0.00645,"mcc":310,"mnc":270,"phoneCarrier":"…"},"status":"SUCCESS"}`.
 * Unknown keys (the destination among them) are dropped by parsing.
 */
export const SmsDeliveryStatusSchema = lazily(() =>
  z.object({
    notification: z.object({
      messageId: z.string().check(z.minLength(1), z.maxLength(200)),
      /** When SNS published the SMS, UTC, as `YYYY-MM-DD HH:mm:ss.SSS`. */
      timestamp: z.optional(z.string().check(z.maxLength(40))),
    }),
    delivery: z._default(
      z.object({
        providerResponse: z.optional(z.string().check(z.maxLength(1000))),
        dwellTimeMs: z.optional(z.number().check(z.minimum(0))),
        dwellTimeMsUntilDeviceAck: z.optional(z.number().check(z.minimum(0))),
      }),
      {},
    ),
    status: z.enum(['SUCCESS', 'FAILURE']),
  }),
);
export type SmsDeliveryStatus = z.infer<typeof SmsDeliveryStatusSchema>;

/** Why an SMS was not delivered, coarsely: never the provider's text, which can quote the number. */
export const UNDELIVERED_REASONS = [
  'opted_out',
  'unknown_subscriber',
  'blocked',
  'expired',
  'unreachable',
  'price_limit',
  'carrier_error',
  'unknown',
] as const;
export type UndeliveredReason = (typeof UNDELIVERED_REASONS)[number];

/** First match wins: "Phone carrier has blocked this message" is `blocked`, not a carrier error. */
const CAUSES: [RegExp, UndeliveredReason][] = [
  [/opted[ -]?out/i, 'opted_out'],
  [/invalid (phone )?number|unknown subscriber|not a valid|does not exist|unallocated/i, 'unknown_subscriber'],
  [/block/i, 'blocked'],
  [/expir|ttl/i, 'expired'],
  [/unreachable|unavailable|switched off|absent/i, 'unreachable'],
  [/max(imum)? price|spend(ing)? limit/i, 'price_limit'],
  [/carrier|provider|network/i, 'carrier_error'],
];

export function undeliveredReason(providerResponse: string | undefined): UndeliveredReason {
  const text = providerResponse ?? '';
  return CAUSES.find(([pattern]) => pattern.test(text))?.[1] ?? 'unknown';
}

export type SmsReceipt =
  | { messageId: string; outcome: 'delivered'; at: string }
  | { messageId: string; outcome: 'undelivered'; at: string; reason: UndeliveredReason };

/**
 * What a delivery status record says: delivered or undelivered, and when (the publish time plus the
 * time until the handset, or else the carrier, answered; `fallback` when the record gives no time).
 */
export function receiptOf(status: SmsDeliveryStatus, fallback: Date): SmsReceipt {
  const messageId = status.notification.messageId;
  const at = receiptTime(status, fallback).toISOString();
  return status.status === 'SUCCESS'
    ? { messageId, outcome: 'delivered', at }
    : { messageId, outcome: 'undelivered', at, reason: undeliveredReason(status.delivery.providerResponse) };
}

function receiptTime({ notification, delivery }: SmsDeliveryStatus, fallback: Date): Date {
  if (!notification.timestamp) return fallback;
  // SNS writes UTC without a zone ("2016-06-28 00:40:34.558"); an ISO time with one is read as it is.
  const text = notification.timestamp.trim().replace(' ', 'T');
  const published = Date.parse(/(Z|[+-]\d\d:?\d\d)$/.test(text) ? text : `${text}Z`);
  if (Number.isNaN(published)) return fallback;
  return new Date(published + (delivery.dwellTimeMsUntilDeviceAck ?? delivery.dwellTimeMs ?? 0));
}
