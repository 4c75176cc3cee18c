// Wires the route table (functions/http/routes.ts) into the HTTP API: one Lambda per route group, with
// only the table access its group declares, and every route of the table, private unless it says why not.
import { HttpMethod, HttpRouteKey } from 'aws-cdk-lib/aws-apigatewayv2';
import { Construct } from 'constructs';
import { API_DOCUMENT_FILE } from '../functions/http/api-document.js';
import { openApiDocument } from '../functions/http/openapi.js';
import { ROUTE, ROUTE_GROUPS, ROUTES, type RouteGroup } from '../functions/http/routes.js';
import type { SurakshaHttpApi } from './http-api.js';
import { SurakshaFunction } from './suraksha-function.js';
import { giveTableAccess, type TableConnection } from './table-access.js';

export interface ApiRoutesProps extends TableConnection {
  readonly httpApi: SurakshaHttpApi;
  /** Settings some groups' handlers read, by group. */
  readonly groupEnvironment?: Partial<Record<RouteGroup, Record<string, string>>>;
}

/** public.ts also answers API Gateway's `$default` route: problem+json 404/405 instead of a bare body. */
const UNMATCHED_ROUTE_GROUP: RouteGroup = 'public';

export class ApiRoutes extends Construct {
  readonly functions: Readonly<Record<RouteGroup, SurakshaFunction>>;

  constructor(scope: Construct, id: string, props: ApiRoutesProps) {
    super(scope, id);

    const groups = Object.keys(ROUTE_GROUPS) as RouteGroup[];
    const functions = Object.fromEntries(groups.map((group) => [group, this.groupFunction(group, props)]));
    this.functions = functions as Record<RouteGroup, SurakshaFunction>;

    for (const route of ROUTES) {
      const access = 'anyone' in route.access ? { public: true, reason: route.access.anyone } : {};
      props.httpApi.addRoute(HttpRouteKey.with(route.path, HttpMethod[route.method]), this.functions[route.group], access);
      // HEAD wherever GET: the handler answers it as the GET without its body.
      if (route.method === 'GET')
        props.httpApi.addRoute(HttpRouteKey.with(route.path, HttpMethod.HEAD), this.functions[route.group], access);
    }
    props.httpApi.addRoute(HttpRouteKey.DEFAULT, this.functions[UNMATCHED_ROUTE_GROUP], {
      public: true,
      reason:
        "Answers requests no route matches with a problem+json 404 or 405 instead of API Gateway's bare body. " +
        'It reveals only which paths exist, as the public OpenAPI document already does, and its function has no table access.',
    });
  }

  private groupFunction(group: RouteGroup, props: ApiRoutesProps): SurakshaFunction {
    const { entry, access } = ROUTE_GROUPS[group];
    const fn = new SurakshaFunction(this, pascalCase(group), {
      entry,
      description: `Suraksha HTTP routes of group ${group} (${entry})`,
      environment: props.groupEnvironment?.[group],
      ...(group === ROUTE.openApi.group ? apiDocumentBeside() : {}),
    });
    if (access !== 'none') giveTableAccess(fn, props, access);
    return fn;
  }
}

/**
 * The OpenAPI document as a file beside its Lambda's bundle, named by a define (api-document.ts):
 * that Lambda, which also answers `$default` from the document's paths, loads no zod and no route table.
 */
const apiDocumentBeside = () => ({
  besideBundle: { [API_DOCUMENT_FILE]: JSON.stringify(openApiDocument()) },
  define: { 'process.env.API_DOCUMENT_FILE': JSON.stringify(API_DOCUMENT_FILE) },
});

const pascalCase = (name: string) => name.replace(/(^|-)(\w)/g, (_whole, _dash, letter: string) => letter.toUpperCase());
