// Every role against every route, in and out of its villages. The expected statuses are written out
// here, independently of the route table, so a permission that widens by mistake fails this test.
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { ROUTES, routeKey } from '../../functions/http/routes.js';
import { createTestTable, type TestTable } from '../support/dynamodb.js';
import { aContact, aLinkage, aMeeting, linkageCreatedEntry } from '../support/fixtures.js';
import { type Claims, call, useFunctionEnvironment } from '../support/lambda.js';
import { VILLAGE as A, OTHER_VILLAGE as B, type Programme, seedProgramme } from '../support/programme.js';

type CallerName = 'coordinator' | 'volunteerA' | 'volunteerB' | 'routedDutyBearer' | 'otherDutyBearer' | 'funder' | 'anonymous';
const CALLERS: CallerName[] = ['coordinator', 'volunteerA', 'volunteerB', 'routedDutyBearer', 'otherDutyBearer', 'funder', 'anonymous'];
type SignedInCaller = Exclude<CallerName, 'anonymous'>;

let table: TestTable;
let programme: Programme;
let claims: Record<SignedInCaller, Claims> & { anonymous: undefined };
let stranger: string;

beforeAll(async () => {
  table = await createTestTable();
  programme = await seedProgramme(table.stores());
  useFunctionEnvironment(table.tableName);
  stranger = aContact({ kind: 'police' }).id;
  await table.stores().directory.createContact(aContact({ id: stranger, kind: 'police', phone: '+919800000099' }));
  claims = {
    coordinator: { sub: 'sub-coordinator', role: 'coordinator' },
    volunteerA: { sub: 'sub-volunteer-a', role: 'volunteer', villages: [A], contactId: programme.volunteer.id },
    volunteerB: { sub: 'sub-volunteer-b', role: 'volunteer', villages: [B] },
    // The panchayat of A: routed every child marriage in A, and the provider of A's linkages.
    routedDutyBearer: { sub: 'sub-panchayat-a', role: 'duty_bearer', villages: [A], contactId: programme.panchayat.id },
    otherDutyBearer: { sub: 'sub-police-x', role: 'duty_bearer', villages: [A], contactId: stranger },
    funder: { sub: 'sub-funder', role: 'funder' },
    anonymous: undefined,
  };
});
afterAll(async () => {
  await table.drop();
});

const incidentBody = (villageId = A) => ({
  villageId,
  category: 'child_marriage',
  child: { ageBand: '15-17', gender: 'girl', name: 'Rina Khatun' },
  description: 'A marriage is being arranged',
  location: 'near the school',
});

/** A fresh incident in A reported by volunteer A (so every caller's attempt starts from the same state). */
async function incidentInA(): Promise<string> {
  const created = await call('POST', '/incidents', { claims: claims.volunteerA, body: incidentBody() });
  return created.body.id as string;
}

/** An acknowledgement link for the panchayat of A: the link itself is the credential, whoever holds it. */
async function ackLinkInA(): Promise<string> {
  const token = `matrix-${Math.random().toString(36).slice(2)}-link`;
  const now = Date.now();
  await table.stores().ackLinks.put({
    token,
    incidentId: await incidentInA(),
    contactId: programme.panchayat.id,
    createdAt: new Date(now).toISOString(),
    expiresAt: new Date(now + 86_400_000).toISOString(),
  });
  return token;
}

async function linkageInA(status: 'identified' | 'referred', childRef = 'HG-0042'): Promise<string> {
  const linkage = aLinkage({ villageId: A, childRef, providerContactId: programme.panchayat.id, status, version: 1 });
  await table.stores().activities.createLinkage(linkage, linkageCreatedEntry(linkage));
  return linkage.id;
}

/** A child with a linkage in A, by a code of its own (each caller's attempt starts from the same state). */
async function childInA(): Promise<string> {
  const childRef = `M-${Math.random().toString(36).slice(2, 10)}`;
  await linkageInA('identified', childRef);
  return childRef;
}

type Request = { method: string; path: string; body?: unknown; headers?: Record<string, string>; query?: Record<string, string> };
interface Case {
  route: string;
  request: () => Promise<Request>;
  expected: Record<CallerName, number>;
}

const all = (status: number, overrides: Partial<Record<CallerName, number>> = {}) =>
  ({ ...Object.fromEntries(CALLERS.map((caller) => [caller, status])), anonymous: 401, ...overrides }) as Record<CallerName, number>;
