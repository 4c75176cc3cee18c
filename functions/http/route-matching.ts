// Matching a request against the route table, as API Gateway does: for the local dev server, the
// OpenAPI document's Allow lists and the tests.
import { pathMatcher } from './path-matching.js';
import { ROUTES } from './routes.js';

export const matchRoute = pathMatcher(ROUTES);
