// The Table port in memory: DynamoDB's twin for exactly these primitives, so that tests of the code
// above it run without Java and fail where DynamoDB would. Items pass through the same marshaller as
// the document client (client.ts), are stored as AttributeValue maps and read back as fresh copies;
// DynamoDB's refusals (item size, key values, transaction limits) are ValidationExceptions here too.
// The contract suite (test/contract/table.test.ts) holds it to DynamoDB Local's behaviour.
import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
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
} from './table.js';
import { KEY_ATTRIBUTES, TABLE_DESIGN } from './table-design.js';

type Stored = Record<string, AttributeValue>;

/** The document client's options (client.ts): a class instance is refused, undefined dropped. */
const MARSHALL_OPTIONS = { removeUndefinedValues: true, convertClassInstanceToMap: false } as const;
/** A Query stops once it has read this much, limit or not (DynamoDB Local does not). */
const QUERY_PAGE_BYTES = 1024 * 1024;

const PK = TABLE_DESIGN.partitionKey;
const SK = TABLE_DESIGN.sortKey;

/** One write, resolved against the current items: what it checks and what it leaves behind. */
interface Plan {
  id: string;
  condition?: Condition;
  returnOnFailure: boolean;
  /** The item after the write; undefined for a delete. */
  next: Stored | undefined;
}

export class MemoryTable implements Table {
  private readonly stored = new Map<string, Stored>();

  async get(key: Key): Promise<Item | undefined> {
    const stored = this.stored.get(idOf(checkKey(key)));
    return stored ? read(stored) : undefined;
  }

  async batchGet(keys: readonly Key[]): Promise<Item[]> {
    const ids = new Set(keys.map((key) => idOf(checkKey(key))));
    return [...ids].flatMap((id) => {
      const stored = this.stored.get(id);
      return stored ? [read(stored)] : [];
    });
  }

  async writeBatch(actions: readonly BatchAction[]): Promise<void> {
    for (let start = 0; start < actions.length; start += TABLE_LIMITS.batchWriteActions) {
      const chunk = actions.slice(start, start + TABLE_LIMITS.batchWriteActions);
      // As BatchWriteItem refuses a call naming one item twice; the port's callers never do.
      if (new Set(chunk.map((action) => this.plan(action).id)).size < chunk.length) {
        throw validationError('Provided list of item keys contains duplicates');
      }
      // Not atomic, as BatchWriteItem is not: each action stands alone, in order.
      for (const action of chunk) await this.write(action);
    }
  }

  async write(action: WriteAction): Promise<void> {
    const plan = this.plan(action);
    const current = this.stored.get(plan.id);
    if (plan.condition && !holds(plan.condition, current)) {
      throw new ConditionFailedError(plan.returnOnFailure && current ? read(current) : undefined);
    }
    this.apply(plan);
  }

  async transact(actions: readonly WriteAction[]): Promise<void> {
    if (actions.length < 1) throw validationError('transactItems must have length greater than or equal to 1');
    if (actions.length > TABLE_LIMITS.transactionActions) throw validationError('Member must have length less than or equal to 100');
    const plans = actions.map((action) => this.plan(action));
    if (new Set(plans.map((plan) => plan.id)).size < plans.length) {
      throw validationError('Transaction request cannot include multiple operations on one item');
    }
    const payload = actions.reduce((sum, action) => sum + payloadBytes(action), 0);
    if (payload > TABLE_LIMITS.transactionBytes)
      throw validationError(`Transaction payload size cannot exceed 4MB. Payload Size: ${payload}`);
    const reasons = plans.map((plan): CancellationReason => {
      const current = this.stored.get(plan.id);
      if (!plan.condition || holds(plan.condition, current)) return { code: 'None' };
      return plan.returnOnFailure && current ? { code: 'ConditionalCheckFailed', item: read(current) } : { code: 'ConditionalCheckFailed' };
    });
    if (reasons.some((reason) => reason.code !== 'None')) throw new TransactionCancelledError(reasons);
    for (const plan of plans) this.apply(plan);
  }

