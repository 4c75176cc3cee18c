// An SMS port that accepts everything and keeps what it was given, for use-case tests.
import type { SmsMessage, SmsSender } from '../../functions/domain/ports.js';

export function recordingSms(): SmsSender & { sent: SmsMessage[] } {
  const sent: SmsMessage[] = [];
  return {
    sent,
    async send(message) {
      sent.push(message);
      return { status: 'sent', messageId: `sms-${sent.length}` };
    },
  };
}
