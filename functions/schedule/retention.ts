// Lambda entry point of the retention job (EventBridge Scheduler, daily).

import { retentionSchedule } from '../settings.js';
import { runRetention } from '../use-cases/retention.js';
import { dynamoDbStores } from '../wiring.js';
import { scheduledHandler } from './scheduled-handler.js';

const { incidents } = dynamoDbStores();
export const handler = scheduledHandler('retention', (now) => runRetention({ incidents, retention: retentionSchedule() }, now));
