// Property-based fuzzing of every route in the route table (a route added to ROUTES is fuzzed without
// touching this file). Each route gets over a thousand hostile requests at the handler (the Lambda
// entry, as API Gateway invokes it) and a smaller sample through the local dev server, which plays
// API Gateway's event building and its JWT authorizer. Invariants, whatever the input:
// - never a 5xx;
// - every 4xx is application/problem+json `{type, title, status, detail}` with `status` equal to the
//   HTTP status, no stack trace, no internal name, and no echo of a long submitted string (the
//   acknowledgement-link pages answer an HTML 404 instead, with no echo either);
// - a request that must be refused (its body fails the route's schema, its path parameter its
//   pattern, its caller lacks every allowed role) is refused, and a refused request writes nothing:
//   the table's keys and contents are compared before and after (per batch; and around every request
//   that might succeed, so each refused request is checked exactly);
// - a 2xx answers the route's success schema.
// Deterministic: fixed seeds (one per route, from its key), and the clock-dependent parts (token
// expiry) are relative to now. Bugs it found are kept as regression tests at the end.
// FUZZ_REPORT=1 prints, per route, how many requests were sent, how many were hostile, and the
// statuses they got.
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import type { Context } from 'aws-lambda';
import fc from 'fast-check';
import type { Role } from '../../functions/domain/vocabulary.js';
import * as z from '../../functions/domain/zod.js';
import type { HttpEvent, HttpResult } from '../../functions/http/kit/http-handler.js';
import { matchRoute } from '../../functions/http/route-matching.js';
import { ROUTE_GROUPS, ROUTES, type RouteSpec, routeKey } from '../../functions/http/routes.js';
import { LOCAL_AUDIENCE, LOCAL_ISSUER } from '../../local/auth/local-tokens.js';
import { startTestApi, type TestApi } from '../support/api.js';
import { createTestTable, type TestTable } from '../support/dynamodb.js';
import { aLinkage, aMeeting, linkageCreatedEntry } from '../support/fixtures.js';
import { call, lambdaContext, loadEvent, useFunctionEnvironment } from '../support/lambda.js';
import { OTHER_VILLAGE, type Programme, seedProgramme, VILLAGE } from '../support/programme.js';
import { required } from '../support/required.js';
import { closeSnapshots, describeDiff, diffSnapshots, isUnchanged, type TableSnapshot, takeSnapshot } from './table-snapshot.js';

// ── tuning ──────────────────────────────────────────────────────────────────
const SEED = 20_261_129;
/** A route's own seed, from its key: adding a route to the table changes no other route's inputs. */
const seedOf = (route: RouteSpec, salt: number) =>
  [...routeKey(route)].reduce((hash, character) => (hash * 31 + character.charCodeAt(0)) | 0, SEED + salt);
/** Requests per fast-check run at the handler; the table is compared after each run (reads: after a larger one). */
const BATCH = 100;
const READ_BATCH = 1_000;
/** At least this many hostile requests per route at the handler: runs go on, in rounds of their own seed, until there were. */
const HOSTILE_PER_ROUTE = 1_000;
const LATER_ROUND_RUNS = 1;
const HTTP_BATCH = 100;
/** Requests in flight at once among those that cannot write. */
const CONCURRENCY = 6;
const HTTP_RUNS = 1; // 100 requests per route through the dev server
/** A submitted string at least this long must never come back in an error. */
const ECHO_MIN_LENGTH = 20;
const MAX_BODY_BYTES = 64 * 1024;

// ── the programme the requests land in ─────────────────────────────────────
interface Identity {
  name: string;
  sub: string;
  role: Role;
  villages?: string[];
  contactId?: string;
}

interface Fixture {
  programme: Programme;
  identities: Identity[];
  incidentIds: string[];
  linkageIds: string[];
  ackTokens: string[];
  expiredAckToken: string;
  cursors: string[];
}

let table: TestTable;
let api: TestApi;
let fixture: Fixture;

const prototypeBaseline = Object.getOwnPropertyNames(Object.prototype).sort().join(',');

beforeAll(async () => {
  table = await createTestTable();
  useFunctionEnvironment(table.tableName);
  // After useFunctionEnvironment and before any handler loads: the handlers at both levels then sign
  // cursors with the same secret, so a real cursor is real at both levels.
  api = await startTestApi(table);
  const stores = table.stores();
  const programme = await seedProgramme(stores);
  const identities: Identity[] = [
    { name: 'coordinator', sub: 'fuzz-coordinator', role: 'coordinator' },
    { name: 'volunteerA', sub: 'fuzz-volunteer-a', role: 'volunteer', villages: [VILLAGE], contactId: programme.volunteer.id },
    { name: 'volunteerB', sub: 'fuzz-volunteer-b', role: 'volunteer', villages: [OTHER_VILLAGE] },
    { name: 'panchayat', sub: 'fuzz-panchayat', role: 'duty_bearer', villages: [VILLAGE], contactId: programme.panchayat.id },
    { name: 'police', sub: 'fuzz-police', role: 'duty_bearer', villages: [VILLAGE], contactId: programme.police.id },
    { name: 'dutyBearerWithoutContact', sub: 'fuzz-db', role: 'duty_bearer', villages: [VILLAGE] },
    { name: 'funder', sub: 'fuzz-funder', role: 'funder' },
  ];
  const byName = (name: string) =>
    required(
      identities.find((identity) => identity.name === name),
      `the identity ${name}`,
    );

  const incidentIds: string[] = [];
  // Two routed to the panchayat (the acknowledgement links below are its), one to the coordinators only.
  for (const [who, category] of [
    ['volunteerA', 'child_marriage'],
    ['coordinator', 'child_marriage'],
    ['coordinator', 'other'],
  ] as const) {
    const created = await call('POST', '/incidents', {
      claims: byName(who),
      body: { villageId: VILLAGE, category, child: { ageBand: '12-14', gender: 'girl' }, description: 'Seeded for the fuzz test' },
    });
    expect(created.status).toBe(201);
    incidentIds.push(created.body.id as string);
  }
  const linkageIds: string[] = [];
  for (const status of ['identified', 'referred', 'identified'] as const) {
    const linkage = aLinkage({ villageId: VILLAGE, providerContactId: programme.panchayat.id, status });
    await stores.activities.createLinkage(linkage, linkageCreatedEntry(linkage));
    linkageIds.push(linkage.id);
  }
  await stores.activities.createMeeting(aMeeting({ villageId: VILLAGE }));
  await stores.activities.createMeeting(aMeeting({ villageId: VILLAGE, heldOn: '2026-11-20' }));
  const now = Date.now();
  const ackTokens = ['fuzzAckToken-000000000001', 'fuzzAckToken-000000000002'];
  for (const [index, token] of ackTokens.entries()) {
    await stores.ackLinks.put({
      token,
      incidentId: required(incidentIds[index], `seeded incident ${index}`),
      contactId: programme.panchayat.id,
      createdAt: new Date(now).toISOString(),
      expiresAt: new Date(now + 86_400_000).toISOString(),
    });
  }
  const expiredAckToken = 'fuzzAckToken-expired00001';
  await stores.ackLinks.put({
    token: expiredAckToken,
    incidentId: required(incidentIds[0], 'the first seeded incident'),
    contactId: programme.panchayat.id,
    createdAt: new Date(now - 10 * 86_400_000).toISOString(),
    expiresAt: new Date(now - 3 * 86_400_000).toISOString(),
  });

  // Real cursors of every list a caller can page through (two items or more on each).
  const cursors: string[] = [];
  for (const route of ROUTES.filter((candidate) => candidate.method === 'GET' && 'cursor' in queryShape(candidate))) {
    for (const identity of identities) {
      const page = await call('GET', route.path, { claims: identity, query: { limit: '1' } });
      if (page.status === 200 && typeof page.body.nextCursor === 'string') cursors.push(page.body.nextCursor as string);
    }
  }
  expect(cursors.length).toBeGreaterThanOrEqual(4);
  fixture = { programme, identities, incidentIds, linkageIds, ackTokens, expiredAckToken, cursors };
}, 60_000);

afterAll(async () => {
  await api?.stop();
  await table?.drop();
  closeSnapshots();
  if (process.env.FUZZ_REPORT) {
    const lines = [...stats.entries()].map(
      ([key, s]) =>
        `${key.padEnd(40)} ${String(s.inputs).padStart(5)} inputs, ${String(s.hostile).padStart(5)} hostile, ${s.successes} write successes, statuses ${JSON.stringify(Object.fromEntries(s.statuses))}`,
    );
    process.stdout.write(`\n${lines.join('\n')}\n`);
  }
});

function toClaims(identity: Identity): Record<string, unknown> {
  return {
    sub: identity.sub,
    'cognito:groups': `[${identity.role}]`,
    ...(identity.villages ? { 'custom:villages': identity.villages.join(',') } : {}),
    ...(identity.contactId ? { 'custom:contactId': identity.contactId } : {}),
    token_use: 'id',
  };
}

