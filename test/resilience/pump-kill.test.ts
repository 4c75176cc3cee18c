// kill -9 of the stream pump mid-burst, then a restart on the same checkpoint file: the restarted
// pump resumes after the last batch the notifier accepted, and the sweeper, past the lease, sends
// what the killed process had claimed but not recorded. Every routed recipient is told once;
// a second SMS only where the record flags a possible duplicate.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, test } from '@jest/globals';
import { expectEveryRecipientToldOnce } from '../support/delivery.js';
import { outboxSize } from '../support/delivery-tally.js';
import { createTestTable, type TestTable } from '../support/dynamodb.js';
import { seedProgramme } from '../support/programme.js';
import { spawnPump } from '../support/pump-child.js';
import {
  outboxNotifier,
  pastEveryLease,
  report,
  reportingDependencies,
  scratchDirectory,
  sweepAt,
  volunteerCaller,
} from '../support/resilience.js';

const REPORTS = 30;
/** Two notices a report: its first alert, and the coordinators told that the village has no cmpo. */
const NOTICES = REPORTS * 2;
/** Three recipients alerted a report (the coordinator, the panchayat, the VLCPC; not the volunteer who reports). */
const RECIPIENTS = REPORTS * 3;
/** The SMS a report sends: its first alerts, and the coordinator's about the missing cmpo. */
const SMS = REPORTS * 4;
/** Small batches, so that the checkpoint moves through the burst before the kill. */
const BATCH_SIZE = 20;
/** How many SMS the first process sends before it is killed: well into the burst, far from its end. */
const KILL_AFTER_SMS = 30;
/** The notifier sends up to five SMS of a notice at once: what a kill may cut mid-send. */
const SENDS_IN_FLIGHT = 5;
/** A liveness bound, not a timing: generous, because two Jest workers and their databases share two cores. */
const START_TIMEOUT_MS = 40_000;

let table: TestTable;
beforeAll(async () => {
  table = await createTestTable();
});
afterAll(async () => {
  await table.drop();
});

test('a pump killed mid-burst and restarted on its checkpoint, then one sweep: every recipient told once', async () => {
  // Prepare: a burst of reports, written before any pump reads.
  const stores = table.stores();
  const programme = await seedProgramme(stores);
  const started = new Date();
  const deps = reportingDependencies(stores);
  const incidentIds: string[] = [];
  for (let index = 0; index < REPORTS; index++) incidentIds.push(await report(deps, volunteerCaller(programme)));
  const folder = scratchDirectory('pump-kill');
  const settings = {
    ...table.stream,
    checkpointPath: join(folder, 'stream-checkpoints.json'),
    outboxPath: join(folder, 'sms-outbox.jsonl'),
    batchSize: BATCH_SIZE,
  };

  // Act: the first pump reads until some SMS are out, and is killed -9.
  const first = spawnPump(settings, START_TIMEOUT_MS);
  await first.reading;
  const deadline = Date.now() + START_TIMEOUT_MS;
  while (outboxSize(settings.outboxPath) < KILL_AFTER_SMS && Date.now() < deadline) await new Promise((r) => setTimeout(r, 5));
  await first.kill();
  const sentBeforeKill = outboxSize(settings.outboxPath);
  // A second pump on the same checkpoint file reads what is left; then a sweep past the lease.
  const second = spawnPump(settings, START_TIMEOUT_MS);
  await second.reading;
  const handedToSecond = await second.drain(START_TIMEOUT_MS);
  await second.stop();
  const summary = await sweepAt(outboxNotifier(stores, settings.outboxPath), pastEveryLease(started));

  // Assess: the kill came mid-burst, the restart resumed after the checkpoint (it did not read the
  // whole burst again), and everyone was told once, a duplicate only where one was flagged.
  expect(sentBeforeKill).toBeGreaterThanOrEqual(KILL_AFTER_SMS);
  expect(sentBeforeKill).toBeLessThan(SMS);
  expect(existsSync(settings.checkpointPath)).toBe(true);
  expect(handedToSecond).toBeGreaterThan(0);
  expect(handedToSecond).toBeLessThan(NOTICES);
  expect(summary.outstanding).toBe(0);
  const tally = await expectEveryRecipientToldOnce(stores, incidentIds, settings.outboxPath);
  expect(tally.recipients).toBe(RECIPIENTS);
  expect(tally.duplicates).toBeLessThanOrEqual(SENDS_IN_FLIGHT);
});
