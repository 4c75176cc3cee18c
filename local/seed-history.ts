// `npm run seed -- --history`: the demo programme's last two finished weeks, as the programme
// would have recorded them: meetings of every type with attendance, a few incidents in several
// categories taken through the workflow by the people who act on them, and service linkages. The
// API never takes a client's time, so this calls the same use cases in-process, against the
// running stack's DynamoDB Local, with the clock set to each moment in the past.
//
// Re-runnable: each meeting, incident and linkage is looked for first (by its village, time and the
// seed's mark) and each workflow step taken only if not taken yet, so a re-run adds nothing and a
// run cut short is finished by the next.
import { monotonicFactory } from 'ulid';
import { tableStores } from '../functions/adapters/table/stores.js';
import type { Table } from '../functions/adapters/table/table.js';
import type { Caller } from '../functions/domain/access.js';
import { kolkataWeekOf, previousWeek, weekRange } from '../functions/domain/metrics/iso-week.js';
import { allPages } from '../functions/domain/ports.js';
import { Created } from '../functions/domain/results.js';
import { DEFAULT_RETENTION } from '../functions/domain/retention.js';
import { ROUTING_RULES } from '../functions/domain/routing.js';
import type { Contact, IncidentReport } from '../functions/domain/schemas.js';
import type { Category, MeetingType, Outcome } from '../functions/domain/vocabulary.js';
import { createLinkage, listMeetings, recordMeeting, transitionLinkage } from '../functions/use-cases/activities.js';
import type { Dependencies } from '../functions/use-cases/dependencies.js';
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
  {
    village: 1,
    category: 'corporal_punishment',
    day: 1,
    ageBand: '12-14',
    gender: 'boy',
    acknowledgedAfter: 200,
    outcome: 'family_counselled',
  },
  {
    village: 2,
    category: 'school_dropout',
    day: 2,
    ageBand: '12-14',
    gender: 'girl',
    acknowledgedAfter: 600,
    outcome: 'returned_to_school',
  },
  { village: 3, category: 'missing_child', day: 3, ageBand: '6-11', gender: 'boy', acknowledgedAfter: 20, outcome: 'child_rescued' },
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
    retention: DEFAULT_RETENTION,
    setNow(instant) {
      now = new Date(instant);
    },
  };
}

export interface HistoryRun {
  weeks: string[];
  /** What this run added: a re-run adds nothing, and one cut short is finished. */
  added: { meetings: number; incidents: number; linkages: number; steps: number };
}

/** Seeds the two finished weeks before `now` (default: the present). */
export async function seedHistory(table: Table, cursorSecret: string, now = new Date()): Promise<HistoryRun> {
  const deps = pastDependencies(table, cursorSecret);
  const contacts = await allPages((page) => deps.directory.listContacts({}, page));
  const coordinator = caller(required(contacts.find(({ kind }) => kind === 'coordinator')));
  const lastWeek = previousWeek(kolkataWeekOf(now));
  const weeks = [previousWeek(lastWeek), lastWeek];
  const run: HistoryRun = { weeks, added: { meetings: 0, incidents: 0, linkages: 0, steps: 0 } };
  for (const [index, week] of weeks.entries()) {
    await seedMeetings(deps, coordinator, week, index, run);
    await seedIncidents(deps, contacts, coordinator, week, index, run);
    await seedLinkages(deps, contacts, coordinator, week, index, run);
  }
  return run;
}

/** The steps not taken yet: those after `current` in the workflow's order. */
function remaining<Step extends { to: string }>(order: readonly string[], current: string, steps: readonly Step[]): Step[] {
  return steps.filter(({ to }) => order.indexOf(to) > order.indexOf(current));
}