// ── generators ─────────────────────────────────────────────────────────────
/** One part of a request, and whether it is hostile (anything but a well-formed value). */
interface Part<T> {
  value: T;
  hostile: boolean;
}
const good = <T>(arbitrary: fc.Arbitrary<T>): fc.Arbitrary<Part<T>> => arbitrary.map((value) => ({ value, hostile: false }));
const bad = <T>(arbitrary: fc.Arbitrary<T>): fc.Arbitrary<Part<T>> => arbitrary.map((value) => ({ value, hostile: true }));
const weighted = <T>(...choices: [number, fc.Arbitrary<T>][]) => fc.oneof(...choices.map(([weight, arbitrary]) => ({ weight, arbitrary })));

const NASTY_STRINGS = [
  '',
  ' ',
  '\t\n',
  '\u0000',
  'a\u0000b',
  '\uFEFF',
  '\u202Eevil',
  '\u200B',
  '\uD800',
  '\uDFFF\uD800',
  '__proto__',
  'constructor',
  'prototype',
  'toString',
  'hasOwnProperty',
  'null',
  'undefined',
  'NaN',
  'Infinity',
  '-0',
  '1e309',
  'true',
  '[]',
  '{}',
  '💥',
  '👩‍👩‍👧‍👦',
  'অআইঈউ',
  'ক্ষ',
  "' OR '1'='1",
  '<script>alert(1)</script>',
  `\${jndi:ldap://x/a}`,
  '{{7*7}}',
  '../../etc/passwd',
  '..%2F..%2F',
  '%00',
  '%',
  '%zz',
  '%2F',
  'a/b',
  '/',
  '\\',
  '\r\n',
  VILLAGE,
  VILLAGE.toUpperCase(),
  'INCIDENT#x',
  'PK',
];
/** Random text at least ECHO_MIN_LENGTH long: an error must never carry it back. */
const longRandomString = weighted(
  [3, fc.string({ minLength: 24, maxLength: 300 })],
  [1, fc.string({ unit: 'grapheme', minLength: 24, maxLength: 120 })],
);
/** Strings around the 64 KiB body limit, in 1-, 3- and 4-byte characters, behind a random marker. */
const hugeString = fc
  .tuple(fc.constantFrom(-4096, -100, -1, 0, 1, 100, 8192), fc.constantFrom('x', 'অ', '😀'), fc.string({ minLength: 24, maxLength: 24 }))
  .map(
    ([delta, unit, marker]) =>
      marker + unit.repeat(Math.max(0, Math.floor((MAX_BODY_BYTES + delta - Buffer.byteLength(marker)) / Buffer.byteLength(unit)))),
  );
/** Hostile strings up to a few hundred characters: keys, claims, headers, query values, array items. */
const shortHostileString = weighted<string>(
  [5, fc.constantFrom(...NASTY_STRINGS)],
  [2, fc.string({ maxLength: 30 })],
  [2, fc.string({ unit: 'grapheme', maxLength: 30 })],
  [1, fc.string({ unit: 'binary', maxLength: 30 })],
  [2, longRandomString],
);
/** Also strings near and over 64 KiB: for body fields (and path parameters at the handler). */
const hostileString = weighted<string>([12, shortHostileString], [1, hugeString]);

function nestedArray(depth: number): unknown {
  let value: unknown = [];
  for (let level = 1; level < depth; level++) value = [value];
  return value;
}

const hostileValue: fc.Arbitrary<unknown> = weighted<unknown>(
  [6, hostileString],
  [
    3,
    fc.constantFrom<unknown>(null, true, false, 0, -1, 1.5, -0, 1e308, 2 ** 53 + 2, 10_001, -10_001, 2 ** 31, [], {}, [null], [[]], {
      '': '',
    }),
  ],
  [1, fc.integer()],
  [1, fc.double()],
  [2, fc.jsonValue({ maxDepth: 3 })],
  [1, fc.array(shortHostileString, { maxLength: 60 })],
  [1, fc.integer({ min: 10, max: 1000 }).map(nestedArray)],
);

const hostileKey = weighted<string>(
  [
    4,
    fc.constantFrom(
      '__proto__',
      'constructor',
      'prototype',
      'toString',
      '',
      ' ',
      'villageId ',
      'VillageId',
      'id',
      'version',
      'status',
      'PK',
      'SK',
      'itemType',
      'reportedBy',
      'createdBy',
      'routedTo',
      'shortCode',
      'active',
      'escalationStep',
    ),
  ],
  [2, fc.string({ maxLength: 20 })],
  [1, fc.string({ unit: 'grapheme', maxLength: 20 })],
  [1, longRandomString],
);

/** JSON text of an object from entries, keeping `__proto__` as a plain key and allowing duplicate keys. */
const objectText = (entries: [string, unknown][]) =>
  `{${entries.map(([key, value]) => `${JSON.stringify(key)}:${JSON.stringify(value) ?? 'null'}`).join(',')}}`;

const hostileJsonText = weighted<string>(
  [3, fc.jsonValue({ maxDepth: 4 }).map((value) => JSON.stringify(value))],
  [4, fc.array(fc.tuple(hostileKey, hostileValue), { maxLength: 6 }).map(objectText)],
  [
    2,
    fc.constantFrom(
      '{"__proto__":{"polluted":true,"role":"coordinator"}}',
      '{"constructor":{"prototype":{"polluted":true}}}',
      '{"__proto__":null}',
      '{"__proto__":[]}',
      '[{"__proto__":{"polluted":true}}]',
      '{"toString":"x","valueOf":1,"hasOwnProperty":null}',
    ),
  ],
  [
    2,
    fc
      .tuple(fc.integer({ min: 50, max: 20_000 }), fc.constantFrom('[', '{"a":'))
      .map(([depth, open]) => (open === '[' ? `${'['.repeat(depth)}${']'.repeat(depth)}` : `${open.repeat(depth)}1${'}'.repeat(depth)}`)),
  ],
  [2, fc.constantFrom('null', 'true', '0', '-0', '1e999', '""', '"text"', '[]', '[{}]', '{}', '[1,2,3]')],
);

const nonJsonText = weighted<string>(
  [2, fc.string({ minLength: 1 })],
  [1, fc.string({ unit: 'grapheme', minLength: 1 })],
  [
    3,
    fc.constantFrom(
      'a=1&b=2',
      'villageId=v-hingalganj-1&category=other',
      '<?xml version="1.0"?><a/>',
      "{'villageId':'x'}",
      '{"villageId":',
      '{"a":1}}',
      '{"a":1,}',
      'NaN',
      '\uFEFF{}',
      '{} {}',
      '--x\r\nContent-Disposition: form-data; name="a"\r\n\r\n1\r\n--x--',
      '\u0000',
      ' ',
      '\n\n',
      '{"a":"\uD800"}',
      '{"a":"\\uD800"}',
      '{"a":1e999999}',
    ),
  ],
);

type JsonPath = (string | number)[];

/** Paths into a body, three levels deep at most: enough for `followUps.0.action`, and cheap on hostile nesting. */
function pathsOf(value: unknown, prefix: JsonPath = []): JsonPath[] {
  if (prefix.length >= 3) return [];
  if (Array.isArray(value)) return value.flatMap((item, index) => [[...prefix, index], ...pathsOf(item, [...prefix, index])]);
  if (value && typeof value === 'object') {
    return Object.entries(value).flatMap(([key, item]) => [[...prefix, key], ...pathsOf(item, [...prefix, key])]);
  }
  return [];
}

function containerPaths(value: unknown, prefix: JsonPath = []): JsonPath[] {
  if (prefix.length >= 3) return [];
  if (Array.isArray(value)) return value.flatMap((item, index) => containerPaths(item, [...prefix, index]));
  if (value && typeof value === 'object') {
    return [prefix, ...Object.entries(value).flatMap(([key, item]) => containerPaths(item, [...prefix, key]))];
  }
  return [];
}

/** Sets (or with `undefined`, deletes) the value at a path, defining keys so `__proto__` stays a plain key. */
function setAt(root: unknown, path: JsonPath, value: unknown): unknown {
  if (path.length === 0) return value;
  const [head, ...rest] = path as [string | number, ...JsonPath];
  const container = root as Record<string | number, unknown>;
  const next = setAt(Object.hasOwn(container, head) ? container[head] : {}, rest, value);
  if (Array.isArray(container) && typeof head === 'number') {
    const copy = [...container];
    if (value === undefined && rest.length === 0) copy.splice(head, 1);
    else copy[head] = next;
    return copy;
  }
  const copy: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(container))
    Object.defineProperty(copy, key, { value: item, enumerable: true, writable: true, configurable: true });
  if (value === undefined && rest.length === 0) delete copy[head];
  else Object.defineProperty(copy, head, { value: next, enumerable: true, writable: true, configurable: true });
  return copy;
}

type Mutation =
  | { op: 'replace'; at: number; value: unknown }
  | { op: 'delete'; at: number }
  | { op: 'add'; at: number; key: string; value: unknown }
  | { op: 'text'; at: number; value: string };

const mutation: fc.Arbitrary<Mutation> = weighted<Mutation>(
  [5, fc.record({ op: fc.constant('replace' as const), at: fc.nat(), value: hostileValue })],
  [2, fc.record({ op: fc.constant('delete' as const), at: fc.nat() })],
  [3, fc.record({ op: fc.constant('add' as const), at: fc.nat(), key: hostileKey, value: hostileValue })],
  // Another text in a string field: sometimes still valid (unicode, padding), so a write may succeed.
  [
    2,
    fc.record({
      op: fc.constant('text' as const),
      at: fc.nat(),
      value: weighted<string>(
        [3, fc.string({ unit: 'grapheme', minLength: 1, maxLength: 40 })],
        [1, fc.string({ minLength: 1, maxLength: 40 })],
      ),
    }),
  ],
);

