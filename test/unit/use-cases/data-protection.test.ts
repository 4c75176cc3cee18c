// Audit records, retention and erasure, legal holds and exports, on memory stores (no DynamoDB): the
// retention job under simulated time, with and without a hold; erasure leaves the metrics as they
// were and the history whole; an export holds what the coordinator's view holds, and nothing else.
import { beforeEach, describe, expect, test } from '@jest/globals';
import { MemoryTable } from '../../../functions/adapters/table/memory-table.js';
import { tableStores } from '../../../functions/adapters/table/stores.js';
import type { BatchAction } from '../../../functions/adapters/table/table.js';
import { AuditUnavailableError } from '../../../functions/domain/ports.js';
import { addMonths, ERASED, RETENTION_ACTOR } from '../../../functions/domain/retention.js';
import type { Incident, Linkage, LinkageInput } from '../../../functions/domain/schemas.js';
import { createLinkage, getLinkage } from '../../../functions/use-cases/activities.js';
import { breachScope } from '../../../functions/use-cases/audit.js';
import {
  eraseChild,
  eraseIncidentOnRequest,
  exportChild,
  exportIncident,
  incidentAccessLog,
  liftLegalHold,
  setLegalHold,
} from '../../../functions/use-cases/data-protection.js';
import { addNote, getIncident, incidentHistory, reportIncident, transitionIncident } from '../../../functions/use-cases/incidents.js';
import { runRetention } from '../../../functions/use-cases/retention.js';
import { weeklyMetrics } from '../../../functions/use-cases/weekly-metrics.js';
import { MEMORY_CURSOR_SECRET } from '../../support/memory.js';
import { createdRecord, refusalOf } from '../../support/outcomes.js';
import { OTHER_VILLAGE, VILLAGE } from '../../support/programme.js';
import { aReport, programmeWorld, VIA, type World } from '../../support/use-case-world.js';

let world: World;
beforeEach(async () => {
  world = await programmeWorld();
});

const NAME = 'Rina Khatun';
const PLACE = 'Near the ghat, ward 3';
const DESCRIPTION = 'Marriage being arranged for next week';
const NOTE = 'Rina is staying with her aunt in Basirhat';

/** A linkage the coordinator records for a child of 6-11, with the guardian's consent. */
async function linkageOf(childRef: string, overrides: Partial<LinkageInput> = {}): Promise<Linkage> {
  const input: LinkageInput = {
    villageId: VILLAGE,
    childRef,
    ageBand: '6-11',
    need: 'documentation',
    service: 'Birth certificate from the Panchayat',
    consent: { guardian: { given: true, by: 'parent', recordedAt: '2026-11-20T09:00:00.000Z' } },
    ...overrides,
  };
  return createdRecord(await createLinkage(world.deps, world.callers.coordinator, input));
}

/** A low-priority report taken to closed by the coordinator, with a note in its history; the clock ends at its closing. */
async function closedIncident(at: string, overrides: Parameters<typeof aReport>[0] = {}): Promise<Incident> {
  const { deps, callers } = world;
  const { coordinator } = callers;
  deps.setNow(at);
  const reported = createdRecord(await reportIncident(deps, coordinator, aReport({ category: 'other', ...overrides })));
  await transitionIncident(deps, coordinator, reported.id, { to: 'acknowledged', note: NOTE }, 1);
  await transitionIncident(deps, coordinator, reported.id, { to: 'in_action' }, 2);
  await transitionIncident(deps, coordinator, reported.id, { to: 'resolved', outcome: 'family_counselled' }, 3);
  await transitionIncident(deps, coordinator, reported.id, { to: 'closed' }, 4);
  const closed = await deps.incidents.get(reported.id);
  if (!closed) throw new Error('the incident is stored');
  return closed;
}

describe('closing an incident', () => {
  test('sets when its personal fields fall due for erasure, 24 months on; a reopen takes it back', async () => {
    const closed = await closedIncident('2026-11-28T10:00:00.000Z');
    expect(closed.eraseDueAt).toBe('2028-11-28T10:00:00.000Z');
    await transitionIncident(world.deps, world.callers.coordinator, closed.id, { to: 'in_action' }, closed.version);
    expect((await world.deps.incidents.get(closed.id))?.eraseDueAt).toBeUndefined();
  });
});

