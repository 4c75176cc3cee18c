// 4. Weekly aggregation scaling: one finished week's metrics, as the Monday job computes them, while the
// table holds ever more items of other weeks. Items read (counted on the wire) should follow the
// week's own items, not the table.
import { DeleteCommand } from '@aws-sdk/lib-dynamodb';
import { keyOf } from '../../functions/adapters/table/items.js';
import type { Item } from '../../functions/adapters/table/table.js';
import { type WeekRange, weekRange } from '../../functions/domain/metrics/iso-week.js';
import { keepBacklogAtWeekEnd, weeklyMetrics } from '../../functions/use-cases/weekly-metrics.js';
import { required } from '../../test/support/required.js';
import { bulkLoad } from '../support/bulk-load.js';
import { itemsRead, recordCalls } from '../support/dynamodb-calls.js';
import { type BenchTable, withBenchTable } from '../support/local-dynamodb.js';
import { ms, ratio, type Section, target, verdict } from '../support/report.js';
import { median } from '../support/stats.js';
import { INCIDENT_LIFE_MS, METRIC_INPUT_TYPES, RecordFactory, seededRandom } from '../weekly/records.js';

const WEEK = '2026-W10';
const VILLAGES = ['v-bench-1', 'v-bench-2', 'v-bench-3', 'v-bench-4', 'v-bench-5'];
/** Per village in the week: incidents resolved within it, incidents still open, meetings. */
const WEEK_PER_VILLAGE = { resolved: 6, open: 4, meetings: 2 };
const WEEK_MS = 7 * 86_400_000;
/** Other weeks' reports fall in the year before the week or the weeks after it; all are resolved (no backlog). */
const WEEKS_BEFORE = 52;
const WEEKS_AFTER = 10;
/**
 * Other weeks' items in the table at each measurement (100k load in about a minute on DynamoDB
 * Local): first all before the week, the Monday job's case, then some after it too, the case of a
 * finished week computed late (a past week never stored, asked for through the API).
 */
const STEPS = [
  { before: 1_000, after: 0 },
  { before: 10_000, after: 0 },
  { before: 100_000, after: 0 },
  { before: 100_000, after: 10_000 },
];
const REPEATS = 5;
/** Unmeasured runs first, so the first size is not timed on cold code paths. */
const WARM_UP = 5;
const RATIO_TARGET = 1.1;
/** The schedule's Monday 09:00 IST: the week before is final and computed afresh. */
const JOB_DELAY_MS = 9 * 3_600_000;
/** The week-close job's Monday 00:05 IST. */
const WEEK_CLOSE_DELAY_MS = 5 * 60_000;

/** Endless incidents (with a meeting now and then) whose whole life falls within [from, to). */
function* otherWeeksItems(factory: RecordFactory, random: () => number, from: number, to: number): Generator<Item> {
  for (let serial = 0; ; serial++) {
    const villageId = required(VILLAGES[serial % VILLAGES.length], 'a village');
    const at = from + Math.floor(random() * (to - from - INCIDENT_LIFE_MS));
    yield* factory.incident(villageId, at, true);
    if (serial % 5 === 0) yield factory.meeting(villageId, at);
  }
}

/** At most `count` items of an endless iterator. */
function* take<T>(items: Iterator<T>, count: number): Generator<T> {
  for (let index = 0; index < count; index++) {
    const next = items.next();
    if (next.done) return;
    yield next.value;
  }
}

export function measureWeeklyMetrics(): Promise<Section> {
  return withBenchTable('bench-weekly-metrics', measure);
}

interface StepResult {
  before: number;
  after: number;
  loadSeconds: number;
  itemsRead: number;
  ms: number;
  ratio: number;
}

/**
 * The week's own records, reports spread over its first six days so each life ends within it.
 * Answers how many items the week's figures are made of: its incidents, history entries, SMS
 * records and meetings, plus the open incidents the backlog is counted from.
 */
async function loadWeek(table: BenchTable, factory: RecordFactory, random: () => number, range: WeekRange) {
  for (const villageId of VILLAGES) {
    const at = range.from.toISOString();
    await table.stores.directory.putVillage({
      id: villageId,
      name: villageId,
      block: 'Bench',
      district: 'Bench',
      createdAt: at,
      updatedAt: at,
    });
  }
  const items = VILLAGES.flatMap((villageId) => {
    const within = () => range.from.getTime() + Math.floor(random() * 6 * 86_400_000);
    return [
      ...Array.from({ length: WEEK_PER_VILLAGE.resolved }, () => factory.incident(villageId, within(), true)).flat(),
      ...Array.from({ length: WEEK_PER_VILLAGE.open }, () => factory.incident(villageId, within(), false)).flat(),
      ...Array.from({ length: WEEK_PER_VILLAGE.meetings }, () => factory.meeting(villageId, within())),
    ];
  });
  await bulkLoad(table.client, table.tableName, items.values());
  const openIncidents = VILLAGES.length * WEEK_PER_VILLAGE.open;
  return { records: items.filter((item) => METRIC_INPUT_TYPES.has(String(item.itemType))).length, openIncidents };
}

