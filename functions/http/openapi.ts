// The OpenAPI 3.1 document of this API, built from the route table and the same zod schemas the
// handlers validate with, so the published contract cannot drift from what the code enforces.
import * as domainSchemas from '../domain/schemas.js';
import type { Role } from '../domain/vocabulary.js';
import * as z from '../domain/zod.js';
import { IDEMPOTENCY_KEY } from './kit/request.js';
import { matchRoute } from './route-matching.js';
import { type HttpMethodName, ROUTE_GROUPS, ROUTES, type RouteGroup, type RouteSpec, routeKey } from './routes.js';

export const API_VERSION = '0.1.0';

type SchemaObject = z.core.JSONSchema.BaseSchema;
type Reference = { $ref: string };

interface ParameterObject {
  name: string;
  in: 'path' | 'query' | 'header';
  required: boolean;
  description?: string;
  schema: SchemaObject;
  example?: unknown;
}

interface MediaTypeObject {
  schema: SchemaObject | Reference;
  example?: unknown;
}

interface HeaderObject {
  description: string;
  required?: boolean;
  schema: SchemaObject;
}

interface ResponseObject {
  description: string;
  headers?: Record<string, HeaderObject>;
  /** Absent when the response has no body: a redirect, and every answer to HEAD. */
  content?: Record<string, MediaTypeObject>;
}

export interface OperationObject {
  operationId: string;
  /** The route group: the Lambda that serves it. */
  tags: string[];
  summary: string;
  description?: string;
  /** `[]` on the routes anyone may call; the bearer scheme everywhere else. */
  security: Record<string, string[]>[];
  'x-roles'?: readonly Role[];
  parameters: ParameterObject[];
  requestBody?: { required: boolean; content: Record<string, MediaTypeObject> };
  responses: Record<string, ResponseObject | Reference>;
}

type OperationMethod = Lowercase<HttpMethodName> | 'head';
export type PathItemObject = { description: string } & Partial<Record<OperationMethod, OperationObject>>;

export interface OpenApiDocument {
  openapi: '3.1.0';
  info: { title: string; version: string; description: string; license: { name: string } };
  servers: { url: string; description: string; variables?: Record<string, { default: string; description: string }> }[];
  tags: { name: string; description: string }[];
  paths: Record<string, PathItemObject>;
  components: {
    securitySchemes: Record<string, object>;
    schemas: Record<string, SchemaObject>;
    responses: Record<string, ResponseObject>;
  };
}

const BEARER = 'cognitoIdToken';
const JSON_MEDIA = 'application/json';
const PROBLEM_MEDIA = 'application/problem+json';
const FORM_MEDIA = 'application/x-www-form-urlencoded';
const HTML_MEDIA = 'text/html';
const schemaRef = (name: string) => `#/components/schemas/${name}`;

/** The shape problem.ts answers with (RFC 9457); described here because no handler parses it. */
const ProblemDetailsSchema = z.object({
  type: z.string().register(z.globalRegistry, { description: 'A URN naming the problem, like urn:suraksha:problem:validation-error' }),
  title: z.string(),
  status: z.int().check(z.minimum(400), z.maximum(599)),
  detail: z.string(),
  errors: z
    .optional(
      z.array(
        z.object({
          path: z.string().register(z.globalRegistry, { description: 'Dotted, like child.ageBand or query.limit' }),
          message: z.string(),
        }),
      ),
    )
    .register(z.globalRegistry, { description: 'One entry per invalid field, on validation failures' }),
});

