// A route of the table bound to what serves it. The kit reads the caller, path, query, headers and
// body from the route's own schemas, in a fixed order (401 token, 403 role, 400 request shape), and
// hands the use case typed input; it alone turns the use case's result into a status, an ETag and
// a body. 404, 409 and 412 come from the use case's errors (http-handler.ts).
import type * as z from 'zod/mini';
import type { Caller } from '../../domain/access.js';
import { AccessEndedError, NotFoundError } from '../../domain/ports.js';
import { Created, Replayed } from '../../domain/results.js';
import type { IdempotencyRequest } from '../../use-cases/dependencies.js';
import { type RouteGroup, type RouteSpec, routeKey, routesOf } from '../routes.js';
import { callerFrom } from './caller.js';
import { etag, type HttpEvent, type HttpResult, json, type RouteHandler } from './http-handler.js';
import { HttpProblem, problems } from './problem.js';
import { bodyHash, optionalIfMatch, parseWith, readIdempotencyKey, readIfMatch, readJsonObject } from './request.js';

type Output<S> = S extends z.ZodMiniType ? z.output<S> : undefined;
type ParamsOf<R> = R extends { params: infer P extends Record<string, z.ZodMiniType> } ? { [K in keyof P]: z.output<P[K]> } : undefined;
type IfMatchOf<R> = R extends { ifMatch: 'required' } ? number : R extends { ifMatch: 'optional' } ? number | undefined : undefined;

/** What a route's handler is given, typed from the route's entry in the table. */
export interface RouteInput<R extends RouteSpec> {
  caller: R extends { access: { roles: readonly unknown[] } } ? Caller : undefined;
  params: ParamsOf<R>;
  query: R extends { query: infer Q } ? Output<Q> : undefined;
  body: R extends { body: infer B } ? Output<B> : undefined;
  ifMatch: IfMatchOf<R>;
  /** The Idempotency-Key and the body's hash, on idempotent routes when the client sent a key. */
  idempotency: R extends { idempotent: true } ? IdempotencyRequest | undefined : undefined;
  /** On routes whose reads are audited: the route, as its audit records name it (`GET /incidents/{id}`). */
  via: R extends { audit: string } ? string : undefined;
}

/** A JSON route answers a record (the table's success status), a Created or a Replayed (201). */
type JsonResult = Created<unknown> | Replayed | object;

export interface BoundRoute {
  route: RouteSpec;
  handle: RouteHandler;
}

export function bind<const R extends RouteSpec>(route: R, handler: (input: RouteInput<R>) => Promise<JsonResult>): BoundRoute {
  return {
    route,
    handle: async (event) => {
      const input = readInput(route, event) as unknown as RouteInput<R>;
      return jsonAnswer(route, await handler(input));
    },
  };
}

/**
 * A page for a phone's browser. Anything a page cannot be shown for (a malformed path, or a
 * NotFoundError from the use case) gets `notFound`, the same for every cause so probing learns nothing.
 */
export function bindPage<const R extends RouteSpec>(
  route: R,
  handler: (input: RouteInput<R>, event: HttpEvent) => Promise<HttpResult>,
  errorPage: (status: 404 | 410) => HttpResult,
): BoundRoute {
  return {
    route,
    handle: async (event) => {
      try {
        return await handler(readInput(route, event) as unknown as RouteInput<R>, event);
      } catch (error) {
        if (error instanceof NotFoundError || (error instanceof HttpProblem && error.status === 400)) return errorPage(404);
        if (error instanceof AccessEndedError) return errorPage(410);
        throw error;
      }
    },
  };
}

/** The handlers of one route group (a Lambda), checked against the route table so that none is missing. */
export function handlersFor(group: RouteGroup, bound: readonly BoundRoute[]): Record<string, RouteHandler> {
  const byKey = new Map(bound.map((binding) => [routeKey(binding.route), binding]));
  return Object.fromEntries(
    routesOf(group).map((route) => {
      const binding = byKey.get(routeKey(route));
      if (!binding) throw new Error(`no handler for ${routeKey(route)}`);
      return [routeKey(route), binding.handle];
    }),
  );
}

/** The request's parts as the route's schemas read them (typed per route by `bind`). */
function readInput(route: RouteSpec, event: HttpEvent): Record<keyof RouteInput<RouteSpec>, unknown> {
  let caller: Caller | undefined;
  if ('roles' in route.access) {
    caller = callerFrom(event);
    if (!route.access.roles.includes(caller.role)) throw problems.forbidden('Your role may not use this route.');
  }
  const params = route.params
    ? Object.fromEntries(
        Object.entries(route.params).map(([name, schema]) => [name, parseWith(schema, event.pathParameters?.[name], ['path', name])]),
      )
    : undefined;
  const query = route.query ? parseWith(route.query, event.queryStringParameters ?? {}, ['query']) : undefined;
  const key = route.idempotent ? readIdempotencyKey(event) : undefined;
  const raw = route.body ? readJsonObject(event) : undefined;
  const body = route.body ? parseWith(route.body, raw) : undefined;
  const ifMatch = route.ifMatch === 'required' ? readIfMatch(event) : route.ifMatch === 'optional' ? optionalIfMatch(event) : undefined;
  const via = route.audit ? routeKey(route) : undefined;
  return { caller, params, query, body, ifMatch, idempotency: key ? { key, bodyHash: bodyHash(raw) } : undefined, via };
}

function jsonAnswer(route: RouteSpec, result: JsonResult): HttpResult {
  const [status, body] =
    result instanceof Created ? [201, result.record] : result instanceof Replayed ? [201, result.answer] : [route.success.status, result];
  const version = (body as { version?: unknown }).version;
  return json(status, body, route.success.etag && typeof version === 'number' ? etag(version) : {});
}
