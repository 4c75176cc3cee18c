// On time, under simulated time: whatever is due at or before a run's `now` (a ladder step, a rescore
// or pre-harm alert before a wedding, an overdue legal duty, a reminder, the follow-up after the harm,
// a notice the stream missed) is handled in that run, and nothing due is left in the due index. With
// the jobs running every minute, a deadline is acted on at most two minutes late in AWS.
import { describe, expect, test } from '@jest/globals';
import fc from 'fast-check';
import { nextDueAt } from '../../../functions/domain/escalation.js';
import { CATEGORIES } from '../../../functions/domain/vocabulary.js';
import { runEscalations } from '../../../functions/use-cases/escalate.js';
import { reportIncident } from '../../../functions/use-cases/incidents.js';
import { runSweep } from '../../../functions/use-cases/sweep.js';
import { createdRecord } from '../../support/outcomes.js';
import { recordingSms } from '../../support/recording-sms.js';
import { aReport, programmeWorld, worldNotifier } from '../../support/use-case-world.js';

const START = Date.parse('2026-11-20T00:00:00.000Z');
const HOUR = 3_600_000;

const reportArbitrary = fc.record({
  category: fc.constantFrom(...CATEGORIES),
  /** Hours after START. */
  at: fc.integer({ min: 0, max: 7 * 24 }),
  /** Hours from the report to the wedding, for a child marriage; none for the others. */
  expectedIn: fc.option(fc.integer({ min: 1, max: 6 * 24 }), { nil: undefined }),
  medicalCareNeeded: fc.boolean(),
});

describe('a run handles every deadline at or before its now', () => {
  test('escalation and sweeper, for generated programmes of reports (fixed seed)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(reportArbitrary, { minLength: 5, maxLength: 25 }),
        fc.integer({ min: 1, max: 10 * 24 }),
        async (reports, runAfter) => {
          // Prepare: the reports, each at its own moment; none acknowledged.
          const world = await programmeWorld({ now: new Date(START) });
          const ids: string[] = [];
          for (const report of [...reports].sort((a, b) => a.at - b.at)) {
            const reportedAt = START + report.at * HOUR;
            world.deps.setNow(new Date(reportedAt));
            const expectedBy =
              report.category === 'child_marriage' && report.expectedIn !== undefined
                ? { expectedBy: new Date(reportedAt + report.expectedIn * HOUR).toISOString() }
                : {};
            const created = createdRecord(
              await reportIncident(
                world.deps,
                world.callers.coordinator,
                aReport({ category: report.category, medicalCareNeeded: report.medicalCareNeeded, ...expectedBy }),
              ),
            );
            ids.push(created.id);
          }

          // Act: one escalation run and one sweep at an instant after the last report.
          const now = new Date(START + (7 * 24 + runAfter) * HOUR);
          world.deps.setNow(now);
          await runEscalations(world.deps, now);
          await runSweep(worldNotifier(world, { sms: recordingSms() }), now);

          // Assess: nothing is due at or before now, in the index or on any incident; every notice delivered.
          expect((await world.deps.incidents.listDue(now, { limit: 100 })).items).toEqual([]);
          expect((await world.deps.notifications.listDueNotices(now, { limit: 100 })).items).toEqual([]);
          for (const id of ids) {
            const incident = await world.deps.incidents.get(id);
            const due = incident && nextDueAt(incident);
            expect({ id, dueBeforeNow: due !== undefined && due <= now.toISOString() }).toEqual({ id, dueBeforeNow: false });
          }
        },
      ),
      { numRuns: 25, seed: 20261206 },
    );
  });
});
