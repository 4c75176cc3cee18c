// The incident Lambdas as AWS invokes them, with the sample events of events/http/, against DynamoDB Local.
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { createTestTable, type TestTable } from '../support/dynamodb.js';
import { type Claims, type Handler, httpEvent, invoke, useFunctionEnvironment } from '../support/lambda.js';
import { OTHER_VILLAGE, type Programme, seedProgramme, VILLAGE } from '../support/programme.js';

let table: TestTable;
let programme: Programme;
let write: Handler;
let read: Handler;

beforeAll(async () => {
  table = await createTestTable();
  programme = await seedProgramme(table.stores());
  useFunctionEnvironment(table.tableName);
  write = (await import('../../functions/http/incidents-write.js')).handler as unknown as Handler;
  read = (await import('../../functions/http/incidents-read.js')).handler as unknown as Handler;
});
afterAll(async () => {
  await table.drop();
});

const volunteer = (): Claims => ({ sub: 'sub-volunteer', role: 'volunteer', villages: [VILLAGE], contactId: programme.volunteer.id });
const panchayat = (): Claims => ({ sub: 'sub-panchayat', role: 'duty_bearer', villages: [VILLAGE], contactId: programme.panchayat.id });
const police = (): Claims => ({ sub: 'sub-police', role: 'duty_bearer', villages: [VILLAGE], contactId: programme.police.id });
const coordinator: Claims = { sub: 'sub-coordinator', role: 'coordinator' };

async function report(claims: Claims = volunteer(), body?: unknown, headers?: Record<string, string>) {
  return invoke(write, httpEvent('http/post-incident.json', { claims, ...(body ? { body } : {}), ...(headers ? { headers } : {}) }));
}

describe('POST /incidents', () => {
  test('reports a child marriage, routed to the village volunteers, panchayat, vlcpc and the coordinators', async () => {
    const response = await report();
    expect(response.status).toBe(201);
    expect(response.headers.etag).toBe('"1"');
    expect(response.body).toMatchObject({ status: 'reported', version: 1, category: 'child_marriage', severity: 'high' });
    expect(response.body.shortCode).toMatch(/^[A-HJKMNP-TV-Z2-9]{6}$/);
    expect([...response.body.routedTo].sort()).toEqual(
      [programme.volunteer.id, programme.panchayat.id, programme.vlcpc.id, programme.coordinator.id].sort(),
    );
    // The volunteer's own view: no child's name and no location.
    expect(response.body.child).toEqual({ ageBand: '15-17', gender: 'girl' });
    expect(response.body.location).toBeUndefined();
    expect(Date.parse(response.body.ackDueAt) - Date.parse(response.body.reportedAt)).toBe(4 * 3600_000);
  });

  test('expectedBy within 72 hours makes it critical; sexual abuse is confidential and never reaches community kinds', async () => {
    const soon = new Date(Date.now() + 24 * 3600_000).toISOString();
    const urgent = await report(coordinator, {
      villageId: VILLAGE,
      category: 'child_marriage',
      expectedBy: soon,
      child: { ageBand: '15-17', gender: 'girl' },
      description: 'Wedding tomorrow',
    });
    expect(urgent.body.severity).toBe('critical');
    // Harm within 72 hours brings the police into the first alert.
    expect(urgent.body.routedTo).toContain(programme.police.id);

    const abuse = await report(coordinator, {
      villageId: VILLAGE,
      category: 'sexual_abuse',
      child: { ageBand: '12-14', gender: 'girl' },
      description: 'Disclosed to a teacher',
    });
    expect(abuse.status).toBe(201);
    expect(abuse.body.confidential).toBe(true);
    expect([...abuse.body.routedTo].sort()).toEqual([programme.police.id, programme.coordinator.id].sort());
  });

  test('a volunteer may not report in a village not on their token, nor lower the severity', async () => {
    const elsewhere = await report(volunteer(), {
      villageId: OTHER_VILLAGE,
      category: 'neglect',
      child: { ageBand: '0-5', gender: 'boy' },
      description: 'x',
    });
    expect(elsewhere.status).toBe(403);
    const lowered = await report(volunteer(), {
      villageId: VILLAGE,
      category: 'trafficking',
      severity: 'low',
      child: { ageBand: '12-14', gender: 'boy' },
      description: 'x',
    });
    expect(lowered.status).toBe(400);
    expect(lowered.body.errors).toEqual([{ path: 'severity', message: expect.any(String) }]);
  });

  test.each([
    [
      'a missing field and an unknown one',
      { villageId: VILLAGE, category: 'child_marriage', description: 'x', colour: 'red' },
      ['', 'child'],
    ],
    [
      'a bad enum inside child',
      { villageId: VILLAGE, category: 'child_marriage', description: 'x', child: { ageBand: '18+', gender: 'girl' } },
      ['child.ageBand'],
    ],
    [
      'an unknown village',
      { villageId: 'v-atlantis', category: 'other', description: 'x', child: { ageBand: '0-5', gender: 'boy' } },
      null,
    ],
  ])('refuses %s with 400 and field paths', async (_case, body, paths) => {
    const response = await report(coordinator, body);
    expect(response.status).toBe(400);
    expect(response.headers['content-type']).toBe('application/problem+json');
    if (paths) expect(response.body.errors.map((error: { path: string }) => error.path).sort()).toEqual(paths.sort());
    else expect(response.body.errors).toEqual([{ path: 'villageId', message: 'is not a village of the programme' }]);
  });

  test('refuses an occurrence in the future', async () => {
    const response = await report(coordinator, {
      villageId: VILLAGE,
      category: 'other',
      occurredAt: new Date(Date.now() + 3600_000).toISOString(),
      child: { ageBand: '0-5', gender: 'boy' },
      description: 'x',
    });
    expect(response.status).toBe(400);
    expect(response.body.errors[0].path).toBe('occurredAt');
  });

  test.each([
    ['malformed JSON', '{"villageId": ', {}, 400, 'malformed-json'],
    ['a JSON array', '[]', {}, 400, 'not-an-object'],
    ['no body', '', {}, 400, 'missing-body'],
    ['form encoding', 'a=1', { 'content-type': 'application/x-www-form-urlencoded' }, 415, 'unsupported-media-type'],
    ['a body over 64 KiB', JSON.stringify({ description: 'x'.repeat(70_000) }), {}, 413, 'body-too-large'],
    ['a bad Idempotency-Key', '{}', { 'idempotency-key': 'short' }, 400, 'validation-error'],
  ])('answers %s with a problem, never a 500', async (_case, body, headers, status, slug) => {
    const response = await invoke(write, httpEvent('http/post-incident.json', { claims: volunteer(), body, headers }));
    expect(response.status).toBe(status);
    expect(response.body).toMatchObject({ status, type: `urn:suraksha:problem:${slug}` });
    expect(JSON.stringify(response.body)).not.toMatch(/at .*\.ts|Error:|stack/);
  });

  test('a retry with the same Idempotency-Key answers the first response and creates nothing more', async () => {
    const headers = { 'idempotency-key': 'phone-retry-0001' };
    const first = await report(volunteer(), undefined, headers);
    const before = (await table.allItems()).length;
    const retry = await report(volunteer(), undefined, headers);
    expect(retry.status).toBe(201);
    expect(retry.raw).toBe(first.raw);
    expect((await table.allItems()).length).toBe(before);
    const changed = await report(
      volunteer(),
      { villageId: VILLAGE, category: 'neglect', child: { ageBand: '0-5', gender: 'boy' }, description: 'x' },
      headers,
    );
    expect(changed.status).toBe(409);
    const withoutKey = [await report(), await report()] as const;
    expect(withoutKey[0].body.id).not.toBe(withoutKey[1].body.id);
  });
});

