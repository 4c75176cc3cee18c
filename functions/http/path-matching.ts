// Matching a request path against path templates, as API Gateway does: for the route table (the
// dev server, route-matching.ts) and for the OpenAPI document's paths (the `$default` fallback's 404
// or 405 in problem+json, which must not load the route table: api-document.ts).

type PathMatch<R> =
  | { kind: 'route'; route: R; pathParameters: Record<string, string> }
  | { kind: 'wrong-method'; allowed: string[] }
  | { kind: 'none' };

/** HEAD is answered wherever GET is, as GET without its body (RFC 9110 9.3.2). */
const HEAD_OF = 'GET';

/** `routes` in the order their methods are listed in a 405's Allow. */
export function pathMatcher<R extends { method: string; path: string }>(routes: readonly R[]) {
  const compiled = routes.map((route) => {
    const names: string[] = [];
    const pattern = route.path.replace(/\{(\w+)\}/g, (_whole, name: string) => {
      names.push(name);
      return '([^/]+)';
    });
    return { route, names, regex: new RegExp(`^${pattern}$`) };
  });
  return (method: string, path: string): PathMatch<R> => {
    const allowed: string[] = [];
    const wanted = method.toUpperCase() === 'HEAD' ? HEAD_OF : method.toUpperCase();
    for (const { route, names, regex } of compiled) {
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
  };
}

function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment; // a malformed escape stays as sent; the parameter's schema refuses it
  }
}
