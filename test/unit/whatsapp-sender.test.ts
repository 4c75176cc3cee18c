// The WhatsApp port on End User Messaging Social, against a mocked client: the exact SendWhatsAppMessage
// input (the Meta Cloud API template message, its quick-reply payload, the origination number and API
// version), and what each refusal or fault becomes. Retries follow the same policy as SNS's.
import {
  AccessDeniedByMetaException,
  InternalServiceException,
  SendWhatsAppMessageCommand,
  SocialMessagingClient,
  ThrottledRequestException,
  ValidationException,
} from '@aws-sdk/client-socialmessaging';
import { beforeEach, describe, expect, test } from '@jest/globals';
import { mockClient } from 'aws-sdk-client-mock';
import { DEFAULT_MAX_ATTEMPTS } from '../../functions/adapters/provider-send.js';
import { DEFAULT_META_API_VERSION, SocialMessagingWhatsAppSender } from '../../functions/adapters/social-messaging/whatsapp-sender.js';
import type { WhatsAppOutgoing } from '../../functions/domain/ports.js';
import { DEFAULT_WHATSAPP_TEMPLATE_NAMES, messageOf, smsFactsOf } from '../../functions/domain/sms/templates.js';
import { smsChannel, whatsAppChannel } from '../../functions/use-cases/channels.js';
import { aContact, anIncident, ON_WHATSAPP } from '../support/fixtures.js';
import { recordingSms } from '../support/recording-sms.js';
import { required } from '../support/required.js';

const PHONE_NUMBER_ID = 'phone-number-id-0123456789abcdef0123456789abcdef';
const client = new SocialMessagingClient({ region: 'ap-south-1', maxAttempts: 1 });
const mock = mockClient(client);
let delays: number[];

const sender = () =>
  new SocialMessagingWhatsAppSender({
    client,
    originationPhoneNumberId: PHONE_NUMBER_ID,
    sleep: async (ms) => {
      delays.push(ms);
    },
    random: () => 0.5,
  });

/** The panchayat's alert as the notifier sends it: the channel renders it. */
async function alertSentBy(sendThrough: SocialMessagingWhatsAppSender) {
  const contact = { ...aContact({ kind: 'panchayat', language: 'bn', phone: '+919000000003', ...ON_WHATSAPP }), phone: '+919000000003' };
  const incident = anIncident({ shortCode: 'K7QM2P', category: 'child_marriage', severity: 'high' });
  const facts = smsFactsOf(incident, 'Hingalganj');
  const channel = whatsAppChannel(sendThrough, DEFAULT_WHATSAPP_TEMPLATE_NAMES);
  const message = {
    ...messageOf('first_alert_responder', { facts, link: 'https://sk.example.in/a/AbCdEfGhIjKlMnOp' }),
    ackToken: 'AbCdEfGhIjKlMnOp',
  };
  return channel.send(contact, message, incident.id);
}

const sentMessage = () => {
  const [call] = mock.commandCalls(SendWhatsAppMessageCommand);
  const input = required(call, 'a SendWhatsAppMessage call').args[0].input;
  return { ...input, message: JSON.parse(new TextDecoder().decode(input.message)) as unknown };
};

beforeEach(() => {
  mock.reset();
  delays = [];
});

describe('SocialMessagingWhatsAppSender', () => {
  test('sends the Meta template message, Bengali parameters and the Acknowledge payload, from the configured number', async () => {
    // Prepare
    mock.on(SendWhatsAppMessageCommand).resolves({ messageId: '6d69f07a-c317-4278-9d5c-6a84078419ec' });

    // Act
    const result = await alertSentBy(sender());

    // Assess
    expect(result).toEqual({ status: 'sent', messageId: '6d69f07a-c317-4278-9d5c-6a84078419ec' });
    expect(sentMessage()).toEqual({
      originationPhoneNumberId: PHONE_NUMBER_ID,
      metaApiVersion: DEFAULT_META_API_VERSION,
      message: {
        messaging_product: 'whatsapp',
        recipient_type: 'individual',
        to: '+919000000003',
        type: 'template',
        template: {
          name: 'suraksha_first_alert_responder',
          language: { code: 'bn' },
          components: [
            {
              type: 'body',
              parameters: [
                { type: 'text', text: 'K7QM2P' },
                { type: 'text', text: 'বাল্যবিবাহ' },
                { type: 'text', text: 'Hingalganj' },
                { type: 'text', text: 'গুরুতর' },
              ],
            },
            { type: 'button', sub_type: 'quick_reply', index: '0', parameters: [{ type: 'payload', payload: 'ack:AbCdEfGhIjKlMnOp' }] },
          ],
        },
      },
    });
  });

  test('a text reply is passed through as it is', async () => {
    mock.on(SendWhatsAppMessageCommand).resolves({ messageId: 'm-1' });
    const outgoing: WhatsAppOutgoing = {
      to: '+919000000001',
      preview: 'x',
      message: {
        messaging_product: 'whatsapp',
        recipient_type: 'individual',
        to: '+919000000001',
        type: 'text',
        text: { preview_url: false, body: 'Reported: K7QM2P, action under way.' },
      },
    };
    await sender().send(outgoing);
    expect(sentMessage().message).toEqual(outgoing.message);
  });

  test('throttled, then sent, after one backed-off wait', async () => {
    mock
      .on(SendWhatsAppMessageCommand)
      .rejectsOnce(new ThrottledRequestException({ message: 'slow down', $metadata: { httpStatusCode: 429 } }))
      .resolves({ messageId: 'm-2' });
    await expect(alertSentBy(sender())).resolves.toEqual({ status: 'sent', messageId: 'm-2' });
    expect(delays).toHaveLength(1);
  });

  test.each([
    [
      'a message Meta refuses',
      new ValidationException({ message: 'template +919000000003 bad', $metadata: { httpStatusCode: 400 } }),
      'invalid_message',
      1,
    ],
    ['access denied by Meta', new AccessDeniedByMetaException({ message: 'no', $metadata: { httpStatusCode: 403 } }), 'not_authorized', 1],
    [
      'the service failing every time',
      new InternalServiceException({ message: 'oops', $metadata: { httpStatusCode: 500 } }),
      'provider_error',
      DEFAULT_MAX_ATTEMPTS,
    ],
  ])('%s is a failed send with our reason, never the provider’s words', async (_case, error, reason, calls) => {
    mock.on(SendWhatsAppMessageCommand).rejects(error);
    await expect(alertSentBy(sender())).resolves.toEqual({ status: 'failed', reason });
    expect(mock.commandCalls(SendWhatsAppMessageCommand)).toHaveLength(calls);
  });
});

describe('the channels decide who they can reach', () => {
  test('WhatsApp only a contact who opted in, SMS only one who did not opt out; each needs a phone', () => {
    const whatsapp = whatsAppChannel(sender(), DEFAULT_WHATSAPP_TEMPLATE_NAMES);
    const sms = smsChannel(recordingSms(), {} as never);
    const optedIn = aContact(ON_WHATSAPP);
    const neverAsked = aContact();
    const { phone: _phone, ...noPhone } = optedIn;
    expect([whatsapp.unreachable(optedIn), whatsapp.unreachable(neverAsked), whatsapp.unreachable(noPhone)]).toEqual([
      undefined,
      'opted_out',
      'no_phone',
    ]);
    expect([
      sms.unreachable(neverAsked),
      sms.unreachable(aContact({ channels: { sms: { optIn: false }, whatsapp: { optIn: false } } })),
    ]).toEqual([undefined, 'opted_out']);
  });
});
