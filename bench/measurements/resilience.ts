// 6. Resilience: 200 reports through the use case while the stream pump runs as a process of its
// own (test/support/pump-process.ts) on a DynamoDB Local kept in a folder; during the run, at
// seeded random moments, the pump is killed -9 and started again on its checkpoint file, and
// DynamoDB Local is stopped and started again on the same port and folder. Then the stream is
// drained and the sweeper runs once past every lease. Beside it, the same run with no kills.
// Lost: routed recipients with no final record or no SMS. Duplicates: SMS beyond one per recipient,
// against the sends in flight at each kill (claims pending just after it).

import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { createDocumentClient } from '../../functions/adapters/dynamodb/client.js';
import type { Stores } from '../../functions/domain/ports.js';
import { dynamoDbStores } from '../../functions/wiring.js';
import { LOCAL_CREDENTIALS, LOCAL_REGION } from '../../local/aws-local.js';
import { type DynamoDbLocal, freePort, startDynamoDbLocal } from '../../local/dynamodb/dynamodb-local.js';
import { ensureTable } from '../../local/dynamodb/table.js';
import { readOutbox, tallyDelivery } from '../../test/support/delivery-tally.js';
import { seedProgramme } from '../../test/support/programme.js';
import { type PumpChild, spawnPump } from '../../test/support/pump-child.js';
import {
  outboxNotifier,
  pastEveryLease,
  report,
  reportingDependencies,
  scratchDirectory,
  sweepAt,
  volunteerCaller,
} from '../../test/support/resilience.js';
import { seededRandom } from '../../test/support/seeded-random.js';
import { ms, type Section, target } from '../support/report.js';
import { percentile } from '../support/stats.js';

const REPORTS = 200;
const SEED = 20261128;
const PUMP_KILLS = 3;
const DATABASE_KILLS = 2;
const SPACING_MS = 50;
const TABLE = 'suraksha-resilience';
const WAIT_MS = 60_000;
const phase = (what: string) => process.stderr.write(`[resilience] ${what} ${new Date().toISOString()}\n`);

interface Run {
  label: string;
  kills: string[];
  created: number;
  recipients: number;
  lost: number;
  duplicates: number;
  /** Claims pending just after each kill: the sends it may have cut mid-way. */
  inFlightAtKills: number;
  /** Incidents whose last recipient was told by the stream; the others waited for the sweeper. */
  byStream: number[];
  bySweeper: number;
  problems: string[];
}

export async function measureResilience(): Promise<Section> {
  const calm = await run('no kills', []);
  const random = seededRandom(SEED);
  // Distinct report indices, away from the very start and end, each with what is killed there.
  const at = new Set<number>();
  while (at.size < PUMP_KILLS + DATABASE_KILLS) at.add(10 + Math.floor(random() * (REPORTS - 30)));
  const kinds = [...Array(PUMP_KILLS).fill('pump'), ...Array(DATABASE_KILLS).fill('database')] as ('pump' | 'database')[];
  const shuffled = kinds.map((kind) => ({ kind, key: random() })).sort((a, b) => a.key - b.key);
  const schedule = [...at].sort((a, b) => a - b).map((index, position) => ({ index, kind: shuffled[position]?.kind ?? 'pump' }));
  const faulty = await run('random kills', schedule);

  const lostTarget = target('resilience: recipients lost', faulty.lost + calm.lost, 0);
  const duplicateTarget = target('resilience: duplicate SMS over sends in flight at kills', faulty.duplicates - faulty.inFlightAtKills, 0);
  const row = (r: Run) => {
    const latencies = r.byStream;
    return [
      r.label,
      r.kills.length === 0 ? 'none' : r.kills.join(', '),
      String(r.created),
      String(r.recipients),
      String(r.lost),
      String(r.duplicates),
      String(r.inFlightAtKills),
      latencies.length ? ms(percentile(latencies, 50)) : '-',
      latencies.length ? ms(percentile(latencies, 99)) : '-',
      String(r.bySweeper),
    ];
  };
  return {
    title: `6. Resilience (${REPORTS} reports ${SPACING_MS} ms apart; pump in its own process; seed ${SEED})`,
    columns: [
      'run',
      'kills (at report #)',
      'incidents',
      'recipients',
      'lost',
      'duplicate SMS',
      'sends in flight at kills',
      'report → last told p50 ms',
      'p99 ms',
      'incidents finished by the sweeper',
    ],
    rows: [row(calm), row(faulty)],
    notes: [
      'pump: kill -9 of the pump process, then a new one on the same checkpoint file; database: DynamoDB Local stopped (its stop(): SIGTERM, SIGKILL after 5 s) and started again on the same port and -dbPath; reports refused meanwhile are retried, as a phone would.',
      'Lost: a routed recipient with no final record, or sent with no SMS in the outbox, after the stream was drained and one sweep ran past every lease. Duplicates are flagged possibleDuplicate on their record.',
      'report → last told: from the report transaction completing to the last SMS of that incident in the outbox, over the incidents the stream finished; the others are finished by the sweeper once their lease (2 min) has run out, i.e. within about 3 minutes in AWS and in npm start (here in simulated time).',
      ...[calm, faulty].flatMap((r) => r.problems.slice(0, 5).map((problem) => `${r.label}: ${problem}`)),
    ],
    targets: [lostTarget, duplicateTarget],
    figures: { reports: REPORTS, seed: SEED, schedule, runs: [calm, faulty] },
  };
}

