// The demo programme `npm run seed` loads: five villages of North 24 Parganas, each with two
// volunteers and its community duty bearers, the block and district officials over all five, a
// coordinator and a funder. People and phone numbers are made up (the numbers only need to be
// valid Indian mobiles: locally every SMS goes to an outbox, never to a phone).

import type { ContactInputSchema, VillageInput } from '../functions/domain/schemas.js';
import type { OfficialKind } from '../functions/domain/vocabulary.js';
import type * as z from '../functions/domain/zod.js';

export type DemoContact = z.input<typeof ContactInputSchema>;
export interface DemoVillage extends VillageInput {
  id: string;
  volunteers: [string, string];
}

const DISTRICT = 'North 24 Parganas';
const NOTES = 'Demo village loaded by npm run seed.';

export const DEMO_VILLAGES: DemoVillage[] = [
  {
    id: 'v-hingalganj-1',
    name: 'Hingalganj',
    block: 'Hingalganj',
    district: DISTRICT,
    notes: NOTES,
    volunteers: ['Rupa Mondal', 'Sujit Sardar'],
  },
  {
    id: 'v-sandeshkhali-1',
    name: 'Sandeshkhali',
    block: 'Sandeshkhali I',
    district: DISTRICT,
    notes: NOTES,
    volunteers: ['Mousumi Das', 'Tapas Gayen'],
  },
  { id: 'v-hasnabad-1', name: 'Hasnabad', block: 'Hasnabad', district: DISTRICT, notes: NOTES, volunteers: ['Rina Khatun', 'Abdul Gazi'] },
  {
    id: 'v-minakhan-1',
    name: 'Minakhan',
    block: 'Minakhan',
    district: DISTRICT,
    notes: NOTES,
    volunteers: ['Shampa Naskar', 'Bikash Mistri'],
  },
  { id: 'v-haroa-1', name: 'Haroa', block: 'Haroa', district: DISTRICT, notes: NOTES, volunteers: ['Sahana Parvin', 'Pradip Baidya'] },
];

const OFFICIALS: Record<OfficialKind, string> = {
  health: 'Block Medical Officer of Health',
  police: 'Officer-in-charge, police station',
  sjpu: `Special Juvenile Police Unit, ${DISTRICT}`,
  ahtu: `Anti-Human Trafficking Unit, ${DISTRICT}`,
  block: 'Block Development Officer',
  cmpo: 'Child Marriage Prohibition Officer (CDPO)',
  dcpu: `District Child Protection Unit, ${DISTRICT}`,
  cwc: `Child Welfare Committee, ${DISTRICT}`,
  dlsa: `District Legal Services Authority, ${DISTRICT}`,
  childline: `Childline 1098, ${DISTRICT}`,
  labour: 'Block Labour Inspector',
};

/**
 * WhatsApp as the programme records it: each village's first volunteer and its panchayat, and the
 * coordinator, agreed on a signed form at the volunteers' meeting of 15 November.
 */
export const DEMO_WHATSAPP_OPT_IN = {
  channels: { whatsapp: { optIn: true, optInAt: '2026-11-15T05:30:00.000Z', optInSource: 'written_form' } },
} as const satisfies Partial<DemoContact>;

/** Every contact of the demo programme, in the order they are added; names are unique per kind. */
export function demoContacts(): DemoContact[] {
  let serial = 0;
  // +91 then 10 digits starting with 9: a valid Indian mobile, numbered in order.
  const phone = () => `+91900000${String(++serial).padStart(4, '0')}`;
  const villageContacts = DEMO_VILLAGES.flatMap(({ id, name, volunteers }): DemoContact[] => {
    const inVillage = { villages: [id], language: 'bn' as const };
    return [
      ...volunteers.map((volunteer, index) => ({
        name: volunteer,
        kind: 'volunteer' as const,
        ...inVillage,
        phone: phone(),
        ...(index === 0 ? DEMO_WHATSAPP_OPT_IN : {}),
      })),
      { name: `${name} Gram Panchayat Pradhan`, kind: 'panchayat', ...inVillage, phone: phone(), ...DEMO_WHATSAPP_OPT_IN },
      { name: `${name} VLCPC convenor`, kind: 'vlcpc', ...inVillage, phone: phone() },
      { name: `${name} High School headteacher`, kind: 'school', ...inVillage, phone: phone() },
      { name: `${name} School Management Committee parent member`, kind: 'smc', ...inVillage, phone: phone() },
      { name: `${name} Anganwadi worker`, kind: 'anganwadi', ...inVillage, phone: phone() },
    ];
  });
  const allVillages = DEMO_VILLAGES.map(({ id }) => id);
  const officials = Object.entries(OFFICIALS).map(
    ([kind, name]): DemoContact => ({ name, kind: kind as OfficialKind, villages: allVillages, language: 'en', phone: phone() }),
  );
  return [
    ...villageContacts,
    ...officials,
    {
      name: 'Mitali Ghosh',
      kind: 'coordinator',
      villages: [],
      language: 'en',
      phone: phone(),
      email: 'mitali.ghosh@ngo.example',
      ...DEMO_WHATSAPP_OPT_IN,
    },
    { name: 'Programme officer, Asha Trust', kind: 'funder', villages: [], language: 'en', email: 'programme.officer@asha-trust.example' },
  ];
}

/** The demo coordinator's number, which the local acknowledgement pages and WhatsApp refusals offer to call. */
export function demoCoordinatorPhone(): string {
  const coordinator = demoContacts().find((contact) => contact.kind === 'coordinator');
  if (!coordinator?.phone) throw new Error('the demo programme has no coordinator with a phone');
  return coordinator.phone;
}

/** The coordinator line locally: COORDINATOR_PHONE, or the demo coordinator's. */
export const localCoordinatorPhone = () => process.env.COORDINATOR_PHONE ?? demoCoordinatorPhone();
