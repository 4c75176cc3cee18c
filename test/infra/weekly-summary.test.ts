import type { Template } from 'aws-cdk-lib/assertions';
import { DEFAULT_REGION, DEV_SES_FROM_ADDRESS } from '../../lib/settings.js';
import { functionBuiltFrom } from './functions.js';
import { allowedActionsOf, policyStatementsOf } from './policy-statements.js';
import { scheduleInvoking } from './schedules.js';
import { PROD_CONTEXT, synthesizeStack } from './stack-fixture.js';

// Prepare and Act: a dev stack on the defaults, a prod stack sending as a domain, and one sending as an address.
const dev = synthesizeStack().template;
const prod = synthesizeStack({ stage: 'prod' }).template;
const asAddress = synthesizeStack({
  stage: 'prod',
  context: { sesIdentity: PROD_CONTEXT.sesFromAddress, smsPricePerSegmentInr: '0.3' },
}).template;

const ENTRY = 'functions/schedule/weekly-summary.ts';
const summaryOf = (template: Template) => functionBuiltFrom(template, ENTRY);
const variablesOf = (template: Template) => summaryOf(template).resource.Properties.Environment.Variables;

function senderIdentityOf(template: Template) {
  const identities = Object.entries(template.findResources('AWS::SES::EmailIdentity'));
  const [identity] = identities;
  if (!identity || identities.length > 1) throw new Error('expected one SES identity');
  const [id, resource] = identity;
  return { id, name: resource.Properties.EmailIdentity };
}

describe("funders' weekly summary schedule", () => {
  test('runs Mondays at 09:00 in Asia/Kolkata', () => {
    expect(scheduleInvoking(dev, summaryOf(dev).id).properties).toMatchObject({
      ScheduleExpression: 'cron(0 9 ? * MON *)',
      ScheduleExpressionTimezone: 'Asia/Kolkata',
    });
  });
});

describe("funders' weekly summary sender", () => {
  test.each([
    ['a dev stack', dev, 'example.invalid'],
    ['a prod stack', prod, 'example.org'],
    ['a stack whose sesIdentity is the address', asAddress, PROD_CONTEXT.sesFromAddress],
  ])('%s creates an SES identity for %s', (_name, template, identity) => {
    expect(senderIdentityOf(template).name).toBe(identity);
  });

  test.each([
    ['dev', dev, DEV_SES_FROM_ADDRESS],
    ['prod', prod, PROD_CONTEXT.sesFromAddress],
  ])('the %s function sends from the configured address', (_name, template, address) => {
    expect(variablesOf(template).SES_FROM_ADDRESS).toBe(address);
  });

  test.each([
    ['a domain', prod],
    ['an address', asAddress],
  ])('sending as %s, the function may call ses:SendEmail on that identity only', (_name, template) => {
    // Prepare
    const identityArn = {
      'Fn::Join': [
        '',
        [
          'arn:',
          { Ref: 'AWS::Partition' },
          `:ses:${DEFAULT_REGION}:`,
          { Ref: 'AWS::AccountId' },
          ':identity/',
          { Ref: senderIdentityOf(template).id },
        ],
      ],
    };
    const sesStatements = policyStatementsOf(template, summaryOf(template).id).filter((statement) =>
      [statement.Action].flat().some((action) => action.startsWith('ses:')),
    );

    // Assess
    expect(sesStatements).toEqual([{ Effect: 'Allow', Action: 'ses:SendEmail', Resource: identityArn }]);
  });

  test("the function's only grant on every resource is X-Ray's, which has no other", () => {
    // Prepare
    const onEverything = policyStatementsOf(prod, summaryOf(prod).id).filter((statement) => [statement.Resource].flat().includes('*'));

    // Assess
    expect(onEverything.flatMap((statement) => [statement.Action].flat())).toEqual(['xray:PutTraceSegments', 'xray:PutTelemetryRecords']);
  });

  test('a domain identity comes with the three DKIM CNAME records to publish as outputs', () => {
    // Prepare
    const { id } = senderIdentityOf(prod);

    // Assess
    for (const n of [1, 2, 3]) {
      prod.hasOutput(`SesDkimRecord${n}`, {
        Value: {
          'Fn::Join': ['', [{ 'Fn::GetAtt': [id, `DkimDNSTokenName${n}`] }, ' CNAME ', { 'Fn::GetAtt': [id, `DkimDNSTokenValue${n}`] }]],
        },
      });
    }
  });

  test('an address identity has no DNS records to publish: SES mails it a link', () => {
    expect(Object.keys(asAddress.findOutputs('*')).filter((name) => name.startsWith('SesDkim'))).toEqual([]);
  });
});

describe("funders' weekly summary function", () => {
  test('estimates SMS cost at 0.25 rupees a segment unless context says otherwise', () => {
    expect(variablesOf(dev).SMS_PRICE_PER_SEGMENT_INR).toBe('0.25');
    expect(variablesOf(asAddress).SMS_PRICE_PER_SEGMENT_INR).toBe('0.3');
  });

  test('gets the table and the cursor key from its environment', () => {
    // Prepare
    const [tableId] = Object.keys(dev.findResources('AWS::DynamoDB::Table'));

    // Assess
    expect(variablesOf(dev)).toMatchObject({ TABLE_NAME: { Ref: tableId }, CURSOR_SECRET: expect.anything() });
  });

  test("may read the week and write the week's figures and the email claims", () => {
    expect(allowedActionsOf(dev, summaryOf(dev).id)).toEqual(
      expect.arrayContaining(['dynamodb:Query', 'dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem', 'kms:GenerateDataKey*']),
    );
  });

  test('may not publish to SNS: only the notifier sends SMS', () => {
    expect(allowedActionsOf(dev, summaryOf(dev).id).filter((action) => action.startsWith('sns:'))).toEqual([]);
  });
});