describe('the retention job, under simulated time', () => {
  test('erases a closed incident’s personal fields once its 24 months are over, never one under a legal hold', async () => {
    // Prepare: two cases closed the same day, one of them held for a court case.
    const closedAt = '2026-11-28T10:00:00.000Z';
    const free = await closedIncident(closedAt);
    const held = await closedIncident(closedAt);
    await setLegalHold(world.deps, world.callers.coordinator, held.id, { reason: 'PCMA case 112/2026' });
    const run = (months: number) => runRetention(world.deps, addMonths(closedAt, months));

    // Act and Assess: nothing at 23 months; at 25 the free one only; a second run finds nothing.
    expect(await run(23)).toEqual({ erased: 0, held: 0, deferred: 0 });
    expect(await run(25)).toEqual({ erased: 1, held: 0, deferred: 0 });
    expect(await run(25)).toEqual({ erased: 0, held: 0, deferred: 0 });

    const erased = await world.deps.incidents.get(free.id);
    expect(erased).toMatchObject({ child: { name: ERASED, ageBand: '15-17', gender: 'girl' }, location: ERASED, description: ERASED });
    expect(erased?.eraseDueAt).toBeUndefined();
    const history = await world.deps.incidents.history(free.id);
    expect(history.filter((entry) => entry.note !== undefined).map((entry) => entry.note)).toEqual([ERASED]);
    expect(history.at(-1)).toMatchObject({
      event: 'erased',
      by: RETENTION_ACTOR,
      reason: 'Retention schedule: 24 months after the case was closed',
      erasedFields: ['child.name', 'location', 'description', 'notes'],
    });
    expect(await world.deps.incidents.get(held.id)).toMatchObject({ child: { name: NAME }, location: PLACE, description: DESCRIPTION });

    // Act and Assess: the hold lifted, the next run erases it too.
    world.deps.setNow(addMonths(closedAt, 26));
    await liftLegalHold(world.deps, world.callers.coordinator, held.id);
    expect(await run(26)).toEqual({ erased: 1, held: 0, deferred: 0 });
    expect(await world.deps.incidents.get(held.id)).toMatchObject({ description: ERASED, location: ERASED });
  });

  test('a hold with an end keeps the incident until then, and it is erased on the first run after', async () => {
    const closedAt = '2026-11-28T10:00:00.000Z';
    const incident = await closedIncident(closedAt);
    await setLegalHold(world.deps, world.callers.coordinator, incident.id, { reason: 'Appeal pending', until: '2029-06-01T00:00:00.000Z' });
    expect((await runRetention(world.deps, new Date('2029-05-31T00:00:00.000Z'))).erased).toBe(0);
    expect((await runRetention(world.deps, new Date('2029-06-01T00:00:00.000Z'))).erased).toBe(1);
  });
});

describe('erasure on request', () => {
  test('is refused under a legal hold (409); once lifted it erases, and a repeat changes nothing', async () => {
    const { deps, callers } = world;
    const incident = await closedIncident('2026-11-28T10:00:00.000Z');
    await setLegalHold(deps, callers.coordinator, incident.id, { reason: 'PCMA case 112/2026' });
    expect((await refusalOf(eraseIncidentOnRequest(deps, callers.coordinator, incident.id, 'The family asked'))).kind).toBe('conflict');

    await liftLegalHold(deps, callers.coordinator, incident.id);
    const erased = await eraseIncidentOnRequest(deps, callers.coordinator, incident.id, 'The family asked');
    const again = await eraseIncidentOnRequest(deps, callers.coordinator, incident.id, 'The family asked');

    expect(erased).toMatchObject({ description: ERASED, location: ERASED, child: { name: ERASED } });
    expect(again.version).toBe(erased.version);
    // Still due: notes added after a request are erased by the retention job when its time comes.
    expect(erased.eraseDueAt).toBe(incident.eraseDueAt);
  });

  test('leaves the history complete and the week’s metrics as they were', async () => {
    // Prepare: a week's reports, one of them closed with notes, the figures of the week so far.
    const { deps, callers } = world;
    const incident = await closedIncident('2026-11-24T06:00:00.000Z');
    await addNote(deps, callers.coordinator, incident.id, 'The family moved to Basirhat');
    createdRecord(await reportIncident(deps, callers.volunteer, aReport()));
    const metricsDeps = { ...deps, pricePerSegmentInr: 0.25 };
    const before = await weeklyMetrics(metricsDeps, '2026-W48');
    const historyBefore = await deps.incidents.history(incident.id);

    // Act
    await eraseIncidentOnRequest(deps, callers.coordinator, incident.id, 'The girl’s mother asked');

    // Assess
    const after = await weeklyMetrics(metricsDeps, '2026-W48');
    expect({ total: after.total, villages: after.villages }).toEqual({ total: before.total, villages: before.villages });
    const history = await deps.incidents.history(incident.id);
    expect(history.map((entry) => entry.version)).toEqual([...historyBefore.map((entry) => entry.version), historyBefore.length + 1]);
    expect(history.slice(0, -1)).toEqual(historyBefore.map((entry) => (entry.note ? { ...entry, note: ERASED } : entry)));
    expect(history.at(-1)).toMatchObject({
      event: 'erased',
      by: { sub: 'sub-coordinator', role: 'coordinator' },
      reason: 'The girl’s mother asked',
      from: 'closed',
      to: 'closed',
    });
    expect(JSON.stringify(history)).not.toMatch(/Rina|Basirhat|ghat/);
  });
});

