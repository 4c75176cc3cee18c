// Delivery receipts (DESIGN.md "The delivery guarantee"): SNS's SMS delivery status records and
// WhatsApp's status events turn a `sent` notification record into `delivered` (WhatsApp: and read)
// or `undelivered` (with a coarse reason). An undelivered WhatsApp message goes by SMS at once; an
// undelivered SMS to a duty bearer or coordinator, their last channel, tells the coordinators. A
// receipt can come late and twice: the first one recorded stands, so one seen again, or one older
// than what is recorded, changes nothing. Nothing of a record's destination number is read or kept.

import type { Incident, NotificationRecord } from '../domain/schemas.js';
import { receiptOf, type SmsDeliveryStatus } from '../domain/sms/delivery-status.js';
import { afterWhatsAppStatus, type WhatsAppStatus } from '../domain/whatsapp/delivery-status.js';
import { countChannelMetric } from '../observability/metrics.js';
import { deliverNotice, type NotifierDependencies, tellCoordinatorsUndelivered } from './notify.js';

export type ReceiptResult =
  /** The record moved to what the receipt says. */
  | 'recorded'
  /** The record already held this receipt, or a later one: nothing changed. */
  | 'already_recorded'
  /** No record carries this message id (not ours, or from before the message id was recorded). */
  | 'unknown_message';

export interface ReceiptOutcome {
  messageId: string;
  result: ReceiptResult;
}

/** Every receipt of a batch, one after another; each answers for itself. */
export async function recordSmsReceipts(deps: NotifierDependencies, statuses: readonly SmsDeliveryStatus[]): Promise<ReceiptOutcome[]> {
  const outcomes: ReceiptOutcome[] = [];
  for (const status of statuses) outcomes.push(await recordSmsReceipt(deps, status));
  return outcomes;
}

export async function recordSmsReceipt(deps: NotifierDependencies, status: SmsDeliveryStatus): Promise<ReceiptOutcome> {
  const receipt = receiptOf(status, deps.clock());
  const { messageId } = receipt;
  const found = await recordOf(deps, [messageId]);
  if (!found) return { messageId, result: 'unknown_message' };
  const { record, incident } = found;
  const ended =
    record.status === 'sent' && record.messageId === messageId
      ? {
          ...record,
          status: receipt.outcome,
          deliveredAt: receipt.at,
          ...(receipt.outcome === 'undelivered' ? { reason: receipt.reason } : {}),
        }
      : undefined;
  const { result, current } = await recordIfUnchanged(deps, incident, record, ended);
  // Also when the receipt was recorded before: an attempt that died between recording it and telling
  // the coordinators is completed by the receipt's redelivery (each coordinator is told once).
  if (current.status === 'undelivered') await tellCoordinatorsUndelivered(deps, incident, current);
  return { messageId, result };
}

/**
 * A WhatsApp status event: found by the id SendWhatsAppMessage answered (the event's `messageId`) or,
 * once learnt from an earlier status, Meta's own id. A message that failed goes by SMS now, through
 * the notice that sent it, rather than at its failover time.
 */
export async function recordWhatsAppStatus(deps: NotifierDependencies, event: WhatsAppStatus): Promise<ReceiptOutcome> {
  const messageId = event.messageId ?? event.metaMessageId;
  const found = await recordOf(deps, [event.messageId, event.metaMessageId]);
  if (!found) return { messageId, result: 'unknown_message' };
  const { record, incident } = found;
  const { result, current } = await recordIfUnchanged(deps, incident, record, afterWhatsAppStatus(record, event));
  if (result === 'recorded' && current.status === 'undelivered') {
    const notice = (await deps.notifications.outstanding(incident.id)).find(({ step }) => step === record.step);
    if (notice) await deliverNotice(deps, notice);
  }
  return { messageId, result };
}

async function recordOf(
  deps: NotifierDependencies,
  messageIds: readonly (string | undefined)[],
): Promise<{ record: NotificationRecord; incident: Incident } | undefined> {
  for (const messageId of messageIds) {
    const record = messageId ? await deps.notifications.findByMessageId(messageId) : undefined;
    const incident = record && (await deps.incidents.get(record.incidentId));
    if (record && incident) return { record, incident };
  }
  return undefined;
}

/** Writes `next` if the record is still as it was read; answers the record as it stands after. */
async function recordIfUnchanged(
  deps: NotifierDependencies,
  incident: Incident,
  record: NotificationRecord,
  next: NotificationRecord | undefined,
): Promise<{ result: ReceiptResult; current: NotificationRecord }> {
  if (!next) return { result: 'already_recorded', current: record };
  if (await deps.notifications.recordReceipt(next, incident.villageId, record.status)) {
    if (next.status !== record.status) countChannelMetric(next.channel, next.status === 'delivered' ? 'Delivered' : 'Undelivered');
    if (next.readAt && !record.readAt) countChannelMetric(next.channel, 'Read');
    return { result: 'recorded', current: next };
  }
  const current = await deps.notifications.get(record.incidentId, record.step, record.contactId, record.channel);
  return { result: 'already_recorded', current: current ?? record };
}
