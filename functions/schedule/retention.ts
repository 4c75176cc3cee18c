// Lambda entry point of the retention job (EventBridge Scheduler, daily).
import { runRetention } from '../use-cases/retention.js';
import { dynamoDbStores, retentionSchedule } from '../wiring.js';
import { scheduledHandler } from './scheduled-handler.js';

const { incidents } = dynamoDbStores();
export const handler = scheduledHandler('retention', (now) => runRetention({ incidents, retention: retentionSchedule() }, now));
