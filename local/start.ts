// `npm start`: the whole backend on this machine, offline, bound to 127.0.0.1.
// `npm start -- --fresh` starts from an empty database.
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { LOCAL_CREDENTIALS, LOCAL_REGION, LOCAL_TABLE_NAME, localPort } from './aws-local.js';
import { startDynamoDbLocal } from './dynamodb/dynamodb-local.js';
import { JAVA_MISSING, hasUsableJava } from './dynamodb/java.js';
import { ensureTable } from './dynamodb/table.js';

const STATE_DIRECTORY = join(process.cwd(), '.local');

async function main(): Promise<void> {
  if (!hasUsableJava()) {
    console.error(JAVA_MISSING);
    process.exit(1);
  }
  const dbPath = join(STATE_DIRECTORY, 'ddb');
  if (process.argv.includes('--fresh')) rmSync(dbPath, { recursive: true, force: true });

  const dynamo = await startDynamoDbLocal({ port: localPort('DDB_PORT', 8000), dbPath });
  const client = new DynamoDBClient({ endpoint: dynamo.endpoint, region: LOCAL_REGION, credentials: LOCAL_CREDENTIALS });
  await ensureTable(client, LOCAL_TABLE_NAME);
  console.log(`DynamoDB Local  ${dynamo.endpoint}  table ${LOCAL_TABLE_NAME}  data in ${dbPath}`);

  const shutdown = async () => {
    client.destroy();
    await dynamo.stop();
    process.exit(0);
  };
  process.on('SIGINT', shutdown);
  process.on('SIGTERM', shutdown);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
