// 8. What a month costs, from what the bench measured (request units and time per operation, messages
// per report), what the stack holds (stack-inventory.ts) and the prices (bench/support/prices.ts):
// an idle month at 5 villages, a month at 5 villages and one at district size, line by line. Every
// figure the bench could not measure is an assumption named below.
import { DISTRICT } from '../district/programme.js';
import {
  CLOUDWATCH_FREE_ALARMS,
  CLOUDWATCH_LOGS_FREE_GB,
  CLOUDWATCH_LOGS_USD_PER_GB_INGESTED,
  CLOUDWATCH_LOGS_USD_PER_GB_MONTH_STORED,
  CLOUDWATCH_USD_PER_ALARM_MONTH,
  DYNAMODB_FREE_GB,
  DYNAMODB_PITR_USD_PER_GB_MONTH,
  DYNAMODB_USD_PER_GB_MONTH,
  DYNAMODB_USD_PER_MILLION_RRU,
  DYNAMODB_USD_PER_MILLION_WRU,
  HOURS_PER_MONTH,
  HTTP_API_USD_PER_MILLION_REQUESTS,
  KMS_FREE_REQUESTS,
  KMS_USD_PER_10K_REQUESTS,
  KMS_USD_PER_KEY_MONTH,
  LAMBDA_ARM_USD_PER_GB_SECOND,
  LAMBDA_FREE_GB_SECONDS,
  LAMBDA_FREE_REQUESTS,
  LAMBDA_USD_PER_MILLION_REQUESTS,
  SCHEDULER_FREE_INVOCATIONS,
  SCHEDULER_USD_PER_MILLION_INVOCATIONS,
  SECRETS_MANAGER_USD_PER_SECRET_MONTH,
  SMS_USD_PER_SEGMENT,
  WHATSAPP_USD_PER_MESSAGE,
  XRAY_FREE_TRACES,
  XRAY_USD_PER_TRACE,
} from '../support/prices.js';
import type { Section } from '../support/report.js';
import { target } from '../support/report.js';
import type { StackInventory } from './stack-inventory.js';

/** One operation or run as measured: request units (reads at least half a unit each) and its time. */
export interface Units {
  read: number;
  write: number;
  ms: number;
}

export interface MeasuredCosts {
  villages: number;
  /** Per request, through the handlers. */
  report: Units;
  list: Units;
  transition: Units;
  /** Per run with `due` incidents due, and with nothing due. */
  sweeperRun: Units & { due: number };
  escalationRun: Units & { due: number };
  idleSweeperRun: Units;
  idleEscalationRun: Units;
  idleRetentionRun: Units;
  weeklyJob: Units;
  /** Messages a report's first alert sent, and its first escalation, and segments per SMS. */
  firstAlertMessages: number;
  escalationMessages: number;
  segmentsPerMessage: number;
  /** The table's size after the bench's four weeks. */
  tableBytes: number;
}

// ── what the bench cannot measure: assumptions ─────────────────────────────────────────────────
const DAYS_PER_MONTH = HOURS_PER_MONTH / 24;
/** A report's acknowledgement, in_action and resolution (the bench measures an acknowledgement). */
const TRANSITIONS_PER_REPORT = 3;
/** Lists opened per report, by coordinators and duty bearers. */
const LISTS_PER_REPORT = 10;
/** Reports nobody acknowledged in time: they climb one rung. */
const ESCALATED_SHARE = 0.5;
/** Messages that go by WhatsApp, to contacts who opted in (the bench's contacts take SMS). */
const WHATSAPP_SHARE = 0.5;
/** Log a Lambda invocation writes (START, END and REPORT lines, a JSON line or two), and an API access log line, in bytes. */
const LOG_BYTES_PER_INVOCATION = 600;
const ACCESS_LOG_BYTES_PER_REQUEST = 500;
/** DynamoDB asks KMS for a table key about every 5 minutes per function in use (its cache's life). */
const KMS_REQUESTS_PER_FUNCTION_HOUR = 12;
/** The table after a year: twelve and a bit times the bench's four weeks. */
const TABLE_MONTHS_KEPT = 13;
/** The idle-month target (issue 14): keys, a secret, alarms and the schedules, nothing more. */
const IDLE_MONTH_TARGET_USD = 4;

interface Line {
  line: string;
  /** List price, and what is billed once the always-free tier (the one that never expires) is taken off. */
  list: number;
  billed: number;
}

const millions = (count: number) => count / 1_000_000;
const MB_PER_GB = 1024;

