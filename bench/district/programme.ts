// A programme of any number of villages, laid out per village as a district's would be: 20 village
// contacts each (volunteers and community duty bearers), officers over blocks of 73 villages, police
// stations over 50, district officers over them all, two coordinators and a funder; four weeks of
// reports at the district's rate per village, and a meeting per village a week. The officers are
// created through the directory store, as POST /contacts creates them (so a size limit there shows);
// everything else is bulk-loaded with BatchWriteItem through the store's own item builders.
import { monotonicFactory } from 'ulid';
import { contactItem, coverageItem, phoneItem, villageItem } from '../../functions/adapters/table/items.js';
import type { Item } from '../../functions/adapters/table/table.js';
import { mapWithConcurrency } from '../../functions/domain/concurrency.js';
import type { Contact } from '../../functions/domain/schemas.js';
import type { ContactKind } from '../../functions/domain/vocabulary.js';
import { aContact } from '../../test/support/fixtures.js';
import { required } from '../../test/support/required.js';
import { bulkLoad } from '../support/bulk-load.js';
import type { BenchTable } from '../support/local-dynamodb.js';
import { INCIDENT_LIFE_MS, RecordFactory, seededRandom } from '../weekly/records.js';

/** North 24 Parganas: about 1,600 villages, 100 reports a day once the programme covers it. */
export const DISTRICT = { villages: 1600, reportsPerDay: 100 } as const;
const HISTORY_DAYS = 28;
const DAY_MS = 86_400_000;

/** Each village's own contacts: 20, so 32,000 over the district. */
const VILLAGE_ROSTER: readonly [ContactKind, number][] = [
  ['volunteer', 12],
  ['panchayat', 2],
  ['vlcpc', 1],
  ['school', 2],
  ['smc', 1],
  ['anganwadi', 2],
];
const CONTACTS_PER_VILLAGE = VILLAGE_ROSTER.reduce((total, [, count]) => total + count, 0);
/** Officers and the villages each covers: 22 blocks and 32 police stations over the district. */
const OFFICES: readonly { kinds: readonly ContactKind[]; villages: number }[] = [
  { kinds: ['block', 'cmpo', 'labour', 'health'], villages: 73 },
  { kinds: ['police'], villages: 50 },
  { kinds: ['dcpu', 'cwc', 'dlsa', 'sjpu', 'ahtu', 'childline'], villages: DISTRICT.villages },
];
/** Officers created at once through the store; each writes its per-village copies in batches. */
const OFFICER_CONCURRENCY = 4;

export interface BenchProgramme {
  villageIds: string[];
  /** The first contact of each kind in each village: its reporter (a volunteer), its panchayat. */
  firstOf(villageId: string, kind: ContactKind): Contact;
  coordinator: Contact;
  /** Village contacts and officers, coordinators and funder. */
  contacts: number;
  officers: number;
  /** Reports in the four weeks before `end`. */
  reports: number;
  /** Items written, and how long it took: bulk load and the officers through the store. */
  items: number;
  loadSeconds: number;
}

export async function loadProgramme(table: BenchTable, villages: number, end: Date): Promise<BenchProgramme> {
  const started = performance.now();
  const nextUlid = monotonicFactory(seededRandom(villages));
  const at = new Date(end.getTime() - HISTORY_DAYS * DAY_MS).toISOString();
  const villageIds = Array.from({ length: villages }, (_, index) => `v-bench-${String(index + 1).padStart(4, '0')}`);
  const first = new Map<string, Contact>();
  let phones = 0;
  const contact = (kind: ContactKind, covers: string[], name: string): Contact =>
    aContact({
      id: nextUlid(Date.parse(at)),
      kind,
      villages: covers,
      name,
      language: covers.length === 1 ? 'bn' : 'en',
      phone: `+9190${String(phones++).padStart(8, '0')}`,
      createdAt: at,
      updatedAt: at,
    });

  function* directoryItems(): Generator<Item> {
    for (const villageId of villageIds) {
      yield villageItem({ id: villageId, name: villageId, block: 'Bench', district: 'North 24 Parganas', createdAt: at, updatedAt: at });
      for (const [kind, count] of VILLAGE_ROSTER) {
        for (let index = 0; index < count; index++) {
          const member = contact(kind, [villageId], `${kind} ${index + 1}, ${villageId}`);
          if (index === 0) first.set(`${villageId}#${kind}`, member);
          // What createContact leaves once its per-village copies are written.
          yield contactItem(member);
          yield coverageItem(member, villageId);
          yield phoneItem({ id: member.id, phone: required(member.phone, 'a phone') });
        }
      }
    }
  }
  const random = seededRandom(2026);
  const records = new RecordFactory(random);
  const reports = Math.round((DISTRICT.reportsPerDay * villages * HISTORY_DAYS) / DISTRICT.villages);
  function* historyItems(): Generator<Item> {
    const from = end.getTime() - HISTORY_DAYS * DAY_MS;
    for (let serial = 0; serial < reports; serial++) {
      const reportedAt = from + Math.floor((serial * HISTORY_DAYS * DAY_MS) / reports);
      // Those reported in the last hours are still open: their deadlines lie ahead of `end`.
      yield* records.incident(
        required(villageIds[serial % villages], 'a village'),
        reportedAt,
        reportedAt + INCIDENT_LIFE_MS < end.getTime(),
      );
    }
    for (let week = 0; week < HISTORY_DAYS / 7; week++) {
      for (const villageId of villageIds) yield records.meeting(villageId, from + week * 7 * DAY_MS + Math.floor(random() * 6 * DAY_MS));
    }
  }
  let items = await bulkLoad(table.client, table.tableName, directoryItems());
  items += await bulkLoad(table.client, table.tableName, historyItems());

  const officers = OFFICES.flatMap(({ kinds, villages: area }) =>
    Array.from({ length: Math.ceil(villages / area) }, (_, office) => villageIds.slice(office * area, (office + 1) * area)).flatMap(
      (covers) => kinds.map((kind) => contact(kind, covers, `${kind} over ${covers.length} villages`)),
    ),
  );
  const coordinator = contact('coordinator', [], 'Coordinator');
  const people = [
    ...officers,
    coordinator,
    contact('coordinator', [], 'Second coordinator'),
    { ...contact('funder', [], 'Funder'), email: 'funder@example.org' },
  ];
  await mapWithConcurrency(people, OFFICER_CONCURRENCY, (person) => table.stores.directory.createContact(person));
  // Each one's contact, phone reference and per-village copies.
  items += people.reduce((total, person) => total + person.villages.length + 2, 0);

  // The bulk-loaded directory reads as the store's own: a village's contacts of four kinds.
  const lastVillage = required(villageIds.at(-1), 'a village');
  const covering = await table.stores.directory.contactsCovering(lastVillage, ['volunteer', 'panchayat', 'dcpu', 'block']);
  if (covering.length !== 12 + 2 + 1 + 1)
    throw new Error(`${lastVillage} has ${covering.length} contacts of four kinds, not 16: the bench data is wrong`);

  return {
    villageIds,
    firstOf: (villageId, kind) => required(first.get(`${villageId}#${kind}`), `the first ${kind} of ${villageId}`),
    coordinator,
    contacts: villages * CONTACTS_PER_VILLAGE + people.length,
    officers: officers.length,
    reports,
    items,
    loadSeconds: (performance.now() - started) / 1000,
  };
}