function mutate(sample: Record<string, unknown>, mutations: Mutation[]): unknown {
  let body: unknown = JSON.parse(JSON.stringify(sample));
  for (const change of mutations) {
    if (change.op === 'add') {
      const targets = containerPaths(body);
      if (targets.length === 0) continue;
      body = setAt(body, [...required(targets[change.at % targets.length], 'a container to add to'), change.key], change.value);
      continue;
    }
    const paths = pathsOf(body);
    if (paths.length === 0) continue;
    const path = required(paths[change.at % paths.length], 'a path to change');
    if (change.op === 'delete') body = setAt(body, path, undefined);
    else if (change.op === 'replace') body = setAt(body, path, change.value);
    else body = setAt(body, path, change.value);
  }
  return body;
}

/** A JSON text whose total UTF-8 size is exactly MAX_BODY_BYTES + delta, padded with an unknown field. */
function paddedText(sample: Record<string, unknown>, delta: number, unit: string): string {
  const base = objectText([...Object.entries(sample), ['padding', '']]);
  const missing = MAX_BODY_BYTES + delta - Buffer.byteLength(base);
  const unitBytes = Buffer.byteLength(unit);
  const padding = unit.repeat(Math.floor(missing / unitBytes)) + 'x'.repeat(missing % unitBytes);
  const text = objectText([...Object.entries(sample), ['padding', padding]]);
  if (Buffer.byteLength(text) !== MAX_BODY_BYTES + delta) throw new Error('padding arithmetic is off');
  return text;
}

function bodyArbitrary(route: RouteSpec): fc.Arbitrary<Part<string | undefined>> {
  if (!route.body) {
    return weighted<Part<string | undefined>>([12, good(fc.constant(undefined))], [1, bad(hostileJsonText)], [1, bad(nonJsonText)]);
  }
  // The route's own example: the linkage's provider is the test programme's panchayat, whose id the examples use.
  const sample = (route.example?.body ?? {}) as Record<string, unknown>;
  return weighted<Part<string | undefined>>(
    [1, good(fc.constant(JSON.stringify(sample)))],
    [
      9,
      bad(
        fc
          .tuple(
            fc.array(mutation, { minLength: 1, maxLength: 3 }),
            fc.constantFrom('plain', 'duplicate-first', 'duplicate-last', 'wrapped'),
            hostileValue,
          )
          .map(([mutations, shape, extra]) => {
            const text = JSON.stringify(mutate(sample, mutations)) ?? 'null';
            const firstKey = Object.keys(sample)[0] ?? 'a';
            // JSON.parse keeps the last of duplicate keys: a hostile value before or after a valid one.
            if (shape === 'duplicate-first' && text.startsWith('{'))
              return `{${JSON.stringify(firstKey)}:${JSON.stringify(extra) ?? 'null'},${text.slice(1)}`;
            if (shape === 'duplicate-last' && text.endsWith('}') && text !== '{}')
              return `${text.slice(0, -1)},${JSON.stringify(firstKey)}:${JSON.stringify(extra) ?? 'null'}}`;
            if (shape === 'wrapped') return JSON.stringify([JSON.parse(text)]);
            return text;
          }),
      ),
    ],
    [3, bad(hostileJsonText)],
    [1, bad(nonJsonText)],
    [
      1,
      bad(fc.tuple(fc.constantFrom(-1, 0, 1, 2), fc.constantFrom('x', 'অ', '😀')).map(([delta, unit]) => paddedText(sample, delta, unit))),
    ],
    [1, bad(fc.constantFrom(undefined, '', ' ', '\n'))],
  );
}

const CONTENT_TYPES = [
  'application/json; charset=utf-8',
  'APPLICATION/JSON',
  'application/problem+json',
  'application/merge-patch+json',
  'text/plain',
  'application/x-www-form-urlencoded',
  'multipart/form-data; boundary=x',
  'application/jsonx',
  'json',
  '',
  ' ',
  ';',
  'application/json;',
  'text/json',
  '*/*',
  'application/xml',
  'application/json, text/plain',
];

function contentTypeArbitrary(route: RouteSpec): fc.Arbitrary<Part<string | undefined>> {
  return weighted<Part<string | undefined>>(
    [route.body ? 8 : 12, good(fc.constant('application/json'))],
    [3, bad(fc.constantFrom(...CONTENT_TYPES))],
    [1, bad(shortHostileString)],
    [1, bad(fc.constant(undefined))],
  );
}

const IF_MATCH_VALUES = [
  '"2"',
  '"0"',
  'W/"1"',
  '*',
  '1',
  '"-1"',
  '"1.0"',
  '"999999999"',
  '"9999999999"',
  '"1", "2"',
  '',
  ' ',
  '""',
  '"01"',
  'W/"x"',
  '"1"junk',
  "'1'",
];

function ifMatchArbitrary(route: RouteSpec): fc.Arbitrary<Part<string | undefined>> {
  if (!route.ifMatch)
    return weighted<Part<string | undefined>>([12, good(fc.constant(undefined))], [1, bad(fc.constantFrom(...IF_MATCH_VALUES))]);
  return weighted<Part<string | undefined>>(
    [4, good(fc.constant('"1"'))],
    [route.ifMatch === 'optional' ? 2 : 0, good(fc.constant(undefined))],
    [route.ifMatch === 'required' ? 1 : 0, bad(fc.constant(undefined))],
    [3, bad(fc.constantFrom(...IF_MATCH_VALUES))],
    [1, bad(fc.nat().map((version) => `"${version}"`))],
    [1, bad(shortHostileString)],
  );
}

const visibleAscii = (minLength: number, maxLength: number) =>
  fc.string({ unit: fc.integer({ min: 0x21, max: 0x7e }).map((code) => String.fromCharCode(code)), minLength, maxLength });

function idempotencyKeyArbitrary(route: RouteSpec): fc.Arbitrary<Part<string | undefined>> {
  return weighted<Part<string | undefined>>(
    [route.idempotent ? 8 : 14, good(fc.constant(undefined))],
    [route.idempotent ? 2 : 0, good(visibleAscii(8, 128))],
    [1, bad(visibleAscii(0, 7))],
    [1, bad(visibleAscii(129, 400))],
    [1, bad(fc.constantFrom('key with spaces', 'ключ-идемпотентности', 'key\u0000-000000', 'key\twith\ttabs', '        '))],
    [1, bad(shortHostileString)],
  );
}

const EXTRA_HEADER_NAMES = [
  'x-forwarded-for',
  'authorization',
  'cookie',
  'accept',
  'origin',
  'if-none-match',
  'x-http-method-override',
  'x-amzn-trace-id',
  '__proto__',
  'constructor',
  'Content-Type',
  'If-Match',
];
const extraHeaderArbitrary: fc.Arbitrary<Part<[string, string] | undefined>> = weighted<Part<[string, string] | undefined>>(
  [6, good(fc.constant(undefined))],
  [1, bad(fc.tuple(fc.constantFrom(...EXTRA_HEADER_NAMES), shortHostileString))],
);

/** Claims as API Gateway's JWT authorizer passes them: every value a string, arrays as `[a b]`. */
function claimsArbitrary(f: Fixture): fc.Arbitrary<Part<Record<string, unknown> | null>> {
  const contactIds = Object.values(f.programme).map((contact) => contact.id);
  const optional = <T>(arbitrary: fc.Arbitrary<T>) => fc.option(arbitrary, { nil: undefined, freq: 4 });
  const hostileClaims = fc
    .record({
      sub: optional(
        weighted<unknown>(
          [3, fc.constantFrom('fuzz-coordinator', '', ' ')],
          [2, shortHostileString],
          [1, fc.integer()],
          [1, fc.constant(['a', 'b'])],
        ),
      ),
      groups: optional(
        weighted<unknown>(
          [
            5,
            fc.constantFrom(
              '[coordinator]',
              '[volunteer]',
              '[duty_bearer]',
              '[funder]',
              'coordinator',
              '[coordinator volunteer]',
              '[coordinator,funder]',
              '[admin]',
              '[]',
              '',
              '[COORDINATOR]',
              '[ coordinator ]',
              '[coordinator',
              'coordinator]',
              '[[coordinator]]',
              '["coordinator"]',
              'system',
            ),
          ],
          [1, fc.constantFrom<unknown>(['coordinator'], ['coordinator', 'funder'], [], [42], 42, true)],
          [2, shortHostileString],
        ),
      ),
      villages: optional(
        weighted<unknown>(
          [
            3,
            fc.constantFrom(
              VILLAGE,
              `${VILLAGE},${OTHER_VILLAGE}`,
              `${VILLAGE}, ${OTHER_VILLAGE}`,
              ',,,',
              VILLAGE.toUpperCase(),
              '../x',
              `${VILLAGE},${VILLAGE}`,
            ),
          ],
          [2, shortHostileString],
        ),
      ),
      contactId: optional(weighted<unknown>([3, fc.constantFrom(...contactIds)], [1, fc.ulid()], [2, shortHostileString])),
    })
    .map(({ sub, groups, villages, contactId }) =>
      Object.fromEntries(
        [
          ['sub', sub],
          ['cognito:groups', groups],
          ['custom:villages', villages],
          ['custom:contactId', contactId],
        ].filter(([, value]) => value !== undefined),
      ),
    );
  return weighted<Part<Record<string, unknown> | null>>(
    [5, good(fc.constantFrom(...f.identities).map(toClaims))],
    [4, bad(hostileClaims)],
    [1, bad(fc.constant(null))],
  );
}

