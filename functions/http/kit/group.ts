import { type RouteGroup, type RouteSpec, routeKey, routesOf } from '../routes.js';
import { callerFrom } from './caller.js';
import type { RouteHandler } from './http-handler.js';
import { problems } from './problem.js';

/**
 * The handlers of one route group, checked against the route table so none is forgotten. The
 * table's roles are enforced before a handler reads anything, so a caller whose role may not use a
 * route learns nothing from it (not even how its body would be validated).
 */
export function handlersFor(group: RouteGroup, ...sources: Record<string, RouteHandler>[]): Record<string, RouteHandler> {
  const available = Object.assign({}, ...sources) as Record<string, RouteHandler>;
  return Object.fromEntries(
    routesOf(group).map((route) => {
      const handler = available[routeKey(route)];
      if (!handler) throw new Error(`no handler for ${routeKey(route)}`);
      return [routeKey(route), guardedByRole(route, handler)];
    }),
  );
}

function guardedByRole(route: RouteSpec, handler: RouteHandler): RouteHandler {
  if ('anyone' in route.access) return handler;
  const { roles } = route.access;
  return async (event) => {
    if (!roles.includes(callerFrom(event).role)) throw problems.forbidden('Your role may not use this route.');
    return handler(event);
  };
}
