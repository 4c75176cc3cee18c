// Through the local dev server (API Gateway events, its JWT authorizer) to the real handlers and
// DynamoDB Local: an incident's life over HTTP, and every error status the contract names.
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { startTestApi, type TestApi } from '../support/api.js';
import { createTestTable, type TestTable } from '../support/dynamodb.js';
import { type Programme, seedProgramme, VILLAGE } from '../support/programme.js';
import { required } from '../support/required.js';

let table: TestTable;
let api: TestApi;
let programme: Programme;
let coordinator: string;
let volunteer: string;
let panchayat: string;

beforeAll(async () => {
  table = await createTestTable();
  programme = await seedProgramme(table.stores());
  api = await startTestApi(table);
  coordinator = await api.tokenFor({ role: 'coordinator' });
  volunteer = await api.tokenFor({ role: 'volunteer', villages: [VILLAGE], contactId: programme.volunteer.id });
  panchayat = await api.tokenFor({ role: 'duty_bearer', villages: [VILLAGE], contactId: programme.panchayat.id });
});
afterAll(async () => {
  await api.stop();
  await table.drop();
});

const report = {
  villageId: VILLAGE,
  category: 'child_marriage',
  child: { ageBand: '15-17', gender: 'girl', name: 'Rina Khatun' },
  description: 'Marriage being arranged',
};

test('create, list, read, move and read the history of an incident over HTTP', async () => {
  const created = await api.request('POST', '/incidents', {
    token: volunteer,
    body: report,
    headers: { 'idempotency-key': 'lifecycle-0001' },
  });
  expect(created.status).toBe(201);
  expect(created.headers.etag).toBe('"1"');
  const id = created.body.id as string;

  const replay = await api.request('POST', '/incidents', {
    token: volunteer,
    body: report,
    headers: { 'idempotency-key': 'lifecycle-0001' },
  });
  expect(replay.status).toBe(201);
  expect(replay.body).toEqual(created.body);

  const listed = await api.request('GET', `/incidents?villageId=${VILLAGE}&status=reported&limit=5`, { token: coordinator });
  expect(listed.body.items.map((incident: { id: string }) => incident.id)).toContain(id);

  const read = await api.request('GET', `/incidents/${id}`, { token: panchayat });
  expect(read.status).toBe(200);
  expect(read.body.reportedBy).toBeUndefined();

  const moved = await api.request('POST', `/incidents/${id}/transitions`, {
    token: panchayat,
    body: { to: 'acknowledged', note: 'Pradhan visiting today' },
    headers: { 'if-match': required(read.headers.etag, 'an ETag on the read incident') },
  });
  expect(moved.status).toBe(200);
  expect(moved.headers.etag).toBe('"2"');

  const history = await api.request('GET', `/incidents/${id}/history`, { token: coordinator });
  expect(history.body.items.map((entry: { to: string }) => entry.to)).toEqual(['reported', 'acknowledged']);
});

describe('every error status of the contract, as problem+json', () => {
  let id: string;
  beforeAll(async () => {
    id = (await api.request('POST', '/incidents', { token: volunteer, body: report })).body.id;
  });

  test.each([
    [
      '400 validation with field paths',
      () => api.request('POST', '/incidents', { token: volunteer, body: { ...report, child: { ageBand: 'teen', gender: 'girl' } } }),
      400,
    ],
    ['400 malformed JSON', () => api.request('POST', '/incidents', { token: volunteer, body: '{"villageId":' }), 400],
    ['400 bad query', () => api.request('GET', '/incidents?limit=500', { token: coordinator }), 400],
    ['400 tampered cursor', () => api.request('GET', '/incidents?cursor=abc.def', { token: coordinator }), 400],
    ['400 path id not a ULID', () => api.request('GET', '/incidents/12345', { token: coordinator }), 400],
    ['401 no token', () => api.request('GET', '/incidents'), 401],
    ['403 role', () => api.request('POST', '/contacts', { token: volunteer, body: {} }), 403],
    ['404 unknown record', () => api.request('GET', '/incidents/01JD0000000000000000000000', { token: coordinator }), 404],
    ['404 unknown route', () => api.request('GET', '/nowhere', { token: coordinator }), 404],
    ['405 wrong method', () => api.request('DELETE', '/incidents', { token: coordinator }), 405],
    [
      '409 illegal transition',
      () =>
        api.request('POST', `/incidents/${id}/transitions`, { token: coordinator, body: { to: 'closed' }, headers: { 'if-match': '"1"' } }),
      409,
    ],
    [
      '412 stale If-Match',
      () =>
        api.request('POST', `/incidents/${id}/transitions`, {
          token: coordinator,
          body: { to: 'unverified' },
          headers: { 'if-match': '"9"' },
        }),
      412,
    ],
    [
      '413 body over 64 KiB',
      () => api.request('POST', '/incidents', { token: volunteer, body: { ...report, description: 'x'.repeat(66_000) } }),
      413,
    ],
    [
      '415 not JSON',
      () => api.request('POST', '/incidents', { token: volunteer, body: 'villageId=v', headers: { 'content-type': 'text/plain' } }),
      415,
    ],
    [
      '428 missing If-Match',
      () => api.request('POST', `/incidents/${id}/transitions`, { token: coordinator, body: { to: 'unverified' } }),
      428,
    ],
  ] as const)('%s', async (_case, send, status) => {
    const response = await send();
    expect(response.status).toBe(status);
    expect(response.headers['content-type']).toBe('application/problem+json');
    expect(response.body).toMatchObject({
      type: expect.stringMatching(/^urn:suraksha:problem:/),
      title: expect.any(String),
      status,
      detail: expect.any(String),
    });
  });

  test('409 for an Idempotency-Key reused with another body', async () => {
    const headers = { 'idempotency-key': 'reused-key-0001' };
    await api.request('POST', '/incidents', { token: volunteer, body: report, headers });
    const reused = await api.request('POST', '/incidents', { token: volunteer, body: { ...report, description: 'another' }, headers });
    expect(reused.status).toBe(409);
    expect(reused.body.type).toBe('urn:suraksha:problem:idempotency-payload-mismatch');
  });
});
