// Fault injection with aws-sdk-client-mock, over DynamoDB Local:
// - DynamoDB: one document client whose commands pass through to a real client, with faults injected
//   on chosen calls: throttling and contention answer 503 problem+json with Retry-After and write
//   nothing, a retry with the same Idempotency-Key then creates exactly one incident; a lost version
//   race is a 412.
// - SNS: the notifier with the real SnsSmsSender on a mocked SNSClient (no waiting between retries),
//   over a real store: every notification record ends sent, failed or skipped with a reason, and
//   delivering the same notice again publishes nothing more.
// - A DynamoDB failure after an SMS went out: the record stays pending under its lease, so a retry
//   inside it sends nothing; after it the SMS goes again (at least once, by design), flagged as a
//   possible duplicate, and nobody is told of a failure.
// Paths where a notification was lost (never sent, never recorded as failed) are regression tests.

import {
  type CancellationReason,
  DynamoDBServiceException,
  ProvisionedThroughputExceededException,
  TransactionCanceledException,
} from '@aws-sdk/client-dynamodb';
import {
  InternalErrorException,
  InvalidParameterException,
  PublishCommand,
  type PublishCommandInput,
  SNSClient,
  SNSServiceException,
} from '@aws-sdk/client-sns';
import {
  BatchGetCommand,
  type BatchGetCommandInput,
  BatchWriteCommand,
  type BatchWriteCommandInput,
  DeleteCommand,
  type DeleteCommandInput,
  GetCommand,
  type GetCommandInput,
  PutCommand,
  type PutCommandInput,
  QueryCommand,
  type QueryCommandInput,
  TransactWriteCommand,
  type TransactWriteCommandInput,
  UpdateCommand,
  type UpdateCommandInput,
} from '@aws-sdk/lib-dynamodb';
import { marshall } from '@aws-sdk/util-dynamodb';
import { afterAll, beforeAll, beforeEach, describe, expect, test } from '@jest/globals';
import { mockClient } from 'aws-sdk-client-mock';
import { monotonicFactory } from 'ulid';
import { createDocumentClient } from '../../functions/adapters/dynamodb/client.js';
import { DynamoDbTable } from '../../functions/adapters/dynamodb/dynamodb-table.js';
import { DEFAULT_MAX_ATTEMPTS } from '../../functions/adapters/provider-send.js';
import { SnsSmsSender } from '../../functions/adapters/sns/sns-sms-sender.js';
import { tableStores } from '../../functions/adapters/table/stores.js';
import { notifierDependencies } from '../../functions/alert-wiring.js';
import { type PlannedNotice, plannedNotices } from '../../functions/domain/notification-plan.js';
import { DEFAULT_RETENTION } from '../../functions/domain/retention.js';
import type { Contact, Incident, NotificationRecord } from '../../functions/domain/schemas.js';
import { LOCAL_DLT_TEMPLATE_IDS } from '../../functions/domain/sms/templates.js';
import { incidentRoutes } from '../../functions/http/controllers/incidents.js';
import { httpHandler } from '../../functions/http/kit/http-handler.js';
import { handlersFor } from '../../functions/http/kit/route.js';
import type { Dependencies } from '../../functions/use-cases/dependencies.js';
import { deliverNotice, type NotifierDependencies } from '../../functions/use-cases/notify.js';
import { createTestTable, TEST_CURSOR_SECRET, type TestTable } from '../support/dynamodb.js';
import { aContact, anIncident, OPTED_OUT, reportEntry, volunteer as volunteerActor } from '../support/fixtures.js';
import { type Claims, type Handler, httpEvent, invoke } from '../support/lambda.js';
import { type Programme, seedProgramme, VILLAGE } from '../support/programme.js';
import { required } from '../support/required.js';
import { closeSnapshots, describeDiff, diffSnapshots, takeSnapshot } from './table-snapshot.js';

let table: TestTable;
let programme: Programme;
let optedOutPanchayat: Contact;

// ── DynamoDB: one mocked document client, passing through to DynamoDB Local ──────────────────
const faulty = createDocumentClient();
const dynamo = mockClient(faulty);

/** A fault for the next call of a command that matches; each fires once. */
interface Fault {
  command: 'Get' | 'Query' | 'BatchGet' | 'BatchWrite' | 'Put' | 'Update' | 'Delete' | 'TransactWrite';
  when?: (input: unknown) => boolean;
  /** Runs against the real table first: a writer that raced this call, say. */
  before?: () => Promise<void>;
  /** Thrown instead of the call (built from its input); without it the real call runs (after `before`). */
  error?: (input: unknown) => Error;
}
let faults: Fault[] = [];