const PROBLEMS = {
  400: 'Bad request: an invalid body, query, path parameter or header (`errors` lists each field), or a body that is not a JSON object',
  401: 'No bearer token, or an invalid one',
  403: "The caller's role or villages may not do this",
  404: 'No such resource, or one the caller may not see',
  405: 'The path exists, but not with this method: `Allow` lists the methods it takes',
  409: 'Conflict: an Idempotency-Key reused with another body or still in flight, a move the workflow does not allow, or an erasure under a legal hold',
  412: 'If-Match names a version that is no longer current: read the record again',
  413: 'The body is larger than 64 KiB',
  415: 'The body is not sent as application/json',
  428: 'If-Match is missing',
  500: 'Something failed on the server; the request can be retried',
  503: 'The database is busy or out of reach for a moment: send the same request again (a create with the same Idempotency-Key) after Retry-After seconds',
} as const;
type ProblemStatus = keyof typeof PROBLEMS;

/** Headers a problem carries (problem.ts). */
const PROBLEM_HEADERS: Partial<Record<ProblemStatus, Record<string, HeaderObject>>> = {
  405: {
    Allow: {
      description: 'The methods the path takes, like `GET, HEAD`',
      required: true,
      schema: { type: 'string', examples: ['GET, HEAD'] },
    },
  },
  503: { 'Retry-After': { description: 'Seconds to wait before retrying', required: true, schema: { type: 'string', examples: ['2'] } } },
};

/** What a page route answers instead of a problem (controllers/ack-links.ts): a page in Bengali, then English, and whom to call. */
const PAGES = {
  PageNotFound: { status: 404, description: 'An unknown, malformed or expired link: an HTML page that says so and whom to call' },
  PageGone: { status: 410, description: "The link is no longer its recipient's to act on: an HTML page that says so and whom to call" },
} as const;
const HTML_PAGE: SchemaObject = { type: 'string', description: "An HTML page for a phone's browser" };

/** Component names of the schemas domain/schemas.ts exports: `IncidentReportSchema` is `IncidentReport`. */
const EXPORTED_SCHEMA_NAMES = new Map<z.ZodMiniType, string>(
  Object.entries(domainSchemas).flatMap(([exportName, value]) =>
    value instanceof z.ZodMiniType && exportName.endsWith('Schema') ? [[value, exportName.slice(0, -'Schema'.length)] as const] : [],
  ),
);

const capitalised = (word: string) => word.charAt(0).toUpperCase() + word.slice(1);

/** `GET /incidents/{id}/history` becomes `getIncidentsByIdHistory`. */
function operationIdOf(route: RouteSpec): string {
  const words = route.path
    .split('/')
    .filter(Boolean)
    .flatMap((segment) => (segment.startsWith('{') ? ['by', segment.slice(1, -1)] : segment.split(/[^A-Za-z0-9]+/)));
  return route.method.toLowerCase() + words.map(capitalised).join('');
}

const pathParameterNames = (path: string) => [...path.matchAll(/\{(\w+)\}/g)].map((found) => found[1] ?? '');
const isPublic = (route: RouteSpec) => 'anyone' in route.access;
/** An Idempotency-Key replayed with another body, a workflow move from the wrong state, or what the route says (a legal hold). */
const canConflict = (route: RouteSpec) => route.idempotent === true || route.path.endsWith('/transitions') || route.conflicts === true;

/** zod stamps each schema as a document of its own; inside OpenAPI it is a Schema Object of this one. */
function asSchemaObject({ $schema: _dialect, $id: _id, ...schema }: SchemaObject): SchemaObject {
  return schema;
}

/** Converts every schema of one side (requests read the input side, responses the output side) into named components. */
function componentsOf(side: 'input' | 'output', named: Map<z.ZodMiniType, string>): Record<string, SchemaObject> {
  const registry = z.registry<{ id: string }>();
  for (const [schema, id] of named) registry.add(schema, { id });
  const converted = z.toJSONSchema(registry, { target: 'draft-2020-12', io: side, uri: schemaRef }).schemas;
  return Object.fromEntries(Object.entries(converted).map(([name, schema]) => [name, asSchemaObject(schema)]));
}

function inlineRequestSchema(schema: z.ZodMiniType): SchemaObject {
  return asSchemaObject(z.toJSONSchema(schema, { target: 'draft-2020-12', io: 'input' }));
}

