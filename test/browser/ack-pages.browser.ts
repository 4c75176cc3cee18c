// The acknowledgement pages in a real Chromium at phone size, as the dev server serves them: the page
// before confirming, the status page the POST's 303 lands on, the status of a case that moved on,
// the 404 and 410 pages, and the privacy notice every one of them links to; in Bengali and English, at 320x568 and 360x640, at 100% and 200% text.
// None may be wider than the phone or break a word to fit, the button and the call links are on screen once scrolled to,
// and Bengali is shaped. Every case leaves a screenshot in test-results/browser/.
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import type { Contact } from '../../functions/domain/schemas.js';
import { startTestApi, type TestApi } from '../support/api.js';
import { createTestTable, type TestTable } from '../support/dynamodb.js';
import { type Programme, seedProgramme, VILLAGE } from '../support/programme.js';
import { required } from '../support/required.js';
import {
  type BrowserSession,
  brokenWords,
  horizontalOverflow,
  onScreen,
  openBrowser,
  PHONES,
  screenshot,
  shaping,
  textScale,
  type Viewport,
  viewportName,
} from './support/browser.js';

const COORDINATOR_PHONE = '+919800000016';
const TEXT_SCALES = [1, 2] as const;
/** Whose link each language's pages are read through: the seeded panchayat reads Bengali, the police English. */
const READERS = [
  { language: 'bn', who: 'panchayat' },
  { language: 'en', who: 'police' },
] as const satisfies readonly { language: Contact['language']; who: keyof Programme }[];

let table: TestTable;
let api: TestApi;
let programme: Programme;
let browser: BrowserSession;
let serial = 0;

/** A case that moved on: both readers confirmed through their links, then the police resolved it. */
let resolvedLinks: Record<'panchayat' | 'police', string>;
/** A link of a contact the coordinator has since deactivated. */
let endedLink: string;

beforeAll(async () => {
  table = await createTestTable();
  programme = await seedProgramme(table.stores());
  [api, browser] = await Promise.all([startTestApi(table, { COORDINATOR_PHONE }), openBrowser()]);

  const resolved = await reportWithLinks(programme.panchayat, programme.police);
  const [panchayatLink = '', policeLink = ''] = resolved.links;
  for (const link of [panchayatLink, policeLink]) expect((await api.request('POST', link)).status).toBe(303);
  const police = await api.tokenFor({ role: 'duty_bearer', villages: [VILLAGE], contactId: programme.police.id });
  await move(police, resolved.id, { to: 'in_action' });
  await move(police, resolved.id, { to: 'resolved', outcome: 'marriage_stopped' });
  resolvedLinks = { panchayat: panchayatLink, police: policeLink };

  const ended = await reportWithLinks(programme.vlcpc);
  endedLink = ended.links[0] ?? '';
  const coordinator = await api.tokenFor({ role: 'coordinator' });
  const deactivated = await api.request('PATCH', `/contacts/${programme.vlcpc.id}`, { token: coordinator, body: { active: false } });
  expect(deactivated.status).toBe(200);
});
afterAll(async () => {
  await browser?.close();
  await api?.stop();
  await table?.drop();
});

async function reportWithLinks(...contacts: Contact[]): Promise<{ id: string; links: string[] }> {
  const created = await api.request('POST', '/incidents', {
    token: await api.tokenFor({ role: 'coordinator' }),
    body: {
      villageId: VILLAGE,
      category: 'child_marriage',
      expectedBy: new Date(Date.now() + 48 * 3600_000).toISOString(),
      child: { ageBand: '15-17', gender: 'girl' },
      description: 'Wedding fixed',
    },
  });
  expect(created.status).toBe(201);
  const id = created.body.id as string;
  const links: string[] = [];
  for (const contact of contacts) {
    const token = `browser-link-token-${String(++serial).padStart(8, '0')}`;
    await table.stores().ackLinks.put({
      token,
      incidentId: id,
      contactId: contact.id,
      createdAt: new Date().toISOString(),
      expiresAt: new Date(Date.now() + 86_400_000).toISOString(),
    });
    links.push(`/a/${token}`);
  }
  return { id, links };
}

async function move(token: string, id: string, body: Record<string, unknown>): Promise<void> {
  const read = await api.request('GET', `/incidents/${id}`, { token });
  const moved = await api.request('POST', `/incidents/${id}/transitions`, {
    token,
    body,
    headers: { 'if-match': required(read.headers.etag, 'an ETag on the incident') },
  });
  expect([body.to, moved.status]).toEqual([body.to, 200]);
}

/** Opens a page at a phone size and 100% text, and answers its HTTP status. */
async function open(path: string, viewport: Viewport): Promise<number> {
  await browser.setViewport(viewport);
  await browser.setTextScale(1);
  const response = await browser.page.goto(`${api.baseUrl}${path}`);
  return required(response, 'a response').status();
}

/**
 * At 100% and then 200% text: the text really is that size, nothing is wider than the phone, and
 * each of `reachable` (the button, the call links) is fully on screen once scrolled to, with no
 * sideways scroll, and takes a tap. A screenshot of each; the page is left at 100%.
 */
