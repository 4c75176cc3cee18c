// The funders' weekly email in a real Chromium, at a phone's 360 px (one column: the village table
// stacks) and a desktop mail client's 800 px (the 600 px sheet): nothing wider than the screen, no
// word broken to fit, no bar drawn for a "0-4", at 100% and 200% text. The week is made the way the
// job makes it: records aggregated, the funders' view, the email rendered from the view.
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { aggregateWeek } from '../../functions/domain/metrics/aggregate.js';
import { funderView } from '../../functions/domain/metrics/funder-view.js';
import { type RenderedEmail, renderFunderEmail } from '../../functions/domain/metrics/summary-email.js';
import type { Incident } from '../../functions/domain/schemas.js';
import { DEMO_VILLAGES } from '../../local/demo-programme.js';
import { aMeeting, anIncident } from '../support/fixtures.js';
import {
  type BrowserSession,
  brokenWords,
  horizontalOverflow,
  openBrowser,
  screenshot,
  textScale,
  viewportName,
} from './support/browser.js';

const PHONE = { width: 360, height: 640 };
const DESKTOP = { width: 800, height: 900 };
const villageNames = Object.fromEntries(DEMO_VILLAGES.map(({ id, name }) => [id, name]));

function emailOf(week: 'busy' | 'empty'): RenderedEmail {
  const [first, second] = DEMO_VILLAGES.map(({ id }) => id);
  const incidents = (count: number, overrides: Partial<Incident>) => Array.from({ length: count }, () => anIncident(overrides));
  const metrics = aggregateWeek({
    week: '2026-W49',
    computedAt: new Date('2026-12-07T03:30:00.000Z'),
    final: true,
    pricePerSegmentInr: 0.25,
    villages: DEMO_VILLAGES.map(({ id }) => ({
      villageId: id,
      reported:
        week === 'empty'
          ? []
          : id === first
            ? [...incidents(11, { villageId: id }), ...incidents(2, { villageId: id, category: 'school_dropout' })]
            : incidents(id === second ? 6 : 1, { villageId: id, category: 'child_labour' }),
      history: [],
      meetings:
        week === 'empty'
          ? []
          : Array.from({ length: id === first ? 4 : 2 }, () =>
              aMeeting({ villageId: id, attendance: { girls: 23, boys: 19, women: 12, men: 4, dutyBearers: 2 } }),
            ),
      notifications: [],
      openAtWeekEnd: 0,
    })),
  });
  return renderFunderEmail({
    view: funderView(metrics),
    programmeName: 'Community Resilience for Prevention',
    villageNames,
    audience: 'funders',
  });
}

let browser: BrowserSession;
beforeAll(async () => {
  browser = await openBrowser();
});
afterAll(async () => {
  await browser?.close();
});

async function show(email: RenderedEmail, viewport: { width: number; height: number }, scale: number): Promise<void> {
  await browser.setViewport(viewport);
  await browser.setTextScale(scale);
  await browser.page.setContent(email.html);
  expect(await textScale(browser.page)).toBe(scale);
}

async function fits(name: string): Promise<void> {
  const overflow = await horizontalOverflow(browser.page);
  expect({ name, offenders: overflow.offenders }).toEqual({ name, offenders: [] });
  expect(overflow.scrollWidth).toBeLessThanOrEqual(overflow.innerWidth);
  expect({ name, brokenWords: await brokenWords(browser.page) }).toEqual({ name, brokenWords: [] });
  await screenshot(browser.page, name);
}

/** Where each village's cells sit: the name's box and its numbers' boxes. */
function villageRows(): Promise<{ name: DOMRect; numbers: DOMRect[] }[]> {
  return browser.page.$$eval('table.stack tr:not(.head)', (rows) =>
    rows.map((row) => ({
      name: (row.querySelector('.name') as HTMLElement).getBoundingClientRect().toJSON() as DOMRect,
      numbers: [...row.querySelectorAll('.num')].map((cell) => cell.getBoundingClientRect().toJSON() as DOMRect),
    })),
  );
}

describe('the weekly summary', () => {
  const email = emailOf('busy');

  test.each([1, 2])('at 360 px and %dx text: one column, the village table stacked, nothing cut off', async (scale) => {
    await show(email, PHONE, scale);
    await fits(`email-week-${viewportName(PHONE)}-text${scale * 100}`);
    for (const { name, numbers } of await villageRows()) {
      // The numbers sit under the village's name, each with its column's label, not beside it.
      for (const number of numbers) expect(number.top).toBeGreaterThanOrEqual(name.bottom - 1);
    }
    expect(await browser.page.locator('table.stack .label').first().isVisible()).toBe(true);
    expect(await browser.page.locator('table.stack tr.head').isVisible()).toBe(false);
  });

  test('at 800 px: the 600 px sheet, the village table in rows with its header', async () => {
    await show(email, DESKTOP, 1);
    await fits(`email-week-${viewportName(DESKTOP)}-text100`);
    const sheet = await browser.page.locator('table.sheet').boundingBox();
    expect(sheet?.width).toBe(600);
    for (const { name, numbers } of await villageRows()) {
      for (const number of numbers) expect(Math.abs(number.top - name.top)).toBeLessThan(2);
    }
    expect(await browser.page.locator('table.stack tr.head').isVisible()).toBe(true);
  });

  test('a "0-4" gets no bar; a rounded count gets one in proportion', async () => {
    await show(email, PHONE, 1);
    const bars = await browser.page.$$eval('h2', (headings) => {
      const chart = headings.find((heading) => heading.textContent?.startsWith('Incidents reported, by group'));
      // The chart's own rows (label, bar, value), not the rows of the bars drawn inside them.
      const rows = [...(chart?.parentElement?.querySelectorAll('table > tbody > tr') ?? [])].filter(
        (row) => row.querySelectorAll(':scope > td').length === 3,
      );
      return rows.map((row) => {
        const cells = row.querySelectorAll(':scope > td');
        const bar = cells[1]?.querySelector('td[height="14"]');
        return { value: cells[2]?.textContent ?? '', barWidth: bar ? Math.round(bar.getBoundingClientRect().width) : 0 };
      });
    });
    // Child marriage 11 → 10, education 2 → "0-4", all other 10 → 10.
    expect(bars.map(({ value }) => value)).toEqual(['10', '0-4', '10']);
    expect(bars[1]?.barWidth).toBe(0);
    expect(bars[0]?.barWidth).toBeGreaterThan(0);
    expect(bars[0]?.barWidth).toBe(bars[2]?.barWidth);
  });
});

test.each([PHONE, DESKTOP])('the "no activity recorded" note fits at %o', async (viewport) => {
  const email = emailOf('empty');
  expect(email.subject).toContain('no activity recorded');
  await show(email, viewport, 1);
  await fits(`email-no-activity-${viewportName(viewport)}-text100`);
  expect(await browser.page.locator('body').textContent()).toContain('Incidents reported: 0-4');
});
