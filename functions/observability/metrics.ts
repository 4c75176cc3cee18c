// Operational metrics as CloudWatch EMF lines (Powertools): counts only, never about a person.
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import type { NotificationChannel } from '../domain/vocabulary.js';

let instance: Metrics | undefined;
/**
 * Built on the first count, not at import: its console on the process's output streams cost every
 * cold start, and many invocations count nothing (reads, runs with nothing due).
 */
export const metrics = (): Metrics =>
  (instance ??= new Metrics({ namespace: 'Suraksha', serviceName: process.env.POWERTOOLS_SERVICE_NAME ?? 'suraksha' }));

/** Counts one event and flushes it at once: handlers stay free of a metrics middleware that would
 *  warn on every request that counted nothing. */
export function countMetric(
  name: `${ChannelMetricPrefix}${ChannelEvent}` | 'IncidentsReported' | 'FunderEmailsSent' | 'FunderEmailsFailed' | 'RouteItemsDeferred',
): void {
  const counter = metrics();
  counter.addMetric(name, MetricUnit.Count, 1);
  counter.publishStoredMetrics();
}

const CHANNEL_METRIC_PREFIX = { sms: 'Sms', whatsapp: 'WhatsApp' } as const;
type ChannelMetricPrefix = (typeof CHANNEL_METRIC_PREFIX)[keyof typeof CHANNEL_METRIC_PREFIX];
type ChannelEvent = 'Sent' | 'Failed' | 'Skipped' | 'Delivered' | 'Undelivered' | 'Read';

/** One message's fate on its channel: SmsSent, WhatsAppDelivered, ... */
export function countChannelMetric(channel: NotificationChannel, event: ChannelEvent): void {
  countMetric(`${CHANNEL_METRIC_PREFIX[channel]}${event}`);
}
