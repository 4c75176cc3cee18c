// Starts one DynamoDB Local per Jest worker for the whole run (worker-endpoint.mjs points each worker
// at its own, so heavy suites running side by side do not queue on one); each test file makes its own
// table, in a database of its own on that DynamoDB Local (worker-endpoint.mjs says why).
// Plain JS: Jest loads global setup outside its module system, so the TypeScript launcher is
// imported through tsx.
import { tsImport } from 'tsx/esm/api';

export default async function globalSetup(globalConfig) {
  const { startDynamoDbLocal } = await tsImport('../../local/dynamodb/dynamodb-local.ts', import.meta.url);
  const { LOCAL_CREDENTIALS, LOCAL_REGION } = await tsImport('../../local/aws-local.ts', import.meta.url);
  // Without -sharedDb: a database per test file (its key). DynamoDB Local keeps each until it stops,
  // about 1.4 MB and 4 threads each: fine for the 50 or so files a worker runs.
  const instances = await Promise.all(Array.from({ length: globalConfig.maxWorkers }, () => startDynamoDbLocal({ sharedDb: false })));
  globalThis.surakshaDynamoDbLocals = instances;
  // Workers are forked after this runs, so they inherit these.
  process.env.DYNAMODB_ENDPOINTS = instances.map((instance) => instance.endpoint).join(',');
  process.env.DYNAMODB_ENDPOINT = instances[0].endpoint;
  process.env.AWS_REGION = LOCAL_REGION;
  // Fake keys only: a developer's profile or session would take precedence over them in the SDK's
  // chain, and put every test file in one database signed with a real key.
  delete process.env.AWS_PROFILE;
  delete process.env.AWS_SESSION_TOKEN;
  process.env.AWS_ACCESS_KEY_ID = LOCAL_CREDENTIALS.accessKeyId;
  process.env.AWS_SECRET_ACCESS_KEY = LOCAL_CREDENTIALS.secretAccessKey;
  // Handlers log JSON lines; tests that check logging raise the level themselves.
  process.env.POWERTOOLS_LOG_LEVEL ??= 'SILENT';
  process.env.POWERTOOLS_METRICS_DISABLED ??= 'true';
}
