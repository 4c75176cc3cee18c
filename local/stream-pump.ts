// Reads DynamoDB Local's stream of the table and invokes the notifier with real DynamoDBStreamEvent
// batches, as Lambda's event source mapping does: polling about four times a second, applying the
// same event filter, and retrying from the first record a batch reports as failed. With a checkpoint
// file it remembers, per shard, the last record it handed over, and a restart resumes after it;
// shards it has no checkpoint for are read from their start (TRIM_HORIZON), like the mapping in AWS.
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { DescribeTableCommand, DynamoDBClient, type DynamoDBClientConfig } from '@aws-sdk/client-dynamodb';
import {
  DescribeStreamCommand,
  DynamoDBStreamsClient,
  GetRecordsCommand,
  GetShardIteratorCommand,
  type _Record as StreamRecord,
} from '@aws-sdk/client-dynamodb-streams';
import type { Context, DynamoDBBatchResponse, DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import { NOTIFIER_EVENT_FILTER } from '../functions/adapters/dynamodb/stream-records.js';
import { lambdaContext } from './api-gateway/lambda-context.js';
import { LOCAL_CREDENTIALS, LOCAL_REGION } from './aws-local.js';

export type StreamHandler = (event: DynamoDBStreamEvent, context: Context) => Promise<DynamoDBBatchResponse | undefined>;

export interface StreamPumpOptions {
  endpoint: string;
  tableName: string;
  handler: StreamHandler;
  /** Lambda polls a stream shard about four times a second. */
  intervalMs?: number;
  batchSize?: number;
  /** Like the event source's retry limit: a record failing more often is skipped and reported. */
  maxRetries?: number;
  log?: (line: string) => void;
  /** Where the per-shard checkpoints are kept across restarts; in memory only when absent. */
  checkpointPath?: string;
  /** What it signs with: the local stack's when absent (a test file signs with its own). */
  credentials?: DynamoDBClientConfig['credentials'];
}

export interface StreamPump {
  /** Resolves once every record written so far has been handed to the handler. */
  drain(): Promise<void>;
  stop(): Promise<void>;
}

interface ShardCursor {
  iterator: string | undefined;
  /** The last record handed over (or passed over) in this shard. */
  checkpoint?: string;
  /** Where to resume after a reported failure, and how often that record has failed. */
  retry?: { sequenceNumber: string; attempts: number };
  /**
   * A pass over this shard broke off (DynamoDB Local down or restarted, an iterator it no longer
   * knows): the next pass reads again after the checkpoint rather than trust where it was.
   */
  reposition?: boolean;
}

/** Lambda event-filter semantics for the patterns we use: arrays list accepted values, objects nest. */
export function matchesFilter(value: unknown, pattern: unknown): boolean {
  if (Array.isArray(pattern)) return pattern.includes(value as never);
  if (pattern && typeof pattern === 'object') {
    if (!value || typeof value !== 'object') return false;
    return Object.entries(pattern).every(([key, inner]) => matchesFilter((value as Record<string, unknown>)[key], inner));
  }
  return value === pattern;
}

function lambdaRecord(record: StreamRecord, streamArn: string): DynamoDBRecord {
  const created = record.dynamodb?.ApproximateCreationDateTime;
  return {
    eventID: record.eventID,
    eventName: record.eventName,
    eventVersion: '1.1',
    eventSource: 'aws:dynamodb',
    awsRegion: LOCAL_REGION,
    eventSourceARN: streamArn,
    dynamodb: {
      ...(record.dynamodb as DynamoDBRecord['dynamodb']),
      ...(created ? { ApproximateCreationDateTime: Math.floor(new Date(created).getTime() / 1000) } : {}),
    },
  } as DynamoDBRecord;
}

interface CheckpointFile {
  streamArn: string;
  shards: Record<string, string>;
}

function readCheckpoints(path: string | undefined, streamArn: string): Record<string, string> {
  if (!path) return {};
  try {
    const file = JSON.parse(readFileSync(path, 'utf8')) as CheckpointFile;
    // Another stream (the table was made anew): its sequence numbers mean nothing here.
    return file.streamArn === streamArn ? file.shards : {};
  } catch {
    return {};
  }
}

/** Written whole to a temporary file and renamed over the old one, so a kill never leaves half a file. */
function writeCheckpoints(path: string, file: CheckpointFile): void {
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  const temporary = `${path}.${process.pid}.tmp`;
  writeFileSync(temporary, JSON.stringify(file));
  renameSync(temporary, path);
}

export async function startStreamPump(options: StreamPumpOptions): Promise<StreamPump> {
  const { endpoint, tableName, handler, intervalMs = 250, batchSize = 100, maxRetries = 3, log = console.log, checkpointPath } = options;
  const config = { endpoint, region: LOCAL_REGION, credentials: options.credentials ?? LOCAL_CREDENTIALS };
  const dynamodb = new DynamoDBClient(config);
  const streams = new DynamoDBStreamsClient(config);
  const table = await dynamodb.send(new DescribeTableCommand({ TableName: tableName }));
  dynamodb.destroy();
  const streamArn = table.Table?.LatestStreamArn;
  if (!streamArn) throw new Error(`table ${tableName} has no stream`);

  const shards = new Map<string, ShardCursor>();
  const resumeAfter = readCheckpoints(checkpointPath, streamArn);
  let stopped = false;

  const saveCheckpoints = () => {
    if (!checkpointPath) return;
    const saved: Record<string, string> = {};
    for (const [shardId, cursor] of shards) if (cursor.checkpoint) saved[shardId] = cursor.checkpoint;
    writeCheckpoints(checkpointPath, { streamArn, shards: saved });
  };

  const iteratorAt = async (
    shardId: string,
    type: 'TRIM_HORIZON' | 'AT_SEQUENCE_NUMBER' | 'AFTER_SEQUENCE_NUMBER',
    sequenceNumber?: string,
  ) =>
    (
      await streams.send(
        new GetShardIteratorCommand({ StreamArn: streamArn, ShardId: shardId, ShardIteratorType: type, SequenceNumber: sequenceNumber }),
      )
    ).ShardIterator;

  const refreshShards = async () => {
    const description = await streams.send(new DescribeStreamCommand({ StreamArn: streamArn }));
    for (const shard of description.StreamDescription?.Shards ?? []) {
      if (!shard.ShardId || shards.has(shard.ShardId)) continue;
      // After the last record handed over before a restart; a shard never read, from its start.
      const checkpoint = resumeAfter[shard.ShardId];
      shards.set(shard.ShardId, {
        iterator: checkpoint
          ? await iteratorAt(shard.ShardId, 'AFTER_SEQUENCE_NUMBER', checkpoint)
          : await iteratorAt(shard.ShardId, 'TRIM_HORIZON'),
        ...(checkpoint ? { checkpoint } : {}),
      });
    }
  };

  const pollShard = async (shardId: string, cursor: ShardCursor): Promise<number> => {
    if (cursor.reposition) {
      cursor.iterator = cursor.checkpoint
        ? await iteratorAt(shardId, 'AFTER_SEQUENCE_NUMBER', cursor.checkpoint)
        : await iteratorAt(shardId, 'TRIM_HORIZON');
      cursor.reposition = false;
    }
    if (!cursor.iterator) return 0;
    const page = await streams.send(new GetRecordsCommand({ ShardIterator: cursor.iterator, Limit: batchSize }));
    const records = page.Records ?? [];
    // Until this batch is settled, a failure anywhere below must not move past it.
    cursor.reposition = true;
    cursor.iterator = page.NextShardIterator;
    const wanted = records
      .map((record) => lambdaRecord(record, streamArn))
      .filter((record) => matchesFilter(record, NOTIFIER_EVENT_FILTER));
    const handedOver = (upTo: string | undefined) => {
      if (!upTo || upTo === cursor.checkpoint) return;
      cursor.checkpoint = upTo;
      saveCheckpoints();
    };
    const sequenceOf = (index: number) => records[index]?.dynamodb?.SequenceNumber;
    if (wanted.length === 0) {
      handedOver(sequenceOf(records.length - 1));
      return records.length;
    }

    const response = await handler({ Records: wanted }, lambdaContext('notifier'));
    const failed = response?.batchItemFailures?.[0]?.itemIdentifier;
    if (failed) {
      const attempts = cursor.retry?.sequenceNumber === failed ? cursor.retry.attempts + 1 : 1;
      if (attempts > maxRetries) {
        // Lambda would send it to the on-failure queue; locally it is reported and passed over.
        log(`stream pump: record ${failed} failed ${attempts} times; skipped`);
        const index = wanted.findIndex((record) => record.dynamodb?.SequenceNumber === failed);
        const next = wanted[index + 1]?.dynamodb?.SequenceNumber;
        cursor.retry = undefined;
        handedOver(failed);
        if (next) cursor.iterator = await iteratorAt(shardId, 'AT_SEQUENCE_NUMBER', next);
      } else {
        cursor.retry = { sequenceNumber: failed, attempts };
        // Everything before the failed record was handed over and accepted.
        handedOver(sequenceOf(records.findIndex((record) => record.dynamodb?.SequenceNumber === failed) - 1));
        cursor.iterator = await iteratorAt(shardId, 'AT_SEQUENCE_NUMBER', failed);
      }
    } else {
      cursor.retry = undefined;
      handedOver(sequenceOf(records.length - 1));
    }
    cursor.reposition = false;
    return records.length;
  };

  /**
   * One pass over every shard; answers how many records it read, or infinity when it broke off (a
   * pass that failed has not shown that everything was read). A shard that fails does not hold up
   * the others.
   */
  const pollOnce = async (): Promise<number> => {
    const failed = (error: unknown) => {
      log(`stream pump: ${(error as Error).name}: ${(error as Error).message}`);
      return Number.POSITIVE_INFINITY;
    };
    try {
      await refreshShards();
    } catch (error) {
      return failed(error);
    }
    let read = 0;
    for (const [shardId, cursor] of shards) {
      try {
        read += await pollShard(shardId, cursor);
      } catch (error) {
        cursor.reposition = true;
        read = failed(error);
      }
    }
    return read;
  };

  // Each finished pass tells whoever waits how many records it read.
  let waiters: ((read: number) => void)[] = [];
  const nextPass = () => new Promise<number>((resolve) => waiters.push(resolve));
  const loop = async () => {
    while (!stopped) {
      const read = await pollOnce();
      const waiting = waiters;
      waiters = [];
      for (const resolve of waiting) resolve(read);
      // Idle, or failing (DynamoDB Local down): wait before the next pass rather than spin.
      if (read === 0 || read === Number.POSITIVE_INFINITY) await new Promise((resolve) => setTimeout(resolve, intervalMs));
    }
  };
  await refreshShards();
  const running = loop();

  return {
    async drain() {
      // A pass that began before the call may have missed the latest writes: wait for a whole
      // later pass to find nothing.
      await nextPass();
      while ((await nextPass()) > 0) {
        /* still reading */
      }
    },
    async stop() {
      stopped = true;
      await running;
      for (const resolve of waiters) resolve(0);
      streams.destroy();
    },
  };
}
