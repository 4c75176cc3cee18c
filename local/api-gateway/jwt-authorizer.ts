// Plays API Gateway's JWT authorizer: a route that needs a token gets the verified claims, flattened
// to strings as API Gateway delivers them, or a 401 before any handler runs.
import { type HttpProblem, problems } from '../../functions/http/kit/problem.js';
import { verifyLocalToken } from '../auth/local-tokens.js';

export type Authorization = { authorized: true; claims: Record<string, string> } | { authorized: false; problem: HttpProblem };

export async function authorize(authorizationHeader: string | undefined, key: string, now = new Date()): Promise<Authorization> {
  if (authorizationHeader === undefined) return { authorized: false, problem: problems.unauthorized() };
  const token = /^Bearer +(\S+)$/i.exec(authorizationHeader.trim())?.[1];
  if (token === undefined) {
    return { authorized: false, problem: problems.unauthorized('The Authorization header must be "Bearer <token>".') };
  }
  const verification = await verifyLocalToken(token, key, now);
  if (!verification.valid) return { authorized: false, problem: problems.unauthorized(`The bearer token ${verification.reason}.`) };
  return {
    authorized: true,
    claims: Object.fromEntries(Object.entries(verification.claims).map(([name, value]) => [name, asApiGatewayClaim(value)])),
  };
}

/** API Gateway hands every claim to the Lambda as a string: arrays become `[a b]`, numbers their digits. */
function asApiGatewayClaim(value: unknown): string {
  return Array.isArray(value) ? `[${value.join(' ')}]` : String(value);
}
