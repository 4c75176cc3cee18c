// The one way an HTTP Lambda is built: middy with the Powertools logger (request id as correlation
// id, the event never logged) and a single error path that answers problem+json.
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy, { type MiddlewareObj } from '@middy/core';
import type { APIGatewayProxyEventV2WithJWTAuthorizer, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import { TransactionCancelledError } from '../../adapters/table/table.js';
import { RefusedError } from '../../domain/decision.js';
import {
  AlreadyExistsError,
  AuditUnavailableError,
  IdempotencyConflictError,
  InvalidCursorError,
  NotFoundError,
  VersionConflictError,
} from '../../domain/ports.js';
import { loggableError, logger } from '../../observability/logger.js';
import { HttpProblem, problemResponse, problems } from './problem.js';

export type HttpEvent = APIGatewayProxyEventV2WithJWTAuthorizer;
export type HttpResult = APIGatewayProxyStructuredResultV2;
export type RouteHandler = (event: HttpEvent) => Promise<HttpResult>;

/** Maps every failure to a problem; anything unexpected is a 500 that reveals nothing. */
export function toProblem(error: unknown): HttpProblem {
  if (error instanceof HttpProblem) return error;
  if (error instanceof RefusedError) {
    const { refusal } = error;
    if (refusal.kind === 'forbidden') return problems.forbidden(refusal.message);
    if (refusal.kind === 'conflict') return problems.conflict(refusal.problem ?? 'illegal-transition', refusal.message);
    return problems.validation([{ path: refusal.path, message: refusal.message }]);
  }
  if (error instanceof NotFoundError) return problems.notFound();
  if (error instanceof VersionConflictError) return problems.stale();
  if (error instanceof IdempotencyConflictError) return problems.conflict(`idempotency-${error.reason.replace('_', '-')}`, error.message);
  if (error instanceof InvalidCursorError) return problems.badRequest('invalid-cursor', error.message);
  if (error instanceof AlreadyExistsError) return problems.conflict('already-exists', error.message);
  // A read is never served unrecorded: without its audit record it waits, like a busy database.
  if (error instanceof AuditUnavailableError || isTransient(error)) return problems.busy();
  return problems.internal();
}

/**
 * DynamoDB throttling and contention outlast the SDK's own retries now and then: that is not the
 * client's fault nor a bug, and a retry with the same Idempotency-Key is safe, so it is a 503.
 */
const TRANSIENT_ERRORS = new Set([
  'ProvisionedThroughputExceededException',
  'ThrottlingException',
  'RequestLimitExceeded',
  'TransactionConflictException',
  'TimeoutError',
]);
const TRANSIENT_CANCELLATIONS = new Set([
  'ThrottlingError',
  'ProvisionedThroughputExceeded',
  'TransactionConflict',
  'RequestLimitExceeded',
]);

/** The database could not be reached at all (a restart, a network fault): retrying later is the answer too. */
const UNREACHABLE_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EAI_AGAIN']);

function isTransient(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  if (TRANSIENT_ERRORS.has(error.name)) return true;
  const { code } = error as { code?: unknown };
  if (typeof code === 'string' && UNREACHABLE_CODES.has(code)) return true;
  if (error instanceof TransactionCancelledError) return error.reasons.some((reason) => TRANSIENT_CANCELLATIONS.has(reason.code));
  // One the table port could not name reason by reason comes as DynamoDB sent it.
  const reasons = (error as { CancellationReasons?: { Code?: string }[] }).CancellationReasons;
  return error.name === 'TransactionCanceledException' && (reasons ?? []).some((reason) => TRANSIENT_CANCELLATIONS.has(reason.Code ?? ''));
}

function problemDetails(): MiddlewareObj<HttpEvent, HttpResult> {
  return {
    onError: async (request) => {
      const problem = toProblem(request.error);
      if (problem.status === 500) {
        logger.error('request failed', { error: loggableError(request.error), routeKey: request.event.routeKey });
      } else if (problem.status === 503) {
        logger.warn('request deferred', { error: loggableError(request.error), routeKey: request.event.routeKey });
      } else {
        logger.info('request refused', { status: problem.status, problem: problem.slug, routeKey: request.event.routeKey });
      }
      request.response = problemResponse(problem);
    },
  };
}

/** A Lambda for a group of routes, dispatched on API Gateway's route key (e.g. `GET /incidents/{id}`). */
export function httpHandler(routes: Record<string, RouteHandler>) {
  return middy<HttpEvent, HttpResult, Error, Context>()
    .use(
      injectLambdaContext(logger, {
        resetKeys: true,
        logEvent: false, // the event holds the body: a child's name must never reach a log
      }),
    )
    .before((request) => {
      // API Gateway's request id is each line's correlation id (what correlationPaths.API_GATEWAY_HTTP
      // reads). A block: middy takes a value returned here for the response.
      logger.setCorrelationId(request.event.requestContext.requestId);
    })
    .use(problemDetails())
    .handler(async (event) => {
      // A HEAD route (API Gateway has one beside every GET) answers as its GET, without the body.
      const head = event.routeKey.startsWith('HEAD ');
      const route = routes[head ? `GET ${event.routeKey.slice('HEAD '.length)}` : event.routeKey];
      if (!route) throw problems.notFound();
      const result = await route(event);
      return head ? { ...result, body: '' } : result;
    });
}

export function json(statusCode: number, body: unknown, headers: Record<string, string> = {}): HttpResult {
  // A trailing newline, so that curl's output does not run into the prompt.
  return { statusCode, headers: { 'content-type': 'application/json', ...headers }, body: `${JSON.stringify(body)}\n` };
}

export const etag = (version: number) => ({ etag: `"${version}"` });
