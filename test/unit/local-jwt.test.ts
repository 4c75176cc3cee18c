// HS256 tokens for the local stack: what verifies, what does not, and the claims a local ID token carries.
import { describe, expect, test } from '@jest/globals';
import { CompactSign, SignJWT } from 'jose';
import { signHs256, verifyHs256 } from '../../local/auth/jwt.js';
import { LOCAL_AUDIENCE, LOCAL_ISSUER, mintLocalToken, verifyLocalToken } from '../../local/auth/local-tokens.js';

const KEY = 'unit-test-key';
const NOW = new Date('2026-11-29T05:40:00.000Z');
const nowSeconds = NOW.getTime() / 1000;
const expected = { issuer: 'issuer', audience: 'audience', now: NOW };
const claims = { sub: 'someone', iss: 'issuer', aud: 'audience', iat: nowSeconds, exp: nowSeconds + 60 };
const base64url = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
const partsOf = (token: string) => {
  const [header = '', payload = '', signature = '', ...rest] = token.split('.');
  expect(rest).toEqual([]);
  return { header, payload, signature };
};
const decodePart = (part: string): unknown => JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));

describe('signHs256 and verifyHs256', () => {
  test('a token verifies with the key it was signed with and gives back its claims', async () => {
    const token = await signHs256(claims, KEY);

    const verification = await verifyHs256(token, KEY, expected);

    expect(verification).toEqual({ valid: true, claims });
  });

  test('the header says HS256, and the payload is the claims as given', async () => {
    const { header, payload } = partsOf(await signHs256(claims, KEY));

    expect(decodePart(header)).toEqual({ alg: 'HS256', typ: 'JWT' });
    expect(decodePart(payload)).toEqual(claims);
  });

  test('an audience list containing the expected audience is accepted', async () => {
    const token = await signHs256({ ...claims, aud: ['other', 'audience'] }, KEY);

    expect(await verifyHs256(token, KEY, expected)).toEqual({ valid: true, claims: { ...claims, aud: ['other', 'audience'] } });
  });

  const refusals: [string, () => Promise<string>, string][] = [
    ['another key', () => signHs256(claims, 'another-key'), 'has a bad signature'],
    [
      'changed claims',
      async () => {
        const { header, signature } = partsOf(await signHs256(claims, KEY));
        return `${header}.${base64url({ ...claims, sub: 'someone-else' })}.${signature}`;
      },
      'has a bad signature',
    ],
    ['a truncated signature', async () => (await signHs256(claims, KEY)).slice(0, -4), 'has a bad signature'],
    ['alg none, unsigned', async () => `${base64url({ alg: 'none' })}.${base64url(claims)}.`, 'must be signed with HS256'],
    [
      'alg none, keeping the HS256 signature',
      async () => {
        const { payload, signature } = partsOf(await signHs256(claims, KEY));
        return `${base64url({ alg: 'none', typ: 'JWT' })}.${payload}.${signature}`;
      },
      'must be signed with HS256',
    ],
    [
      'another algorithm in the header',
      async () => {
        const { payload, signature } = partsOf(await signHs256(claims, KEY));
        return `${base64url({ alg: 'RS256', typ: 'JWT' })}.${payload}.${signature}`;
      },
      'must be signed with HS256',
    ],
    [
      'a correct HS512 signature with the same key',
      () => new SignJWT(claims).setProtectedHeader({ alg: 'HS512', typ: 'JWT' }).sign(new TextEncoder().encode(KEY)),
      'must be signed with HS256',
    ],
    ['two parts', async () => (await signHs256(claims, KEY)).split('.').slice(0, 2).join('.'), 'is not a JWT'],
    ['four parts', async () => `${await signHs256(claims, KEY)}.c2ln`, 'is not a JWT'],
    ['characters outside base64url', async () => `${await signHs256(claims, KEY)}=`, 'is not a JWT'],
    ['a header that is not JSON', async () => `bm90IGpzb24.${base64url(claims)}.c2ln`, 'is not a JWT'],
    [
      'claims that are not a JSON object, correctly signed',
      () =>
        new CompactSign(new TextEncoder().encode(JSON.stringify(['not', 'an', 'object'])))
          .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
          .sign(new TextEncoder().encode(KEY)),
      'is not a JWT',
    ],
    ['an empty string', async () => '', 'is not a JWT'],
    ['an expiry now', () => signHs256({ ...claims, exp: nowSeconds }, KEY), 'has expired'],
    ['an expiry in the past', () => signHs256({ ...claims, exp: nowSeconds - 1 }, KEY), 'has expired'],
    ['no expiry', () => signHs256({ ...claims, exp: undefined }, KEY), 'has expired'],
    ['an expiry that is a string', () => signHs256({ ...claims, exp: String(nowSeconds + 60) }, KEY), 'has expired'],
    ['a not-before in the future', () => signHs256({ ...claims, nbf: nowSeconds + 10 }, KEY), 'is not valid yet'],
    ['another issuer', () => signHs256({ ...claims, iss: 'elsewhere' }, KEY), 'has the wrong issuer'],
    ['no issuer', () => signHs256({ ...claims, iss: undefined }, KEY), 'has the wrong issuer'],
    ['another audience', () => signHs256({ ...claims, aud: 'elsewhere' }, KEY), 'has the wrong audience'],
    ['an audience list without the expected one', () => signHs256({ ...claims, aud: ['elsewhere'] }, KEY), 'has the wrong audience'],
    ['an issued-at that is not a number', () => signHs256({ ...claims, iat: 'yesterday' }, KEY), 'has an invalid "iat" claim'],
  ];

  test.each(refusals)('refuses a token with %s', async (_case, token, reason) => {
    const presented = await token();

    const verification = await verifyHs256(presented, KEY, expected);

    expect(verification).toEqual({ valid: false, reason });
  });

  test('a refusal never quotes the token or its claims', async () => {
    const hostile = 'x'.repeat(5000);
    const token = await signHs256({ ...claims, iss: hostile, aud: hostile, sub: hostile }, KEY);

    const verification = await verifyHs256(token, KEY, expected);

    expect(verification).toEqual({ valid: false, reason: 'has the wrong issuer' });
  });

  test('oversized claims are verified like any others', async () => {
    const big = { ...claims, 'custom:villages': Array.from({ length: 2000 }, (_, index) => `v-village-${index}`).join(',') };

    const verification = await verifyHs256(await signHs256(big, KEY), KEY, expected);

    expect(verification).toEqual({ valid: true, claims: big });
  });
});