async function seedMeetings(
  deps: ReturnType<typeof pastDependencies>,
  coordinator: Caller,
  week: string,
  offset: number,
  run: HistoryRun,
): Promise<void> {
  const { from, firstDay, lastDay } = weekRange(week);
  deps.setNow(new Date(from.getTime() + 7 * DAY - HOUR));
  for (const [villageIndex, village] of DEMO_VILLAGES.entries()) {
    const held = await allPages((page) => listMeetings(deps, coordinator, { villageId: village.id, from: firstDay, to: lastDay }, page));
    const seeded = new Set(
      held.filter(({ facilitator }) => facilitator === HISTORY_FACILITATOR).map(({ type, heldOn }) => `${type}|${heldOn}`),
    );
    // Two meetings per village a week; over the two weeks every type comes up in every village.
    for (const slot of [0, 1]) {
      const day = (villageIndex + slot * 3 + offset * 2) % 7;
      const type = required(MEETING_TYPES_BY_DAY[(villageIndex + slot * 3 + offset * 5) % MEETING_TYPES_BY_DAY.length]);
      const heldAt = new Date(from.getTime() + day * DAY + 10 * HOUR);
      const heldOn = new Date(heldAt.getTime() + 5.5 * HOUR).toISOString().slice(0, 10);
      if (seeded.has(`${type}|${heldOn}`)) continue;
      deps.setNow(new Date(heldAt.getTime() + 2 * HOUR));
      const children = type === 'children_group' || type === 'club_vigilance';
      const size = 8 + ((villageIndex * 7 + slot * 5 + offset * 3) % 17);
      await recordMeeting(deps, coordinator, {
        villageId: village.id,
        type,
        heldOn,
        facilitator: HISTORY_FACILITATOR,
        attendance: children
          ? { girls: size, boys: size - 3, women: 1, men: 0, dutyBearers: type === 'club_vigilance' ? 1 : 0 }
          : { girls: 0, boys: 0, women: size, men: Math.floor(size / 3), dutyBearers: type === 'duty_bearer_meeting' ? 6 : 1 },
        topics: [children ? 'Safe and unsafe touch; whom to tell' : 'Child marriage is a crime; the helpline 1098'],
      });
      run.added.meetings++;
    }
  }
}

const INCIDENT_ORDER = ['reported', 'acknowledged', 'in_action', 'resolved', 'closed'];
const HISTORY_DESCRIPTION = 'Recorded by the history seed: no real child';

async function seedIncidents(
  deps: ReturnType<typeof pastDependencies>,
  contacts: readonly Contact[],
  coordinator: Caller,
  week: string,
  offset: number,
  run: HistoryRun,
): Promise<void> {
  const { from } = weekRange(week);
  for (const [index, planned] of INCIDENTS.entries()) {
    const village = required(DEMO_VILLAGES[(planned.village + offset) % DEMO_VILLAGES.length]);
    const reportedAt = new Date(from.getTime() + planned.day * DAY + (4.5 + index) * HOUR);
    const instant = reportedAt.toISOString();
    const found = await deps.incidents.listInVillages([village.id], { from: instant, to: instant }, { limit: 10 });
    let incident = found.items.find(({ description, category }) => description === HISTORY_DESCRIPTION && category === planned.category);
    if (!incident) {
      deps.setNow(reportedAt);
      const volunteer = caller(required(contacts.find(({ kind, villages }) => kind === 'volunteer' && villages.includes(village.id))));
      const created = await reportIncident(deps, volunteer, {
        villageId: village.id,
        category: planned.category,
        child: { ageBand: planned.ageBand, gender: planned.gender },
        description: HISTORY_DESCRIPTION,
        medicalCareNeeded: false,
        confidential: false,
      });
      if (!(created instanceof Created)) continue;
      incident = required(await deps.incidents.get(created.record.id), 'the incident just reported');
      run.added.incidents++;
    }
    // A statutory kind the first alert reached acts on it (for a high or critical case, only they
    // may); for a lesser case whose statutory kinds come later on the ladder, the duty bearer the
    // first alert reached does. The coordinator closes it.
    const statutory: readonly string[] = ROUTING_RULES[planned.category].statutory;
    const routed = contacts.filter(({ id, kind }) => incident?.routedTo.includes(id) && kind !== 'volunteer' && kind !== 'coordinator');
    const actor = caller(
      required(routed.find(({ kind }) => statutory.includes(kind)) ?? routed[0], `a duty bearer alerted for ${planned.category}`),
      village.id,
    );
    const acknowledgement = { note: 'On my way to the family' };
    const steps = remaining(INCIDENT_ORDER, incident.status, [
      { by: actor, to: 'acknowledged' as const, ...acknowledgement, after: planned.acknowledgedAfter },
      { by: actor, to: 'in_action' as const, after: planned.acknowledgedAfter + 120 },
      { by: actor, to: 'resolved' as const, outcome: planned.outcome, after: planned.acknowledgedAfter + 26 * 60 },
      { by: coordinator, to: 'closed' as const, after: planned.acknowledgedAfter + 50 * 60 },
    ]);
    let version = incident.version;
    for (const { by, after, ...request } of steps) {
      deps.setNow(new Date(reportedAt.getTime() + after * MINUTE));
      version = (await transitionIncident(deps, by, incident.id, request, version)).version;
      run.added.steps++;
    }
  }
}

