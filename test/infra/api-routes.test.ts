import { Match } from 'aws-cdk-lib/assertions';
import { ROUTE_GROUPS, ROUTES, type RouteGroup, type RouteSpec, routeKey } from '../../functions/http/routes.js';
import { functionBuiltFrom } from './functions.js';
import { allowedActionsOf, policyStatementsOf } from './policy-statements.js';
import { synthesizeStack } from './stack-fixture.js';

// Prepare and Act: synthesize once; the tests below hold the template to the route table.
const { template } = synthesizeStack();
const resources = template.toJSON().Resources;
const [tableId] = Object.keys(template.findResources('AWS::DynamoDB::Table'));
const [cursorSecretId] = Object.keys(template.findResources('AWS::SecretsManager::Secret'));

const GROUPS = Object.keys(ROUTE_GROUPS) as RouteGroup[];
const groupsWith = (access: string) => GROUPS.filter((group) => ROUTE_GROUPS[group].access === access);
const isPublic = (route: RouteSpec) => 'anyone' in route.access;
const byKey = (routes: readonly RouteSpec[]) => routes.map((route) => [routeKey(route), route] as const);

const READ_ACTIONS = ['dynamodb:GetItem', 'dynamodb:Query', 'dynamodb:BatchGetItem'];
const WRITE_ACTIONS = ['dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem', 'dynamodb:BatchWriteItem'];

/** The group's Lambda function. */
const functionOf = (group: RouteGroup) => functionBuiltFrom(template, ROUTE_GROUPS[group].entry);

/** Route key → route → integration → the logical id of the function it invokes. */
function functionIdBehind(key: string): string {
  const [route] = Object.values(template.findResources('AWS::ApiGatewayV2::Route', { Properties: { RouteKey: key } }));
  const integrationId = route?.Properties.Target['Fn::Join'][1][1].Ref;
  return resources[integrationId].Properties.IntegrationUri['Fn::GetAtt'][0];
}

describe('routes from the route table', () => {
  test.each(byKey(ROUTES.filter((route) => !isPublic(route))))('%s needs a Cognito ID token', (key) => {
    template.hasResourceProperties('AWS::ApiGatewayV2::Route', {
      RouteKey: key,
      AuthorizationType: 'JWT',
      AuthorizerId: { Ref: Match.stringLikeRegexp('CognitoAuthorizer') },
    });
  });

  test.each(byKey(ROUTES.filter(isPublic)))('%s is public', (key) => {
    template.hasResourceProperties('AWS::ApiGatewayV2::Route', {
      RouteKey: key,
      AuthorizationType: 'NONE',
      AuthorizerId: Match.absent(),
    });
  });

  test.each(byKey(ROUTES.filter((route) => route.method === 'GET')))('HEAD %s beside it, on the same function', (key, route) => {
    expect(functionIdBehind(key.replace(/^GET /, 'HEAD '))).toBe(functionOf(route.group).id);
  });

  test.each(byKey(ROUTES))("%s invokes its group's function", (key, route) => {
    expect(functionIdBehind(key)).toBe(functionOf(route.group).id);
  });

  test('$default, for whatever no route matches, is public and invokes the public function', () => {
    template.hasResourceProperties('AWS::ApiGatewayV2::Route', {
      RouteKey: '$default',
      AuthorizationType: 'NONE',
      AuthorizerId: Match.absent(),
    });
    expect(functionIdBehind('$default')).toBe(functionOf('public').id);
  });
});

describe('route group functions', () => {
  test.each(GROUPS)("the %s function is built from its group's entry", (group) => {
    expect(functionOf(group).resource.Properties).toMatchObject({
      Description: expect.stringContaining(ROUTE_GROUPS[group].entry),
      Handler: 'index.handler',
    });
  });

  test.each([...groupsWith('read'), ...groupsWith('read-write')])(
    'the %s function gets the table name and the cursor key as a deploy-time reference, not its value',
    (group) => {
      expect(functionOf(group).resource.Properties.Environment.Variables).toMatchObject({
        TABLE_NAME: { Ref: tableId },
        CURSOR_SECRET: {
          'Fn::Join': ['', ['{{resolve:secretsmanager:', { Ref: cursorSecretId }, ':SecretString:::}}']],
        },
      });
    },
  );

  test.each(groupsWith('none'))('the %s function is told nothing about the table or the cursor key', (group) => {
    const variables = functionOf(group).resource.Properties.Environment.Variables;
    expect(variables).not.toHaveProperty('TABLE_NAME');
    expect(variables).not.toHaveProperty('CURSOR_SECRET');
  });

  test('the metrics function estimates SMS cost at the price the settings give, as the weekly summary does', () => {
    expect(functionOf('metrics').resource.Properties.Environment.Variables.SMS_PRICE_PER_SEGMENT_INR).toBe('0.25');
  });

  test('the cursor key is 48 generated letters and digits', () => {
    template.hasResourceProperties('AWS::SecretsManager::Secret', {
      GenerateSecretString: { PasswordLength: 48, ExcludePunctuation: true },
    });
  });
});

describe('least privilege on the table', () => {
  test.each(groupsWith('read'))('the %s function may read and decrypt, but never write', (group) => {
    // Act
    const actions = allowedActionsOf(template, functionOf(group).id);

    // Assess
    expect(actions).toEqual(expect.arrayContaining([...READ_ACTIONS, 'kms:Decrypt']));
    for (const action of [...WRITE_ACTIONS, 'kms:Encrypt']) expect(actions).not.toContain(action);
  });

  test.each(groupsWith('read-audit'))('the %s function may read, and write audit records only (partition keys AUDIT#...)', (group) => {
    // Act
    const statements = policyStatementsOf(template, functionOf(group).id).filter((statement) => statement.Effect === 'Allow');
    const writes = statements.filter((statement) => [statement.Action].flat().some((action) => WRITE_ACTIONS.includes(action)));

    // Assess
    expect(statements.flatMap((statement) => [statement.Action].flat())).toEqual(expect.arrayContaining([...READ_ACTIONS, 'kms:Decrypt']));
    expect(writes).toEqual([
      {
        Effect: 'Allow',
        Action: ['dynamodb:PutItem', 'dynamodb:BatchWriteItem'],
        Resource: { 'Fn::GetAtt': [tableId, 'Arn'] },
        Condition: { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': ['AUDIT#*'] } },
      },
    ]);
  });

  test.each(groupsWith('read-write'))('the %s function may read and write', (group) => {
    // Act
    const actions = allowedActionsOf(template, functionOf(group).id);

    // Assess
    expect(actions).toEqual(expect.arrayContaining([...READ_ACTIONS, ...WRITE_ACTIONS, 'kms:Decrypt', 'kms:GenerateDataKey*']));
  });

  test.each(groupsWith('none'))('the %s function has no DynamoDB or KMS action at all', (group) => {
    // Act
    const actions = allowedActionsOf(template, functionOf(group).id);

    // Assess
    expect(actions).not.toHaveLength(0); // its log and tracing statements, so the role was found
    expect(actions.filter((action) => /^(dynamodb|kms):/.test(action))).toEqual([]);
  });
});
