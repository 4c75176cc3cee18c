// The OpenAPI document as the public Lambda serves it, and the paths its `$default` route knows.
// The stack writes the document beside that Lambda's bundle and names the file by an esbuild define of
// API_DOCUMENT_FILE (lib/api-routes.ts), so the bundle holds neither zod nor the route table: a cold
// start reads nothing more. Unbundled (the dev server, the tests) the document is built from the table.
import { readFile } from 'node:fs/promises';
import type { OpenApiDocument } from './openapi.js';
import { pathMatcher } from './path-matching.js';

/** The file beside the bundle: its name is the define's value. */
export const API_DOCUMENT_FILE = 'openapi.json';

const OPERATION_METHODS = ['get', 'put', 'post', 'patch', 'delete'] as const;

let document: Promise<OpenApiDocument> | undefined;

/** Read or built once per container, on the first request that needs it; a failed read is tried again on the next. */
export function apiDocument(): Promise<OpenApiDocument> {
  document ??= (
    process.env.API_DOCUMENT_FILE
      ? readFile(new URL(process.env.API_DOCUMENT_FILE, import.meta.url), 'utf8').then((text) => JSON.parse(text) as OpenApiDocument)
      : import('./openapi.js').then(({ openApiDocument }) => openApiDocument())
  ).catch((error: unknown) => {
    document = undefined;
    throw error;
  });
  return document;
}

let matcher: Promise<ReturnType<typeof pathMatcher>> | undefined;

/** Matches a request against the document's paths and methods: the route table's, as served. */
export function matchDocumentedPath(method: string, path: string) {
  matcher ??= apiDocument().then(
    ({ paths }) =>
      pathMatcher(
        Object.entries(paths).flatMap(([template, item]) =>
          // In the item's own order, the route table's: the order a 405's Allow lists them in.
          Object.keys(item)
            .filter((key) => (OPERATION_METHODS as readonly string[]).includes(key))
            .map((name) => ({ method: name.toUpperCase(), path: template })),
        ),
      ),
    (error: unknown) => {
      matcher = undefined;
      throw error;
    },
  );
  return matcher.then((match) => match(method, path));
}
