// Reporting, reading and moving incidents, on memory stores (no DynamoDB): the rules of DOMAIN.md
// and the views of API.md as the use cases apply them.
import { beforeEach, describe, expect, test } from '@jest/globals';
import { IdempotencyConflictError, NotFoundError, VersionConflictError } from '../../../functions/domain/ports.js';
import { Replayed } from '../../../functions/domain/results.js';
import { getIncident, incidentHistory, listIncidents, reportIncident, transitionIncident } from '../../../functions/use-cases/incidents.js';
import { FIXED_NOW } from '../../support/memory.js';
import { createdRecord, refusalOf } from '../../support/outcomes.js';
import { OTHER_VILLAGE, VILLAGE } from '../../support/programme.js';
import { aReport, programmeWorld, VIA, type World } from '../../support/use-case-world.js';

let world: World;
beforeEach(async () => {
  world = await programmeWorld();
});

/** Every audit record so far, newest first. */
const reads = async () => (await world.deps.audit.list({}, { limit: 100 })).items;

describe('reportIncident', () => {
  test("records a child marriage at the category's default severity, due for acknowledgement in 4 hours", async () => {
    // Act
    const reported = createdRecord(await reportIncident(world.deps, world.callers.volunteer, aReport()));
    // Assess
    expect(reported).toMatchObject({ status: 'reported', severity: 'high', version: 1, reportedAt: FIXED_NOW.toISOString() });
    expect(reported.ackDueAt).toBe('2026-11-28T14:00:00.000Z');
    const stored = await world.deps.incidents.get(reported.id);
    expect(stored).toMatchObject({ id: reported.id, severity: 'high', reportedBy: { sub: 'sub-volunteer', role: 'volunteer' } });
    expect(await world.deps.incidents.history(reported.id)).toEqual([
      expect.objectContaining({ version: 1, from: null, to: 'reported', at: FIXED_NOW.toISOString() }),
    ]);
  });

  test('routes to the active contacts of the first-alert kinds covering the village, the coordinators included', async () => {
    const { programme } = world;
    const reported = createdRecord(await reportIncident(world.deps, world.callers.volunteer, aReport()));
    // Not the inactive vlcpc, not the police (on the ladder, not in the first alert), not another village's panchayat.
    expect([...reported.routedTo].sort()).toEqual(
      [programme.volunteer.id, programme.panchayat.id, programme.vlcpc.id, programme.coordinator.id].sort(),
    );
    expect((await world.deps.incidents.get(reported.id))?.routedTo.sort()).toEqual([...reported.routedTo].sort());
    const routedToPanchayat = await world.deps.incidents.listRoutedTo(programme.panchayat.id, {}, { limit: 25 });
    expect(routedToPanchayat.items.map((incident) => incident.id)).toEqual([reported.id]);
  });

  test('a confidential category never reaches community kinds or volunteers', async () => {
    const { programme } = world;
    const reported = createdRecord(
      await reportIncident(
        world.deps,
        world.callers.coordinator,
        aReport({ category: 'sexual_abuse', child: { ageBand: '12-14', gender: 'girl' } }),
      ),
    );
    expect(reported).toMatchObject({ confidential: true, severity: 'critical' });
    expect([...reported.routedTo].sort()).toEqual([programme.police.id, programme.coordinator.id].sort());
  });

  test('harm expected within 72 hours makes the incident critical', async () => {
    const expectedBy = new Date(FIXED_NOW.getTime() + 24 * 3600_000).toISOString();
    const reported = createdRecord(await reportIncident(world.deps, world.callers.volunteer, aReport({ expectedBy })));
    expect(reported.severity).toBe('critical');
    expect(reported.ackDueAt).toBe('2026-11-28T10:30:00.000Z');
  });

  test("a volunteer may raise the severity but not lower it below the category's default", async () => {
    const raised = createdRecord(await reportIncident(world.deps, world.callers.volunteer, aReport({ severity: 'critical' })));
    expect(raised.severity).toBe('critical');
    expect(await refusalOf(reportIncident(world.deps, world.callers.volunteer, aReport({ severity: 'low' })))).toEqual({
      kind: 'invalid',
      path: 'severity',
      message: expect.any(String),
    });
  });

  test('a coordinator may lower the severity', async () => {
    const lowered = createdRecord(await reportIncident(world.deps, world.callers.coordinator, aReport({ severity: 'low' })));
    expect(lowered.severity).toBe('low');
    expect(lowered.ackDueAt).toBe('2026-12-01T10:00:00.000Z');
  });

  test('a village not on the caller’s token is refused as forbidden, and nothing is written', async () => {
    const before = world.deps.table.items();
    const refused = await refusalOf(reportIncident(world.deps, world.callers.volunteer, aReport({ villageId: OTHER_VILLAGE })));
    expect(refused.kind).toBe('forbidden');
    expect(world.deps.table.items()).toEqual(before);
  });

  test('a village that is not in the programme is refused by path', async () => {
    const refused = await refusalOf(reportIncident(world.deps, world.callers.coordinator, aReport({ villageId: 'v-atlantis' })));
    expect(refused).toEqual({ kind: 'invalid', path: 'villageId', message: 'is not a village of the programme' });
  });

  test('an occurrence in the future is refused, and nothing is written', async () => {
    const before = world.deps.table.items();
    const occurredAt = new Date(FIXED_NOW.getTime() + 3600_000).toISOString();
    const refused = await refusalOf(reportIncident(world.deps, world.callers.volunteer, aReport({ occurredAt })));
    expect(refused).toEqual({ kind: 'invalid', path: 'occurredAt', message: 'must not be in the future' });
    expect(world.deps.table.items()).toEqual(before);
  });

  test("an occurrence a few minutes ahead (a phone's clock drifting) is accepted", async () => {
    const occurredAt = new Date(FIXED_NOW.getTime() + 4 * 60_000).toISOString();
    const reported = createdRecord(await reportIncident(world.deps, world.callers.volunteer, aReport({ occurredAt })));
    expect(reported.occurredAt).toBe(occurredAt);
  });

  test('a retry with the same Idempotency-Key answers the first response as Replayed and writes nothing', async () => {
    // Prepare
    const key = { key: 'phone-retry-0001', bodyHash: 'hash-a' };
    const first = createdRecord(await reportIncident(world.deps, world.callers.volunteer, aReport(), key));
    const before = world.deps.table.items();
    world.deps.setNow('2026-11-28T10:05:00.000Z');
    // Act
    const retry = await reportIncident(world.deps, world.callers.volunteer, aReport(), key);
    // Assess
    expect(retry).toBeInstanceOf(Replayed);
    expect(retry instanceof Replayed && retry.answer).toEqual(JSON.parse(JSON.stringify(first)));
    expect(world.deps.table.items()).toEqual(before);
  });

  test('the same Idempotency-Key with another body is a conflict', async () => {
    await reportIncident(world.deps, world.callers.volunteer, aReport(), { key: 'phone-retry-0002', bodyHash: 'hash-a' });
    await expect(
      reportIncident(world.deps, world.callers.volunteer, aReport({ category: 'neglect' }), {
        key: 'phone-retry-0002',
        bodyHash: 'hash-b',
      }),
    ).rejects.toEqual(new IdempotencyConflictError('payload_mismatch'));
  });

  test('without an Idempotency-Key every report creates', async () => {
    const first = createdRecord(await reportIncident(world.deps, world.callers.volunteer, aReport()));
    const second = createdRecord(await reportIncident(world.deps, world.callers.volunteer, aReport()));
    expect(second.id).not.toBe(first.id);
    expect(second.id > first.id).toBe(true);
  });

  test("the reporter's answer is their own view, with routedTo added", async () => {
    const reported = createdRecord(await reportIncident(world.deps, world.callers.volunteer, aReport()));
    expect(reported.child).toEqual({ ageBand: '15-17', gender: 'girl' });
    expect(reported.location).toBeUndefined();
    expect(reported.reportedBy).toBeUndefined();
    expect(reported.routedTo).toHaveLength(4);
  });
});

