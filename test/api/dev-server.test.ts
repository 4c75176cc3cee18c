// The local dev server plays API Gateway: its JWT authorizer, its 404/405 fallback and the shape of
// what reaches the handlers, against the real handlers and a table of this file's own.

import { connect } from 'node:net';
import { networkInterfaces } from 'node:os';
import { startTestApi, type TestApi } from '../support/api.js';
import { createTestTable, type TestTable } from '../support/dynamodb.js';

let table: TestTable;
let api: TestApi;

beforeAll(async () => {
  table = await createTestTable();
  api = await startTestApi(table);
});

afterAll(async () => {
  await api?.stop();
  await table?.drop();
});

const base64url = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
const nowSeconds = () => Math.floor(Date.now() / 1000);
const validClaims = () => ({
  sub: 'sub-coordinator',
  'cognito:groups': ['coordinator'],
  iss: 'suraksha-local',
  aud: 'suraksha-local',
  token_use: 'id',
  iat: nowSeconds(),
  exp: nowSeconds() + 3600,
});

describe('routes anyone may call', () => {
  test('GET /health answers 200 without a token', async () => {
    const response = await api.request('GET', '/health');
    expect(response.status).toBe(200);
    expect(response.body).toEqual({ status: 'ok' });
  });
});

describe('the JWT authorizer', () => {
  const withClaims = async (claims: object) => `Bearer ${await api.signClaims(claims as Record<string, unknown>)}`;
  const cases: [string, () => Promise<Record<string, string>> | Record<string, string>][] = [
    ['no Authorization header', () => ({})],
    ['a garbage token', () => ({ authorization: 'Bearer not.a.token' })],
    ['another scheme than Bearer', () => ({ authorization: `Basic ${Buffer.from('user:pass').toString('base64')}` })],
    [
      'an unsigned token (alg none)',
      () => ({ authorization: `Bearer ${base64url({ alg: 'none', typ: 'JWT' })}.${base64url(validClaims())}.` }),
    ],
    [
      'another algorithm than HS256',
      async () => {
        const [, claims, signature] = (await api.signClaims(validClaims())).split('.');
        return { authorization: `Bearer ${base64url({ alg: 'HS512', typ: 'JWT' })}.${claims}.${signature}` };
      },
    ],
    [
      'HS256 signed with another key',
      async () => {
        const [header, claims] = (await api.signClaims(validClaims())).split('.');
        return { authorization: `Bearer ${header}.${claims}.${Buffer.alloc(32, 7).toString('base64url')}` };
      },
    ],
    [
      'an expired token',
      async () => ({ authorization: await withClaims({ ...validClaims(), iat: nowSeconds() - 7200, exp: nowSeconds() - 60 }) }),
    ],
    ['a token without an expiry', async () => ({ authorization: await withClaims({ ...validClaims(), exp: undefined }) })],
    ['the wrong audience', async () => ({ authorization: await withClaims({ ...validClaims(), aud: 'another-app' }) })],
    ['the wrong issuer', async () => ({ authorization: await withClaims({ ...validClaims(), iss: 'https://cognito-idp.example' }) })],
  ];

  test.each(cases)('answers 401 problem+json for %s, before any handler', async (_case, headers) => {
    const response = await api.request('GET', '/villages', { headers: await headers() });
    expect(response.status).toBe(401);
    expect(response.headers['content-type']).toBe('application/problem+json');
    expect(response.headers['www-authenticate']).toBe('Bearer');
    expect(response.body).toMatchObject({ type: 'urn:suraksha:problem:unauthorized', status: 401 });
  });

  test('a valid token reaches the handler with its groups in API Gateway\'s "[a b]" form', async () => {
    const coordinator = await api.request('GET', '/villages', { token: await api.tokenFor({ role: 'coordinator' }) });
    expect(coordinator.status).toBe(200);
    expect(coordinator.body).toEqual({ items: [] });

    // Two groups arrive as "[coordinator volunteer]": the handler parses them and refuses the mix.
    const twoRoles = await api.request('GET', '/villages', {
      token: await api.signClaims({ ...validClaims(), 'cognito:groups': ['coordinator', 'volunteer'] }),
    });
    expect(twoRoles.status).toBe(403);
    expect(twoRoles.body.detail).toMatch(/exactly one role group/);
  });
});

