// `npm run seed -- --history`: the demo programme's last two finished weeks, as the programme
// would have recorded them: meetings of every type with attendance, a few incidents in several
// categories taken through the workflow by the people who act on them, and service linkages. The
// API never takes a client's time, so this calls the same use cases in-process, against the
// running stack's DynamoDB Local, with the clock set to each moment in the past.
//
// Re-runnable: a week whose first village already has the seed's meetings is skipped, and every
// create carries a fixed Idempotency-Key, so a run cut short and re-run within a day adds nothing twice.
import { createHash } from 'node:crypto';
import { monotonicFactory } from 'ulid';
import { tableStores } from '../functions/adapters/table/stores.js';
import type { Table } from '../functions/adapters/table/table.js';
import type { Caller } from '../functions/domain/access.js';
import { kolkataWeekOf, previousWeek, weekRange } from '../functions/domain/metrics/iso-week.js';
import { allPages } from '../functions/domain/ports.js';
import { Created } from '../functions/domain/results.js';
import { ROUTING_RULES } from '../functions/domain/routing.js';
import type { Contact, IncidentReport, Meeting } from '../functions/domain/schemas.js';
import type { Category, MeetingType, Outcome } from '../functions/domain/vocabulary.js';
import { createLinkage, listMeetings, recordMeeting, transitionLinkage } from '../functions/use-cases/activities.js';
import type { Dependencies, IdempotencyRequest } from '../functions/use-cases/dependencies.js';
import { reportIncident, transitionIncident } from '../functions/use-cases/incidents.js';
import { DEMO_VILLAGES } from './demo-programme.js';

/** Who the seed's meetings name as facilitator: how a re-run knows a week is there. */
export const HISTORY_FACILITATOR = 'Programme history (seed)';

const MEETING_TYPES_BY_DAY: readonly MeetingType[] = [
  'children_group',
  'parents_meeting',
  'parenting_workshop',
  'duty_bearer_meeting',
  'club_vigilance',
  'smc_cpc',
  'volunteer_meeting',
];

interface PlannedIncident {
  village: number;
  category: Category;
  /** Days after the week's Monday 10:00 IST when it is reported. */
  day: number;
  ageBand: IncidentReport['child']['ageBand'];
  gender: IncidentReport['child']['gender'];
  /** Minutes to the statutory kind's acknowledgement. */
  acknowledgedAfter: number;
  outcome: Outcome;
}

/** Each week's reports: the same shape both weeks, in other villages, so the figures differ. */
const INCIDENTS: readonly PlannedIncident[] = [
  { village: 0, category: 'child_marriage', day: 0, ageBand: '15-17', gender: 'girl', acknowledgedAfter: 40, outcome: 'marriage_stopped' },
  { village: 1, category: 'child_labour', day: 1, ageBand: '12-14', gender: 'boy', acknowledgedAfter: 200, outcome: 'returned_to_school' },
  {
    village: 2,
    category: 'school_dropout',
    day: 2,
    ageBand: '12-14',
    gender: 'girl',
    acknowledgedAfter: 600,
    outcome: 'returned_to_school',
  },
  { village: 3, category: 'physical_abuse', day: 3, ageBand: '6-11', gender: 'boy', acknowledgedAfter: 90, outcome: 'family_counselled' },
  { village: 4, category: 'child_marriage', day: 4, ageBand: '15-17', gender: 'girl', acknowledgedAfter: 25, outcome: 'marriage_stopped' },
  { village: 1, category: 'neglect', day: 5, ageBand: '0-5', gender: 'girl', acknowledgedAfter: 300, outcome: 'services_linked' },
];

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** The use cases' dependencies on the stack's table, stores and use cases on one clock the seed moves. */
function pastDependencies(table: Table, cursorSecret: string): Dependencies & { setNow(instant: Date): void } {
  let now = new Date();
  const clock = () => new Date(now);
  const nextUlid = monotonicFactory();
  return {
    ...tableStores(table, { cursorSecret, clock }),
    clock,
    newId: (at) => nextUlid(at.getTime()),
    // Nothing is read here; the access log is for people reading records.
    accessLog: { incidentsRead: () => undefined },
    setNow(instant) {
      now = new Date(instant);
    },
  };
}

