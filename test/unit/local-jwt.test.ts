// HS256 tokens for the local stack: what verifies, what does not, and the claims a local ID token carries.
import { signHs256, verifyHs256 } from '../../local/auth/jwt.js';
import { LOCAL_AUDIENCE, LOCAL_ISSUER, mintLocalToken, verifyLocalToken } from '../../local/auth/local-tokens.js';

const KEY = 'unit-test-key';
const NOW = new Date('2026-11-29T05:40:00.000Z');
const nowSeconds = NOW.getTime() / 1000;
const expected = { issuer: 'issuer', audience: 'audience', now: NOW };
const claims = { sub: 'someone', iss: 'issuer', aud: 'audience', iat: nowSeconds, exp: nowSeconds + 60 };
const base64url = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

describe('signHs256 and verifyHs256', () => {
  test('a token verifies with the key it was signed with and gives back its claims', () => {
    expect(verifyHs256(signHs256(claims, KEY), KEY, expected)).toEqual({ valid: true, claims });
  });

  test('the header says HS256', () => {
    const [header] = signHs256(claims, KEY).split('.');
    expect(JSON.parse(Buffer.from(header!, 'base64url').toString())).toEqual({ alg: 'HS256', typ: 'JWT' });
  });

  test('an audience list containing the expected audience is accepted', () => {
    expect(verifyHs256(signHs256({ ...claims, aud: ['other', 'audience'] }, KEY), KEY, expected).valid).toBe(true);
  });

  const refusals: [string, () => string, string][] = [
    ['another key', () => signHs256(claims, 'another-key'), 'has a bad signature'],
    [
      'changed claims',
      () => {
        const [header, , signature] = signHs256(claims, KEY).split('.');
        return `${header}.${base64url({ ...claims, sub: 'someone-else' })}.${signature}`;
      },
      'has a bad signature',
    ],
    ['alg none', () => `${base64url({ alg: 'none' })}.${base64url(claims)}.`, 'must be signed with HS256'],
    [
      'another algorithm',
      () => {
        const [, body, signature] = signHs256(claims, KEY).split('.');
        return `${base64url({ alg: 'RS256', typ: 'JWT' })}.${body}.${signature}`;
      },
      'must be signed with HS256',
    ],
    ['two parts', () => signHs256(claims, KEY).split('.').slice(0, 2).join('.'), 'is not a JWT'],
    ['characters outside base64url', () => `${signHs256(claims, KEY)}=`, 'is not a JWT'],
    ['a header that is not JSON', () => `bm90IGpzb24.${base64url(claims)}.c2ln`, 'is not a JWT'],
    ['an expiry now', () => signHs256({ ...claims, exp: nowSeconds }, KEY), 'has expired'],
    ['no expiry', () => signHs256({ ...claims, exp: undefined }, KEY), 'has expired'],
    ['a not-before in the future', () => signHs256({ ...claims, nbf: nowSeconds + 10 }, KEY), 'is not valid yet'],
    ['another issuer', () => signHs256({ ...claims, iss: 'elsewhere' }, KEY), 'has the wrong issuer'],
    ['another audience', () => signHs256({ ...claims, aud: 'elsewhere' }, KEY), 'has the wrong audience'],
  ];

  test.each(refusals)('refuses a token with %s', (_case, token, reason) => {
    expect(verifyHs256(token(), KEY, expected)).toEqual({ valid: false, reason });
  });
});

describe('local ID tokens', () => {
  const decode = (token: string) => JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString());

  test('carry the claims of a Cognito ID token, valid for 12 hours', () => {
    const token = mintLocalToken({ role: 'volunteer', villages: ['v-a', 'v-b'], contactId: '01JD3M6X6W0000000000000000' }, KEY, NOW);
    expect(decode(token)).toEqual({
      sub: 'local-volunteer-01JD3M6X6W0000000000000000',
      'cognito:groups': ['volunteer'],
      'custom:villages': 'v-a,v-b',
      'custom:contactId': '01JD3M6X6W0000000000000000',
      iss: LOCAL_ISSUER,
      aud: LOCAL_AUDIENCE,
      token_use: 'id',
      iat: nowSeconds,
      exp: nowSeconds + 12 * 3600,
    });
    expect(verifyLocalToken(token, KEY, NOW).valid).toBe(true);
    expect(verifyLocalToken(token, KEY, new Date(NOW.getTime() + 12 * 3600_000))).toEqual({ valid: false, reason: 'has expired' });
  });

  test('leave out the villages and contact they were not given, and keep a given sub', () => {
    expect(decode(mintLocalToken({ role: 'coordinator', sub: 'me' }, KEY, NOW))).toEqual(
      expect.not.objectContaining({ 'custom:villages': expect.anything(), 'custom:contactId': expect.anything() }),
    );
    expect(decode(mintLocalToken({ role: 'coordinator', sub: 'me' }, KEY, NOW)).sub).toBe('me');
    expect(decode(mintLocalToken({ role: 'coordinator' }, KEY, NOW)).sub).toBe('local-coordinator');
  });
});