/** A month of a programme of `villages` at `reportsPerDay` (0: idle), with the units measured on a programme of that size. */
function month(inventory: StackInventory, measured: MeasuredCosts, reportsPerDay: number): Line[] {
  const reports = reportsPerDay * DAYS_PER_MONTH;
  const runs = (word: string) =>
    inventory.schedules.filter((schedule) => schedule.description.includes(word)).reduce((total, s) => total + s.runsPerMonth, 0);
  const scheduled = {
    sweeper: runs('sweeper'),
    escalation: runs('escalation'),
    weekly: runs('weekly summary'),
    retention: runs('retention'),
  };
  const perDue = (run: Units & { due: number }, idle: Units): Units => ({
    read: (run.read - idle.read) / run.due,
    write: (run.write - idle.write) / run.due,
    ms: (run.ms - idle.ms) / run.due,
  });
  // The stream's notifier delivers a notice as the sweeper does (the same use case).
  const delivery = perDue(measured.sweeperRun, measured.idleSweeperRun);
  const escalation = perDue(measured.escalationRun, measured.idleEscalationRun);
  const escalationShare = measured.escalationMessages / Math.max(1, measured.firstAlertMessages);
  const work: { units: Units; count: number; invocations: number }[] = [
    { units: measured.report, count: reports, invocations: reports },
    { units: measured.transition, count: reports * TRANSITIONS_PER_REPORT, invocations: reports * TRANSITIONS_PER_REPORT },
    { units: measured.list, count: reports * LISTS_PER_REPORT, invocations: reports * LISTS_PER_REPORT },
    { units: delivery, count: reports, invocations: reports },
    { units: escalation, count: reports * ESCALATED_SHARE, invocations: 0 },
    { units: scaled(delivery, escalationShare), count: reports * ESCALATED_SHARE, invocations: reports * ESCALATED_SHARE },
    { units: measured.idleSweeperRun, count: scheduled.sweeper, invocations: scheduled.sweeper },
    { units: measured.idleEscalationRun, count: scheduled.escalation, invocations: scheduled.escalation },
    { units: measured.idleRetentionRun, count: scheduled.retention, invocations: scheduled.retention },
    { units: measured.weeklyJob, count: scheduled.weekly, invocations: scheduled.weekly },
  ];
  const total = (field: keyof Units) => work.reduce((sum, { units, count }) => sum + units[field] * count, 0);
  const invocations = work.reduce((sum, { invocations: count }) => sum + count, 0);
  const gbSeconds = (total('ms') / 1000) * (inventory.memoryMb / MB_PER_GB);
  const apiRequests = reports * (1 + TRANSITIONS_PER_REPORT + LISTS_PER_REPORT);
  const functionsInUse = [
    scheduled.sweeper,
    scheduled.escalation,
    scheduled.retention,
    scheduled.weekly,
    reports,
    reports * LISTS_PER_REPORT,
  ];
  const kmsRequests = functionsInUse.reduce((sum, count) => sum + Math.min(count, KMS_REQUESTS_PER_FUNCTION_HOUR * HOURS_PER_MONTH), 0);
  const functionLogGb = (invocations * LOG_BYTES_PER_INVOCATION) / 1e9;
  const accessLogGb = (apiRequests * ACCESS_LOG_BYTES_PER_REQUEST) / 1e9;
  const storedLogGb = (functionLogGb * inventory.functionLogDays + accessLogGb * inventory.accessLogDays) / DAYS_PER_MONTH;
  const tableGb = (measured.tableBytes / 1e9) * TABLE_MONTHS_KEPT;
  const messages = reports * (measured.firstAlertMessages + ESCALATED_SHARE * measured.escalationMessages);
  const priced = (line: string, list: number, free = 0): Line => ({ line, list, billed: Math.max(0, list - free) });
  const scheduleRuns = inventory.schedules.reduce((sum, schedule) => sum + schedule.runsPerMonth, 0);
  return [
    priced('DynamoDB reads (RRU)', millions(total('read')) * DYNAMODB_USD_PER_MILLION_RRU),
    priced('DynamoDB writes (WRU, index writes included)', millions(total('write')) * DYNAMODB_USD_PER_MILLION_WRU),
    priced(
      'DynamoDB storage and point-in-time recovery',
      tableGb * (DYNAMODB_USD_PER_GB_MONTH + DYNAMODB_PITR_USD_PER_GB_MONTH),
      Math.min(tableGb, DYNAMODB_FREE_GB) * DYNAMODB_USD_PER_GB_MONTH,
    ),
    priced(
      'Lambda requests',
      millions(invocations) * LAMBDA_USD_PER_MILLION_REQUESTS,
      millions(Math.min(invocations, LAMBDA_FREE_REQUESTS)) * LAMBDA_USD_PER_MILLION_REQUESTS,
    ),
    priced(
      `Lambda duration (arm64, ${inventory.memoryMb} MB)`,
      gbSeconds * LAMBDA_ARM_USD_PER_GB_SECOND,
      Math.min(gbSeconds, LAMBDA_FREE_GB_SECONDS) * LAMBDA_ARM_USD_PER_GB_SECOND,
    ),
    priced('API Gateway HTTP API requests', millions(apiRequests) * HTTP_API_USD_PER_MILLION_REQUESTS),
    priced(
      `EventBridge Scheduler (${inventory.schedules.length} schedules)`,
      millions(scheduleRuns) * SCHEDULER_USD_PER_MILLION_INVOCATIONS,
      millions(Math.min(scheduleRuns, SCHEDULER_FREE_INVOCATIONS)) * SCHEDULER_USD_PER_MILLION_INVOCATIONS,
    ),
    priced(`KMS customer-managed keys (${inventory.kmsKeys}, first year)`, inventory.kmsKeys * KMS_USD_PER_KEY_MONTH),
    priced(
      'KMS requests',
      (kmsRequests / 10_000) * KMS_USD_PER_10K_REQUESTS,
      (Math.min(kmsRequests, KMS_FREE_REQUESTS) / 10_000) * KMS_USD_PER_10K_REQUESTS,
    ),
    priced(`Secrets Manager (${inventory.secrets} secret)`, inventory.secrets * SECRETS_MANAGER_USD_PER_SECRET_MONTH),
    priced(
      `CloudWatch alarms (${inventory.alarms})`,
      inventory.alarms * CLOUDWATCH_USD_PER_ALARM_MONTH,
      Math.min(inventory.alarms, CLOUDWATCH_FREE_ALARMS) * CLOUDWATCH_USD_PER_ALARM_MONTH,
    ),
    priced(
      `CloudWatch Logs ingestion and storage (access logs kept ${inventory.accessLogDays} days)`,
      (functionLogGb + accessLogGb) * CLOUDWATCH_LOGS_USD_PER_GB_INGESTED + storedLogGb * CLOUDWATCH_LOGS_USD_PER_GB_MONTH_STORED,
      Math.min(functionLogGb + accessLogGb, CLOUDWATCH_LOGS_FREE_GB) * CLOUDWATCH_LOGS_USD_PER_GB_INGESTED +
        Math.min(storedLogGb, CLOUDWATCH_LOGS_FREE_GB) * CLOUDWATCH_LOGS_USD_PER_GB_MONTH_STORED,
    ),
    priced('X-Ray traces', invocations * XRAY_USD_PER_TRACE, Math.min(invocations, XRAY_FREE_TRACES) * XRAY_USD_PER_TRACE),
    priced('SMS segments (SNS to India)', messages * (1 - WHATSAPP_SHARE) * measured.segmentsPerMessage * SMS_USD_PER_SEGMENT),
    priced('WhatsApp messages (Meta utility template + End User Messaging Social)', messages * WHATSAPP_SHARE * WHATSAPP_USD_PER_MESSAGE),
  ];
}

