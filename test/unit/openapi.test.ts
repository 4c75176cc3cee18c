// The served OpenAPI document: valid OpenAPI 3.1, one operation per route of the table, and
// schemas that accept and refuse what the handlers accept and refuse.
import { Validator } from '@seriousme/openapi-schema-validator';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { problemResponse, problems } from '../../functions/http/kit/problem.js';
import { type OperationObject, openApiDocument, type PathItemObject } from '../../functions/http/openapi.js';
import { handler } from '../../functions/http/public.js';
import { ACK_NOTE_MAX_LENGTH, ROUTE, ROUTE_GROUPS, ROUTES, type RouteSpec, routeKey } from '../../functions/http/routes.js';
import { anIncident } from '../support/fixtures.js';
import { lambdaContext } from '../support/lambda.js';

const document = openApiDocument();

const METHODS = ['get', 'head', 'put', 'post', 'patch', 'delete', 'options', 'trace'] as const;
/** Every operation of the document, with its method and path. */
const operations = Object.entries(document.paths).flatMap(([path, item]) =>
  METHODS.flatMap((method) => {
    const operation = item[method as keyof PathItemObject];
    return operation && typeof operation === 'object' ? [{ path, method, operation }] : [];
  }),
);

function operationOf(route: { method: RouteSpec['method'] | 'HEAD'; path: string }): OperationObject {
  const operation = document.paths[route.path]?.[route.method.toLowerCase() as 'get'];
  if (!operation) throw new Error(`no operation for ${route.method} ${route.path}`);
  return operation;
}

const parametersIn = (operation: OperationObject, place: 'path' | 'query' | 'header') =>
  operation.parameters.filter((parameter) => parameter.in === place);

/** Every `$ref` anywhere in the document, with where it sits. */
function refsIn(value: unknown, at = '#'): { at: string; ref: string }[] {
  if (Array.isArray(value)) return value.flatMap((item, index) => refsIn(item, `${at}/${index}`));
  if (value === null || typeof value !== 'object') return [];
  return Object.entries(value).flatMap(([key, item]) =>
    key === '$ref' && typeof item === 'string' ? [{ at, ref: item }] : refsIn(item, `${at}/${key}`),
  );
}

function resolvePointer(pointer: string): unknown {
  return pointer
    .slice(2)
    .split('/')
    .map((token) => decodeURIComponent(token).replaceAll('~1', '/').replaceAll('~0', '~'))
    .reduce<unknown>((node, token) => (node && typeof node === 'object' ? (node as Record<string, unknown>)[token] : undefined), document);
}

/** A JSON Schema validator over the document's components, so `#/components/...` refs resolve as in the document. */
const DOCUMENT_ID = 'https://suraksha.invalid/openapi.json';
const ajv = new Ajv2020({ strict: false, validateFormats: false, allErrors: true });
ajv.addSchema({ $id: DOCUMENT_ID, components: document.components });
function componentValidator(name: string) {
  const validate = ajv.getSchema(`${DOCUMENT_ID}#/components/schemas/${name}`);
  if (!validate) throw new Error(`no schema component ${name}`);
  return validate;
}

/** API.md's example body, as the route table carries it. */
const incidentReport = ROUTE.reportIncident.example.body;