const key = (...parts: (string | number)[]): IdempotencyRequest => {
  const digest = createHash('sha256').update(parts.join('|')).digest('base64url');
  return { key: `seed-history-${digest.slice(0, 24)}`, bodyHash: digest };
};

export interface HistoryRun {
  weeks: { week: string; seeded: boolean }[];
  meetings: number;
  incidents: number;
  linkages: number;
}

/** Seeds the two finished weeks before `now` (default: the present). */
export async function seedHistory(table: Table, cursorSecret: string, now = new Date()): Promise<HistoryRun> {
  const deps = pastDependencies(table, cursorSecret);
  const contacts = await allPages((page) => deps.directory.listContacts({}, page));
  const coordinator = caller(required(contacts.find(({ kind }) => kind === 'coordinator')));
  const lastWeek = previousWeek(kolkataWeekOf(now));
  const run: HistoryRun = { weeks: [], meetings: 0, incidents: 0, linkages: 0 };
  for (const [index, week] of [previousWeek(lastWeek), lastWeek].entries()) {
    const { from, firstDay, lastDay } = weekRange(week);
    deps.setNow(new Date(from.getTime() + 7 * DAY - HOUR));
    const first = required(DEMO_VILLAGES[0]).id;
    const already = await listMeetings(deps, coordinator, { villageId: first, from: firstDay, to: lastDay }, { limit: 100 });
    if (already.items.some((meeting: Meeting) => meeting.facilitator === HISTORY_FACILITATOR)) {
      run.weeks.push({ week, seeded: false });
      continue;
    }
    run.meetings += await seedMeetings(deps, coordinator, week, index);
    run.incidents += await seedIncidents(deps, contacts, coordinator, week, index);
    run.linkages += await seedLinkages(deps, contacts, coordinator, week, index);
    run.weeks.push({ week, seeded: true });
  }
  return run;
}

async function seedMeetings(deps: ReturnType<typeof pastDependencies>, coordinator: Caller, week: string, offset: number): Promise<number> {
  const { from } = weekRange(week);
  let count = 0;
  for (const [villageIndex, village] of DEMO_VILLAGES.entries()) {
    // Two meetings per village a week; over the two weeks every type comes up in every village.
    for (const slot of [0, 1]) {
      const day = (villageIndex + slot * 3 + offset * 2) % 7;
      const type = required(MEETING_TYPES_BY_DAY[(villageIndex + slot * 3 + offset * 5) % MEETING_TYPES_BY_DAY.length]);
      const heldAt = new Date(from.getTime() + day * DAY + 10 * HOUR);
      deps.setNow(new Date(heldAt.getTime() + 2 * HOUR));
      const children = type === 'children_group' || type === 'club_vigilance';
      const size = 8 + ((villageIndex * 7 + slot * 5 + offset * 3) % 17);
      await recordMeeting(
        deps,
        coordinator,
        {
          villageId: village.id,
          type,
          heldOn: new Date(heldAt.getTime() + 5.5 * HOUR).toISOString().slice(0, 10),
          facilitator: HISTORY_FACILITATOR,
          attendance: children
            ? { girls: size, boys: size - 3, women: 1, men: 0, dutyBearers: type === 'club_vigilance' ? 1 : 0 }
            : { girls: 0, boys: 0, women: size, men: Math.floor(size / 3), dutyBearers: type === 'duty_bearer_meeting' ? 6 : 1 },
          topics: [children ? 'Safe and unsafe touch; whom to tell' : 'Child marriage is a crime; the helpline 1098'],
        },
        key(week, village.id, slot, 'meeting'),
      );
      count++;
    }
  }
  return count;
}

