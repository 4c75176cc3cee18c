// What AWS End User Messaging Social delivers to the WhatsApp Business Account's SNS topic, built here
// for the local runtime and the tests: an SNS notification whose Message is End User Messaging
// Social's header around Meta's webhook entry (a JSON string), as its user guide documents
// ("Message and event format"). The outbox's simulated statuses and `npm run whatsapp` both feed
// these to the same handler as the topic does in AWS.
import { randomUUID } from 'node:crypto';
import type { SNSEvent } from 'aws-lambda';
import { LOCAL_REGION } from './aws-local.js';

const LOCAL_ACCOUNT = '000000000000';
/** Meta's ids of the local business account and its phone number (made up). */
const LOCAL_WABA_ID = '1234567890123456';
const LOCAL_META_PHONE_NUMBER_ID = '2345678901234567';
/** The business number people write to, digits only as Meta gives it. */
export const LOCAL_BUSINESS_NUMBER = '919800001098';

const wabaArn = `arn:aws:social-messaging:${LOCAL_REGION}:${LOCAL_ACCOUNT}:waba/0a1b2c3d4e5f60718293a4b5c6d7e8f9`;
const phoneArn = `arn:aws:social-messaging:${LOCAL_REGION}:${LOCAL_ACCOUNT}:phone-number-id/9f8e7d6c5b4a39281706f5e4d3c2b1a0`;

/** An SNS notification from the business account's topic, carrying one webhook value. */
function snsEventOf(value: Record<string, unknown>, at: Date, messageId?: string): SNSEvent {
  const entry = {
    id: LOCAL_WABA_ID,
    changes: [
      {
        value: {
          messaging_product: 'whatsapp',
          metadata: { display_phone_number: LOCAL_BUSINESS_NUMBER, phone_number_id: LOCAL_META_PHONE_NUMBER_ID },
          ...value,
        },
        field: 'messages',
      },
    ],
  };
  const message = {
    context: {
      MetaWabaIds: [{ wabaId: LOCAL_WABA_ID, arn: wabaArn }],
      MetaPhoneNumberIds: [{ metaPhoneNumberId: LOCAL_META_PHONE_NUMBER_ID, arn: phoneArn }],
    },
    whatsAppWebhookEntry: JSON.stringify(entry),
    aws_account_id: LOCAL_ACCOUNT,
    message_timestamp: at.toISOString(),
    ...(messageId ? { messageId } : {}),
  };
  const topicArn = `arn:aws:sns:${LOCAL_REGION}:${LOCAL_ACCOUNT}:SurakshaWhatsAppEvents`;
  return {
    Records: [
      {
        EventSource: 'aws:sns',
        EventVersion: '1.0',
        EventSubscriptionArn: `${topicArn}:${randomUUID()}`,
        Sns: {
          Type: 'Notification',
          MessageId: randomUUID(),
          TopicArn: topicArn,
          Subject: '',
          Message: JSON.stringify(message),
          Timestamp: at.toISOString(),
          SignatureVersion: '1',
          Signature: 'local',
          SigningCertUrl: 'https://sns.ap-south-1.amazonaws.com/local.pem',
          UnsubscribeUrl: 'https://sns.ap-south-1.amazonaws.com/?Action=Unsubscribe',
          MessageAttributes: {},
        },
      },
    ],
  };
}

const epochSeconds = (at: Date) => String(Math.floor(at.getTime() / 1000));
const digitsOf = (phone: string) => phone.replace(/^\+/, '');

/** What a person can send: text, a tap on a list row or reply button of ours, a template's quick reply, or a photo. */
export type LocalInbound =
  | { text: string }
  | { list: string }
  | { button: string }
  | { quickReply: string; repliesTo?: string }
  | { image: true };

/** A message from `from` (E.164) to the business number. */
export function inboundEvent(
  from: string,
  inbound: LocalInbound,
  at: Date,
  id = `wamid.LOCAL${randomUUID().replaceAll('-', '')}`,
): SNSEvent {
  const message: Record<string, unknown> = { from: digitsOf(from), id, timestamp: epochSeconds(at) };
  if ('text' in inbound) Object.assign(message, { type: 'text', text: { body: inbound.text } });
  else if ('list' in inbound)
    Object.assign(message, { type: 'interactive', interactive: { type: 'list_reply', list_reply: { id: inbound.list, title: '' } } });
  else if ('button' in inbound)
    Object.assign(message, { type: 'interactive', interactive: { type: 'button_reply', button_reply: { id: inbound.button, title: '' } } });
  else if ('quickReply' in inbound) {
    Object.assign(message, { type: 'button', button: { payload: inbound.quickReply, text: 'Acknowledge' } });
    if (inbound.repliesTo) message.context = { from: LOCAL_BUSINESS_NUMBER, id: inbound.repliesTo };
  } else Object.assign(message, { type: 'image', image: { mime_type: 'image/jpeg', sha256: 'local', id: randomUUID() } });
  return snsEventOf({ contacts: [{ profile: { name: 'Local tester' }, wa_id: digitsOf(from) }], messages: [message] }, at);
}

/** A status of a message we sent: `messageId` is what SendWhatsAppMessage answered, `metaMessageId` Meta's id. */
export function statusEvent(options: {
  messageId: string;
  metaMessageId: string;
  recipient: string;
  status: 'sent' | 'delivered' | 'read' | 'failed';
  at: Date;
  errorCode?: number;
}): SNSEvent {
  const { messageId, metaMessageId, recipient, status, at, errorCode } = options;
  const statusValue = {
    id: metaMessageId,
    status,
    timestamp: epochSeconds(at),
    recipient_id: digitsOf(recipient),
    ...(status === 'failed'
      ? { errors: [{ code: errorCode ?? 131026, title: 'Message undeliverable' }] }
      : {
          conversation: { id: randomUUID().replaceAll('-', ''), origin: { type: 'utility' } },
          pricing: { billable: true, pricing_model: 'PMP', category: 'utility' },
        }),
  };
  return snsEventOf({ statuses: [statusValue] }, at, messageId);
}
