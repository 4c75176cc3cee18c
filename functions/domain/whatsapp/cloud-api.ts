// WhatsApp messages as Meta's Cloud API defines them: SendWhatsAppMessage passes this object through
// to Meta unchanged. Business-initiated messages are approved templates; replies inside the 24-hour
// window a person opens by writing to us are free text, lists and reply buttons. WhatsApp's own
// limits are checked here, so a message Meta would refuse is never built.

/** WhatsApp's limits (Cloud API reference, interactive messages). */
export const WHATSAPP_LIMITS = {
  listRows: 10,
  rowTitle: 24,
  rowDescription: 72,
  listButton: 20,
  replyButtons: 3,
  buttonTitle: 20,
  interactiveBody: 1024,
  textBody: 4096,
} as const;

export interface TemplateMessage {
  messaging_product: 'whatsapp';
  recipient_type: 'individual';
  to: string;
  type: 'template';
  template: {
    name: string;
    language: { code: string };
    components: (
      | { type: 'body'; parameters: { type: 'text'; text: string }[] }
      | { type: 'button'; sub_type: 'quick_reply'; index: string; parameters: { type: 'payload'; payload: string }[] }
    )[];
  };
}

export interface TextMessage {
  messaging_product: 'whatsapp';
  recipient_type: 'individual';
  to: string;
  type: 'text';
  text: { preview_url: boolean; body: string };
}

export interface ListRow {
  id: string;
  title: string;
  description?: string;
}

export interface ReplyButton {
  id: string;
  title: string;
}

export interface InteractiveMessage {
  messaging_product: 'whatsapp';
  recipient_type: 'individual';
  to: string;
  type: 'interactive';
  interactive:
    | { type: 'list'; body: { text: string }; action: { button: string; sections: { title: string; rows: ListRow[] }[] } }
    | { type: 'button'; body: { text: string }; action: { buttons: { type: 'reply'; reply: ReplyButton }[] } };
}

export type CloudApiMessage = TemplateMessage | TextMessage | InteractiveMessage;

const envelope = (to: string) => ({ messaging_product: 'whatsapp', recipient_type: 'individual', to }) as const;

function within(what: string, value: string, max: number): string {
  if ([...value].length > max) throw new RangeError(`WhatsApp ${what} must be at most ${max} characters`);
  return value;
}

/** A template message: its body's parameters in order, and a payload for its quick-reply button if it has one. */
export function templateMessage(
  to: string,
  name: string,
  language: string,
  parameters: readonly string[],
  buttonPayload?: string,
): TemplateMessage {
  return {
    ...envelope(to),
    type: 'template',
    template: {
      name,
      language: { code: language },
      components: [
        { type: 'body', parameters: parameters.map((text) => ({ type: 'text', text })) },
        ...(buttonPayload ? [quickReply(buttonPayload)] : []),
      ],
    },
  };
}

function quickReply(payload: string): TemplateMessage['template']['components'][number] {
  return { type: 'button', sub_type: 'quick_reply', index: '0', parameters: [{ type: 'payload', payload }] };
}

export function textMessage(to: string, body: string): TextMessage {
  return { ...envelope(to), type: 'text', text: { preview_url: false, body: within('text', body, WHATSAPP_LIMITS.textBody) } };
}

export function listMessage(to: string, body: string, button: string, title: string, rows: readonly ListRow[]): InteractiveMessage {
  if (rows.length === 0 || rows.length > WHATSAPP_LIMITS.listRows)
    throw new RangeError(`a WhatsApp list holds 1 to ${WHATSAPP_LIMITS.listRows} rows`);
  return {
    ...envelope(to),
    type: 'interactive',
    interactive: {
      type: 'list',
      body: { text: within('message', body, WHATSAPP_LIMITS.interactiveBody) },
      action: {
        button: within('list button', button, WHATSAPP_LIMITS.listButton),
        sections: [
          {
            title: within('section title', title, WHATSAPP_LIMITS.rowTitle),
            rows: rows.map((row) => ({
              id: row.id,
              title: within('row title', row.title, WHATSAPP_LIMITS.rowTitle),
              ...(row.description ? { description: within('row description', row.description, WHATSAPP_LIMITS.rowDescription) } : {}),
            })),
          },
        ],
      },
    },
  };
}

export function buttonsMessage(to: string, body: string, buttons: readonly ReplyButton[]): InteractiveMessage {
  if (buttons.length === 0 || buttons.length > WHATSAPP_LIMITS.replyButtons) {
    throw new RangeError(`a WhatsApp message holds 1 to ${WHATSAPP_LIMITS.replyButtons} reply buttons`);
  }
  return {
    ...envelope(to),
    type: 'interactive',
    interactive: {
      type: 'button',
      body: { text: within('message', body, WHATSAPP_LIMITS.interactiveBody) },
      action: {
        buttons: buttons.map((button) => ({
          type: 'reply',
          reply: { id: button.id, title: within('button title', button.title, WHATSAPP_LIMITS.buttonTitle) },
        })),
      },
    },
  };
}

/** A short description of a message for the local console and tests: never its words. */
export function messageKind(message: CloudApiMessage): string {
  if (message.type === 'template') return `template ${message.template.name} ${message.template.language.code}`;
  if (message.type === 'text') return 'text';
  return message.interactive.type === 'list' ? 'list' : 'buttons';
}
