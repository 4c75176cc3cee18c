// The local API Gateway: a node:http server on 127.0.0.1 that turns each request into an HTTP API
// (payload 2.0) event, plays the JWT authorizer, and invokes the same Lambda handlers AWS runs.

import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import { HttpProblem, problemResponse, problems } from '../functions/http/kit/problem.js';
import { matchRoute } from '../functions/http/route-matching.js';
import { ROUTE_GROUPS, type RouteGroup, routeKey } from '../functions/http/routes.js';
import { loggableError } from '../functions/observability/logger.js';
import { httpApiEvent, type LocalHttpEvent } from './api-gateway/http-api-event.js';
import { authorize } from './api-gateway/jwt-authorizer.js';
import { lambdaContext } from './api-gateway/lambda-context.js';
import { LOCAL_HOST } from './aws-local.js';

/** Far above the handlers' own 64 KiB limit: the handlers, not this server, answer the contract's 413. */
const MAX_REQUEST_BYTES = 1024 * 1024;
const REPOSITORY_ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');

type HttpResult = APIGatewayProxyStructuredResultV2;
type LambdaHandler = (event: LocalHttpEvent, context: Context) => Promise<HttpResult>;

export interface DevServerOptions {
  /** 0 picks a free port. */
  port: number;
  /** The key local tokens are signed with. */
  jwtKey: string;
  /** The handlers' environment (TABLE_NAME, CURSOR_SECRET, DYNAMODB_ENDPOINT...), set before any is loaded. */
  env?: Record<string, string>;
  /** Receives one access line per request; never a body. */
  log?: (line: string) => void;
}

export interface DevServer {
  url: string;
  close(): Promise<void>;
}

export async function startDevServer(options: DevServerOptions): Promise<DevServer> {
  Object.assign(process.env, options.env);
  const log = options.log ?? ((line: string) => console.log(line));
  const invoke = handlerInvoker();

  const server = createServer((request, response) => {
    const started = performance.now();
    answer(request, options.jwtKey, invoke).then(
      ({ label, result }) => {
        writeResult(response, result);
        log(`${label} ${result.statusCode} ${Math.round(performance.now() - started)} ms`);
      },
      () => response.destroy(), // the request stream failed: the client has gone
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, LOCAL_HOST, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${LOCAL_HOST}:${port}`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections(); // idle keep-alive sockets would hold close() open
      }),
  };
}

/** What API Gateway would do with this request: refuse it itself, or hand it to a route group's Lambda. */
async function answer(request: IncomingMessage, jwtKey: string, invoke: ReturnType<typeof handlerInvoker>) {
  const method = request.method ?? 'GET';
  const target = request.url ?? '/';
  const [path = ''] = target.split('?');
  const match = matchRoute(method, path);
  const route = match.kind === 'route' ? match : undefined;
  // API Gateway has a HEAD route beside every GET (lib/api-routes.ts); Node sends no body for HEAD.
  const key = route ? (method.toUpperCase() === 'HEAD' ? `HEAD ${route.route.path}` : routeKey(route.route)) : '$default';
  // The route key, never the path: a path can hold an acknowledgement link's secret token.
  const label = route ? key : `${method} $default`;
  const refuse = (problem: HttpProblem) => ({ label, result: problemResponse(problem) });

  const body = await readBody(request);
  if (body === undefined) return refuse(new HttpProblem(413, 'body-too-large', 'The request body is larger than 1 MiB.'));

  let claims: Record<string, string> | undefined;
  if (route && 'roles' in route.route.access) {
    const authorization = await authorize(request.headers.authorization, jwtKey);
    if (!authorization.authorized) return refuse(authorization.problem);
    claims = authorization.claims;
  }
  const event = httpApiEvent(
    {
      method,
      target,
      rawHeaders: request.rawHeaders,
      httpVersion: request.httpVersion,
      sourceIp: request.socket.remoteAddress ?? LOCAL_HOST,
      body,
    },
    { routeKey: key, ...(route ? { pathParameters: route.pathParameters } : {}), ...(claims ? { claims } : {}) },
  );
  try {
    return { label, result: await invoke(route?.route.group ?? 'public', event) };
  } catch (error) {
    // Lambda would answer 502 here; the handlers' own error path makes this a bug or a bad setup.
    console.error(`${label} failed`, loggableError(error));
    return { label, result: problemResponse(problems.internal()) };
  }
}

/** A named error, so its message (a configuration mistake, never request data) reaches the console. */
class HandlerLoadError extends Error {
  override readonly name = 'HandlerLoadError';
}

/** Loads each route group's entry module once, on its first request, as a Lambda cold start would. */
function handlerInvoker() {
  const loaded = new Map<RouteGroup, Promise<LambdaHandler>>();
  return async (group: RouteGroup, event: LocalHttpEvent): Promise<HttpResult> => {
    let handler = loaded.get(group);
    if (!handler) {
      const entry = pathToFileURL(join(REPOSITORY_ROOT, ROUTE_GROUPS[group].entry)).href;
      handler = import(entry).then(
        (module: { handler: LambdaHandler }) => module.handler,
        (error: unknown) => {
          throw new HandlerLoadError(`${ROUTE_GROUPS[group].entry} failed to load: ${(error as Error).message}`);
        },
      );
      loaded.set(group, handler);
    }
    return (await handler)(event, lambdaContext(`suraksha-local-${group}`));
  };
}

/** The body as UTF-8 text, or undefined once it passes the size limit. */
function readBody(request: IncomingMessage): Promise<string | undefined> {
  return new Promise((resolve, reject) => {
    if (Number(request.headers['content-length'] ?? 0) > MAX_REQUEST_BYTES) return resolve(undefined);
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_REQUEST_BYTES) chunks.push(chunk);
      else resolve(undefined); // keep draining, unread, so the 413 can still be written on this socket
    });
    request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    request.on('error', reject);
  });
}

function writeResult(response: ServerResponse, result: HttpResult): void {
  const body = result.body ?? '';
  response.writeHead(result.statusCode ?? 200, result.headers as Record<string, string | number>);
  response.end(result.isBase64Encoded ? Buffer.from(body, 'base64') : body);
}
