// The caller, from the claims API Gateway's JWT authorizer verified (or the dev server, locally).
import type { APIGatewayProxyEventV2WithJWTAuthorizer } from 'aws-lambda';
import type { Caller } from '../../domain/access.js';
import { UlidSchema, VillageIdSchema } from '../../domain/schemas.js';
import { ROLES, type Role } from '../../domain/vocabulary.js';
import { problems } from './problem.js';

type Claims = Record<string, string | number | boolean | string[]>;

export function callerFrom(event: APIGatewayProxyEventV2WithJWTAuthorizer): Caller {
  const claims = (event.requestContext.authorizer?.jwt?.claims ?? {}) as Claims;
  const sub = claims.sub;
  // Cognito subs are UUIDs; anything long or unprintable is not one (and would not fit in a key).
  if (typeof sub !== 'string' || !/^[\x21-\x7e]{1,128}$/.test(sub)) throw problems.unauthorized();
  const roles = groupsOf(claims['cognito:groups']).filter((group): group is Role => (ROLES as readonly string[]).includes(group));
  // One role per user: a token in two role groups is a directory mistake, not more power.
  const [role, ...others] = roles;
  if (role === undefined || others.length > 0) throw problems.forbidden('Your account must belong to exactly one role group.');
  const contactId = typeof claims['custom:contactId'] === 'string' ? claims['custom:contactId'] : undefined;
  return {
    sub,
    role,
    villages: listOf(claims['custom:villages']).filter((id) => VillageIdSchema.safeParse(id).success),
    ...(contactId && UlidSchema.safeParse(contactId).success ? { contactId } : {}),
  };
}

/** API Gateway passes an array claim as a string like `[volunteer]` or `[a b]`; tokens carry an array. */
export function groupsOf(value: unknown): string[] {
  if (Array.isArray(value)) return value.filter((item): item is string => typeof item === 'string');
  if (typeof value !== 'string') return [];
  return value
    .replace(/^\[/, '')
    .replace(/\]$/, '')
    .split(/[\s,]+/)
    .filter((group) => group !== '');
}

function listOf(value: unknown): string[] {
  if (typeof value !== 'string') return [];
  return value
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item !== '');
}