describe('the OpenAPI document', () => {
  it('is valid OpenAPI 3.1', async () => {
    const result = await new Validator().validate(document as unknown as Record<string, unknown>);
    expect(result.errors).toBeUndefined();
    expect(result.valid).toBe(true);
    expect(document.openapi).toBe('3.1.0');
    expect(document.info.title).toBe('Suraksha');
  });

  it('names where clients find it (the local stack and a deployed one), its licence, and a tag per route group', () => {
    // Assess
    expect(document.servers.map((server) => server.url)).toEqual([
      'http://127.0.0.1:3000',
      'https://{apiId}.execute-api.ap-south-1.amazonaws.com',
    ]);
    expect(document.info.license).toEqual({ name: 'Proprietary' });
    expect(document.tags.map((tag) => tag.name)).toEqual(Object.keys(ROUTE_GROUPS));
    for (const route of ROUTES) expect(operationOf(route).tags).toEqual([route.group]);
  });

  it('is built once', () => {
    expect(openApiDocument()).toBe(document);
  });

  it('has every schema in it valid JSON Schema 2020-12', () => {
    const schemas = [
      ...Object.values(document.components.schemas),
      ...operations.flatMap(({ operation }) => operation.parameters.map((parameter) => parameter.schema)),
    ];
    for (const schema of schemas) expect({ schema, valid: ajv.validateSchema(schema) }).toEqual({ schema, valid: true });
  });

  it('has no dangling $ref', () => {
    const refs = refsIn(document);
    expect(refs.length).toBeGreaterThan(0);
    expect(refs.filter(({ ref }) => !ref.startsWith('#/') || resolvePointer(ref) === undefined)).toEqual([]);
  });

  it('has one operation per route of the table and a HEAD beside each GET, and nothing else', () => {
    for (const route of ROUTES) expect(operationOf(route).summary).toBe(route.summary);
    const gets = ROUTES.filter((route) => route.method === 'GET');
    expect(operations).toHaveLength(ROUTES.length + gets.length);
    expect(operations.filter(({ method }) => method === 'head').map(({ path }) => path)).toEqual(gets.map((route) => route.path));
    expect(new Set(operations.map(({ operation }) => operation.operationId)).size).toBe(operations.length);
  });

  it('answers HEAD as the GET: the same parameters, statuses and headers, and never a body', () => {
    for (const route of ROUTES.filter((candidate) => candidate.method === 'GET')) {
      const get = operationOf(route);
      const head = operationOf({ method: 'HEAD', path: route.path });
      expect(head.operationId).toBe(get.operationId.replace(/^get/, 'head'));
      expect(head).toMatchObject({ tags: get.tags, security: get.security, parameters: get.parameters });
      expect(Object.keys(head.responses)).toEqual(Object.keys(get.responses));
      for (const [status, response] of Object.entries(head.responses)) {
        expect([status, response]).toEqual([status, expect.not.objectContaining({ content: expect.anything() })]);
        expect([status, response]).toEqual([status, expect.not.objectContaining({ $ref: expect.anything() })]);
      }
      const success = head.responses[route.success.status];
      expect(success && 'headers' in success ? Object.keys(success.headers ?? {}) : []).toEqual(route.success.etag ? ['ETag'] : []);
    }
  });

  it.each(ROUTES.map((route) => [routeKey(route), route] as const))(
    '%s declares exactly the path parameters of its path',
    (_key, route) => {
      const templateNames = [...route.path.matchAll(/\{(\w+)\}/g)].map((found) => found[1]).sort();
      const parameters = parametersIn(operationOf(route), 'path');
      expect(parameters.map((parameter) => parameter.name).sort()).toEqual(templateNames);
      expect(Object.keys(route.params ?? {}).sort()).toEqual(templateNames);
      for (const parameter of parameters) {
        expect(parameter.required).toBe(true);
        // Bounded either way: a pattern, or the list of values (a legal duty's id).
        const schema = parameter.schema as { pattern?: string; enum?: string[] };
        expect(schema.pattern ?? schema.enum).toBeDefined();
      }
    },
  );

  it('asks for the bearer token on every route but those anyone may call, and names the roles', () => {
    expect(document.components.securitySchemes.cognitoIdToken).toMatchObject({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' });
    for (const route of ROUTES) {
      const operation = operationOf(route);
      if ('anyone' in route.access) {
        expect(operation.security).toEqual([]);
        expect(operation['x-roles']).toBeUndefined();
        expect(Object.keys(operation.responses)).not.toEqual(expect.arrayContaining(['401']));
      } else {
        expect(operation.security).toEqual([{ cognitoIdToken: [] }]);
        expect(operation['x-roles']).toEqual(route.access.roles);
        expect(Object.keys(operation.responses)).toEqual(expect.arrayContaining(['401', '403']));
      }
    }
  });

  it('takes one query parameter per key of the query schema, required only when it has no default', () => {
    const parameters = parametersIn(operationOf({ method: 'GET', path: '/incidents' }), 'query');
    expect(parameters.map(({ name, required }) => [name, required])).toEqual(
      ['limit', 'cursor', 'villageId', 'status', 'category', 'from', 'to'].map((name) => [name, false]),
    );
    expect(parameters.find(({ name }) => name === 'status')?.schema.enum).toContain('in_action');
  });

  it('documents the Idempotency-Key, If-Match and ETag headers where the route uses them', () => {
    for (const route of ROUTES) {
      const operation = operationOf(route);
      const headers = Object.fromEntries(parametersIn(operation, 'header').map((header) => [header.name, header.required]));
      expect(headers['Idempotency-Key']).toBe(route.idempotent ? false : undefined);
      expect(headers['If-Match']).toBe(route.ifMatch === undefined ? undefined : route.ifMatch === 'required');
      const success = operation.responses[route.success.status];
      const redirect = route.success.status >= 300 && route.success.status < 400;
      expect(success && 'headers' in success ? Object.keys(success.headers ?? {}) : []).toEqual(
        route.success.etag ? ['ETag'] : redirect ? ['Location'] : [],
      );
    }
    const idempotencyKey = parametersIn(operationOf({ method: 'POST', path: '/incidents' }), 'header')[0];
    const keyPattern = new RegExp(String(idempotencyKey?.schema.pattern));
    expect(['abcd-1234', 'x'.repeat(128)].every((key) => keyPattern.test(key))).toBe(true);
    expect(['short', 'x'.repeat(129), 'has space'].some((key) => keyPattern.test(key))).toBe(false);
  });

  it('lists the problems each route can answer, as problem+json', () => {
    const statuses = (method: RouteSpec['method'], path: string) => Object.keys(operationOf({ method, path }).responses);
    expect(statuses('POST', '/incidents/{id}/transitions')).toEqual([
      '200',
      '400',
      '401',
      '403',
      '404',
      '409',
      '412',
      '413',
      '415',
      '428',
      '500',
      '503',
    ]);
    expect(statuses('PATCH', '/contacts/{id}')).toEqual(['200', '400', '401', '403', '404', '412', '413', '415', '500', '503']);
    expect(statuses('POST', '/incidents')).toEqual(['201', '400', '401', '403', '404', '409', '413', '415', '500', '503']);
    expect(statuses('GET', '/incidents')).toEqual(['200', '400', '401', '403', '404', '500', '503']);
    // Constants: no input to refuse, no record to miss, no database to wait for.
    expect(statuses('GET', '/health')).toEqual(['200', '500']);
    const { PageNotFound: _notFound, PageGone: _gone, ...problemResponses } = document.components.responses;
    for (const response of Object.values(problemResponses)) {
      expect(response.content).toEqual({ 'application/problem+json': { schema: { $ref: '#/components/schemas/ProblemDetails' } } });
    }
    expect(document.components.responses['503']?.headers?.['Retry-After']?.required).toBe(true);
  });

  it("answers the acknowledgement pages' 404 and 410 as HTML pages, never as problem+json", () => {
    const pages = ROUTES.filter((route) => route.path.startsWith('/a/'));
    expect(pages.map(routeKey)).toEqual(['GET /a/{token}', 'POST /a/{token}', 'GET /a/{token}/status']);
    for (const route of pages) {
      for (const method of route.method === 'GET' ? (['GET', 'HEAD'] as const) : [route.method]) {
        const { responses } = operationOf({ method, path: route.path });
        expect([method, Object.keys(responses)]).toEqual([method, [String(route.success.status), '404', '410', '500', '503']]);
        if (method !== 'HEAD') {
          expect(responses['404']).toEqual({ $ref: '#/components/responses/PageNotFound' });
          expect(responses['410']).toEqual({ $ref: '#/components/responses/PageGone' });
        }
      }
    }
    for (const name of ['PageNotFound', 'PageGone']) {
      expect(Object.keys(document.components.responses[name]?.content ?? {})).toEqual(['text/html']);
    }
  });

  it('takes an optional form-encoded note on POST /a/{token}, as long as the page keeps one', () => {
    const { requestBody } = operationOf({ method: 'POST', path: '/a/{token}' });
    expect(requestBody?.required).toBe(false);
    expect(Object.keys(requestBody?.content ?? {})).toEqual(['application/x-www-form-urlencoded']);
    const schema = requestBody?.content['application/x-www-form-urlencoded']?.schema as { $ref?: string } | undefined;
    const ref = String(schema?.$ref);
    expect(resolvePointer(ref)).toMatchObject({ type: 'object', properties: { note: { type: 'string', maxLength: ACK_NOTE_MAX_LENGTH } } });
    expect(resolvePointer(ref)).not.toHaveProperty('required');
    // A 303 is all it answers on success: where to go, and no body.
    expect(operationOf({ method: 'POST', path: '/a/{token}' }).responses['303']).toEqual({
      description: expect.any(String),
      headers: { Location: expect.objectContaining({ required: true }) },
    });
  });

  it('documents the 405 with Allow that the $default route answers for a method a path does not take', async () => {
    expect(document.components.responses['405']).toMatchObject({
      headers: { Allow: { required: true } },
      content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/ProblemDetails' } } },
    });
    for (const [path, item] of Object.entries(document.paths)) {
      const concrete = path.replace(/\{(\w+)\}/g, (_whole, name: string) => encodeURIComponent(exampleParam(path, name)));
      // No route takes OPTIONS (DELETE lifts a legal hold), so every path answers it 405.
      const answer = await handler(unmatchedEvent('OPTIONS', concrete), lambdaContext());
      expect([path, answer.statusCode]).toEqual([path, 405]);
      expect(item.description).toBe(`Any other method answers 405 (components/responses/405) with Allow: ${answer.headers?.allow}.`);
      const served = METHODS.filter((method) => item[method as keyof PathItemObject] !== undefined).map((method) => method.toUpperCase());
      expect(String(answer.headers?.allow).split(', ').sort()).toEqual(served.sort());
    }
  });

  it('describes the problem bodies the API actually sends', () => {
    const validate = componentValidator('ProblemDetails');
    const sent = [problems.validation([{ path: 'child.ageBand', message: 'invalid' }]), problems.ifMatchRequired(), problems.internal()];
    for (const problem of sent) expect(validate(JSON.parse(problemResponse(problem).body ?? ''))).toBe(true);
  });

  it('answers PUT /villages/{villageId} with 201 when it creates and 200 when it replaces, both a village with any coverage warnings', () => {
    const { responses } = operationOf({ method: 'PUT', path: '/villages/{villageId}' });
    const refs = ['200', '201'].map((status) => {
      const ref = (responses[status] as { content?: { 'application/json'?: { schema?: { $ref?: string } } } } | undefined)?.content?.[
        'application/json'
      ]?.schema?.$ref;
      expect(ref).toMatch(/^#\/components\/schemas\//);
      return ref ?? '';
    });
    expect(refs[1]).toBe(refs[0]);
    const validate = componentValidator((refs[0] ?? '').replace('#/components/schemas/', ''));
    const village = ROUTE.putVillage.example.success;
    const warning = { villageId: village.id, kind: 'cmpo', categories: ['child_marriage'], message: 'No active, reachable cmpo contact' };
    expect(validate(village)).toBe(true);
    expect(validate({ ...village, warnings: [warning] })).toBe(true);
    expect(validate({ name: 'Hingalganj' })).toBe(false);
  });

  it('takes the incident body as API.md shows it and refuses unknown fields, as the handler does', () => {
    const operation = operationOf({ method: 'POST', path: '/incidents' });
    expect(operation.requestBody?.content['application/json']?.schema).toEqual({ $ref: '#/components/schemas/IncidentReport' });
    const validate = componentValidator('IncidentReport');
    const { severity: _severity, occurredAt: _occurredAt, medicalCareNeeded: _medical, ...minimal } = incidentReport;
    expect(validate(incidentReport)).toBe(true);
    expect(validate(minimal)).toBe(true); // defaulted fields are optional on the request side
    expect(validate({ ...incidentReport, reporterPhone: '+919812345678' })).toBe(false);
    expect(validate({ ...incidentReport, child: { ...incidentReport.child, caste: 'x' } })).toBe(false);
    expect(validate({ ...incidentReport, child: { ageBand: '18-21', gender: 'girl' } })).toBe(false);
  });

  it('refuses unknown fields in every request body', () => {
    for (const route of ROUTES.filter((candidate) => candidate.body)) {
      const ref = operationOf(route).requestBody?.content['application/json']?.schema.$ref ?? '';
      expect([routeKey(route), resolvePointer(ref)]).toEqual([routeKey(route), expect.objectContaining({ additionalProperties: false })]);
    }
  });

  it('describes a stored incident as the output side of its schema', () => {
    const validate = componentValidator('IncidentView');
    expect(validate(anIncident())).toBe(true);
    const { medicalCareNeeded: _medical, ...withoutDefaulted } = anIncident();
    expect(validate(withoutDefaulted)).toBe(false); // defaulted fields are always present in a response
  });
});

describe('the examples', () => {
  /** Every example in the document, where it sits and the schema there. */
  const examples = operations.flatMap(({ path, method, operation }) => {
    const at = `${method.toUpperCase()} ${path}`;
    const media = (where: string, content: Record<string, { schema: object; example?: unknown }> = {}) =>
      Object.entries(content).flatMap(([type, { schema, example }]) =>
        example === undefined ? [] : [{ at: `${at} ${where} ${type}`, schema, example }],
      );
    return [
      ...operation.parameters.flatMap((parameter) =>
        parameter.example === undefined ? [] : [{ at: `${at} {${parameter.name}}`, schema: parameter.schema, example: parameter.example }],
      ),
      ...media('request', operation.requestBody?.content),
      ...Object.entries(operation.responses).flatMap(([status, response]) =>
        'content' in response ? media(status, response.content as Record<string, { schema: object }>) : [],
      ),
    ];
  });

  /** A validator for a schema as it sits in the document: `$ref`s resolve against its components. */
  function validatorOf(schema: object) {
    const ref = (schema as { $ref?: string }).$ref;
    return ref ? componentValidator(ref.replace('#/components/schemas/', '')) : ajv.compile(schema);
  }

  it('name every path parameter, every request body and the success of every route that answers a record', () => {
    const missing = ROUTES.flatMap((route) => {
      const example = route.example;
      return [
        ...Object.keys(route.params ?? {})
          .filter((name) => example?.params?.[name] === undefined)
          .map((name) => `${routeKey(route)} {${name}}`),
        ...(route.body && example?.body === undefined ? [`${routeKey(route)} body`] : []),
        ...(route.form && example?.form === undefined ? [`${routeKey(route)} form`] : []),
        ...(example?.success === undefined ? [`${routeKey(route)} success`] : []),
      ];
    });
    // Pages, a redirect, this document, and answers too long to be worth writing out by hand.
    expect(missing).toEqual([
      'GET /openapi.json success',
      'GET /villages/{villageId}/coverage success',
      'GET /a/{token} success',
      'POST /a/{token} success',
      'GET /a/{token}/status success',
      'GET /incidents/{id}/export success',
      'GET /children/{childRef}/export success',
      'GET /privacy success',
      'GET /metrics/weekly/{isoWeek} success',
    ]);
    expect(examples.length).toBeGreaterThan(40);
  });

  it('are each valid against the schema the document gives it', () => {
    const invalid = examples.flatMap(({ at, schema, example }) => {
      const validate = validatorOf(schema);
      return validate(example) ? [] : [{ at, errors: validate.errors }];
    });
    expect(invalid).toEqual([]);
  });

  it.each(ROUTES.filter((route) => route.example).map((route) => [routeKey(route), route] as const))(
    '%s: each is valid against the schema the handler reads or answers with',
    (_key, route) => {
      const { params = {}, body, form, success } = route.example ?? {};
      const issues = (
        schema: { safeParse(value: unknown): { success: boolean; error?: { issues: unknown[] } } } | undefined,
        value: unknown,
      ) => (value === undefined ? [] : (schema?.safeParse(value).error?.issues ?? (schema ? [] : ['no schema'])));
      expect({
        params: Object.entries(params).flatMap(([name, value]) => issues(route.params?.[name], value)),
        body: issues(route.body, body),
        form: issues(route.form, form),
        success: issues(route.success.schema, success),
      }).toEqual({ params: [], body: [], form: [], success: [] });
    },
  );

  it('are the bodies the document shows, in the media type the route takes', () => {
    for (const route of ROUTES.filter((candidate) => candidate.example?.body !== undefined)) {
      expect(operationOf(route).requestBody?.content['application/json']?.example).toEqual(route.example?.body);
    }
    expect(operationOf(ROUTE.confirmAckLink).requestBody?.content['application/x-www-form-urlencoded']?.example).toEqual(
      ROUTE.confirmAckLink.example.form,
    );
  });
});

/** A path parameter's example, from any route of the path. */
function exampleParam(path: string, name: string): string {
  const example = ROUTES.find((route) => route.path === path && route.example?.params?.[name])?.example?.params?.[name];
  if (!example) throw new Error(`${path}: no example for {${name}}`);
  return example;
}

/** An event as API Gateway sends the `$default` route a request that no route matches. */
function unmatchedEvent(method: string, path: string): Parameters<typeof handler>[0] {
  return {
    version: '2.0',
    routeKey: '$default',
    rawPath: path,
    rawQueryString: '',
    headers: {},
    requestContext: { requestId: 'r1', http: { method, path } },
    isBase64Encoded: false,
  } as unknown as Parameters<typeof handler>[0];
}

describe('GET /openapi.json', () => {
  it('serves the document without a token', async () => {
    const event = {
      version: '2.0',
      routeKey: 'GET /openapi.json',
      rawPath: '/openapi.json',
      rawQueryString: '',
      headers: {},
      requestContext: { requestId: 'r1', http: { method: 'GET', path: '/openapi.json' } },
      isBase64Encoded: false,
    } as unknown as Parameters<typeof handler>[0];
    const response = await handler(event, lambdaContext());
    expect(response.statusCode).toBe(200);
    expect(response.headers?.['content-type']).toBe('application/json');
    const served = JSON.parse(response.body ?? '{}') as { openapi?: string };
    expect(served.openapi).toBe('3.1.0');
    expect(served).toEqual(JSON.parse(JSON.stringify(document)));
  });
});
