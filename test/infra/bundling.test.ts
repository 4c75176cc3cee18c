// The one test file that really bundles: proves NodejsFunction finds the local esbuild (no Docker here), that
// the route table's entries and the notifier build, and that an ESM bundle, with the createRequire banner, loads and answers on Node.
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { App, type CfnElement, Stack } from 'aws-cdk-lib';
import { LOCAL_DLT_TEMPLATE_IDS } from '../../functions/domain/sms/templates.js';
import { API_DOCUMENT_FILE } from '../../functions/http/api-document.js';
import type { HttpResult } from '../../functions/http/kit/http-handler.js';
import { openApiDocument } from '../../functions/http/openapi.js';
import { matchRoute } from '../../functions/http/route-matching.js';
import { ROUTE, ROUTE_GROUPS, ROUTES } from '../../functions/http/routes.js';
import { SurakshaFunction, type SurakshaFunctionProps } from '../../lib/suraksha-function.js';
import { required } from '../support/required.js';
import { synthesizeStack } from './stack-fixture.js';

/** The props the stack builds a function of its own from (the public one has its OpenAPI document beside it). */
function stackProps(entry: string): SurakshaFunctionProps {
  const { stack } = synthesizeStack();
  const fn = stack.node.findAll().find((construct) => construct instanceof SurakshaFunction && construct.entry === entry);
  if (!(fn instanceof SurakshaFunction)) throw new Error(`the stack has no function for ${entry}`);
  return fn.props;
}

// Three of the stack's functions, because bundling is the slow part: the public one as the stack builds
// it, invoked below, one that reads the table, to prove the DynamoDB side builds (running it would need
// DynamoDB), and the notifier, the one with SNS and Powertools batch inside, loaded below with a batch it
// has nothing to do for.
const BUNDLED_PROPS = {
  public: stackProps(ROUTE_GROUPS.public.entry),
  'incidents-read': { entry: ROUTE_GROUPS['incidents-read'].entry },
  notifier: { entry: 'functions/stream/notifier.ts' },
} as const satisfies Record<string, SurakshaFunctionProps>;
type Bundled = keyof typeof BUNDLED_PROPS;
const BUNDLED = Object.keys(BUNDLED_PROPS) as Bundled[];

