// HS256 JSON Web Tokens with `jose`: enough to play API Gateway's JWT authorizer locally.
// Verification allows exactly one algorithm, so `alg: none` and algorithm swaps are refused.
import { errors, jwtVerify, SignJWT } from 'jose';

export type JwtClaims = Record<string, unknown>;

export type JwtVerification = { valid: true; claims: JwtClaims } | { valid: false; reason: string };

export interface JwtExpectations {
  issuer: string;
  audience: string;
  now: Date;
}

const ALGORITHM = 'HS256';
/** Three base64url parts and nothing else: jose would also decode padded or standard base64. */
const COMPACT_JWT = /^[A-Za-z0-9_-]*\.[A-Za-z0-9_-]*\.[A-Za-z0-9_-]*$/;

const secret = (key: string) => new TextEncoder().encode(key);

/** Signs the claims exactly as given (no defaults added), under the header `{"alg":"HS256","typ":"JWT"}`. */
export function signHs256(claims: JwtClaims, key: string): Promise<string> {
  return new SignJWT(claims).setProtectedHeader({ alg: ALGORITHM, typ: 'JWT' }).sign(secret(key));
}

export async function verifyHs256(token: string, key: string, expected: JwtExpectations): Promise<JwtVerification> {
  if (!COMPACT_JWT.test(token)) return { valid: false, reason: 'is not a JWT' };
  try {
    const { payload } = await jwtVerify(token, secret(key), {
      algorithms: [ALGORITHM],
      issuer: expected.issuer,
      audience: expected.audience,
      currentDate: expected.now,
      requiredClaims: ['exp'],
    });
    return { valid: true, claims: payload };
  } catch (error) {
    return { valid: false, reason: refusalReason(error) };
  }
}

/** The reason a token is refused, in words of our own: jose's messages may quote the token's claims. */
function refusalReason(error: unknown): string {
  if (error instanceof errors.JOSEAlgNotAllowed) return 'must be signed with HS256';
  if (error instanceof errors.JWSSignatureVerificationFailed) return 'has a bad signature';
  if (error instanceof errors.JWTExpired) return 'has expired';
  if (error instanceof errors.JWTClaimValidationFailed) {
    switch (error.claim) {
      case 'exp':
        return 'has expired';
      case 'nbf':
        return 'is not valid yet';
      case 'iss':
        return 'has the wrong issuer';
      case 'aud':
        return 'has the wrong audience';
      default:
        return `has an invalid "${error.claim}" claim`;
    }
  }
  if (error instanceof errors.JOSEError) return 'is not a JWT';
  throw error;
}