  async query(input: QueryInput): Promise<QueryOutput> {
    const { partitionKey, sortKey } = input.index === 'table' ? TABLE_DESIGN : TABLE_DESIGN.indexes[input.index];
    const keyAttributes = input.index === 'table' ? [PK, SK] : [PK, SK, partitionKey, sortKey];
    const inRange = sortKeyRange(input, sortKey);
    if (input.limit !== undefined && input.limit < 1) throw validationError('Limit must be greater than or equal to 1');
    for (const name of Object.keys(input.equals ?? {})) {
      if (name === partitionKey || name === sortKey) {
        throw validationError(`Filter Expression can only contain non-primary key attributes: Primary key attribute: ${name}`);
      }
    }
    const equals = Object.entries(input.equals ?? {}).map(([name, value]) => [name, toAttribute(value)] as const);
    const order = (a: Stored, b: Stored) =>
      compareBytes(text(a, sortKey), text(b, sortKey)) || compareBytes(text(a, PK), text(b, PK)) || compareBytes(text(a, SK), text(b, SK));
    const direction = input.descending ? -1 : 1;
    // Sparse: an item is in an index only when it carries both of the index's key attributes.
    let candidates = [...this.stored.values()]
      .filter((item) => item[partitionKey]?.S === input.partition && item[sortKey]?.S !== undefined && inRange(text(item, sortKey)))
      .sort((a, b) => direction * order(a, b));
    if (input.startKey) {
      const start = marshall(
        checkStartKey(input.startKey, keyAttributes, partitionKey, input.partition, sortKey, inRange),
        MARSHALL_OPTIONS,
      );
      candidates = candidates.filter((item) => direction * order(item, start) > 0);
    }
    const items: Item[] = [];
    let bytes = 0;
    for (const [position, item] of candidates.entries()) {
      bytes += itemBytes(item);
      if (equals.every(([name, value]) => attributeEquals(item[name], value))) items.push(read(item));
      const evaluated = position + 1;
      if (evaluated === input.limit || bytes >= QUERY_PAGE_BYTES) {
        // Like DynamoDB, a limit that stops on the partition's last item still hands back a key.
        const lastKey = Object.fromEntries(keyAttributes.map((name) => [name, text(item, name)]));
        return { items, lastKey };
      }
    }
    return { items };
  }

  /** Every item, as copies (tests only: to prove nothing was half-written). */
  items(): Item[] {
    return [...this.stored.entries()].sort(([a], [b]) => compareBytes(a, b)).map(([, item]) => read(item));
  }

  /** Validates the action as DynamoDB validates the request, before any condition is looked at. */
  private plan(action: WriteAction): Plan {
    if ('put' in action) {
      const next = checkItem(store(action.put));
      return {
        id: idOf({ PK: text(next, PK), SK: text(next, SK) }),
        condition: action.condition,
        returnOnFailure: !!action.returnOnFailure,
        next,
      };
    }
    if ('delete' in action) {
      return { id: idOf(checkKey(action.delete)), condition: action.condition, returnOnFailure: false, next: undefined };
    }
    const key = checkKey(action.update);
    const set = store(action.set);
    if (Object.keys(set).length === 0) throw validationError('an update must set at least one attribute');
    for (const name of [PK, SK]) {
      if (name in set)
        throw validationError(
          `One or more parameter values were invalid: Cannot update attribute ${name}. This attribute is part of the key`,
        );
    }
    const id = idOf(key);
    const next = checkItem({ ...(this.stored.get(id) ?? store(key)), ...set });
    return { id, condition: action.condition, returnOnFailure: false, next };
  }

  private apply(plan: Plan): void {
    if (plan.next) this.stored.set(plan.id, plan.next);
    else this.stored.delete(plan.id);
  }
}

// ── items ────────────────────────────────────────────────────────────────────
/** Marshalled as the document client would, and cloned so the caller's later changes cannot reach it. */
function store(item: Item): Stored {
  return structuredClone(marshall(item, MARSHALL_OPTIONS));
}

function read(stored: Stored): Item {
  return unmarshall(structuredClone(stored)) as Item;
}

