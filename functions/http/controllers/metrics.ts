// HTTP ↔ use case for the weekly programme metrics.
import { isIsoWeek } from '../../domain/metrics/iso-week.js';
import { IsoWeekSchema } from '../../domain/schemas.js';
import { type MetricsDependencies, weeklyMetricsFor } from '../../use-cases/weekly-metrics.js';
import { callerFrom } from '../kit/caller.js';
import { json, type RouteHandler } from '../kit/http-handler.js';
import { readPathParameter, readQuery } from '../kit/request.js';
import { NoQuerySchema } from '../queries.js';

/** An ISO week that exists: 2026-W53 does (2026 begins on a Thursday), 2027-W53 does not. */
const ExistingWeekSchema = IsoWeekSchema.refine(isIsoWeek, { error: 'that year has no such ISO week' });

export function metricsRoutes(deps: MetricsDependencies): Record<string, RouteHandler> {
  return {
    'GET /metrics/weekly/{isoWeek}': async (event) => {
      const caller = callerFrom(event);
      const week = readPathParameter(event, 'isoWeek', ExistingWeekSchema);
      readQuery(event, NoQuerySchema);
      return json(200, await weeklyMetricsFor(deps, caller, week));
    },
  };
}
