// The sweeper as a Lambda, on EventBridge Scheduler every minute.
import type { NotifierDependencies } from '../use-cases/notify.js';
import { runSweep } from '../use-cases/sweep.js';
import { scheduledHandler } from './scheduled-handler.js';

export const createSweepHandler = (deps: NotifierDependencies) => scheduledHandler('sweep', (now) => runSweep(deps, now));
