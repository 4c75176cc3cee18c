// 7. A district against five villages, side by side on one DynamoDB Local: 1,600 villages (32,000
// village contacts, officers created through the directory store, four weeks of reports at 100 a
// day) and a 5-village programme of the same shape per village. Interleaved: POST and GET /incidents
// through the incidents Lambdas' handlers; the sweeper and the escalation job with 50 incidents due;
// the weekly job. Then what each operation consumed, and the monthly cost model (8).
import { randomUUID } from 'node:crypto';
import { DescribeTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { byVillageItems, keyOf } from '../../functions/adapters/table/items.js';
import { funderView } from '../../functions/domain/metrics/funder-view.js';
import { kolkataWeekOf, previousWeek } from '../../functions/domain/metrics/iso-week.js';
import { NOTICE_GRACE_MS } from '../../functions/domain/notification-plan.js';
import { ACK_WITHIN_MINUTES, ROUTING_RULES } from '../../functions/domain/routing.js';
import { IncidentReportSchema } from '../../functions/domain/schemas.js';
import { AGE_BANDS, CATEGORIES, GENDERS } from '../../functions/domain/vocabulary.js';
import type { HttpEvent } from '../../functions/http/kit/http-handler.js';
import { runEscalations } from '../../functions/use-cases/escalate.js';
import { reportIncident } from '../../functions/use-cases/incidents.js';
import { runRetention } from '../../functions/use-cases/retention.js';
import { runSweep } from '../../functions/use-cases/sweep.js';
import { weeklyMetrics } from '../../functions/use-cases/weekly-metrics.js';
import { sendWeeklySummary } from '../../functions/use-cases/weekly-summary.js';
import { loadEvent, routeRequest } from '../../test/support/lambda.js';
import { required } from '../../test/support/required.js';
import { costModelSections, type MeasuredCosts } from '../cost/model.js';
import { stackInventory } from '../cost/stack-inventory.js';
import { DISTRICT, loadProgramme } from '../district/programme.js';
import { type Cost, callerOf, measured, type Side, sideOf } from '../district/sides.js';
import { type BenchTable, loadedWithoutStream, withBenchTables } from '../support/local-dynamodb.js';
import { ms, ratio, type Section, type Target, target, verdict } from '../support/report.js';
import { median, percentile, sum } from '../support/stats.js';

const API_WARM_UP = 20;
const API_SAMPLES = 400;
const TRANSITIONS = 50;
/** POST and GET go to the same first villages on both sides, so each village's list is as long on both. */
const API_VILLAGES = 5;
const DUE = 50;
const DUE_ROUNDS = 5;
const RATIO_TARGET = 1.2;
/** The weekly job must leave room to spare within its function's timeout: at most a fifth of it here. */
const WEEKLY_SHARE_OF_TIMEOUT = 0.2;
const MINUTE_MS = 60_000;
/** DynamoDB's largest item. */
const ITEM_LIMIT_KB = 400;
const VILLAGE_CONCURRENCY_NOTE = 'a few villages at a time: functions/use-cases/weekly-metrics.ts';

type Operation = 'report' | 'list' | 'transition';

export function measureDistrict(): Promise<Section[]> {
  return withBenchTables(['bench-five-villages', 'bench-district'], async ([small, large]) => {
    // The four weeks end now: the API's clock is the real one.
    const end = new Date();
    // Four weeks of history whose stream records have long expired, as they would have in AWS.
    const side = async (name: string, given: BenchTable | undefined, villages: number) => {
      const table = required(given, 'a table');
      return sideOf(name, table, await loadedWithoutStream(table, () => loadProgramme(table, villages, end)));
    };
    const sides = [await side('5 villages', small, 5), await side('district', large, DISTRICT.villages)] as const;
    // The weekly job first: the reports the API and due runs make would be the weeks' late changes.
    const weekly = await measureWeeklyJob(sides, end);
    const api = await measureApi(sides);
    const due = await measureDueRuns(sides, end);
    const tableSizes = new Map<Side, number>();
    for (const side of sides) tableSizes.set(side, await tableBytes(side));
    return report(sides, api, due, weekly, tableSizes);
  });
}

/** The table's size as DynamoDB Local describes it. */
async function tableBytes(side: Side): Promise<number> {
  const client = new DynamoDBClient({ endpoint: side.table.endpoint });
  try {
    return (await client.send(new DescribeTableCommand({ TableName: side.table.tableName }))).Table?.TableSizeBytes ?? 0;
  } finally {
    client.destroy();
  }
}

/** Alternates which side goes first, so neither always follows the other. */
const inTurn = <T>(sides: readonly T[], round: number): T[] => (round % 2 === 0 ? [...sides] : [...sides].reverse());

// ── the API ──────────────────────────────────────────────────────────────────────────────────────

type ApiCosts = Record<Operation, Cost[]>;

async function measureApi(sides: readonly Side[]): Promise<Map<Side, ApiCosts>> {
  const costs = new Map(sides.map((side) => [side, { report: [], list: [], transition: [] } as ApiCosts]));
  const created = new Map(sides.map((side) => [side, [] as { id: string; villageId: string }[]]));
  const sample = JSON.parse(String(loadEvent('http/post-incident.json').body)) as Record<string, unknown>;

  const call = async (side: Side, group: 'incidents-write' | 'incidents-read', event: HttpEvent, status: number) => {
    const { result, cost } = await measured(() => side.invoke(group, event));
    if (result.statusCode !== status) throw new Error(`${event.routeKey} on ${side.name} answered ${result.statusCode}: ${result.body}`);
    return { body: JSON.parse(String(result.body)) as { id: string }, cost };
  };
  const requests: Record<Operation, (side: Side, villageId: string, round: number) => Promise<Cost>> = {
    async report(side, villageId) {
      const reporter = callerOf(side.programme.firstOf(villageId, 'volunteer'));
      const { event } = await routeRequest('POST', '/incidents', {
        claims: { ...reporter, contactId: reporter.contactId ?? '' },
        body: { ...sample, villageId },
        headers: { 'idempotency-key': randomUUID() },
      });
      const { body, cost } = await call(side, 'incidents-write', event, 201);
      created.get(side)?.push({ id: body.id, villageId });
      return cost;
    },
    async list(side, villageId) {
      const { event } = await routeRequest('GET', '/incidents', {
        claims: { sub: 'sub-coordinator', role: 'coordinator' },
        query: { villageId, limit: '20' },
      });
      return (await call(side, 'incidents-read', event, 200)).cost;
    },
    async transition(side, _villageId, round) {
      // The panchayat acknowledges one of this side's reports (each side's nth report is in the same village).
      const incident = required(created.get(side)?.[round], 'a report to acknowledge');
      const panchayat = callerOf(side.programme.firstOf(incident.villageId, 'panchayat'));
      const { event } = await routeRequest('POST', `/incidents/${incident.id}/transitions`, {
        claims: { ...panchayat, contactId: panchayat.contactId ?? '' },
        body: { to: 'acknowledged', note: 'The pradhan will visit the family today' },
        headers: { 'if-match': '"1"' },
      });
      return (await call(side, 'incidents-write', event, 200)).cost;
    },
  };
  for (let round = 0; round < API_WARM_UP + API_SAMPLES; round++) {
    for (const operation of ['report', 'list'] as const) {
      for (const side of inTurn(sides, round)) {
        const cost = await requests[operation](side, required(side.programme.villageIds[round % API_VILLAGES], 'a village'), round);
        if (round >= API_WARM_UP) costs.get(side)?.[operation].push(cost);
      }
    }
  }
  for (let round = 0; round < TRANSITIONS; round++) {
    for (const side of inTurn(sides, round)) costs.get(side)?.transition.push(await requests.transition(side, '', round));
  }
  return costs;
}

// ── the sweeper and the escalation job ───────────────────────────────────────────────────────────

interface DueRuns {
  sweep: Cost[];
  escalate: Cost[];
  /** Notices the sweeper found and incidents the escalation job found, per run. */
  notices: number[];
  incidents: number[];
  /** With nothing due: what every minute of an idle programme costs. */
  idle: { sweep: Cost; escalate: Cost; retention: Cost };
  /** Messages of a report's first alert and of its first escalation, as the sweeper sent them, and segments per SMS. */
  firstAlertMessages: number;
  escalationMessages: number;
  segmentsPerMessage: number;
}

/** Categories a volunteer may report as high (those whose default is not critical), so every report is due at the same instant. */
const HIGH_CATEGORIES = CATEGORIES.filter((category) => ROUTING_RULES[category].defaultSeverity !== 'critical');
/** Children of every age band and gender, so no report is a possible duplicate of an earlier one. */
const CHILDREN = AGE_BANDS.flatMap((ageBand) => GENDERS.map((gender) => ({ ageBand, gender }))).filter(
  // The history's reports are all of this child (test/support/fixtures.ts).
  ({ ageBand, gender }) => !(ageBand === '15-17' && gender === 'girl'),
);

/**
 * Rounds a minute apart, two days before the history ends (nothing of it is due then): 50 reports
 * on each side whose notices the stream never delivered, a sweep past their grace, an escalation
 * run past their acknowledgement deadline. The district's 50 fall in 50 villages, the five
 * villages' 10 in each: the same reports otherwise.
 */
async function measureDueRuns(sides: readonly Side[], end: Date): Promise<Map<Side, DueRuns>> {
  const base = Math.floor((end.getTime() - 2 * 86_400_000) / MINUTE_MS) * MINUTE_MS;
  const runs = new Map<Side, DueRuns>();
  const idleAt = new Date(base - MINUTE_MS);
  for (const side of sides) {
    const { notifier, deps } = side.at(idleAt);
    runs.set(side, {
      sweep: [],
      escalate: [],
      notices: [],
      incidents: [],
      idle: {
        sweep: (await measured(() => runSweep(notifier, idleAt))).cost,
        escalate: (await measured(() => runEscalations(deps, idleAt))).cost,
        retention: (await measured(() => runRetention(deps, idleAt))).cost,
      },
      firstAlertMessages: 0,
      escalationMessages: 0,
      segmentsPerMessage: 0,
    });
  }
  for (let round = 0; round < DUE_ROUNDS; round++) {
    const reportAt = new Date(base + round * MINUTE_MS);
    for (const side of sides) {
      const { deps } = side.at(reportAt);
      const villageIds = side.programme.villageIds;
      for (let index = 0; index < DUE; index++) {
        const villageId = required(villageIds[(round * DUE + index) % villageIds.length], 'a village');
        // Each of a 5-village village's reports is of another category or child: none is a possible duplicate.
        const serial = round * (DUE / 5) + Math.floor(index / 5);
        const report = IncidentReportSchema.parse({
          villageId,
          category: HIGH_CATEGORIES[serial % HIGH_CATEGORIES.length],
          severity: 'high',
          child: required(CHILDREN[Math.floor(serial / HIGH_CATEGORIES.length) % CHILDREN.length], 'a child'),
          description: 'Reported for the district bench',
        });
        await reportIncident(deps, callerOf(side.programme.firstOf(villageId, 'volunteer')), report);
      }
    }
    const sweepAt = new Date(reportAt.getTime() + NOTICE_GRACE_MS + 1000);
    for (const side of inTurn(sides, round)) {
      const sent = side.sms.messages;
      const { result, cost } = await measured(() => runSweep(side.at(sweepAt).notifier, sweepAt));
      const run = required(runs.get(side), 'the runs');
      run.sweep.push(cost);
      run.notices.push(result.examined);
      if (round === 0) run.firstAlertMessages = (side.sms.messages - sent) / DUE;
    }
    const escalateAt = new Date(reportAt.getTime() + (ACK_WITHIN_MINUTES.high + 1) * MINUTE_MS);
    for (const side of inTurn(sides, round)) {
      const { result, cost } = await measured(() => runEscalations(side.at(escalateAt).deps, escalateAt));
      const run = required(runs.get(side), 'the runs');
      run.escalate.push(cost);
      run.incidents.push(result.examined);
      if (result.examined !== DUE) throw new Error(`the escalation job on ${side.name} found ${result.examined} incidents due, not ${DUE}`);
    }
    if (round === 0) {
      // Not measured: the escalations' own messages, for the cost model's count per report.
      for (const side of sides) {
        const before = side.sms.messages;
        const at = new Date(escalateAt.getTime() + NOTICE_GRACE_MS + 1000);
        await runSweep(side.at(at).notifier, at);
        const run = required(runs.get(side), 'the runs');
        run.escalationMessages = (side.sms.messages - before) / DUE;
        run.segmentsPerMessage = side.sms.segments / side.sms.messages;
      }
    }
  }
  return runs;
}

// ── the weekly job ───────────────────────────────────────────────────────────────────────────────

interface WeeklyJob {
  week: string;
  cost: Cost;
  /** Why the run failed, if it did. */
  failure?: string;
  /** The week's figures as the store keeps them: the exact metrics and the funders' view, in bytes of JSON. */
  itemBytes: { metrics: number; funderView: number };
}

/** The Monday job for the last finished week, as its schedule runs it: it computes that week and the one before. */
async function measureWeeklyJob(sides: readonly Side[], end: Date): Promise<Map<Side, WeeklyJob>> {
  const week = previousWeek(kolkataWeekOf(end));
  const jobs = new Map<Side, WeeklyJob>();
  for (const side of sides) {
    const { summary } = side.at(end);
    const { result, cost } = await measured(() =>
      sendWeeklySummary(summary, week).then(
        (run) => ({ run }),
        (error: unknown) => ({ error }),
      ),
    );
    if ('run' in result && result.run.sent !== 1) throw new Error(`the weekly job on ${side.name} sent ${result.run.sent} emails, not 1`);
    // The items a finished week is kept in, from the week so far (computed on request, not stored): same shape, same size.
    const current = await weeklyMetrics(summary, kolkataWeekOf(end));
    const largestItem = ({ head, parts }: { head: unknown; parts: unknown[] }) =>
      Math.max(...[head, ...parts].map((item) => Buffer.byteLength(JSON.stringify(item))));
    jobs.set(side, {
      week,
      cost,
      ...('error' in result
        ? { failure: result.error instanceof Error ? `${result.error.name}: ${result.error.message}` : String(result.error) }
        : {}),
      itemBytes: {
        metrics: largestItem(byVillageItems(keyOf.weeklyMetrics(current.week), 'weekly_metrics', current)),
        funderView: largestItem(byVillageItems(keyOf.funderView(current.week), 'funder_view', funderView(current))),
      },
    });
  }
  return jobs;
}

// ── the report ───────────────────────────────────────────────────────────────────────────────────

/** The counts and units of a cost, as opposed to its time by operation. */
type Figure = Exclude<keyof Cost, 'dynamoDbMs'>;
const mean = (costs: readonly Cost[], field: Figure) => sum(costs.map((cost) => cost[field])) / costs.length;
const units = (value: number) => (Number.isInteger(value) ? String(value) : value.toFixed(1));

function report(
  sides: readonly [Side, Side],
  api: Map<Side, ApiCosts>,
  due: Map<Side, DueRuns>,
  weekly: Map<Side, WeeklyJob>,
  tableSizes: Map<Side, number>,
): Section[] {
  const [five, district] = sides;
  const apiOf = (side: Side) => required(api.get(side), 'the API samples');
  const dueOf = (side: Side) => required(due.get(side), 'the due runs');
  const weeklyOf = (side: Side) => required(weekly.get(side), 'the weekly job');
  const inventory = stackInventory();

  // API: latency ratios are targets; round trips must not differ at all.
  const apiTargets: Target[] = [];
  const apiRows = (['report', 'list', 'transition'] as const).map((operation) => {
    const [small, large] = [apiOf(five)[operation], apiOf(district)[operation]];
    const p = (costs: Cost[], percent: number) =>
      percentile(
        costs.map((cost) => cost.ms),
        percent,
      );
    const p50 = p(large, 50) / p(small, 50);
    const p99 = p(large, 99) / p(small, 99);
    const trips = mean(large, 'roundTrips') - mean(small, 'roundTrips');
    if (operation !== 'transition') {
      apiTargets.push(target(`district / 5 villages, ${LABELS[operation]} p50`, p50, RATIO_TARGET));
      apiTargets.push(target(`district / 5 villages, ${LABELS[operation]} p99`, p99, RATIO_TARGET));
    }
    apiTargets.push(target(`district − 5 villages, round trips per ${LABELS[operation]}`, trips, 0));
    return [
      `${LABELS[operation]} (${large.length} each)`,
      `${ms(p(small, 50))} / ${ms(p(small, 99))}`,
      `${ms(p(large, 50))} / ${ms(p(large, 99))}`,
      operation === 'transition'
        ? `${ratio(p50)} / ${ratio(p99)}`
        : `${ratio(p50)} / ${ratio(p99)} ${verdict(p50 <= RATIO_TARGET && p99 <= RATIO_TARGET)}`,
      `${units(mean(small, 'roundTrips'))} / ${units(mean(large, 'roundTrips'))} ${verdict(trips === 0)}`,
    ];
  });

  // Scheduled runs: every count a hard gate, the time a ratio.
  const runRows: string[][] = [];
  const runTargets: Target[] = [];
  for (const kind of ['sweep', 'escalate'] as const) {
    const name = kind === 'sweep' ? 'sweeper' : 'escalation';
    const [small, large] = [dueOf(five)[kind], dueOf(district)[kind]];
    for (const [side, costs] of [
      [five, small],
      [district, large],
    ] as const) {
      const found = kind === 'sweep' ? dueOf(side).notices : dueOf(side).incidents;
      runRows.push([
        `${name}, ${side.name}`,
        `${DUE} incidents, ${median(found)} ${kind === 'sweep' ? 'notices' : 'due'}`,
        units(median(costs.map((cost) => cost.dueQueries))),
        units(median(costs.map((cost) => cost.dueItems))),
        units(median(costs.map((cost) => cost.roundTrips))),
        units(median(costs.map((cost) => cost.itemsRead))),
        `${units(median(costs.map((cost) => cost.read)))} / ${units(median(costs.map((cost) => cost.write)))}`,
        ms(median(costs.map((cost) => cost.ms))),
      ]);
    }
    const differs = (field: Figure) =>
      Math.max(...small.map((cost, index) => Math.abs(cost[field] - (large[index]?.[field] ?? Number.NaN))));
    const dueFound = kind === 'sweep' ? dueOf(district).notices : dueOf(district).incidents;
    runTargets.push(
      target(`${name} run, district − 5 villages: queries (${DUE} due, every run)`, differs('queries'), 0),
      target(`${name} run, district − 5 villages: items read (every run)`, differs('itemsRead'), 0),
      target(
        `${name} run, district: due-index items read − what is due (every run)`,
        Math.max(...large.map((cost, index) => Math.abs(cost.dueItems - (dueFound[index] ?? Number.NaN)))),
        0,
      ),
      target(
        `${name} run time, district / 5 villages (median of ${DUE_ROUNDS})`,
        median(large.map((cost) => cost.ms)) / median(small.map((cost) => cost.ms)),
        RATIO_TARGET,
      ),
    );
  }
  for (const kind of ['sweep', 'escalate', 'retention'] as const) {
    for (const side of sides) {
      const idle = dueOf(side).idle[kind];
      runRows.push([
        `${kind === 'sweep' ? 'sweeper' : kind === 'escalate' ? 'escalation' : 'retention'}, ${side.name}`,
        'nothing due',
        String(idle.dueQueries),
        String(idle.dueItems),
        String(idle.roundTrips),
        String(idle.itemsRead),
        `${units(idle.read)} / ${units(idle.write)}`,
        ms(idle.ms),
      ]);
    }
  }

  const weeklySeconds = weeklyOf(district).cost.ms / 1000;
  const weeklyLimit = inventory.weeklySummaryTimeoutSeconds * WEEKLY_SHARE_OF_TIMEOUT;
  const weeklyTarget = target(
    `weekly job, ${DISTRICT.villages} villages: seconds (its function's timeout is ${inventory.weeklySummaryTimeoutSeconds} s)`,
    weeklySeconds,
    weeklyLimit,
  );
  const weeklyTargets = [
    weeklyTarget,
    target(`weekly job, ${DISTRICT.villages} villages: runs that failed`, weeklyOf(district).failure ? 1 : 0, 0),
    target(
      `weekly metrics, largest item, ${DISTRICT.villages} villages: KB (DynamoDB's item limit is 400)`,
      weeklyOf(district).itemBytes.metrics / 1024,
      ITEM_LIMIT_KB,
    ),
    target(`funders' view, largest item, ${DISTRICT.villages} villages: KB`, weeklyOf(district).itemBytes.funderView / 1024, ITEM_LIMIT_KB),
  ];

  const perRequest = (side: Side, operation: Operation) => ({
    read: mean(apiOf(side)[operation], 'read'),
    write: mean(apiOf(side)[operation], 'write'),
    ms: median(apiOf(side)[operation].map((cost) => cost.ms)),
  });
  const perRun = (costs: readonly Cost[]) => ({
    read: median(costs.map((c) => c.read)),
    write: median(costs.map((c) => c.write)),
    ms: median(costs.map((c) => c.ms)),
  });
  const measuredCosts = (side: Side): MeasuredCosts => ({
    villages: side.programme.villageIds.length,
    report: perRequest(side, 'report'),
    list: perRequest(side, 'list'),
    transition: perRequest(side, 'transition'),
    sweeperRun: { ...perRun(dueOf(side).sweep), due: DUE },
    escalationRun: { ...perRun(dueOf(side).escalate), due: DUE },
    idleSweeperRun: perRun([dueOf(side).idle.sweep]),
    idleEscalationRun: perRun([dueOf(side).idle.escalate]),
    idleRetentionRun: perRun([dueOf(side).idle.retention]),
    weeklyJob: perRun([weeklyOf(side).cost]),
    firstAlertMessages: dueOf(side).firstAlertMessages,
    escalationMessages: dueOf(side).escalationMessages,
    segmentsPerMessage: dueOf(side).segmentsPerMessage,
    tableBytes: required(tableSizes.get(side), 'the table size'),
  });

  const loads = sides.map(
    (side) =>
      `${side.name}: ${side.programme.villageIds.length} villages, ${side.programme.contacts} contacts (${side.programme.officers} officers created through the directory store), ${side.programme.reports} reports over four weeks; ${side.programme.items} items in ${side.programme.loadSeconds.toFixed(0)} s (${Math.round(side.programme.items / side.programme.loadSeconds)} a second)`,
  );
  const sections: Section[] = [
    {
      title: `7. District: the API at ${DISTRICT.villages} villages against 5 (in-process handlers, interleaved)`,
      columns: [
        'request',
        '5 villages p50 / p99 ms',
        'district p50 / p99 ms',
        'district / 5 villages p50 / p99',
        'round trips (5 / district)',
      ],
      rows: apiRows,
      notes: [
        ...loads,
        `report: POST /incidents by a village's volunteer (the sample body) through the incidents-write handler; list: GET /incidents?villageId&limit=20 by a coordinator (incidents-read); both in the same ${API_VILLAGES} villages on each side, so each village's list is as long; transition: its panchayat acknowledges one of those reports (If-Match), ${TRANSITIONS} each;`,
        `targets: p50 and p99 of report and list within ${RATIO_TARGET} of the 5-village programme's, and the same round trips per request (hard).`,
        ...(['report', 'list'] as const).map(
          (operation) =>
            `where the time of ${LABELS[operation]} goes, ms per request in DynamoDB round trips by operation, 5 villages → district (mean; parallel calls each counted): ${whereTimeGoes(apiOf(five)[operation], apiOf(district)[operation])};`,
        ),
        `Not gated: a coordinator's GET /incidents without a village filter queries every village's partition (${DISTRICT.villages} queries a page at district size).`,
      ],
      targets: apiTargets,
      figures: {
        programmes: sides.map((side) => ({ name: side.name, ...side.programme, firstOf: undefined })),
        api: Object.fromEntries(sides.map((side) => [side.name, apiOf(side)])),
      },
    },
    {
      title: `7b. District: the sweeper and the escalation job with ${DUE} incidents due (${DUE_ROUNDS} rounds, interleaved; medians)`,
      columns: ['run', 'due', 'due-index queries', 'due-index items', 'round trips', 'items read', 'RRU / WRU', 'ms'],
      rows: runRows,
      notes: [
        `each round: ${DUE} reports of high severity on each side (the district's in ${DUE} villages, the 5 villages' 10 in each) whose notices the stream never delivered; the sweeper runs past their minute's grace, the escalation job past their acknowledgement deadline;`,
        'due-index queries and items: the Query calls on the due index (its 8 shards for each kind of work: notices, contact copies to finish, idle chats, providers to tell; deadlines; erasures) and the items they read; the rest is the work each due item needs;',
        `targets (hard, every run): the same queries and items read at ${DISTRICT.villages} villages as at 5, and the due index reading what is due and nothing else; time within ${RATIO_TARGET};`,
        ...(['sweep', 'escalate'] as const).map(
          (kind) =>
            `where the time of ${kind === 'sweep' ? 'a sweeper' : 'an escalation'} run goes, ms per run in DynamoDB round trips by operation, 5 villages → district (parallel calls each counted): ${whereTimeGoes(dueOf(five)[kind], dueOf(district)[kind])};`,
        ),
        "the district's reads cost more units for as many items: its officers' contact items, read as each recipient is checked, list up to 1,600 villages;",
        'nothing due: the runs an idle programme makes (the cost model prices them); RRU / WRU as DynamoDB Local reports them, each read at least half a unit (it reports 0 for a query that finds nothing, DynamoDB bills half a unit).',
      ],
      targets: runTargets,
      figures: Object.fromEntries(sides.map((side) => [side.name, dueOf(side)])),
    },
    {
      title: `7c. District: the weekly job (${weeklyOf(district).week} and the week before, as the Monday run computes them)`,
      columns: [
        'programme',
        'queries',
        'items read',
        'RRU / WRU',
        'RRU per village',
        'seconds',
        'outcome',
        'metrics / funder view largest item KB',
      ],
      rows: sides.map((side) => {
        const { cost, failure, itemBytes } = weeklyOf(side);
        return [
          `${side.name} (${side.programme.villageIds.length} villages)`,
          String(cost.queries),
          String(cost.itemsRead),
          `${units(cost.read)} / ${units(cost.write)}`,
          (cost.read / side.programme.villageIds.length).toFixed(1),
          side === district ? `${(cost.ms / 1000).toFixed(1)} ${verdict(weeklyTarget.pass)}` : (cost.ms / 1000).toFixed(1),
          failure ? `FAILED: ${failure}` : 'sent',
          `${(itemBytes.metrics / 1024).toFixed(0)} / ${(itemBytes.funderView / 1024).toFixed(0)}`,
        ];
      }),
      notes: [
        `sendWeeklySummary as the schedule runs it: the finished week and the week before (its comparison) computed from each village's items (${VILLAGE_CONCURRENCY_NOTE}) and stored, the funder's email claimed and sent (to a stub);`,
        `target: at ${DISTRICT.villages} villages within a fifth of the weekly summary function's timeout (${weeklyLimit} s of ${inventory.weeklySummaryTimeoutSeconds} s, read from the stack), to the end; here on DynamoDB Local and two shared cores, where a 256 MB Lambda has a sixth of a core;`,
        "largest item KB: a week's figures as the store keeps them (METRICS#WEEKLY and METRICS#FUNDER: a head and the villages in parts of at most 300 KB, items.ts byVillageItems), the largest item in bytes of JSON (more than DynamoDB's own measure), from the week so far.",
      ],
      targets: weeklyTargets,
      figures: Object.fromEntries(sides.map((side) => [side.name, weeklyOf(side)])),
    },
  ];
  return [...sections, ...costModelSections(inventory, measuredCosts(five), measuredCosts(district))];
}

function whereTimeGoes(small: readonly Cost[], large: readonly Cost[]): string {
  const operations = [...new Set([...small, ...large].flatMap((cost) => Object.keys(cost.dynamoDbMs)))];
  const meanMs = (costs: readonly Cost[], operation: string) => sum(costs.map((cost) => cost.dynamoDbMs[operation] ?? 0)) / costs.length;
  const whole = (costs: readonly Cost[]) => sum(costs.map((cost) => cost.ms)) / costs.length;
  return [
    ...operations.map((operation) => `${operation} ${ms(meanMs(small, operation))} → ${ms(meanMs(large, operation))}`),
    `the whole ${ms(whole(small))} → ${ms(whole(large))}`,
  ].join(', ');
}

const LABELS: Record<Operation, string> = {
  report: 'POST /incidents',
  list: 'GET /incidents',
  transition: 'POST /incidents/{id}/transitions',
};
