// The browser run's global setup: the main suite's (a DynamoDB Local per worker, the local AWS
// environment), after emptying the screenshot folder so the closing list is this run's.
import { tsImport } from 'tsx/esm/api';
import globalSetup from '../../support/global-setup.mjs';

export default async function browserGlobalSetup(globalConfig) {
  const { clearScreenshots } = await tsImport('./screenshots.ts', import.meta.url);
  clearScreenshots();
  await globalSetup(globalConfig);
}
