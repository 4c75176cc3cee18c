// The whole table as a map from key to content, for the hardening tests: a refused request must leave
// it exactly as it was (no new key, no removed key, no rewritten item). Tests only: it scans. Audit
// records are left out: a read adds one by design (test/handlers/audit-records.test.ts holds them).
import { type AttributeValue, DynamoDBClient, ScanCommand } from '@aws-sdk/client-dynamodb';
import type { TestTable } from '../support/dynamodb.js';

export type TableSnapshot = Map<string, string>;

export interface SnapshotDiff {
  added: string[];
  removed: string[];
  changed: string[];
}

let client: DynamoDBClient | undefined;

/**
 * Every item of the table by `PK|SK`, its content as DynamoDB Local serialises it (attribute names
 * sorted). Read with the low-level client, unconverted (a third cheaper than the
 * document client's scan and a canonical form). Any rewrite of an item shows, even one that changed nothing but the order of its map
 * attributes: a refused request must not write at all.
 */
export async function takeSnapshot(table: Pick<TestTable, 'tableName'>): Promise<TableSnapshot> {
  client ??= new DynamoDBClient({ endpoint: process.env.DYNAMODB_ENDPOINT });
  const snapshot: TableSnapshot = new Map();
  let startKey: Record<string, AttributeValue> | undefined;
  do {
    const page = await client.send(new ScanCommand({ TableName: table.tableName, ExclusiveStartKey: startKey }));
    for (const item of page.Items ?? []) {
      if (item.PK?.S?.startsWith('AUDIT#')) continue;
      const sorted = Object.keys(item)
        .sort()
        .map((name) => `${JSON.stringify(name)}:${JSON.stringify(item[name])}`);
      snapshot.set(`${item.PK?.S ?? '?'}|${item.SK?.S ?? '?'}`, `{${sorted.join(',')}}`);
    }
    startKey = page.LastEvaluatedKey;
  } while (startKey);
  return snapshot;
}

/** Closes the client the snapshots share (call it once a test file is done with them). */
export function closeSnapshots(): void {
  client?.destroy();
  client = undefined;
}

export function diffSnapshots(before: TableSnapshot, after: TableSnapshot): SnapshotDiff {
  const added = [...after.keys()].filter((key) => !before.has(key));
  const removed = [...before.keys()].filter((key) => !after.has(key));
  const changed = [...after.keys()].filter((key) => before.has(key) && before.get(key) !== after.get(key));
  return { added, removed, changed };
}

export const isUnchanged = (diff: SnapshotDiff) => diff.added.length + diff.removed.length + diff.changed.length === 0;

/** The keys each kind of change touched, short enough for an assertion message. */
export function describeDiff(diff: SnapshotDiff): string {
  const list = (keys: string[]) => (keys.length > 6 ? `${keys.slice(0, 6).join(', ')} and ${keys.length - 6} more` : keys.join(', '));
  return [
    diff.added.length > 0 ? `added ${list(diff.added)}` : '',
    diff.removed.length > 0 ? `removed ${list(diff.removed)}` : '',
    diff.changed.length > 0 ? `changed ${list(diff.changed)}` : '',
  ]
    .filter(Boolean)
    .join('; ');
}
