// The served OpenAPI document: valid OpenAPI 3.1, one operation per route of the table, and
// schemas that accept and refuse what the handlers accept and refuse.
import { Validator } from '@seriousme/openapi-schema-validator';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { problemResponse, problems } from '../../functions/http/kit/problem.js';
import { type OperationObject, openApiDocument } from '../../functions/http/openapi.js';
import { handler } from '../../functions/http/public.js';
import { ROUTE_GROUPS, ROUTES, type RouteSpec, routeKey } from '../../functions/http/routes.js';
import { anIncident } from '../support/fixtures.js';
import { lambdaContext } from '../support/lambda.js';

const document = openApiDocument();

function operationOf(route: Pick<RouteSpec, 'method' | 'path'>): OperationObject {
  const operation = document.paths[route.path]?.[route.method.toLowerCase() as 'get'];
  if (!operation) throw new Error(`no operation for ${routeKey(route)}`);
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

const incidentReport = {
  villageId: 'v-hingalganj-1',
  category: 'child_marriage',
  severity: 'high',
  occurredAt: '2026-11-28T18:00:00.000Z',
  expectedBy: '2026-12-02T06:00:00.000Z',
  child: { ageBand: '15-17', gender: 'girl', name: 'Asha' },
  description: 'free text, 1 to 2000 characters, never sent by SMS',
  location: 'near the school',
  medicalCareNeeded: false,
  confidential: false,
};

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
      ...Object.values(document.paths).flatMap((item) =>
        Object.values(item).flatMap((operation) => operation.parameters.map((p) => p.schema)),
      ),
    ];
    for (const schema of schemas) expect({ schema, valid: ajv.validateSchema(schema) }).toEqual({ schema, valid: true });
  });

  it('has no dangling $ref', () => {
    const refs = refsIn(document);
    expect(refs.length).toBeGreaterThan(0);
    expect(refs.filter(({ ref }) => !ref.startsWith('#/') || resolvePointer(ref) === undefined)).toEqual([]);
  });

  it('has one operation per route of the table, and nothing else', () => {
    for (const route of ROUTES) expect(operationOf(route).summary).toBe(route.summary);
    const operations = Object.values(document.paths).flatMap((item) => Object.values(item));
    expect(operations).toHaveLength(ROUTES.length);
    expect(new Set(operations.map((operation) => operation.operationId)).size).toBe(ROUTES.length);
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
      expect(success && 'headers' in success ? Object.keys(success.headers ?? {}) : []).toEqual(route.success.etag ? ['ETag'] : []);
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
    ]);
    expect(statuses('PATCH', '/contacts/{id}')).toEqual(['200', '400', '401', '403', '404', '412', '413', '415', '500']);
    expect(statuses('POST', '/incidents')).toEqual(['201', '400', '401', '403', '404', '409', '413', '415', '500']);
    expect(statuses('GET', '/incidents')).toEqual(['200', '400', '401', '403', '404', '500']);
    expect(statuses('GET', '/health')).toEqual(['200', '400', '404', '500']);
    for (const response of Object.values(document.components.responses)) {
      expect(response.content).toEqual({ 'application/problem+json': { schema: { $ref: '#/components/schemas/ProblemDetails' } } });
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
    const village = {
      id: 'v-hingalganj-1',
      name: 'Hingalganj',
      block: 'Hingalganj',
      district: 'North 24 Parganas',
      createdAt: '2026-11-01T00:00:00.000Z',
      updatedAt: '2026-11-01T00:00:00.000Z',
    };
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