async function passThrough<T>(command: Fault['command'], input: unknown, real: () => Promise<T>): Promise<T> {
  const index = faults.findIndex((fault) => fault.command === command && (fault.when?.(input) ?? true));
  if (index < 0) return real();
  const [fault] = faults.splice(index, 1) as [Fault];
  await fault.before?.();
  if (!fault.error) return real();
  throw fault.error(input);
}

function wireDynamo(): void {
  dynamo.reset();
  const real = table.client;
  dynamo.on(GetCommand).callsFake((input: GetCommandInput) => passThrough('Get', input, () => real.send(new GetCommand(input))));
  dynamo.on(QueryCommand).callsFake((input: QueryCommandInput) => passThrough('Query', input, () => real.send(new QueryCommand(input))));
  dynamo
    .on(BatchGetCommand)
    .callsFake((input: BatchGetCommandInput) => passThrough('BatchGet', input, () => real.send(new BatchGetCommand(input))));
  dynamo.on(PutCommand).callsFake((input: PutCommandInput) => passThrough('Put', input, () => real.send(new PutCommand(input))));
  dynamo
    .on(UpdateCommand)
    .callsFake((input: UpdateCommandInput) => passThrough('Update', input, () => real.send(new UpdateCommand(input))));
  dynamo
    .on(BatchWriteCommand)
    .callsFake((input: BatchWriteCommandInput) => passThrough('BatchWrite', input, () => real.send(new BatchWriteCommand(input))));
  dynamo
    .on(DeleteCommand)
    .callsFake((input: DeleteCommandInput) => passThrough('Delete', input, () => real.send(new DeleteCommand(input))));
  dynamo
    .on(TransactWriteCommand)
    .callsFake((input: TransactWriteCommandInput) => passThrough('TransactWrite', input, () => real.send(new TransactWriteCommand(input))));
}

const metadata = { httpStatusCode: 400, requestId: 'fault-injected', attempts: 1, totalRetryDelay: 0 };
const throughputExceeded = () =>
  new ProvisionedThroughputExceededException({
    message: 'The level of configured provisioned throughput for the table was exceeded.',
    $metadata: metadata,
  });
const throttling = () =>
  new DynamoDBServiceException({
    name: 'ThrottlingException',
    $fault: 'client',
    message: 'Rate of requests exceeds the allowed throughput.',
    $metadata: metadata,
  });
const requestLimit = () =>
  new DynamoDBServiceException({
    name: 'RequestLimitExceeded',
    $fault: 'client',
    message: 'Throughput exceeds the current throughput limit for your account.',
    $metadata: metadata,
  });
const cancelled = (reasons: CancellationReason[]) =>
  new TransactionCanceledException({
    message: `Transaction cancelled, please refer cancellation reasons for specific reasons [${reasons.map((reason) => reason.Code).join(', ')}]`,
    CancellationReasons: reasons,
    $metadata: metadata,
  });

const nextUlid = monotonicFactory();
function httpDependencies(): Dependencies {
  return {
    ...tableStores(new DynamoDbTable({ client: faulty, tableName: table.tableName }), { cursorSecret: TEST_CURSOR_SECRET }),
    clock: () => new Date(),
    newId: (at) => nextUlid(at.getTime()),
    retention: DEFAULT_RETENTION,
  };
}

beforeAll(async () => {
  table = await createTestTable();
  programme = await seedProgramme(table.stores());
  optedOutPanchayat = aContact({ kind: 'panchayat', name: 'Panchayat member who opted out', ...OPTED_OUT, phone: '+919800000041' });
  await table.stores().directory.createContact(optedOutPanchayat);
});
afterAll(async () => {
  dynamo.restore();
  faulty.destroy();
  await table.drop();
  closeSnapshots();
});
beforeEach(() => {
  faults = [];
  wireDynamo();
});