function idOf(key: Key): string {
  return JSON.stringify([key.PK, key.SK]);
}

function text(item: Stored, name: string): string {
  return item[name]?.S ?? '';
}

function checkKey(key: Key): Key {
  const names = Object.keys(key);
  if (names.length !== 2 || !names.includes(PK) || !names.includes(SK)) {
    throw validationError('The provided key element does not match the schema');
  }
  for (const name of [PK, SK]) {
    const value: unknown = key[name as keyof Key];
    if (typeof value !== 'string') throw validationError('The provided key element does not match the schema');
    if (value === '') throw emptyKeyError(name);
  }
  return key;
}

/** The checks DynamoDB makes of an item it is asked to store. */
function checkItem(item: Stored): Stored {
  for (const name of [PK, SK]) {
    const value = item[name];
    if (!value) throw validationError('One of the required keys was not given a value');
    if (value.S === undefined) throw validationError('One or more parameter values were invalid: Type mismatch for key');
    if (value.S === '') throw emptyKeyError(name);
  }
  for (const name of KEY_ATTRIBUTES.filter((name) => name !== PK && name !== SK)) {
    const value = item[name];
    if (!value) continue;
    if (value.S === undefined) throw validationError('One or more parameter values were invalid: Type mismatch for Index Key');
    if (value.S === '') {
      throw validationError(
        `One or more parameter values are not valid. A value specified for a secondary index key is not supported. The AttributeValue for a key attribute cannot contain an empty string value. IndexKey: ${name}`,
      );
    }
  }
  if (itemBytes(item) > TABLE_LIMITS.itemBytes) throw validationError('Item size has exceeded the maximum allowed size');
  return item;
}

function emptyKeyError(name: string): Error {
  return validationError(
    `One or more parameter values are not valid. The AttributeValue for a key attribute cannot contain an empty string value. Key: ${name}`,
  );
}

function validationError(message: string): Error {
  const error = new Error(message);
  error.name = 'ValidationException';
  return error;
}

// ── sizes, as DynamoDB counts them ───────────────────────────────────────────
const utf8Bytes = (value: string) => Buffer.byteLength(value, 'utf8');

/** Attribute names and values: what counts against the 400 KB limit. */
function itemBytes(item: Stored): number {
  return Object.entries(item).reduce((sum, [name, value]) => sum + utf8Bytes(name) + valueBytes(value), 0);
}

function valueBytes(value: AttributeValue): number {
  if (value.S !== undefined) return utf8Bytes(value.S);
  if (value.N !== undefined) return numberBytes(value.N);
  if (value.B !== undefined) return value.B.byteLength;
  if (value.SS !== undefined) return value.SS.reduce((sum, member) => sum + utf8Bytes(member), 0);
  if (value.NS !== undefined) return value.NS.reduce((sum, member) => sum + numberBytes(member), 0);
  if (value.BS !== undefined) return value.BS.reduce((sum, member) => sum + member.byteLength, 0);
  // A list or a map: 3 bytes, and 1 more per element (plus its name, in a map).
  if (value.L !== undefined) return 3 + value.L.reduce((sum, member) => sum + 1 + valueBytes(member), 0);
  if (value.M !== undefined) {
    return 3 + Object.entries(value.M).reduce((sum, [name, member]) => sum + 1 + utf8Bytes(name) + valueBytes(member), 0);
  }
  return 1; // BOOL, NULL
}

/**
 * DynamoDB stores a number as base-100 digit pairs aligned on the decimal point, leading and
 * trailing zero pairs dropped, plus one byte (and one more when negative). DynamoDB Local agrees.
 */
function numberBytes(number: string): number {
  const match = /^(-?)(\d*)(?:\.(\d*))?(?:e([+-]?\d+))?$/i.exec(number.trim());
  if (!match) return number.length;
  const [, sign = '', whole = '', fraction = '', exponent = '0'] = match;
  let digits = whole + fraction;
  let point = whole.length + Number(exponent);
  if (point % 2 !== 0) {
    digits = `0${digits}`;
    point += 1;
  }
  if (point < 0) digits = '0'.repeat(-point) + digits;
  if (digits.length % 2 !== 0) digits += '0';
  const pairs = (digits.match(/../g) ?? [])
    .join(',')
    .replace(/^(00,?)+/, '')
    .replace(/(,?00)+$/, '');
  const count = pairs === '' ? 0 : pairs.split(',').length;
  return count + 1 + (sign === '-' ? 1 : 0);
}

