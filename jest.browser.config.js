// `npm run test:browser`: pages in a real Chromium (test/browser/*.browser.ts), apart from `npm test`
// so that a machine without a browser still runs the main suite. jest.config.js's settings: the
// same ts-jest ESM transform, and its DynamoDB Local, through global setup and teardown that wrap
// the main ones (they also empty, then list, the screenshot folder).
import main from './jest.config.js';

/** @type {import('jest').Config} */
export default {
  ...main,
  // Type-checked with the DOM (tsconfig.browser.json): their page.evaluate callbacks run in the page.
  transform: { '^.+\\.ts$': ['ts-jest', { useESM: true, tsconfig: '<rootDir>/tsconfig.browser.json' }] },
  testMatch: ['<rootDir>/test/browser/**/*.browser.ts'],
  globalSetup: '<rootDir>/test/browser/support/global-setup.mjs',
  globalTeardown: '<rootDir>/test/browser/support/global-teardown.mjs',
  // One file at a time with one DynamoDB Local: each file launches its own Chromium, which uses both cores.
  maxWorkers: 1,
};