describe('reading incidents', () => {
  let mine: string;
  let elsewhere: string;
  let confidential: string;

  beforeEach(async () => {
    const { deps, callers } = world;
    mine = createdRecord(await reportIncident(deps, callers.volunteer, aReport())).id;
    deps.setNow('2026-11-28T11:00:00.000Z');
    elsewhere = createdRecord(
      await reportIncident(deps, callers.coordinator, aReport({ villageId: OTHER_VILLAGE, category: 'neglect' })),
    ).id;
    deps.setNow('2026-11-28T12:00:00.000Z');
    confidential = createdRecord(
      await reportIncident(deps, callers.coordinator, aReport({ category: 'sexual_abuse', child: { ageBand: '12-14', gender: 'girl' } })),
    ).id;
  });

  test('a coordinator lists every incident of the programme, newest first', async () => {
    const page = await listIncidents(world.deps, world.callers.coordinator, {}, { limit: 25 }, VIA);
    expect(page.items.map((incident) => incident.id)).toEqual([confidential, elsewhere, mine]);
  });

  test('a coordinator narrows the list to one village', async () => {
    const page = await listIncidents(world.deps, world.callers.coordinator, { villageId: VILLAGE }, { limit: 25 }, VIA);
    expect(page.items.map((incident) => incident.id)).toEqual([confidential, mine]);
  });

  test('a duty bearer lists only what was routed to them', async () => {
    const asPolice = await listIncidents(world.deps, world.callers.police, {}, { limit: 25 }, VIA);
    const asPanchayat = await listIncidents(world.deps, world.callers.panchayat, {}, { limit: 25 }, VIA);
    expect(asPolice.items.map((incident) => incident.id)).toEqual([confidential]);
    expect(asPanchayat.items.map((incident) => incident.id)).toEqual([mine]);
  });

  test('a volunteer lists only their own reports, without the child’s name, the location or the recipients', async () => {
    const page = await listIncidents(world.deps, world.callers.volunteer, {}, { limit: 25 }, VIA);
    expect(page.items.map((incident) => incident.id)).toEqual([mine]);
    const [own] = page.items;
    expect(own?.child).toEqual({ ageBand: '15-17', gender: 'girl' });
    expect(own && 'location' in own).toBe(false);
    expect(own && 'routedTo' in own).toBe(false);
  });

  test('a list leaves an audit record of each incident it holds: who, with which role, by which route, when; no content', async () => {
    await listIncidents(world.deps, world.callers.coordinator, { villageId: VILLAGE }, { limit: 25 }, VIA);
    expect((await reads()).map(({ id: _id, ...read }) => read)).toEqual(
      [mine, confidential].map((id) => ({
        at: '2026-11-28T12:00:00.000Z',
        actor: { sub: 'sub-coordinator', role: 'coordinator' },
        record: { type: 'incident', id },
        villageId: VILLAGE,
        route: VIA,
      })),
    );
  });

  test('a village filter outside the caller’s villages is refused as forbidden', async () => {
    const refused = await refusalOf(listIncidents(world.deps, world.callers.panchayat, { villageId: OTHER_VILLAGE }, { limit: 25 }, VIA));
    expect(refused.kind).toBe('forbidden');
  });

  test('the coordinator’s view has everything', async () => {
    const view = await getIncident(world.deps, world.callers.coordinator, mine, VIA);
    // The record as stored, and the first alert's kinds that had nobody: the programme has no cmpo.
    expect(view).toEqual({ ...(await world.deps.incidents.get(mine)), coverageGaps: ['cmpo'] });
    expect(view).toMatchObject({ child: { name: 'Rina Khatun' }, location: 'Near the ghat, ward 3', reportedBy: { sub: 'sub-volunteer' } });
  });

  test('a routed official sees the child’s name and the location, never the reporter', async () => {
    const named = createdRecord(
      await reportIncident(
        world.deps,
        world.callers.coordinator,
        aReport({ category: 'sexual_abuse', child: { ...aReport().child, ageBand: '12-14' } }),
      ),
    ).id;
    const view = await getIncident(world.deps, world.callers.police, named, VIA);
    expect(view.child.name).toBe('Rina Khatun');
    expect(view.location).toBe('Near the ghat, ward 3');
    expect(view.routedTo).toHaveLength(2);
    expect('reportedBy' in view).toBe(false);
  });

  test('a routed community member sees the location, but neither the child’s name nor the reporter', async () => {
    const view = await getIncident(world.deps, world.callers.panchayat, mine, VIA);
    expect(view.child).toEqual({ ageBand: '15-17', gender: 'girl' });
    expect(view.location).toBe('Near the ghat, ward 3');
    expect('reportedBy' in view).toBe(false);
  });

  test('the reporting volunteer never sees the child’s name, the location or the recipients', async () => {
    const view = await getIncident(world.deps, world.callers.volunteer, mine, VIA);
    expect(view.child).toEqual({ ageBand: '15-17', gender: 'girl' });
    expect('location' in view).toBe(false);
    expect('routedTo' in view).toBe(false);
    expect('reportedBy' in view).toBe(false);
  });

  test('a read leaves an audit record', async () => {
    await getIncident(world.deps, world.callers.panchayat, mine, VIA);
    expect(await reads()).toEqual([
      expect.objectContaining({
        actor: { sub: 'sub-panchayat', role: 'duty_bearer', contactId: world.programme.panchayat.id },
        record: { type: 'incident', id: mine },
      }),
    ]);
  });

  test('a duty bearer it was not routed to, and another volunteer, are told it does not exist, and nothing is recorded', async () => {
    await expect(getIncident(world.deps, world.callers.police, mine, VIA)).rejects.toBeInstanceOf(NotFoundError);
    await expect(getIncident(world.deps, world.callers.otherVolunteer, mine, VIA)).rejects.toBeInstanceOf(NotFoundError);
    expect(await reads()).toEqual([]);
  });

  test('a funder never reads an incident', async () => {
    await expect(getIncident(world.deps, world.callers.funder, mine, VIA)).rejects.toBeInstanceOf(NotFoundError);
  });

  test('an unknown id is not found', async () => {
    await expect(getIncident(world.deps, world.callers.coordinator, '01JD0000000000000000000000', VIA)).rejects.toBeInstanceOf(
      NotFoundError,
    );
  });
});