async function run(label: string, schedule: { index: number; kind: 'pump' | 'database' }[]): Promise<Run> {
  const folder = scratchDirectory('bench-resilience');
  const dbPath = join(folder, 'ddb');
  const port = await freePort();
  let dynamo: DynamoDbLocal = await startDynamoDbLocal({ port, dbPath });
  const admin = new DynamoDBClient({ endpoint: dynamo.endpoint, region: LOCAL_REGION, credentials: LOCAL_CREDENTIALS });
  await ensureTable(admin, TABLE);
  admin.destroy();
  const client = createDocumentClient({ endpoint: dynamo.endpoint, region: LOCAL_REGION, credentials: LOCAL_CREDENTIALS });
  const stores: Stores = dynamoDbStores({ client, tableName: TABLE, cursorSecret: 'bench-cursor-secret-0123456789' });
  const programme = await seedProgramme(stores);
  const settings = {
    endpoint: dynamo.endpoint,
    tableName: TABLE,
    credentials: LOCAL_CREDENTIALS,
    checkpointPath: join(folder, 'stream-checkpoints.json'),
    outboxPath: join(folder, 'sms-outbox.jsonl'),
  };
  let pump: PumpChild = spawnPump(settings, WAIT_MS);
  await pump.reading;
  const deps = reportingDependencies(stores);
  const caller = volunteerCaller(programme);
  const createdAt = new Map<string, number>();
  const kills: string[] = [];
  let inFlightAtKills = 0;
  try {
    for (let index = 0; index < REPORTS; index++) {
      const fault = schedule.find((planned) => planned.index === index);
      if (fault?.kind === 'pump') {
        await pump.kill();
        inFlightAtKills += await pendingClaims(client);
        pump = spawnPump(settings, WAIT_MS);
        await pump.reading;
      } else if (fault?.kind === 'database') {
        await dynamo.stop();
        await sleep(500);
        dynamo = await startDynamoDbLocal({ port, dbPath });
        inFlightAtKills += await pendingClaims(client);
      }
      if (fault) kills.push(`${fault.kind} #${index}`);
      if (fault) phase(`${label} ${fault.kind} ${index}`);
      createdAt.set(await reportRetrying(deps, caller), Date.now());
      await sleep(SPACING_MS);
    }
    phase(`${label} reports done`);
    await pump.drain(WAIT_MS);
    phase(`${label} drained`);
  } finally {
    await pump.stop();
  }
  // What the stream finished, before the sweeper finishes the rest.
  const byStreamIds = new Set<string>();
  for (const id of createdAt.keys()) if ((await stores.notifications.outstanding(id)).length === 0) byStreamIds.add(id);
  const outbox = readOutbox(settings.outboxPath);
  const lastToldAt = new Map<string, number>();
  for (const lines of outbox.values()) {
    for (const line of lines) {
      lastToldAt.set(line.incidentId, Math.max(lastToldAt.get(line.incidentId) ?? 0, Date.parse(line.at)));
    }
  }
  await sweepAt(outboxNotifier(stores, settings.outboxPath), pastEveryLease(new Date()));
  phase(`${label} swept`);
  const incidentIds = await incidentIdsIn(client);
  const tally = await tallyDelivery(stores, incidentIds, settings.outboxPath);
  client.destroy();
  await dynamo.stop();
  return {
    label,
    kills,
    created: incidentIds.length,
    recipients: tally.recipients,
    lost: tally.lost,
    duplicates: tally.duplicates,
    inFlightAtKills,
    byStream: [...byStreamIds].flatMap((id) => {
      const last = lastToldAt.get(id);
      const at = createdAt.get(id);
      return last === undefined || at === undefined ? [] : [Math.max(0, last - at)];
    }),
    bySweeper: createdAt.size - byStreamIds.size,
    problems: tally.problems,
  };
}

/** A report, retried while DynamoDB Local is down or starting (as a phone retries). */
async function reportRetrying(deps: ReturnType<typeof reportingDependencies>, caller: ReturnType<typeof volunteerCaller>): Promise<string> {
  const deadline = Date.now() + WAIT_MS;
  for (;;) {
    try {
      return await report(deps, caller);
    } catch (error) {
      if (Date.now() > deadline)
        throw new Error(`a report was refused for ${WAIT_MS / 1000} s: is DynamoDB Local still up?`, { cause: error });
      await sleep(200);
    }
  }
}

async function scanAll(client: ReturnType<typeof createDocumentClient>, itemType: string): Promise<Record<string, unknown>[]> {
  const items: Record<string, unknown>[] = [];
  let startKey: Record<string, unknown> | undefined;
  do {
    const page = await client.send(
      new ScanCommand({
        TableName: TABLE,
        FilterExpression: 'itemType = :type',
        ExpressionAttributeValues: { ':type': itemType },
        ExclusiveStartKey: startKey,
      }),
    );
    items.push(...(page.Items ?? []));
    startKey = page.LastEvaluatedKey;
  } while (startKey);
  return items;
}

const incidentIdsIn = async (client: ReturnType<typeof createDocumentClient>) =>
  (await scanAll(client, 'incident')).map((item) => String(item.id));

/**
 * Notification claims still pending: sends an attempt began and had not recorded. Just after a pump
 * kill, exactly those the kill cut; just after a database restart, also those the live pump holds
 * (an upper bound).
 */
async function pendingClaims(client: ReturnType<typeof createDocumentClient>): Promise<number> {
  const deadline = Date.now() + WAIT_MS;
  for (;;) {
    try {
      return (await scanAll(client, 'notification')).filter((item) => item.status === 'pending').length;
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await sleep(200);
    }
  }
}
