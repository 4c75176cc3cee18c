// Lambda entry point of the WhatsApp events function, subscribed to the business account's SNS topic:
// it records statuses, may send SMS when a WhatsApp message failed, and answers people's messages.
import { whatsAppEventsDependencies } from '../alert-wiring.js';
import { createWhatsAppEventsHandler } from './whatsapp-events-handler.js';

export const handler = createWhatsAppEventsHandler(whatsAppEventsDependencies());
