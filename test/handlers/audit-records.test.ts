// Every read route the route table marks `audit` leaves an audit record per record it answers, with
// who, which role, which record, which route and when, and nothing of the record itself; every other
// route that reads the table says below why it need not. A new read route of the table therefore
// fails here until it audits its reads or says why not. A read whose record cannot be written is a 503.
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { tableStores } from '../../functions/adapters/table/stores.js';
import type { Table } from '../../functions/adapters/table/table.js';
import type { AuditRecord } from '../../functions/domain/schemas.js';
import { ROUTE_GROUPS, ROUTES, type RouteSpec, routeKey } from '../../functions/http/routes.js';
import { createTestTable, TEST_CURSOR_SECRET, type TestTable } from '../support/dynamodb.js';
import { aLinkage, linkageCreatedEntry } from '../support/fixtures.js';
import { type Claims, call, httpEvent, invoke, useFunctionEnvironment } from '../support/lambda.js';
import { type Programme, seedProgramme, VILLAGE } from '../support/programme.js';

/** Routes that read the table and record no read, each with why: none answers a record about a child or a week's metrics. */
const NOT_AUDITED: Record<string, string> = {
  'GET /villages': 'The programme’s villages: names of places, nobody in them.',
  'GET /villages/{villageId}/coverage': 'Which kinds of duty bearer a village has: the directory, no child.',
  'GET /contacts': 'The directory of the adults who act, which the coordinators keep.',
  'GET /meetings': 'Programme activity: attendance counts and topics, never a child.',
  'GET /incidents/{id}/access-log': 'The audit records themselves: who read what, never what it holds.',
  'GET /audit': 'The audit records themselves: who read what, never what it holds.',
};

const CHILD = 'Rina Khatun';
const DESCRIPTION = 'Marriage being arranged with a man from Basirhat';
const coordinator: Claims = { sub: 'sub-coordinator', role: 'coordinator' };
const funder: Claims = { sub: 'sub-funder', role: 'funder' };

let table: TestTable;
let programme: Programme;
let incidentId: string;
let linkageIds: string[];
const TOKEN = 'auditTestToken-0000000001';

beforeAll(async () => {
  table = await createTestTable();
  programme = await seedProgramme(table.stores());
  useFunctionEnvironment(table.tableName);
  const reported = await call('POST', '/incidents', {
    claims: { sub: 'sub-volunteer', role: 'volunteer', villages: [VILLAGE], contactId: programme.volunteer.id },
    body: {
      villageId: VILLAGE,
      category: 'child_marriage',
      child: { ageBand: '15-17', gender: 'girl', name: CHILD },
      description: DESCRIPTION,
    },
  });
  incidentId = reported.body.id;
  linkageIds = [];
  for (const createdAt of ['2026-11-20T09:00:00.000Z', '2026-11-21T09:00:00.000Z']) {
    const linkage = aLinkage({ villageId: VILLAGE, childRef: 'HG-0042', providerContactId: programme.panchayat.id, createdAt });
    await table.stores().activities.createLinkage(linkage, linkageCreatedEntry(linkage));
    linkageIds.push(linkage.id);
  }
  const now = Date.now();
  await table.stores().ackLinks.put({
    token: TOKEN,
    incidentId,
    contactId: programme.panchayat.id,
    createdAt: new Date(now).toISOString(),
    expiresAt: new Date(now + 86_400_000).toISOString(),
  });
});
afterAll(async () => {
  await table.drop();
});

interface AuditedRead {
  claims: Claims | null;
  path: string;
  /** Who the records name: the caller, or for a link the contact it was sent to. */
  actor: AuditRecord['actor'];
  records: () => string[];
}

const asCoordinator = (path: () => string, records: () => string[]) => () => ({
  claims: coordinator,
  path: path(),
  actor: { sub: 'sub-coordinator', role: 'coordinator' as const },
  records,
});
const theLink = () => ({ sub: `sms-link:${programme.panchayat.id}`, role: 'duty_bearer' as const, contactId: programme.panchayat.id });