describe('incident history', () => {
  let id: string;
  beforeEach(async () => {
    id = createdRecord(await reportIncident(world.deps, world.callers.volunteer, aReport())).id;
    world.deps.setNow('2026-11-28T11:00:00.000Z');
    await transitionIncident(world.deps, world.callers.panchayat, id, { to: 'acknowledged', note: 'Visited the family' }, 1);
  });

  test('a coordinator reads every entry oldest first, with who acted', async () => {
    const history = await incidentHistory(world.deps, world.callers.coordinator, id, VIA);
    expect(history.map((entry) => [entry.from, entry.to])).toEqual([
      [null, 'reported'],
      ['reported', 'acknowledged'],
    ]);
    expect(history[0]?.by).toEqual({ sub: 'sub-volunteer', role: 'volunteer', contactId: world.programme.volunteer.id });
  });

  test('a routed duty bearer sees the report by role only, and the others’ acts without their login', async () => {
    const history = await incidentHistory(world.deps, world.callers.panchayat, id, VIA);
    expect(history[0]?.by).toEqual({ role: 'volunteer' });
    expect(history[1]?.by).toEqual({ role: 'duty_bearer', contactId: world.programme.panchayat.id });
    expect(history[1]?.note).toBe('Visited the family');
  });

  test('the reporting volunteer may not read the history', async () => {
    await expect(incidentHistory(world.deps, world.callers.volunteer, id, VIA)).rejects.toBeInstanceOf(NotFoundError);
  });

  test('a read of the history leaves an audit record', async () => {
    await incidentHistory(world.deps, world.callers.coordinator, id, VIA);
    expect(await reads()).toEqual([
      expect.objectContaining({ actor: { sub: 'sub-coordinator', role: 'coordinator' }, record: { type: 'incident', id } }),
    ]);
  });
});

