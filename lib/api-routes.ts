// Wires the route table (functions/http/routes.ts) into the HTTP API: one Lambda per route group, with
// only the table access its group declares, and every route of the table, private unless it says why not.
import { Stack, Validations, type CfnElement } from 'aws-cdk-lib';
import { HttpMethod, HttpRouteKey } from 'aws-cdk-lib/aws-apigatewayv2';
import type { Table } from 'aws-cdk-lib/aws-dynamodb';
import type { ISecret } from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import { ROUTE_GROUPS, ROUTES, type RouteGroup } from '../functions/http/routes.js';
import type { SurakshaHttpApi } from './http-api.js';
import { SurakshaFunction } from './suraksha-function.js';

export interface ApiRoutesProps {
  readonly httpApi: SurakshaHttpApi;
  readonly table: Table;
  /** Signs list cursors; given to every function that reads the table. */
  readonly cursorSecret: ISecret;
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
      props.httpApi.addRoute(
        HttpRouteKey.with(route.path, HttpMethod[route.method]),
        this.functions[route.group],
        'anyone' in route.access ? { public: true, reason: route.access.anyone } : {},
      );
    }
    props.httpApi.addRoute(HttpRouteKey.DEFAULT, this.functions[UNMATCHED_ROUTE_GROUP], {
      public: true,
      reason:
        "Answers requests no route matches with a problem+json 404 or 405 instead of API Gateway's bare body. " +
        'It reveals only which paths exist, as the public OpenAPI document already does, and its function has no table access.',
    });
  }

  private groupFunction(group: RouteGroup, { table, cursorSecret }: ApiRoutesProps): SurakshaFunction {
    const { entry, access } = ROUTE_GROUPS[group];
    const fn = new SurakshaFunction(this, pascalCase(group), {
      entry,
      description: `Suraksha HTTP routes of group ${group} (${entry})`,
      environment:
        access === 'none'
          ? {}
          : {
              TABLE_NAME: table.tableName,
              // A CloudFormation dynamic reference, resolved at deploy: the value is not in the template.
              // It does sit in the function's configuration, which is acceptable for a key that only signs
              // pagination cursors; Lambda encrypts its environment at rest with KMS.
              CURSOR_SECRET: cursorSecret.secretValue.unsafeUnwrap(),
            },
    });
    if (access !== 'none') grantTableAccess(fn, table, access);
    return fn;
  }
}

function grantTableAccess(fn: SurakshaFunction, table: Table, access: 'read' | 'read-write'): void {
  const acknowledge = (finding: string, reason: string) =>
    Validations.of(fn.role).acknowledge({ id: `AwsSolutions-IAM5[${finding}]`, reason });
  // cdk-nag names the table's ARN in a finding by its logical id, as in `<DataTableFDBAD0F2.Arn>`.
  const tableArn = `<${Stack.of(table).getLogicalId(table.node.defaultChild as CfnElement)}.Arn>`;

  if (access === 'read') table.grantReadData(fn);
  else table.grantReadWriteData(fn);
  acknowledge(
    `Resource::${tableArn}/index/*`,
    "The table's grant covers its own global secondary indexes, which the list queries use (TABLE_DESIGN); it reaches no other table.",
  );
  if (access === 'read-write') {
    for (const action of ['kms:ReEncrypt*', 'kms:GenerateDataKey*']) {
      acknowledge(
        `Action::${action}`,
        "Writing items to a table under a customer-managed key needs the key's data-key actions; the statement names only that one key.",
      );
    }
  }
}

const pascalCase = (name: string) => name.replace(/(^|-)(\w)/g, (_whole, _dash, letter: string) => letter.toUpperCase());
