// One contract for the Table port, run against the in-memory twin and against DynamoDB Local: the
// twin passes only where it behaves as DynamoDB does (conditions, cancellation reasons, limits,
// refusals, key order, paging). At the end, what only the DynamoDB adapter does with the client
// (placeholders, batching, retries, errors passed through) is checked on a scripted client.
import { DynamoDBClient, ProvisionedThroughputExceededException, TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import {
  BatchGetCommand,
  DynamoDBDocumentClient,
  PutCommand,
  QueryCommand,
  TransactWriteCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, beforeEach, describe, expect, test } from '@jest/globals';
import { mockClient } from 'aws-sdk-client-mock';
import { DynamoDbTable } from '../../functions/adapters/dynamodb/dynamodb-table.js';
import { MemoryTable } from '../../functions/adapters/table/memory-table.js';
import {
  ConditionFailedError,
  type Item,
  type Key,
  type QueryInput,
  type Table,
  TransactionCancelledError,
  type WriteAction,
} from '../../functions/adapters/table/table.js';
import { type IndexName, TABLE_DESIGN } from '../../functions/adapters/table/table-design.js';
import { createTestTable } from '../support/dynamodb.js';

interface Subject {
  table: Table;
  /** Every item stored, to prove a refused write left nothing behind. */
  items(): Promise<Item[]>;
  close(): Promise<void>;
}

const implementations: [string, () => Promise<Subject>][] = [
  [
    'MemoryTable',
    async () => {
      const table = new MemoryTable();
      return { table, items: async () => table.items(), close: async () => {} };
    },
  ],
  [
    'DynamoDbTable on DynamoDB Local',
    async () => {
      const test = await createTestTable();
      return {
        table: new DynamoDbTable({ client: test.client, tableName: test.tableName }),
        items: () => test.allItems(),
        close: () => test.drop(),
      };
    },
  ],
];

/** The error a promise is rejected with, narrowed to the expected class. */
async function rejection<T>(promise: Promise<unknown>, type: abstract new (...args: never[]) => T): Promise<T> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof type) return error;
    throw error;
  }
  throw new Error(`expected a rejection with ${type.name}`);
}

async function expectValidation(promise: Promise<unknown>): Promise<void> {
  await expect(promise).rejects.toMatchObject({ name: 'ValidationException' });
}

let scopes = 0;
/** A key prefix of the test's own, so tests sharing a table never see each other's items. */
const newScope = () => `S${++scopes}`;

