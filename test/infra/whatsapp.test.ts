// WhatsApp in the stack: nothing of it without a phone number; with one, the event destination topic
// (a key of its own that End User Messaging Social may use, for this account only), the events function
// subscribed, and SendWhatsAppMessage granted on that number alone to the functions that send.
import { Match } from 'aws-cdk-lib/assertions';
import { DEFAULT_WHATSAPP_TEMPLATE_NAMES } from '../../functions/domain/sms/templates.js';
import { functionBuiltFrom } from './functions.js';
import { policyStatementsOf } from './policy-statements.js';
import { synthesizeStack, WHATSAPP_CONTEXT } from './stack-fixture.js';

const SENDERS = [
  'functions/stream/notifier.ts',
  'functions/schedule/sweep.ts',
  'functions/stream/sms-receipts.ts',
  'functions/stream/whatsapp-events.ts',
] as const;

// Prepare and Act: one stack without WhatsApp, one with it.
const without = synthesizeStack().template;
const { template } = synthesizeStack({ context: WHATSAPP_CONTEXT });
const events = functionBuiltFrom(template, 'functions/stream/whatsapp-events.ts');
const serviceCondition = {
  StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } },
  ArnLike: { 'aws:SourceArn': Match.anyValue() },
};

describe('without whatsappPhoneNumberId', () => {
  test('the channel is off: no events function, no WhatsApp setting in any environment, no grant to send', () => {
    expect(() => functionBuiltFrom(without, 'functions/stream/whatsapp-events.ts')).toThrow();
    const json = JSON.stringify(without.toJSON());
    expect(json).not.toContain('WHATSAPP_PHONE_NUMBER_ID');
    expect(json).not.toContain('social-messaging');
  });
});

describe('with whatsappPhoneNumberId', () => {
  test("the event destination topic is encrypted with a rotated key whose policy lets End User Messaging Social use it for this account's resources", () => {
    const [keyId] = Object.keys(
      template.findResources('AWS::KMS::Key', { Properties: { Description: Match.stringLikeRegexp('WhatsApp') } }),
    );
    template.hasResourceProperties('AWS::KMS::Key', {
      Description: Match.stringLikeRegexp('WhatsApp'),
      EnableKeyRotation: true,
      KeyPolicy: {
        Statement: Match.arrayWith([
          {
            Effect: 'Allow',
            Principal: { Service: 'social-messaging.amazonaws.com' },
            Action: ['kms:GenerateDataKey*', 'kms:Decrypt'],
            Resource: '*',
            Condition: serviceCondition,
          },
        ]),
      },
    });
    template.hasResourceProperties('AWS::SNS::Topic', {
      DisplayName: 'Suraksha WhatsApp events',
      KmsMasterKeyId: { 'Fn::GetAtt': [keyId, 'Arn'] },
    });
  });

  test('only End User Messaging Social, for this account, may publish to it, and only over TLS', () => {
    template.hasResourceProperties('AWS::SNS::TopicPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: 'Deny', Action: 'sns:Publish', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
          Match.objectLike({
            Effect: 'Allow',
            Principal: { Service: 'social-messaging.amazonaws.com' },
            Action: 'sns:Publish',
            Condition: serviceCondition,
          }),
        ]),
      },
    });
  });

  test('the events function is subscribed to it, retries a failed batch twice, then a dead-letter queue', () => {
    template.hasResourceProperties('AWS::SNS::Subscription', {
      Protocol: 'lambda',
      Endpoint: { 'Fn::GetAtt': [events.id, 'Arn'] },
    });
    template.hasResourceProperties('AWS::Lambda::EventInvokeConfig', {
      FunctionName: { Ref: events.id },
      MaximumRetryAttempts: 2,
      DestinationConfig: { OnFailure: { Destination: Match.anyValue() } },
    });
  });

  test('every function that sends knows the number and template names; the events function also the coordinator line', () => {
    for (const entry of SENDERS) {
      const { resource } = functionBuiltFrom(template, entry);
      expect(resource.Properties.Environment.Variables).toMatchObject({
        WHATSAPP_PHONE_NUMBER_ID: WHATSAPP_CONTEXT.whatsappPhoneNumberId,
        WHATSAPP_TEMPLATE_NAMES: JSON.stringify(DEFAULT_WHATSAPP_TEMPLATE_NAMES),
      });
    }
    expect(events.resource.Properties.Environment.Variables.COORDINATOR_PHONE).toBe(WHATSAPP_CONTEXT.coordinatorPhone);
  });

  test('SendWhatsAppMessage is granted on the configured number alone, to the functions that send and no other', () => {
    const grantsOf = (functionId: string) =>
      policyStatementsOf(template, functionId).filter((statement) =>
        [statement.Action].flat().includes('social-messaging:SendWhatsAppMessage'),
      );
    for (const entry of SENDERS) {
      const [grant, ...more] = grantsOf(functionBuiltFrom(template, entry).id);
      expect(more).toEqual([]);
      expect(grant?.Resource).toEqual({
        'Fn::Join': [
          '',
          [
            'arn:',
            { Ref: 'AWS::Partition' },
            ':social-messaging:ap-south-1:',
            { Ref: 'AWS::AccountId' },
            ':phone-number-id/0123456789abcdef0123456789abcdef',
          ],
        ],
      });
    }
    const others = Object.keys(template.findResources('AWS::Lambda::Function')).filter(
      (id) => !SENDERS.some((entry) => String(template.toJSON().Resources[id].Properties.Description).includes(`(${entry})`)),
    );
    for (const id of others) expect(grantsOf(id)).toEqual([]);
  });

  test('the topic ARN is a stack output, to name as the business account’s event destination', () => {
    const outputs = template.toJSON().Outputs as Record<string, { Description: string }>;
    expect(Object.values(outputs).some(({ Description }) => Description.includes('event destination'))).toBe(true);
  });
});
