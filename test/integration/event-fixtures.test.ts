// The sample events under events/stream/ and events/schedule/ are what AWS delivers and what the code
// reads: the stream records decode, through the notifier's own decoding, into valid incidents and
// pass the notifier's event filter; the schedule payloads are exactly what the stack's Scheduler
// schedules send, at an instant they would fire, and the job handlers take their run's instant from them.

import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { marshall } from '@aws-sdk/util-dynamodb';
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import type { DynamoDBRecord, DynamoDBStreamEvent, ScheduledEvent } from 'aws-lambda';
import { incidentChangeOf, NOTIFIER_EVENT_FILTER } from '../../functions/adapters/dynamodb/stream-records.js';
import { incidentItem, keyOf, villageItem } from '../../functions/adapters/table/items.js';
import { kolkataWeekOf, previousWeek } from '../../functions/domain/metrics/iso-week.js';
import { inActionDueAt as inActionDeadline } from '../../functions/domain/routing.js';
import { type Incident, IncidentSchema } from '../../functions/domain/schemas.js';
import { createEscalationHandler } from '../../functions/schedule/escalation-handler.js';
import { createWeeklySummaryHandler } from '../../functions/schedule/weekly-summary-handler.js';
import { matchesFilter } from '../../local/stream-pump.js';
import { functionBuiltFrom } from '../infra/functions.js';
import { scheduleInvoking } from '../infra/schedules.js';
import { synthesizeStack } from '../infra/stack-fixture.js';
import { createTestTable, type TestTable } from '../support/dynamodb.js';
import { lambdaContext, loadEvent } from '../support/lambda.js';

const STREAM_FIXTURES = ['stream/incident-reported.json', 'stream/incident-acknowledged.json'] as const;
const SCHEDULE_FIXTURES = [
  ['schedule/escalation.json', 'functions/schedule/escalate.ts'],
  ['schedule/weekly-summary.json', 'functions/schedule/weekly-summary.ts'],
] as const;

/** What a status change leaves alone: everything but the status, the version and updatedAt. */
const apartFromRevision = ({ status: _status, version: _version, updatedAt: _updatedAt, ...rest }: Incident) => rest;

const onlyRecordOf = (name: string): DynamoDBRecord => {
  const { Records } = loadEvent<DynamoDBStreamEvent>(name);
  expect(Records).toHaveLength(1);
  const [record] = Records;
  if (!record) throw new Error(`${name} has no record`);
  return record;
};

describe('stream fixtures', () => {
  test.each(STREAM_FIXTURES)('%s is a DynamoDB stream record of the table, with new and old images', (name) => {
    // Act
    const record = onlyRecordOf(name);

    // Assess
    expect(record).toEqual({
      eventID: expect.stringMatching(/^[0-9a-f]{32}$/),
      eventName: expect.stringMatching(/^(INSERT|MODIFY)$/),
      eventVersion: '1.1',
      eventSource: 'aws:dynamodb',
      awsRegion: 'ap-south-1',
      dynamodb: {
        ApproximateCreationDateTime: expect.any(Number),
        Keys: expect.any(Object),
        NewImage: expect.any(Object),
        ...(record.eventName === 'MODIFY' ? { OldImage: expect.any(Object) } : {}),
        SequenceNumber: expect.stringMatching(/^\d{21,40}$/),
        SizeBytes: expect.any(Number),
        StreamViewType: 'NEW_AND_OLD_IMAGES',
      },
      eventSourceARN: expect.stringMatching(/^arn:aws:dynamodb:ap-south-1:\d{12}:table\/[^/]+\/stream\/[\d\-T:.]+$/),
    });
  });

  test.each(STREAM_FIXTURES)("%s passes the notifier's event filter", (name) => {
    expect(matchesFilter(onlyRecordOf(name), NOTIFIER_EVENT_FILTER)).toBe(true);
  });

  test.each(STREAM_FIXTURES)('%s decodes into valid incidents, stored exactly as the table lays an incident out', (name) => {
    // Prepare
    const record = onlyRecordOf(name);

    // Act
    const change = incidentChangeOf(record);

    // Assess
    if (!change) throw new Error(`${name} decodes into no incident change`);
    expect(IncidentSchema.strict().parse(change.incident)).toEqual(change.incident);
    expect(record.dynamodb?.NewImage).toEqual(marshall(incidentItem(change.incident)));
    expect(record.dynamodb?.Keys).toEqual(marshall(keyOf.incident(change.incident.id)));
    expect(record.dynamodb?.ApproximateCreationDateTime).toBe(Math.floor(Date.parse(change.incident.updatedAt) / 1000));
    if (change.previous) {
      expect(IncidentSchema.strict().parse(change.previous)).toEqual(change.previous);
      expect(record.dynamodb?.OldImage).toEqual(marshall(incidentItem(change.previous)));
    }
  });

  test('incident-reported.json is the report itself: a new incident at version 1, with no old image', () => {
    // Act
    const change = incidentChangeOf(onlyRecordOf('stream/incident-reported.json'));

    // Assess
    expect(change).toEqual({ previous: undefined, incident: expect.objectContaining({ status: 'reported', version: 1 }) });
  });

  test("incident-acknowledged.json is that incident's acknowledgement: the next version, the rest unchanged", () => {
    // Prepare
    const reported = incidentChangeOf(onlyRecordOf('stream/incident-reported.json'))?.incident;

    // Act
    const change = incidentChangeOf(onlyRecordOf('stream/incident-acknowledged.json'));

    // Assess
    if (!change?.previous || !reported) throw new Error('the acknowledgement fixture has no incident before and after');
    expect(change.previous).toEqual(reported);
    const { acknowledgement, inActionDueAt, status, version, updatedAt, ...unchanged } = change.incident;
    expect({ status, version }).toEqual({ status: 'acknowledged', version: reported.version + 1 });
    expect(acknowledgement).toEqual({
      at: updatedAt,
      by: { sub: expect.any(String), role: 'duty_bearer', contactId: acknowledgement?.contactId },
      contactId: expect.stringMatching(/^[0-9A-Z]{26}$/),
      kind: 'panchayat',
    });
    expect(reported.routedTo).toContain(acknowledgement?.contactId);
    expect(inActionDueAt).toBe(inActionDeadline(reported.severity, new Date(updatedAt)).toISOString());
    expect(unchanged).toEqual(apartFromRevision(reported));
  });
});

