// SMS delivery receipts (DESIGN.md "The delivery guarantee"): SNS's delivery status records turn a
// `sent` notification record into `delivered` or `undelivered` (with a coarse reason), and an
// undelivered SMS to a duty bearer tells the coordinators as a failed send does. A receipt can come
// up to 72 h after the SMS; the first one recorded stands, so a receipt seen again, or one older than
// what is recorded, changes nothing. Nothing of a record's destination number is read or kept.
import { receiptOf, type SmsDeliveryStatus } from '../domain/sms/delivery-status.js';
import { isDutyBearerKind } from '../domain/vocabulary.js';
import { countMetric } from '../observability/metrics.js';
import { type NotifierDependencies, tellCoordinatorsUndelivered } from './notify.js';

export type ReceiptResult =
  /** The record moved from `sent` to what the receipt says. */
  | 'recorded'
  /** The record already held a receipt (this one again, or another first): nothing changed. */
  | 'already_recorded'
  /** No record carries this message id (not ours, or from before the message id was recorded). */
  | 'unknown_message'
  /** Recorded, but a coordinator's SMS is still held by another attempt's lease: run it again. */
  | 'outstanding';

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
  const record = await deps.notifications.findByMessageId(messageId);
  const incident = record && (await deps.incidents.get(record.incidentId));
  if (!record || !incident) return { messageId, result: 'unknown_message' };

  let result: ReceiptResult = 'already_recorded';
  let current = record;
  if (record.status === 'sent' && record.messageId === messageId) {
    const ended = {
      ...record,
      status: receipt.outcome,
      deliveredAt: receipt.at,
      ...(receipt.outcome === 'undelivered' ? { reason: receipt.reason } : {}),
    };
    if (await deps.notifications.recordReceipt(ended, incident.villageId)) {
      countMetric(receipt.outcome === 'delivered' ? 'SmsDelivered' : 'SmsUndelivered');
      result = 'recorded';
      current = ended;
    } else {
      current = (await deps.notifications.get(record.incidentId, record.step, record.contactId)) ?? record;
    }
  }

  // Also when the receipt was recorded before: an attempt that died between recording it and telling
  // the coordinators is completed by the receipt's redelivery (each coordinator is told once).
  // Coordinators' own "could not reach" SMS tell no one further, as with a failed send.
  if (current.status === 'undelivered' && isDutyBearerKind(current.kind) && !current.step.startsWith('delivery_failed_')) {
    const told = await tellCoordinatorsUndelivered(deps, incident, { id: current.contactId, kind: current.kind });
    if (!told) result = 'outstanding';
  }
  return { messageId, result };
}