function pathParameters(route: RouteSpec): ParameterObject[] {
  return pathParameterNames(route.path).map((name) => {
    const schema = route.params?.[name];
    if (!schema) throw new Error(`${routeKey(route)}: path parameter {${name}} has no schema in the route table`);
    const example = route.example?.params?.[name];
    return { name, in: 'path', required: true, schema: inlineRequestSchema(schema), ...(example === undefined ? {} : { example }) };
  });
}

/** One parameter per key of the (strict) query object; optional or defaulted keys are not required. */
function queryParameters(route: RouteSpec): ParameterObject[] {
  if (!route.query) return [];
  const { properties = {}, required = [] } = inlineRequestSchema(route.query);
  return Object.entries(properties).map(([name, schema]) => ({
    name,
    in: 'query',
    required: required.includes(name),
    schema: schema as SchemaObject,
  }));
}

function headerParameters(route: RouteSpec): ParameterObject[] {
  const headers: ParameterObject[] = [];
  if (route.idempotent) {
    headers.push({
      name: 'Idempotency-Key',
      in: 'header',
      required: false,
      description: 'Makes a retry safe: the same key and body answer the first response again for 24 h',
      schema: { type: 'string', pattern: IDEMPOTENCY_KEY.source },
    });
  }
  if (route.ifMatch) {
    headers.push({
      name: 'If-Match',
      in: 'header',
      required: route.ifMatch === 'required',
      description: 'The ETag of the record as last read, like "3"',
      schema: { type: 'string', examples: ['"3"'] },
    });
  }
  return headers;
}

const isRedirect = (route: RouteSpec) => route.success.status >= 300 && route.success.status < 400;
const withExample = (media: MediaTypeObject, example: unknown): MediaTypeObject => (example === undefined ? media : { ...media, example });

function successResponses(route: RouteSpec, schemaName: string | undefined): Record<string, ResponseObject> {
  const { status, etag, media } = route.success;
  if (isRedirect(route)) {
    // A redirect has no body: where it points is the answer.
    const location: HeaderObject = { description: 'Where the browser goes next', required: true, schema: { type: 'string' } };
    return { [status]: { description: 'See Other', headers: { Location: location } } };
  }
  const response = (description: string): ResponseObject => ({
    description,
    ...(etag
      ? { headers: { ETag: { description: "The record's version, for If-Match", schema: { type: 'string', examples: ['"1"'] } } } }
      : {}),
    ...(schemaName
      ? { content: { [media ?? JSON_MEDIA]: withExample({ schema: { $ref: schemaRef(schemaName) } }, route.example?.success) } }
      : {}),
  });
  // A PUT that creates the resource when it is new (201) replaces it otherwise.
  if (route.success.created) return { 201: response('Created'), [status]: response('Replaced') };
  return { [status]: response(status === 201 ? 'Created' : 'OK') };
}

/** A page of the acknowledgement links: a browser is shown a page, never a problem (kit/route.ts bindPage). */
const isPage = (route: RouteSpec) => route.success.media === 'text/html';
/** A route of a group with no table access answers from constants: nothing to find, nothing to wait for. */
const readsTable = (route: RouteSpec) => ROUTE_GROUPS[route.group].access !== 'none';
/** Whether the kit validates anything of the request against the route's schemas (a 400 when it fails). */
const readsInput = (route: RouteSpec) =>
  route.params !== undefined ||
  route.query !== undefined ||
  route.body !== undefined ||
  route.idempotent === true ||
  route.ifMatch !== undefined;

