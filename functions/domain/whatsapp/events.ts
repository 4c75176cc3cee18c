// What AWS End User Messaging Social publishes to the WhatsApp Business Account's event destination
// (an SNS topic): its own header (`context`, `aws_account_id`, `message_timestamp`, and `messageId`
// on the events of messages we sent) around Meta's webhook entry, as a JSON string. The entry holds
// either statuses of our messages or messages people sent us. Read with zod, keeping only what
// Suraksha uses: the sender's profile name and every other field are dropped by parsing.

import { lazily } from '../lazily.js';
import * as z from '../zod.js';
import type { WhatsAppStatus } from './delivery-status.js';

const StatusSchema = lazily(() =>
  z.object({
    id: z.string().check(z.minLength(1), z.maxLength(256)),
    status: z.enum(['sent', 'delivered', 'read', 'failed', 'deleted', 'warning']),
    timestamp: z.string().check(z.regex(/^\d{1,12}$/)),
    errors: z.optional(z.array(z.object({ code: z.int() }))),
  }),
);

/** A message a person sent: its kind decides what is read of it (text and replies); media is never read. */
const InboundSchema = lazily(() =>
  z.object({
    id: z.string().check(z.minLength(1), z.maxLength(256)),
    /** The sender's WhatsApp number, digits only (no "+"). */
    from: z.string().check(z.regex(/^\d{6,15}$/)),
    timestamp: z.string().check(z.regex(/^\d{1,12}$/)),
    type: z.string().check(z.maxLength(40)),
    text: z.optional(z.object({ body: z.string().check(z.maxLength(4096)) })),
    /** A tap on a template's quick-reply button. */
    button: z.optional(z.object({ payload: z.string().check(z.maxLength(1000)), text: z.optional(z.string().check(z.maxLength(100))) })),
    interactive: z.optional(
      z.object({
        type: z.string(),
        list_reply: z.optional(z.object({ id: z.string().check(z.maxLength(256)) })),
        button_reply: z.optional(z.object({ id: z.string().check(z.maxLength(256)) })),
      }),
    ),
  }),
);

const WebhookEntrySchema = lazily(() =>
  z.object({
    changes: z.array(
      z.object({
        field: z.optional(z.string()),
        value: z.object({
          statuses: z.optional(z.array(StatusSchema)),
          messages: z.optional(z.array(InboundSchema)),
        }),
      }),
    ),
  }),
);

export const SocialMessagingEventSchema = lazily(() =>
  z.object({
    whatsAppWebhookEntry: z.string().check(z.maxLength(256 * 1024)),
    /** On the events of a message we sent: the id SendWhatsAppMessage answered. */
    messageId: z.optional(z.string().check(z.minLength(1), z.maxLength(256))),
  }),
);

/** What a person's message says, as far as Suraksha reads it. */
export type InboundContent =
  | { kind: 'text'; text: string }
  /** An interactive list row or reply button of ours, by its id. */
  | { kind: 'choice'; id: string }
  /** A template's quick-reply button, by its payload. */
  | { kind: 'quick_reply'; payload: string }
  /** A photo, voice note, video, document, sticker, location or contact card: refused, never read. */
  | { kind: 'media' }
  | { kind: 'other' };

export interface InboundMessage {
  /** Meta's id of the message: a redelivered event carries the same. */
  id: string;
  /** E.164. */
  from: string;
  at: string;
  content: InboundContent;
}

export interface SocialMessagingEvent {
  statuses: WhatsAppStatus[];
  messages: InboundMessage[];
}

const MEDIA_TYPES = new Set(['image', 'audio', 'voice', 'video', 'document', 'sticker', 'location', 'contacts']);

const instantOf = (epochSeconds: string) => new Date(Number(epochSeconds) * 1000).toISOString();

function contentOf(message: z.infer<typeof InboundSchema>): InboundContent {
  if (message.type === 'text' && message.text) return { kind: 'text', text: message.text.body };
  if (message.type === 'button' && message.button) return { kind: 'quick_reply', payload: message.button.payload };
  const reply = message.interactive?.list_reply ?? message.interactive?.button_reply;
  if (message.type === 'interactive' && reply) return { kind: 'choice', id: reply.id };
  return MEDIA_TYPES.has(message.type) ? { kind: 'media' } : { kind: 'other' };
}

/** The statuses and messages an SNS message from End User Messaging Social carries; undefined when it is not one. */
export function parseSocialMessagingEvent(snsMessage: string): SocialMessagingEvent | undefined {
  const header = SocialMessagingEventSchema.safeParse(safeJson(snsMessage));
  if (!header.success) return undefined;
  const entry = WebhookEntrySchema.safeParse(safeJson(header.data.whatsAppWebhookEntry));
  if (!entry.success) return undefined;
  const values = entry.data.changes.map((change) => change.value);
  return {
    statuses: values.flatMap((value) =>
      (value.statuses ?? []).map((status) => ({
        ...(header.data.messageId ? { messageId: header.data.messageId } : {}),
        metaMessageId: status.id,
        status: status.status,
        at: instantOf(status.timestamp),
        ...(status.errors?.[0] ? { errorCode: status.errors[0].code } : {}),
      })),
    ),
    messages: values.flatMap((value) =>
      (value.messages ?? []).map((message) => ({
        id: message.id,
        from: `+${message.from}`,
        at: instantOf(message.timestamp),
        content: contentOf(message),
      })),
    ),
  };
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
