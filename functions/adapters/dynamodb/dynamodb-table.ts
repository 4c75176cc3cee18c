// The Table port on one DynamoDB table (lib-dynamodb). Each structured condition becomes a
// ConditionExpression with placeholders (no value is ever spliced into an expression); a failed
// condition or a cancelled transaction becomes the port's error, every other error passes through.
import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import {
  BatchGetCommand,
  BatchWriteCommand,
  DeleteCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  TransactWriteCommand,
  type TransactWriteCommandInput,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import {
  type BatchAction,
  type CancellationReason,
  type Condition,
  ConditionFailedError,
  type Item,
  type Key,
  type QueryInput,
  type QueryOutput,
  TABLE_LIMITS,
  type Table,
  TransactionCancelledError,
  type WriteAction,
} from '../table/table.js';
import { TABLE_DESIGN } from '../table/table-design.js';

export interface DynamoDbTableOptions {
  client: DynamoDBDocumentClient;
  tableName: string;
}

type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];
type Put = NonNullable<TransactItem['Put']>;
type Delete = NonNullable<TransactItem['Delete']>;
type Update = NonNullable<TransactItem['Update']>;
type Request = { Put: Put } | { Delete: Delete } | { Update: Update };

/** UnprocessedKeys are retried after a pause that doubles from this, up to a second. */
const UNPROCESSED_BACKOFF_MS = 25;

export class DynamoDbTable implements Table {
  private readonly client: DynamoDBDocumentClient;
  private readonly tableName: string;

  constructor(options: DynamoDbTableOptions) {
    this.client = options.client;
    this.tableName = options.tableName;
  }

  async get(key: Key): Promise<Item | undefined> {
    const result = await this.client.send(new GetCommand({ TableName: this.tableName, Key: key }));
    return result.Item;
  }

  async batchGet(keys: readonly Key[]): Promise<Item[]> {
    // DynamoDB refuses a request that names one key twice; the port asks only which items exist.
    const unique = [...new Map(keys.map((key) => [JSON.stringify([key.PK, key.SK]), key])).values()];
    const found: Item[] = [];
    for (let start = 0; start < unique.length; start += TABLE_LIMITS.batchGetKeys) {
      let pending: Record<string, unknown>[] = unique.slice(start, start + TABLE_LIMITS.batchGetKeys);
      for (let round = 0; pending.length > 0; round++) {
        if (round > 0) await pause(Math.min(1000, UNPROCESSED_BACKOFF_MS * 2 ** (round - 1)));
        const result = await this.client.send(new BatchGetCommand({ RequestItems: { [this.tableName]: { Keys: pending } } }));
        found.push(...(result.Responses?.[this.tableName] ?? []));
        pending = result.UnprocessedKeys?.[this.tableName]?.Keys ?? [];
      }
    }
    return found;
  }

  async writeBatch(actions: readonly BatchAction[]): Promise<void> {
    for (let start = 0; start < actions.length; start += TABLE_LIMITS.batchWriteActions) {
      let pending = actions
        .slice(start, start + TABLE_LIMITS.batchWriteActions)
        .map((action) => ('put' in action ? { PutRequest: { Item: action.put } } : { DeleteRequest: { Key: action.delete } }));
      for (let round = 0; pending.length > 0; round++) {
        if (round > 0) await pause(Math.min(1000, UNPROCESSED_BACKOFF_MS * 2 ** (round - 1)));
        const result = await this.client.send(new BatchWriteCommand({ RequestItems: { [this.tableName]: pending } }));
        pending = (result.UnprocessedItems?.[this.tableName] ?? []) as typeof pending;
      }
    }
  }

  async write(action: WriteAction): Promise<void> {
    const request = this.request(action);
    try {
      if ('Put' in request) await this.client.send(new PutCommand(request.Put));
      else if ('Delete' in request) await this.client.send(new DeleteCommand(request.Delete));
      else await this.client.send(new UpdateCommand(request.Update));
    } catch (error) {
      if (errorName(error) !== 'ConditionalCheckFailedException') throw error;
      const stored = (error as { Item?: Record<string, AttributeValue> }).Item;
      throw new ConditionFailedError(stored && returnsOnFailure(action) ? (unmarshall(stored) as Item) : undefined);
    }
  }

  async transact(actions: readonly WriteAction[]): Promise<void> {
    try {
      await this.client.send(new TransactWriteCommand({ TransactItems: actions.map((action) => this.request(action)) }));
    } catch (error) {
      if (errorName(error) !== 'TransactionCanceledException') throw error;
      const raw = (error as { CancellationReasons?: RawReason[] }).CancellationReasons;
      const reasons = raw?.map(cancellationReason);
      // A reason the port cannot name (or none at all) leaves the error as DynamoDB sent it.
      if (!reasons || reasons.length !== actions.length || !reasons.every((reason) => reason !== undefined)) throw error;
      throw new TransactionCancelledError(reasons);
    }
  }

