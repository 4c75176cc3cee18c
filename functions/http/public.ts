// Lambda entry point for the routes that need no token: health, the OpenAPI document, and API
// Gateway's `$default` route, which answers unknown paths 404 and wrong methods 405 as problem+json.
import { json, httpHandler } from './kit/http-handler.js';
import { problems } from './kit/problem.js';
import { openApiDocument } from './openapi.js';
import { matchRoute } from './route-matching.js';

export const handler = httpHandler({
  'GET /health': async () => json(200, { status: 'ok' }),
  'GET /openapi.json': async () => json(200, openApiDocument()),
  $default: async (event) => {
    const match = matchRoute(event.requestContext.http.method, event.rawPath);
    if (match.kind === 'wrong-method') throw problems.methodNotAllowed(match.allowed);
    throw problems.notFound();
  },
});
