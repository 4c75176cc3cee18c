import { App } from 'aws-cdk-lib';
import { LOCAL_DLT_TEMPLATE_IDS } from '../../functions/domain/sms/templates.js';
import { DEFAULT_REGION, DEFAULT_SMS_SENDER_ID, DEV_DLT_ENTITY_ID, readSettings } from '../../lib/settings.js';

function settingsFrom(context: Record<string, unknown>, environment: NodeJS.ProcessEnv = {}) {
  return readSettings(new App({ context }).node, environment);
}

const ENTITY_ID = '1201000000000000042';
const TEMPLATE_IDS = JSON.stringify(LOCAL_DLT_TEMPLATE_IDS);
const PROD = { stage: 'prod', dltEntityId: ENTITY_ID, dltTemplateIds: TEMPLATE_IDS };
const CERTIFICATE_ARN = `arn:aws:acm:${DEFAULT_REGION}:123456789012:certificate/0a1b2c3d-aaaa-bbbb-cccc-0123456789ab`;

describe('settings from context', () => {
  test('default to dev in Mumbai with no account, alarm email, sender or ack domain, and fake DLT registrations', () => {
    // Act
    const settings = settingsFrom({});

    // Assess
    expect(settings).toEqual({
      stage: 'dev',
      account: undefined,
      region: DEFAULT_REGION,
      alarmEmail: undefined,
      sesFromAddress: undefined,
      smsSenderId: DEFAULT_SMS_SENDER_ID,
      dltEntityId: DEV_DLT_ENTITY_ID,
      dltTemplateIds: LOCAL_DLT_TEMPLATE_IDS,
      ackDomain: undefined,
    });
    expect(DEFAULT_SMS_SENDER_ID).toBe('SRKSHA');
  });

  test('read every value from context', () => {
    // Prepare
    const templateIds = { ...LOCAL_DLT_TEMPLATE_IDS, escalation: { en: '1107000000000000001', bn: '1107000000000000002' } };

    // Act
    const settings = settingsFrom({
      stage: 'prod',
      region: 'ap-south-2',
      account: '123456789012',
      alarmEmail: 'ops@example.org',
      sesFromAddress: 'reports@example.org',
      smsSenderId: 'SURAKS',
      dltEntityId: ENTITY_ID,
      dltTemplateIds: JSON.stringify(templateIds),
      ackDomainName: 'a.example.org',
      ackCertificateArn: CERTIFICATE_ARN.replace(DEFAULT_REGION, 'ap-south-2'),
    });

    // Assess
    expect(settings).toEqual({
      stage: 'prod',
      account: '123456789012',
      region: 'ap-south-2',
      alarmEmail: 'ops@example.org',
      sesFromAddress: 'reports@example.org',
      smsSenderId: 'SURAKS',
      dltEntityId: ENTITY_ID,
      dltTemplateIds: templateIds,
      ackDomain: { domainName: 'a.example.org', certificateArn: CERTIFICATE_ARN.replace(DEFAULT_REGION, 'ap-south-2') },
    });
  });

  test('take the account the CDK CLI resolved when context names none', () => {
    expect(settingsFrom({}, { CDK_DEFAULT_ACCOUNT: '210987654321' }).account).toBe('210987654321');
  });

  test('prod with its DLT registrations needs nothing else', () => {
    expect(settingsFrom(PROD)).toMatchObject({ stage: 'prod', smsSenderId: DEFAULT_SMS_SENDER_ID, ackDomain: undefined });
  });

  test.each(['dltEntityId', 'dltTemplateIds'] as const)('prod without %s fails synth, naming it', (key) => {
    // Prepare
    const { [key]: _missing, ...context } = PROD;

    // Act and Assess
    expect(() => settingsFrom(context)).toThrow(`Context "${key}" is required for stage prod`);
  });

  test.each([
    [{ stage: 'staging' }, /"stage" must be one of dev, prod/],
    [{ alarmEmail: 'not-an-email' }, /"alarmEmail" must be an email address/],
    [{ sesFromAddress: '' }, /"sesFromAddress" must be a non-empty string/],
    [{ smsSenderId: 'SRKSH' }, /"smsSenderId" must be a DLT alphabetic header of 6 capital letters/],
    [{ smsSenderId: 'srksha' }, /"smsSenderId" must be a DLT alphabetic header/],
    [{ smsSenderId: 'SRKSH4' }, /"smsSenderId" must be a DLT alphabetic header/],
    [{ dltEntityId: '12010000000000000' }, /"dltEntityId" must be a 19-digit DLT entity id/],
    [{ dltTemplateIds: '{not json' }, /"dltTemplateIds" must be a JSON map .* not valid JSON/],
    [{ dltTemplateIds: JSON.stringify({ escalation: { en: '1007000000000000001' } }) }, /"dltTemplateIds" must be a JSON map/],
    [{ ackDomainName: 'a.example.org' }, /"ackDomainName" and "ackCertificateArn" go together/],
    [{ ackCertificateArn: CERTIFICATE_ARN }, /"ackDomainName" and "ackCertificateArn" go together/],
    [{ ackDomainName: 'https://a.example.org', ackCertificateArn: CERTIFICATE_ARN }, /"ackDomainName" must be a lower-case domain name/],
    [{ ackDomainName: 'a.example.org', ackCertificateArn: 'certificate' }, /"ackCertificateArn" must be an ACM certificate ARN in ap-south-1/],
    [
      { ackDomainName: 'a.example.org', ackCertificateArn: CERTIFICATE_ARN.replace(DEFAULT_REGION, 'us-east-1') },
      /"ackCertificateArn" must be an ACM certificate ARN in ap-south-1, the stack's region/,
    ],
  ])('reject %j', (context, message) => {
    expect(() => settingsFrom(context)).toThrow(message);
  });
});
