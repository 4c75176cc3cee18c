// WhatsApp message statuses (Meta's `statuses` webhook, delivered by End User Messaging Social):
// sent, delivered, read, failed, reduced to what a notification record may hold. A failure's reason
// is our own coarse word for Meta's error code, never Meta's text. Pure.
import type { NotificationRecord } from '../schemas.js';

export interface WhatsAppStatus {
  /** The id SendWhatsAppMessage answered, as End User Messaging Social puts it on the event; absent on some events. */
  messageId?: string;
  /** Meta's id of the message (wamid): every status carries it. */
  metaMessageId: string;
  status: 'sent' | 'delivered' | 'read' | 'failed' | 'deleted' | 'warning';
  /** When WhatsApp saw it happen. */
  at: string;
  /** Meta's error code, for a failure. */
  errorCode?: number;
}

/** Why a WhatsApp message was not delivered, coarsely (Cloud API error codes). */
export function undeliveredReason(code: number | undefined): string {
  if (code === undefined) return 'unknown';
  if (code === 131026) return 'unreachable'; // not on WhatsApp, or an app too old to receive it
  if (code === 131050) return 'opted_out'; // the person stopped messages from this business
  if (code === 131047) return 'window_closed';
  if (code === 131049) return 'meta_limited';
  if (code === 131056 || code === 130429 || code === 131048) return 'throttled';
  if (code === 131042) return 'account_issue';
  if (code >= 132000 && code < 133000) return 'template_error';
  if (code === 131000 || code === 1 || code === 2) return 'provider_error';
  return 'unknown';
}

/**
 * The record after a status, or undefined when the status tells nothing new: a status only moves a
 * record forward (sent, then delivered, then read), and a failure counts only before delivery.
 * Meta's id is kept from the first status, so that later events naming only it find the record.
 */
export function afterWhatsAppStatus(record: NotificationRecord, status: WhatsAppStatus): NotificationRecord | undefined {
  const withMetaId = record.providerMessageId ? record : { ...record, providerMessageId: status.metaMessageId };
  const learnt = withMetaId === record ? undefined : withMetaId;
  switch (status.status) {
    case 'delivered':
      return record.status === 'sent' ? { ...withMetaId, status: 'delivered', deliveredAt: status.at } : learnt;
    case 'read':
      if (record.readAt || (record.status !== 'sent' && record.status !== 'delivered')) return learnt;
      return { ...withMetaId, status: 'delivered', deliveredAt: record.deliveredAt ?? status.at, readAt: status.at };
    case 'failed':
      return record.status === 'sent'
        ? { ...withMetaId, status: 'undelivered', deliveredAt: status.at, reason: undeliveredReason(status.errorCode) }
        : learnt;
    default:
      return record.status === 'sent' ? learnt : undefined;
  }
}