describe('DynamoDB faults at the HTTP handlers', () => {
  let write: Handler;
  let read: Handler;
  beforeAll(() => {
    const deps = httpDependencies();
    write = httpHandler(handlersFor('incidents-write', incidentRoutes(deps))) as unknown as Handler;
    read = httpHandler(handlersFor('incidents-read', incidentRoutes(deps))) as unknown as Handler;
  });

  const coordinator: Claims = { sub: 'sub-fault-coordinator', role: 'coordinator' };
  const volunteer = (): Claims => ({
    sub: 'sub-fault-volunteer',
    role: 'volunteer',
    villages: [VILLAGE],
    contactId: programme.volunteer.id,
  });
  const report = (key: string, claims: Claims = volunteer()) =>
    invoke(
      write,
      httpEvent('http/post-incident.json', {
        claims,
        headers: { 'idempotency-key': key },
        body: {
          villageId: VILLAGE,
          category: 'child_marriage',
          child: { ageBand: '15-17', gender: 'girl' },
          description: 'Marriage arranged for Sunday',
        },
      }),
    );
  const incidentKeys = (keys: string[]) => keys.filter((key) => key.startsWith('INCIDENT#') && key.endsWith('|META'));

  function expectBusy(response: Awaited<ReturnType<typeof invoke>>) {
    expect(response.status).toBe(503);
    expect(response.headers['content-type']).toBe('application/problem+json');
    expect(response.headers['retry-after']).toMatch(/^\d+$/);
    expect(response.body).toEqual({
      type: 'urn:suraksha:problem:temporarily-unavailable',
      title: 'Service Unavailable',
      status: 503,
      detail: expect.any(String),
    });
    // Neither the SDK's error name nor its message reaches the client.
    expect(response.raw).not.toMatch(/Exception|Throttl|throughput|Transaction|cancel/i);
  }

  const transientFaults: [string, () => Error][] = [
    ['ProvisionedThroughputExceededException', throughputExceeded],
    ['ThrottlingException', throttling],
    ['RequestLimitExceeded', requestLimit],
    ['TransactionCanceledException with [ThrottlingError]', () => cancelled([{ Code: 'ThrottlingError' }])],
    [
      'TransactionCanceledException throttled on one item of the transaction',
      () =>
        cancelled([
          { Code: 'None' },
          { Code: 'None' },
          { Code: 'ThrottlingError', Message: 'Throughput exceeds the current capacity of your table or index.' },
          { Code: 'None' },
        ]),
    ],
    [
      'TransactionCanceledException with [ProvisionedThroughputExceeded]',
      () => cancelled([{ Code: 'None' }, { Code: 'ProvisionedThroughputExceeded' }]),
    ],
    [
      // What the SDK throws while the database restarts: Node's own connection error, with its code.
      'a refused connection (the database restarting)',
      () => Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:8000'), { code: 'ECONNREFUSED', errno: -111, syscall: 'connect' }),
    ],
  ];

  test.each(transientFaults)(
    'POST /incidents under %s: 503 with Retry-After, nothing written; the retry with the same key creates exactly one incident',
    async (_name, error) => {
      const key = `fault-${nextUlid()}`;
      faults.push({ command: 'TransactWrite', error });
      const before = await takeSnapshot(table);

      expectBusy(await report(key));
      expect(faults).toHaveLength(0); // the fault fired
      expect(describeDiff(diffSnapshots(before, await takeSnapshot(table)))).toBe('');

      const retry = await report(key);
      expect(retry.status).toBe(201);
      const afterRetry = await takeSnapshot(table);
      const created = diffSnapshots(before, afterRetry);
      expect(incidentKeys(created.added)).toEqual([`INCIDENT#${retry.body.id}|META`]);
      expect(created.added).toContain(`IDEMP#sub-fault-volunteer#${key}|IDEMP`);
      expect(created.changed).toEqual([]);
      expect(created.removed).toEqual([]);

      // And once more: the first success's answer again, nothing written.
      const replay = await report(key);
      expect(replay.status).toBe(201);
      expect(replay.raw).toBe(retry.raw);
      expect(describeDiff(diffSnapshots(afterRetry, await takeSnapshot(table)))).toBe('');
    },
  );

  test('POST /incidents without an Idempotency-Key under throttling: 503 and nothing written', async () => {
    faults.push({ command: 'TransactWrite', error: throughputExceeded });
    const before = await takeSnapshot(table);
    const response = await invoke(
      write,
      httpEvent('http/post-incident.json', { claims: volunteer(), headers: { 'idempotency-key': undefined } }),
    );
    expectBusy(response);
    expect(describeDiff(diffSnapshots(before, await takeSnapshot(table)))).toBe('');
  });

  test('GET /incidents/{id} under throttling on the read: 503 with Retry-After', async () => {
    const created = await report(`fault-read-${nextUlid()}`);
    faults.push({ command: 'Get', error: throttling });
    expectBusy(await invoke(read, httpEvent('http/get-incident.json', { claims: coordinator, id: created.body.id })));
    expect((await invoke(read, httpEvent('http/get-incident.json', { claims: coordinator, id: created.body.id }))).status).toBe(200);
  });

  describe('a transition whose version check fails in the transaction', () => {
    const move = (id: string, ifMatch: string, to = 'acknowledged') =>
      invoke(
        write,
        httpEvent('http/post-transition.json', {
          claims: coordinator,
          id,
          body: { to, note: 'called the panchayat' },
          headers: { 'if-match': ifMatch },
        }),
      );
    const history = async (id: string) => (await table.stores().incidents.history(id)).map((entry) => `${entry.version}:${entry.to}`);

    test('TransactionCanceled with ConditionalCheckFailed on the version check (injected) is 412, and nothing is written', async () => {
      const id = (await report(`fault-412-${nextUlid()}`)).body.id as string;
      const stored = required(
        (await table.client.send(new GetCommand({ TableName: table.tableName, Key: { PK: `INCIDENT#${id}`, SK: 'META' } }))).Item,
        'the stored incident',
      );
      faults.push({
        command: 'TransactWrite',
        // What DynamoDB answers when another writer got there first: the item as it now is (ALL_OLD),
        // and a reason for every other action of the transaction.
        error: (input) =>
          cancelled([
            {
              Code: 'ConditionalCheckFailed',
              Message: 'The conditional request failed',
              Item: marshall({ ...stored, version: 2 }, { removeUndefinedValues: true }),
            },
            ...((input as TransactWriteCommandInput).TransactItems ?? []).slice(1).map(() => ({ Code: 'None' })),
          ]),
      });
      const before = await takeSnapshot(table);

      const response = await move(id, '"1"');
      expect(response.status).toBe(412);
      expect(response.headers['content-type']).toBe('application/problem+json');
      expect(response.body).toMatchObject({ type: 'urn:suraksha:problem:stale-version', status: 412 });
      expect(describeDiff(diffSnapshots(before, await takeSnapshot(table)))).toBe('');
      expect(await history(id)).toEqual(['1:reported']);

      // Without the fault the same request goes through, once.
      const retried = await move(id, '"1"');
      expect(retried.status).toBe(200);
      expect(retried.headers.etag).toBe('"2"');
      expect(await history(id)).toEqual(['1:reported', '2:acknowledged']);
    });

    test('a real race: another writer changes the incident between the read and the transaction; DynamoDB Local refuses, 412', async () => {
      const id = (await report(`fault-race-${nextUlid()}`)).body.id as string;
      faults.push({
        command: 'TransactWrite',
        when: (input) => JSON.stringify(input).includes(`INCIDENT#${id}`),
        // Another writer moves the incident to version 2 first; then the real transaction runs.
        before: async () => {
          await table.client.send(
            new UpdateCommand({
              TableName: table.tableName,
              Key: { PK: `INCIDENT#${id}`, SK: 'META' },
              UpdateExpression: 'SET #version = :two',
              ExpressionAttributeNames: { '#version': 'version' },
              ExpressionAttributeValues: { ':two': 2 },
            }),
          );
        },
      });

      const response = await move(id, '"1"');
      expect(response.status).toBe(412);
      expect(response.body).toMatchObject({ type: 'urn:suraksha:problem:stale-version', status: 412 });
      expect(await history(id)).toEqual(['1:reported']);
    });
  });
});