const coordinatorOnly = (status: number) => all(403, { coordinator: status });

const CASES: Case[] = [
  { route: 'GET /health', request: async () => ({ method: 'GET', path: '/health' }), expected: all(200, { anonymous: 200 }) },
  { route: 'GET /openapi.json', request: async () => ({ method: 'GET', path: '/openapi.json' }), expected: all(200, { anonymous: 200 }) },
  { route: 'GET /robots.txt', request: async () => ({ method: 'GET', path: '/robots.txt' }), expected: all(200, { anonymous: 200 }) },
  { route: 'GET /privacy', request: async () => ({ method: 'GET', path: '/privacy' }), expected: all(200, { anonymous: 200 }) },
  { route: 'GET /villages', request: async () => ({ method: 'GET', path: '/villages' }), expected: all(200) },
  {
    route: 'PUT /villages/{villageId}',
    request: async () => ({
      method: 'PUT',
      path: `/villages/${A}`,
      body: { name: 'Hingalganj', block: 'Hingalganj', district: 'North 24 Parganas' },
    }),
    expected: coordinatorOnly(200),
  },
  {
    route: 'POST /contacts',
    request: async () => ({
      method: 'POST',
      path: '/contacts',
      body: { name: 'School HM', kind: 'school', villages: [A], language: 'bn', phone: '+919822223333' },
    }),
    expected: coordinatorOnly(201),
  },
  {
    route: 'GET /villages/{villageId}/coverage',
    request: async () => ({ method: 'GET', path: `/villages/${A}/coverage` }),
    expected: coordinatorOnly(200),
  },
  { route: 'GET /contacts', request: async () => ({ method: 'GET', path: '/contacts' }), expected: coordinatorOnly(200) },
  {
    route: 'PATCH /contacts/{id}',
    request: async () => ({ method: 'PATCH', path: `/contacts/${programme.vlcpc.id}`, body: { language: 'bn' } }),
    expected: coordinatorOnly(200),
  },
  {
    route: 'POST /incidents',
    request: async () => ({ method: 'POST', path: '/incidents', body: incidentBody() }),
    expected: all(201, { volunteerB: 403, funder: 403 }),
  },
  { route: 'GET /incidents', request: async () => ({ method: 'GET', path: '/incidents' }), expected: all(200, { funder: 403 }) },
  {
    route: 'GET /incidents/{id}',
    request: async () => ({ method: 'GET', path: `/incidents/${await incidentInA()}` }),
    expected: all(200, { volunteerB: 404, otherDutyBearer: 404, funder: 403 }),
  },
  {
    route: 'POST /incidents/{id}/transitions',
    request: async () => ({
      method: 'POST',
      path: `/incidents/${await incidentInA()}/transitions`,
      body: { to: 'acknowledged' },
      headers: { 'if-match': '"1"' },
    }),
    expected: all(403, { coordinator: 200, routedDutyBearer: 200, otherDutyBearer: 404 }),
  },
  {
    route: 'PATCH /incidents/{id}',
    request: async () => ({
      method: 'PATCH',
      path: `/incidents/${await incidentInA()}`,
      body: { severity: 'critical', reason: 'The marriage is planned for this week' },
      headers: { 'if-match': '"1"' },
    }),
    expected: coordinatorOnly(200),
  },
  {
    route: 'POST /incidents/{id}/notes',
    request: async () => ({ method: 'POST', path: `/incidents/${await incidentInA()}/notes`, body: { note: 'Visited the family' } }),
    expected: all(403, { coordinator: 201, routedDutyBearer: 201, otherDutyBearer: 404 }),
  },
  {
    // A legal duty is recorded by a coordinator or a routed official: the routed panchayat is a community kind.
    route: 'POST /incidents/{id}/duties/{dutyId}',
    request: async () => ({
      method: 'POST',
      path: `/incidents/${await incidentInA()}/duties/cmpo_informed`,
      body: { reference: 'Letter 42/2026' },
      headers: { 'if-match': '"1"' },
    }),
    expected: all(403, { coordinator: 200, otherDutyBearer: 404 }),
  },
  {
    route: 'GET /incidents/{id}/history',
    request: async () => ({ method: 'GET', path: `/incidents/${await incidentInA()}/history` }),
    expected: all(403, { coordinator: 200, routedDutyBearer: 200, otherDutyBearer: 404 }),
  },
  {
    route: 'GET /incidents/{id}/notifications',
    request: async () => ({ method: 'GET', path: `/incidents/${await incidentInA()}/notifications` }),
    expected: coordinatorOnly(200),
  },
  {
    route: 'GET /a/{token}',
    request: async () => ({ method: 'GET', path: `/a/${await ackLinkInA()}` }),
    expected: all(200, { anonymous: 200 }),
  },
  {
    route: 'POST /a/{token}',
    request: async () => ({ method: 'POST', path: `/a/${await ackLinkInA()}` }),
    expected: all(303, { anonymous: 303 }),
  },
  {
    route: 'GET /a/{token}/status',
    request: async () => ({ method: 'GET', path: `/a/${await ackLinkInA()}/status` }),
    expected: all(200, { anonymous: 200 }),
  },
  {
    route: 'GET /incidents/{id}/access-log',
    request: async () => ({ method: 'GET', path: `/incidents/${await incidentInA()}/access-log` }),
    expected: coordinatorOnly(200),
  },
  { route: 'GET /audit', request: async () => ({ method: 'GET', path: '/audit' }), expected: coordinatorOnly(200) },
  {
    route: 'PUT /incidents/{id}/legal-hold',
    request: async () => ({
      method: 'PUT',
      path: `/incidents/${await incidentInA()}/legal-hold`,
      body: { reason: 'Case 12/2026 in court' },
    }),
    expected: coordinatorOnly(200),
  },
  {
    route: 'DELETE /incidents/{id}/legal-hold',
    request: async () => ({ method: 'DELETE', path: `/incidents/${await incidentInA()}/legal-hold` }),
    expected: coordinatorOnly(200),
  },
  {
    route: 'POST /incidents/{id}/erasure',
    request: async () => ({ method: 'POST', path: `/incidents/${await incidentInA()}/erasure`, body: { reason: 'The family asked' } }),
    expected: coordinatorOnly(200),
  },
  {
    route: 'GET /incidents/{id}/export',
    request: async () => ({ method: 'GET', path: `/incidents/${await incidentInA()}/export` }),
    expected: coordinatorOnly(200),
  },
  {
    route: 'GET /children/{childRef}/export',
    request: async () => ({ method: 'GET', path: `/children/${await childInA()}/export` }),
    expected: coordinatorOnly(200),
  },
  {
    route: 'POST /children/{childRef}/erasure',
    request: async () => ({ method: 'POST', path: `/children/${await childInA()}/erasure`, body: { reason: 'The family asked' } }),
    expected: coordinatorOnly(200),
  },
  {
    // The volunteer who recorded a linkage may record its consent withdrawn; these were recorded by a coordinator.
    route: 'POST /linkages/{id}/consent-withdrawal',
    request: async () => ({
      method: 'POST',
      path: `/linkages/${await linkageInA('referred')}/consent-withdrawal`,
      body: { by: 'guardian' },
    }),
    expected: all(403, { coordinator: 200, volunteerB: 404 }),
  },
  {
    route: 'GET /metrics/weekly/{isoWeek}',
    request: async () => ({ method: 'GET', path: '/metrics/weekly/2026-W40' }),
    expected: all(403, { coordinator: 200, funder: 200 }),
  },
  {
    route: 'POST /meetings',
    request: async () => ({
      method: 'POST',
      path: '/meetings',
      body: {
        villageId: A,
        type: 'children_group',
        heldOn: '2026-11-20',
        attendance: { girls: 9, boys: 7, women: 0, men: 0, dutyBearers: 0 },
        topics: ['safety'],
      },
    }),
    expected: all(403, { coordinator: 201, volunteerA: 201 }),
  },
  {
    route: 'GET /meetings',
    request: async () => ({ method: 'GET', path: '/meetings' }),
    expected: all(403, { coordinator: 200, volunteerA: 200, volunteerB: 200 }),
  },
  {
    route: 'POST /linkages',
    request: async () => ({
      method: 'POST',
      path: '/linkages',
      body: {
        villageId: A,
        childRef: 'HG-7',
        ageBand: '6-11',
        need: 'education',
        service: 'School readmission',
        consent: { guardian: { given: true, by: 'parent', recordedAt: '2026-11-20T09:00:00.000Z' } },
      },
    }),
    expected: all(403, { coordinator: 201, volunteerA: 201 }),
  },
  { route: 'GET /linkages', request: async () => ({ method: 'GET', path: '/linkages' }), expected: all(200, { funder: 403 }) },
  {
    route: 'GET /linkages/{id}',
    request: async () => ({ method: 'GET', path: `/linkages/${await linkageInA('identified')}` }),
    expected: all(200, { volunteerB: 404, otherDutyBearer: 404, funder: 403 }),
  },
  {
    route: 'POST /linkages/{id}/transitions',
    request: async () => ({
      method: 'POST',
      path: `/linkages/${await linkageInA('referred')}/transitions`,
      body: { to: 'in_progress' },
      headers: { 'if-match': '"1"' },
    }),
    expected: all(403, { coordinator: 200, routedDutyBearer: 200, otherDutyBearer: 404 }),
  },
];

