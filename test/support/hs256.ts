// A synchronous HS256 signer for tests only: the test API hands out tokens from synchronous code
// (fuzzing builds Authorization headers inline), and jose signs asynchronously. The local stack signs
// and verifies with jose (local/auth/jwt.ts); test/unit/local-jwt.test.ts proves the two produce
// the same token for the same claims and key, so a token from here is one the local stack would mint.
import { createHmac } from 'node:crypto';
import type { JwtClaims } from '../../local/auth/jwt.js';

const encode = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

export function signHs256Sync(claims: JwtClaims, key: string): string {
  const signingInput = `${encode({ alg: 'HS256', typ: 'JWT' })}.${encode(claims)}`;
  return `${signingInput}.${createHmac('sha256', key).update(signingInput).digest('base64url')}`;
}
