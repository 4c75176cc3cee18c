// A programme on memory stores for use-case tests: the dependencies, the seeded directory, and a
// caller for each person of it, as their verified token would describe them. No DynamoDB.
import type { Caller } from '../../functions/domain/access.js';
import { channelsAfter } from '../../functions/domain/contact-channels.js';
import type { SmsSender, WhatsAppSender } from '../../functions/domain/ports.js';
import type { Contact, IncidentReport } from '../../functions/domain/schemas.js';
import { DEFAULT_WHATSAPP_TEMPLATE_NAMES, LOCAL_DLT_TEMPLATE_IDS } from '../../functions/domain/sms/templates.js';
import type { NotifierDependencies } from '../../functions/use-cases/notify.js';
import { ON_WHATSAPP } from './fixtures.js';
import { FIXED_NOW, type MemoryDependencies, type MemoryDependencyOverrides, memoryDependencies } from './memory.js';
import { OTHER_VILLAGE, type Programme, seedProgramme, VILLAGE } from './programme.js';

/** The route a use-case test's read stands for, as its audit records name it. */
export const VIA = 'GET /use-case-test';

export interface World {
  deps: MemoryDependencies;
  programme: Programme;
  callers: {
    coordinator: Caller;
    volunteer: Caller;
    otherVolunteer: Caller;
    panchayat: Caller;
    police: Caller;
    block: Caller;
    funder: Caller;
  };
}

export async function programmeWorld(overrides: MemoryDependencyOverrides = {}): Promise<World> {
  const deps = memoryDependencies(overrides);
  const programme = await seedProgramme(deps);
  const person = (sub: string, role: Caller['role'], contactId: string): Caller => ({ sub, role, villages: [VILLAGE], contactId });
  return {
    deps,
    programme,
    callers: {
      coordinator: { sub: 'sub-coordinator', role: 'coordinator', villages: [] },
      volunteer: person('sub-volunteer', 'volunteer', programme.volunteer.id),
      otherVolunteer: { sub: 'sub-other-volunteer', role: 'volunteer', villages: [VILLAGE, OTHER_VILLAGE] },
      panchayat: person('sub-panchayat', 'duty_bearer', programme.panchayat.id),
      police: person('sub-police', 'duty_bearer', programme.police.id),
      block: person('sub-block', 'duty_bearer', programme.block.id),
      funder: { sub: 'sub-funder', role: 'funder', villages: [] },
    },
  };
}

/** Acknowledgement tokens in sequence across every notifier of a test file, so that no two collide. */
let tokens = 0;

/** The notifier on the world's stores: the given SMS port, WhatsApp with its default template names when given. */
export function worldNotifier(world: World, channels: { sms: SmsSender; whatsapp?: WhatsAppSender }): NotifierDependencies {
  return {
    ...world.deps,
    sms: channels.sms,
    ...(channels.whatsapp ? { whatsapp: { sender: channels.whatsapp, templateNames: DEFAULT_WHATSAPP_TEMPLATE_NAMES } } : {}),
    newToken: () => `token-${String(++tokens).padStart(12, '0')}`,
    ackBaseUrl: 'https://sk.example.in',
    dltTemplateIds: LOCAL_DLT_TEMPLATE_IDS,
  };
}

/** A change to a contact of the world's directory, as the next version of it. */
export async function changeContact(
  world: World,
  contactId: string,
  patch: Partial<Contact> | ((current: Contact) => Partial<Contact>),
): Promise<void> {
  const current = await world.deps.directory.getContact(contactId);
  if (!current) throw new Error(`contact ${contactId} is in the directory`);
  const changes = typeof patch === 'function' ? patch(current) : patch;
  await world.deps.directory.updateContact({ ...current, ...changes, version: current.version + 1 }, current);
}

/** The contact's WhatsApp opt-in recorded (the seed's signed form), their SMS as it was. */
export function optInToWhatsApp(world: World, contact: Contact): Promise<void> {
  return changeContact(world, contact.id, (current) => ({
    channels: channelsAfter({ channels: ON_WHATSAPP.channels }, current.channels, FIXED_NOW),
  }));
}

/** A valid report body as the HTTP layer hands it over (defaults applied). */
export function aReport(overrides: Partial<IncidentReport> = {}): IncidentReport {
  return {
    villageId: VILLAGE,
    category: 'child_marriage',
    child: { ageBand: '15-17', gender: 'girl', name: 'Rina Khatun' },
    description: 'Marriage being arranged for next week',
    location: 'Near the ghat, ward 3',
    medicalCareNeeded: false,
    confidential: false,
    ...overrides,
  };
}