describe('transitionIncident', () => {
  let id: string;
  beforeEach(async () => {
    id = createdRecord(await reportIncident(world.deps, world.callers.volunteer, aReport())).id;
    world.deps.setNow('2026-11-28T11:00:00.000Z');
  });

  test('the routed panchayat acknowledges: version 2, the acknowledgement and its history entry are stored', async () => {
    // Act
    const view = await transitionIncident(world.deps, world.callers.panchayat, id, { to: 'acknowledged' }, 1);
    // Assess
    expect(view).toMatchObject({ status: 'acknowledged', version: 2 });
    expect(await world.deps.incidents.get(id)).toMatchObject({
      status: 'acknowledged',
      version: 2,
      updatedAt: '2026-11-28T11:00:00.000Z',
      acknowledgements: [{ contactId: world.programme.panchayat.id, kind: 'panchayat', at: '2026-11-28T11:00:00.000Z' }],
      inActionDueAt: '2026-12-01T11:00:00.000Z',
    });
    expect(await world.deps.incidents.history(id)).toHaveLength(2);
  });

  test('a stale version is a VersionConflictError, and the incident is unchanged', async () => {
    const before = world.deps.table.items();
    await expect(transitionIncident(world.deps, world.callers.panchayat, id, { to: 'acknowledged' }, 7)).rejects.toBeInstanceOf(
      VersionConflictError,
    );
    expect(world.deps.table.items()).toEqual(before);
  });

  test('an illegal move is refused as a conflict, and the incident is unchanged', async () => {
    const before = world.deps.table.items();
    const refused = await refusalOf(transitionIncident(world.deps, world.callers.coordinator, id, { to: 'closed' }, 1));
    expect(refused.kind).toBe('conflict');
    expect(world.deps.table.items()).toEqual(before);
  });

  test('a duty bearer it was not routed to cannot move it: not found', async () => {
    await expect(transitionIncident(world.deps, world.callers.police, id, { to: 'acknowledged' }, 1)).rejects.toBeInstanceOf(NotFoundError);
    expect((await world.deps.incidents.get(id))?.status).toBe('reported');
  });

  test('the reporting volunteer sees it but may not move it: forbidden', async () => {
    const refused = await refusalOf(transitionIncident(world.deps, world.callers.volunteer, id, { to: 'acknowledged' }, 1));
    expect(refused.kind).toBe('forbidden');
  });

  test('a coordinator acknowledges on behalf of a routed contact reached by phone, and the history says so', async () => {
    const { panchayat } = world.programme;
    await transitionIncident(
      world.deps,
      world.callers.coordinator,
      id,
      { to: 'acknowledged', onBehalfOf: panchayat.id, note: 'by phone' },
      1,
    );
    expect((await world.deps.incidents.get(id))?.acknowledgements).toMatchObject([{ contactId: panchayat.id, kind: 'panchayat' }]);
    const history = await world.deps.incidents.history(id);
    expect(history[1]).toMatchObject({ onBehalfOf: panchayat.id, by: { role: 'coordinator' }, note: 'by phone' });
  });

  test('on behalf of a contact it was not routed to is refused by path', async () => {
    const refused = await refusalOf(
      transitionIncident(world.deps, world.callers.coordinator, id, { to: 'acknowledged', onBehalfOf: world.programme.police.id }, 1),
    );
    expect(refused).toEqual({ kind: 'invalid', path: 'onBehalfOf', message: expect.any(String) });
  });

  test('resolving needs an outcome', async () => {
    // A statutory kind must have acted before a high incident is resolved: the coordinator reached the police by phone.
    const harmSoon = createdRecord(
      await reportIncident(world.deps, world.callers.volunteer, aReport({ expectedBy: '2026-11-30T10:00:00.000Z' })),
    ).id;
    id = harmSoon;
    await transitionIncident(world.deps, world.callers.coordinator, id, { to: 'acknowledged', onBehalfOf: world.programme.police.id }, 1);
    await transitionIncident(world.deps, world.callers.coordinator, id, { to: 'in_action' }, 2);
    const refused = await refusalOf(transitionIncident(world.deps, world.callers.coordinator, id, { to: 'resolved' }, 3));
    expect(refused).toEqual({ kind: 'invalid', path: 'outcome', message: expect.any(String) });
    const resolved = await transitionIncident(
      world.deps,
      world.callers.coordinator,
      id,
      { to: 'resolved', outcome: 'marriage_stopped' },
      3,
    );
    expect(resolved).toMatchObject({ status: 'resolved', outcome: 'marriage_stopped', version: 4 });
    expect((await world.deps.incidents.listOpen(VILLAGE, { limit: 25 })).items.map((incident) => incident.id)).not.toContain(id);
  });
});
