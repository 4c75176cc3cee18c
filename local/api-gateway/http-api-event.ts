// An HTTP request as API Gateway HTTP API hands it to a Lambda (payload format 2.0), so the handlers
// run locally on exactly the shape they get in AWS.

import { randomUUID } from 'node:crypto';
import type {
  APIGatewayEventRequestContextJWTAuthorizer,
  APIGatewayEventRequestContextV2,
  APIGatewayProxyEventV2WithRequestContext,
} from 'aws-lambda';

/** The v2 event; `authorizer` is there only on routes behind the JWT authorizer. */
export type LocalHttpEvent = APIGatewayProxyEventV2WithRequestContext<
  APIGatewayEventRequestContextV2 & { authorizer?: APIGatewayEventRequestContextJWTAuthorizer }
>;

export interface ReceivedRequest {
  method: string;
  /** Path and query exactly as sent. */
  target: string;
  /** Node's rawHeaders: name, value, name, value... in arrival order. */
  rawHeaders: string[];
  httpVersion: string;
  sourceIp: string;
  body: string;
}

export interface Routing {
  routeKey: string;
  pathParameters?: Record<string, string>;
  claims?: Record<string, string>;
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

export function httpApiEvent(request: ReceivedRequest, routing: Routing, now = new Date()): LocalHttpEvent {
  const queryStart = request.target.indexOf('?');
  const rawPath = queryStart < 0 ? request.target : request.target.slice(0, queryStart);
  const rawQueryString = queryStart < 0 ? '' : request.target.slice(queryStart + 1);
  const { cookie, ...headers } = joinedHeaders(request.rawHeaders);
  const queryStringParameters = joinedQuery(rawQueryString);
  const domainName = headers.host ?? '127.0.0.1';
  return {
    version: '2.0',
    routeKey: routing.routeKey,
    rawPath,
    rawQueryString,
    // API Gateway moves cookies out of the headers into their own list.
    ...(cookie ? { cookies: cookie.split(/;\s*/) } : {}),
    headers: {
      ...headers,
      'x-forwarded-for': request.sourceIp,
      'x-forwarded-proto': 'http',
    },
    ...(queryStringParameters ? { queryStringParameters } : {}),
    ...(routing.pathParameters && Object.keys(routing.pathParameters).length > 0 ? { pathParameters: routing.pathParameters } : {}),
    requestContext: {
      accountId: '000000000000',
      apiId: 'local',
      domainName,
      domainPrefix: domainName.split('.')[0] ?? domainName,
      http: {
        method: request.method,
        path: rawPath,
        protocol: `HTTP/${request.httpVersion}`,
        sourceIp: request.sourceIp,
        userAgent: headers['user-agent'] ?? '',
      },
      requestId: randomUUID(),
      routeKey: routing.routeKey,
      stage: '$default',
      time: apiGatewayTime(now),
      timeEpoch: now.getTime(),
      ...(routing.claims ? { authorizer: { jwt: { claims: routing.claims, scopes: null } } } : {}),
    },
    ...(request.body !== '' ? { body: request.body } : {}),
    isBase64Encoded: false,
  };
}

/** Header names lower-cased, as API Gateway delivers them. */
function joinedHeaders(rawHeaders: string[]): Record<string, string> {
  const pairs: [string, string][] = [];
  for (let index = 0; index + 1 < rawHeaders.length; index += 2) {
    const [name, value] = [rawHeaders[index], rawHeaders[index + 1]];
    if (name !== undefined && value !== undefined) pairs.push([name.toLowerCase(), value]);
  }
  return joinRepeated(pairs);
}

/** Decoded query parameters; undefined when there are none, as API Gateway leaves the field out. */
function joinedQuery(rawQueryString: string): Record<string, string> | undefined {
  const parameters = joinRepeated(new URLSearchParams(rawQueryString));
  return Object.keys(parameters).length > 0 ? parameters : undefined;
}

/** API Gateway joins the values of a repeated header or query parameter with commas. */
function joinRepeated(pairs: Iterable<[string, string]>): Record<string, string> {
  // A Map, so that names like `constructor` or `__proto__` are plain names.
  const joined = new Map<string, string>();
  for (const [name, value] of pairs) {
    const earlier = joined.get(name);
    joined.set(name, earlier === undefined ? value : `${earlier},${value}`);
  }
  return Object.fromEntries(joined);
}

/** API Gateway's request time, e.g. `29/Nov/2026:05:40:00 +0000`. */
function apiGatewayTime(at: Date): string {
  const two = (value: number) => String(value).padStart(2, '0');
  return `${two(at.getUTCDate())}/${MONTHS[at.getUTCMonth()]}/${at.getUTCFullYear()}:${two(at.getUTCHours())}:${two(at.getUTCMinutes())}:${two(at.getUTCSeconds())} +0000`;
}