// ── SNS: the notifier on a mocked SNSClient ────────────────────────────────────────────────
const sns = new SNSClient({ region: 'ap-south-1', maxAttempts: 1 });
const snsMock = mockClient(sns);
afterAll(() => snsMock.restore());

type PublishBehaviour = (input: PublishCommandInput, attempt: number) => { MessageId: string } | Error;
let published: { phone: string; attempt: number; ok: boolean; templateId: string | undefined }[] = [];

function wireSns(behaviour: PublishBehaviour): void {
  snsMock.reset();
  published = [];
  const attempts = new Map<string, number>();
  snsMock.on(PublishCommand).callsFake(async (input: PublishCommandInput) => {
    const phone = input.PhoneNumber ?? '';
    const attempt = (attempts.get(phone) ?? 0) + 1;
    attempts.set(phone, attempt);
    const outcome = behaviour(input, attempt);
    const templateId = input.MessageAttributes?.['AWS.MM.SMS.TemplateId']?.StringValue;
    published.push({ phone, attempt, ok: !(outcome instanceof Error), templateId });
    if (outcome instanceof Error) throw outcome;
    return outcome;
  });
}

const snsThrottling = () =>
  new SNSServiceException({ name: 'Throttling', $fault: 'client', message: 'Rate exceeded', $metadata: { httpStatusCode: 400 } });
