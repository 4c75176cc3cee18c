// HS256 JSON Web Tokens with node:crypto alone: enough to play API Gateway's JWT authorizer locally.
// Verification accepts exactly one header algorithm, so `alg: none` and algorithm swaps are refused.
import { createHmac, timingSafeEqual } from 'node:crypto';

export type JwtClaims = Record<string, unknown>;

export type JwtVerification = { valid: true; claims: JwtClaims } | { valid: false; reason: string };

export interface JwtExpectations {
  issuer: string;
  audience: string;
  now: Date;
}

const HEADER = { alg: 'HS256', typ: 'JWT' };

const encode = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
const signature = (signingInput: string, key: string) => createHmac('sha256', key).update(signingInput).digest();

export function signHs256(claims: JwtClaims, key: string): string {
  const signingInput = `${encode(HEADER)}.${encode(claims)}`;
  return `${signingInput}.${signature(signingInput, key).toString('base64url')}`;
}

export function verifyHs256(token: string, key: string, expected: JwtExpectations): JwtVerification {
  const parts = token.split('.');
  if (parts.length !== 3 || parts.some((part) => !/^[A-Za-z0-9_-]*$/.test(part))) {
    return { valid: false, reason: 'is not a JWT' };
  }
  const [encodedHeader, encodedClaims, encodedSignature] = parts as [string, string, string];
  const header = decodeJsonObject(encodedHeader);
  const claims = decodeJsonObject(encodedClaims);
  if (!header || !claims) return { valid: false, reason: 'is not a JWT' };
  if (header.alg !== 'HS256') return { valid: false, reason: 'must be signed with HS256' };

  const presented = Buffer.from(encodedSignature, 'base64url');
  const computed = signature(`${encodedHeader}.${encodedClaims}`, key);
  // timingSafeEqual needs equal lengths; a length mismatch reveals nothing about the key.
  if (presented.length !== computed.length || !timingSafeEqual(presented, computed)) {
    return { valid: false, reason: 'has a bad signature' };
  }

  const nowSeconds = Math.floor(expected.now.getTime() / 1000);
  if (typeof claims.exp !== 'number' || claims.exp <= nowSeconds) return { valid: false, reason: 'has expired' };
  if (typeof claims.nbf === 'number' && claims.nbf > nowSeconds) return { valid: false, reason: 'is not valid yet' };
  if (claims.iss !== expected.issuer) return { valid: false, reason: 'has the wrong issuer' };
  const audiences = Array.isArray(claims.aud) ? claims.aud : [claims.aud];
  if (!audiences.includes(expected.audience)) return { valid: false, reason: 'has the wrong audience' };
  return { valid: true, claims };
}

function decodeJsonObject(part: string): JwtClaims | undefined {
  try {
    const value: unknown = JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as JwtClaims) : undefined;
  } catch {
    return undefined;
  }
}