describe('local ID tokens', () => {
  const decode = (token: string) => decodePart(partsOf(token).payload);

  test('carry the claims of a Cognito ID token, valid for 12 hours', async () => {
    const token = await mintLocalToken({ role: 'volunteer', villages: ['v-a', 'v-b'], contactId: '01JD3M6X6W0000000000000000' }, KEY, NOW);

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
    expect((await verifyLocalToken(token, KEY, NOW)).valid).toBe(true);
    expect(await verifyLocalToken(token, KEY, new Date(NOW.getTime() + 12 * 3600_000 - 1000))).toMatchObject({ valid: true });
    expect(await verifyLocalToken(token, KEY, new Date(NOW.getTime() + 12 * 3600_000))).toEqual({ valid: false, reason: 'has expired' });
  });

  test('leave out the villages and contact they were not given, and keep a given sub', async () => {
    expect(decode(await mintLocalToken({ role: 'coordinator', sub: 'me' }, KEY, NOW))).toEqual(
      expect.not.objectContaining({ 'custom:villages': expect.anything(), 'custom:contactId': expect.anything() }),
    );
    expect(decode(await mintLocalToken({ role: 'coordinator', sub: 'me' }, KEY, NOW))).toMatchObject({ sub: 'me' });
    expect(decode(await mintLocalToken({ role: 'coordinator' }, KEY, NOW))).toMatchObject({ sub: 'local-coordinator' });
  });

  test('are refused under another key', async () => {
    const token = await mintLocalToken({ role: 'coordinator' }, KEY, NOW);

    expect(await verifyLocalToken(token, 'another-key', NOW)).toEqual({ valid: false, reason: 'has a bad signature' });
  });
});