/** A read by each route that audits, and the records it must name. */
const READS: Record<string, () => AuditedRead> = {
  'GET /incidents': asCoordinator(
    () => '/incidents?villageId=v-hingalganj-1',
    () => [incidentId],
  ),
  'GET /incidents/{id}': asCoordinator(
    () => `/incidents/${incidentId}`,
    () => [incidentId],
  ),
  'GET /incidents/{id}/history': asCoordinator(
    () => `/incidents/${incidentId}/history`,
    () => [incidentId],
  ),
  'GET /incidents/{id}/notifications': asCoordinator(
    () => `/incidents/${incidentId}/notifications`,
    () => [incidentId],
  ),
  'GET /incidents/{id}/export': asCoordinator(
    () => `/incidents/${incidentId}/export`,
    () => [incidentId],
  ),
  'GET /children/{childRef}/export': asCoordinator(
    () => '/children/HG-0042/export',
    () => linkageIds,
  ),
  'GET /linkages': asCoordinator(
    () => '/linkages?villageId=v-hingalganj-1',
    () => linkageIds,
  ),
  'GET /linkages/{id}': asCoordinator(
    () => `/linkages/${linkageIds[0]}`,
    () => linkageIds.slice(0, 1),
  ),
  'GET /metrics/weekly/{isoWeek}': () => ({
    claims: funder,
    path: '/metrics/weekly/2026-W40',
    actor: { sub: 'sub-funder', role: 'funder' },
    records: () => ['2026-W40'],
  }),
  'GET /a/{token}': () => ({ claims: null, path: `/a/${TOKEN}`, actor: theLink(), records: () => [incidentId] }),
  'GET /a/{token}/status': () => ({ claims: null, path: `/a/${TOKEN}/status`, actor: theLink(), records: () => [incidentId] }),
};

const AUDITED = ROUTES.filter((route) => route.audit !== undefined);
const readsTable = (route: RouteSpec) => route.method === 'GET' && ROUTE_GROUPS[route.group].access !== 'none';

test('every route that reads the table audits its reads, or says here why it need not', () => {
  expect(
    ROUTES.filter((route) => readsTable(route) && !route.audit)
      .map(routeKey)
      .sort(),
  ).toEqual(Object.keys(NOT_AUDITED).sort());
  expect(AUDITED.map(routeKey).sort()).toEqual(Object.keys(READS).sort());
});

const ALLOWED_FIELDS = ['id', 'at', 'actor', 'record', 'villageId', 'route'];

describe.each(AUDITED.map((route) => [routeKey(route), route] as const))('%s', (key, route) => {
  test('leaves one audit record per record it answers: who, which role, which record, by which route, when; nothing more', async () => {
    // Prepare
    const read = READS[key]?.();
    if (!read) throw new Error(`no read for ${key}`);
    const since = new Date().toISOString();
    const [path, query] = read.path.split('?');

    // Act
    const response = await call('GET', path ?? read.path, {
      claims: read.claims,
      ...(query ? { query: Object.fromEntries(new URLSearchParams(query)) } : {}),
    });

    // Assess
    expect(response.status).toBe(200);
    const written = (await table.stores().audit.list({ from: since }, { limit: 100 })).items.filter((record) => record.route === key);
    expect(written.map((record) => record.record.id).sort()).toEqual(read.records().sort());
    for (const record of written) {
      expect(record).toMatchObject({ actor: read.actor, record: { type: route.audit }, route: key });
      expect(Date.parse(record.at)).toBeGreaterThanOrEqual(Date.parse(since));
      expect(Object.keys(record).every((field) => ALLOWED_FIELDS.includes(field))).toBe(true);
    }
    expect(JSON.stringify(written)).not.toMatch(/Rina|Basirhat|Birth certificate/);
  });
});

test('a read whose audit record cannot be written answers 503 with Retry-After, and nothing of the incident', async () => {
  // Prepare: the incidents-read routes over a table that refuses every batch of writes, as a missing grant would.
  const refusing: Table = new Proxy(table.table, {
    get: (target, name, receiver) =>
      name === 'writeBatch'
        ? async () => {
            throw Object.assign(new Error('not authorized to perform dynamodb:BatchWriteItem'), { name: 'AccessDeniedException' });
          }
        : Reflect.get(target, name, receiver),
  });
  const { incidentRoutes } = await import('../../functions/http/controllers/incidents.js');
  const { httpHandler } = await import('../../functions/http/kit/http-handler.js');
  const { handlersFor } = await import('../../functions/http/kit/route.js');
  const { httpDependencies } = await import('../../functions/wiring.js');
  const stores = tableStores(refusing, { cursorSecret: TEST_CURSOR_SECRET });
  const handler = httpHandler(handlersFor('incidents-read', incidentRoutes(httpDependencies(stores))));

  // Act
  const response = await invoke(handler, httpEvent('http/get-incident.json', { claims: coordinator, id: incidentId }));

  // Assess
  expect(response.status).toBe(503);
  expect(response.headers['retry-after']).toBe('2');
  expect(response.raw).not.toContain(DESCRIPTION);
});
