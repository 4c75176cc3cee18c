// DynamoDB Local stopped and started again mid-burst, on a database kept in a folder (-dbPath):
// the in-process pump logs its errors, keeps polling and reads on once the database is back; the
// sweeper, past the lease, finishes what the outage cut short. Every report that got created is
// told to every routed recipient once; a create that failed while the database was down counts
// only if it was written after all (its answer was lost), and then it is told too.
import { join } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, expect, test } from '@jest/globals';
import type { DynamoDBBatchResponse, DynamoDBStreamEvent } from 'aws-lambda';
import { createDocumentClient } from '../../functions/adapters/dynamodb/client.js';
import type { Stores } from '../../functions/domain/ports.js';
import { createNotifierHandler } from '../../functions/stream/notifier-handler.js';
import { dynamoDbStores } from '../../functions/wiring.js';
import { LOCAL_CREDENTIALS, LOCAL_REGION } from '../../local/aws-local.js';
import { type DynamoDbLocal, freePort, startDynamoDbLocal } from '../../local/dynamodb/dynamodb-local.js';
import { ensureTable } from '../../local/dynamodb/table.js';
import { type StreamPump, startStreamPump } from '../../local/stream-pump.js';
import { expectEveryRecipientToldOnce } from '../support/delivery.js';
import { outboxSize } from '../support/delivery-tally.js';
import { type Programme, seedProgramme } from '../support/programme.js';
import { required } from '../support/required.js';
import {
  outboxNotifier,
  pastEveryLease,
  report,
  reportingDependencies,
  scratchDirectory,
  sweepAt,
  volunteerCaller,
} from '../support/resilience.js';

const TABLE = 'suraksha-restart';
const BEFORE_STOP = 8;
const WHILE_DOWN = 2;
const AFTER_RESTART = 8;
const WAIT_TIMEOUT_MS = 15_000;

const folder = scratchDirectory('dynamodb-restart');
const dbPath = join(folder, 'ddb');
const outboxPath = join(folder, 'sms-outbox.jsonl');
let port: number;
let dynamo: DynamoDbLocal;
let pump: StreamPump;
let programme: Programme;
/** The notifier's stores (the SDK's retries on); the reports' make one attempt, so a create while the database is down fails fast. */
let stores: Stores;
let reportingStores: Stores;
const pumpLog: string[] = [];
/** When set, the pump's next batch goes to it instead of the notifier. */
let interceptBatch: ((event: DynamoDBStreamEvent) => Promise<DynamoDBBatchResponse>) | undefined;

function storesOn(endpoint: string, maxAttempts?: number): Stores {
  const client = createDocumentClient({
    endpoint,
    region: LOCAL_REGION,
    credentials: LOCAL_CREDENTIALS,
    ...(maxAttempts ? { maxAttempts } : {}),
  });
  return dynamoDbStores({ client, tableName: TABLE, cursorSecret: 'restart-cursor-secret-0123456789' });
}

beforeAll(async () => {
  port = await freePort();
  dynamo = await startDynamoDbLocal({ port, dbPath });
  const admin = new DynamoDBClient({ endpoint: dynamo.endpoint, region: LOCAL_REGION, credentials: LOCAL_CREDENTIALS });
  await ensureTable(admin, TABLE);
  admin.destroy();
  stores = storesOn(dynamo.endpoint);
  reportingStores = storesOn(dynamo.endpoint, 1);
  programme = await seedProgramme(stores);
  const notifier = createNotifierHandler(outboxNotifier(stores, outboxPath));
  pump = await startStreamPump({
    endpoint: dynamo.endpoint,
    tableName: TABLE,
    handler: (event, context) => {
      const intercept = interceptBatch;
      interceptBatch = undefined;
      return intercept ? intercept(event) : notifier(event, context);
    },
    intervalMs: 50,
    log: (line) => pumpLog.push(line),
  });
});
afterAll(async () => {
  await pump.stop();
  await dynamo.stop();
});

const withTimeout = <T>(promise: Promise<T>, what: string) =>
  Promise.race([
    promise,
    new Promise<never>((_, reject) =>
      setTimeout(() => reject(new Error(`${what} took over ${WAIT_TIMEOUT_MS / 1000} s`)), WAIT_TIMEOUT_MS).unref(),
    ),
  ]);

