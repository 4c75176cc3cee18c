// The week-close job keeps each village's open incidents as the week ends, so that the week's figures,
// computed on Monday or ten weeks later, count the same backlog without reading the history since.
// On memory stores, with the clock set in the weeks around 2026-W48 (23 to 29 November).
import { beforeEach, describe, expect, test } from '@jest/globals';
import { reportIncident, transitionIncident } from '../../../functions/use-cases/incidents.js';
import { keepBacklogAtWeekEnd, weeklyMetrics } from '../../../functions/use-cases/weekly-metrics.js';
import { createdRecord } from '../../support/outcomes.js';
import { OTHER_VILLAGE, VILLAGE } from '../../support/programme.js';
import { aReport, programmeWorld, type World } from '../../support/use-case-world.js';

const WEEK = '2026-W48';
/** Monday 30 November 00:05 IST, as the schedule fires. */
const AT_CLOSE = new Date('2026-11-29T18:35:00.000Z');

let world: World;
const deps = () => ({ ...world.deps, pricePerSegmentInr: 0.25 });

beforeEach(async () => {
  // Prepare: two open reports in Hingalganj and one in Haroa during the week; one of Hingalganj's is closed within it.
  world = await programmeWorld({ now: '2026-11-25T06:00:00.000Z' });
  const { coordinator } = world.callers;
  const first = createdRecord(await reportIncident(world.deps, coordinator, aReport({ category: 'other' })));
  createdRecord(await reportIncident(world.deps, coordinator, aReport({ category: 'neglect' })));
  createdRecord(await reportIncident(world.deps, coordinator, aReport({ category: 'other', villageId: OTHER_VILLAGE })));
  world.deps.setNow('2026-11-26T06:00:00.000Z');
  await transitionIncident(world.deps, coordinator, first.id, { to: 'unverified', note: 'Not a case' }, 1);
});

describe('the week-close job', () => {
  test('keeps every village’s open incidents at the week’s end, once', async () => {
    // Act
    world.deps.setNow(AT_CLOSE);
    const run = await keepBacklogAtWeekEnd(deps(), AT_CLOSE);
    const again = await keepBacklogAtWeekEnd(deps(), new Date(AT_CLOSE.getTime() + 60_000));

    // Assess
    expect([run, again]).toEqual([
      { week: WEEK, villages: 2 },
      { week: WEEK, villages: 2 },
    ]);
    expect(await world.deps.metrics.getBacklogAtWeekEnd(WEEK)).toEqual({ [VILLAGE]: 1, [OTHER_VILLAGE]: 1 });
  });

  test('counts what was open at the end, not what is open when it runs late', async () => {
    // Prepare: on Monday morning, before the job, Haroa's report is closed and a new one comes in Hingalganj.
    world.deps.setNow('2026-11-30T02:00:00.000Z');
    const [haroa] = (await world.deps.incidents.listInVillages([OTHER_VILLAGE], {}, { limit: 1 })).items;
    await transitionIncident(world.deps, world.callers.coordinator, haroa?.id ?? '', { to: 'unverified', note: 'Moved away' }, 1);
    createdRecord(await reportIncident(world.deps, world.callers.coordinator, aReport({ category: 'other' })));

    // Act
    await keepBacklogAtWeekEnd(deps(), new Date('2026-11-30T03:00:00.000Z'));

    // Assess
    expect(await world.deps.metrics.getBacklogAtWeekEnd(WEEK)).toEqual({ [VILLAGE]: 1, [OTHER_VILLAGE]: 1 });
  });
});

describe('the week computed late', () => {
  test('counts the kept backlog, whatever happened since: Monday’s backlog and ten weeks later’s agree', async () => {
    // Prepare: the job at the week's end; the Monday summary's figures.
    world.deps.setNow(AT_CLOSE);
    await keepBacklogAtWeekEnd(deps(), AT_CLOSE);
    world.deps.setNow('2026-11-30T03:30:00.000Z');
    const monday = await weeklyMetrics(deps(), WEEK);
    await world.deps.table.write({ delete: { PK: 'METRICS#WEEKLY', SK: WEEK } });

    // Act: everything open is closed over the following weeks, then the week is asked for again.
    world.deps.setNow('2026-12-20T06:00:00.000Z');
    for (const incident of (await world.deps.incidents.listInVillages([VILLAGE, OTHER_VILLAGE], {}, { limit: 10 })).items) {
      if (incident.status === 'reported') {
        await transitionIncident(
          world.deps,
          world.callers.coordinator,
          incident.id,
          { to: 'unverified', note: 'Not a case after all' },
          incident.version,
        );
      }
    }
    world.deps.setNow('2027-02-08T06:00:00.000Z');
    const late = await weeklyMetrics(deps(), WEEK);

    // Assess
    expect(monday.total.openBacklog).toBe(2);
    expect(late.total.openBacklog).toBe(2);
    const backlogs = (metrics: typeof late) => Object.values(metrics.villages).map(({ openBacklog }) => openBacklog);
    expect(backlogs(late)).toEqual(backlogs(monday));
  });
});
