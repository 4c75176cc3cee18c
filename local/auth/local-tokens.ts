// The local stand-in for Cognito ID tokens: the same claims the handlers read in AWS, signed with the
// local key from .local/secrets.json (tests use a key of their own).
import type { Role } from '../../functions/domain/vocabulary.js';
import { type JwtClaims, type JwtVerification, signHs256, verifyHs256 } from './jwt.js';

export const LOCAL_ISSUER = 'suraksha-local';
export const LOCAL_AUDIENCE = 'suraksha-local';
const LIFETIME_SECONDS = 12 * 3600;

export interface LocalIdentity {
  role: Role;
  villages?: string[];
  contactId?: string;
  /** Defaults to one per role and contact, so two volunteers are two people. */
  sub?: string;
}

/** The claims of a local ID token issued at `now`: what `mintLocalToken` signs. */
export function localTokenClaims(identity: LocalIdentity, now = new Date()): JwtClaims {
  const issuedAt = Math.floor(now.getTime() / 1000);
  const { role, villages = [], contactId } = identity;
  return {
    sub: identity.sub ?? ['local', role, contactId].filter(Boolean).join('-'),
    'cognito:groups': [role],
    ...(villages.length > 0 ? { 'custom:villages': villages.join(',') } : {}),
    ...(contactId ? { 'custom:contactId': contactId } : {}),
    iss: LOCAL_ISSUER,
    aud: LOCAL_AUDIENCE,
    token_use: 'id',
    iat: issuedAt,
    exp: issuedAt + LIFETIME_SECONDS,
  };
}

export function mintLocalToken(identity: LocalIdentity, key: string, now = new Date()): Promise<string> {
  return signHs256(localTokenClaims(identity, now), key);
}

export function verifyLocalToken(token: string, key: string, now = new Date()): Promise<JwtVerification> {
  return verifyHs256(token, key, { issuer: LOCAL_ISSUER, audience: LOCAL_AUDIENCE, now });
}