describe.each(implementations)('%s', (_name, open) => {
  let subject: Subject;
  let table: Table;
  let scope: string;
  const key = (id: string, sk = 'META'): Key => ({ PK: `${scope}#${id}`, SK: sk });
  const mine = async () => (await subject.items()).filter((item) => String(item.PK).startsWith(`${scope}#`));

  beforeAll(async () => {
    subject = await open();
    table = subject.table;
  });
  afterAll(async () => {
    await subject.close();
  });
  beforeEach(() => {
    scope = newScope();
  });

  describe('put and get', () => {
    test('an item comes back as written: nested maps, lists, numbers, booleans, null', async () => {
      // Prepare
      const item = {
        ...key('a'),
        name: 'Sandeshkhali',
        count: 42,
        ratio: -0.125,
        open: true,
        closed: false,
        nothing: null,
        tags: ['x', 2, false, { deep: ['y'] }],
        address: { block: 'Hingalganj', pin: 743435, geo: { lat: 22.1, lng: 88.9 }, empty: {} },
        emptyList: [],
        blank: '',
      };
      // Act
      await table.write({ put: item });
      // Assess
      expect(await table.get(key('a'))).toEqual(item);
    });

    test('a missing key reads as undefined', async () => {
      expect(await table.get(key('missing'))).toBeUndefined();
    });

    test('an undefined attribute is not stored', async () => {
      await table.write({ put: { ...key('a'), kept: 1, dropped: undefined } });
      const stored = await table.get(key('a'));
      expect(stored).toEqual({ ...key('a'), kept: 1 });
      expect(stored && 'dropped' in stored).toBe(false);
    });

    test('a put replaces the whole item', async () => {
      await table.write({ put: { ...key('a'), first: 1, shared: 'old' } });
      await table.write({ put: { ...key('a'), shared: 'new' } });
      expect(await table.get(key('a'))).toEqual({ ...key('a'), shared: 'new' });
    });

    test('changing the written object or the item read afterwards does not change what is stored', async () => {
      // Prepare
      const item = { ...key('a'), nested: { list: [1, 2] }, bytes: new Uint8Array([1, 2]) };
      await table.write({ put: item });
      // Act
      item.nested.list.push(3);
      item.bytes[0] = 9;
      const read = await table.get(key('a'));
      if (read) {
        (read.nested as { list: number[] }).list.push(4);
        (read.bytes as Uint8Array)[1] = 9;
      }
      // Assess
      expect(await table.get(key('a'))).toEqual({ ...key('a'), nested: { list: [1, 2] }, bytes: new Uint8Array([1, 2]) });
    });
  });

  describe('refusals the marshaller makes', () => {
    test('a Date is refused before anything is sent, and nothing is stored', async () => {
      await expect(table.write({ put: { ...key('a'), at: new Date() } })).rejects.toThrow(/convertClassInstanceToMap/);
      expect(await table.get(key('a'))).toBeUndefined();
    });

    test('an instance of a class is refused, in a transaction too', async () => {
      class Point {
        constructor(readonly x: number) {}
      }
      await expect(table.transact([{ put: { ...key('a') } }, { put: { ...key('b'), at: new Point(1) } }])).rejects.toThrow(
        /convertClassInstanceToMap/,
      );
      expect(await mine()).toEqual([]);
    });
  });

  describe('refusals DynamoDB makes (ValidationException)', () => {
    test.each(['PK', 'SK'])('an item whose %s is an empty string', async (name) => {
      await expectValidation(table.write({ put: { ...key('a'), [name]: '' } }));
      expect(await mine()).toEqual([]);
    });

    test.each(['GSI1PK', 'GSI2SK', 'GSI3PK'])('an item whose index key %s is an empty string', async (name) => {
      await expectValidation(table.write({ put: { ...key('a'), [name]: '' } }));
      expect(await mine()).toEqual([]);
    });

    test('an item whose index key is not a string', async () => {
      await expectValidation(table.write({ put: { ...key('a'), GSI1PK: 7, GSI1SK: 'x' } }));
    });

    test('an update that sets an index key to an empty string', async () => {
      await table.write({ put: { ...key('a'), GSI1PK: 'P', GSI1SK: 'x' } });
      await expectValidation(table.write({ update: key('a'), set: { GSI1PK: '' } }));
      expect(await table.get(key('a'))).toEqual({ ...key('a'), GSI1PK: 'P', GSI1SK: 'x' });
    });

    test('a key with an empty string: on get, delete and batchGet', async () => {
      await expectValidation(table.get({ PK: '', SK: 'META' }));
      await expectValidation(table.write({ delete: { PK: key('a').PK, SK: '' } }));
      await expectValidation(table.batchGet([key('a'), { PK: '', SK: 'META' }]));
    });

    test('an empty-string key inside a transaction refuses the whole transaction', async () => {
      await expectValidation(table.transact([{ put: { ...key('a') } }, { put: { ...key('b'), GSI2SK: '' } }]));
      expect(await mine()).toEqual([]);
    });

    test('an item at exactly 400 KB is stored; one byte more is refused', async () => {
      // Prepare: names and values count, strings as UTF-8, numbers as base-100 digit pairs + 1 byte
      // (+1 when negative), a list or map 3 bytes + 1 per element:
      //   PK 2 + |PK|, SK 2 + 4 ('META'), n 1 + 3 (12.5), neg 3 + 3 (-0.001), é 2 + 2,
      //   m 1 + (3 + 1 + 1 + (3 + (1 + 2) + (1 + 1) + (1 + (3 + 1 + 1 + 1)))) = 21, d 1 + fill
      const fixed = 2 + key('a').PK.length + 6 + 4 + 6 + 4 + 21 + 1;
      const item = (fill: number) => ({ ...key('a'), n: 12.5, neg: -0.001, é: 'é', m: { a: [1, 'x', { c: true }] }, d: 'x'.repeat(fill) });
      // Act
      await table.write({ put: item(400 * 1024 - fixed) });
      const refused = table.write({ put: item(400 * 1024 - fixed + 1) });
      // Assess
      await expectValidation(refused);
      expect(await table.get(key('a'))).toEqual(item(400 * 1024 - fixed));
    });

    test('an item over 400 KB is refused on its own and inside a transaction', async () => {
      const big = { ...key('big'), data: 'x'.repeat(401 * 1024) };
      await expectValidation(table.write({ put: big }));
      await expectValidation(table.transact([{ put: key('small') }, { put: big }]));
      expect(await mine()).toEqual([]);
    });

    test('an update that would grow an item past 400 KB is refused', async () => {
      await table.write({ put: { ...key('a'), first: 'x'.repeat(300 * 1024) } });
      await expectValidation(table.write({ update: key('a'), set: { second: 'y'.repeat(200 * 1024) } }));
      expect(await table.get(key('a'))).toEqual({ ...key('a'), first: 'x'.repeat(300 * 1024) });
    });

    test('a transaction of more than 100 actions', async () => {
      const actions = Array.from({ length: 101 }, (_, i): WriteAction => ({ put: key(`item${i}`) }));
      await expectValidation(table.transact(actions));
      expect(await mine()).toEqual([]);
    });

    test('a transaction of no action', async () => {
      await expectValidation(table.transact([]));
    });

    test('a transaction with two actions on one key', async () => {
      await expectValidation(table.transact([{ put: { ...key('a'), n: 1 } }, { update: key('a'), set: { n: 2 } }]));
      expect(await mine()).toEqual([]);
    });

    test('a transaction over 4 MB', async () => {
      const actions = Array.from({ length: 11 }, (_, i): WriteAction => ({ put: { ...key(`item${i}`), data: 'x'.repeat(390 * 1024) } }));
      await expectValidation(table.transact(actions));
      expect(await mine()).toEqual([]);
    });

    test('an update of a key attribute', async () => {
      await table.write({ put: key('a') });
      await expectValidation(table.write({ update: key('a'), set: { SK: 'OTHER' } }));
    });

    test('an update that sets nothing', async () => {
      await expectValidation(table.write({ update: key('a'), set: {} }));
      await expectValidation(table.transact([{ update: key('b'), set: { gone: undefined } }]));
      expect(await mine()).toEqual([]);
    });
  });

  describe('conditions on a write', () => {
    test('absent: a put onto a free key succeeds', async () => {
      await table.write({ put: { ...key('a'), v: 1 }, condition: { kind: 'absent' } });
      expect(await table.get(key('a'))).toEqual({ ...key('a'), v: 1 });
    });

    test.each([false, true])('absent: a put onto a taken key fails (returnOnFailure %s) and keeps the item', async (returnOnFailure) => {
      // Prepare
      const stored = { ...key('a'), v: 1, nested: { x: [1] } };
      await table.write({ put: stored });
      // Act
      const error = await rejection(
        table.write({ put: { ...key('a'), v: 2 }, condition: { kind: 'absent' }, returnOnFailure }),
        ConditionFailedError,
      );
      // Assess
      expect(error.item).toEqual(returnOnFailure ? stored : undefined);
      expect(await table.get(key('a'))).toEqual(stored);
    });

    test('exists: a put onto a free key fails with no item to return, and creates nothing', async () => {
      const error = await rejection(
        table.write({ put: key('a'), condition: { kind: 'exists' }, returnOnFailure: true }),
        ConditionFailedError,
      );
      expect(error.item).toBeUndefined();
      expect(await table.get(key('a'))).toBeUndefined();
    });

    test('exists with equals: the version check passes on the stored version', async () => {
      await table.write({ put: { ...key('a'), version: 3, status: 'open' } });
      await table.write({
        put: { ...key('a'), version: 4, status: 'closed' },
        condition: { kind: 'exists', equals: { version: 3, status: 'open' } },
      });
      expect(await table.get(key('a'))).toEqual({ ...key('a'), version: 4, status: 'closed' });
    });

    test.each([false, true])('exists with equals: a stale version fails (returnOnFailure %s)', async (returnOnFailure) => {
      // Prepare
      const stored = { ...key('a'), version: 4 };
      await table.write({ put: stored });
      // Act
      const error = await rejection(
        table.write({ put: { ...key('a'), version: 4 }, condition: { kind: 'exists', equals: { version: 3 } }, returnOnFailure }),
        ConditionFailedError,
      );
      // Assess
      expect(error.item).toEqual(returnOnFailure ? stored : undefined);
      expect(await table.get(key('a'))).toEqual(stored);
    });

    test.each<[string, Item, Record<string, string | number>]>([
      ['a stored number and a string', { version: 1 }, { version: '1' }],
      ['a stored string and a number', { version: '1' }, { version: 1 }],
      ['a missing attribute', { version: 1 }, { status: 'open' }],
    ])('exists with equals: %s are never equal', async (_case, stored, equals) => {
      await table.write({ put: { ...key('a'), ...stored } });
      await expect(table.write({ put: key('a'), condition: { kind: 'exists', equals } })).rejects.toBeInstanceOf(ConditionFailedError);
      expect(await table.get(key('a'))).toEqual({ ...key('a'), ...stored });
    });

    test('exists with equals: numbers compare as numbers', async () => {
      await table.write({ put: { ...key('a'), ratio: 0.5 } });
      await table.write({ put: { ...key('a'), ratio: 1 }, condition: { kind: 'exists', equals: { ratio: 0.5 } } });
      expect(await table.get(key('a'))).toEqual({ ...key('a'), ratio: 1 });
    });

    test.each([
      ['no item', undefined, true],
      ['an expired item', 999, true],
      ['an item expiring now', 1000, false],
      ['an unexpired item', 1001, false],
    ])('absentOrExpired over %s', async (_case, ttl, succeeds) => {
      // Prepare
      const stored = { ...key('a'), ttl, claim: 'old' };
      if (ttl !== undefined) await table.write({ put: stored });
      // Act
      const written = table.write({
        put: { ...key('a'), claim: 'new' },
        condition: { kind: 'absentOrExpired', now: 1000 },
        returnOnFailure: true,
      });
      // Assess
      if (succeeds) {
        await written;
        expect(await table.get(key('a'))).toEqual({ ...key('a'), claim: 'new' });
      } else {
        expect((await rejection(written, ConditionFailedError)).item).toEqual(stored);
      }
    });

    test('absentOrExpired: an item without a ttl never counts as expired', async () => {
      await table.write({ put: { ...key('a'), claim: 'old' } });
      const error = await rejection(
        table.write({ put: key('a'), condition: { kind: 'absentOrExpired', now: 1000 } }),
        ConditionFailedError,
      );
      expect(error.item).toBeUndefined();
    });

    test('absentOrExpired: a ttl stored as a string never counts as expired', async () => {
      await table.write({ put: { ...key('a'), ttl: '1' } });
      await expect(table.write({ put: key('a'), condition: { kind: 'absentOrExpired', now: 1000 } })).rejects.toBeInstanceOf(
        ConditionFailedError,
      );
    });
  });

  describe('delete', () => {
    test('with a condition that holds, the item is gone', async () => {
      await table.write({ put: { ...key('a'), status: 'pending' } });
      await table.write({ delete: key('a'), condition: { kind: 'exists', equals: { status: 'pending' } } });
      expect(await table.get(key('a'))).toBeUndefined();
    });

    test('with a condition that fails, the item stays', async () => {
      await table.write({ put: { ...key('a'), status: 'sent' } });
      await expect(table.write({ delete: key('a'), condition: { kind: 'exists', equals: { status: 'pending' } } })).rejects.toBeInstanceOf(
        ConditionFailedError,
      );
      expect(await table.get(key('a'))).toEqual({ ...key('a'), status: 'sent' });
    });

    test('of a missing key without a condition is no error', async () => {
      await table.write({ delete: key('missing') });
      expect(await table.get(key('missing'))).toBeUndefined();
    });
  });

  describe('update', () => {
    test('SET replaces the named top-level attributes and keeps the others', async () => {
      await table.write({ put: { ...key('a'), status: 'pending', at: 't1', nested: { a: 1 } } });
      await table.write({ update: key('a'), set: { status: 'sent', messageId: 'm-1', nested: { b: 2 } }, condition: { kind: 'exists' } });
      expect(await table.get(key('a'))).toEqual({ ...key('a'), status: 'sent', at: 't1', messageId: 'm-1', nested: { b: 2 } });
    });

    test('on a missing key without a condition creates the item', async () => {
      await table.write({ update: key('a'), set: { status: 'sent', skipped: undefined } });
      expect(await table.get(key('a'))).toEqual({ ...key('a'), status: 'sent' });
    });

    test('on a missing key with an exists condition fails and creates nothing', async () => {
      await expect(table.write({ update: key('a'), set: { status: 'sent' }, condition: { kind: 'exists' } })).rejects.toBeInstanceOf(
        ConditionFailedError,
      );
      expect(await table.get(key('a'))).toBeUndefined();
    });
  });

  describe('transact', () => {
    test('every action happens when every condition holds', async () => {
      // Prepare
      await table.write({ put: { ...key('versioned'), version: 1 } });
      await table.write({ put: { ...key('pending'), status: 'pending' } });
      // Act
      await table.transact([
        { put: { ...key('new') }, condition: { kind: 'absent' } },
        { put: { ...key('versioned'), version: 2 }, condition: { kind: 'exists', equals: { version: 1 } } },
        { delete: key('pending'), condition: { kind: 'exists', equals: { status: 'pending' } } },
        { update: key('counter'), set: { n: 1 } },
      ]);
      // Assess
      expect(await mine()).toEqual(expect.arrayContaining([key('new'), { ...key('versioned'), version: 2 }, { ...key('counter'), n: 1 }]));
      expect(await mine()).toHaveLength(3);
    });

    test('one failed condition cancels all, with one reason per action in order', async () => {
      // Prepare
      const versioned = { ...key('versioned'), version: 2, nested: { list: [1, 'a'] } };
      const sent = { ...key('sent'), status: 'sent' };
      await table.write({ put: versioned });
      await table.write({ put: sent });
      // Act
      const error = await rejection(
        table.transact([
          { put: key('new'), condition: { kind: 'absent' } },
          { put: { ...key('versioned'), version: 3 }, condition: { kind: 'exists', equals: { version: 1 } }, returnOnFailure: true },
          { update: key('counter'), set: { n: 1 } },
          { delete: key('sent'), condition: { kind: 'exists', equals: { status: 'pending' } } },
          { put: { ...key('sent2') }, condition: { kind: 'absentOrExpired', now: 1 } },
          { put: { ...key('versioned2') }, condition: { kind: 'exists' }, returnOnFailure: true },
        ]),
        TransactionCancelledError,
      );
      // Assess
      expect(error.reasons).toEqual([
        { code: 'None' },
        { code: 'ConditionalCheckFailed', item: versioned },
        { code: 'None' },
        { code: 'ConditionalCheckFailed' },
        { code: 'None' },
        { code: 'ConditionalCheckFailed' },
      ]);
      expect(await mine()).toEqual(expect.arrayContaining([versioned, sent]));
      expect(await mine()).toHaveLength(2);
    });

    test('a failed condition carries the stored item only when the action asked for it', async () => {
      await table.write({ put: { ...key('a'), v: 1 } });
      const error = await rejection(table.transact([{ put: key('a'), condition: { kind: 'absent' } }]), TransactionCancelledError);
      expect(error.reasons).toEqual([{ code: 'ConditionalCheckFailed' }]);
    });

    test('a transaction of 100 actions is taken', async () => {
      await table.transact(Array.from({ length: 100 }, (_, i): WriteAction => ({ put: key(`item${i}`), condition: { kind: 'absent' } })));
      expect(await mine()).toHaveLength(100);
    });
  });

  describe('query', () => {
    const put = (item: Item) => table.write({ put: item });
    const all = async (input: QueryInput) => {
      const pages: { items: Item[]; lastKey?: Item }[] = [];
      let startKey: Item | undefined;
      do {
        const page = await table.query({ ...input, ...(startKey ? { startKey } : {}) });
        pages.push(page);
        startKey = page.lastKey;
      } while (startKey);
      return pages;
    };
    const ids = (items: Item[]) => items.map((item) => item.id);

    test('on the table, by sort-key prefix, in key order', async () => {
      // Prepare
      const partition = `${scope}#INCIDENT`;
      for (const sk of ['SMS#001', 'HISTORY#002', 'META', 'HISTORY#001', 'HISTORYX']) await put({ PK: partition, SK: sk, id: sk });
      // Act
      const result = await table.query({ index: 'table', partition, prefix: 'HISTORY#' });
      // Assess
      expect(result).toEqual({
        items: [
          { PK: partition, SK: 'HISTORY#001', id: 'HISTORY#001' },
          { PK: partition, SK: 'HISTORY#002', id: 'HISTORY#002' },
        ],
      });
    });

    test('sort keys are ordered by UTF-8 bytes, as DynamoDB orders strings', async () => {
      // Prepare: UTF-16 order puts the emoji (a surrogate pair) before U+FF21; a locale puts 'a' before 'B'.
      const partition = `${scope}#P`;
      for (const sk of ['😀', '\uFF21', 'é', 'a', 'Z', 'B']) await put({ PK: partition, SK: sk, id: sk });
      // Act
      const ascending = await table.query({ index: 'table', partition });
      const between = await table.query({ index: 'table', partition, lower: 'a', upper: '\uFF21' });
      // Assess
      expect(ids(ascending.items)).toEqual(['B', 'Z', 'a', 'é', '\uFF21', '😀']);
      expect(ids(between.items)).toEqual(['a', 'é', '\uFF21']);
    });

    describe.each(Object.keys(TABLE_DESIGN.indexes) as IndexName[])('on the %s index', (index) => {
      const { partitionKey, sortKey } = TABLE_DESIGN.indexes[index];
      let partition: string;
      beforeEach(async () => {
        partition = `${scope}#${index}`;
        for (const day of [3, 1, 5, 2, 4]) {
          await put({ ...key(`item${day}`), id: day, [partitionKey]: partition, [sortKey]: `2026-01-0${day}#id${day}` });
        }
      });

      test('the whole partition, ascending', async () => {
        expect(ids((await table.query({ index, partition })).items)).toEqual([1, 2, 3, 4, 5]);
      });

      test('from a lower bound, inclusive', async () => {
        expect(ids((await table.query({ index, partition, lower: '2026-01-02#id2' })).items)).toEqual([2, 3, 4, 5]);
      });

      test('up to an upper bound, inclusive', async () => {
        expect(ids((await table.query({ index, partition, upper: '2026-01-03#id3' })).items)).toEqual([1, 2, 3]);
      });

      test('between both bounds, inclusive', async () => {
        expect(ids((await table.query({ index, partition, lower: '2026-01-02#id2', upper: '2026-01-04#id4' })).items)).toEqual([2, 3, 4]);
      });

      test('descending', async () => {
        expect(ids((await table.query({ index, partition, upper: '2026-01-04#~', descending: true })).items)).toEqual([4, 3, 2, 1]);
      });

      test('the last key holds the table key and the index key', async () => {
        const { lastKey } = await table.query({ index, partition, limit: 2 });
        expect(lastKey).toEqual({ ...key('item2'), [partitionKey]: partition, [sortKey]: '2026-01-02#id2' });
      });

      test('another partition of the index is not read', async () => {
        expect((await table.query({ index, partition: `${partition}-other` })).items).toEqual([]);
      });
    });

    test('limit and startKey page through a partition, each page after the last', async () => {
      // Prepare
      const partition = `${scope}#PAGES`;
      for (let i = 1; i <= 7; i++) await put({ ...key(`item${i}`), id: i, GSI1PK: partition, GSI1SK: `k${i}` });
      // Act
      const pages = await all({ index: 'timeline', partition, limit: 3, descending: true });
      // Assess
      expect(pages.map((page) => ids(page.items))).toEqual([[7, 6, 5], [4, 3, 2], [1]]);
      expect(pages.map((page) => page.lastKey !== undefined)).toEqual([true, true, false]);
    });

    test('a limit that stops on the last item still returns a lastKey, and the next page is empty', async () => {
      // Prepare
      const partition = `${scope}#EXACT`;
      for (let i = 1; i <= 6; i++) await put({ PK: partition, SK: `k${i}`, id: i });
      // Act
      const pages = await all({ index: 'table', partition, limit: 3 });
      // Assess
      expect(pages.map((page) => ids(page.items))).toEqual([[1, 2, 3], [4, 5, 6], []]);
      expect(pages[1]?.lastKey).toEqual({ PK: partition, SK: 'k6' });
      expect(pages[2]?.lastKey).toBeUndefined();
    });

    test('equals filters after the limit: a page can hold fewer items than the limit and still a lastKey', async () => {
      // Prepare
      const partition = `${scope}#FILTER`;
      const statuses = ['open', 'closed', 'closed', 'open', 'closed', 'open'];
      for (const [i, status] of statuses.entries()) await put({ PK: partition, SK: `k${i + 1}`, id: i + 1, status });
      // Act
      const pages = await all({ index: 'table', partition, limit: 3, equals: { status: 'open' } });
      // Assess
      expect(pages.map((page) => ids(page.items))).toEqual([[1], [4, 6], []]);
      expect(pages[0]?.lastKey).toEqual({ PK: partition, SK: 'k3' });
    });

    test('equals on several attributes must all hold', async () => {
      const partition = `${scope}#FILTER2`;
      await put({ PK: partition, SK: 'a', id: 'a', status: 'open', category: 'x' });
      await put({ PK: partition, SK: 'b', id: 'b', status: 'open', category: 'y' });
      const result = await table.query({ index: 'table', partition, equals: { status: 'open', category: 'y' } });
      expect(ids(result.items)).toEqual(['b']);
    });

    test('items with equal index sort keys are each served once across pages', async () => {
      // Prepare: the order among equal index keys is DynamoDB's to choose, so only the set is checked.
      const partition = `${scope}#TIES`;
      for (let i = 1; i <= 5; i++) await put({ ...key(`item${i}`), id: i, GSI2PK: partition, GSI2SK: 'same' });
      // Act
      const pages = await all({ index: 'lookup', partition, limit: 2 });
      // Assess
      expect(pages.flatMap((page) => ids(page.items)).sort()).toEqual([1, 2, 3, 4, 5]);
    });

    test('an index is sparse: only items with both of its key attributes are in it', async () => {
      // Prepare
      const partition = `${scope}#OPEN`;
      await put({ ...key('both'), id: 'both', GSI3PK: partition, GSI3SK: 'k1' });
      await put({ ...key('partitionOnly'), id: 'partitionOnly', GSI3PK: partition });
      await put({ ...key('otherIndex'), id: 'otherIndex', GSI1PK: partition, GSI1SK: 'k2' });
      // Act
      const before = await table.query({ index: 'due', partition });
      await table.write({ update: key('partitionOnly'), set: { GSI3SK: 'k0' } });
      const after = await table.query({ index: 'due', partition });
      // Assess
      expect(ids(before.items)).toEqual(['both']);
      expect(ids(after.items)).toEqual(['partitionOnly', 'both']);
    });

    test('a partition of more than 1 MB is served in full across pages', async () => {
      // Prepare: DynamoDB stops a page at 1 MB read (DynamoDB Local does not; the twin does).
      const partition = `${scope}#BIG`;
      for (let i = 1; i <= 5; i++) await put({ PK: partition, SK: `k${i}`, id: i, data: 'x'.repeat(300 * 1024) });
      // Act
      const pages = await all({ index: 'table', partition });
      // Assess
      expect(pages.flatMap((page) => ids(page.items))).toEqual([1, 2, 3, 4, 5]);
    });

    test('a prefix together with bounds is refused', async () => {
      await expect(table.query({ index: 'table', partition: `${scope}#P`, prefix: 'a', lower: 'a' })).rejects.toThrow(/prefix or bounds/);
    });

    test.each<[string, (partition: string) => QueryInput]>([
      ['an empty partition', () => ({ index: 'table', partition: '' })],
      ['an empty prefix', (partition) => ({ index: 'table', partition, prefix: '' })],
      ['a lower bound above the upper', (partition) => ({ index: 'timeline', partition, lower: 'b', upper: 'a' })],
      ['a limit of 0', (partition) => ({ index: 'table', partition, limit: 0 })],
      ['equals on the sort key of the table', (partition) => ({ index: 'table', partition, equals: { SK: 'a' } })],
      ['equals on the partition key of the index', (partition) => ({ index: 'lookup', partition, equals: { GSI2PK: 'a' } })],
      ['a startKey of another partition', (partition) => ({ index: 'table', partition, startKey: { PK: `${partition}-other`, SK: 'a' } })],
      ['a startKey outside the prefix', (partition) => ({ index: 'table', partition, prefix: 'b', startKey: { PK: partition, SK: 'a' } })],
      ['a startKey without the index key', (partition) => ({ index: 'timeline', partition, startKey: { PK: partition, SK: 'a' } })],
    ])('%s is refused', async (_case, input) => {
      const partition = `${scope}#Q`;
      await put({ PK: partition, SK: 'a', GSI1PK: partition, GSI1SK: 'a', GSI2PK: partition, GSI2SK: 'a' });
      await expectValidation(table.query(input(partition)));
    });

    test('equals may name the table key when querying an index', async () => {
      const partition = `${scope}#BYTABLEKEY`;
      await put({ ...key('a'), id: 'a', GSI1PK: partition, GSI1SK: 'k1' });
      await put({ ...key('b'), id: 'b', GSI1PK: partition, GSI1SK: 'k2' });
      expect(ids((await table.query({ index: 'timeline', partition, equals: { PK: key('b').PK } })).items)).toEqual(['b']);
    });
  });

  describe('batchGet', () => {
    test('returns the items that exist among the keys', async () => {
      await table.write({ put: { ...key('a'), n: 1 } });
      await table.write({ put: { ...key('b'), n: 2 } });
      const items = await table.batchGet([key('a'), key('missing'), key('b')]);
      expect(items).toHaveLength(2);
      expect(items).toEqual(
        expect.arrayContaining([
          { ...key('a'), n: 1 },
          { ...key('b'), n: 2 },
        ]),
      );
    });

    test('of more than 100 keys', async () => {
      // Prepare
      const stored = Array.from({ length: 130 }, (_, i) => ({ ...key(`item${i}`), n: i }));
      await table.transact(stored.slice(0, 100).map((item) => ({ put: item })));
      await table.transact(stored.slice(100).map((item) => ({ put: item })));
      const keys = [...stored.map((item) => key(`item${item.n}`)), ...Array.from({ length: 20 }, (_, i) => key(`missing${i}`))];
      // Act
      const items = await table.batchGet(keys);
      // Assess
      expect(items.map((item) => item.n).sort((a, b) => Number(a) - Number(b))).toEqual(stored.map((item) => item.n));
    });

    test('a key given twice is answered once', async () => {
      await table.write({ put: key('a') });
      expect(await table.batchGet([key('a'), key('a')])).toEqual([key('a')]);
    });

    test('of no key is empty', async () => {
      expect(await table.batchGet([])).toEqual([]);
    });
  });

  describe('writeBatch', () => {
    test('puts and deletes more than 25 items, in calls of 25', async () => {
      // Prepare
      await table.write({ put: { ...key('gone'), n: -1 } });
      const puts = Array.from({ length: 60 }, (_, i) => ({ put: { ...key(`batch${i}`), n: i } }));
      // Act
      await table.writeBatch([...puts, { delete: key('gone') }]);
      // Assess
      const items = await table.batchGet([...puts.map((action) => key(`batch${action.put.n}`)), key('gone')]);
      expect(items.map((item) => item.n).sort((a, b) => Number(a) - Number(b))).toEqual(puts.map((action) => action.put.n));
    });

    test('replaces an item that is there, without a condition', async () => {
      await table.write({ put: { ...key('again'), n: 1 } });
      await table.writeBatch([{ put: { ...key('again'), n: 2 } }]);
      expect(await table.get(key('again'))).toEqual({ ...key('again'), n: 2 });
    });

    test('one item named twice in a call of 25 is refused', async () => {
      await expectValidation(table.writeBatch([{ put: key('twice') }, { put: { ...key('twice'), n: 2 } }]));
    });

    test('of nothing writes nothing and sends no call', async () => {
      const before = await table.get(key('untouched'));
      await expect(table.writeBatch([])).resolves.toBeUndefined();
      expect(await table.get(key('untouched'))).toEqual(before);
    });
  });
});

