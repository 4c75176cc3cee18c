// The weekly metrics route of the table, bound to its use case.
import type { AuditDependencies } from '../../use-cases/audit.js';
import { type MetricsDependencies, weeklyMetricsFor } from '../../use-cases/weekly-metrics.js';
import { type BoundRoute, bind } from '../kit/route.js';
import { ROUTE } from '../routes.js';

export function metricsRoutes(deps: MetricsDependencies & AuditDependencies): BoundRoute[] {
  return [bind(ROUTE.weeklyMetrics, ({ caller, params, via }) => weeklyMetricsFor(deps, caller, params.isoWeek, via))];
}
