// Lambda entry point of the week-close job (EventBridge Scheduler, Mondays 00:05 Asia/Kolkata).
import { keepBacklogAtWeekEnd } from '../use-cases/weekly-metrics.js';
import { metricsDependencies } from '../wiring.js';
import { scheduledHandler } from './scheduled-handler.js';

const deps = metricsDependencies();
export const handler = scheduledHandler('week close', (now) => keepBacklogAtWeekEnd(deps, now));
