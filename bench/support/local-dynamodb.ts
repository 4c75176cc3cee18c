// A table on a DynamoDB Local of its own (in memory, free loopback port), one per measurement so
// none slows down under another's data (or a few side by side, for a measurement that compares
// them), and the environment the handlers read, so in-process handlers reach it as they reach
// DynamoDB in Lambda.
import { DynamoDBClient, type StreamSpecification, UpdateTableCommand } from '@aws-sdk/client-dynamodb';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { createDocumentClient } from '../../functions/adapters/dynamodb/client.js';
import type { Stores } from '../../functions/domain/ports.js';
import { dynamoDbStores } from '../../functions/wiring.js';
import { LOCAL_CREDENTIALS, LOCAL_REGION } from '../../local/aws-local.js';
import { startDynamoDbLocal } from '../../local/dynamodb/dynamodb-local.js';
import { ensureTable, STREAM_SPECIFICATION } from '../../local/dynamodb/table.js';

export const CURSOR_SECRET = 'bench-cursor-secret-0123456789';

export interface BenchTable {
  endpoint: string;
  tableName: string;
  /** Built by createDocumentClient, as the Lambdas build theirs. */
  client: DynamoDBDocumentClient;
  stores: Stores;
  stop(): Promise<void>;
}

/**
 * Tables side by side on one DynamoDB Local, so measurements interleaved between them share one
 * database process; the handlers' environment names the first. Stopping any stops them all.
 */
async function startBenchTables(tableNames: readonly string[]): Promise<BenchTable[]> {
  const dynamodb = await startDynamoDbLocal();
  Object.assign(process.env, {
    DYNAMODB_ENDPOINT: dynamodb.endpoint,
    AWS_REGION: LOCAL_REGION,
    AWS_ACCESS_KEY_ID: LOCAL_CREDENTIALS.accessKeyId,
    AWS_SECRET_ACCESS_KEY: LOCAL_CREDENTIALS.secretAccessKey,
    TABLE_NAME: tableNames[0],
    CURSOR_SECRET,
    POWERTOOLS_SERVICE_NAME: 'suraksha',
  });
  const admin = new DynamoDBClient({ endpoint: dynamodb.endpoint });
  for (const tableName of tableNames) await ensureTable(admin, tableName);
  admin.destroy();
  const clients = tableNames.map(() => createDocumentClient());
  const stop = async () => {
    for (const client of clients) client.destroy();
    await dynamodb.stop();
  };
  return tableNames.map((tableName, index) => {
    const client = clients[index] as DynamoDBDocumentClient;
    return {
      endpoint: dynamodb.endpoint,
      tableName,
      client,
      stores: dynamoDbStores({ client, tableName, cursorSecret: CURSOR_SECRET }),
      stop,
    };
  });
}

/** Runs a measurement on a DynamoDB Local and table of its own, stopped whatever happens. */
export function withBenchTable<T>(tableName: string, measure: (table: BenchTable) => Promise<T>): Promise<T> {
  return withBenchTables([tableName], ([table]) => measure(table as BenchTable));
}

/** Runs a measurement on tables of its own on one DynamoDB Local, stopped whatever happens. */
export async function withBenchTables<T>(tableNames: readonly string[], measure: (tables: BenchTable[]) => Promise<T>): Promise<T> {
  const tables = await startBenchTables(tableNames);
  try {
    return await measure(tables);
  } finally {
    await tables[0]?.stop();
  }
}

/**
 * Runs `load` with the table's stream off, then turns it on as the stack has it. On DynamoDB Local
 * each stream record written looks up its shard's first record by walking the records older than it
 * (`SELECT MIN(SequenceNumber) FROM us WHERE ShardID=?`, no index on ShardID), so a table whose
 * stream began after another table's load pays for that load on every item it writes, which DynamoDB
 * never does (and its stream keeps 24 hours, not the weeks of history a bench loads in a minute).
 */
export async function loadedWithoutStream<T>(table: BenchTable, load: () => Promise<T>): Promise<T> {
  const admin = new DynamoDBClient({ endpoint: table.endpoint });
  const setStream = (specification: StreamSpecification) =>
    admin.send(new UpdateTableCommand({ TableName: table.tableName, StreamSpecification: specification }));
  try {
    await setStream({ StreamEnabled: false });
    const loaded = await load();
    await setStream(STREAM_SPECIFICATION);
    return loaded;
  } finally {
    admin.destroy();
  }
}