describe('DynamoDbTable on a scripted client', () => {
  const documentClient = DynamoDBDocumentClient.from(
    new DynamoDBClient({ region: 'ap-south-1', credentials: { accessKeyId: 'x', secretAccessKey: 'x' } }),
  );
  const mock = mockClient(documentClient);
  const table = new DynamoDbTable({ client: documentClient, tableName: 'scripted' });
  beforeEach(() => {
    mock.reset();
  });
  afterAll(() => {
    mock.restore();
    documentClient.destroy();
  });

  test('values travel as ExpressionAttributeValues, never inside an expression', async () => {
    // Prepare
    mock.on(PutCommand).resolves({});
    const hostile = "x' OR attribute_exists(PK) OR '";
    // Act
    await table.write({
      put: { PK: 'a', SK: 'b' },
      condition: { kind: 'exists', equals: { status: hostile, version: 3 } },
      returnOnFailure: true,
    });
    // Assess
    expect(mock.commandCalls(PutCommand)[0]?.args[0].input).toEqual({
      TableName: 'scripted',
      Item: { PK: 'a', SK: 'b' },
      ConditionExpression: 'attribute_exists(#n0) AND #n1 = :v0 AND #n2 = :v1',
      ExpressionAttributeNames: { '#n0': 'PK', '#n1': 'status', '#n2': 'version' },
      ExpressionAttributeValues: { ':v0': hostile, ':v1': 3 },
      ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
    });
  });

  test('absentOrExpired reads the design TTL attribute', async () => {
    mock.on(PutCommand).resolves({});
    await table.write({ put: { PK: 'a', SK: 'b' }, condition: { kind: 'absentOrExpired', now: 1700000000 } });
    expect(mock.commandCalls(PutCommand)[0]?.args[0].input).toMatchObject({
      ConditionExpression: 'attribute_not_exists(#n0) OR #n1 < :v0',
      ExpressionAttributeNames: { '#n0': 'PK', '#n1': TABLE_DESIGN.ttlAttribute },
      ExpressionAttributeValues: { ':v0': 1700000000 },
    });
  });

  test('an update is one SET of the given attributes, under its condition', async () => {
    mock.on(UpdateCommand).resolves({});
    await table.write({
      update: { PK: 'a', SK: 'b' },
      set: { status: 'sent', messageId: 'm', skipped: undefined },
      condition: { kind: 'exists' },
    });
    expect(mock.commandCalls(UpdateCommand)[0]?.args[0].input).toEqual({
      TableName: 'scripted',
      Key: { PK: 'a', SK: 'b' },
      ConditionExpression: 'attribute_exists(#n0)',
      UpdateExpression: 'SET #n1 = :v0, #n2 = :v1',
      ExpressionAttributeNames: { '#n0': 'PK', '#n1': 'status', '#n2': 'messageId' },
      ExpressionAttributeValues: { ':v0': 'sent', ':v1': 'm' },
    });
  });

  test('a query on an index names it and translates bounds, filter, order, limit and start', async () => {
    mock.on(QueryCommand).resolves({ Items: [{ PK: 'a' }], LastEvaluatedKey: { PK: 'a', SK: 'b', GSI2PK: 'p', GSI2SK: 's' } });
    const startKey = { PK: 'z', SK: 'z', GSI2PK: 'p', GSI2SK: 'r' };
    const result = await table.query({
      index: 'lookup',
      partition: 'p',
      lower: 'l',
      upper: 'u',
      equals: { status: 'open' },
      descending: true,
      limit: 5,
      startKey,
    });
    expect(mock.commandCalls(QueryCommand)[0]?.args[0].input).toEqual({
      TableName: 'scripted',
      IndexName: 'lookup',
      KeyConditionExpression: '#n0 = :v0 AND #n1 BETWEEN :v1 AND :v2',
      FilterExpression: '#n2 = :v3',
      ExpressionAttributeNames: { '#n0': 'GSI2PK', '#n1': 'GSI2SK', '#n2': 'status' },
      ExpressionAttributeValues: { ':v0': 'p', ':v1': 'l', ':v2': 'u', ':v3': 'open' },
      ScanIndexForward: false,
      Limit: 5,
      ExclusiveStartKey: startKey,
    });
    expect(result).toEqual({ items: [{ PK: 'a' }], lastKey: { PK: 'a', SK: 'b', GSI2PK: 'p', GSI2SK: 's' } });
  });

  test('batchGet asks for 100 keys at a time and again for the unprocessed ones', async () => {
    // Prepare
    const keys = Array.from({ length: 150 }, (_, i) => ({ PK: `k${i}`, SK: 'META' }));
    mock
      .on(BatchGetCommand)
      .resolvesOnce({ Responses: { scripted: keys.slice(0, 90) }, UnprocessedKeys: { scripted: { Keys: keys.slice(90, 100) } } })
      .resolvesOnce({ Responses: { scripted: keys.slice(90, 100) } })
      .resolvesOnce({ Responses: { scripted: keys.slice(100) } });
    // Act
    const items = await table.batchGet(keys);
    // Assess
    expect(mock.commandCalls(BatchGetCommand).map((call) => call.args[0].input.RequestItems?.scripted?.Keys?.length)).toEqual([
      100, 10, 50,
    ]);
    expect(items).toHaveLength(150);
  });

  test('a cancellation reason the port cannot name leaves the error as DynamoDB sent it', async () => {
    const error = new TransactionCanceledException({
      message: 'cancelled',
      $metadata: {},
      CancellationReasons: [{ Code: 'ItemCollectionSizeLimitExceeded' }],
    });
    mock.on(TransactWriteCommand).rejects(error);
    await expect(table.transact([{ put: { PK: 'a', SK: 'b' } }])).rejects.toBe(error);
  });

  test('the other codes map to the port reasons, the item unmarshalled', async () => {
    mock.on(TransactWriteCommand).rejects(
      new TransactionCanceledException({
        message: 'cancelled',
        $metadata: {},
        CancellationReasons: [
          { Code: 'TransactionConflict' },
          { Code: 'ConditionalCheckFailed', Item: { PK: { S: 'a' }, n: { N: '2' }, l: { L: [{ BOOL: true }] } } },
          { Code: 'ThrottlingError' },
        ],
      }),
    );
    const error = await rejection(
      table.transact([{ put: { PK: 'x', SK: 'x' } }, { put: { PK: 'a', SK: 'b' } }, { put: { PK: 'y', SK: 'y' } }]),
      TransactionCancelledError,
    );
    expect(error.reasons).toEqual([
      { code: 'TransactionConflict' },
      { code: 'ConditionalCheckFailed', item: { PK: 'a', n: 2, l: [true] } },
      { code: 'ThrottlingError' },
    ]);
  });

  const throttled = () => new ProvisionedThroughputExceededException({ message: 'slow down', $metadata: {} });
  const invalid = () => Object.assign(new Error('no'), { name: 'ValidationException' });
  const timeout = () => Object.assign(new Error('socket timeout'), { name: 'TimeoutError' });
  const throttling = () => Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException' });

  test.each([
    ['ProvisionedThroughputExceededException', throttled],
    ['ValidationException', invalid],
    ['TimeoutError', timeout],
    ['ThrottlingException', throttling],
  ])('%s passes through every operation unchanged', async (_name, make) => {
    const error = make();
    mock.onAnyCommand().rejects(error);
    await expect(table.get({ PK: 'a', SK: 'b' })).rejects.toBe(error);
    await expect(table.write({ put: { PK: 'a', SK: 'b' }, condition: { kind: 'absent' } })).rejects.toBe(error);
    await expect(table.write({ delete: { PK: 'a', SK: 'b' } })).rejects.toBe(error);
    await expect(table.transact([{ put: { PK: 'a', SK: 'b' } }])).rejects.toBe(error);
    await expect(table.query({ index: 'table', partition: 'a' })).rejects.toBe(error);
    await expect(table.batchGet([{ PK: 'a', SK: 'b' }])).rejects.toBe(error);
  });
});