  async query(input: QueryInput): Promise<QueryOutput> {
    const { partitionKey, sortKey } = input.index === 'table' ? TABLE_DESIGN : TABLE_DESIGN.indexes[input.index];
    if (input.prefix !== undefined && (input.lower !== undefined || input.upper !== undefined)) {
      throw new Error('a query takes a prefix or bounds on the sort key, not both');
    }
    const placeholders = new Placeholders();
    const conditions = [`${placeholders.name(partitionKey)} = ${placeholders.value(input.partition)}`];
    const sk = () => placeholders.name(sortKey);
    if (input.lower !== undefined && input.upper !== undefined) {
      conditions.push(`${sk()} BETWEEN ${placeholders.value(input.lower)} AND ${placeholders.value(input.upper)}`);
    } else if (input.lower !== undefined) {
      conditions.push(`${sk()} >= ${placeholders.value(input.lower)}`);
    } else if (input.upper !== undefined) {
      conditions.push(`${sk()} <= ${placeholders.value(input.upper)}`);
    } else if (input.prefix !== undefined) {
      conditions.push(`begins_with(${sk()}, ${placeholders.value(input.prefix)})`);
    }
    const filters = Object.entries(input.equals ?? {}).map(([name, value]) => `${placeholders.name(name)} = ${placeholders.value(value)}`);
    const result = await this.client.send(
      new QueryCommand({
        TableName: this.tableName,
        ...(input.index === 'table' ? {} : { IndexName: TABLE_DESIGN.indexes[input.index].indexName }),
        KeyConditionExpression: conditions.join(' AND '),
        ...(filters.length > 0 ? { FilterExpression: filters.join(' AND ') } : {}),
        ...placeholders.attributes(),
        ...(input.descending ? { ScanIndexForward: false } : {}),
        ...(input.limit !== undefined ? { Limit: input.limit } : {}),
        ...(input.startKey ? { ExclusiveStartKey: input.startKey } : {}),
      }),
    );
    return { items: result.Items ?? [], ...(result.LastEvaluatedKey ? { lastKey: result.LastEvaluatedKey } : {}) };
  }

  /** The action as the parameters of a single write, which are also those of a transaction's item. */
  private request(action: WriteAction): Request {
    const placeholders = new Placeholders();
    const condition = action.condition ? { ConditionExpression: conditionExpression(action.condition, placeholders) } : {};
    if ('put' in action) {
      return {
        Put: {
          TableName: this.tableName,
          Item: action.put,
          ...condition,
          ...placeholders.attributes(),
          ...(action.returnOnFailure ? { ReturnValuesOnConditionCheckFailure: 'ALL_OLD' } : {}),
        },
      };
    }
    if ('delete' in action) {
      return { Delete: { TableName: this.tableName, Key: action.delete, ...condition, ...placeholders.attributes() } };
    }
    // An undefined value would vanish from ExpressionAttributeValues (removeUndefinedValues) and
    // leave its placeholder dangling; a put drops such an attribute, and so does an update.
    const assignments = Object.entries(action.set)
      .filter(([, value]) => value !== undefined)
      .map(([name, value]) => `${placeholders.name(name)} = ${placeholders.value(value)}`);
    // DynamoDB Local accepts a transaction's Update without an UpdateExpression; the service requires one.
    if (assignments.length === 0) throw validationError('an update must set at least one attribute');
    return {
      Update: {
        TableName: this.tableName,
        Key: action.update,
        UpdateExpression: `SET ${assignments.join(', ')}`,
        ...condition,
        ...placeholders.attributes(),
      },
    };
  }
}

function conditionExpression(condition: Condition, placeholders: Placeholders): string {
  const pk = placeholders.name(TABLE_DESIGN.partitionKey);
  switch (condition.kind) {
    case 'absent':
      return `attribute_not_exists(${pk})`;
    case 'exists':
      return [
        `attribute_exists(${pk})`,
        ...Object.entries(condition.equals ?? {}).map(([name, value]) => `${placeholders.name(name)} = ${placeholders.value(value)}`),
      ].join(' AND ');
    case 'absentOrExpired':
      return `attribute_not_exists(${pk}) OR ${placeholders.name(TABLE_DESIGN.ttlAttribute)} < ${placeholders.value(condition.now)}`;
  }
}

/** ExpressionAttributeNames and ExpressionAttributeValues, numbered as they are used. */
class Placeholders {
  private readonly names = new Map<string, string>();
  private readonly values: Record<string, unknown> = {};
  private count = 0;

  name(attribute: string): string {
    let placeholder = this.names.get(attribute);
    if (!placeholder) {
      placeholder = `#n${this.names.size}`;
      this.names.set(attribute, placeholder);
    }
    return placeholder;
  }

  value(value: unknown): string {
    const placeholder = `:v${this.count++}`;
    this.values[placeholder] = value;
    return placeholder;
  }

  /** DynamoDB refuses empty maps here, so an expression with no placeholders sends neither. */
  attributes(): { ExpressionAttributeNames?: Record<string, string>; ExpressionAttributeValues?: Record<string, unknown> } {
    return {
      ...(this.names.size > 0 ? { ExpressionAttributeNames: Object.fromEntries([...this.names].map(([name, key]) => [key, name])) } : {}),
      ...(this.count > 0 ? { ExpressionAttributeValues: { ...this.values } } : {}),
    };
  }
}

interface RawReason {
  Code?: string;
  Item?: Record<string, AttributeValue>;
}

const PLAIN_CODES = new Set([
  'None',
  'TransactionConflict',
  'ThrottlingError',
  'ProvisionedThroughputExceeded',
  'RequestLimitExceeded',
  'ValidationError',
]);

function cancellationReason(reason: RawReason): CancellationReason | undefined {
  if (reason.Code === 'ConditionalCheckFailed') {
    // lib-dynamodb does not convert errors: the item is still in AttributeValue form.
    return reason.Item ? { code: 'ConditionalCheckFailed', item: unmarshall(reason.Item) as Item } : { code: 'ConditionalCheckFailed' };
  }
  return reason.Code && PLAIN_CODES.has(reason.Code) ? ({ code: reason.Code } as CancellationReason) : undefined;
}

function returnsOnFailure(action: WriteAction): boolean {
  return 'put' in action && action.returnOnFailure === true;
}

function errorName(error: unknown): string | undefined {
  return error instanceof Error ? error.name : undefined;
}

function validationError(message: string): Error {
  const error = new Error(message);
  error.name = 'ValidationException';
  return error;
}

function pause(milliseconds: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, milliseconds));
}
