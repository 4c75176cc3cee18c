// What every browser test file shares: one Chromium per file (Debian's, through playwright-core, no
// browser download), one page that moves between phone sizes and text sizes, the layout checks and
// the screenshots. A page from the dev server is opened with `page.goto(url)`, an email with
// `page.setContent(html)`; the checks are the same.
import { join } from 'node:path';
import { type Browser, type CDPSession, chromium, type Page } from 'playwright-core';
import { chromiumMissing, chromiumPath } from './chromium.js';
import { SCREENSHOT_DIR } from './screenshots.js';

export interface Viewport {
  width: number;
  height: number;
}

/** The small phones the pages must fit: an iPhone SE (1st) and the common Android size. */
export const PHONES: readonly Viewport[] = [
  { width: 320, height: 568 },
  { width: 360, height: 640 },
];

export const viewportName = ({ width, height }: Viewport) => `${width}x${height}`;

/** Chromium's default font sizes, in px: what "100% text" is. */
const DEFAULT_FONT_SIZE = { standard: 16, fixed: 13 };

export interface BrowserSession {
  browser: Browser;
  /** One page for the whole file: each case sets its size and text size, then navigates or sets content. */
  page: Page;
  /** Resizes the page's viewport (the context is reused; nothing is relaunched). */
  setViewport(viewport: Viewport): Promise<void>;
  /**
   * The reader's text size, 1 for 100% and 2 for 200%. It sets Chromium's default font size (CDP
   * `Page.setFontSizes`, the setting behind Chrome's "Font size" and what a phone's larger text does
   * to a page that sizes its text in rem/em), not page zoom: zoom would also shrink the layout
   * viewport (200% zoom on a 320 px phone lays the page out at 160 CSS px), which tests something
   * else. Only text and what is sized from it grows; the viewport stays 320 or 360 CSS px. It needs
   * no change to the page, lasts across navigations (the POST's 303 included), and `textScale()`
   * proves it took.
   */
  setTextScale(scale: number): Promise<void>;
  close(): Promise<void>;
}

export async function openBrowser(): Promise<BrowserSession> {
  const executablePath = chromiumPath();
  if (!executablePath) throw new Error(chromiumMissing());
  const browser = await chromium.launch({ executablePath });
  // Not `isMobile`: then the layout viewport is the window's width whether or not the page has a
  // viewport meta tag (an email has none), so 320 means 320 CSS px to lay out in.
  const context = await browser.newContext({ viewport: PHONES[0], deviceScaleFactor: 1, locale: 'en-IN' });
  const page = await context.newPage();
  const cdp: CDPSession = await context.newCDPSession(page);
  return {
    browser,
    page,
    setViewport: (viewport) => page.setViewportSize(viewport),
    async setTextScale(scale) {
      await cdp.send('Page.setFontSizes', {
        fontSizes: { standard: DEFAULT_FONT_SIZE.standard * scale, fixed: DEFAULT_FONT_SIZE.fixed * scale },
      });
    },
    close: () => browser.close(),
  };
}

/** The root font size against Chromium's default: 2 when the page shows text at 200%. */
export function textScale(page: Page): Promise<number> {
  return page.evaluate(
    (standard) => Number.parseFloat(getComputedStyle(document.documentElement).fontSize) / standard,
    DEFAULT_FONT_SIZE.standard,
  );
}

export interface HorizontalOverflow {
  scrollWidth: number;
  innerWidth: number;
  /** Elements whose box reaches past the viewport's right edge (or starts left of it), to name in a failure. */
  offenders: string[];
}

/** Whether the page is wider than the phone: `scrollWidth <= innerWidth` holds when nothing sticks out. */
export function horizontalOverflow(page: Page): Promise<HorizontalOverflow> {
  return page.evaluate(() => {
    const innerWidth = window.innerWidth;
    const describe = (element: Element) => {
      const text = (element.textContent ?? '').trim().slice(0, 40);
      return `<${element.tagName.toLowerCase()}> ${Math.round(element.getBoundingClientRect().right)}px "${text}"`;
    };
    const offenders = [...document.body.querySelectorAll('*')]
      .filter((element) => {
        const box = element.getBoundingClientRect();
        return box.width > 0 && (box.right > innerWidth + 0.5 || box.left < -0.5);
      })
      .map(describe);
    return { scrollWidth: document.documentElement.scrollWidth, innerWidth, offenders };
  });
}

/**
 * Words the page draws split across two lines ("Suraks" / "ha"): the page is not wider than the
 * phone, but only because `overflow-wrap` broke a word that did not fit. Each word of each text
 * node is measured on its own: more than one line box means it was broken.
 */
export function brokenWords(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const broken: string[] = [];
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    const range = document.createRange();
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const text = node.textContent ?? '';
      for (const match of text.matchAll(/\S{2,}/g)) {
        range.setStart(node, match.index);
        range.setEnd(node, match.index + match[0].length);
        const lines = new Set([...range.getClientRects()].filter((rect) => rect.width > 0).map((rect) => Math.round(rect.top)));
        if (lines.size > 1) broken.push(match[0]);
      }
    }
    return broken;
  });
}