describe('exports', () => {
  test('of an incident hold what the coordinator’s view holds, its reads, and nothing of another incident', async () => {
    // Prepare: the incident, and another in the same village told apart by its words.
    const { deps, callers } = world;
    const incident = createdRecord(await reportIncident(deps, callers.volunteer, aReport()));
    deps.setNow('2026-11-28T11:00:00.000Z');
    const other = createdRecord(
      await reportIncident(
        deps,
        callers.coordinator,
        aReport({ description: 'Another girl, Mitali, taken out of school', location: 'Dulduli' }),
      ),
    );
    await transitionIncident(deps, callers.panchayat, incident.id, { to: 'acknowledged', note: NOTE }, 1);
    await getIncident(deps, callers.panchayat, incident.id, 'GET /incidents/{id}');

    // Act
    const exported = await exportIncident(deps, callers.coordinator, incident.id, 'GET /incidents/{id}/export');

    // Assess
    expect(exported.incident).toEqual(await getIncident(deps, callers.coordinator, incident.id, VIA));
    expect(exported.history).toEqual(await incidentHistory(deps, callers.coordinator, incident.id, VIA));
    expect(exported.notifications).toEqual(await deps.notifications.listForIncident(incident.id));
    expect(exported.accessLog.map((read) => [read.actor.sub, read.route])).toEqual([
      ['sub-coordinator', 'GET /incidents/{id}/export'],
      ['sub-panchayat', 'GET /incidents/{id}'],
    ]);
    const text = JSON.stringify(exported);
    for (const foreign of [other.id, 'Mitali', 'Dulduli', other.shortCode]) expect(text).not.toContain(foreign);
  });

  test('of a child hold its linkages only, each with its history and reads, and each read is audited', async () => {
    const { deps, callers } = world;
    const first = await linkageOf('HG-0042');
    const second = await linkageOf('HG-0042', { need: 'education' });
    const another = await linkageOf('HG-0043', { service: 'Kanyashree' });

    const exported = await exportChild(deps, callers.coordinator, 'HG-0042', 'GET /children/{childRef}/export');

    expect(exported.childRef).toBe('HG-0042');
    expect(exported.linkages.map((held) => held.linkage)).toEqual([first, second]);
    expect(exported.linkages.map((held) => held.history.map((entry) => entry.to))).toEqual([['identified'], ['identified']]);
    expect(JSON.stringify(exported)).not.toContain(another.id);
    expect(exported.linkages.map((held) => held.accessLog.map((read) => read.route))).toEqual([
      ['GET /children/{childRef}/export'],
      ['GET /children/{childRef}/export'],
    ]);
    await expect(exportChild(deps, callers.coordinator, 'HG-9999', VIA)).rejects.toMatchObject({ name: 'NotFoundError' });
  });
});

describe("erasure of a child's linkages", () => {
  test('erases what each was for and its notes, keeps the childRef and its counts, and a repeat changes nothing', async () => {
    const { deps, callers } = world;
    const linkage = await linkageOf('HG-0042', { service: 'Birth certificate for Rina' });
    const erased = await eraseChild(deps, callers.coordinator, 'HG-0042', 'The family asked');
    const again = await eraseChild(deps, callers.coordinator, 'HG-0042', 'The family asked');

    expect(erased.linkages).toEqual([
      expect.objectContaining({ id: linkage.id, childRef: 'HG-0042', need: 'documentation', service: ERASED, version: 2 }),
    ]);
    expect(again).toEqual(erased);
    expect((await deps.activities.linkageHistory(linkage.id)).map((entry) => entry.event ?? entry.to)).toEqual(['identified', 'erased']);
  });
});