const sns5xx = () => new InternalErrorException({ message: 'Internal error', $metadata: { httpStatusCode: 500 } });
const snsTimeout = () => Object.assign(new Error('socket hang up: the request timed out'), { name: 'TimeoutError' });
const snsInvalidNumber = (phone: string) =>
  new InvalidParameterException({
    message: `Invalid parameter: PhoneNumber Reason: ${phone} is not valid`,
    $metadata: { httpStatusCode: 400 },
  });

/** The notifier's clock: tests move it past a lease to play an attempt that died mid-send. */
const clock = { now: new Date() };
const afterTheLease = () => {
  clock.now = new Date(clock.now.getTime() + 3 * 60_000);
};

function notifier(stores = table.stores()): NotifierDependencies {
  return notifierDependencies({
    stores,
    clock: () => clock.now,
    sms: new SnsSmsSender({
      client: sns,
      senderId: 'SRKSHA',
      entityId: '1001000000000000001',
      sleep: async () => undefined,
      random: () => 0.5,
    }),
    ackBaseUrl: 'https://sk.example.in',
    dltTemplateIds: LOCAL_DLT_TEMPLATE_IDS,
  });
}

/** A child marriage in the village, routed to a volunteer, community duty bearers (one inactive, one opted out), an official and the coordinator; stored, with its first-alert notice. */
async function alertedIncident(routedTo?: string[]): Promise<Incident> {
  const { shortCode: _code, ...draft } = anIncident({
    villageId: VILLAGE,
    reportedBy: volunteerActor(programme.volunteer.id),
    routedTo: routedTo ?? [
      programme.volunteer.id,
      programme.panchayat.id,
      programme.vlcpc.id,
      programme.police.id,
      programme.coordinator.id,
      programme.inactiveVlcpc.id,
      optedOutPanchayat.id,
    ],
  });
  const created = await table.stores().incidents.create({ incident: draft, history: reportEntry({ ...draft, shortCode: 'AAAAAA' }) });
  if (created.replayed) throw new Error('created without an Idempotency-Key, so never a replay');
  return created.record;
}

/** The first alert as the store planned it, which the stream and the sweeper deliver. */
const firstAlertOf = (incident: Incident): PlannedNotice => required(plannedNotices(undefined, incident)[0], 'the first alert');
const notify = (deps: NotifierDependencies, incident: Incident) => deliverNotice(deps, firstAlertOf(incident));

const recordsOf = (incident: Incident) => table.stores().notifications.listForIncident(incident.id);
const phoneOf = (contactId: string) =>
  required(
    required(
      [...Object.values(programme), optedOutPanchayat].find((contact) => contact.id === contactId),
      `the contact ${contactId}`,
    ).phone,
    `a phone for the contact ${contactId}`,
  );
const deliveryFailedTemplates = () => Object.values(LOCAL_DLT_TEMPLATE_IDS.delivery_failed);

/** Every record ended: sent with a message id, or failed or skipped with a reason; none pending. */
function expectAllEnded(records: NotificationRecord[]) {
  expect(records.length).toBeGreaterThan(0);
  for (const record of records) {
    expect(['sent', 'failed', 'skipped']).toContain(record.status);
    if (record.status === 'sent') expect(record.messageId).toEqual(expect.any(String));
    else expect(record.reason).toEqual(expect.any(String));
  }
}

async function expectRedeliveryPublishesNothing(deps: NotifierDependencies, incident: Incident) {
  const calls = snsMock.commandCalls(PublishCommand).length;
  const records = await recordsOf(incident);
  await notify(deps, incident);
  expect(snsMock.commandCalls(PublishCommand).length).toBe(calls);
  expect(await recordsOf(incident)).toEqual(records);
}

const firstAlerts = (records: NotificationRecord[]) =>
  Object.fromEntries(
    records
      .filter((record) => record.step === 'first_alert')
      .map((record) => [record.contactId, `${record.status}${record.reason ? `:${record.reason}` : ''}`]),
  );