function ulidLookalike(): fc.Arbitrary<string> {
  return fc
    .tuple(fc.ulid(), fc.constantFrom('lower', 'short', 'long', 'forbidden-letter', 'overflow', 'space', 'slash'))
    .map(([ulid, how]) => {
      switch (how) {
        case 'lower':
          return ulid.toLowerCase();
        case 'short':
          return ulid.slice(0, 25);
        case 'long':
          return `${ulid}0`;
        case 'forbidden-letter':
          return `${ulid.slice(0, 25)}U`;
        case 'overflow':
          return `8${ulid.slice(1)}`; // past the largest 48-bit timestamp
        case 'space':
          return ` ${ulid}`;
        default:
          return `${ulid.slice(0, 13)}/${ulid.slice(13)}`;
      }
    });
}

/** The records a route's path most likely names: by its first segment, else any (a route added later gets them all). */
function knownFor(route: RouteSpec, f: Fixture): string[] {
  const contacts = Object.values(f.programme).map((contact) => contact.id);
  const all = [...f.incidentIds, ...f.linkageIds, ...contacts, VILLAGE, OTHER_VILLAGE];
  const segment = route.path.split('/')[1];
  if (segment === 'incidents') return f.incidentIds;
  if (segment === 'linkages') return f.linkageIds;
  if (segment === 'contacts') return contacts;
  if (segment === 'villages') return [VILLAGE, OTHER_VILLAGE];
  // The seeded linkages' child (test/support/fixtures.ts).
  if (segment === 'children') return ['HG-0042'];
  return all;
}

/** Any path parameter: the route's own records, others' ids, random ULIDs, lookalikes, slugs, tokens and hostile strings. */
function paramArbitrary(route: RouteSpec, f: Fixture): fc.Arbitrary<Part<string>> {
  const all = [...f.incidentIds, ...f.linkageIds, ...Object.values(f.programme).map((contact) => contact.id), VILLAGE, OTHER_VILLAGE];
  return weighted<Part<string>>(
    [12, good(fc.constantFrom(...knownFor(route, f)))],
    [4, good(fc.constantFrom(...all))],
    // Rarely: a live acknowledgement link (each POST of one is a checked write, which costs two table scans).
    [1, good(fc.constantFrom(...f.ackTokens))],
    [8, bad(fc.ulid())],
    [8, bad(ulidLookalike())],
    [4, bad(fc.stringMatching(/^[a-z0-9-]{2,40}$/))],
    [4, bad(fc.stringMatching(/^[A-Za-z0-9_-]{16,64}$/))],
    [2, bad(fc.constant(f.expiredAckToken))],
    [
      4,
      bad(
        fc.constantFrom(
          'a%2Fb',
          'a/b',
          '%2F',
          '..',
          '.',
          '%2e%2e',
          `${f.incidentIds[0]}%2F..%2F`,
          `${f.incidentIds[0]}/history`,
          '{id}',
          '%7Bid%7D',
        ),
      ),
    ],
    [4, bad(fc.integer({ min: 100, max: 9000 }).map((length) => 'A'.repeat(length)))],
    [12, bad(hostileString)],
  );
}

function unwrapSchema(schema: z.ZodMiniType): z.ZodMiniType {
  let current = schema;
  for (;;) {
    const def = (current as unknown as { def: { type: string; innerType?: z.ZodMiniType; in?: z.ZodMiniType } }).def;
    if ((def.type === 'optional' || def.type === 'default' || def.type === 'nullable') && def.innerType) current = def.innerType;
    else if (def.type === 'pipe' && def.in) current = def.in;
    else return current;
  }
}

function queryShape(route: RouteSpec): Record<string, z.ZodMiniType> {
  return route.query instanceof z.ZodMiniObject ? (route.query.shape as Record<string, z.ZodMiniType>) : {};
}

const KNOWN_QUERY_VALUES: Record<string, string[]> = {
  villageId: [VILLAGE, OTHER_VILLAGE, 'v-unknown-village'],
  from: [
    '2026-01-01T00:00:00.000Z',
    '2026-11-01',
    '2026-12-31',
    '2026-02-30',
    '2026-13-01T00:00:00Z',
    '9999-12-31T23:59:59.999Z',
    '2026-11-29T05:40:00+05:30',
  ],
  to: ['2026-12-31T23:59:59.999Z', '2025-01-01T00:00:00.000Z', '2026-12-31', '2026-01-01', '0000-01-01T00:00:00Z', '2026-11-29'],
};
const LIMIT_VALUES = [
  '0',
  '101',
  '-1',
  '1.5',
  '1e2',
  '01',
  '001',
  '0x10',
  '',
  ' 5',
  '5 ',
  'abc',
  '99999999999999999999',
  '100000',
  '٣',
  '+5',
  'NaN',
  '100 ',
  '1,2',
];

function tamperedCursor(f: Fixture): fc.Arbitrary<string> {
  return fc
    .tuple(
      fc.constantFrom(...f.cursors),
      fc.nat(),
      fc.constantFrom('flip', 'truncate', 'append', 'swap-signature', 'unsigned', 'extra-part', 'forged-key'),
    )
    .map(([cursor, at, how]) => {
      const [payload = '', signature = ''] = cursor.split('.');
      const position = at % cursor.length;
      switch (how) {
        case 'flip': {
          const character = cursor[position] === 'A' ? 'B' : 'A';
          return cursor.slice(0, position) + character + cursor.slice(position + 1);
        }
        case 'truncate':
          return cursor.slice(0, position);
        case 'append':
          return `${cursor}A`;
        case 'swap-signature':
          return `${payload}.${required(f.cursors[(at + 1) % f.cursors.length], 'another cursor').split('.')[1] ?? ''}`;
        case 'unsigned':
          return payload;
        case 'extra-part':
          return `${cursor}.x`;
        default:
          return `${Buffer.from(JSON.stringify({ after: 'ZZZZ', PK: 'INCIDENT#x', SK: 'META' })).toString('base64url')}.${signature}`;
      }
    });
}

function queryValueArbitrary(f: Fixture, name: string, schema: z.ZodMiniType): fc.Arbitrary<Part<string>> {
  if (name === 'limit') {
    return weighted<Part<string>>(
      [3, good(fc.constantFrom('1', '2', '25', '100'))],
      [2, bad(fc.constantFrom(...LIMIT_VALUES))],
      [1, bad(shortHostileString)],
    );
  }
  if (name === 'cursor') {
    return weighted<Part<string>>(
      [2, good(fc.constantFrom(...f.cursors))],
      [4, bad(tamperedCursor(f))],
      [1, bad(fc.base64String({ minLength: 4, maxLength: 200 }))],
      [1, bad(fc.integer({ min: 2040, max: 5000 }).map((length) => 'c'.repeat(length)))],
      [1, bad(shortHostileString)],
    );
  }
  const inner = unwrapSchema(schema) as unknown as { options?: unknown[] };
  const valid = [...(KNOWN_QUERY_VALUES[name] ?? []), ...(Array.isArray(inner.options) ? inner.options.map(String) : [])];
  return weighted<Part<string>>(
    [valid.length > 0 ? 4 : 0, good(fc.constantFrom(...(valid.length > 0 ? valid : ['x'])))],
    [2, bad(shortHostileString)],
  );
}

function queryArbitrary(route: RouteSpec, f: Fixture): fc.Arbitrary<Part<Record<string, string> | undefined>> {
  const shape = queryShape(route);
  const names = Object.keys(shape);
  const unknownParameters = fc.array(
    fc.tuple(
      weighted<string>(
        [2, fc.constantFrom('limit ', 'Limit', 'page', 'offset', 'sort', '__proto__', 'constructor', 'cursor[]', 'q')],
        [1, fc.string({ minLength: 1, maxLength: 20 })],
      ),
      shortHostileString,
    ),
    {
      minLength: 1,
      maxLength: 3,
    },
  );
  const known = fc.tuple(
    ...names.map((name) =>
      fc.option(queryValueArbitrary(f, name, required(shape[name], `the schema of ${name}`)), { nil: undefined, freq: 2 }),
    ),
  );
  return fc
    .tuple(
      known,
      weighted<[string, string][] | undefined>([names.length > 0 ? 5 : 12, fc.constant(undefined)], [1, unknownParameters]),
      fc.boolean(),
    )
    .map(([values, unknown, empty]): Part<Record<string, string> | undefined> => {
      const entries: [string, string][] = [];
      let hostile = false;
      values.forEach((value, index) => {
        if (value === undefined) return;
        entries.push([required(names[index], `query parameter ${index}`), value.value]);
        hostile ||= value.hostile;
      });
      if (unknown) {
        entries.push(...unknown);
        hostile = true;
      }
      // API Gateway leaves queryStringParameters out when there is none; `{}` is hostile but harmless.
      if (entries.length === 0) return { value: empty ? undefined : {}, hostile: false };
      return { value: Object.fromEntries(entries), hostile };
    });
}

