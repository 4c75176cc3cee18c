import { Match } from 'aws-cdk-lib/assertions';
import { functionBuiltFrom } from './functions.js';
import { allowedActionsOf, policyStatementsOfRole } from './policy-statements.js';
import { synthesizeStack } from './stack-fixture.js';

// Prepare and Act: synthesize once; the tests below read the delivery log groups, the role SNS writes
// them with, the custom resource that sets the account's SMS attributes, and the receipts function.
const { template } = synthesizeStack();
const resources = template.toJSON().Resources;
const receipts = functionBuiltFrom(template, 'functions/stream/sms-receipts.ts');
const logGroupNamed = (suffix: string) => {
  const name = { 'Fn::Join': ['', ['sns/ap-south-1/', { Ref: 'AWS::AccountId' }, suffix]] };
  const [entry] = Object.entries(template.findResources('AWS::Logs::LogGroup', { Properties: { LogGroupName: name } }));
  if (!entry) throw new Error(`no log group sns/ap-south-1/<account>${suffix}`);
  return { id: entry[0], properties: entry[1].Properties };
};
const successLogs = logGroupNamed('/DirectPublishToPhoneNumber');
const failureLogs = logGroupNamed('/DirectPublishToPhoneNumber/Failure');
const [customResourceId, customResource] = Object.entries(template.findResources('Custom::AWS'))[0] ?? [];
const deliveryStatusRoleId = Object.keys(
  template.findResources('AWS::IAM::Role', {
    Properties: { AssumeRolePolicyDocument: { Statement: [Match.objectLike({ Principal: { Service: 'sns.amazonaws.com' } })] } },
  }),
)[0];

/** A custom resource's SDK call as the provider receives it: the template's JSON with the role's ARN in place. */
function sdkCall(call: unknown): Record<string, unknown> {
  const [, parts] = (call as { 'Fn::Join': [string, unknown[]] })['Fn::Join'];
  return JSON.parse(parts.map((part) => (typeof part === 'string' ? part : '<role-arn>')).join(''));
}

describe('SMS delivery status log groups', () => {
  test("are created under SNS's own names, successes and failures, kept 3 days (each record holds the destination number)", () => {
    expect(successLogs.properties.RetentionInDays).toBe(3);
    expect(failureLogs.properties.RetentionInDays).toBe(3);
  });

  test('each feeds the receipts function through a subscription filter that passes every record', () => {
    for (const group of [successLogs, failureLogs]) {
      template.hasResourceProperties('AWS::Logs::SubscriptionFilter', {
        LogGroupName: { Ref: group.id },
        DestinationArn: { 'Fn::GetAtt': [receipts.id, 'Arn'] },
        FilterPattern: '',
      });
      template.hasResourceProperties('AWS::Lambda::Permission', {
        Action: 'lambda:InvokeFunction',
        FunctionName: { 'Fn::GetAtt': [receipts.id, 'Arn'] },
        Principal: 'logs.amazonaws.com',
        SourceArn: { 'Fn::GetAtt': [group.id, 'Arn'] },
      });
    }
  });
});

describe('the role SNS writes delivery status logs with', () => {
  test('may be assumed by SNS for this account only', () => {
    expect(resources[deliveryStatusRoleId ?? ''].Properties.AssumeRolePolicyDocument.Statement).toEqual([
      {
        Action: 'sts:AssumeRole',
        Effect: 'Allow',
        Principal: { Service: 'sns.amazonaws.com' },
        Condition: { StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } } },
      },
    ]);
  });

  test('may write to the two delivery log groups and nothing else', () => {
    // Act
    const statements = policyStatementsOfRole(template, deliveryStatusRoleId ?? '');

    // Assess
    const logGroupArn = (id: string) => ({
      'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':logs:ap-south-1:', { Ref: 'AWS::AccountId' }, ':log-group:', { Ref: id }]],
    });
    expect(statements).toEqual(
      [successLogs.id, failureLogs.id].flatMap((id) => [
        { Effect: 'Allow', Action: ['logs:CreateLogStream', 'logs:PutLogEvents'], Resource: { 'Fn::GetAtt': [id, 'Arn'] } },
        { Effect: 'Allow', Action: 'logs:CreateLogGroup', Resource: logGroupArn(id) },
      ]),
    );
  });
});