async function seedIncidents(
  deps: ReturnType<typeof pastDependencies>,
  contacts: readonly Contact[],
  coordinator: Caller,
  week: string,
  offset: number,
): Promise<number> {
  const { from } = weekRange(week);
  for (const [index, planned] of INCIDENTS.entries()) {
    const village = required(DEMO_VILLAGES[(planned.village + offset) % DEMO_VILLAGES.length]);
    const reportedAt = new Date(from.getTime() + planned.day * DAY + (4.5 + index) * HOUR);
    deps.setNow(reportedAt);
    const volunteer = caller(required(contacts.find(({ kind, villages }) => kind === 'volunteer' && villages.includes(village.id))));
    const created = await reportIncident(
      deps,
      volunteer,
      {
        villageId: village.id,
        category: planned.category,
        child: { ageBand: planned.ageBand, gender: planned.gender },
        description: 'Recorded by the history seed: no real child',
        medicalCareNeeded: false,
        confidential: false,
      },
      key(week, index, 'incident'),
    );
    // A replay (a run cut short, re-run within the key's day) took its steps the first time.
    if (!(created instanceof Created)) continue;
    const incident = created.record;
    // The category's first statutory kind acts on it: acknowledges, takes action, resolves; the coordinator closes it.
    const statutoryKind = required(ROUTING_RULES[planned.category].statutory[0]);
    const official = caller(required(contacts.find(({ kind, active }) => kind === statutoryKind && active)), village.id);
    const steps: [Caller, Parameters<typeof transitionIncident>[3], number][] = [
      [official, { to: 'acknowledged', note: 'On my way to the family' }, planned.acknowledgedAfter],
      [official, { to: 'in_action' }, planned.acknowledgedAfter + 120],
      [official, { to: 'resolved', outcome: planned.outcome }, planned.acknowledgedAfter + 26 * 60],
      [coordinator, { to: 'closed' }, planned.acknowledgedAfter + 50 * 60],
    ];
    let version = incident.version;
    for (const [actor, request, minutes] of steps) {
      deps.setNow(new Date(reportedAt.getTime() + minutes * MINUTE));
      version = (await transitionIncident(deps, actor, incident.id, request, version)).version;
    }
  }
  return INCIDENTS.length;
}

async function seedLinkages(
  deps: ReturnType<typeof pastDependencies>,
  contacts: readonly Contact[],
  coordinator: Caller,
  week: string,
  offset: number,
): Promise<number> {
  const { from } = weekRange(week);
  const services = [
    { need: 'education', service: 'Readmission to the village school', provider: 'school' },
    { need: 'health', service: 'Check-up at the block health centre', provider: 'health' },
  ] as const;
  for (const [index, { need, service, provider }] of services.entries()) {
    const village = required(DEMO_VILLAGES[(index + offset * 2) % DEMO_VILLAGES.length]);
    const at = new Date(from.getTime() + (1 + index * 2) * DAY + 6 * HOUR);
    deps.setNow(at);
    const providerContact = required(
      contacts.find(({ kind, villages }) => kind === provider && (villages.includes(village.id) || villages.length === 0)),
    );
    const created = await createLinkage(
      deps,
      coordinator,
      {
        villageId: village.id,
        childRef: `HIST-${week.slice(2).replace('-', '')}-${index + 1}`,
        need,
        service,
        providerContactId: providerContact.id,
        consent: { given: true, by: 'guardian', recordedAt: at.toISOString() },
      },
      key(week, index, 'linkage'),
    );
    if (!(created instanceof Created)) continue;
    const linkage = created.record;
    const providerCaller = caller(providerContact, village.id);
    let version = linkage.version;
    for (const [actor, to, hours] of [
      [coordinator, 'referred', 2],
      [providerCaller, 'in_progress', 24],
      [providerCaller, 'fulfilled', 72],
    ] as const) {
      deps.setNow(new Date(at.getTime() + hours * HOUR));
      version = (await transitionLinkage(deps, actor, linkage.id, { to }, version)).version;
    }
  }
  return services.length;
}

/** A contact as their verified token would describe them (the standing check reads the directory). */
function caller(contact: Contact, villageId?: string): Caller {
  const role = contact.kind === 'coordinator' ? 'coordinator' : contact.kind === 'volunteer' ? 'volunteer' : 'duty_bearer';
  return {
    sub: `seed-${contact.id}`,
    role,
    villages: villageId && contact.villages.length === 0 ? [villageId] : contact.villages,
    contactId: contact.id,
  };
}

function required<T>(value: T | undefined): T {
  if (value === undefined) throw new Error('the demo directory is not seeded: run npm run seed first');
  return value;
}