async function checkLayout(name: string, reachable: string[]): Promise<void> {
  const { page } = browser;
  for (const scale of TEXT_SCALES) {
    await browser.setTextScale(scale);
    expect(await textScale(page)).toBe(scale);
    await page.evaluate(() => window.scrollTo(0, 0));
    const overflow = await horizontalOverflow(page);
    expect({ scale, offenders: overflow.offenders }).toEqual({ scale, offenders: [] });
    expect(overflow.scrollWidth).toBeLessThanOrEqual(overflow.innerWidth);
    // Fitting by breaking a word in two is not fitting.
    expect({ scale, brokenWords: await brokenWords(page) }).toEqual({ scale, brokenWords: [] });
    for (const selector of reachable) {
      const count = await page.locator(selector).count();
      expect([selector, count > 0]).toEqual([selector, true]);
      for (let index = 0; index < count; index++) {
        const place = await onScreen(page, `${selector} >> nth=${index}`);
        // The box is there to be read in a failure.
        const { box, fullyVisible, scrollX, hitAtCentre } = place;
        expect({ scale, selector, index, box, fullyVisible, scrollX, hitAtCentre }).toEqual({
          scale,
          selector,
          index,
          box,
          fullyVisible: true,
          scrollX: 0,
          hitAtCentre: true,
        });
        expect(place.box.x + place.box.width).toBeLessThanOrEqual(place.viewport.width);
      }
    }
    await screenshot(page, `${name}-text${scale * 100}`);
  }
  await browser.setTextScale(1);
}

const BUTTON = 'button[type="submit"]';
const CALL_LINKS = 'a[href^="tel:"]';

describe.each(PHONES.map((viewport) => [viewportName(viewport), viewport] as const))('at %s', (size, viewport) => {
  describe.each(READERS)('in $language', ({ language, who }) => {
    test('before confirming: the question, the note box and the button fit, at 200% text too', async () => {
      const { links } = await reportWithLinks(programme[who]);
      expect(await open(links[0] ?? '', viewport)).toBe(200);
      expect(await browser.page.getAttribute('html', 'lang')).toBe(language);
      await expect(browser.page.locator('textarea#note').count()).resolves.toBe(1);
      // At 100% text the whole page, call links included, is one screen (the README says so).
      const height = await browser.page.evaluate(() => [document.documentElement.scrollHeight, window.innerHeight]);
      expect(height[0]).toBeLessThanOrEqual(height[1] ?? 0);
      await checkLayout(`ack-before-${language}-${size}`, [BUTTON, '#note', CALL_LINKS]);
    });

    test('after confirming: the tap at 200% text posts once and lands on the status page, which fits', async () => {
      const { page } = browser;
      const { id, links } = await reportWithLinks(programme[who]);
      const link = links[0] ?? '';
      await open(link, viewport);
      await browser.setTextScale(2);
      const note = language === 'bn' ? 'এখনই যাচ্ছি' : 'Going now';
      await page.fill('#note', note);
      const [posted] = await Promise.all([
        page.waitForResponse((response) => response.request().method() === 'POST'),
        page.locator(BUTTON).click(),
      ]);
      expect(posted.status()).toBe(303);
      await page.waitForURL(`${api.baseUrl}${link}/status`);
      await expect(page.locator('form').count()).resolves.toBe(0);
      await expect(page.locator('body').textContent()).resolves.toContain(language === 'bn' ? 'নিশ্চিত করেছেন' : 'You confirmed this alert');
      const history = await table.stores().incidents.history(id);
      expect(history.filter((entry) => entry.to === 'acknowledged')).toEqual([expect.objectContaining({ note })]);
      await checkLayout(`ack-after-${language}-${size}`, [CALL_LINKS]);
    });

    test('the status of a case that moved on: confirmed, acknowledged by the other, resolved', async () => {
      expect(await open(`${resolvedLinks[who]}/status`, viewport)).toBe(200);
      const text = await browser.page.locator('body').textContent();
      expect(text).toContain(language === 'bn' ? 'নিষ্পত্তি: বিয়ে আটকানো হয়েছে' : 'Resolved: marriage stopped');
      expect(text).toContain(language === 'bn' ? 'সাড়া দিয়েছে: পুলিশ' : 'Acknowledged by Panchayat');
      await checkLayout(`ack-status-${language}-${size}`, [CALL_LINKS]);
    });
  });

  // These two do not know the reader: one page in both languages, Bengali first.
  test('an unknown link: the 404 page fits', async () => {
    expect(await open('/a/unknown-token-00000000000', viewport)).toBe(404);
    await checkLayout(`ack-404-bn+en-${size}`, [CALL_LINKS]);
  });

  test('a deactivated contact’s link: the 410 page fits', async () => {
    expect(await open(endedLink, viewport)).toBe(410);
    await checkLayout(`ack-410-bn+en-${size}`, [CALL_LINKS]);
  });

  test('the privacy notice, reached by its link on a page: it fits, its call links too', async () => {
    await open('/a/unknown-token-00000000000', viewport);
    const { page } = browser;
    await Promise.all([page.waitForURL(`${api.baseUrl}/privacy`), page.locator('a[href="/privacy"]').click()]);
    await expect(page.locator('body').textContent()).resolves.toContain(COORDINATOR_PHONE);
    await checkLayout(`privacy-bn+en-${size}`, [CALL_LINKS]);
  });
});

test('Bengali is shaped in the page’s font: ক্ষ is one conjunct, narrower than its parts', async () => {
  const { links } = await reportWithLinks(programme.panchayat);
  await open(links[0] ?? '', PHONES[1] ?? { width: 360, height: 640 });
  const drawn = await shaping(browser.page, 'body p', 'ক্ষ');
  expect(drawn.fonts).toEqual(expect.arrayContaining([expect.stringMatching(/bengali|bangla/i)]));
  // Unshaped, the conjunct would be exactly its parts side by side (or boxes of one width each).
  expect(drawn.conjunct).toBeGreaterThan(0);
  expect(drawn.conjunct).toBeLessThan(drawn.parts * 0.9);
  expect(drawn.conjunct).toBeLessThan(drawn.explicitVirama);
});