const scaled = (units: Units, factor: number): Units => ({ read: units.read * factor, write: units.write * factor, ms: units.ms * factor });

const dollars = (value: number) => `$${value < 10 ? value.toFixed(2) : value.toFixed(0)}`;
const sumOf = (lines: readonly Line[], field: 'list' | 'billed') => lines.reduce((sum, line) => sum + line[field], 0);

export function costModelSections(inventory: StackInventory, five: MeasuredCosts, district: MeasuredCosts): Section[] {
  const rate = (villages: number) => (DISTRICT.reportsPerDay * villages) / DISTRICT.villages;
  const columns = {
    idle: month(inventory, five, 0),
    five: month(inventory, five, rate(five.villages)),
    district: month(inventory, district, rate(district.villages)),
  };
  const idleTarget = target(
    'idle month at 5 villages, USD (after the always-free tier)',
    sumOf(columns.idle, 'billed'),
    IDLE_MONTH_TARGET_USD,
  );
  const operations: [string, (costs: MeasuredCosts) => Units, string][] = [
    ['report (POST /incidents)', (costs) => costs.report, 'per request'],
    ['transition (acknowledge)', (costs) => costs.transition, 'per request'],
    ['list (GET /incidents, 20 a page)', (costs) => costs.list, 'per request'],
    ['sweeper run, 50 due', (costs) => costs.sweeperRun, 'per run'],
    ['escalation run, 50 due', (costs) => costs.escalationRun, 'per run'],
    ['sweeper run, nothing due', (costs) => costs.idleSweeperRun, 'per run'],
    ['escalation run, nothing due', (costs) => costs.idleEscalationRun, 'per run'],
    ['retention run, nothing due', (costs) => costs.idleRetentionRun, 'per run'],
    ['weekly job, per village', (costs) => scaled(costs.weeklyJob, 1 / costs.villages), 'per village'],
  ];
  const rru = (value: number) => (value >= 100 ? value.toFixed(0) : value.toFixed(1));
  return [
    {
      title: '8. Consumed capacity per operation (ReturnConsumedCapacity TOTAL on every call)',
      columns: ['operation', '', '5 villages RRU / WRU', 'district RRU / WRU'],
      rows: operations.map(([name, of, per]) => [
        name,
        per,
        `${rru(of(five).read)} / ${rru(of(five).write)}`,
        `${rru(of(district).read)} / ${rru(of(district).write)}`,
      ]),
      notes: [
        "units as DynamoDB Local reports them for every call (table and index writes, transactions' double units), each read at least half a unit;",
        "per request: the mean over the API samples of section 7 (a report's reads include its check for a possible duplicate among its village's reports of the last 14 days: here some 80 in each village, from the samples); per run: the median of section 7b; the weekly job: its run (two weeks computed) divided by the villages.",
      ],
      targets: [],
      figures: { five, district },
    },
    {
      title: '8b. Monthly cost in ap-south-1, USD (list prices; total after the always-free tier)',
      columns: ['line', 'idle month, 5 villages', '5 villages', `district (${DISTRICT.villages})`],
      rows: [
        ...columns.idle.map((line, index) => [
          line.line,
          dollars(line.list),
          dollars(columns.five[index]?.list ?? Number.NaN),
          dollars(columns.district[index]?.list ?? Number.NaN),
        ]),
        ['total at list prices', ...Object.values(columns).map((lines) => dollars(sumOf(lines, 'list')))],
        ['total billed (the always-free tier taken off)', ...Object.values(columns).map((lines) => dollars(sumOf(lines, 'billed')))],
      ],
      notes: [
        `activity: ${DISTRICT.reportsPerDay} reports a day at ${DISTRICT.villages} villages and as many per village at 5 (${rate(five.villages).toFixed(2)} a day); per report ${TRANSITIONS_PER_REPORT} transitions, ${LISTS_PER_REPORT} lists, its first alert (${district.firstAlertMessages.toFixed(1)} messages) delivered by the notifier, and for ${ESCALATED_SHARE * 100}% one escalation (${district.escalationMessages.toFixed(1)} messages); ${WHATSAPP_SHARE * 100}% of messages by WhatsApp, the rest SMS of ${district.segmentsPerMessage.toFixed(2)} segments on average (assumptions; the counts are the bench's);`,
        `scheduled runs from the stack: ${inventory.schedules.map((schedule) => `${schedule.description.replace('Suraksha: run the ', '')} (${Math.round(schedule.runsPerMonth)} a month)`).join('; ')}; each priced as the bench's run with nothing due, the weekly one as measured;`,
        `Lambda: the measured time of each request or run at ${inventory.memoryMb} MB; logs ${LOG_BYTES_PER_INVOCATION} bytes an invocation, ${ACCESS_LOG_BYTES_PER_REQUEST} an API request (assumed); every invocation traced; KMS: the table key fetched every 5 minutes by each function in use; the table kept ${TABLE_MONTHS_KEPT} months of the bench's four weeks;`,
        'the always-free tier (Lambda 1M requests and 400,000 GB-s, Scheduler 14M, KMS 20,000 requests, 10 alarms, 5 GB of logs, 100,000 traces, 25 GB of DynamoDB storage) holds for an account that runs this stack alone (README: one stage per account and region);',
        `KMS keys rotate yearly: each then costs $2 a month in its second year and $3 from its third, making the idle month about $${(sumOf(columns.idle, 'billed') + inventory.kmsKeys * 2 * KMS_USD_PER_KEY_MONTH).toFixed(2)} from the third year.`,
        `target: the idle month at 5 villages at most $${IDLE_MONTH_TARGET_USD} billed (its list total is ${dollars(sumOf(columns.idle, 'list'))}).`,
      ],
      targets: [idleTarget],
      figures: columns,
    },
  ];
}
