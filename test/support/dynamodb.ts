// A fresh table per test file in the run's DynamoDB Local, created from the shared table design.
import { DeleteTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { type DynamoDBDocumentClient, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { createDocumentClient } from '../../functions/adapters/dynamodb/client.js';
import { DynamoDbTable } from '../../functions/adapters/dynamodb/dynamodb-table.js';
import { type StoreOptions, tableStores } from '../../functions/adapters/table/stores.js';
import type { Stores } from '../../functions/domain/ports.js';
import { ensureTable } from '../../local/dynamodb/table.js';
import { required } from './required.js';

/** What a stream pump needs to read a table's stream: where, which, and what to sign with. */
export interface TableStream {
  endpoint: string;
  tableName: string;
  credentials: { accessKeyId: string; secretAccessKey: string };
}

export interface TestTable {
  tableName: string;
  client: DynamoDBDocumentClient;
  /** Every item in the table: tests use it to prove nothing was half-written (never the app). */
  allItems(): Promise<Record<string, unknown>[]>;
  /** The table as the Table port, for the contract suites. */
  table: DynamoDbTable;
  stream: TableStream;
  stores(options?: Omit<StoreOptions, 'cursorSecret'>): Stores;
  drop(): Promise<void>;
}

let counter = 0;
export const TEST_CURSOR_SECRET = 'test-cursor-secret-0123456789';

export async function createTestTable(): Promise<TestTable> {
  if (!process.env.DYNAMODB_ENDPOINT) throw new Error('DynamoDB Local is not running: the Jest global setup starts it');
  const endpoint = process.env.DYNAMODB_ENDPOINT;
  const tableName = `test-${process.pid}-${Date.now().toString(36)}-${counter++}`;
  const raw = new DynamoDBClient({ endpoint });
  await ensureTable(raw, tableName);
  const client = createDocumentClient();
  const table = new DynamoDbTable({ client, tableName });
  return {
    tableName,
    client,
    async allItems() {
      const items: Record<string, unknown>[] = [];
      let startKey: Record<string, unknown> | undefined;
      do {
        const page = await client.send(new ScanCommand({ TableName: tableName, ExclusiveStartKey: startKey }));
        items.push(...(page.Items ?? []));
        startKey = page.LastEvaluatedKey;
      } while (startKey);
      return items;
    },
    table,
    stream: {
      endpoint,
      tableName,
      credentials: {
        accessKeyId: required(process.env.AWS_ACCESS_KEY_ID, "this test file's access key (worker-endpoint.mjs)"),
        secretAccessKey: required(process.env.AWS_SECRET_ACCESS_KEY, 'the secret key (global-setup.mjs)'),
      },
    },
    stores(options = {}) {
      return tableStores(table, { cursorSecret: TEST_CURSOR_SECRET, ...options });
    },
    async drop() {
      await raw.send(new DeleteTableCommand({ TableName: tableName }));
      client.destroy();
      raw.destroy();
    },
  };
}
