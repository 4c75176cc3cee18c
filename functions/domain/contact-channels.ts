// A contact's channels (DOMAIN.md "Contacts"): whether SMS may be used, and whether the contact opted
// in to WhatsApp (when and how). Contacts the first release stored carry `smsOptIn` alone and are read
// into today's shape here, once; the API still takes and answers `smsOptIn`, mirroring the SMS channel.
import type { Channels, ChannelsInput, Contact, ContactView } from './schemas.js';

/** A contact as stored, by this release (channels) or the first (smsOptIn). */
export type StoredContact<T extends { channels: Channels }> = Omit<T, 'channels'> & { channels?: Channels; smsOptIn?: boolean };

export function upgradeContact<T extends { channels: Channels }>(stored: StoredContact<T>): T {
  const { smsOptIn, channels, ...rest } = stored;
  return { ...rest, channels: channels ?? { sms: { optIn: smsOptIn ?? true }, whatsapp: { optIn: false } } } as unknown as T;
}

/**
 * The channels after a create or a change: each one given is set, the rest kept (SMS on and WhatsApp
 * off for a new contact). An opt-out keeps the record of the opt-in it ends, and says when.
 */
export function channelsAfter(
  input: { smsOptIn?: boolean | undefined; channels?: ChannelsInput | undefined },
  current: Channels | undefined,
  now: Date,
): Channels {
  const sms = { optIn: input.channels?.sms?.optIn ?? input.smsOptIn ?? current?.sms.optIn ?? true };
  const before = current?.whatsapp ?? { optIn: false };
  const given = input.channels?.whatsapp;
  if (!given) return { sms, whatsapp: before };
  if (given.optIn) return { sms, whatsapp: { optIn: true, optInAt: given.optInAt, optInSource: given.optInSource } };
  return { sms, whatsapp: { ...before, optIn: false, ...(before.optIn ? { optOutAt: now.toISOString() } : {}) } };
}

/** The contact as the API answers it: `smsOptIn` beside the channels. */
export function contactView(contact: Contact): ContactView {
  return { ...contact, smsOptIn: contact.channels.sms.optIn };
}
