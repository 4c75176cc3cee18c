// A small programme in the store, for handler and API tests: one village's directory.
import type { DirectoryStore } from '../../functions/domain/ports.js';
import type { Contact } from '../../functions/domain/schemas.js';
import { aContact } from './fixtures.js';

export const VILLAGE = 'v-hingalganj-1';
export const OTHER_VILLAGE = 'v-haroa-1';

export interface Programme {
  volunteer: Contact;
  panchayat: Contact;
  vlcpc: Contact;
  police: Contact;
  block: Contact;
  coordinator: Contact;
  otherPanchayat: Contact;
  inactiveVlcpc: Contact;
}

export async function seedProgramme({ directory }: { directory: DirectoryStore }): Promise<Programme> {
  const at = '2026-11-01T00:00:00.000Z';
  for (const [id, name] of [
    [VILLAGE, 'Hingalganj'],
    [OTHER_VILLAGE, 'Haroa'],
  ] as const) {
    await directory.putVillage({ id, name, block: name, district: 'North 24 Parganas', createdAt: at, updatedAt: at });
  }
  const programme: Programme = {
    // Fixed ids so the sample events in events/http/ and the route examples (functions/http/examples.ts) name real contacts.
    volunteer: aContact({ id: '01JD0000000000000000000V01', kind: 'volunteer', name: 'Volunteer', phone: '+919800000011' }),
    panchayat: aContact({ id: '01JD0000000000000000000P01', kind: 'panchayat', name: 'Panchayat', phone: '+919800000012' }),
    vlcpc: aContact({ kind: 'vlcpc', name: 'VLCPC', phone: '+919800000013' }),
    police: aContact({ kind: 'police', name: 'Hingalganj police station', language: 'en', phone: '+919800000014' }),
    block: aContact({ kind: 'block', name: 'BDO Hingalganj', language: 'en', phone: '+919800000015' }),
    coordinator: aContact({ kind: 'coordinator', villages: [], name: 'NGO coordinator', language: 'en', phone: '+919800000016' }),
    otherPanchayat: aContact({ kind: 'panchayat', villages: [OTHER_VILLAGE], name: 'Haroa panchayat', phone: '+919800000017' }),
    inactiveVlcpc: aContact({ kind: 'vlcpc', name: 'Old VLCPC', active: false, phone: '+919800000018' }),
  };
  for (const contact of Object.values(programme)) await directory.createContact(contact);
  return programme;
}
