// ISO weeks on a Kolkata wall clock: the boundaries are Monday 00:00 IST, which is Sunday 18:30 UTC.
import {
  compareWeeks,
  isIsoWeek,
  kolkataWeekOf,
  previousWeek,
  weekRange,
  weeksInIsoYear,
} from '../../functions/domain/metrics/iso-week.js';

const at = (iso: string) => new Date(iso);

describe('kolkataWeekOf', () => {
  test('Sunday 23:59:59.999 IST is still the old week; Monday 00:00 IST (18:30 UTC) is the new one', () => {
    expect(kolkataWeekOf(at('2026-11-29T18:29:59.999Z'))).toBe('2026-W48');
    expect(kolkataWeekOf(at('2026-11-29T18:30:00.000Z'))).toBe('2026-W49');
  });

  test('a Sunday evening in UTC is already Monday in Kolkata', () => {
    expect(kolkataWeekOf(at('2026-11-29T20:00:00.000Z'))).toBe('2026-W49');
  });

  test('2026 starts on a Thursday, so it has a week 53 that runs into January 2027', () => {
    expect(kolkataWeekOf(at('2026-12-28T00:00:00.000Z'))).toBe('2026-W53');
    expect(kolkataWeekOf(at('2027-01-01T06:00:00.000Z'))).toBe('2026-W53');
    expect(kolkataWeekOf(at('2027-01-03T18:29:59.999Z'))).toBe('2026-W53');
    expect(kolkataWeekOf(at('2027-01-03T18:30:00.000Z'))).toBe('2027-W01');
  });

  test('the last days of December can belong to week 1 of the next year', () => {
    expect(kolkataWeekOf(at('2024-12-30T00:00:00.000Z'))).toBe('2025-W01');
    // 2025-12-28 18:30 UTC is Monday 29 December in Kolkata.
    expect(kolkataWeekOf(at('2025-12-28T18:30:00.000Z'))).toBe('2026-W01');
  });

  test('an invalid date is refused', () => {
    expect(() => kolkataWeekOf(new Date(Number.NaN))).toThrow(RangeError);
  });
});

describe('weekRange', () => {
  test('Monday 00:00 IST to the next Monday 00:00 IST as UTC instants, and the Monday and Sunday dates', () => {
    const range = weekRange('2026-W48');
    expect(range.from.toISOString()).toBe('2026-11-22T18:30:00.000Z');
    expect(range.to.toISOString()).toBe('2026-11-29T18:30:00.000Z');
    expect(range.firstDay).toBe('2026-11-23');
    expect(range.lastDay).toBe('2026-11-29');
  });

  test('week 53 of 2026 spans the new year; 2027-W01 starts on Monday 4 January', () => {
    expect(weekRange('2026-W53')).toMatchObject({ firstDay: '2026-12-28', lastDay: '2027-01-03' });
    const firstOf2027 = weekRange('2027-W01');
    expect(firstOf2027.firstDay).toBe('2027-01-04');
    expect(firstOf2027.from.toISOString()).toBe('2027-01-03T18:30:00.000Z');
  });

  test('every week from 2019 to 2031 holds its own first and last instant, and follows the one before', () => {
    for (let year = 2019; year <= 2031; year += 1) {
      for (let week = 1; week <= weeksInIsoYear(year); week += 1) {
        const name = `${year}-W${String(week).padStart(2, '0')}`;
        const { from, to } = weekRange(name);
        expect(kolkataWeekOf(from)).toBe(name);
        expect(kolkataWeekOf(new Date(to.getTime() - 1))).toBe(name);
        expect(previousWeek(kolkataWeekOf(to))).toBe(name);
        expect(to.getTime() - from.getTime()).toBe(7 * 86_400_000);
      }
    }
  });
});

describe('which weeks exist', () => {
  test.each([
    [2015, 53], // starts on a Thursday
    [2020, 53], // leap year starting on a Wednesday
    [2026, 53], // starts on a Thursday
    [2027, 52],
    [2024, 52], // leap year starting on a Monday
    [2019, 52], // starts on a Tuesday
    [2032, 53], // leap year starting on a Thursday
  ])('%i has %i weeks', (year, weeks) => {
    expect(weeksInIsoYear(year)).toBe(weeks);
  });

  test.each(['2026-W53', '2020-W53', '2027-W52', '2026-W01'])('%s exists', (week) => {
    expect(isIsoWeek(week)).toBe(true);
  });

  test.each(['2027-W53', '2026-W54', '2026-W00', '2026-W5', '2026-w48', '2026W48', ' 2026-W48', ''])(
    '%j is not a week, and the week functions refuse it',
    (week) => {
      expect(isIsoWeek(week)).toBe(false);
      expect(() => weekRange(week)).toThrow(RangeError);
      expect(() => previousWeek(week)).toThrow(RangeError);
      expect(() => compareWeeks(week, '2026-W01')).toThrow(RangeError);
    },
  );
});

describe('previousWeek and compareWeeks', () => {
  test.each([
    ['2026-W49', '2026-W48'],
    ['2027-W01', '2026-W53'],
    ['2026-W01', '2025-W52'],
    ['2021-W01', '2020-W53'],
  ])('the week before %s is %s', (week, before) => {
    expect(previousWeek(week)).toBe(before);
  });

  test('orders weeks across year ends, as a sort comparator', () => {
    expect(compareWeeks('2026-W53', '2027-W01')).toBeLessThan(0);
    expect(compareWeeks('2027-W01', '2026-W53')).toBeGreaterThan(0);
    expect(compareWeeks('2026-W48', '2026-W48')).toBe(0);
    expect(['2027-W01', '2026-W10', '2026-W53', '2025-W52'].sort(compareWeeks)).toEqual(['2025-W52', '2026-W10', '2026-W53', '2027-W01']);
  });
});
