import { routeKey, routesOf, type RouteGroup } from '../routes.js';
import type { RouteHandler } from './http-handler.js';

/** The handlers of one route group, checked against the route table so none is forgotten. */
export function handlersFor(group: RouteGroup, ...sources: Record<string, RouteHandler>[]): Record<string, RouteHandler> {
  const available = Object.assign({}, ...sources) as Record<string, RouteHandler>;
  return Object.fromEntries(
    routesOf(group).map((route) => {
      const handler = available[routeKey(route)];
      if (!handler) throw new Error(`no handler for ${routeKey(route)}`);
      return [routeKey(route), handler];
    }),
  );
}
