// Where the browser tests leave their screenshots (git-ignored), emptied at the start of each run and
// listed at its end, so a run's list is exactly what that run took.
import { mkdirSync, readdirSync, rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const SCREENSHOT_DIR = fileURLToPath(new URL('../../../test-results/browser/', import.meta.url));
export const SCREENSHOT_DIR_NAME = 'test-results/browser/';

export function clearScreenshots(): void {
  rmSync(SCREENSHOT_DIR, { recursive: true, force: true });
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
}

export function listScreenshots(): string[] {
  try {
    return readdirSync(SCREENSHOT_DIR)
      .filter((name) => name.endsWith('.png'))
      .sort();
  } catch {
    return [];
  }
}
