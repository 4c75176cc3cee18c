// Where the browser tests find Chromium: CHROMIUM_PATH, else `chromium` on PATH (Debian's package).
// No Playwright here, so the preflight answers at once.
import { spawnSync } from 'node:child_process';
import { accessSync, constants, statSync } from 'node:fs';
import { delimiter, join } from 'node:path';

const INSTALL = 'apt-get install -y chromium fonts-noto-core';
export const BENGALI_FONT_MISSING = `The browser tests need a Bengali font for Chromium: install it (${INSTALL}).`;

/** One line: what to install, or what is wrong with CHROMIUM_PATH. */
export function chromiumMissing(): string {
  const fromEnv = process.env.CHROMIUM_PATH;
  return fromEnv
    ? `The browser tests need Chromium: CHROMIUM_PATH=${fromEnv} is not an executable file (unset it to use \`chromium\` on PATH: ${INSTALL}).`
    : `The browser tests need Chromium: install it (${INSTALL}) or set CHROMIUM_PATH to a Chromium executable.`;
}

function isExecutableFile(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

/** The Chromium to drive, or undefined when there is none. */
export function chromiumPath(): string | undefined {
  const fromEnv = process.env.CHROMIUM_PATH;
  if (fromEnv) return isExecutableFile(fromEnv) ? fromEnv : undefined;
  return (process.env.PATH ?? '')
    .split(delimiter)
    .filter(Boolean)
    .map((directory) => join(directory, 'chromium'))
    .find(isExecutableFile);
}

/**
 * False only when fontconfig is there and knows no font for Bengali (Chromium would draw boxes).
 * Without `fc-list` (fontconfig is not a dependency of Debian's chromium) this cannot tell, and the
 * shaping test names the font it got instead.
 */
export function hasBengaliFont(): boolean {
  const listed = spawnSync('fc-list', [':lang=bn', 'family'], { encoding: 'utf8' });
  if (listed.error || listed.status !== 0) return true;
  return listed.stdout.trim() !== '';
}
