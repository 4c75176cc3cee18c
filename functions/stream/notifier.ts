// Lambda entry point of the notifier, on the table's stream: SMS through SNS with the DLT settings.
import { snsNotifierDependencies } from '../alert-wiring.js';
import { createNotifierHandler } from './notifier-handler.js';

export const handler = createNotifierHandler(snsNotifierDependencies());
