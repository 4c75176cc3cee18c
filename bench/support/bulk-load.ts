// Loads items with BatchWrite, 25 to a request and several requests in flight, retrying whatever
// DynamoDB leaves unprocessed. Items are drawn from an iterator, so a large load is never all in memory.
import { BatchWriteCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Item } from '../../functions/adapters/table/table.js';

const BATCH_SIZE = 25;
const IN_FLIGHT = 8;

export async function bulkLoad(client: DynamoDBDocumentClient, tableName: string, items: Iterator<Item>): Promise<number> {
  let loaded = 0;
  const nextBatch = () => {
    const batch: Item[] = [];
    while (batch.length < BATCH_SIZE) {
      const next = items.next();
      if (next.done) break;
      batch.push(next.value);
    }
    return batch;
  };
  const worker = async () => {
    for (let batch = nextBatch(); batch.length > 0; batch = nextBatch()) {
      let pending = batch.map((item) => ({ PutRequest: { Item: item } }));
      while (pending.length > 0) {
        const result = await client.send(new BatchWriteCommand({ RequestItems: { [tableName]: pending } }));
        pending = (result.UnprocessedItems?.[tableName] ?? []) as typeof pending;
      }
      loaded += batch.length;
    }
  };
  await Promise.all(Array.from({ length: IN_FLIGHT }, worker));
  return loaded;
}