/** The shared responses (components) a route can answer besides its success, by status. */
function sharedResponsesOf(route: RouteSpec): [status: string, component: string][] {
  if (isPage(route)) {
    // A malformed link is a 404 page like an unknown one, so probing learns nothing; other failures are problems.
    return [
      ...Object.entries(PAGES).map(([name, { status }]) => [String(status), name] as [string, string]),
      ['500', '500'],
      ['503', '503'],
    ];
  }
  const statuses: (ProblemStatus | false)[] = [
    readsInput(route) && 400,
    !isPublic(route) && 401,
    !isPublic(route) && 403,
    readsTable(route) && 404,
    canConflict(route) && 409,
    route.ifMatch !== undefined && 412,
    route.body !== undefined && 413,
    route.body !== undefined && 415,
    route.ifMatch === 'required' && 428,
    500,
    readsTable(route) && 503,
  ];
  return statuses.filter((status) => status !== false).map((status) => [String(status), String(status)]);
}

function requestBodyOf(route: RouteSpec, names: { body?: string | undefined; form?: string | undefined }): OperationObject['requestBody'] {
  if (names.body) {
    return { required: true, content: { [JSON_MEDIA]: withExample({ schema: { $ref: schemaRef(names.body) } }, route.example?.body) } };
  }
  if (names.form) {
    return { required: false, content: { [FORM_MEDIA]: withExample({ schema: { $ref: schemaRef(names.form) } }, route.example?.form) } };
  }
  return undefined;
}

function operationOf(
  route: RouteSpec,
  operationId: string,
  names: { body?: string | undefined; form?: string | undefined; success?: string | undefined },
): OperationObject {
  const access = route.access;
  const requestBody = requestBodyOf(route, names);
  return {
    operationId,
    tags: [route.group],
    summary: route.summary,
    ...('anyone' in access
      ? { description: `No token needed: ${access.anyone}`, security: [] }
      : { description: `Roles: ${access.roles.join(', ')}.`, security: [{ [BEARER]: [] }], 'x-roles': access.roles }),
    parameters: [...pathParameters(route), ...queryParameters(route), ...headerParameters(route)],
    ...(requestBody ? { requestBody } : {}),
    responses: {
      ...successResponses(route, names.success),
      ...Object.fromEntries(
        sharedResponsesOf(route).map(([status, component]) => [status, { $ref: `#/components/responses/${component}` }]),
      ),
    },
  };
}

/** HEAD beside a GET (route-matching.ts, lib/api-routes.ts): the GET's statuses and headers, never a body. */
function headOf(get: OperationObject, components: Record<string, ResponseObject>): OperationObject {
  const bodiless = ({ content: _content, ...response }: ResponseObject): ResponseObject => response;
  const resolve = (response: ResponseObject | Reference) =>
    '$ref' in response ? required(components[response.$ref.replace('#/components/responses/', '')], response.$ref) : response;
  return {
    ...get,
    operationId: get.operationId.replace(/^get/, 'head'),
    summary: `${get.summary} (headers only)`,
    description: `The GET's status and headers, without its body. ${get.description ?? ''}`.trim(),
    responses: Object.fromEntries(Object.entries(get.responses).map(([status, response]) => [status, bodiless(resolve(response))])),
  };
}

function required<T>(value: T | undefined, what: string): T {
  if (value === undefined) throw new Error(`${what} is not in the document`);
  return value;
}

/** The methods a path takes, in the order the `$default` route's 405 lists them in Allow. */
function allowedAt(path: string): string {
  // No route takes OPTIONS, so every path of the table answers it 405 with its Allow.
  const match = matchRoute('OPTIONS', path);
  if (match.kind !== 'wrong-method') throw new Error(`${path}: expected the 405 of a path that exists`);
  return match.allowed.join(', ');
}

function sharedComponents(): Record<string, ResponseObject> {
  const problem = (status: ProblemStatus): ResponseObject => ({
    description: PROBLEMS[status],
    ...(PROBLEM_HEADERS[status] ? { headers: PROBLEM_HEADERS[status] } : {}),
    content: { [PROBLEM_MEDIA]: { schema: { $ref: schemaRef('ProblemDetails') } } },
  });
  return {
    ...Object.fromEntries(Object.keys(PROBLEMS).map((status) => [status, problem(Number(status) as ProblemStatus)])),
    ...Object.fromEntries(
      Object.entries(PAGES).map(([name, { description }]) => [name, { description, content: { [HTML_MEDIA]: { schema: HTML_PAGE } } }]),
    ),
  };
}