interface FuzzInput {
  hostile: boolean;
  /** null: API Gateway gave no pathParameters at all. */
  params: Record<string, string> | null;
  query: Record<string, string> | undefined;
  headers: Record<string, string>;
  body: string | undefined;
  base64: boolean;
  /** null: no claims (the authorizer vouched for no one). */
  claims: Record<string, unknown> | null;
}

function inputArbitrary(route: RouteSpec, f: Fixture): fc.Arbitrary<FuzzInput> {
  const names = [...route.path.matchAll(/\{(\w+)\}/g)].map((match) => required(match[1], `a parameter name in ${route.path}`));
  const params = fc.tuple(...names.map(() => paramArbitrary(route, f)));
  const paramsPart = weighted<Part<Record<string, string> | null>>(
    [
      20,
      params.map((values) => ({
        value: Object.fromEntries(names.map((name, index) => [name, required(values[index], `a value for ${name}`).value])),
        hostile: values.some((value) => value.hostile),
      })),
    ],
    [names.length > 0 ? 1 : 0, bad(fc.constant(null))],
  );
  return fc
    .record({
      claims: claimsArbitrary(f),
      params: paramsPart,
      query: queryArbitrary(route, f),
      contentType: contentTypeArbitrary(route),
      ifMatch: ifMatchArbitrary(route),
      idempotencyKey: idempotencyKeyArbitrary(route),
      extraHeader: extraHeaderArbitrary,
      body: bodyArbitrary(route),
      base64: weighted<Part<boolean>>([19, good(fc.constant(false))], [1, bad(fc.constant(true))]),
    })
    .map((parts): FuzzInput => {
      const headerEntries: [string, string][] = [
        ['host', 'api.suraksha.example'],
        ['user-agent', 'suraksha-android/1.4'],
      ];
      if (parts.contentType.value !== undefined) headerEntries.push(['content-type', parts.contentType.value]);
      if (parts.ifMatch.value !== undefined) headerEntries.push(['if-match', parts.ifMatch.value]);
      if (parts.idempotencyKey.value !== undefined) headerEntries.push(['idempotency-key', parts.idempotencyKey.value]);
      if (parts.extraHeader.value) headerEntries.push(parts.extraHeader.value);
      const body =
        parts.base64.value && parts.body.value !== undefined ? Buffer.from(parts.body.value, 'utf8').toString('base64') : parts.body.value;
      return {
        hostile: Object.values(parts).some((part) => part.hostile),
        params: parts.params.value,
        query: parts.query.value,
        // Object.fromEntries defines keys, so `__proto__` is a header name like any other.
        headers: Object.fromEntries(headerEntries),
        body,
        base64: parts.base64.value,
        claims: parts.claims.value,
      };
    });
}

// ── invoking a route's Lambda ──────────────────────────────────────────────
const template = loadEvent('http/post-incident.json');
const handlers = new Map<string, (event: HttpEvent, context: Context) => Promise<HttpResult>>();
const context = lambdaContext('suraksha-fuzz');