describe('audit records', () => {
  test('an incident’s access log lists its reads, newest first; other incidents’ reads are not in it', async () => {
    const { deps, callers } = world;
    const incident = createdRecord(await reportIncident(deps, callers.volunteer, aReport()));
    const other = createdRecord(await reportIncident(deps, callers.volunteer, aReport({ category: 'neglect' })));
    await getIncident(deps, callers.panchayat, incident.id, 'GET /incidents/{id}');
    deps.setNow('2026-11-28T10:05:00.000Z');
    await incidentHistory(deps, callers.coordinator, incident.id, 'GET /incidents/{id}/history');
    await getIncident(deps, callers.coordinator, other.id, 'GET /incidents/{id}');

    const log = await incidentAccessLog(deps, callers.coordinator, incident.id, { limit: 25 });

    expect(log.items.map(({ actor, route, at }) => [actor.sub, route, at])).toEqual([
      ['sub-coordinator', 'GET /incidents/{id}/history', '2026-11-28T10:05:00.000Z'],
      ['sub-panchayat', 'GET /incidents/{id}', '2026-11-28T10:00:00.000Z'],
    ]);
  });

  test('scope a breach notice: the incidents and linkages read in a window, by id and village, by one reader when named', async () => {
    const { deps, callers } = world;
    const here = createdRecord(await reportIncident(deps, callers.volunteer, aReport()));
    const there = createdRecord(await reportIncident(deps, callers.coordinator, aReport({ villageId: OTHER_VILLAGE })));
    const linkage = await linkageOf('HG-0042', { need: 'health', service: 'Immunisation' });
    deps.setNow('2026-11-29T10:00:00.000Z');
    await getIncident(deps, callers.panchayat, here.id, VIA);
    await getIncident(deps, callers.coordinator, there.id, VIA);
    await getLinkage(deps, callers.coordinator, linkage.id, VIA);
    const window = { from: '2026-11-29T00:00:00.000Z', to: '2026-11-29T23:59:59.999Z' };

    expect(await breachScope(deps, window)).toEqual({
      ...window,
      incidents: [here, there].map(({ id, villageId }) => ({ id, villageId })).sort((a, b) => a.id.localeCompare(b.id)),
      linkages: [{ id: linkage.id, villageId: VILLAGE }],
      villages: [VILLAGE, OTHER_VILLAGE].sort(),
      reads: 3,
    });
    expect(await breachScope(deps, { ...window, actor: 'sub-panchayat' })).toMatchObject({
      incidents: [{ id: here.id, villageId: VILLAGE }],
      linkages: [],
      villages: [VILLAGE],
    });
  });

  test('a read whose audit record cannot be written is not served', async () => {
    // Prepare: the stores over a table that takes no batch of writes (audit records go in batches).
    class NoBatches extends MemoryTable {
      override async writeBatch(_actions: readonly BatchAction[]): Promise<void> {
        throw new Error('throttled');
      }
    }
    const incident = createdRecord(await reportIncident(world.deps, world.callers.volunteer, aReport()));
    const table = new NoBatches();
    for (const item of world.deps.table.items()) await table.write({ put: item });
    const deps = { ...world.deps, ...tableStores(table, { cursorSecret: MEMORY_CURSOR_SECRET, clock: world.deps.clock }) };

    // Act and Assess
    await expect(getIncident(deps, world.callers.coordinator, incident.id, VIA)).rejects.toBeInstanceOf(AuditUnavailableError);
  });
});

describe('views', () => {
  test('only a coordinator sees a legal hold and the erasure date', async () => {
    const { deps, callers } = world;
    const reported = createdRecord(await reportIncident(deps, callers.volunteer, aReport()));
    await setLegalHold(deps, callers.coordinator, reported.id, { reason: 'PCMA case 112/2026' });
    expect(await getIncident(deps, callers.coordinator, reported.id, VIA)).toHaveProperty('legalHold.reason', 'PCMA case 112/2026');
    for (const caller of [callers.panchayat, callers.volunteer]) {
      expect(await getIncident(deps, caller, reported.id, VIA)).not.toHaveProperty('legalHold');
    }
  });
});
