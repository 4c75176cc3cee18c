// The WhatsApp events function with the sample events under events/whatsapp/ (End User Messaging
// Social's header around Meta's webhook entry, as its user guide documents them): each parses into what
// the use cases read, statuses land on the notification record SendWhatsAppMessage's id names, a
// volunteer's message is answered, and at DEBUG no log line carries a phone number or typed words.
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import type { SNSEvent } from 'aws-lambda';
import type { NotificationRecord } from '../../functions/domain/schemas.js';
import { DEFAULT_WHATSAPP_TEMPLATE_NAMES, LOCAL_DLT_TEMPLATE_IDS } from '../../functions/domain/sms/templates.js';
import { parseSocialMessagingEvent } from '../../functions/domain/whatsapp/events.js';
import { aContact, ON_WHATSAPP } from '../support/fixtures.js';
import { lambdaContext, loadEvent } from '../support/lambda.js';
import { captureProcessOutput, type ProcessOutput } from '../support/process-output.js';
import { recordingSms } from '../support/recording-sms.js';
import { recordingWhatsApp } from '../support/recording-whatsapp.js';
import { aReport, programmeWorld } from '../support/use-case-world.js';

const VOLUNTEER_PHONE = '+919000000001';
const PANCHAYAT_PHONE = '+919000000003';
const SENT_ID = '6d69f07a-c317-4278-9d5c-6a84078419ec';
const META_ID = 'wamid.HBgMOTE5MDAwMDAwMDAzFQIAERgSQTFCMkMzRDRFNUY2RzdIOAA=';
const sample = (name: string) => loadEvent<SNSEvent>(`whatsapp/${name}.json`);
const snsMessageOf = (name: string) => sample(name).Records[0]?.Sns.Message ?? '';

let output: ProcessOutput;
let handlers: typeof import('../../functions/stream/whatsapp-events-handler.js');
let incidents: typeof import('../../functions/use-cases/incidents.js');

beforeAll(async () => {
  // Every line the function would write in Lambda: the logger is loaded only after the level is raised.
  process.env.POWERTOOLS_LOG_LEVEL = 'DEBUG';
  handlers = await import('../../functions/stream/whatsapp-events-handler.js');
  incidents = await import('../../functions/use-cases/incidents.js');
  output = captureProcessOutput();
});
afterAll(() => output.restore());

describe('the sample events parse into what the use cases read', () => {
  test.each([
    ['inbound-text', { kind: 'text', text: 'নমস্কার' }],
    ['inbound-list-reply', { kind: 'choice', id: 'group:marriage' }],
    ['inbound-button-reply', { kind: 'choice', id: 'medical:no' }],
    ['inbound-acknowledge', { kind: 'quick_reply', payload: 'ack:AbCdEfGhIjKlMnOp' }],
    ['inbound-image', { kind: 'media' }],
  ])('%s: a message from the sender, with its id and what it says; the sender’s profile name is not read', (name, content) => {
    const parsed = parseSocialMessagingEvent(snsMessageOf(name));
    expect(parsed?.statuses).toEqual([]);
    expect(parsed?.messages).toEqual([
      { id: expect.stringMatching(/^wamid\./), from: expect.stringMatching(/^\+9190000000\d\d$/), at: '2026-11-29T05:42:10.000Z', content },
    ]);
    expect(JSON.stringify(parsed)).not.toContain('Local tester');
  });

  test.each([
    ['status-sent', 'sent', undefined],
    ['status-delivered', 'delivered', undefined],
    ['status-read', 'read', undefined],
    ['status-failed', 'failed', 131026],
  ])('%s: the id SendWhatsAppMessage answered, Meta’s id, the status and when', (name, status, errorCode) => {
    expect(parseSocialMessagingEvent(snsMessageOf(name))).toEqual({
      statuses: [
        { messageId: SENT_ID, metaMessageId: META_ID, status, at: '2026-11-29T05:42:10.000Z', ...(errorCode ? { errorCode } : {}) },
      ],
      messages: [],
    });
  });

  test('anything else is not an event of ours', () => {
    expect(parseSocialMessagingEvent('{"Type":"SubscriptionConfirmation"}')).toBeUndefined();
    expect(parseSocialMessagingEvent('not json')).toBeUndefined();
    expect(parseSocialMessagingEvent(JSON.stringify({ whatsAppWebhookEntry: '{"changes":"no"}' }))).toBeUndefined();
  });
});