/** What a transaction action adds to the 4 MB payload: the item put, or the key and values sent. */
function payloadBytes(action: WriteAction): number {
  if ('put' in action) return itemBytes(store(action.put));
  if ('delete' in action) return itemBytes(store(action.delete));
  return itemBytes(store(action.update)) + itemBytes(store(action.set));
}

// ── conditions and comparisons ───────────────────────────────────────────────
/** As DynamoDB evaluates the ConditionExpression dynamodb-table.ts writes for the condition. */
function holds(condition: Condition, current: Stored | undefined): boolean {
  switch (condition.kind) {
    case 'absent':
      return current === undefined;
    case 'exists':
      return (
        current !== undefined &&
        Object.entries(condition.equals ?? {}).every(([name, value]) => attributeEquals(current[name], toAttribute(value)))
      );
    case 'absentOrExpired': {
      if (current === undefined) return true;
      const ttl = current[TABLE_DESIGN.ttlAttribute]?.N;
      return ttl !== undefined && Number(ttl) < condition.now;
    }
  }
}

function toAttribute(value: string | number): AttributeValue {
  const marshalled = marshall({ value }, MARSHALL_OPTIONS).value;
  if (!marshalled) throw new Error('a condition value must be a string or a number');
  return marshalled;
}

/** `=` in an expression: same type and value (numbers compared as numbers, so 1 = 1.0). */
function attributeEquals(stored: AttributeValue | undefined, expected: AttributeValue): boolean {
  if (stored === undefined) return false;
  if (expected.S !== undefined) return stored.S === expected.S;
  if (expected.N !== undefined) return stored.N !== undefined && Number(stored.N) === Number(expected.N);
  return false;
}

/** DynamoDB orders strings by their UTF-8 bytes (not by UTF-16 code units, nor by locale). */
function compareBytes(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
}

function sortKeyRange(input: QueryInput, sortKey: string): (value: string) => boolean {
  const { lower, upper, prefix } = input;
  if (prefix !== undefined && (lower !== undefined || upper !== undefined)) {
    throw new Error('a query takes a prefix or bounds on the sort key, not both');
  }
  if (input.partition === '') throw emptyKeyError(input.index === 'table' ? PK : TABLE_DESIGN.indexes[input.index].partitionKey);
  for (const bound of [lower, upper, prefix]) if (bound === '') throw emptyKeyError(sortKey);
  if (lower !== undefined && upper !== undefined && compareBytes(lower, upper) > 0) {
    throw validationError(
      'Invalid KeyConditionExpression: The BETWEEN operator requires upper bound to be greater than or equal to lower bound',
    );
  }
  return (value) =>
    (lower === undefined || compareBytes(value, lower) >= 0) &&
    (upper === undefined || compareBytes(value, upper) <= 0) &&
    (prefix === undefined || Buffer.from(value, 'utf8').subarray(0, utf8Bytes(prefix)).equals(Buffer.from(prefix, 'utf8')));
}

/** The checks DynamoDB makes of an ExclusiveStartKey: the query's key attributes, inside its range. */
function checkStartKey(
  startKey: Item,
  keyAttributes: readonly string[],
  partitionKey: string,
  partition: string,
  sortKey: string,
  inRange: (value: string) => boolean,
): Item {
  if (!keyAttributes.every((name) => typeof startKey[name] === 'string' && startKey[name] !== '')) {
    throw validationError('The provided starting key is invalid');
  }
  if (Object.keys(startKey).length !== keyAttributes.length)
    throw validationError("Exclusive Start Key must have same size as table's key schema");
  if (startKey[partitionKey] !== partition || !inRange(String(startKey[sortKey]))) {
    throw validationError('The provided starting key does not match the range key predicate');
  }
  return startKey;
}