export interface OnScreen {
  /** The element's box after scrolling it into view vertically, in viewport pixels. */
  box: { x: number; y: number; width: number; height: number };
  viewport: Viewport;
  /** Within the viewport's width and, once scrolled to, its height. */
  fullyVisible: boolean;
  /** The page did not scroll sideways to show it. */
  scrollX: number;
  /** A tap at its centre lands on it (nothing covers it). */
  hitAtCentre: boolean;
}

/**
 * Where an element is once the reader scrolls down to it (scrolling up and down is fine, sideways is
 * not): its box against the viewport, and whether a tap at its centre reaches it.
 */
export async function onScreen(page: Page, selector: string): Promise<OnScreen> {
  const element = page.locator(selector);
  await element.scrollIntoViewIfNeeded();
  return element.evaluate((node) => {
    const rect = node.getBoundingClientRect();
    const viewport = { width: window.innerWidth, height: window.innerHeight };
    const box = { x: rect.x, y: rect.y, width: rect.width, height: rect.height };
    // Within a pixel: scroll positions are whole pixels, boxes are not.
    const fullyVisible = rect.left >= -1 && rect.top >= -1 && rect.right <= viewport.width + 1 && rect.bottom <= viewport.height + 1;
    const hit = document.elementFromPoint(rect.left + rect.width / 2, rect.top + rect.height / 2);
    return { box, viewport, fullyVisible, scrollX: window.scrollX, hitAtCentre: hit !== null && node.contains(hit) };
  });
}

/**
 * A PNG of the whole page in the run's screenshot folder; returns its file name. Not Playwright's
 * `fullPage`: in Chromium it captures beyond the viewport by re-emulating the screen, which drops
 * the font sizes `setTextScale` set, so a "200%" picture would show 100% text. Instead the viewport
 * grows to the page's height for the picture (same width, so the same layout) and then shrinks back.
 */
export async function screenshot(page: Page, name: string): Promise<string> {
  const file = `${name}.png`;
  const viewport = page.viewportSize();
  if (!viewport) throw new Error('the page has no fixed viewport');
  const scaleBefore = await textScale(page);
  const height = await page.evaluate(() => document.documentElement.scrollHeight);
  if (height > viewport.height) await page.setViewportSize({ width: viewport.width, height });
  try {
    await page.screenshot({ path: join(SCREENSHOT_DIR, file) });
  } finally {
    await page.setViewportSize(viewport);
  }
  const scaleAfter = await textScale(page);
  if (scaleAfter !== scaleBefore) throw new Error(`${file}: the text scale went from ${scaleBefore} to ${scaleAfter} while it was taken`);
  return file;
}

export interface Shaping {
  /** The conjunct as one run of text, as the page draws it. */
  conjunct: number;
  /** Its code points each drawn alone (the virama then shows on a dotted circle), added up. */
  parts: number;
  /** The same letters kept apart by a zero-width non-joiner after the virama (explicit virama, no conjunct). */
  explicitVirama: number;
  /** The fonts Chromium drew the conjunct with (CDP `CSS.getPlatformFontsForNode`). */
  fonts: string[];
}

/**
 * How the page draws a conjunct such as ক্ষ (ক + ্ + ষ) in the font and size of `within`: shaped,
 * it is one glyph narrower than its parts side by side. Each part sits in an inline-block of its
 * own, since Chromium shapes one run across adjacent inline spans.
 */
export async function shaping(page: Page, within: string, conjunct: string): Promise<Shaping> {
  const id = 'browser-test-shaping';
  const widths = await page
    .locator(within)
    .first()
    .evaluate(
      (container, { id, conjunct }) => {
        const probe = document.createElement('div');
        probe.id = id;
        probe.style.cssText = 'position:absolute;left:0;top:0;white-space:nowrap;visibility:hidden';
        const box = (text: string) => {
          const span = document.createElement('span');
          span.style.display = 'inline-block';
          span.textContent = text;
          probe.append(span);
          return span;
        };
        const whole = box(conjunct);
        whole.className = 'conjunct';
        const parts = [...conjunct].map(box);
        // A zero-width non-joiner after the virama asks for the explicit virama instead of the conjunct.
        const apart = box(conjunct.replaceAll('\u09cd', '\u09cd\u200c'));
        container.append(probe);
        const width = (element: Element) => element.getBoundingClientRect().width;
        return {
          conjunct: width(whole),
          parts: parts.reduce((sum, part) => sum + width(part), 0),
          explicitVirama: width(apart),
        };
      },
      { id, conjunct },
    );
  const cdp = await page.context().newCDPSession(page);
  try {
    await cdp.send('DOM.enable');
    await cdp.send('CSS.enable');
    const { root } = await cdp.send('DOM.getDocument', { depth: 0 });
    const { nodeId } = await cdp.send('DOM.querySelector', { nodeId: root.nodeId, selector: `#${id} .conjunct` });
    const { fonts } = await cdp.send('CSS.getPlatformFontsForNode', { nodeId });
    return { ...widths, fonts: fonts.map((font) => font.familyName) };
  } finally {
    await cdp.detach();
    await page.evaluate((id) => document.getElementById(id)?.remove(), id);
  }
}
