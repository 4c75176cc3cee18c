// An attacker holding everything funders are shown for some weeks (the views and the emails), who
// knows DOMAIN.md's rules and nothing of the code: each figure read as the rules word it, each
// figure's meaning (which incidents it counts) taken from the rules too, and an integer linear
// program (yalps) bounding what those figures allow. What the attacker wants:
// - proof that the programme had a sexual-abuse or trafficking incident in a week (a lower bound above 0);
// - anything about one village's incidents (any bound tighter than "0 to the programme's most").
// No figure funders see links two weeks (no running total), so each week is its own program.
import { type Constraint, type Model, solve } from 'yalps';
import type { FunderWeeklyView } from '../../functions/domain/metrics/funder-view.js';
import { CATEGORIES, type Category } from '../../functions/domain/vocabulary.js';
import { type FirstReleaseView, firstReleaseCategoryOf } from './first-release-funder-view.js';

/** More incidents than any village reports in a week: the bound of a figure that says only "at least". */
const AT_MOST = 1000;

/** What a published figure allows: the true count lies within [min, max]. */
type Range = readonly [min: number, max: number];

/**
 * DOMAIN.md: "any count from 0 to 4 shown as '0-4' ..., every other count rounded to the nearest 5".
 * So "0-4" is 0 to 4, and k is every count of 5 or more that rounds to k: 5 is 5 to 7, 10 is 8 to 12.
 */
export function readPublished(cell: unknown): Range {
  if (cell === '0-4') return [0, 4];
  if (typeof cell === 'number' && Number.isInteger(cell) && cell >= 5 && cell % 5 === 0) return [Math.max(5, cell - 2), cell + 2];
  throw new Error(`not a count as DOMAIN.md words them: ${JSON.stringify(cell)}`);
}

/** The first release's rules: "<5" is 1 to 4, "5+" is 5 or more withheld, a number is exact. */
export function readFirstRelease(cell: unknown): Range {
  if (cell === '<5') return [1, 4];
  if (cell === '5+') return [5, AT_MOST];
  if (typeof cell === 'number' && Number.isInteger(cell) && cell >= 0) return [cell, cell];
  throw new Error(`not a first-release count: ${JSON.stringify(cell)}`);
}

// ── the unknowns: a week's incidents per village and category, and the counts they bound ────────
const incidents = (village: string, category: Category) => `x|${village}|${category}`;
const DUE = 'due';
const IN_TIME = 'inTime';
type Sum = Readonly<Record<string, number>>;

/** A fact the figures establish: `sum` of the unknowns lies within `range`. */
interface Fact {
  sum: Sum;
  range: Range;
}

const sumOf = (villages: readonly string[], categories: readonly Category[]): Sum =>
  Object.fromEntries(villages.flatMap((village) => categories.map((category) => [incidents(village, category), 1])));

/** DOMAIN.md's three groups, from its words: child marriage; education (school dropout, corporal punishment); all other. */
const DOMAIN_GROUPS: Readonly<Record<string, readonly Category[]>> = {
  child_marriage: ['child_marriage'],
  education: ['school_dropout', 'corporal_punishment'],
  other_protection: CATEGORIES.filter((category) => !['child_marriage', 'school_dropout', 'corporal_punishment'].includes(category)),
};

/** The facts a published week gives: its view (the API's answer) and its email's plain text. */
export function factsOfPublished(view: FunderWeeklyView, emailText: string, villages: readonly string[]): Fact[] {
  const all = sumOf(villages, CATEGORIES);
  const { incidents: reported, acknowledgement } = view.programme;
  const facts: Fact[] = [
    { sum: all, range: readPublished(reported.reported) },
    ...Object.entries(reported.byGroup).map(([group, cell]) => ({
      sum: sumOf(villages, DOMAIN_GROUPS[group] ?? unknownFigure(group)),
      range: readPublished(cell),
    })),
    ...acknowledgementFacts(all, readPublished(acknowledgement.due), readPublished(acknowledgement.inTime), acknowledgement.inTimePercent),
  ];
  // The email says the same in words; read it as well, line by line, by its labels.
  const emailLabels: Readonly<Record<string, Sum>> = {
    'Incidents reported': all,
    'Child marriage': sumOf(villages, DOMAIN_GROUPS.child_marriage ?? []),
    'Education (school dropout, corporal punishment)': sumOf(villages, DOMAIN_GROUPS.education ?? []),
    'All other protection concerns': sumOf(villages, DOMAIN_GROUPS.other_protection ?? []),
    'Incidents due for acknowledgement': { [DUE]: 1 },
    'Acknowledged within their deadline': { [IN_TIME]: 1 },
  };
  for (const [, label = '', value = ''] of emailText.matchAll(/([A-Z][^:\n]*?): (0-4|\d+)\b/g)) {
    const sum = emailLabels[label];
    if (sum) facts.push({ sum, range: readPublished(value === '0-4' ? value : Number(value)) });
  }
  return facts;
}

