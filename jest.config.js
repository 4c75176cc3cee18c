// Jest runs in ESM mode (npm test sets --experimental-vm-modules) because middy 6 ships only ES modules.
/** @type {import('jest').Config} */
export default {
  testEnvironment: 'node',
  extensionsToTreatAsEsm: ['.ts'],
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  transform: { '^.+\\.ts$': ['ts-jest', { useESM: true }] },
  testMatch: ['<rootDir>/test/**/*.test.ts'],
  globalSetup: '<rootDir>/test/support/global-setup.mjs',
  setupFiles: ['<rootDir>/test/support/worker-endpoint.mjs'],
  // Two workers, each with its own DynamoDB Local: the suite's time on two cores is its DynamoDB-bound half.
  maxWorkers: 2,
  globalTeardown: '<rootDir>/test/support/global-teardown.mjs',
  // Generous for the suites that start processes and load hundreds of items (test/resilience, test/handlers/scale).
  testTimeout: 60000,
};
