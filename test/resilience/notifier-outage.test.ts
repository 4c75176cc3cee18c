// A notifier that fails every record for longer than the event source mapping's maximum record
// age (1 h in lib/notifier.ts): locally the pump's retry limit passes each record over, as Lambda
// sends it to the dead-letter queue. Nothing is sent; the stored notices stay. Once the notifier
// recovers, the sweeper (simulated time: two hours after the reports) delivers every one of them.
import { join } from 'node:path';
import { afterAll, beforeAll, expect, test } from '@jest/globals';
import { createNotifierHandler } from '../../functions/stream/notifier-handler.js';
import { startStreamPump } from '../../local/stream-pump.js';
import { expectEveryRecipientToldOnce } from '../support/delivery.js';
import { outboxSize } from '../support/delivery-tally.js';
import { createTestTable, type TestTable } from '../support/dynamodb.js';
import { seedProgramme } from '../support/programme.js';
import { outboxNotifier, report, reportingDependencies, scratchDirectory, sweepAt, volunteerCaller } from '../support/resilience.js';

const REPORTS = 10;
/** Two notices a report: its first alert, and the coordinators told that the village has no cmpo. */
const NOTICES = REPORTS * 2;
const MAX_RETRIES = 3;
/** Past the mapping's maximum record age of an hour. */
const OUTAGE_MS = 2 * 3600_000;
const DRAIN_TIMEOUT_MS = 15_000;

let table: TestTable;
beforeAll(async () => {
  table = await createTestTable();
});
afterAll(async () => {
  await table.drop();
});

test('every record failing past the maximum record age, then recovery: the sweeper tells every recipient once', async () => {
  // Prepare: a notifier whose every read of an incident fails (DynamoDB unreachable from it), on
  // the stream of a burst of reports.
  const stores = table.stores();
  const programme = await seedProgramme(stores);
  const outboxPath = join(scratchDirectory('notifier-outage'), 'sms-outbox.jsonl');
  const healthy = outboxNotifier(stores, outboxPath);
  const failing = {
    ...healthy,
    incidents: {
      ...stores.incidents,
      get: async () => {
        throw Object.assign(new Error('service unavailable'), { name: 'ServiceUnavailable' });
      },
    },
  };
  const pumpLog: string[] = [];
  const pump = await startStreamPump({
    ...table.stream,
    handler: createNotifierHandler(failing),
    intervalMs: 20,
    maxRetries: MAX_RETRIES,
    log: (line) => pumpLog.push(line),
  });
  const deps = reportingDependencies(stores);
  const started = new Date();
  const incidentIds: string[] = [];

  // Act: the reports; the stream read to its end while every record fails; then, the notifier
  // healthy again, one sweep two hours on.
  try {
    for (let index = 0; index < REPORTS; index++) incidentIds.push(await report(deps, volunteerCaller(programme)));
    await Promise.race([
      pump.drain(),
      new Promise<never>((_, reject) =>
        setTimeout(() => reject(new Error('the stream was not drained in time')), DRAIN_TIMEOUT_MS).unref(),
      ),
    ]);
  } finally {
    await pump.stop();
  }
  const skipped = pumpLog.filter((line) => line.includes(`failed ${MAX_RETRIES + 1} times; skipped`));
  const sentDuringOutage = outboxSize(outboxPath);
  const noticesLeft = (await Promise.all(incidentIds.map((id) => stores.notifications.outstanding(id)))).flat();
  const later = new Date(started.getTime() + OUTAGE_MS);
  const summary = await sweepAt({ ...healthy, clock: () => later }, later);

  // Assess: each notice was passed over by the stream and nothing sent; the sweeper found every
  // notice and told everyone.
  expect(skipped).toHaveLength(NOTICES);
  expect(sentDuringOutage).toBe(0);
  expect(noticesLeft).toHaveLength(NOTICES);
  expect(summary).toMatchObject({ examined: NOTICES, delivered: NOTICES, outstanding: 0 });
  const tally = await expectEveryRecipientToldOnce(stores, incidentIds, outboxPath);
  // The coordinator, the panchayat and the VLCPC of each report; not the volunteer who reported it.
  expect(tally).toMatchObject({ recipients: REPORTS * 3, duplicates: 0, flagged: 0 });
});
