// A duty bearer's alert on WhatsApp carries a quick-reply button whose payload is the alert's
// acknowledgement token: tapping it acknowledges under the same rules as opening the link.
const ACK_PAYLOAD_PREFIX = 'ack:';

export const ackButtonPayload = (token: string) => `${ACK_PAYLOAD_PREFIX}${token}`;

/** The acknowledgement token a button's payload carries, if it is one of ours. */
export function ackTokenOf(payload: string): string | undefined {
  return payload.startsWith(ACK_PAYLOAD_PREFIX) ? payload.slice(ACK_PAYLOAD_PREFIX.length) : undefined;
}