/** Until the pump has logged a line that matches, after the first `from` lines. */
async function pumpLogged(pattern: RegExp, from: number): Promise<void> {
  const deadline = Date.now() + WAIT_TIMEOUT_MS;
  while (!pumpLog.slice(from).some((line) => pattern.test(line))) {
    if (Date.now() > deadline) throw new Error(`the pump did not log ${pattern} within ${WAIT_TIMEOUT_MS / 1000} s`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** Reports one after another; the ids of those created, and how many were refused. */
async function burst(count: number): Promise<{ created: string[]; refused: number }> {
  const deps = reportingDependencies(reportingStores);
  const created: string[] = [];
  let refused = 0;
  for (let index = 0; index < count; index++) {
    await report(deps, volunteerCaller(programme)).then(
      (id) => created.push(id),
      () => refused++,
    );
  }
  return { created, refused };
}

test('DynamoDB Local restarted mid-burst: the pump reads on, the sweeper finishes, every recipient told once', async () => {
  // Prepare: the programme, the in-process pump and notifier on this DynamoDB Local.
  const started = new Date();
  const logged = pumpLog.length;

  // Act: reports, the database stopped while the notifier is at work, reports that fail, the
  // database started again on the same port and folder, more reports; the pump drained, a sweep.
  const before = await burst(BEFORE_STOP);
  const sentBeforeStop = outboxSize(outboxPath);
  await dynamo.stop();
  const whileDown = await burst(WHILE_DOWN);
  dynamo = await startDynamoDbLocal({ port, dbPath });
  const after = await burst(AFTER_RESTART);
  await withTimeout(pump.drain(), 'draining the stream after the restart');
  await sweepAt(outboxNotifier(stores, outboxPath), pastEveryLease(started));

  // Assess: the outage was mid-burst and was felt (refused creates, pump errors); every incident
  // in the table, each 201 among them, has every recipient told once.
  const created = [...before.created, ...after.created];
  // Four SMS a report: the first alert to the coordinator, the panchayat and the VLCPC, and the coordinator's about the missing cmpo.
  expect(sentBeforeStop).toBeLessThan(BEFORE_STOP * 4);
  expect(whileDown).toEqual({ created: [], refused: WHILE_DOWN });
  expect(created).toHaveLength(BEFORE_STOP + AFTER_RESTART);
  expect(pumpLog.slice(logged).some((line) => line.includes('ECONNREFUSED'))).toBe(true);
  const stored = await incidentIdsIn();
  expect(stored).toEqual(expect.arrayContaining(created));
  await expectEveryRecipientToldOnce(stores, stored, outboxPath);
});

test('a batch the notifier failed just as the database went down is read again from the stream, with no sweep', async () => {
  // Prepare: the next batch fails its first record (as a notifier does when DynamoDB is
  // unreachable) and the database goes down before the pump can step back to that record.
  let failedBatch: string[] = [];
  interceptBatch = async (event) => {
    failedBatch = event.Records.map((record) => String(record.dynamodb?.SequenceNumber));
    await dynamo.stop();
    return { batchItemFailures: [{ itemIdentifier: required(failedBatch[0], 'a record in the batch') }] };
  };
  const outstanding = new Set<string>();
  const logged = pumpLog.length;
  const earlier = new Set(await incidentIdsIn());

  // Act: reports; once the pump has failed to step back, the database starts again; the stream drained.
  const { created } = await burst(3);
  await pumpLogged(/ECONNREFUSED/, logged);
  dynamo = await startDynamoDbLocal({ port, dbPath });
  interceptBatch = undefined;
  await withTimeout(pump.drain(), 'draining the stream after the restart');
  // The database may go down between a report's transaction and its answer (the route items it
  // writes after it): that report was written all the same, and counts.
  const written = (await incidentIdsIn()).filter((incidentId) => !earlier.has(incidentId));
  for (const incidentId of written)
    for (const notice of await stores.notifications.outstanding(incidentId)) outstanding.add(`${incidentId} ${notice.step}`);

  // Assess: the stream alone (no sweeper) told everyone of the reports the failed batch held.
  expect(failedBatch.length).toBeGreaterThan(0);
  expect(written).toEqual(expect.arrayContaining(created));
  expect(written.length).toBeGreaterThan(0);
  expect([...outstanding]).toEqual([]);
  await expectEveryRecipientToldOnce(stores, written, outboxPath);
});

/** Every incident in the table, whatever its create's caller heard. */
async function incidentIdsIn(): Promise<string[]> {
  const client = createDocumentClient({ endpoint: dynamo.endpoint, region: LOCAL_REGION, credentials: LOCAL_CREDENTIALS });
  const ids: string[] = [];
  let startKey: Record<string, unknown> | undefined;
  do {
    const page = await client.send(
      new ScanCommand({
        TableName: TABLE,
        FilterExpression: 'itemType = :incident',
        ExpressionAttributeValues: { ':incident': 'incident' },
        ExclusiveStartKey: startKey,
      }),
    );
    for (const item of page.Items ?? []) ids.push(String(item.id));
    startKey = page.LastEvaluatedKey;
  } while (startKey);
  client.destroy();
  return ids;
}
