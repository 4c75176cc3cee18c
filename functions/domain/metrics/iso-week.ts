// ISO 8601 weeks counted in Asia/Kolkata time (API.md): a week runs from Monday 00:00 IST to the
// next Monday 00:00 IST. India keeps one offset, UTC+05:30, with no daylight saving, so a fixed
// offset is exact and no time zone database is needed.
//
// A string that is not an existing week (a malformed one, or W53 of a 52-week year) makes these
// functions throw a RangeError: it is a caller's bug past the edge. Edges check with isIsoWeek.

const KOLKATA_OFFSET_MS = (5 * 60 + 30) * 60_000;
const MS_PER_DAY = 86_400_000;
const DAYS_PER_WEEK = 7;
const WEEK_PATTERN = /^(\d{4})-W(\d{2})$/;

export interface WeekRange {
  /** Monday 00:00 IST, as a UTC instant. */
  from: Date;
  /** The next Monday 00:00 IST, exclusive. */
  to: Date;
  /** The Monday and the Sunday, `YYYY-MM-DD`, for records dated rather than timed (a meeting's heldOn). */
  firstDay: string;
  lastDay: string;
}

interface IsoWeek {
  year: number;
  week: number;
}

/** Days since 1970-01-01 of a calendar date; setUTCFullYear keeps years 0-99 literal, unlike Date.UTC. */
function epochDayOf(year: number, monthIndex: number, day: number): number {
  const date = new Date(0);
  date.setUTCFullYear(year, monthIndex, day);
  return date.getTime() / MS_PER_DAY;
}

/** 1 for Monday to 7 for Sunday; epoch day 0 was a Thursday. */
function isoWeekday(epochDay: number): number {
  return ((((epochDay + 3) % DAYS_PER_WEEK) + DAYS_PER_WEEK) % DAYS_PER_WEEK) + 1;
}

function yearOf(epochDay: number): number {
  return new Date(epochDay * MS_PER_DAY).getUTCFullYear();
}

function isoDateOf(epochDay: number): string {
  return new Date(epochDay * MS_PER_DAY).toISOString().slice(0, 10);
}

/** Week 1 is the week holding the year's first Thursday, so it always holds 4 January. */
function mondayOfFirstWeek(year: number): number {
  const fourthOfJanuary = epochDayOf(year, 0, 4);
  return fourthOfJanuary - (isoWeekday(fourthOfJanuary) - 1);
}

/** A week belongs to the year its Thursday falls in. */
function weekOfEpochDay(epochDay: number): IsoWeek {
  const thursday = epochDay + 4 - isoWeekday(epochDay);
  const year = yearOf(thursday);
  return { year, week: Math.floor((thursday - mondayOfFirstWeek(year)) / DAYS_PER_WEEK) + 1 };
}

function formatWeek({ year, week }: IsoWeek): string {
  return `${String(year).padStart(4, '0')}-W${String(week).padStart(2, '0')}`;
}

/** 53 when the year starts on a Thursday, or is a leap year starting on a Wednesday; otherwise 52. */
export function weeksInIsoYear(year: number): 52 | 53 {
  const firstWeekday = isoWeekday(epochDayOf(year, 0, 1));
  const isLeapYear = epochDayOf(year, 2, 1) - epochDayOf(year, 1, 1) === 29;
  return firstWeekday === 4 || (firstWeekday === 3 && isLeapYear) ? 53 : 52;
}

function parseWeek(value: string): IsoWeek | undefined {
  const match = WEEK_PATTERN.exec(value);
  if (!match) return undefined;
  const year = Number(match[1]);
  const week = Number(match[2]);
  return week >= 1 && week <= weeksInIsoYear(year) ? { year, week } : undefined;
}

function parseWeekOrThrow(value: string): IsoWeek {
  const parsed = parseWeek(value);
  // The value is not echoed: messages in this codebase never carry submitted input.
  if (!parsed) throw new RangeError('not an existing ISO week (YYYY-Www)');
  return parsed;
}

function mondayOf(value: string): number {
  const { year, week } = parseWeekOrThrow(value);
  return mondayOfFirstWeek(year) + (week - 1) * DAYS_PER_WEEK;
}

/** Whether `value` is `YYYY-Www` and that year has that week (2026-W53 does, 2027-W53 does not). */
export function isIsoWeek(value: string): boolean {
  return parseWeek(value) !== undefined;
}

/** The calendar date (`YYYY-MM-DD`) of this instant on a Kolkata wall clock. */
export function kolkataDateOf(instant: Date): string {
  return isoDateOf(Math.floor((instant.getTime() + KOLKATA_OFFSET_MS) / MS_PER_DAY));
}

/** The ISO week holding this instant on a Kolkata wall clock. */
export function kolkataWeekOf(instant: Date): string {
  const kolkataMs = instant.getTime() + KOLKATA_OFFSET_MS;
  if (!Number.isFinite(kolkataMs)) throw new RangeError('not a valid instant');
  return formatWeek(weekOfEpochDay(Math.floor(kolkataMs / MS_PER_DAY)));
}

export function weekRange(week: string): WeekRange {
  const monday = mondayOf(week);
  const from = new Date(monday * MS_PER_DAY - KOLKATA_OFFSET_MS);
  return {
    from,
    to: new Date(from.getTime() + DAYS_PER_WEEK * MS_PER_DAY),
    firstDay: isoDateOf(monday),
    lastDay: isoDateOf(monday + DAYS_PER_WEEK - 1),
  };
}

export function previousWeek(week: string): string {
  return formatWeek(weekOfEpochDay(mondayOf(week) - DAYS_PER_WEEK));
}

/** Negative, zero or positive as `a` is before, the same as or after `b`: a sort comparator. */
export function compareWeeks(a: string, b: string): number {
  const first = parseWeekOrThrow(a);
  const second = parseWeekOrThrow(b);
  return first.year - second.year || first.week - second.week;
}
