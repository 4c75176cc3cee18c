// The channel seam (DESIGN.md "Channels"): a notice is planned once, channel-neutral; each channel
// knows whether a contact can be reached on it, renders the registered template in the contact's
// language, and sends. SMS goes through SNS with its DLT template; WhatsApp through End User Messaging
// Social with its Meta template, whose quick-reply button acknowledges for a duty bearer.
import type { SendResult, SmsSender, WhatsAppSender } from '../domain/ports.js';
import type { Contact } from '../domain/schemas.js';
import {
  type DltTemplateIds,
  renderSmsMessage,
  renderWhatsApp,
  type TemplateMessage,
  type WhatsAppTemplateNames,
} from '../domain/sms/templates.js';
import type { NotificationChannel } from '../domain/vocabulary.js';
import { ackButtonPayload } from '../domain/whatsapp/acknowledgement.js';
import { templateMessage } from '../domain/whatsapp/cloud-api.js';

/** What a notice says to one recipient, whichever channel carries it. */
export interface OutgoingMessage extends TemplateMessage {
  /** For a duty bearer: the token that acknowledges (its link in an SMS, the button's payload in WhatsApp). */
  ackToken?: string;
}

export type ChannelOutcome = SendResult & { segments?: number };

/** A contact with the phone a channel sends to. */
export type Reachable = Contact & { phone: string };

export interface Channel {
  readonly name: NotificationChannel;
  /** Why the contact cannot be sent anything on this channel (a record's skip reason); undefined when it can. */
  unreachable(contact: Contact): 'opted_out' | 'no_phone' | undefined;
  send(contact: Reachable, message: OutgoingMessage, incidentId: string): Promise<ChannelOutcome>;
}

const withoutPhone = (contact: Contact) => (contact.phone ? undefined : 'no_phone');

export function smsChannel(sms: SmsSender, dltTemplateIds: DltTemplateIds): Channel {
  return {
    name: 'sms',
    unreachable: (contact) => (contact.channels.sms.optIn ? withoutPhone(contact) : 'opted_out'),
    async send(contact, message, incidentId) {
      const rendered = renderSmsMessage(message, contact.language, dltTemplateIds);
      const result = await sms.send({ ...rendered, to: contact.phone, incidentId, contactId: contact.id, kind: contact.kind });
      return { ...result, segments: rendered.segments };
    },
  };
}

export function whatsAppChannel(whatsapp: WhatsAppSender, templateNames: WhatsAppTemplateNames): Channel {
  return {
    name: 'whatsapp',
    // Meta requires a recorded opt-in before a business-initiated message.
    unreachable: (contact) => (contact.channels.whatsapp.optIn ? withoutPhone(contact) : 'opted_out'),
    send(contact, message, _incidentId) {
      const rendered = renderWhatsApp(message, contact.language);
      const payload = rendered.acknowledges && message.ackToken ? ackButtonPayload(message.ackToken) : undefined;
      return whatsapp.send({
        to: contact.phone,
        message: templateMessage(contact.phone, templateNames[message.template], contact.language, rendered.parameters, payload),
        preview: rendered.text,
        kind: contact.kind,
      });
    },
  };
}
