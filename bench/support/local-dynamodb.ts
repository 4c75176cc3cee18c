// A table on a DynamoDB Local of its own (in memory, free loopback port), one per measurement so
// none slows down under another's data, and the environment the handlers read, so in-process
// handlers reach it as they reach DynamoDB in Lambda.
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { createDocumentClient } from '../../functions/adapters/dynamodb/client.js';
import type { Stores } from '../../functions/domain/ports.js';
import { dynamoDbStores } from '../../functions/wiring.js';
import { LOCAL_CREDENTIALS, LOCAL_REGION } from '../../local/aws-local.js';
import { startDynamoDbLocal } from '../../local/dynamodb/dynamodb-local.js';
import { ensureTable } from '../../local/dynamodb/table.js';

const CURSOR_SECRET = 'bench-cursor-secret-0123456789';

export interface BenchTable {
  endpoint: string;
  tableName: string;
  /** Built by createDocumentClient, as the Lambdas build theirs. */
  client: DynamoDBDocumentClient;
  stores: Stores;
  stop(): Promise<void>;
}

export async function startBenchTable(tableName: string): Promise<BenchTable> {
  const dynamodb = await startDynamoDbLocal();
  Object.assign(process.env, {
    DYNAMODB_ENDPOINT: dynamodb.endpoint,
    AWS_REGION: LOCAL_REGION,
    AWS_ACCESS_KEY_ID: LOCAL_CREDENTIALS.accessKeyId,
    AWS_SECRET_ACCESS_KEY: LOCAL_CREDENTIALS.secretAccessKey,
    TABLE_NAME: tableName,
    CURSOR_SECRET,
    POWERTOOLS_SERVICE_NAME: 'suraksha',
  });
  const admin = new DynamoDBClient({ endpoint: dynamodb.endpoint });
  await ensureTable(admin, tableName);
  admin.destroy();
  const client = createDocumentClient();
  return {
    endpoint: dynamodb.endpoint,
    tableName,
    client,
    stores: dynamoDbStores({ client, tableName, cursorSecret: CURSOR_SECRET }),
    async stop() {
      client.destroy();
      await dynamodb.stop();
    },
  };
}

/** Runs a measurement on a DynamoDB Local and table of its own, stopped whatever happens. */
export async function withBenchTable<T>(tableName: string, measure: (table: BenchTable) => Promise<T>): Promise<T> {
  const table = await startBenchTable(tableName);
  try {
    return await measure(table);
  } finally {
    await table.stop();
  }
}
