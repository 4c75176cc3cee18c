// The escalation job on memory stores (no DynamoDB): past a deadline the ladder climbs one step, and
// running the job twice for the same instant changes nothing the second time.
import { beforeEach, describe, expect, test } from '@jest/globals';
import { ESCALATION_ACTOR } from '../../../functions/domain/escalation.js';
import { runEscalations } from '../../../functions/use-cases/escalate.js';
import { reportIncident, transitionIncident } from '../../../functions/use-cases/incidents.js';
import { createdRecord } from '../../support/outcomes.js';
import { aReport, programmeWorld, type World } from '../../support/use-case-world.js';

let world: World;
let id: string;
let firstAlert: string[];

beforeEach(async () => {
  world = await programmeWorld();
  // A high child marriage reported at 10:00: acknowledgement due at 14:00; its ladder is [block] → [police] → ...
  const reported = createdRecord(await reportIncident(world.deps, world.callers.volunteer, aReport()));
  id = reported.id;
  firstAlert = reported.routedTo;
});

describe('runEscalations', () => {
  test('before the deadline nothing is due and nothing changes', async () => {
    const before = world.deps.table.items();
    const summary = await runEscalations(world.deps, new Date('2026-11-28T13:59:59.999Z'));
    expect(summary).toEqual({ examined: 0, applied: {} });
    expect(world.deps.table.items()).toEqual(before);
  });

  test("past a high incident's deadline the next step's contacts are routed, and the next step is due 4 hours on", async () => {
    // Act
    const now = new Date('2026-11-28T14:01:00.000Z');
    const summary = await runEscalations(world.deps, now);
    // Assess
    expect(summary).toEqual({ examined: 1, applied: { escalate: 1 } });
    const escalated = await world.deps.incidents.get(id);
    expect(escalated).toMatchObject({ status: 'reported', escalationStep: 1, version: 2, ackDueAt: '2026-11-28T18:01:00.000Z' });
    expect([...(escalated?.routedTo ?? [])].sort()).toEqual([...firstAlert, world.programme.block.id].sort());
    expect((await world.deps.incidents.history(id)).at(-1)).toEqual({
      entity: 'incident',
      entityId: id,
      version: 2,
      at: now.toISOString(),
      by: ESCALATION_ACTOR,
      from: 'reported',
      to: 'reported',
      event: 'escalated',
      step: 1,
    });
    const routedToBlock = await world.deps.incidents.listRoutedTo(world.programme.block.id, {}, { limit: 25 });
    expect(routedToBlock.items.map((incident) => incident.id)).toEqual([id]);
  });

  test('running twice for the same instant changes nothing the second time', async () => {
    const now = new Date('2026-11-28T14:01:00.000Z');
    await runEscalations(world.deps, now);
    const afterFirst = world.deps.table.items();
    const second = await runEscalations(world.deps, now);
    expect(second).toEqual({ examined: 0, applied: {} });
    expect(world.deps.table.items()).toEqual(afterFirst);
  });

  test('the next step comes only once its own deadline has passed', async () => {
    await runEscalations(world.deps, new Date('2026-11-28T14:01:00.000Z'));
    await runEscalations(world.deps, new Date('2026-11-28T18:02:00.000Z'));
    const incident = await world.deps.incidents.get(id);
    expect(incident).toMatchObject({ escalationStep: 2, version: 3 });
    expect(incident?.routedTo).toContain(world.programme.police.id);
  });

  test('an acknowledgement by a statutory kind stops the ladder', async () => {
    world.deps.setNow('2026-11-28T11:00:00.000Z');
    await transitionIncident(
      world.deps,
      world.callers.coordinator,
      id,
      { to: 'acknowledged', onBehalfOf: world.programme.panchayat.id },
      1,
    );
    // A panchayat's acknowledgement of a high incident leaves the ladder running...
    expect((await runEscalations(world.deps, new Date('2026-11-28T14:01:00.000Z'))).applied.escalate).toBe(1);
    // ...until the block (a statutory kind for child marriage), now routed, acknowledges.
    world.deps.setNow('2026-11-28T15:00:00.000Z');
    await transitionIncident(world.deps, world.callers.block, id, { to: 'acknowledged' }, 3);
    const summary = await runEscalations(world.deps, new Date('2026-11-28T18:02:00.000Z'));
    expect(summary.applied.escalate).toBeUndefined();
    expect((await world.deps.incidents.get(id))?.escalationStep).toBe(1);
  });
});
