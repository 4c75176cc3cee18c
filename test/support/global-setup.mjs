// Starts one DynamoDB Local for the whole run; each integration test file makes its own table in it.
// Plain JS: Jest loads global setup outside its module system, so the TypeScript launcher is
// imported through tsx.
import { tsImport } from 'tsx/esm/api';

export default async function globalSetup() {
  const { startDynamoDbLocal } = await tsImport('../../local/dynamodb/dynamodb-local.ts', import.meta.url);
  const { LOCAL_CREDENTIALS, LOCAL_REGION } = await tsImport('../../local/aws-local.ts', import.meta.url);
  const dynamo = await startDynamoDbLocal();
  globalThis.surakshaDynamoDbLocal = dynamo;
  // Workers are forked after this runs, so they inherit these.
  process.env.DYNAMODB_ENDPOINT = dynamo.endpoint;
  process.env.AWS_REGION = LOCAL_REGION;
  process.env.AWS_ACCESS_KEY_ID = LOCAL_CREDENTIALS.accessKeyId;
  process.env.AWS_SECRET_ACCESS_KEY = LOCAL_CREDENTIALS.secretAccessKey;
  // Handlers log JSON lines; tests that check logging raise the level themselves.
  process.env.POWERTOOLS_LOG_LEVEL ??= 'SILENT';
  process.env.POWERTOOLS_METRICS_DISABLED ??= 'true';
}