describe('SNS faults at the notifier (real store, mocked SNSClient)', () => {
  test('throttled twice, then accepted: every recipient sent, one successful Publish per sent record', async () => {
    wireSns((input, attempt) => (attempt <= 2 ? snsThrottling() : { MessageId: `mid-${input.PhoneNumber}` }));
    const deps = notifier();
    const incident = await alertedIncident();
    await notify(deps, incident);

    const records = await recordsOf(incident);
    expectAllEnded(records);
    expect(firstAlerts(records)).toEqual({
      [programme.volunteer.id]: 'sent',
      [programme.panchayat.id]: 'sent',
      [programme.vlcpc.id]: 'sent',
      [programme.police.id]: 'sent',
      [programme.coordinator.id]: 'sent',
      [programme.inactiveVlcpc.id]: 'skipped:inactive',
      [optedOutPanchayat.id]: 'skipped:opted_out',
    });
    const sent = records.filter((record) => record.status === 'sent');
    expect(published.filter((call) => call.ok)).toHaveLength(sent.length);
    // The coordinator also hears that the opted-out panchayat member must be phoned (DOMAIN.md).
    expect(records.find((record) => record.step === `delivery_failed_${optedOutPanchayat.id}`)).toMatchObject({
      contactId: programme.coordinator.id,
      status: 'sent',
    });
    for (const record of sent) {
      const phone = phoneOf(record.contactId);
      const calls = published.filter((call) => call.phone === phone).map((call) => call.ok);
      const smsToThisPhone = sent.filter((other) => phoneOf(other.contactId) === phone).length;
      expect(calls).toEqual([false, false, ...Array<boolean>(smsToThisPhone).fill(true)]);
      expect(record.messageId).toBe(`mid-${phone}`);
    }
    await expectRedeliveryPublishesNothing(deps, incident);
  });

  test('persistent 5xx: failed with reason provider_error after every attempt; the coordinators are told of each duty bearer (and that fails too)', async () => {
    wireSns(() => sns5xx());
    const deps = notifier();
    const incident = await alertedIncident();
    await notify(deps, incident);

    const records = await recordsOf(incident);
    expectAllEnded(records);
    expect(firstAlerts(records)).toMatchObject({
      [programme.volunteer.id]: 'failed:provider_error',
      [programme.panchayat.id]: 'failed:provider_error',
      [programme.vlcpc.id]: 'failed:provider_error',
      [programme.police.id]: 'failed:provider_error',
      [programme.coordinator.id]: 'failed:provider_error',
    });
    for (const contact of [programme.volunteer, programme.panchayat, programme.vlcpc, programme.police]) {
      expect(published.filter((call) => call.phone === contact.phone)).toHaveLength(DEFAULT_MAX_ATTEMPTS);
    }
    // One delivery_failed notice per unreachable duty bearer, to the coordinator (whose phone fails too).
    const notices = records.filter((record) => record.step.startsWith('delivery_failed_'));
    expect(notices.map((record) => record.step).sort()).toEqual(
      [programme.panchayat, programme.vlcpc, programme.police, optedOutPanchayat].map((contact) => `delivery_failed_${contact.id}`).sort(),
    );
    expect(
      notices.every(
        (record) => record.contactId === programme.coordinator.id && record.status === 'failed' && record.reason === 'provider_error',
      ),
    ).toBe(true);
    await expectRedeliveryPublishesNothing(deps, incident);
  });

  test('timeouts on every attempt: failed with reason timeout', async () => {
    wireSns(() => snsTimeout());
    const deps = notifier();
    const incident = await alertedIncident([programme.panchayat.id, programme.police.id, programme.coordinator.id]);
    await notify(deps, incident);

    const records = await recordsOf(incident);
    expectAllEnded(records);
    expect(firstAlerts(records)).toEqual({
      [programme.panchayat.id]: 'failed:timeout',
      [programme.police.id]: 'failed:timeout',
      [programme.coordinator.id]: 'failed:timeout',
    });
    expect(published.filter((call) => call.phone === programme.panchayat.phone)).toHaveLength(DEFAULT_MAX_ATTEMPTS);
    await expectRedeliveryPublishesNothing(deps, incident);
  });

  test('an invalid number: failed with reason invalid_number at once, and the coordinators get a delivery_failed SMS about that contact', async () => {
    wireSns((input) =>
      input.PhoneNumber === programme.panchayat.phone
        ? snsInvalidNumber(required(input.PhoneNumber, 'the number published to'))
        : { MessageId: `mid-${input.PhoneNumber}-${nextUlid()}` },
    );
    const deps = notifier();
    const incident = await alertedIncident();
    await notify(deps, incident);

    const records = await recordsOf(incident);
    expectAllEnded(records);
    expect(firstAlerts(records)[programme.panchayat.id]).toBe('failed:invalid_number');
    expect(published.filter((call) => call.phone === programme.panchayat.phone)).toHaveLength(1); // no retry of a permanent refusal
    expect(records.find((record) => record.step === `delivery_failed_${programme.panchayat.id}`)).toMatchObject({
      contactId: programme.coordinator.id,
      status: 'sent',
    });
    // Two to phone: the panchayat whose number was refused and the member who opted out.
    const toCoordinator = published.filter((call) => call.phone === programme.coordinator.phone && call.ok);
    expect(
      toCoordinator.filter((call) => call.templateId !== undefined && deliveryFailedTemplates().includes(call.templateId)),
    ).toHaveLength(2);
    await expectRedeliveryPublishesNothing(deps, incident);
  });
});

