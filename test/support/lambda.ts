// Driving Lambda handlers the way AWS does: a sample event from events/, adjusted per test, and a context.

import { readFileSync } from 'node:fs';
import type { Context } from 'aws-lambda';
import type { HttpEvent, HttpResult } from '../../functions/http/kit/http-handler.js';
import type { ApiResponse } from '../../local/api-client.js';
import { required } from './required.js';

const eventsDirectory = new URL('../../events/', import.meta.url);

export function loadEvent<T = HttpEvent>(name: string): T {
  return JSON.parse(readFileSync(new URL(name, eventsDirectory), 'utf8')) as T;
}

export function lambdaContext(functionName = 'suraksha-test'): Context {
  return {
    callbackWaitsForEmptyEventLoop: false,
    functionName,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:ap-south-1:123456789012:function:${functionName}`,
    memoryLimitInMB: '256',
    awsRequestId: 'test-request-id',
    logGroupName: `/aws/lambda/${functionName}`,
    logStreamName: 'test',
    getRemainingTimeInMillis: () => 10_000,
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
}

export interface Claims {
  sub: string;
  role: string;
  villages?: string[];
  contactId?: string;
}

/** The sample event with another caller, path, body or headers: what a test changes, nothing more. */
export function httpEvent(
  name: string,
  changes: {
    claims?: Claims | null;
    id?: string;
    body?: unknown;
    headers?: Record<string, string | undefined>;
    query?: Record<string, string>;
  } = {},
): HttpEvent {
  const event = loadEvent(name);
  // null: a request API Gateway's authorizer did not vouch for (no claims at all).
  if (changes.claims === null) event.requestContext.authorizer = { jwt: { claims: {}, scopes: [] } };
  if (changes.claims) {
    const { sub, role, villages, contactId } = changes.claims;
    event.requestContext.authorizer.jwt.claims = {
      sub,
      'cognito:groups': `[${role}]`,
      ...(villages ? { 'custom:villages': villages.join(',') } : {}),
      ...(contactId ? { 'custom:contactId': contactId } : {}),
    };
  }
  if (changes.id) {
    const template = required(event.routeKey.split(' ')[1], `a path in the route key ${event.routeKey}`);
    event.pathParameters = { ...event.pathParameters, id: changes.id };
    event.rawPath = template.replace('{id}', changes.id);
    event.requestContext.http.path = event.rawPath;
  }
  if (changes.body !== undefined) event.body = typeof changes.body === 'string' ? changes.body : JSON.stringify(changes.body);
  if (changes.headers) {
    const headers: Record<string, string> = { ...event.headers } as Record<string, string>;
    for (const [name, value] of Object.entries(changes.headers)) {
      if (value === undefined) delete headers[name];
      else headers[name] = value;
    }
    event.headers = headers;
  }
  if (changes.query) event.queryStringParameters = changes.query;
  return event;
}

export type Handler = (event: HttpEvent, context: Context) => Promise<HttpResult>;

/** The handler's answer read as the local API client reads an HTTP answer (the same loose body), plus the raw body. */
export async function invoke(handler: Handler, event: HttpEvent): Promise<ApiResponse & { raw: string | undefined }> {
  const result = await handler(event, lambdaContext());
  const headers = (result.headers ?? {}) as Record<string, string>;
  const type = headers['content-type'] ?? '';
  return {
    status: result.statusCode ?? 200,
    headers,
    body: type.includes('json') && result.body ? JSON.parse(result.body) : result.body,
    raw: result.body,
  };
}

/** Sets the environment a deployed function gets, so its entry module can be imported in a test. */
export function useFunctionEnvironment(tableName: string): void {
  process.env.TABLE_NAME = tableName;
  process.env.CURSOR_SECRET = 'handler-test-cursor-secret-0123';
  process.env.POWERTOOLS_SERVICE_NAME = 'suraksha';
}

/**
 * An event for any route of the table, built from the POST sample event the way API Gateway would
 * fill it for this method and path (route key, path parameters), and the group's Lambda to take it.
 */
export async function routeRequest(
  method: string,
  rawPath: string,
  options: { claims?: Claims | null; body?: unknown; headers?: Record<string, string | undefined>; query?: Record<string, string> } = {},
): Promise<{ handler: Handler; event: HttpEvent }> {
  const { matchRoute } = await import('../../functions/http/route-matching.js');
  const { ROUTE_GROUPS } = await import('../../functions/http/routes.js');
  const match = matchRoute(method, rawPath);
  if (match.kind !== 'route') throw new Error(`no route for ${method} ${rawPath}`);
  const { route, pathParameters } = match;
  const event = httpEvent('http/post-incident.json', {
    ...(options.claims !== undefined ? { claims: options.claims } : {}),
    ...(options.headers ? { headers: options.headers } : {}),
    ...(options.query ? { query: options.query } : {}),
  });
  event.routeKey = `${route.method} ${route.path}`;
  event.requestContext.routeKey = event.routeKey;
  event.rawPath = rawPath;
  event.requestContext.http.method = method;
  event.requestContext.http.path = rawPath;
  event.pathParameters = Object.keys(pathParameters).length > 0 ? pathParameters : undefined;
  event.body = options.body === undefined ? undefined : typeof options.body === 'string' ? options.body : JSON.stringify(options.body);
  const entry = ROUTE_GROUPS[route.group].entry.replace(/^functions\//, '../../functions/').replace(/\.ts$/, '.js');
  const { handler } = (await import(entry)) as { handler: Handler };
  return { handler, event };
}

/** Invokes the route's Lambda with the request: the handler-level twin of an HTTP call. */
export async function call(method: string, rawPath: string, options: Parameters<typeof routeRequest>[2] = {}) {
  const { handler, event } = await routeRequest(method, rawPath, options);
  return invoke(handler, event);
}
