// Lambda entry point for the routes that need no token: health, robots.txt, the OpenAPI document, the privacy notice, and API
// Gateway's `$default` route, which answers unknown paths 404 and wrong methods 405 as problem+json.
// The OpenAPI document, and the paths `$default` knows, are read from a file beside the bundle on
// the first request that needs them (api-document.ts): no zod and no route table in this Lambda.
import { apiDocument, matchDocumentedPath } from './api-document.js';
import { httpHandler, json } from './kit/http-handler.js';
import { problems } from './kit/problem.js';

export const handler = httpHandler({
  'GET /health': async () => json(200, { status: 'ok' }),
  // Nothing here is for search engines: above all the acknowledgement links.
  'GET /robots.txt': async () => ({
    statusCode: 200,
    headers: { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'public, max-age=86400' },
    body: 'User-agent: *\nDisallow: /\n',
  }),
  'GET /privacy': async () => {
    const [{ privacyPage }, { coordinatorPhone, retentionSchedule }] = await Promise.all([
      import('./controllers/privacy.js'),
      import('../settings.js'),
    ]);
    return privacyPage({ retention: retentionSchedule(), coordinatorPhone: coordinatorPhone() });
  },
  'GET /openapi.json': async () => json(200, await apiDocument()),
  $default: async (event) => {
    const match = await matchDocumentedPath(event.requestContext.http.method, event.rawPath);
    if (match.kind === 'wrong-method') throw problems.methodNotAllowed(match.allowed);
    throw problems.notFound();
  },
});
