// The event the dev server hands to a handler has the shape API Gateway HTTP API (payload 2.0) gives.
import { httpApiEvent } from '../../local/api-gateway/http-api-event.js';
import { authorize } from '../../local/api-gateway/jwt-authorizer.js';
import { mintLocalToken } from '../../local/auth/local-tokens.js';

const NOW = new Date('2026-11-29T05:40:07.123Z');
const request = {
  method: 'GET',
  target: '/incidents/01JD3M6X6W0000000000000000?status=reported&villageId=v-a&villageId=v-b&note=a+b%20c',
  rawHeaders: ['Host', '127.0.0.1:3000', 'User-Agent', 'curl/8.5.0', 'X-Thing', 'one', 'x-thing', 'two', 'Cookie', 'a=1; b=2'],
  httpVersion: '1.1',
  sourceIp: '127.0.0.1',
  body: '',
};

describe('httpApiEvent', () => {
  const event = httpApiEvent(
    request,
    { routeKey: 'GET /incidents/{id}', pathParameters: { id: '01JD3M6X6W0000000000000000' }, claims: { sub: 'someone' } },
    NOW,
  );

  test('carries the route, the raw path and query, and the decoded, comma-joined parameters', () => {
    expect(event).toMatchObject({
      version: '2.0',
      routeKey: 'GET /incidents/{id}',
      rawPath: '/incidents/01JD3M6X6W0000000000000000',
      rawQueryString: 'status=reported&villageId=v-a&villageId=v-b&note=a+b%20c',
      queryStringParameters: { status: 'reported', villageId: 'v-a,v-b', note: 'a b c' },
      pathParameters: { id: '01JD3M6X6W0000000000000000' },
      isBase64Encoded: false,
    });
    expect(event).not.toHaveProperty('body');
  });

  test('lower-cases header names, joins repeated ones with a comma and moves cookies out', () => {
    expect(event.headers).toEqual({
      host: '127.0.0.1:3000',
      'user-agent': 'curl/8.5.0',
      'x-thing': 'one,two',
      'x-forwarded-for': '127.0.0.1',
      'x-forwarded-proto': 'http',
    });
    expect(event.cookies).toEqual(['a=1', 'b=2']);
  });

  test('has the request context of the $default stage with the authorizer claims', () => {
    expect(event.requestContext).toEqual({
      accountId: '000000000000',
      apiId: 'local',
      domainName: '127.0.0.1:3000',
      domainPrefix: '127',
      http: {
        method: 'GET',
        path: '/incidents/01JD3M6X6W0000000000000000',
        protocol: 'HTTP/1.1',
        sourceIp: '127.0.0.1',
        userAgent: 'curl/8.5.0',
      },
      requestId: expect.stringMatching(/^[0-9a-f-]{36}$/),
      routeKey: 'GET /incidents/{id}',
      stage: '$default',
      time: '29/Nov/2026:05:40:07 +0000',
      timeEpoch: NOW.getTime(),
      authorizer: { jwt: { claims: { sub: 'someone' }, scopes: null } },
    });
  });

  test('leaves out the query, path parameters and authorizer when there are none, and keeps a body as text', () => {
    const plain = httpApiEvent({ ...request, method: 'POST', target: '/contacts', body: '{"name":"রূপা"}' }, { routeKey: 'POST /contacts' });
    expect(plain).not.toHaveProperty('queryStringParameters');
    expect(plain).not.toHaveProperty('pathParameters');
    expect(plain.requestContext).not.toHaveProperty('authorizer');
    expect(plain.rawQueryString).toBe('');
    expect(plain.body).toBe('{"name":"রূপা"}');
  });

  test('keeps parameter names like constructor and __proto__ as plain names', () => {
    const odd = httpApiEvent({ ...request, target: '/x?constructor=1&__proto__=2' }, { routeKey: '$default' });
    expect(odd.queryStringParameters).toEqual(
      Object.fromEntries([
        ['constructor', '1'],
        ['__proto__', '2'],
      ]),
    );
  });
});

describe('authorize', () => {
  test('passes every claim as a string, arrays in the "[a b]" form', async () => {
    const token = await mintLocalToken(
      { role: 'duty_bearer', villages: ['v-a', 'v-b'], contactId: '01JD3M6X6W0000000000000000' },
      'key',
      NOW,
    );
    const authorization = await authorize(`Bearer ${token}`, 'key', NOW);
    expect(authorization).toEqual({
      authorized: true,
      claims: {
        sub: 'local-duty_bearer-01JD3M6X6W0000000000000000',
        'cognito:groups': '[duty_bearer]',
        'custom:villages': 'v-a,v-b',
        'custom:contactId': '01JD3M6X6W0000000000000000',
        iss: 'suraksha-local',
        aud: 'suraksha-local',
        token_use: 'id',
        iat: '1795930807',
        exp: '1795974007',
      },
    });
  });

  test('explains a refusal without echoing the token', async () => {
    const authorization = await authorize('Bearer abc.def.ghi', 'key', NOW);
    expect(authorization).toMatchObject({ authorized: false, problem: { status: 401, detail: 'The bearer token is not a JWT.' } });
  });
});
