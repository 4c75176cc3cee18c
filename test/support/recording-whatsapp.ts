// A WhatsApp port that accepts everything and keeps what it was given, for use-case tests; its
// message ids are what a status event names the message by.
import type { WhatsAppOutgoing, WhatsAppSender } from '../../functions/domain/ports.js';

export function recordingWhatsApp(): WhatsAppSender & { sent: (WhatsAppOutgoing & { messageId: string })[] } {
  const sent: (WhatsAppOutgoing & { messageId: string })[] = [];
  return {
    sent,
    async send(outgoing) {
      const messageId = `wa-${sent.length + 1}`;
      sent.push({ ...outgoing, messageId });
      return { status: 'sent', messageId };
    },
  };
}
