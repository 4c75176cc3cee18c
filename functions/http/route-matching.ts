// Matching a request path against the route table, as API Gateway does: used by the `$default`
// fallback (404 or 405 in problem+json) and by the local dev server.
import { ROUTES, type RouteSpec } from './routes.js';

export type RouteMatch =
  | { kind: 'route'; route: RouteSpec; pathParameters: Record<string, string> }
  | { kind: 'wrong-method'; allowed: string[] }
  | { kind: 'none' };

const compiled = ROUTES.map((route) => {
  const names: string[] = [];
  const pattern = route.path.replace(/\{(\w+)\}/g, (_whole, name: string) => {
    names.push(name);
    return '([^/]+)';
  });
  return { route, names, regex: new RegExp(`^${pattern}$`) };
});

/** HEAD is answered wherever GET is, as GET without its body (RFC 9110 9.3.2). */
const HEAD_OF = 'GET';

export function matchRoute(method: string, path: string, routes = compiled): RouteMatch {
  const allowed: string[] = [];
  const wanted = method.toUpperCase() === 'HEAD' ? HEAD_OF : method.toUpperCase();
  for (const { route, names, regex } of routes) {
    const found = regex.exec(path);
    if (!found) continue;
    if (route.method !== wanted) {
      allowed.push(...(route.method === HEAD_OF ? [route.method, 'HEAD'] : [route.method]));
      continue;
    }
    const pathParameters = Object.fromEntries(names.map((name, index) => [name, decodeSegment(found[index + 1] ?? '')]));
    return { kind: 'route', route, pathParameters };
  }
  return allowed.length > 0 ? { kind: 'wrong-method', allowed } : { kind: 'none' };
}

function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment; // a malformed escape stays as sent; the parameter's schema refuses it
  }
}