describe('schedule fixtures', () => {
  // Prepare: the stack's schedules (synthesized once, without bundling), and a table for the jobs to run against.
  const { template } = synthesizeStack();
  let table: TestTable;
  beforeAll(async () => {
    table = await createTestTable();
  });
  afterAll(async () => {
    await table.drop();
  });

  const scheduleOf = (entry: string) => scheduleInvoking(template, functionBuiltFrom(template, entry).id).properties;

  test.each(SCHEDULE_FIXTURES)("%s is the input the stack's schedule for %s sends, with its scheduled time filled in", (name, entry) => {
    // Prepare
    const input: Record<string, unknown> = JSON.parse(scheduleOf(entry).Target.Input);

    // Act
    const fixture = loadEvent<Record<string, unknown>>(name);

    // Assess: every value the schedule sends, a context attribute filled in as Scheduler does (e.g. 2026-11-30T03:30:00Z).
    expect(Object.keys(fixture).sort()).toEqual(Object.keys(input).sort());
    for (const [key, value] of Object.entries(input)) {
      if (value === '<aws.scheduler.scheduled-time>') expect(fixture[key]).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
      else expect(fixture[key]).toEqual(value);
    }
  });

  test("weekly-summary.json fires when its cron schedule does, in the schedule's time zone", () => {
    // Prepare
    const schedule = scheduleOf('functions/schedule/weekly-summary.ts');
    const cron = /^cron\((\d+) (\d+) \? \* ([A-Z]{3}) \*\)$/.exec(schedule.ScheduleExpression);
    if (!cron) throw new Error(`not a weekly cron: ${schedule.ScheduleExpression}`);
    const [, minute, hour, weekday] = cron;

    // Act
    const { time } = loadEvent<{ time: string }>('schedule/weekly-summary.json');
    const local = new Intl.DateTimeFormat('en-GB', {
      timeZone: schedule.ScheduleExpressionTimezone,
      weekday: 'short',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    }).formatToParts(new Date(time));
    const part = (type: string) => local.find((each) => each.type === type)?.value;

    // Assess
    expect({ weekday: part('weekday')?.toUpperCase(), hour: Number(part('hour')), minute: Number(part('minute')) }).toEqual({
      weekday,
      hour: Number(hour),
      minute: Number(minute),
    });
  });

  test('the escalation job runs for the instant escalation.json names', async () => {
    // Prepare: one village, so the job queries its due incidents; a store that notes every instant it is asked about.
    const event = loadEvent<ScheduledEvent>('schedule/escalation.json');
    const at = '2026-11-01T00:00:00.000Z';
    await table.client.send(
      new PutCommand({
        TableName: table.tableName,
        Item: villageItem({ id: 'v-fixture-1', name: 'Fixture', block: 'Block', district: 'District', createdAt: at, updatedAt: at }),
      }),
    );
    const instants: string[] = [];
    const stores = table.stores();
    const noting = <T extends object>(store: T): T =>
      new Proxy(store, {
        get(target, property, receiver) {
          const value: unknown = Reflect.get(target, property, receiver);
          if (typeof value !== 'function') return value;
          return (...args: unknown[]) => {
            for (const arg of args) if (arg instanceof Date) instants.push(arg.toISOString());
            return value.apply(target, args);
          };
        },
      });

    // Act
    const summary = await createEscalationHandler({ incidents: noting(stores.incidents), directory: noting(stores.directory) })(
      event,
      lambdaContext(),
    );

    // Assess
    expect(summary).toEqual({ examined: 0, escalated: 0, exhausted: 0, reminded: 0 });
    expect(instants.length).toBeGreaterThan(0);
    expect(new Set(instants)).toEqual(new Set([new Date(event.time).toISOString()]));
  });

  test("the weekly summary summarises the week before weekly-summary.json's instant, whatever the clock says", async () => {
    // Prepare
    const event = loadEvent<ScheduledEvent>('schedule/weekly-summary.json');
    const handler = createWeeklySummaryHandler({
      ...table.stores(),
      clock: () => new Date('2030-06-15T12:00:00.000Z'),
      pricePerSegmentInr: 0.25,
      mailer: { send: () => Promise.reject(new Error('no funder, so no email')) },
      programmeName: 'Fixture programme',
    });

    // Act
    const run = await handler(event, lambdaContext());

    // Assess
    expect(run).toEqual({ week: previousWeek(kolkataWeekOf(new Date(event.time))), sent: 0, alreadySent: 0, failed: 0 });
    expect(run.week).toBe('2026-W48');
  });
});
