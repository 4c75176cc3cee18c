// Lambda entry point for the weekly metrics route (see routes.ts).
import { metricsDependencies } from '../wiring.js';
import { metricsRoutes } from './controllers/metrics.js';
import { httpHandler } from './kit/http-handler.js';
import { handlersFor } from './kit/route.js';

export const handler = httpHandler(handlersFor('metrics', metricsRoutes(metricsDependencies())));