describe('the $default route', () => {
  test('an unknown path is 404 problem+json, with or without a token', async () => {
    for (const token of [undefined, await api.tokenFor({ role: 'coordinator' })]) {
      const response = await api.request('GET', '/no-such-thing', token ? { token } : {});
      expect(response.status).toBe(404);
      expect(response.headers['content-type']).toBe('application/problem+json');
      expect(response.body).toMatchObject({ type: 'urn:suraksha:problem:not-found', status: 404 });
    }
  });

  test('a known path with the wrong method is 405 with Allow', async () => {
    const health = await api.request('POST', '/health');
    expect(health.status).toBe(405);
    expect(health.headers.allow).toBe('GET, HEAD');
    expect(health.headers['content-type']).toBe('application/problem+json');

    const contacts = await api.request('DELETE', '/contacts');
    expect(contacts.status).toBe(405);
    expect(contacts.headers.allow).toBe('POST, GET, HEAD');
  });
});

describe('what reaches the handlers', () => {
  const villages = ['v-north', 'v-south'];
  let coordinator: string;

  beforeAll(async () => {
    coordinator = await api.tokenFor({ role: 'coordinator' });
    for (const id of villages) {
      const put = await api.request('PUT', `/villages/${id}`, {
        token: coordinator,
        body: { name: id, block: 'Hasnabad', district: 'North 24 Parganas' },
      });
      expect(put.status).toBe(201);
    }
    for (const [name, kind, village] of [
      ['North panchayat', 'panchayat', 'v-north'],
      ['North school', 'school', 'v-north'],
      ['South panchayat', 'panchayat', 'v-south'],
    ] as const) {
      const post = await api.request('POST', '/contacts', {
        token: coordinator,
        body: { name, kind, villages: [village], language: 'bn', phone: '+919800000001' },
      });
      expect(post.status).toBe(201);
    }
  });

  test('query parameters arrive decoded', async () => {
    const response = await api.request('GET', '/contacts?villageId=v%2Dnorth&kind=panchayat', { token: coordinator });
    expect(response.status).toBe(200);
    expect(response.body.items.map((contact: { name: string }) => contact.name)).toEqual(['North panchayat']);
  });

  test('a repeated query parameter arrives joined with a comma, as API Gateway joins it', async () => {
    const response = await api.request('GET', '/contacts?kind=panchayat&kind=school', { token: coordinator });
    expect(response.status).toBe(400);
    expect(response.body.errors).toEqual([expect.objectContaining({ path: 'query.kind' })]);
  });

  test('path parameters arrive by name', async () => {
    const notUlid = await api.request('GET', '/incidents/not-a-ulid', { token: coordinator });
    expect(notUlid.status).toBe(400);
    expect(notUlid.body.errors).toEqual([expect.objectContaining({ path: 'path.id' })]);

    const unknown = await api.request('GET', '/incidents/01JD3M6X6W0000000000000000', { token: coordinator });
    expect(unknown.status).toBe(404);
  });
});

describe('request bodies', () => {
  test('over 1 MiB are refused by the server itself with 413 problem+json', async () => {
    const response = await api.request('POST', '/contacts', {
      token: await api.tokenFor({ role: 'coordinator' }),
      body: 'x'.repeat(1024 * 1024 + 1),
    });
    expect(response.status).toBe(413);
    expect(response.headers['content-type']).toBe('application/problem+json');
    expect(response.body.detail).toMatch(/1 MiB/);
  });

  test("over 64 KiB but under 1 MiB reach the handler, which answers the contract's 413", async () => {
    const response = await api.request('POST', '/contacts', {
      token: await api.tokenFor({ role: 'coordinator' }),
      body: { name: 'x'.repeat(100 * 1024) },
    });
    expect(response.status).toBe(413);
    expect(response.body.detail).toMatch(/64 KiB/);
  });
});

describe('the listening socket', () => {
  test('is bound to 127.0.0.1 only', async () => {
    const { hostname, port } = new URL(api.baseUrl);
    expect(hostname).toBe('127.0.0.1');
    const external = Object.values(networkInterfaces())
      .flat()
      .find((address) => address && address.family === 'IPv4' && !address.internal);
    if (!external) return; // no other interface on this machine to try
    await expect(
      new Promise((resolve, reject) => {
        const socket = connect(Number(port), external.address, () => {
          socket.destroy();
          resolve('connected');
        });
        socket.on('error', reject);
      }),
    ).rejects.toMatchObject({ code: 'ECONNREFUSED' });
  });
});