describe('reading and moving an incident', () => {
  let id: string;
  beforeAll(async () => {
    id = (await report()).body.id;
  });

  const get = (claims: Claims) => invoke(read, httpEvent('http/get-incident.json', { claims, id }));
  const move = (claims: Claims, body: unknown, ifMatch?: string) =>
    invoke(write, httpEvent('http/post-transition.json', { claims, id, body, headers: { 'if-match': ifMatch } }));

  test('three views: the coordinator sees everything, the community member no child name or reporter, the volunteer no child name, location or recipients', async () => {
    const asCoordinator = await get(coordinator);
    expect(asCoordinator.body).toMatchObject({
      child: { name: 'Rina Khatun' },
      location: expect.any(String),
      reportedBy: { sub: 'sub-volunteer' },
    });
    expect(asCoordinator.headers.etag).toBe('"1"');

    const asPanchayat = await get(panchayat());
    expect(asPanchayat.body.child).toEqual({ ageBand: '15-17', gender: 'girl' });
    expect(asPanchayat.body.location).toEqual(expect.any(String));
    expect(asPanchayat.body.reportedBy).toBeUndefined();

    const asVolunteer = await get(volunteer());
    expect(asVolunteer.body.child.name).toBeUndefined();
    expect(asVolunteer.body.location).toBeUndefined();
    expect(asVolunteer.body.routedTo).toBeUndefined();
  });

  test('a duty bearer it was not routed to, another volunteer, or a funder get 404 or 403, never the record', async () => {
    expect((await get(police())).status).toBe(404);
    expect((await get({ sub: 'someone-else', role: 'volunteer', villages: [VILLAGE] })).status).toBe(404);
    expect((await get({ sub: 'funder', role: 'funder' })).status).toBe(403);
    expect((await invoke(read, httpEvent('http/get-incident.json', { claims: coordinator, id: 'not-a-ulid' }))).status).toBe(400);
    expect(
      (await invoke(read, httpEvent('http/get-incident.json', { claims: coordinator, id: '01JD0000000000000000000000' }))).status,
    ).toBe(404);
  });

  test('If-Match: missing is 428, stale is 412, then the routed panchayat acknowledges; an illegal move is 409', async () => {
    expect((await move(panchayat(), { to: 'acknowledged' })).status).toBe(428);
    expect((await move(panchayat(), { to: 'acknowledged' }, '"7"')).status).toBe(412);
    const acknowledged = await move(panchayat(), { to: 'acknowledged', note: 'Visited the family' }, '"1"');
    expect(acknowledged.status).toBe(200);
    expect(acknowledged.headers.etag).toBe('"2"');
    expect(acknowledged.body).toMatchObject({ status: 'acknowledged' });
    expect(acknowledged.body.reportedBy).toBeUndefined();
    // Who acknowledged is in the coordinator's view (a community member's view has no acknowledgements).
    expect((await get(coordinator)).body).toMatchObject({
      acknowledgement: { contactId: programme.panchayat.id, kind: 'panchayat' },
      acknowledgements: [{ contactId: programme.panchayat.id, kind: 'panchayat' }],
    });
    const illegal = await move(panchayat(), { to: 'closed' }, '"2"');
    expect(illegal.status).toBe(409);
    expect((await move(panchayat(), { to: 'acknowledged' }, '"1"')).status).toBe(412);
  });

  test('a coordinator acts on behalf of a routed contact, and the history shows it, the report first', async () => {
    const moved = await move(coordinator, { to: 'in_action', onBehalfOf: programme.panchayat.id, note: 'by phone' }, '"2"');
    expect(moved.status).toBe(200);
    const history = await invoke(read, {
      ...httpEvent('http/get-incident.json', { claims: coordinator, id }),
      routeKey: 'GET /incidents/{id}/history',
    });
    expect(history.status).toBe(200);
    expect(history.body.items.map((entry: { to: string }) => entry.to)).toEqual(['reported', 'acknowledged', 'in_action']);
    expect(history.body.items[2]).toMatchObject({ onBehalfOf: programme.panchayat.id, by: { role: 'coordinator' } });

    const asPanchayat = await invoke(read, {
      ...httpEvent('http/get-incident.json', { claims: panchayat(), id }),
      routeKey: 'GET /incidents/{id}/history',
    });
    expect(asPanchayat.body.items[0].by).toEqual({ role: 'volunteer' });
    const asVolunteer = await invoke(read, {
      ...httpEvent('http/get-incident.json', { claims: volunteer(), id }),
      routeKey: 'GET /incidents/{id}/history',
    });
    expect(asVolunteer.status).toBe(403);
  });
});

