// The one test file that really bundles: proves NodejsFunction finds the local esbuild (no Docker here), that
// the route table's entries build, and that an ESM bundle, with the createRequire banner, loads and answers on Node.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { App, Stack, type CfnElement } from 'aws-cdk-lib';
import type { HttpResult } from '../../functions/http/kit/http-handler.js';
import { ROUTE_GROUPS, type RouteGroup } from '../../functions/http/routes.js';
import { SurakshaFunction } from '../../lib/suraksha-function.js';

// Two of the stack's functions, because bundling is the slow part: the public one, invoked below, and one
// that reads the table, to prove the DynamoDB side builds (running it would need DynamoDB).
const BUNDLED_GROUPS = ['public', 'incidents-read'] as const satisfies readonly RouteGroup[];
type BundledGroup = (typeof BUNDLED_GROUPS)[number];

function bundleGroups(): Record<BundledGroup, string> {
  // Prepare: asset metadata, as the CDK CLI turns it on, says which directory holds each bundle.
  const app = new App({ context: { 'aws:cdk:enable-asset-metadata': true } });
  const stack = new Stack(app, 'Bundling');
  const functions = BUNDLED_GROUPS.map(
    (group) => [group, new SurakshaFunction(stack, group, { entry: ROUTE_GROUPS[group].entry })] as const,
  );

  // Act
  const assembly = app.synth();

  const resources = assembly.getStackByName(stack.stackName).template.Resources;
  const bundleOf = (fn: SurakshaFunction) => {
    const logicalId = stack.getLogicalId(fn.node.defaultChild as CfnElement);
    return join(assembly.directory, resources[logicalId].Metadata['aws:asset:path'], 'index.mjs');
  };
  return Object.fromEntries(functions.map(([group, fn]) => [group, bundleOf(fn)])) as Record<BundledGroup, string>;
}

/** A minimal API Gateway HTTP API (payload 2.0) event: what the handler kit and the `$default` fallback read. */
function apiEvent(routeKey: string, method: string, path: string) {
  return {
    version: '2.0',
    routeKey,
    rawPath: path,
    rawQueryString: '',
    headers: {},
    isBase64Encoded: false,
    requestContext: { requestId: 'bundling-test', routeKey, http: { method, path } },
  };
}

/** Runs the bundled handler in a plain Node process, outside Jest's module system, as Lambda would. */
function invoke(bundle: string, event: ReturnType<typeof apiEvent>): HttpResult {
  const script = [
    `const { handler } = await import(${JSON.stringify(pathToFileURL(bundle).href)});`,
    "const context = { functionName: 'public', awsRequestId: 'bundling-test', getRemainingTimeInMillis: () => 10000 };",
    `console.log(JSON.stringify(await handler(${JSON.stringify(event)}, context)));`,
  ].join('\n');
  const output = execFileSync(process.execPath, ['--input-type=module', '--eval', script]).toString();
  // The handler's own log lines come first; the result is the last line.
  return JSON.parse(output.trim().split('\n').at(-1) ?? '');
}

describe('bundling with the local esbuild', () => {
  const bundles = bundleGroups();

  test.each(BUNDLED_GROUPS)('%s builds a minified ESM bundle with its source map and the createRequire banner', (group) => {
    expect(existsSync(`${bundles[group]}.map`)).toBe(true);
    expect(readFileSync(bundles[group], 'utf8')).toMatch(
      /^import \{ createRequire \} from 'module'; const require = createRequire\(import\.meta\.url\);/,
    );
  });

  test('the bundled public handler answers GET /health with 200 ok', () => {
    // Act
    const result = invoke(bundles.public, apiEvent('GET /health', 'GET', '/health'));

    // Assess
    expect(result).toMatchObject({ statusCode: 200, headers: { 'content-type': 'application/json' } });
    expect(JSON.parse(String(result.body))).toEqual({ status: 'ok' });
  });

  test('the bundled public handler answers an unknown path through $default with a problem+json 404', () => {
    // Act
    const result = invoke(bundles.public, apiEvent('$default', 'GET', '/nope'));

    // Assess
    expect(result).toMatchObject({ statusCode: 404, headers: { 'content-type': 'application/problem+json' } });
    expect(JSON.parse(String(result.body))).toMatchObject({ status: 404 });
  });

  test('the bundled public handler answers a known path with the wrong method through $default with a 405 naming the allowed one', () => {
    // Act
    const result = invoke(bundles.public, apiEvent('$default', 'DELETE', '/health'));

    // Assess
    expect(result).toMatchObject({ statusCode: 405, headers: { 'content-type': 'application/problem+json', allow: 'GET' } });
  });
});