// ── a DynamoDB failure after the SMS went out ──────────────────────────────────────────────
/** Waits until no record is pending except the ones named, and Publish calls have stopped (work the failed call left running). */
async function settled(incident: Incident, stillPending: string[] = []): Promise<void> {
  const deadline = Date.now() + 5_000;
  let calls = -1;
  for (;;) {
    const records = await recordsOf(incident);
    const pending = records.filter((record) => record.status === 'pending' && !stillPending.includes(record.contactId));
    const now = snsMock.commandCalls(PublishCommand).length;
    if (pending.length === 0 && now === calls) return;
    if (Date.now() > deadline) throw new Error(`not settled: ${pending.length} pending`);
    calls = now;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/**
 * The write that records how a notification ended (NotificationStore.update): a conditional replace
 * of the claim, in a transaction with its message-id lookup when it was sent.
 */
const recordingOutcome = (contactId: string, status: NotificationRecord['status'], step?: string) => (input: unknown) => {
  const puts = (input as TransactWriteCommandInput).TransactItems?.map((action) => action.Put) ?? [input as PutCommandInput];
  return puts.some(
    (put) =>
      put?.ConditionExpression?.startsWith('attribute_exists(') === true &&
      put.Item?.itemType === 'notification' &&
      put.Item.contactId === contactId &&
      put.Item.status === status &&
      (step === undefined || put.Item.step === step),
  );
};

describe('a DynamoDB failure after an SMS was published', () => {
  const faultyStore = () =>
    tableStores(new DynamoDbTable({ client: faulty, tableName: table.tableName }), { cursorSecret: TEST_CURSOR_SECRET });

  test('the record stays pending under its lease; a redelivery inside the lease sends nothing; after it the SMS is sent again, flagged, and nobody is told of a failure', async () => {
    wireSns((input) => ({ MessageId: `mid-${input.PhoneNumber}-${nextUlid()}` }));
    faults.push({ command: 'TransactWrite', when: recordingOutcome(programme.panchayat.id, 'sent'), error: throughputExceeded });
    const deps = notifier(faultyStore());
    const incident = await alertedIncident([programme.panchayat.id, programme.vlcpc.id, programme.coordinator.id]);

    await expect(notify(deps, incident)).rejects.toThrow(/throughput/);
    await settled(incident, [programme.panchayat.id]);
    const toPanchayat = () => published.filter((call) => call.phone === programme.panchayat.phone);
    expect(toPanchayat()).toHaveLength(1);
    expect(firstAlerts(await recordsOf(incident))[programme.panchayat.id]).toBe('pending');

    // The stream redelivers at once: the lease still runs, so nothing is sent and the notice stays.
    expect(await notify(deps, incident)).toBe('outstanding');
    expect(toPanchayat()).toHaveLength(1);

    // The sweeper, past the lease: the SMS goes again, and the record says it may be a duplicate.
    afterTheLease();
    expect(await notify(deps, incident)).toBe('delivered');
    expect(toPanchayat()).toHaveLength(2);
    const records = await recordsOf(incident);
    expectAllEnded(records);
    expect(firstAlerts(records)).toEqual({
      [programme.panchayat.id]: 'sent',
      [programme.vlcpc.id]: 'sent',
      [programme.coordinator.id]: 'sent',
    });
    expect(records.find((record) => record.contactId === programme.panchayat.id)).toMatchObject({ attempts: 2, possibleDuplicate: true });
    expect(records.find((record) => record.contactId === programme.vlcpc.id)).toMatchObject({ attempts: 1 });
    expect(records.find((record) => record.contactId === programme.vlcpc.id)).not.toHaveProperty('possibleDuplicate');
    // Reached after all: the coordinators are not told of a failure.
    expect(records.filter((record) => record.step.startsWith('delivery_failed_'))).toEqual([]);
    expect(await table.stores().notifications.outstanding(incident.id)).toEqual([]);

    await expectRedeliveryPublishesNothing(deps, incident);
  });

  test('storing the acknowledgement link fails after the claim, before Publish: after the lease the retry sends it, and nobody is told of a failure', async () => {
    wireSns((input) => ({ MessageId: `mid-${input.PhoneNumber}-${nextUlid()}` }));
    // The acknowledgement link cannot be stored: the send dies after the claim, before Publish.
    faults.push({ command: 'Put', when: (input) => (input as PutCommandInput).Item?.itemType === 'ack_token', error: throughputExceeded });
    const deps = notifier(faultyStore());
    const incident = await alertedIncident([programme.police.id]);

    await expect(notify(deps, incident)).rejects.toThrow(/throughput/);
    afterTheLease();
    await notify(deps, incident);
    const records = await recordsOf(incident);
    expectAllEnded(records);
    expect(firstAlerts(records)).toEqual({ [programme.police.id]: 'sent' });
    expect(published.filter((call) => call.phone === programme.police.phone)).toHaveLength(1);
    expect(records.filter((record) => record.step.startsWith('delivery_failed_'))).toEqual([]);
  });
});

// ── notifications lost: found by the fault injection above, failing until fixed ─────────────
describe('paths where a notification could be lost, found by fault injection and fixed', () => {
  const faultyStore = () =>
    tableStores(new DynamoDbTable({ client: faulty, tableName: table.tableName }), { cursorSecret: TEST_CURSOR_SECRET });
  const coordinatorsQuery = (input: unknown) =>
    JSON.stringify((input as QueryCommandInput).ExpressionAttributeValues ?? {}).includes('KIND#coordinator');

  // A duty bearer's number is refused and recorded as failed; then looking up the coordinators to
  // tell them fails once. The retry finds the duty bearer's record already failed and still tells them.
  test('the coordinators lookup fails once after a duty bearer failed for good: the retry still tells the coordinators', async () => {
    wireSns((input) =>
      input.PhoneNumber === programme.panchayat.phone
        ? snsInvalidNumber(required(input.PhoneNumber, 'the number published to'))
        : { MessageId: `mid-${nextUlid()}` },
    );
    faults.push({ command: 'Query', when: coordinatorsQuery, error: throughputExceeded });
    const deps = notifier(faultyStore());
    const incident = await alertedIncident([programme.panchayat.id]);

    await expect(notify(deps, incident)).rejects.toThrow(/throughput/);
    await notify(deps, incident);
    const records = await recordsOf(incident);
    expect(firstAlerts(records)).toEqual({ [programme.panchayat.id]: 'failed:invalid_number' });
    expect(records.find((record) => record.step === `delivery_failed_${programme.panchayat.id}`)).toMatchObject({
      contactId: programme.coordinator.id,
      status: 'sent',
    });
  });

  // The coordinator's delivery_failed SMS is published, but recording it fails once. The retry
  // after the lease leaves no record pending.
  test("recording the coordinators' delivery_failed SMS fails once: the retry leaves no record pending", async () => {
    wireSns((input) =>
      input.PhoneNumber === programme.panchayat.phone
        ? snsInvalidNumber(required(input.PhoneNumber, 'the number published to'))
        : { MessageId: `mid-${nextUlid()}` },
    );
    faults.push({
      command: 'TransactWrite',
      when: recordingOutcome(programme.coordinator.id, 'sent', `delivery_failed_${programme.panchayat.id}`),
      error: throughputExceeded,
    });
    const deps = notifier(faultyStore());
    const incident = await alertedIncident([programme.panchayat.id]);

    await expect(notify(deps, incident)).rejects.toThrow(/throughput/);
    afterTheLease();
    await notify(deps, incident);
    expectAllEnded(await recordsOf(incident));
  });

  // DOMAIN.md: "When an SMS to a duty bearer fails for good (invalid number, opted out), the
  // coordinators are told, so that someone phones." An opted-out duty bearer is skipped, and told of.
  test('an opted-out duty bearer: the coordinators are told, as DOMAIN.md asks', async () => {
    wireSns(() => ({ MessageId: `mid-${nextUlid()}` }));
    const deps = notifier();
    const incident = await alertedIncident([optedOutPanchayat.id]);
    await notify(deps, incident);
    const records = await recordsOf(incident);
    expect(firstAlerts(records)).toEqual({ [optedOutPanchayat.id]: 'skipped:opted_out' });
    expect(records.find((record) => record.step === `delivery_failed_${optedOutPanchayat.id}`)).toMatchObject({
      contactId: programme.coordinator.id,
      status: 'sent',
    });
  });
});
