// The browser run's global teardown: the main suite's, then the list of the screenshots taken (Jest
// runs this after its summary, so the list closes the run's output).
import { tsImport } from 'tsx/esm/api';
import globalTeardown from '../../support/global-teardown.mjs';

export default async function browserGlobalTeardown() {
  await globalTeardown();
  const { listScreenshots, SCREENSHOT_DIR_NAME } = await tsImport('./screenshots.ts', import.meta.url);
  const names = listScreenshots();
  console.log(`Screenshots: ${names.length} in ${SCREENSHOT_DIR_NAME}`);
  for (const name of names) console.log(`  ${name}`);
}
