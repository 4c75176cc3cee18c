// Delivery receipts' world for tests: a first alert sent on memory stores (to a duty bearer and a
// volunteer, with a coordinator covering the village), SNS delivery status records made from the
// samples in events/logs/, and the CloudWatch Logs subscription event that carries them.
import type { CloudWatchLogsEvent } from 'aws-lambda';
import { encodeLogsEvent } from '../../functions/adapters/cloudwatch/logs-subscription.js';
import { notifierDependencies } from '../../functions/alert-wiring.js';
import type { PlannedNotice } from '../../functions/domain/notification-plan.js';
import type { SmsMessage, SmsSender } from '../../functions/domain/ports.js';
import type { Incident, NotificationRecord } from '../../functions/domain/schemas.js';
import { type SmsDeliveryStatus, SmsDeliveryStatusSchema } from '../../functions/domain/sms/delivery-status.js';
import { LOCAL_DLT_TEMPLATE_IDS } from '../../functions/domain/sms/templates.js';
import { deliverNotice } from '../../functions/use-cases/notify.js';
import { anIncident, reportEntry } from './fixtures.js';
import { loadEvent } from './lambda.js';
import { required } from './required.js';
import { programmeWorld } from './use-case-world.js';

/** The fake destination number of the samples: it must never reach a record or a log line. */
export const SAMPLE_DESTINATION = '+919812340099';

export const DELIVERED = loadEvent<Record<string, unknown>>('logs/sms-delivered.json');
export const UNDELIVERED = loadEvent<Record<string, unknown>>('logs/sms-undelivered.json');

/** The sample delivery status record (events/logs/) for another message, as the handler parses it. */
export function statusFor(
  messageId: string,
  outcome: 'SUCCESS' | 'FAILURE',
  options: { providerResponse?: string; timestamp?: string } = {},
): SmsDeliveryStatus {
  const sample = structuredClone(outcome === 'SUCCESS' ? DELIVERED : UNDELIVERED) as {
    notification: Record<string, unknown>;
    delivery: Record<string, unknown>;
  };
  sample.notification.messageId = messageId;
  if (options.timestamp) sample.notification.timestamp = options.timestamp;
  if (options.providerResponse) sample.delivery.providerResponse = options.providerResponse;
  return SmsDeliveryStatusSchema.parse(sample);
}

/** The raw record (destination and all) as SNS writes it to its log group. */
export function rawStatusFor(messageId: string, outcome: 'SUCCESS' | 'FAILURE'): string {
  const sample = structuredClone(outcome === 'SUCCESS' ? DELIVERED : UNDELIVERED) as { notification: Record<string, unknown> };
  sample.notification.messageId = messageId;
  return JSON.stringify(sample);
}

/** A CloudWatch Logs subscription event of the success or failure log group, gzipped and base64-encoded. */
export function logsEventOf(messages: string[], logGroup = 'sns/ap-south-1/123456789012/DirectPublishToPhoneNumber'): CloudWatchLogsEvent {
  return encodeLogsEvent({
    messageType: 'DATA_MESSAGE',
    owner: '123456789012',
    logGroup,
    logStream: '34d9b400-c6dd-5444-820d-fbeb0f1f54cf',
    subscriptionFilters: ['SmsReceipts'],
    logEvents: messages.map((message, index) => ({
      id: `3719552948062585${index}`,
      timestamp: Date.parse('2026-11-28T10:00:03Z'),
      message,
    })),
  });
}

/** A first alert sent to the panchayat (a duty bearer) and the volunteer; the coordinator covers the village. */
export async function sentFirstAlert(options: { sms?: SmsSender } = {}) {
  const world = await programmeWorld();
  const { panchayat, volunteer, coordinator } = world.programme;
  const sent: SmsMessage[] = [];
  const sms: SmsSender = {
    async send(message) {
      sent.push(message);
      return { status: 'sent', messageId: `m-${sent.length}` };
    },
  };
  const deps = notifierDependencies({
    stores: world.deps,
    sms: options.sms ?? sms,
    ackBaseUrl: 'https://sk.example.in',
    dltTemplateIds: LOCAL_DLT_TEMPLATE_IDS,
    clock: world.deps.clock,
  });
  const draft = anIncident({ routedTo: [panchayat.id, volunteer.id] });
  const created = await world.deps.incidents.create({ incident: draft, history: reportEntry(draft) });
  const incident: Incident = created.replayed ? draft : created.record;
  const firstAlert: PlannedNotice = {
    kind: 'first_alert',
    step: 'first_alert',
    contactIds: incident.routedTo,
    toCoordinators: false,
    incidentId: incident.id,
    villageId: incident.villageId,
    plannedAt: incident.updatedAt,
  };
  if ((await deliverNotice(deps, firstAlert)) !== 'delivered') throw new Error('the first alert was not delivered');
  const records = () => world.deps.notifications.listForIncident(incident.id);
  const recordOf = async (contactId: string, step = 'first_alert'): Promise<NotificationRecord> =>
    required(
      (await records()).find((record) => record.contactId === contactId && record.step === step),
      `the ${step} record of ${contactId}`,
    );
  const messageIdOf = async (contactId: string) => required((await recordOf(contactId)).messageId, 'a message id');
  return { world, deps, sent, incident, panchayat, volunteer, coordinator, records, recordOf, messageIdOf, firstAlert };
}