/** The first release's view: categories merged two by two, and every village's incidents. */
export function factsOfFirstRelease(view: FirstReleaseView, villages: readonly string[]): Fact[] {
  const all = sumOf(villages, CATEGORIES);
  const { incidents: reported, acknowledgement } = view.programme;
  const inCategory = (key: string) => CATEGORIES.filter((category) => firstReleaseCategoryOf(category) === key);
  const notInTime = readFirstRelease(acknowledgement.notInTime);
  const inTime = readFirstRelease(acknowledgement.inTime);
  return [
    { sum: all, range: readFirstRelease(reported.reported) },
    ...Object.entries(reported.byCategory).map(([key, cell]) => ({ sum: sumOf(villages, inCategory(key)), range: readFirstRelease(cell) })),
    ...Object.entries(view.villages).map(([village, row]) => ({
      sum: sumOf([village], CATEGORIES),
      range: readFirstRelease(row.incidentsReported),
    })),
    ...acknowledgementFacts(all, [inTime[0] + notInTime[0], inTime[1] + notInTime[1]], inTime, null),
    { sum: { [DUE]: 1, [IN_TIME]: -1 }, range: notInTime },
  ];
}

/** Incidents due were reported in the week, and those in time were due; a share is of the exact counts. */
function acknowledgementFacts(all: Sum, due: Range, inTime: Range, percent: number | null): Fact[] {
  const facts: Fact[] = [
    { sum: { [DUE]: 1 }, range: due },
    { sum: { [IN_TIME]: 1 }, range: inTime },
    { sum: { ...negated(all), [DUE]: 1 }, range: [-AT_MOST * CATEGORIES.length, 0] },
    { sum: { [DUE]: -1, [IN_TIME]: 1 }, range: [-AT_MOST, 0] },
  ];
  // round(100 · inTime / due) = percent: (percent − ½) · due ≤ 100 · inTime ≤ (percent + ½) · due.
  if (percent !== null) {
    facts.push({ sum: { [IN_TIME]: 100, [DUE]: -(percent - 0.5) }, range: [0, AT_MOST * 100] });
    facts.push({ sum: { [IN_TIME]: 100, [DUE]: -(percent + 0.5) }, range: [-AT_MOST * 100, 0] });
  }
  return facts;
}

const negated = (sum: Sum): Sum => Object.fromEntries(Object.entries(sum).map(([name, coefficient]) => [name, -coefficient]));

function unknownFigure(name: string): never {
  throw new Error(`the attacker does not know what "${name}" counts: DOMAIN.md names no such group`);
}

// ── what the facts allow ────────────────────────────────────────────────────
const OBJECTIVE = 'objective';

function optimum(facts: readonly Fact[], objective: Sum, direction: 'minimize' | 'maximize'): number {
  const constraints = new Map<string, Constraint>(facts.map((fact, index) => [`f${index}`, { min: fact.range[0], max: fact.range[1] }]));
  const variables = new Map<string, Map<string, number>>();
  const coefficientsOf = (name: string) => variables.get(name) ?? variables.set(name, new Map()).get(name) ?? new Map<string, number>();
  facts.forEach((fact, index) => {
    for (const [name, coefficient] of Object.entries(fact.sum)) coefficientsOf(name).set(`f${index}`, coefficient);
  });
  for (const [name, coefficient] of Object.entries(objective)) coefficientsOf(name).set(OBJECTIVE, coefficient);
  const model: Model = { direction, objective: OBJECTIVE, constraints, variables, integers: true };
  const solution = solve(model);
  // Infeasible would mean the published figures contradict the rules: the view lied, or the reading is wrong.
  if (solution.status !== 'optimal') throw new Error(`the figures allow no programme at all (${solution.status})`);
  return Math.round(solution.result);
}

export interface Disclosure {
  /** Weeks in which sexual abuse plus trafficking is proven above zero, with the proven minimum. */
  seriousAbuseProven: { week: string; atLeast: number }[];
  /** Villages whose incidents in a week are bounded tighter than 0 to the programme's most. */
  villagesBounded: { week: string; village: string; range: Range; programmeMost: number }[];
}

export interface PublishedWeek {
  week: string;
  facts: Fact[];
}

/** Everything the attacker can prove from the weeks' facts. */
export function attack(weeks: readonly PublishedWeek[], villages: readonly string[]): Disclosure {
  const disclosure: Disclosure = { seriousAbuseProven: [], villagesBounded: [] };
  for (const { week, facts } of weeks) {
    const seriousAbuse = sumOf(villages, ['sexual_abuse', 'trafficking']);
    const atLeast = optimum(facts, seriousAbuse, 'minimize');
    if (atLeast > 0) disclosure.seriousAbuseProven.push({ week, atLeast });
    const programmeMost = optimum(facts, sumOf(villages, CATEGORIES), 'maximize');
    for (const village of villages) {
      const own = sumOf([village], CATEGORIES);
      const range: Range = [optimum(facts, own, 'minimize'), optimum(facts, own, 'maximize')];
      if (range[0] > 0 || range[1] < programmeMost) disclosure.villagesBounded.push({ week, village, range, programmeMost });
    }
  }
  return disclosure;
}
