// Telling a service provider that consent for a linkage was withdrawn (DOMAIN.md "Data protection":
// then no further referral is made). The withdrawal leaves the linkage in the due index; the sweeper
// tells the provider on every channel they take (WhatsApp and SMS alike: it is rare, and must not be
// missed), and records on the linkage when and how, or that they could not be told, for the
// coordinator to phone. A send that failed is tried again at the next sweep.
import { allPages } from '../domain/ports.js';
import type { Linkage } from '../domain/schemas.js';
import { linkageFactsOf, messageOf } from '../domain/sms/templates.js';
import type { NotificationChannel } from '../domain/vocabulary.js';
import { type Channel, smsChannel, whatsAppChannel } from './channels.js';
import type { NotifierDependencies } from './notify.js';

/** Tells every provider due at `now`; answers how many linkages were settled (told, or found unreachable). */
export async function tellProviders(deps: NotifierDependencies, now: Date): Promise<number> {
  const due = await allPages((page) => deps.activities.listProvidersToTell(now, page));
  let settled = 0;
  for (const linkage of due) if (await tellProvider(deps, linkage, now)) settled++;
  return settled;
}

async function tellProvider(deps: NotifierDependencies, linkage: Linkage, now: Date): Promise<boolean> {
  const tell = linkage.providerToBeTold;
  if (!tell) return false;
  const at = now.toISOString();
  const contact = await deps.directory.getContact(tell.contactId);
  const channels: Channel[] = [
    ...(deps.whatsapp ? [whatsAppChannel(deps.whatsapp.sender, deps.whatsapp.templateNames)] : []),
    smsChannel(deps.sms, deps.dltTemplateIds),
  ];
  const open = contact?.active ? channels.filter((channel) => !channel.unreachable(contact)) : [];
  const phone = contact?.phone;
  if (!contact || !phone || open.length === 0) {
    const reason = !contact?.active ? 'inactive' : (channels.map((channel) => channel.unreachable(contact)).find(Boolean) ?? 'opted_out');
    return deps.activities.recordProviderTold(linkage, { providerUnreachable: { at, reason } });
  }
  const village = await deps.directory.getVillage(linkage.villageId);
  const message = messageOf('consent_withdrawn', { facts: linkageFactsOf(linkage, village?.name ?? linkage.villageId) });
  const told: NotificationChannel[] = [];
  for (const channel of open) {
    const result = await channel.send({ ...contact, phone }, message, linkage.id);
    if (result.status === 'sent') told.push(channel.name);
  }
  // Every send failed: the provider is still to be told, at the next sweep.
  if (told.length === 0) return false;
  return deps.activities.recordProviderTold(linkage, { providerTold: { at, channels: told } });
}
