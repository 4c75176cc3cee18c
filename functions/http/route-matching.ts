// Matching a request against the route table, as API Gateway does: for the local dev server, the
// OpenAPI document's Allow lists and the tests.
import { type PathMatch, pathMatcher } from './path-matching.js';
import { ROUTES, type RouteSpec } from './routes.js';

export type RouteMatch = PathMatch<RouteSpec>;

export const matchRoute = pathMatcher(ROUTES);
