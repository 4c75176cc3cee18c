// RFC 9457 problem details: the one shape of every error this API answers. No stack trace, no
// internal name and no echo of a submitted value ever goes into one.
import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';

export interface FieldError {
  path: string;
  message: string;
}

const TITLES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  409: 'Conflict',
  412: 'Precondition Failed',
  413: 'Content Too Large',
  415: 'Unsupported Media Type',
  428: 'Precondition Required',
  503: 'Service Unavailable',
  500: 'Internal Server Error',
};

export class HttpProblem extends Error {
  override readonly name = 'HttpProblem';

  constructor(
    readonly status: number,
    readonly slug: string,
    readonly detail: string,
    readonly errors?: FieldError[],
    readonly headers: Record<string, string> = {},
  ) {
    super(detail);
  }
}

export const problems = {
  validation: (errors: FieldError[]) => new HttpProblem(400, 'validation-error', 'The request has invalid or missing fields.', errors),
  badRequest: (slug: string, detail: string) => new HttpProblem(400, slug, detail),
  unauthorized: (detail = 'A valid bearer token is required.') =>
    new HttpProblem(401, 'unauthorized', detail, undefined, { 'www-authenticate': 'Bearer' }),
  forbidden: (detail: string) => new HttpProblem(403, 'forbidden', detail),
  notFound: (detail = 'There is no such resource.') => new HttpProblem(404, 'not-found', detail),
  methodNotAllowed: (allowed: string[]) =>
    new HttpProblem(405, 'method-not-allowed', 'This resource does not support that method.', undefined, {
      allow: allowed.join(', '),
    }),
  conflict: (slug: string, detail: string) => new HttpProblem(409, slug, detail),
  stale: () => new HttpProblem(412, 'stale-version', 'The record has changed since you read it: read it again and retry.'),
  tooLarge: () => new HttpProblem(413, 'body-too-large', 'The request body is larger than 64 KiB.'),
  unsupportedMediaType: () => new HttpProblem(415, 'unsupported-media-type', 'Send the body as JSON with Content-Type: application/json.'),
  ifMatchRequired: () => new HttpProblem(428, 'if-match-required', 'Send If-Match with the ETag of the record you read.'),
  internal: () => new HttpProblem(500, 'internal-error', 'Something went wrong on our side; the request can be retried.'),
  busy: () =>
    new HttpProblem(503, 'temporarily-unavailable', 'The service is busy; retry the same request in a few seconds.', undefined, {
      'retry-after': '2',
    }),
};

export function problemResponse(problem: HttpProblem): APIGatewayProxyStructuredResultV2 {
  return {
    statusCode: problem.status,
    headers: { 'content-type': 'application/problem+json', ...problem.headers },
    body: `${JSON.stringify({
      type: `urn:suraksha:problem:${problem.slug}`,
      title: TITLES[problem.status] ?? 'Error',
      status: problem.status,
      detail: problem.detail,
      ...(problem.errors ? { errors: problem.errors } : {}),
    })}\n`,
  };
}
