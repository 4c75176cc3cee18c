// The weekly metrics route of the table, bound to its use case.
import { type MetricsDependencies, weeklyMetricsFor } from '../../use-cases/weekly-metrics.js';
import { type BoundRoute, bind } from '../kit/route.js';
import { ROUTE } from '../routes.js';

export function metricsRoutes(deps: MetricsDependencies): BoundRoute[] {
  return [bind(ROUTE.weeklyMetrics, ({ caller, params }) => weeklyMetricsFor(deps, caller, params.isoWeek))];
}