function buildDocument(): OpenApiDocument {
  // Request bodies are named on the input side and responses on the output side: defaults make
  // a field optional in one and present in the other, so one schema is two components.
  const bodies = new Map<z.ZodMiniType, string>();
  const successes = new Map<z.ZodMiniType, string>([[ProblemDetailsSchema, 'ProblemDetails']]);
  const componentName = (schema: z.ZodMiniType, names: Map<z.ZodMiniType, string>, fallback: string) => {
    const named = names.get(schema) ?? EXPORTED_SCHEMA_NAMES.get(schema) ?? fallback;
    names.set(schema, named);
    return named;
  };
  const responses = sharedComponents();

  const paths: OpenApiDocument['paths'] = {};
  for (const route of ROUTES) {
    const operationId = operationIdOf(route);
    const typeName = capitalised(operationId);
    const names = {
      body: route.body && componentName(route.body, bodies, `${typeName}Request`),
      form: route.form && componentName(route.form, bodies, `${typeName}Form`),
      success: isRedirect(route) ? undefined : componentName(route.success.schema, successes, `${typeName}Response`),
    };
    const operation = operationOf(route, operationId, names);
    const item: PathItemObject = paths[route.path] ?? {
      description: `Any other method answers 405 (components/responses/405) with Allow: ${allowedAt(route.path)}.`,
    };
    item[route.method.toLowerCase() as Lowercase<HttpMethodName>] = operation;
    if (route.method === 'GET') item.head = headOf(operation, responses);
    paths[route.path] = item;
  }

  const requestSchemas = componentsOf('input', bodies);
  const responseSchemas = componentsOf('output', successes);
  const reused = Object.keys(requestSchemas).filter((schemaName) => schemaName in responseSchemas);
  if (reused.length > 0) throw new Error(`schemas used as both a request and a response body: ${reused.join(', ')}`);

  return {
    openapi: '3.1.0',
    info: {
      title: 'Suraksha',
      version: API_VERSION,
      description:
        "Community child protection: incident reports, SMS alerts to duty bearers, escalation, programme activities and funders' summaries. " +
        'Errors are RFC 9457 problem+json, but the acknowledgement pages (/a/{token}) answer HTML pages. ' +
        'HEAD is served wherever GET is. A path that exists answers any other method 405 with an Allow header.',
      // No open licence has been chosen for this programme's API.
      license: { name: 'Proprietary' },
    },
    servers: [
      { url: 'http://127.0.0.1:3000', description: 'The local stack (npm start; PORT changes the port)' },
      {
        url: 'https://{apiId}.execute-api.ap-south-1.amazonaws.com',
        description: 'A deployed stack: its ApiUrl output (or the custom domain in front of it)',
        variables: { apiId: { default: 'abcdef1234', description: "The HTTP API's id, from the stack's ApiUrl output" } },
      },
    ],
    tags: (Object.keys(ROUTE_GROUPS) as RouteGroup[]).map((group) => ({
      name: group,
      description: `The routes one Lambda serves (${ROUTE_GROUPS[group].entry})`,
    })),
    paths,
    components: {
      securitySchemes: {
        [BEARER]: {
          type: 'http',
          scheme: 'bearer',
          bearerFormat: 'JWT',
          description: "The Cognito ID token (custom claims exist only in ID tokens), verified by API Gateway's JWT authorizer",
        },
      },
      schemas: { ...requestSchemas, ...responseSchemas },
      responses,
    },
  };
}

let built: OpenApiDocument | undefined;

/** Built on first use and kept for the life of the Lambda container. */
export function openApiDocument(): OpenApiDocument {
  built ??= buildDocument();
  return built;
}