async function measure(table: BenchTable): Promise<Section> {
  const range = weekRange(WEEK);
  const random = seededRandom(2026);
  const factory = new RecordFactory(random);
  const week = await loadWeek(table, factory, random, range);
  // The week's records, its villages, and the backlog the week-close job kept (one item).
  const needed = week.records + VILLAGES.length + 1;

  const afterWeeks = range.to.getTime() + WEEKS_AFTER * WEEK_MS;
  let now = range.to.getTime() + WEEK_CLOSE_DELAY_MS;
  const deps = { ...table.stores, clock: () => new Date(now), pricePerSegmentInr: 0.25 };
  // As the schedule runs it when the week ends: the open incidents of each village, kept.
  await keepBacklogAtWeekEnd(deps, new Date(now));
  now = range.to.getTime() + JOB_DELAY_MS;
  const weekIncidents = VILLAGES.length * (WEEK_PER_VILLAGE.resolved + WEEK_PER_VILLAGE.open);
  const computeWeek = async () => {
    // A finished week is stored once computed: remove it so each run computes it again.
    await table.client.send(new DeleteCommand({ TableName: table.tableName, Key: keyOf.weeklyMetrics(WEEK) }));
    const started = performance.now();
    const { result, calls } = await recordCalls(() => weeklyMetrics(deps, WEEK));
    const elapsed = performance.now() - started;
    if (result.total.incidents.total !== weekIncidents) {
      throw new Error(`the week's metrics count ${result.total.incidents.total} incidents, not ${weekIncidents}: the bench data is wrong`);
    }
    return { ms: elapsed, itemsRead: itemsRead(calls) };
  };
  for (let run = 0; run < WARM_UP; run++) await computeWeek();

  const otherItems = {
    before: otherWeeksItems(factory, random, range.from.getTime() - WEEKS_BEFORE * WEEK_MS, range.from.getTime()),
    after: otherWeeksItems(factory, random, range.to.getTime(), afterWeeks),
  };
  const loaded = { before: 0, after: 0 };
  const results: StepResult[] = [];
  for (const step of STEPS) {
    const loadStarted = performance.now();
    loaded.before += await bulkLoad(table.client, table.tableName, take(otherItems.before, step.before - loaded.before));
    loaded.after += await bulkLoad(table.client, table.tableName, take(otherItems.after, step.after - loaded.after));
    const loadSeconds = (performance.now() - loadStarted) / 1000;
    // Computed once the later weeks have happened too.
    if (loaded.after > 0) now = afterWeeks + JOB_DELAY_MS;
    const runs = [];
    for (let run = 0; run < REPEATS; run++) runs.push(await computeWeek());
    const read = median(runs.map((run) => run.itemsRead));
    results.push({ ...loaded, loadSeconds, itemsRead: read, ms: median(runs.map((run) => run.ms)), ratio: read / needed });
  }

  const describeOthers = (result: StepResult) => `${result.before} before${result.after > 0 ? ` + ${result.after} after` : ''}`;
  const targets = results.map((result) =>
    target(`weekly metrics items read / needed, ${describeOthers(result)}`, result.ratio, RATIO_TARGET),
  );
  return {
    title: `4. Weekly metrics scaling (${WEEK}, finished, ${needed} items needed; median of ${REPEATS})`,
    columns: ["other weeks' items (before / after the week)", 'load s', 'items read', 'items read / needed', 'ms'],
    rows: results.map((result, index) => [
      describeOthers(result),
      result.loadSeconds.toFixed(1),
      String(result.itemsRead),
      `${ratio(result.ratio)} ${verdict(required(targets[index], `the target of step ${index}`).pass)}`,
      ms(result.ms),
    ]),
    notes: [
      `needed: the week's incidents, history entries, SMS records and meetings (${week.records}), its ${VILLAGES.length} villages, and the backlog the week-close job kept as the week ended (1 item; the ${week.openIncidents} open incidents are not read again);`,
      'items read: ScannedCount of every Query, plus the items GetItem and BatchGetItem returned, counted on the document client;',
      `other weeks: incidents with their full footprint (history, short code, routes, SMS records) and meetings, all resolved, over the ${WEEKS_BEFORE} weeks before the week or the ${WEEKS_AFTER} after it (then computed ${WEEKS_AFTER} weeks late);`,
      "ms: DynamoDB Local's time, for the record; the target is on items read.",
    ],
    targets,
    figures: { week: WEEK, needed, sizes: results },
  };
}
