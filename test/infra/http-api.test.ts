import { Match } from 'aws-cdk-lib/assertions';
import { DEFAULT_RETENTION } from '../../functions/domain/retention.js';
import { synthesizeStack } from './stack-fixture.js';

// Prepare and Act: synthesize once. Which route is public and which needs the authorizer: api-routes.test.ts.
const { template } = synthesizeStack();

const BODY_VARIABLE = /\$context\.(request|response)?body/i;

function stageAccessLogFields(): Record<string, string> {
  const [stage] = Object.values(template.findResources('AWS::ApiGatewayV2::Stage'));
  return JSON.parse(stage?.Properties.AccessLogSettings.Format);
}

describe('HTTP API', () => {
  test('the default authorizer is a Cognito JWT authorizer on the Authorization header, for the app client', () => {
    template.hasResourceProperties('AWS::ApiGatewayV2::Authorizer', {
      AuthorizerType: 'JWT',
      IdentitySource: ['$request.header.Authorization'],
      JwtConfiguration: {
        Audience: [{ Ref: Match.stringLikeRegexp('UsersPoolMobileApp') }],
        Issuer: Match.objectLike({ 'Fn::Join': Match.anyValue() }),
      },
    });
  });

  test('the default stage deploys itself and throttles every route', () => {
    template.hasResourceProperties('AWS::ApiGatewayV2::Stage', {
      StageName: '$default',
      AutoDeploy: true,
      DefaultRouteSettings: { ThrottlingBurstLimit: 100, ThrottlingRateLimit: 50 },
    });
  });

  test('access logs go to a log group kept 400 days, as long as the audit records', () => {
    const [stage] = Object.values(template.findResources('AWS::ApiGatewayV2::Stage'));
    const [logGroupId] = stage ? stage.Properties.AccessLogSettings.DestinationArn['Fn::GetAtt'] : [];
    expect(logGroupId).toMatch(/AccessLogs/);
    expect(template.toJSON().Resources[logGroupId].Properties.RetentionInDays).toBe(DEFAULT_RETENTION.auditDays);
  });

  test('access log lines are JSON request metadata, never a body', () => {
    // Act
    const fields = stageAccessLogFields();

    // Assess
    expect(Object.keys(fields)).toEqual([
      'requestId',
      'ip',
      'requestTime',
      'httpMethod',
      'routeKey',
      'status',
      'protocol',
      'responseLength',
      'integrationErrorMessage',
    ]);
    for (const variable of Object.values(fields)) expect(variable).not.toMatch(BODY_VARIABLE);
  });
});