async function handlerOf(route: RouteSpec) {
  let handler = handlers.get(route.group);
  if (!handler) {
    const entry = ROUTE_GROUPS[route.group].entry.replace(/^functions\//, '../../functions/').replace(/\.ts$/, '.js');
    handler = ((await import(entry)) as { handler: (event: HttpEvent, context: Context) => Promise<HttpResult> }).handler;
    handlers.set(route.group, handler);
  }
  return handler;
}

function encodeSegment(value: string): string {
  try {
    return encodeURIComponent(value);
  } catch {
    return value; // a lone surrogate: sent as is
  }
}

/** The sample event of events/http/, as API Gateway would fill it for this route and request. */
function eventFor(route: RouteSpec, input: FuzzInput): HttpEvent {
  const rawPath = route.path.replace(/\{(\w+)\}/g, (_whole, name: string) => encodeSegment(input.params?.[name] ?? ''));
  const claims = (input.claims ?? {}) as Record<string, string>;
  return {
    ...template,
    routeKey: routeKey(route),
    rawPath,
    rawQueryString: input.query ? new URLSearchParams(input.query).toString() : '',
    headers: input.headers,
    queryStringParameters: input.query,
    pathParameters: input.params ?? undefined,
    body: input.body,
    isBase64Encoded: input.base64,
    requestContext: {
      ...template.requestContext,
      routeKey: routeKey(route),
      http: { ...template.requestContext.http, method: route.method, path: rawPath },
      // No claims: what a request the authorizer vouched for no one looks like.
      authorizer: { ...template.requestContext.authorizer, jwt: { claims, scopes: [] } },
    },
  };
}

// ── what must hold ─────────────────────────────────────────────────────────
const FIELD_NAME = /^[A-Za-z][A-Za-z0-9_]{0,39}$/;
const STACK_TRACE = /\n\s+at |\bat [\w.<>$]+ \(|\.[cm]?[jt]s:\d+|node_modules|file:\/\//;
const INTERNAL_NAMES =
  /Exception|TypeError|RangeError|SyntaxError|ReferenceError|ZodError|DynamoDB|TransactWrite|ConditionalCheck|Cannot read prop|is not a function|is not defined|undefined is not|\[object Object\]/;

/** Every string a client sent that is long enough to recognise if it came back (never keys that look like field names). */
function submittedStrings(input: {
  params?: Record<string, string> | null;
  query?: Record<string, string> | undefined;
  headers: Record<string, string>;
  body?: string | undefined;
  base64?: boolean;
}): string[] {
  const found: string[] = [];
  // Iterative, and bounded: a body may nest twenty thousand levels deep (with no string in it).
  const walk = (root: unknown) => {
    const pending: unknown[] = [root];
    for (let visits = 0; pending.length > 0 && visits < 5_000; visits++) {
      const value = pending.pop();
      if (typeof value === 'string') found.push(value);
      else if (Array.isArray(value)) pending.push(...value);
      else if (value && typeof value === 'object') {
        for (const [key, item] of Object.entries(value)) {
          if (!FIELD_NAME.test(key)) found.push(key);
          pending.push(item);
        }
      }
    }
  };
  if (input.body !== undefined) {
    const text = input.base64 ? Buffer.from(input.body, 'base64').toString('utf8') : input.body;
    try {
      walk(JSON.parse(text));
    } catch {
      found.push(text);
    }
  }
  walk(Object.values(input.params ?? {}));
  walk(Object.entries(input.query ?? {}).flat());
  for (const [name, value] of Object.entries(input.headers)) if (!['host', 'user-agent'].includes(name)) found.push(value);
  // A long string is recognised by its first 64 characters (an echo may be cut short).
  return found.filter((text) => text.length >= ECHO_MIN_LENGTH).map((text) => text.slice(0, 64));
}

function stringLeaves(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.flatMap(stringLeaves);
  if (value && typeof value === 'object') return Object.entries(value).flatMap(([key, item]) => [key, ...stringLeaves(item)]);
  return [];
}

interface Answer {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/** What is wrong with an answer, whatever the request was. */
function violationsOf(route: RouteSpec, answer: Answer, submittedOf: () => string[], checkSuccessBody = true): string[] {
  const { status, headers, body } = answer;
  const type = headers['content-type'] ?? '';
  const found: string[] = [];
  if (status >= 500) found.push(`answered ${status}: ${body.slice(0, 300)}`);
  if (status >= 400 && status < 500) {
    let decoded = body;
    if (route.success.media === 'text/html' && type.startsWith('text/html')) {
      // 404 for a link unknown or expired, 410 for one whose recipient's part in the case ended.
      if (![404, 410].includes(status)) found.push(`an HTML error page with status ${status}`);
    } else if (type !== 'application/problem+json') {
      found.push(`a ${status} as ${JSON.stringify(type)}, not application/problem+json`);
    } else {
      let problem: Record<string, unknown> | undefined;
      try {
        problem = JSON.parse(body) as Record<string, unknown>;
      } catch {
        found.push('a problem body that is not JSON');
      }
      if (problem) {
        decoded = stringLeaves(problem).join('\n');
        for (const field of ['type', 'title', 'detail'] as const) {
          if (typeof problem[field] !== 'string' || problem[field] === '') found.push(`problem.${field} missing`);
        }
        if (problem.status !== status) found.push(`problem.status ${String(problem.status)} is not the HTTP status ${status}`);
        const allowed = new Set(['type', 'title', 'status', 'detail', 'errors']);
        const extra = Object.keys(problem).filter((key) => !allowed.has(key));
        if (extra.length > 0) found.push(`problem has extra members ${extra.join(', ')}`);
        if (problem.errors !== undefined) {
          const valid =
            Array.isArray(problem.errors) &&
            problem.errors.every((error: unknown) => {
              const entry = error as Record<string, unknown>;
              return typeof entry === 'object' && entry !== null && typeof entry.path === 'string' && typeof entry.message === 'string';
            });
          if (!valid) found.push('problem.errors is not [{path, message}]');
        }
      }
    }
    if (STACK_TRACE.test(body)) found.push('a stack trace in the error');
    if (INTERNAL_NAMES.test(decoded)) found.push(`an internal name in the error: ${decoded.slice(0, 200)}`);
    const echoed = submittedOf().find((text) => body.includes(text) || decoded.includes(text));
    if (echoed !== undefined) found.push(`the error echoes a submitted string ${JSON.stringify(echoed.slice(0, 40))}`);
  }
  if (status >= 200 && status < 300) {
    if (route.success.media) {
      if (!type.startsWith(route.success.media)) found.push(`a ${status} as ${type}, not ${route.success.media}`);
    } else if (type !== 'application/json') {
      found.push(`a ${status} as ${JSON.stringify(type)}`);
    } else if (checkSuccessBody) {
      const parsed = route.success.schema.safeParse(JSON.parse(body));
      if (!parsed.success)
        found.push(
          `a ${status} that does not match the route's success schema: ${parsed.error.issues.map((issue) => issue.path.join('.')).join(', ')}`,
        );
    }
    if (![200, 201].includes(status)) found.push(`success status ${status}`);
  }
  // A redirect only where the route declares one (a confirmation's 303 to its status page).
  if (status < 200 || (status >= 300 && status < 400 && status !== route.success.status)) found.push(`status ${status}`);
  return found;
}

/**
 * Whether a request could possibly change the table: its caller names an allowed role, its path
 * parameters match their patterns and its body the route's schema. A necessary condition only, so
 * a request outside it must be refused, and one inside it is checked on its own.
 */
function mightWrite(
  route: RouteSpec,
  request: {
    params: Record<string, string> | null;
    headers: Record<string, string>;
    body: string | undefined;
    base64: boolean;
    groups: unknown;
    knownToken: boolean;
  },
): boolean {
  if (route.method === 'GET') return false;
  // The contract's header rules (API.md): JSON bodies only, If-Match as an ETag, keys of 8 to 128 visible characters.
  const contentType = request.headers['content-type']?.split(';')[0]?.trim().toLowerCase();
  if (route.body && contentType !== 'application/json' && !contentType?.endsWith('+json')) return false;
  if (route.ifMatch === 'required' && !/^\s*(?:W\/)?"\d{1,9}"\s*$/.test(request.headers['if-match'] ?? '')) return false;
  const key = request.headers['idempotency-key'];
  if (route.idempotent && key !== undefined && !/^[\x21-\x7e]{8,128}$/.test(key)) return false;
  if ('roles' in route.access) {
    const groups = JSON.stringify(request.groups ?? '');
    if (!route.access.roles.some((role) => groups.includes(role))) return false;
  }
  for (const [name, schema] of Object.entries(route.params ?? {})) {
    if (!schema.safeParse(request.params?.[name]).success) return false;
  }
  if (route.path.includes('{token}') && !request.knownToken) return false;
  if (route.body) {
    const text = request.body === undefined ? '' : request.base64 ? Buffer.from(request.body, 'base64').toString('utf8') : request.body;
    if (Buffer.byteLength(text) > MAX_BODY_BYTES) return false;
    try {
      if (!route.body.safeParse(JSON.parse(text)).success) return false;
    } catch {
      return false;
    }
  }
  return true;
}

function summarize(value: unknown): string {
  return JSON.stringify(value, (_key, item: unknown) =>
    typeof item === 'string' && item.length > 80 ? `${item.slice(0, 40)}…(${item.length} chars)` : item,
  );
}

interface RouteStats {
  inputs: number;
  hostile: number;
  successes: number;
  statuses: Map<number, number>;
}
const stats = new Map<string, RouteStats>();
function statsOf(key: string): RouteStats {
  let entry = stats.get(key);
  if (!entry) {
    entry = { inputs: 0, hostile: 0, successes: 0, statuses: new Map() };
    stats.set(key, entry);
  }
  return entry;
}

/** Calls `work` on every item, `limit` at a time; stops starting new ones after the first failure. */
async function inPool<T>(items: readonly T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  let failed = false;
  const worker = async () => {
    while (!failed && next < items.length) {
      const item = items[next++] as T;
      try {
        await work(item);
      } catch (error) {
        failed = true;
        throw error;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}

/**
 * A batch property: the requests that cannot write (reads, and requests that must be refused) run
 * CONCURRENCY at a time, since none may change anything; the table is compared after them. A
 * request that might write runs alone, with the table compared before and after it.
 */
function batchRunner<I>(options: {
  send: (input: I) => Promise<Answer>;
  check: (input: I, answer: Answer) => string[];
  mightWrite: (input: I) => boolean;
  isWrite: boolean;
  /** The route's own success status: a confirmation's 303 succeeds like a 200. */
  successStatus: number;
  label: string;
}) {
  let snapshot: TableSnapshot | undefined;
  const unchangedSince = async (reference: TableSnapshot, culprits: I[]) => {
    const now = await takeSnapshot(table);
    const diff = diffSnapshots(reference, now);
    if (!isUnchanged(diff)) {
      throw new Error(
        `${options.label}: refused requests wrote to the table (${describeDiff(diff)}); one of these ${culprits.length}:\n${culprits.slice(0, 30).map(summarize).join('\n')}`,
      );
    }
    return now;
  };
  const answerAndCheck = async (input: I, writeExpected: boolean): Promise<Answer> => {
    const answer = await options.send(input);
    const found = options.check(input, answer);
    if (answer.status >= 200 && answer.status < 300 && options.isWrite && !writeExpected)
      found.push(`succeeded (${answer.status}) although it must be refused`);
    if (found.length > 0) throw new Error(`${options.label}: ${found.join('; ')}\nrequest: ${summarize(input)}`);
    return answer;
  };
  return async (inputs: I[]): Promise<void> => {
    // The table as last compared, kept in `snapshot` as well for the next run.
    let current = snapshot ?? (await takeSnapshot(table));
    snapshot = current;
    let unchecked: I[] = [];
    let segment: I[] = [];
    const flush = async () => {
      await inPool(segment, CONCURRENCY, async (input) => {
        await answerAndCheck(input, false);
      });
      unchecked.push(...segment);
      segment = [];
      if (unchecked.length > 0) {
        current = await unchangedSince(current, unchecked);
        snapshot = current;
      }
      unchecked = [];
    };
    try {
      for (const input of inputs) {
        if (!options.mightWrite(input)) {
          segment.push(input);
          continue;
        }
        await flush();
        const answer = await answerAndCheck(input, true);
        const after = await takeSnapshot(table);
        // The route's own success status counts as success, a confirmation's 303 included.
        const succeeded = (answer.status >= 200 && answer.status < 300) || answer.status === options.successStatus;
        if (!succeeded && !isUnchanged(diffSnapshots(current, after))) {
          throw new Error(
            `${options.label}: a refused request (${answer.status}) wrote ${describeDiff(diffSnapshots(current, after))}\nrequest: ${summarize(input)}`,
          );
        }
        current = after;
        snapshot = current;
      }
      await flush();
    } catch (error) {
      snapshot = undefined; // a failed run leaves the table unknown: the next run starts from a fresh look
      throw error;
    }
    const polluted =
      Object.getOwnPropertyNames(Object.prototype).sort().join(',') !== prototypeBaseline ||
      ({} as Record<string, unknown>).polluted !== undefined;
    if (polluted) throw new Error(`${options.label}: Object.prototype was polluted`);
  };
}

async function assertProperty<T>(
  arbitrary: fc.Arbitrary<T>,
  predicate: (value: T) => Promise<void>,
  seed: number,
  numRuns: number,
): Promise<void> {
  const details = await fc.check(fc.asyncProperty(arbitrary, predicate), { seed, numRuns, endOnFailure: true });
  if (details.failed) {
    const error = details.errorInstance as Error | undefined;
    throw new Error(
      `property failed (seed ${details.seed}, path ${String(details.counterexamplePath)}):\n${error?.message ?? String(details.errorInstance)}`,
    );
  }
}

/** The table's routes, reads first: a write that succeeds (a new village, say) then cannot slow the reads. */
const ORDERED_ROUTES = [...ROUTES].sort((a, b) => Number(a.method !== 'GET') - Number(b.method !== 'GET'));

describe('every route at the handler, 1,000+ hostile requests each', () => {
  test.each(ORDERED_ROUTES.map((route) => [routeKey(route), route] as const))(
    '%s',
    async (key, route) => {
      const handler = await handlerOf(route);
      const routeStats = statsOf(key);
      // Each distinct 2xx body is checked against the route's schema once (the OpenAPI document is large, and always the same).
      const validBodies = new Set<string>();
      const run = batchRunner<FuzzInput>({
        label: key,
        isWrite: route.method !== 'GET',
        successStatus: route.success.status,
        mightWrite: (input) =>
          mightWrite(route, {
            params: input.params,
            headers: input.headers,
            body: input.body,
            base64: input.base64,
            groups: input.claims?.['cognito:groups'],
            knownToken: fixture.ackTokens.includes(input.params?.token ?? ''),
          }),
        send: async (input) => {
          const result = await handler(eventFor(route, input), context);
          const answer = {
            status: result.statusCode ?? 200,
            headers: (result.headers ?? {}) as Record<string, string>,
            body: result.body ?? '',
          };
          routeStats.inputs += 1;
          if (input.hostile) routeStats.hostile += 1;
          routeStats.statuses.set(answer.status, (routeStats.statuses.get(answer.status) ?? 0) + 1);
          if (answer.status < 300 && route.method !== 'GET') routeStats.successes += 1;
          return answer;
        },
        check: (input, answer) => {
          const fresh = answer.status >= 300 || !validBodies.has(answer.body);
          const found = violationsOf(route, answer, () => submittedStrings(input), fresh);
          if (found.length === 0 && answer.status < 300) validBodies.add(answer.body);
          return found;
        },
      });
      const batchesOf = (size: number) => fc.array(inputArbitrary(route, fixture), { minLength: size, maxLength: size });
      // A first round of HOSTILE_PER_ROUTE requests, then rounds of BATCH (each with its own seed) until enough were hostile.
      const size = route.method === 'GET' ? READ_BATCH : BATCH;
      await assertProperty(batchesOf(size), run, seedOf(route, 0), HOSTILE_PER_ROUTE / size);
      for (let round = 1; routeStats.hostile < HOSTILE_PER_ROUTE && round < 10; round++) {
        await assertProperty(batchesOf(BATCH), run, seedOf(route, round), LATER_ROUND_RUNS);
      }
      expect(routeStats.hostile).toBeGreaterThanOrEqual(HOSTILE_PER_ROUTE);
    },
    120_000,
  );

  test('the fuzzed routes are exactly the route table', () => {
    expect([...stats.keys()].sort()).toEqual(ROUTES.map(routeKey).sort());
  });
});

// ── through the dev server: event building and the JWT authorizer ────────────
type Forgery =
  | 'alg-none-unsigned'
  | 'alg-none-signed'
  | 'alg-hs512'
  | 'alg-rs256'
  | 'bad-signature'
  | 'tampered-payload'
  | 'other-key'
  | 'two-parts'
  | 'four-parts'
  | 'garbage'
  | 'empty'
  | 'bearer-only'
  | 'basic'
  | 'long'
  | 'lowercase-scheme'
  | 'extra-spaces';
type ClaimTiming = 'valid' | 'expired' | 'expires-now' | 'no-exp' | 'exp-as-string' | 'not-yet-valid';

type TokenSpec =
  | { kind: 'none' }
  | { kind: 'identity'; identity: Identity }
  | { kind: 'signed'; claims: Record<string, unknown>; timing: ClaimTiming }
  | { kind: 'forged'; how: Forgery; identity: Identity };

const base64url = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

function tokenArbitrary(f: Fixture): fc.Arbitrary<Part<TokenSpec>> {
  const identity = fc.constantFrom(...f.identities);
  const signedClaims = fc.record({
    sub: weighted<unknown>(
      [3, fc.constantFrom('fuzz-coordinator', 'fuzz-volunteer-a')],
      [1, fc.constantFrom('', 0, null)],
      [1, shortHostileString],
    ),
    'cognito:groups': weighted<unknown>(
      [3, fc.constantFrom<unknown>(['coordinator'], ['volunteer'], ['duty_bearer'], ['funder'])],
      [2, fc.constantFrom<unknown>(['coordinator', 'funder'], [], 'coordinator', '[coordinator]', ['admin'], [['coordinator']], [1], null)],
      [1, shortHostileString],
    ),
    'custom:villages': weighted<unknown>(
      [3, fc.constantFrom(VILLAGE, `${VILLAGE},${OTHER_VILLAGE}`)],
      [1, shortHostileString],
      [1, fc.constantFrom<unknown>([VILLAGE], 7)],
    ),
    'custom:contactId': weighted<unknown>(
      [3, fc.constantFrom(...Object.values(f.programme).map((contact) => contact.id))],
      [1, shortHostileString],
    ),
    iss: weighted<unknown>(
      [6, fc.constant(LOCAL_ISSUER)],
      [1, fc.constantFrom('https://cognito-idp.ap-south-1.amazonaws.com/evil', '', null)],
    ),
    aud: weighted<unknown>(
      [6, fc.constant(LOCAL_AUDIENCE)],
      [1, fc.constantFrom<unknown>(['other', LOCAL_AUDIENCE], ['other'], 'other', null)],
    ),
  });
  const timing = weighted<ClaimTiming>(
    [4, fc.constant('valid')],
    [1, fc.constantFrom('expired', 'expires-now', 'no-exp', 'exp-as-string', 'not-yet-valid')],
  );
  return weighted<Part<TokenSpec>>(
    [6, good(identity.map((who): TokenSpec => ({ kind: 'identity', identity: who })))],
    [3, bad(fc.tuple(signedClaims, timing).map(([claims, when]): TokenSpec => ({ kind: 'signed', claims, timing: when })))],
    [
      4,
      bad(
        fc
          .tuple(
            fc.constantFrom<Forgery>(
              'alg-none-unsigned',
              'alg-none-signed',
              'alg-hs512',
              'alg-rs256',
              'bad-signature',
              'tampered-payload',
              'other-key',
              'two-parts',
              'four-parts',
              'garbage',
              'empty',
              'bearer-only',
              'basic',
              'long',
              'lowercase-scheme',
              'extra-spaces',
            ),
            identity,
          )
          .map(([how, who]): TokenSpec => ({ kind: 'forged', how, identity: who })),
      ),
    ],
    [1, bad(fc.constant<TokenSpec>({ kind: 'none' }))],
  );
}

async function authorizationHeader(spec: TokenSpec): Promise<string | undefined> {
  const nowSeconds = Math.floor(Date.now() / 1000);
  switch (spec.kind) {
    case 'none':
      return undefined;
    case 'identity':
      return `Bearer ${await api.tokenFor(identityOf(spec.identity))}`;
    case 'signed': {
      const exp = {
        valid: nowSeconds + 3600,
        expired: nowSeconds - 60,
        'expires-now': nowSeconds,
        'no-exp': undefined,
        'exp-as-string': String(nowSeconds + 3600),
        'not-yet-valid': nowSeconds + 3600,
      }[spec.timing];
      const claims = {
        ...spec.claims,
        token_use: 'id',
        iat: nowSeconds,
        ...(exp !== undefined ? { exp } : {}),
        ...(spec.timing === 'not-yet-valid' ? { nbf: nowSeconds + 600 } : {}),
      };
      return `Bearer ${await api.signClaims(claims)}`;
    }
    case 'forged': {
      const real = await api.tokenFor(identityOf(spec.identity));
      const [header = '', payload = '', signature = ''] = real.split('.');
      // Always a different payload from the one signed: another sub, and the coordinator group.
      const coordinatorPayload = base64url({
        ...JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')),
        sub: 'fuzz-attacker',
        'cognito:groups': ['coordinator'],
      });
      switch (spec.how) {
        case 'alg-none-unsigned':
          return `Bearer ${base64url({ alg: 'none', typ: 'JWT' })}.${coordinatorPayload}.`;
        case 'alg-none-signed':
          return `Bearer ${base64url({ alg: 'none', typ: 'JWT' })}.${payload}.${signature}`;
        case 'alg-hs512':
          return `Bearer ${base64url({ alg: 'HS512', typ: 'JWT' })}.${payload}.${signature}`;
        case 'alg-rs256':
          return `Bearer ${base64url({ alg: 'RS256', typ: 'JWT' })}.${payload}.${signature}`;
        case 'bad-signature':
          return `Bearer ${header}.${payload}.${signature.slice(0, -2)}${signature.endsWith('AA') ? 'BB' : 'AA'}`;
        case 'tampered-payload':
          return `Bearer ${header}.${coordinatorPayload}.${signature}`;
        case 'other-key':
          return `Bearer ${header}.${payload}.${Buffer.alloc(32, 7).toString('base64url')}`;
        case 'two-parts':
          return `Bearer ${header}.${payload}`;
        case 'four-parts':
          return `Bearer ${real}.${signature}`;
        case 'garbage':
          return 'Bearer not.a.token';
        case 'empty':
          return '';
        case 'bearer-only':
          return 'Bearer ';
        case 'basic':
          return `Basic ${Buffer.from('coordinator:password').toString('base64')}`;
        case 'long':
          return `Bearer ${header}.${'A'.repeat(6000)}.${signature}`;
        case 'lowercase-scheme':
          return `bearer ${real}`;
        case 'extra-spaces':
          return `Bearer    ${real}  `;
      }
    }
  }
}

function identityOf(identity: Identity) {
  return {
    role: identity.role,
    sub: identity.sub,
    ...(identity.villages ? { villages: identity.villages } : {}),
    ...(identity.contactId ? { contactId: identity.contactId } : {}),
  };
}

/** The groups a token may carry if the authorizer accepts it; undefined for a token it must refuse. */
function groupsIfAccepted(spec: TokenSpec): unknown {
  if (spec.kind === 'identity') return [spec.identity.role];
  if (spec.kind === 'signed') {
    const { iss, aud } = spec.claims;
    const audiences: unknown[] = Array.isArray(aud) ? aud : [aud];
    if (spec.timing !== 'valid' || iss !== LOCAL_ISSUER || !audiences.includes(LOCAL_AUDIENCE)) return undefined;
    return spec.claims['cognito:groups'];
  }
  if (spec.kind === 'forged' && (spec.how === 'lowercase-scheme' || spec.how === 'extra-spaces')) return [spec.identity.role];
  return undefined;
}

const tokenSurelyRefused = (spec: TokenSpec) => groupsIfAccepted(spec) === undefined;

interface HttpInput {
  hostile: boolean;
  token: TokenSpec;
  /** Path and query as sent. */
  target: string;
  /** The path parameters as the dev server matches them (after URL normalisation and decoding); null when it matches another route or none. */
  params: Record<string, string> | null;
  query: Record<string, string> | undefined;
  headers: Record<string, string>;
  body: string | undefined;
}

/**
 * What fetch can put in a header value (printable ASCII), within the sizes API Gateway accepts at
 * all (10 KB of request line and headers): beyond them it answers its own errors, not the handlers'.
 */
const headerSafe = (value: string) =>
  value
    .replace(/[^\x20-\x7e]/g, '?')
    .trim()
    .slice(0, 2000);
const capped = (value: string, length: number) => (value.length > length ? value.slice(0, length) : value);

function httpInputArbitrary(route: RouteSpec, f: Fixture): fc.Arbitrary<HttpInput> {
  return fc
    .tuple(
      inputArbitrary(route, f),
      tokenArbitrary(f),
      fc.constantFrom('encoded', 'encoded', 'encoded', 'raw-junk'),
      weighted<string | undefined>(
        [8, fc.constant(undefined)],
        [1, fc.constantFrom('&&=&', 'limit=1&limit=2', 'a=%zz', '%ZZ=1', '=x', 'x', '__proto__[a]=1')],
      ),
    )
    .map(([input, token, pathStyle, junk]): HttpInput => {
      const rawPath = route.path.replace(/\{(\w+)\}/g, (_whole, name: string) => {
        const value = capped(input.params?.[name] ?? '', 1000);
        // A raw-junk segment keeps its percent signs and slashes as sent: API Gateway decodes what it can.
        return pathStyle === 'raw-junk' ? value.replace(/[^\x21-\x7e]/g, '').replace(/[?#]/g, '') || 'x' : encodeSegment(value) || 'x';
      });
      const query =
        input.query && Object.fromEntries(Object.entries(input.query).map(([name, value]) => [capped(name, 100), capped(value, 400)]));
      const queryText = [query ? new URLSearchParams(query).toString() : '', junk ?? ''].filter(Boolean).join('&');
      const target = `${rawPath}${queryText ? `?${queryText}` : ''}`;
      // What reaches the server: fetch normalises the URL (dot segments, for one) before sending it.
      const match = matchRoute(route.method, new URL(target, 'http://127.0.0.1').pathname);
      const params = match.kind === 'route' && routeKey(match.route) === routeKey(route) ? match.pathParameters : null;
      const headers = Object.fromEntries(
        Object.entries(input.headers)
          .filter(([name]) => !['host', '__proto__', 'constructor'].includes(name))
          .map(([name, value]) => [name.toLowerCase(), headerSafe(value)]),
      );
      return {
        hostile: input.hostile || token.hostile || pathStyle !== 'encoded' || junk !== undefined,
        token: token.value,
        target,
        params,
        query,
        headers,
        body:
          route.method === 'GET'
            ? undefined
            : input.base64 && input.body !== undefined
              ? Buffer.from(input.body, 'base64').toString('utf8')
              : input.body,
      };
    });
}

async function fetchAnswer(method: string, target: string, headers: Record<string, string>, body: string | undefined): Promise<Answer> {
  let response: Response;
  try {
    response = await fetch(`${api.baseUrl}${target}`, { method, headers, ...(body !== undefined ? { body } : {}), redirect: 'manual' });
  } catch (error) {
    return { status: 599, headers: {}, body: `the connection failed: ${(error as Error).message}` };
  }
  const text = await response.text();
  return { status: response.status, headers: Object.fromEntries(response.headers), body: text };
}

describe('every route through the dev server (API Gateway events, the JWT authorizer)', () => {
  test.each(ORDERED_ROUTES.map((route) => [routeKey(route), route] as const))(
    '%s',
    async (key, route) => {
      const run = batchRunner<HttpInput>({
        label: `HTTP ${key}`,
        isWrite: route.method !== 'GET',
        successStatus: route.success.status,
        mightWrite: (input) => {
          if (input.params === null) return false; // the request lands on another route, or on none
          const groups = groupsIfAccepted(input.token);
          if ('roles' in route.access && groups === undefined) return false;
          return mightWrite(route, {
            params: input.params,
            headers: input.headers,
            body: input.body,
            base64: false,
            groups,
            knownToken: fixture.ackTokens.includes(input.params.token ?? ''),
          });
        },
        send: async (input) => {
          const authorization = await authorizationHeader(input.token);
          const headers = { ...input.headers, ...(authorization !== undefined ? { authorization } : {}) };
          return fetchAnswer(route.method, input.target, headers, input.body);
        },
        check: (input, answer) => {
          const found = violationsOf(route, answer, () => submittedStrings({ ...input, base64: false }));
          if ('roles' in route.access && input.params !== null && tokenSurelyRefused(input.token) && answer.status !== 401) {
            found.push(`a request with a bad or no token answered ${answer.status}, not 401`);
          }
          return found;
        },
      });
      await assertProperty(
        fc.array(httpInputArbitrary(route, fixture), { minLength: HTTP_BATCH, maxLength: HTTP_BATCH }),
        run,
        seedOf(route, 1_000),
        HTTP_RUNS,
      );
    },
    60_000,
  );

  test('paths and methods outside the table get a 404 or 405 problem', async () => {
    const knownPaths = ROUTES.map((route) => route.path.replace(/\{(\w+)\}/g, 'x'));
    const requests = fc.record({
      method: fc.constantFrom('GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS', 'HEAD'),
      path: weighted<string>(
        [
          3,
          fc
            .tuple(fc.constantFrom(...knownPaths), fc.constantFrom('/', '/x', '//', '/..', '%2F', '/%00', '.json', '/history/x'))
            .map(([path, suffix]) => `${path}${suffix}`),
        ],
        [
          2,
          fc
            .array(fc.string({ minLength: 1, maxLength: 12 }).map(encodeSegment), { minLength: 1, maxLength: 6 })
            .map((segments) => `/${segments.join('/')}`),
        ],
        [
          1,
          fc.constantFrom(
            '/',
            '//incidents',
            '/INCIDENTS',
            '/Incidents',
            '/incidents%2F01JD0000000000000000000V01',
            '/a',
            '/a/',
            '/%2e%2e/health',
            '/health?x=1',
            '/openapi.json/..',
          ),
        ],
      ),
      token: tokenArbitrary(fixture),
    });
    const check = async ({ method, path, token }: { method: string; path: string; token: Part<TokenSpec> }) => {
      const authorization = await authorizationHeader(token.value);
      const answer = await fetchAnswer(method, path, authorization !== undefined ? { authorization } : {}, undefined);
      if (answer.status >= 500) throw new Error(`${method} ${path} answered ${answer.status}: ${answer.body.slice(0, 200)}`);
      if (
        answer.status >= 400 &&
        answer.headers['content-type'] !== 'application/problem+json' &&
        !answer.headers['content-type']?.startsWith('text/html')
      ) {
        throw new Error(`${method} ${path} answered ${answer.status} as ${answer.headers['content-type']}`);
      }
      if (answer.status >= 400 && method !== 'HEAD' && answer.headers['content-type'] === 'application/problem+json') {
        const problem = JSON.parse(answer.body) as Record<string, unknown>;
        if (
          problem.status !== answer.status ||
          typeof problem.type !== 'string' ||
          typeof problem.title !== 'string' ||
          typeof problem.detail !== 'string'
        ) {
          throw new Error(`${method} ${path}: a malformed problem ${answer.body.slice(0, 200)}`);
        }
      }
    };
    const before = await takeSnapshot(table);
    await assertProperty(requests, check, SEED + 2_000, 200);
    expect(describeDiff(diffSnapshots(before, await takeSnapshot(table)))).toBe('');
  }, 60_000);
});

// ── what the fuzzer found ────────────────────────────────────────────────────
describe('bugs the fuzzer found, fixed: each stays as a regression test', () => {
  const coordinator = { sub: 'fuzz-coordinator', role: 'coordinator' };

  test('GET /incidents with from later than to is a 400 problem, not a 500', async () => {
    const response = await call('GET', '/incidents', {
      claims: coordinator,
      query: { from: '2026-12-31T00:00:00.000Z', to: '2026-01-01T00:00:00.000Z' },
    });
    expect(response.status).toBe(400);
  });

  test('GET /meetings with from later than to is a 400 problem, not a 500', async () => {
    const response = await call('GET', '/meetings', { claims: coordinator, query: { from: '2026-12-31', to: '2026-01-01' } });
    expect(response.status).toBe(400);
  });

  test('a report by a caller whose sub claim is over 2 KB is refused with a 4xx, not a 500 (the sub becomes part of a key)', async () => {
    const response = await call('POST', '/incidents', {
      claims: { sub: 's'.repeat(3000), role: 'coordinator' },
      body: { villageId: VILLAGE, category: 'other', child: { ageBand: '0-5', gender: 'boy' }, description: 'x' },
    });
    expect(response.status).toBeLessThan(500);
  });
});
