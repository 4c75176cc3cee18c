// Lambda entry point of the sweeper (EventBridge Scheduler, every minute).
import { snsNotifierDependencies } from '../alert-wiring.js';
import { createSweepHandler } from './sweep-handler.js';

export const handler = createSweepHandler(snsNotifierDependencies());