describe("the account's SMS attributes", () => {
  test('on create and update name that role and log every success (failures always are)', () => {
    for (const call of [customResource?.Properties.Create, customResource?.Properties.Update]) {
      expect(sdkCall(call)).toMatchObject({
        service: 'SNS',
        action: 'SetSMSAttributes',
        parameters: { attributes: { DeliveryStatusIAMRole: '<role-arn>', DeliveryStatusSuccessSamplingRate: '100' } },
      });
      expect(JSON.stringify(call)).toContain(deliveryStatusRoleId);
    }
  });

  test('are left as they are on delete (they are the account’s, not the stack’s)', () => {
    expect(customResource?.Properties.Delete).toBeUndefined();
  });

  test('are set only once both log groups exist, without installing an SDK at deploy time', () => {
    expect(customResource?.DependsOn).toEqual(expect.arrayContaining([successLogs.id, failureLogs.id]));
    expect(customResource?.Properties.InstallLatestAwsSdk).toBe(false);
  });

  test('are set by a provider that may call SetSMSAttributes and pass the delivery status role to SNS, nothing more', () => {
    // Prepare
    const providerRole = resources[customResource?.Properties.ServiceToken['Fn::GetAtt'][0]].Properties.Role['Fn::GetAtt'][0];

    // Act
    const statements = policyStatementsOfRole(template, providerRole);

    // Assess
    expect(customResourceId).toBeDefined();
    expect(statements).toEqual(
      expect.arrayContaining([
        { Effect: 'Allow', Action: 'sns:SetSMSAttributes', Resource: '*' },
        {
          Effect: 'Allow',
          Action: 'iam:PassRole',
          Resource: { 'Fn::GetAtt': [deliveryStatusRoleId, 'Arn'] },
          Condition: { StringEquals: { 'iam:PassedToService': 'sns.amazonaws.com' } },
        },
      ]),
    );
    const others = statements.filter((statement) => ![statement.Action].flat().every((action) => action.startsWith('logs:')));
    expect(others).toHaveLength(2);
    expect(resources[providerRole].Properties.ManagedPolicyArns).toBeUndefined();
  });
});

describe('the receipts function', () => {
  test('reads and writes the table, sends SMS (to tell coordinators), and may not touch SNS settings or IAM', () => {
    // Act
    const actions = allowedActionsOf(template, receipts.id);

    // Assess
    expect(actions).toEqual(expect.arrayContaining(['dynamodb:GetItem', 'dynamodb:PutItem', 'sns:Publish']));
    expect(actions.filter((action) => /^(sns|iam):/.test(action))).toEqual(['sns:Publish']);
  });

  test('gets the DLT registration as the notifier does', () => {
    // Prepare
    const notifier = functionBuiltFrom(template, 'functions/stream/notifier.ts');
    const variables = receipts.resource.Properties.Environment.Variables;

    // Assess
    for (const name of ['SMS_SENDER_ID', 'DLT_ENTITY_ID', 'DLT_TEMPLATE_IDS', 'ACK_BASE_URL', 'TABLE_NAME']) {
      expect(variables[name]).toEqual(notifier.resource.Properties.Environment.Variables[name]);
    }
  });

  test('is retried twice on failure, then leaves the batch in a dead-letter queue', () => {
    // Prepare
    const [config] = Object.values(
      template.findResources('AWS::Lambda::EventInvokeConfig', { Properties: { FunctionName: { Ref: receipts.id } } }),
    );
    const [queueId] = config?.Properties.DestinationConfig.OnFailure.Destination['Fn::GetAtt'] ?? [];

    // Assess
    expect(config?.Properties.MaximumRetryAttempts).toBe(2);
    expect(resources[queueId].Type).toBe('AWS::SQS::Queue');
  });
});