function bundleAll(): Record<Bundled, string> {
  // Prepare: asset metadata, as the CDK CLI turns it on, says which directory holds each bundle.
  const app = new App({ context: { 'aws:cdk:enable-asset-metadata': true } });
  const stack = new Stack(app, 'Bundling');
  const functions = BUNDLED.map((name) => [name, new SurakshaFunction(stack, name, BUNDLED_PROPS[name])] as const);

  // Act
  const assembly = app.synth();

  const resources = assembly.getStackByName(stack.stackName).template.Resources;
  const bundleOf = (fn: SurakshaFunction) => {
    const logicalId = stack.getLogicalId(fn.node.defaultChild as CfnElement);
    return join(assembly.directory, resources[logicalId].Metadata['aws:asset:path'], 'index.mjs');
  };
  return Object.fromEntries(functions.map(([name, fn]) => [name, bundleOf(fn)])) as Record<Bundled, string>;
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

/** A DynamoDB stream batch with one change the notifier ignores: a village, not an incident. */
const VILLAGE_INSERT = {
  Records: [
    {
      eventID: '1',
      eventName: 'INSERT',
      eventSource: 'aws:dynamodb',
      awsRegion: 'ap-south-1',
      dynamodb: { SequenceNumber: '100', NewImage: { itemType: { S: 'village' } }, StreamViewType: 'NEW_AND_OLD_IMAGES' },
    },
  ],
};

/** What notifier.ts reads at load; fake, and never used for a village. */
const NOTIFIER_ENVIRONMENT = {
  AWS_REGION: 'ap-south-1',
  TABLE_NAME: 'bundling-test',
  CURSOR_SECRET: 'bundling-test-cursor-key',
  SMS_SENDER_ID: 'SRKSHA',
  DLT_ENTITY_ID: '1001000000000000001',
  DLT_TEMPLATE_IDS: JSON.stringify(LOCAL_DLT_TEMPLATE_IDS),
  ACK_BASE_URL: 'https://a.example.org',
};

/** Runs the bundled handler on each event in turn in a plain Node process, outside Jest's module system, as Lambda would. */
function invokeAll<Result = HttpResult>(bundle: string, events: object[], environment: Record<string, string> = {}): Result[] {
  const script = [
    `const { handler } = await import(${JSON.stringify(pathToFileURL(bundle).href)});`,
    "const context = { functionName: 'bundled', awsRequestId: 'bundling-test', getRemainingTimeInMillis: () => 10000 };",
    'const results = [];',
    `for (const event of ${JSON.stringify(events)}) results.push(await handler(event, context));`,
    'console.log(JSON.stringify(results));',
  ].join('\n');
  const output = execFileSync(process.execPath, ['--input-type=module', '--eval', script], {
    env: { ...process.env, ...environment },
  }).toString();
  // The handler's own log lines come first; the results are the last line.
  return JSON.parse(output.trim().split('\n').at(-1) ?? '');
}

const invoke = <Result = HttpResult>(bundle: string, event: object, environment: Record<string, string> = {}): Result =>
  required(invokeAll<Result>(bundle, [event], environment)[0], 'the result');

describe('bundling with the local esbuild', () => {
  const bundles = bundleAll();

  test.each(BUNDLED)('%s builds a minified ESM bundle without a source map, with the createRequire banner', (name) => {
    // No source map: it would cost every cold start, and no log line carries a stack to map.
    expect(existsSync(`${bundles[name]}.map`)).toBe(false);
    expect(readFileSync(bundles[name], 'utf8')).toMatch(
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
    expect(result).toMatchObject({ statusCode: 405, headers: { 'content-type': 'application/problem+json', allow: 'GET, HEAD' } });
  });

  test('the bundled public handler serves the OpenAPI document written beside it, and holds neither zod nor the route table', () => {
    // Act
    const [document, head] = invokeAll(bundles.public, [
      apiEvent('GET /openapi.json', 'GET', '/openapi.json'),
      apiEvent('HEAD /openapi.json', 'HEAD', '/openapi.json'),
    ]);

    // Assess
    expect(document).toMatchObject({ statusCode: 200, headers: { 'content-type': 'application/json' } });
    expect(JSON.parse(String(document?.body))).toEqual(openApiDocument());
    expect(head).toMatchObject({ statusCode: 200, body: '' });
    expect(existsSync(join(dirname(bundles.public), API_DOCUMENT_FILE))).toBe(true);
    const bundled = readFileSync(bundles.public, 'utf8');
    expect(bundled).not.toContain(ROUTE.health.summary);
    expect(bundled).not.toContain('ZodMini');
  });

  test('the bundled public handler reads the document again after a failed read: one I/O error is not a 500 for as long as the container lives', () => {
    // Prepare: a copy of the bundle whose document is away for the first requests.
    const directory = mkdtempSync(join(tmpdir(), 'suraksha-public-bundle-'));
    cpSync(dirname(bundles.public), directory, { recursive: true });
    const file = join(directory, API_DOCUMENT_FILE);
    const script = [
      "import { renameSync } from 'node:fs';",
      `const { handler } = await import(${JSON.stringify(pathToFileURL(join(directory, 'index.mjs')).href)});`,
      "const context = { functionName: 'bundled', awsRequestId: 'bundling-test', getRemainingTimeInMillis: () => 10000 };",
      `const ask = async (routeKey, method, path) => (await handler(${apiEvent.toString()}(routeKey, method, path), context)).statusCode;`,
      `renameSync(${JSON.stringify(file)}, ${JSON.stringify(`${file}.away`)});`,
      "const away = [await ask('GET /openapi.json', 'GET', '/openapi.json'), await ask('$default', 'DELETE', '/incidents')];",
      `renameSync(${JSON.stringify(`${file}.away`)}, ${JSON.stringify(file)});`,
      "const back = [await ask('GET /openapi.json', 'GET', '/openapi.json'), await ask('$default', 'DELETE', '/incidents')];",
      'console.log(JSON.stringify({ away, back }));',
    ].join('\n');

    // Act
    const output = execFileSync(process.execPath, ['--input-type=module', '--eval', script]).toString();

    // Assess
    expect(JSON.parse(output.trim().split('\n').at(-1) ?? '')).toEqual({ away: [500, 500], back: [200, 405] });
    rmSync(directory, { recursive: true, force: true });
  });

  test('the bundled public handler answers $default from the document as the route table would, at every path', () => {
    // Prepare: each path of the table with its parameters filled, asked with a method no route takes, and a path beyond it.
    const paths = [...new Set(ROUTES.map((route) => route.path.replace(/\{\w+\}/g, 'x1')))];
    const asked = paths.flatMap((path) => [
      { method: 'OPTIONS', path },
      { method: 'DELETE', path },
      { method: 'GET', path: `${path}/nope` },
    ]);

    // Act
    const results = invokeAll(
      bundles.public,
      asked.map(({ method, path }) => apiEvent('$default', method, path)),
    );

    // Assess: the status and Allow the table gives (a route the method does take is not $default's to answer).
    results.forEach((result, index) => {
      const { method, path } = required(asked[index], 'the request');
      const match = matchRoute(method, path);
      if (match.kind === 'route') return;
      expect({ method, path, status: result.statusCode, allow: result.headers?.allow }).toEqual({
        method,
        path,
        status: match.kind === 'wrong-method' ? 405 : 404,
        allow: match.kind === 'wrong-method' ? match.allowed.join(', ') : undefined,
      });
    });
  });

  test('the bundled notifier loads with its environment and reports no failure for a batch with no incident', () => {
    // Act
    const result = invoke(bundles.notifier, VILLAGE_INSERT, NOTIFIER_ENVIRONMENT);

    // Assess
    expect(result).toEqual({ batchItemFailures: [] });
  });
});