const LINKAGE_ORDER = ['identified', 'referred', 'in_progress', 'fulfilled'];

async function seedLinkages(
  deps: ReturnType<typeof pastDependencies>,
  contacts: readonly Contact[],
  coordinator: Caller,
  week: string,
  offset: number,
  run: HistoryRun,
): Promise<void> {
  const { from } = weekRange(week);
  const services = [
    { need: 'education', service: 'Readmission to the village school', provider: 'school', ageBand: '12-14' },
    { need: 'health', service: 'Check-up at the block health centre', provider: 'health', ageBand: '6-11' },
  ] as const;
  for (const [index, { need, service, provider, ageBand }] of services.entries()) {
    const village = required(DEMO_VILLAGES[(index + offset * 2) % DEMO_VILLAGES.length]);
    const at = new Date(from.getTime() + (1 + index * 2) * DAY + 6 * HOUR);
    const childRef = `HIST-${week.slice(2).replace('-', '')}-${index + 1}`;
    const providerContact = required(
      contacts.find(({ kind, villages }) => kind === provider && (villages.includes(village.id) || villages.length === 0)),
      `a ${provider} contact`,
    );
    const listed = await allPages((page) => deps.activities.listLinkages([village.id], {}, page));
    let linkage = listed.find((candidate) => candidate.childRef === childRef);
    if (!linkage) {
      deps.setNow(at);
      const created = await createLinkage(deps, coordinator, {
        villageId: village.id,
        childRef,
        ageBand,
        need,
        service,
        providerContactId: providerContact.id,
        // The guardian's consent, and from 12 the child's own assent.
        consent: {
          guardian: { given: true, by: 'parent', recordedAt: at.toISOString() },
          ...(ageBand === '12-14' ? { childAssent: { given: true, recordedAt: at.toISOString() } } : {}),
        },
      });
      if (!(created instanceof Created)) continue;
      linkage = created.record;
      run.added.linkages++;
    }
    const providerCaller = caller(providerContact, village.id);
    const steps = remaining(LINKAGE_ORDER, linkage.status, [
      { by: coordinator, to: 'referred' as const, hours: 2 },
      { by: providerCaller, to: 'in_progress' as const, hours: 24 },
      { by: providerCaller, to: 'fulfilled' as const, hours: 72 },
    ]);
    let version = linkage.version;
    for (const { by, to, hours } of steps) {
      deps.setNow(new Date(at.getTime() + hours * HOUR));
      version = (await transitionLinkage(deps, by, linkage.id, { to }, version)).version;
      run.added.steps++;
    }
  }
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

function required<T>(value: T | undefined, what = 'the demo directory (run npm run seed first)'): T {
  if (value === undefined) throw new Error(`no ${what}`);
  return value;
}
