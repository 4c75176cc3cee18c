// Lambda entry point of the escalation job (EventBridge schedule, every 5 minutes).
import { dynamoDbStores } from '../wiring.js';
import { createEscalationHandler } from './escalation-handler.js';

export const handler = createEscalationHandler(dynamoDbStores());
