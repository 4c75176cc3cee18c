// Lambda entry point of the SMS receipts function, on SNS's SMS delivery status log groups: it may
// tell coordinators of an undelivered SMS, so it sends SMS through SNS as the notifier does.
import { snsNotifierDependencies } from '../alert-wiring.js';
import { createSmsReceiptsHandler } from './sms-receipts-handler.js';

export const handler = createSmsReceiptsHandler(snsNotifierDependencies());