describe('the handler', () => {
  async function world() {
    const programme = await programmeWorld();
    const volunteer = aContact({ kind: 'volunteer', name: 'Rupa', phone: VOLUNTEER_PHONE, ...ON_WHATSAPP });
    const panchayat = aContact({ kind: 'panchayat', name: 'Pradhan', phone: PANCHAYAT_PHONE, ...ON_WHATSAPP });
    for (const contact of [volunteer, panchayat]) await programme.deps.directory.createContact(contact);
    const whatsapp = recordingWhatsApp();
    const notifier = {
      ...programme.deps,
      sms: recordingSms(),
      whatsapp: { sender: whatsapp, templateNames: DEFAULT_WHATSAPP_TEMPLATE_NAMES },
      newToken: () => 'AbCdEfGhIjKlMnOp',
      ackBaseUrl: 'https://sk.example.in',
      dltTemplateIds: LOCAL_DLT_TEMPLATE_IDS,
    };
    const handler = handlers.createWhatsAppEventsHandler({
      notifier,
      chat: { ...programme.deps, whatsapp, coordinatorPhone: '+919800000099', privacyUrl: 'https://sk.example.in/privacy' },
    });
    return { ...programme, volunteer, panchayat, whatsapp, handler };
  }

  test('records the sample statuses on the record SendWhatsAppMessage named: delivered, then read, and Meta’s id kept', async () => {
    // Prepare: a report, and the panchayat's record as the notifier left it after sending.
    const { deps, callers, panchayat, handler } = await world();
    const outcome = await incidents.reportIncident(deps, callers.coordinator, aReport());
    const incidentId = (outcome as { record: { id: string } }).record.id;
    const sent: NotificationRecord = {
      id: '01JD0000000000000000000N01',
      incidentId,
      step: 'first_alert',
      contactId: panchayat.id,
      kind: 'panchayat',
      channel: 'whatsapp',
      language: 'bn',
      status: 'sent',
      messageId: SENT_ID,
      createdAt: '2026-11-29T05:42:00.000Z',
      sentAt: '2026-11-29T05:42:01.000Z',
    };
    await deps.notifications.claim({ ...sent, status: 'pending' }, 'v-hingalganj-1');
    await deps.notifications.update(sent, 'v-hingalganj-1');

    // Act
    const summaries = [];
    for (const name of ['status-sent', 'status-delivered', 'status-read', 'status-delivered']) {
      summaries.push(await handler(sample(name), lambdaContext('whatsapp-events')));
    }

    // Assess
    expect(summaries.map((summary) => summary.statuses)).toEqual([1, 1, 1, 1]);
    expect(await deps.notifications.get(incidentId, 'first_alert', panchayat.id, 'whatsapp')).toMatchObject({
      status: 'delivered',
      deliveredAt: '2026-11-29T05:42:10.000Z',
      readAt: '2026-11-29T05:42:10.000Z',
      providerMessageId: META_ID,
    });
    expect(await deps.notifications.findByMessageId(META_ID)).toMatchObject({ contactId: panchayat.id, channel: 'whatsapp' });
  });

  test('answers a volunteer’s first message and refuses a photo, counting each', async () => {
    const { handler, whatsapp } = await world();
    const first = await handler(sample('inbound-text'), lambdaContext('whatsapp-events'));
    const photo = await handler(sample('inbound-image'), lambdaContext('whatsapp-events'));
    expect([first.messages, photo.messages]).toEqual([{ continued: 1 }, { refused: 1 }]);
    expect(whatsapp.sent.map(({ to }) => to)).toEqual([VOLUNTEER_PHONE, VOLUNTEER_PHONE, VOLUNTEER_PHONE]);
  });

  test('an unreadable notification is counted and skipped; a failing use case fails the batch, so Lambda runs it again', async () => {
    const { handler, deps } = await world();
    const unreadable = sample('inbound-text');
    const [record] = unreadable.Records;
    if (record) record.Sns.Message = '{"Type":"Notification"}';
    expect((await handler(unreadable, lambdaContext('whatsapp-events'))).unreadable).toBe(1);

    deps.directory.contactsWithPhone = async () => {
      throw new Error(`lookup failed for ${VOLUNTEER_PHONE}`);
    };
    await expect(handler(sample('inbound-text'), lambdaContext('whatsapp-events'))).rejects.toThrow('1 WhatsApp event(s) not finished');
  });

  test('no log line carries a phone number or what a person typed', async () => {
    // Prepare: a whole exchange, logged at DEBUG.
    const { handler } = await world();
    for (const name of ['inbound-text', 'inbound-list-reply', 'inbound-button-reply', 'inbound-image', 'inbound-acknowledge']) {
      await handler(sample(name), lambdaContext('whatsapp-events'));
    }

    // Assess
    expect(output.text).toContain('"message":"WhatsApp events"');
    for (const secret of ['9000000001', '9000000003', 'নমস্কার', 'Local tester']) expect(output.text).not.toContain(secret);
  });
});
