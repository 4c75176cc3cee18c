// Driving Lambda handlers the way AWS does: a sample event from events/, adjusted per test, and a context.
import type { Context } from 'aws-lambda';
import { readFileSync } from 'node:fs';
import type { HttpEvent, HttpResult } from '../../functions/http/kit/http-handler.js';

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
  changes: { claims?: Claims; id?: string; body?: unknown; headers?: Record<string, string | undefined>; query?: Record<string, string> } = {},
): HttpEvent {
  const event = loadEvent(name);
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
    const template = event.routeKey.split(' ')[1]!;
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

export async function invoke(handler: Handler, event: HttpEvent): Promise<{ status: number; headers: Record<string, string>; body: any }> {
  const result = await handler(event, lambdaContext());
  const headers = (result.headers ?? {}) as Record<string, string>;
  const type = headers['content-type'] ?? '';
  return {
    status: result.statusCode ?? 200,
    headers,
    body: type.includes('json') && result.body ? JSON.parse(result.body) : result.body,
  };
}

/** Sets the environment a deployed function gets, so its entry module can be imported in a test. */
export function useFunctionEnvironment(tableName: string): void {
  process.env.TABLE_NAME = tableName;
  process.env.CURSOR_SECRET = 'handler-test-cursor-secret-0123';
  process.env.POWERTOOLS_SERVICE_NAME = 'suraksha';
}
