// The escalation job as a Lambda, on EventBridge Scheduler.
import { type EscalationStores, runEscalations } from '../use-cases/escalate.js';
import { scheduledHandler } from './scheduled-handler.js';

export const createEscalationHandler = (stores: EscalationStores) => scheduledHandler('escalation', (now) => runEscalations(stores, now));