test('the matrix covers every route of the table', () => {
  expect(CASES.map((c) => c.route).sort()).toEqual(ROUTES.map(routeKey).sort());
});

describe.each(CASES)('$route', ({ request, expected }) => {
  test.each(CALLERS)('%s', async (caller) => {
    const { method, path, ...options } = await request();
    const who = claims[caller];
    const response = await call(method, path, { ...options, claims: who ?? null });
    expect(response.status).toBe(expected[caller]);
    if (response.status >= 400) expect(response.headers['content-type']).toBe('application/problem+json');
  });
});

describe('no leak through lists, filters or views', () => {
  let incidentA: string;
  let incidentB: string;
  beforeAll(async () => {
    incidentA = await incidentInA();
    incidentB = (await call('POST', '/incidents', { claims: claims.coordinator, body: incidentBody(B) })).body.id;
  });

  const ids = (body: { items: { id: string }[] }) => body.items.map((item) => item.id);

  test('incident lists hold only what each caller may see, in the view their role allows', async () => {
    const list = async (caller: SignedInCaller, query: Record<string, string> = {}) =>
      (await call('GET', '/incidents', { claims: claims[caller], query: { limit: '100', ...query } })).body;

    expect(ids(await list('coordinator'))).toEqual(expect.arrayContaining([incidentA, incidentB]));
    const volunteerA = await list('volunteerA');
    expect(ids(volunteerA)).toContain(incidentA);
    expect(ids(volunteerA)).not.toContain(incidentB);
    for (const incident of volunteerA.items) {
      expect(incident.child.name).toBeUndefined();
      expect(incident.location).toBeUndefined();
      expect(incident.routedTo).toBeUndefined();
    }
    expect(ids(await list('volunteerB'))).toEqual([]);
    const routed = await list('routedDutyBearer');
    expect(ids(routed)).toContain(incidentA);
    expect(ids(routed)).not.toContain(incidentB);
    for (const incident of routed.items) expect(incident.reportedBy).toBeUndefined();
    expect(ids(await list('otherDutyBearer'))).toEqual([]);
  });

  test.each([
    ['/incidents', 'volunteerA'],
    ['/incidents', 'routedDutyBearer'],
    ['/meetings', 'volunteerA'],
    ['/linkages', 'volunteerA'],
    ['/linkages', 'routedDutyBearer'],
  ] as const)('%s filtered to a village outside the caller’s is 403 for %s', async (path, caller) => {
    const response = await call('GET', path, { claims: claims[caller], query: { villageId: B } });
    expect(response.status).toBe(403);
  });

  test('meetings and linkages of another village never appear in a volunteer’s lists', async () => {
    const [inA, inB] = [aMeeting({ villageId: A }), aMeeting({ villageId: B })];
    for (const meeting of [inA, inB]) await table.stores().activities.createMeeting(meeting);

    const meetingsB = await call('GET', '/meetings', { claims: claims.volunteerB, query: { limit: '100' } });

    const seen = meetingsB.body.items as { id: string; villageId: string }[];
    expect(seen.map((meeting) => meeting.id)).toContain(inB.id);
    expect(seen.map((meeting) => meeting.id)).not.toContain(inA.id);
    expect(new Set(seen.map((meeting) => meeting.villageId))).toEqual(new Set([B]));
    const linkagesB = await call('GET', '/linkages', { claims: claims.volunteerB, query: { limit: '100' } });
    expect(linkagesB.body.items).toEqual([]);
    const otherProvider = await call('GET', '/linkages', { claims: claims.otherDutyBearer, query: { limit: '100' } });
    expect(otherProvider.body.items).toEqual([]);
  });
});
