// The sample events under events/stream/ and events/schedule/ are what AWS delivers and what the code
// reads: the stream records decode, through the notifier's own decoding, into the notices the store
// writes and pass the notifier's event filter; the schedule payloads are exactly what the stack's Scheduler
// schedules send, at an instant they would fire, and the job handlers take their run's instant from them.

import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { marshall } from '@aws-sdk/util-dynamodb';
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import type { DynamoDBRecord, DynamoDBStreamEvent, ScheduledEvent } from 'aws-lambda';
import { NOTIFIER_EVENT_FILTER, noticeOf } from '../../functions/adapters/dynamodb/stream-records.js';
import { keyOf, noticeItem, villageItem } from '../../functions/adapters/table/items.js';
import { kolkataWeekOf, previousWeek } from '../../functions/domain/metrics/iso-week.js';
import type { PlannedNotice } from '../../functions/domain/notification-plan.js';
import { createEscalationHandler } from '../../functions/schedule/escalation-handler.js';
import { createWeeklySummaryHandler } from '../../functions/schedule/weekly-summary-handler.js';
import { matchesFilter } from '../../local/stream-pump.js';
import { functionBuiltFrom } from '../infra/functions.js';
import { scheduleInvoking } from '../infra/schedules.js';
import { synthesizeStack } from '../infra/stack-fixture.js';
import { createTestTable, type TestTable } from '../support/dynamodb.js';
import { lambdaContext, loadEvent } from '../support/lambda.js';

const STREAM_FIXTURES = ['stream/notice-first-alert.json', 'stream/notice-status-acknowledged.json'] as const;
const SCHEDULE_FIXTURES = [
  ['schedule/escalation.json', 'functions/schedule/escalate.ts'],
  ['schedule/weekly-summary.json', 'functions/schedule/weekly-summary.ts'],
] as const;

const onlyRecordOf = (name: string): DynamoDBRecord => {
  const { Records } = loadEvent<DynamoDBStreamEvent>(name);
  expect(Records).toHaveLength(1);
  const [record] = Records;
  if (!record) throw new Error(`${name} has no record`);
  return record;
};

const noticeIn = (name: string): PlannedNotice => {
  const notice = noticeOf(onlyRecordOf(name));
  if (!notice) throw new Error(`${name} carries no notice`);
  return notice;
};

describe('stream fixtures', () => {
  test.each(STREAM_FIXTURES)('%s is a DynamoDB stream record of the table: a notice written', (name) => {
    // Act
    const record = onlyRecordOf(name);

    // Assess
    expect(record).toEqual({
      eventID: expect.stringMatching(/^[0-9a-f]{32}$/),
      eventName: 'INSERT',
      eventVersion: '1.1',
      eventSource: 'aws:dynamodb',
      awsRegion: 'ap-south-1',
      dynamodb: {
        ApproximateCreationDateTime: expect.any(Number),
        Keys: expect.any(Object),
        NewImage: expect.any(Object),
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

  test.each(STREAM_FIXTURES)('%s decodes into a notice, stored exactly as the table lays a notice out', (name) => {
    // Prepare
    const record = onlyRecordOf(name);

    // Act
    const notice = noticeIn(name);

    // Assess
    expect(record.dynamodb?.NewImage).toEqual(marshall(noticeItem(notice)));
    expect(record.dynamodb?.Keys).toEqual(marshall(keyOf.notice(notice.incidentId, notice.step)));
    expect(record.dynamodb?.ApproximateCreationDateTime).toBe(Math.floor(Date.parse(notice.plannedAt) / 1000));
  });

  test('notice-first-alert.json is the first alert of a report: its recipients, no coordinators added', () => {
    expect(noticeIn('stream/notice-first-alert.json')).toEqual({
      kind: 'first_alert',
      step: 'first_alert',
      contactIds: [expect.stringMatching(/^[0-9A-Z]{26}$/)],
      toCoordinators: false,
      incidentId: expect.stringMatching(/^[0-9A-Z]{26}$/),
      villageId: 'v-hingalganj-1',
      plannedAt: expect.any(String),
    });
  });

  test("notice-status-acknowledged.json is that incident's acknowledgement telling the coordinators, later", () => {
    // Prepare
    const firstAlert = noticeIn('stream/notice-first-alert.json');

    // Act
    const acknowledged = noticeIn('stream/notice-status-acknowledged.json');

    // Assess
    expect(acknowledged).toMatchObject({ kind: 'status_acknowledged', step: 'status_acknowledged', toCoordinators: true });
    expect(acknowledged.incidentId).toBe(firstAlert.incidentId);
    expect(acknowledged.plannedAt > firstAlert.plannedAt).toBe(true);
  });

  test("an incident's own change does not invoke the notifier: only notices do", () => {
    // Prepare: the first-alert record as if it had written an incident instead.
    const record = onlyRecordOf('stream/notice-first-alert.json');
    const incidentChange = {
      ...record,
      eventName: 'MODIFY',
      dynamodb: { ...record.dynamodb, NewImage: { ...record.dynamodb?.NewImage, itemType: { S: 'incident' } } },
    };

    // Act and assess
    expect(matchesFilter(incidentChange, NOTIFIER_EVENT_FILTER)).toBe(false);
    expect(noticeOf(incidentChange as DynamoDBRecord)).toBeUndefined();
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
    expect(summary).toEqual({ examined: 0, applied: {} });
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
