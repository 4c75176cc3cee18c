// Operational metrics as CloudWatch EMF lines (Powertools): counts only, never about a person.
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';

export const metrics = new Metrics({ namespace: 'Suraksha', serviceName: process.env.POWERTOOLS_SERVICE_NAME ?? 'suraksha' });

/** Counts one event and flushes it at once: handlers stay free of a metrics middleware that would
 *  warn on every request that counted nothing. */
export function countMetric(
  name:
    | 'IncidentsReported'
    | 'SmsSent'
    | 'SmsFailed'
    | 'SmsSkipped'
    | 'SmsDelivered'
    | 'SmsUndelivered'
    | 'FunderEmailsSent'
    | 'FunderEmailsFailed'
    | 'RouteItemsDeferred',
): void {
  metrics.addMetric(name, MetricUnit.Count, 1);
  metrics.publishStoredMetrics();
}