describe('GET /incidents', () => {
  const list = (claims: Claims, query: Record<string, string> = {}) =>
    invoke(read, { ...httpEvent('http/get-incident.json', { claims, query }), routeKey: 'GET /incidents', pathParameters: {} });

  test('each role sees its own list: the coordinator all, a duty bearer what was routed to them, a volunteer their reports', async () => {
    const all = await list(coordinator, { limit: '100' });
    const routed = await list(police(), { limit: '100' });
    const mine = await list(volunteer(), { limit: '100' });
    expect(all.body.items.length).toBeGreaterThan(routed.body.items.length);
    // The police: the sexual abuse, and the child marriage whose harm is within 72 hours.
    expect(new Set(routed.body.items.map((incident: { category: string }) => incident.category))).toEqual(
      new Set(['sexual_abuse', 'child_marriage']),
    );
    expect(
      routed.body.items.every(
        (incident: { category: string; severity: string }) => incident.category === 'sexual_abuse' || incident.severity === 'critical',
      ),
    ).toBe(true);
    expect(mine.body.items.every((incident: { child: { name?: string } }) => incident.child.name === undefined)).toBe(true);
    const times = all.body.items.map((incident: { reportedAt: string }) => incident.reportedAt);
    expect(times).toEqual([...times].sort().reverse());
  });

  test('bad queries are 400: unknown parameter, limit out of range, tampered cursor', async () => {
    expect((await list(coordinator, { colour: 'red' })).status).toBe(400);
    expect((await list(coordinator, { limit: '0' })).status).toBe(400);
    expect((await list(coordinator, { limit: '101' })).status).toBe(400);
    const page = await list(coordinator, { limit: '1' });
    expect(page.body.nextCursor).toEqual(expect.any(String));
    const tampered = await list(coordinator, { limit: '1', cursor: `x${page.body.nextCursor}` });
    expect(tampered.status).toBe(400);
    expect(tampered.body.type).toBe('urn:suraksha:problem:invalid-cursor');
    expect((await list(volunteer(), { villageId: OTHER_VILLAGE })).status).toBe(403);
  });
});
