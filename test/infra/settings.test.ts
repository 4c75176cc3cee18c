import { App } from 'aws-cdk-lib';
import { DEFAULT_SMS_PRICE_PER_SEGMENT_INR as FUNCTIONS_SMS_PRICE } from '../../functions/domain/prices.js';
import { DEFAULT_RETENTION } from '../../functions/domain/retention.js';
import { DEFAULT_WHATSAPP_TEMPLATE_NAMES, LOCAL_DLT_TEMPLATE_IDS } from '../../functions/domain/sms/templates.js';
import { smsPricePerSegmentInr } from '../../functions/wiring.js';
import {
  DEFAULT_REGION,
  DEFAULT_SMS_PRICE_PER_SEGMENT_INR,
  DEFAULT_SMS_SENDER_ID,
  DEV_DLT_ENTITY_ID,
  DEV_SES_FROM_ADDRESS,
  readSettings,
} from '../../lib/settings.js';

function settingsFrom(context: Record<string, unknown>, environment: NodeJS.ProcessEnv = {}) {
  return readSettings(new App({ context }).node, environment);
}

const ENTITY_ID = '1201000000000000042';
const TEMPLATE_IDS = JSON.stringify(LOCAL_DLT_TEMPLATE_IDS);
const FROM = 'summary@example.org';
const PROD = { stage: 'prod', dltEntityId: ENTITY_ID, dltTemplateIds: TEMPLATE_IDS, sesFromAddress: FROM };
const CERTIFICATE_ARN = `arn:aws:acm:${DEFAULT_REGION}:123456789012:certificate/0a1b2c3d-aaaa-bbbb-cccc-0123456789ab`;

describe('the coordinator line on the acknowledgement pages', () => {
  test('is an E.164 number, or absent', () => {
    expect(settingsFrom({ coordinatorPhone: '+919812345678' }).coordinatorPhone).toBe('+919812345678');
    expect(() => settingsFrom({ coordinatorPhone: '98123 45678' })).toThrow(/coordinatorPhone/);
  });
});

describe('WhatsApp', () => {
  const PHONE_NUMBER_ID = 'phone-number-id-0123456789abcdef0123456789abcdef';

  test('is on with a phone number id and the coordinator line its chat refers people to; templates keep their default names unless named', () => {
    // Act
    const { whatsapp } = settingsFrom({
      whatsappPhoneNumberId: PHONE_NUMBER_ID,
      coordinatorPhone: '+919812345678',
      whatsappTemplateNames: JSON.stringify({ escalation: 'escalation_v2' }),
      whatsappMetaApiVersion: 'v21.0',
    });

    // Assess
    expect(whatsapp).toEqual({
      phoneNumberId: PHONE_NUMBER_ID,
      templateNames: { ...DEFAULT_WHATSAPP_TEMPLATE_NAMES, escalation: 'escalation_v2' },
      metaApiVersion: 'v21.0',
    });
  });

  test.each([
    [
      { whatsappPhoneNumberId: '0123456789abcdef', coordinatorPhone: '+919812345678' },
      /"whatsappPhoneNumberId" must be phone-number-id- then 32 hex digits/,
    ],
    [{ whatsappPhoneNumberId: PHONE_NUMBER_ID }, /"coordinatorPhone" is required with "whatsappPhoneNumberId"/],
    [{ whatsappTemplateNames: '{}' }, /"whatsappTemplateNames" needs "whatsappPhoneNumberId"/],
    [
      { whatsappPhoneNumberId: PHONE_NUMBER_ID, coordinatorPhone: '+919812345678', whatsappTemplateNames: '{"escalation":"Escalation!"}' },
      /"whatsappTemplateNames" must be a JSON map of template id to Meta template name.*escalation: must be lower-case/,
    ],
    [{ whatsappMetaApiVersion: '20' }, /"whatsappMetaApiVersion" must be a Graph API version such as v20.0/],
  ])('refuses %j', (context, message) => {
    expect(() => settingsFrom(context)).toThrow(message);
  });
});

describe('settings from context', () => {
  test('default to dev in Mumbai with no account, alarm email or ack domain, and fake DLT registrations and email sender', () => {
    // Act
    const settings = settingsFrom({});

    // Assess
    expect(settings).toEqual({
      stage: 'dev',
      account: undefined,
      region: DEFAULT_REGION,
      alarmEmail: undefined,
      sesFromAddress: DEV_SES_FROM_ADDRESS,
      sesIdentity: { domain: 'example.invalid' },
      smsPricePerSegmentInr: DEFAULT_SMS_PRICE_PER_SEGMENT_INR,
      smsSenderId: DEFAULT_SMS_SENDER_ID,
      dltEntityId: DEV_DLT_ENTITY_ID,
      dltTemplateIds: LOCAL_DLT_TEMPLATE_IDS,
      ackDomain: undefined,
      coordinatorPhone: undefined,
      whatsapp: undefined,
      retention: DEFAULT_RETENTION,
    });
    expect(DEFAULT_RETENTION).toEqual({
      incidentPersonalFieldsMonths: 24,
      idempotencyKeyHours: 24,
      ackLinkDaysAfterExpiry: 7,
      auditDays: 400,
    });
    expect(DEFAULT_SMS_SENDER_ID).toBe('SRKSHA');
    expect(DEV_SES_FROM_ADDRESS).toBe('suraksha-dev@example.invalid');
    expect(DEFAULT_SMS_PRICE_PER_SEGMENT_INR).toBe(0.25);
  });

  test('default the SMS price to the very one the functions assume when their variable is unset', () => {
    // Prepare
    const saved = process.env.SMS_PRICE_PER_SEGMENT_INR;
    delete process.env.SMS_PRICE_PER_SEGMENT_INR;

    // Act
    const functionsPrice = smsPricePerSegmentInr();
    if (saved !== undefined) process.env.SMS_PRICE_PER_SEGMENT_INR = saved;

    // Assess
    expect(DEFAULT_SMS_PRICE_PER_SEGMENT_INR).toBe(FUNCTIONS_SMS_PRICE);
    expect(functionsPrice).toBe(DEFAULT_SMS_PRICE_PER_SEGMENT_INR);
    expect(settingsFrom({}).smsPricePerSegmentInr).toBe(functionsPrice);
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
      sesFromAddress: 'reports@mail.example.org',
      sesIdentity: 'example.org',
      smsPricePerSegmentInr: 0.2,
      smsSenderId: 'SURAKS',
      dltEntityId: ENTITY_ID,
      dltTemplateIds: JSON.stringify(templateIds),
      ackDomainName: 'a.example.org',
      ackCertificateArn: CERTIFICATE_ARN.replace(DEFAULT_REGION, 'ap-south-2'),
      retention: '{"incidentPersonalFieldsMonths":36}',
    });

    // Assess
    expect(settings).toEqual({
      stage: 'prod',
      account: '123456789012',
      region: 'ap-south-2',
      alarmEmail: 'ops@example.org',
      sesFromAddress: 'reports@mail.example.org',
      sesIdentity: { domain: 'example.org' },
      smsPricePerSegmentInr: 0.2,
      smsSenderId: 'SURAKS',
      dltEntityId: ENTITY_ID,
      dltTemplateIds: templateIds,
      ackDomain: { domainName: 'a.example.org', certificateArn: CERTIFICATE_ARN.replace(DEFAULT_REGION, 'ap-south-2') },
      retention: { ...DEFAULT_RETENTION, incidentPersonalFieldsMonths: 36 },
    });
  });

  test('take a retention schedule as JSON text or, from cdk.json, an object; the periods left out keep their defaults', () => {
    expect(settingsFrom({ retention: { auditDays: 730 } }).retention).toEqual({ ...DEFAULT_RETENTION, auditDays: 730 });
    expect(settingsFrom({ retention: '{"ackLinkDaysAfterExpiry":0}' }).retention).toEqual({
      ...DEFAULT_RETENTION,
      ackLinkDaysAfterExpiry: 0,
    });
  });

  test('take the account the CDK CLI resolved when context names none', () => {
    expect(settingsFrom({}, { CDK_DEFAULT_ACCOUNT: '210987654321' }).account).toBe('210987654321');
  });

  test('prod with its DLT registrations and email sender needs nothing else', () => {
    expect(settingsFrom(PROD)).toMatchObject({ stage: 'prod', smsSenderId: DEFAULT_SMS_SENDER_ID, ackDomain: undefined });
  });

  test.each(['dltEntityId', 'dltTemplateIds', 'sesFromAddress'] as const)('prod without %s fails synth, naming it', (key) => {
    // Prepare
    const { [key]: _missing, ...context } = PROD;

    // Act and Assess
    expect(() => settingsFrom(context)).toThrow(`Context "${key}" is required for stage prod`);
  });

  test.each([
    [{ sesFromAddress: 'Summary@Example.ORG' }, { domain: 'example.org' }],
    [{ sesFromAddress: FROM, sesIdentity: 'example.org' }, { domain: 'example.org' }],
    [{ sesFromAddress: 'summary@mail.example.org', sesIdentity: 'example.org' }, { domain: 'example.org' }],
    [{ sesFromAddress: FROM, sesIdentity: FROM }, { email: FROM }],
  ])('take the SES identity for %j: the domain of the address unless context names it', (context, identity) => {
    expect(settingsFrom(context).sesIdentity).toEqual(identity);
  });

  test.each([
    [0, 0],
    [0.3, 0.3],
    ['0.3', 0.3],
    [' 1 ', 1],
  ])('read smsPricePerSegmentInr %j as %d rupees, from cdk.json or the command line', (price, rupees) => {
    expect(settingsFrom({ smsPricePerSegmentInr: price }).smsPricePerSegmentInr).toBe(rupees);
  });

  test.each([
    [{ stage: 'staging' }, /"stage" must be one of dev, prod/],
    [{ alarmEmail: 'not-an-email' }, /"alarmEmail" must be an email address/],
    [{ sesFromAddress: '' }, /"sesFromAddress" must be a non-empty string/],
    [{ sesFromAddress: 'summary' }, /"sesFromAddress" must be an email address/],
    [
      { sesFromAddress: FROM, sesIdentity: 'other.example.org' },
      /"sesIdentity" must be the domain of sesFromAddress \(example\.org\) or a parent domain of it/,
    ],
    [{ sesFromAddress: FROM, sesIdentity: 'ample.org' }, /"sesIdentity" must be the domain of sesFromAddress/],
    [{ sesFromAddress: FROM, sesIdentity: 'Example.org' }, /"sesIdentity" must be a lower-case domain name or an email address/],
    [
      { sesFromAddress: FROM, sesIdentity: 'reports@example.org' },
      /"sesIdentity" names an address, so it must be sesFromAddress itself \(summary@example\.org\)/,
    ],
    [{ smsPricePerSegmentInr: -0.1 }, /"smsPricePerSegmentInr" must be a non-negative number of rupees/],
    [{ smsPricePerSegmentInr: '-0.1' }, /"smsPricePerSegmentInr" must be a non-negative number/],
    [{ smsPricePerSegmentInr: 'free' }, /"smsPricePerSegmentInr" must be a non-negative number/],
    [{ smsPricePerSegmentInr: '' }, /"smsPricePerSegmentInr" must be a non-negative number/],
    [{ smsPricePerSegmentInr: Number.POSITIVE_INFINITY }, /"smsPricePerSegmentInr" must be a non-negative number/],
    [{ retention: '{"auditDays":100}' }, /"retention" must be a JSON map of retention periods: auditDays must be a whole number from 366/],
    [{ retention: { incidentPersonalFieldsMonths: 1.5 } }, /"retention" .*incidentPersonalFieldsMonths must be a whole number/],
    [{ retention: { keepForever: true } }, /"retention" .*has no period named keepForever/],
    [{ retention: '{not json' }, /"retention" must be a JSON map of retention periods/],
    [{ smsSenderId: 'SRKSH' }, /"smsSenderId" must be a DLT alphabetic header of 6 capital letters/],
    [{ smsSenderId: 'srksha' }, /"smsSenderId" must be a DLT alphabetic header/],
    [{ smsSenderId: 'SRKSH4' }, /"smsSenderId" must be a DLT alphabetic header/],
    [{ dltEntityId: '12010000000000000' }, /"dltEntityId" must be a 19-digit DLT entity id/],
    [{ dltTemplateIds: '{not json' }, /"dltTemplateIds" must be a JSON map .* not valid JSON/],
    [{ dltTemplateIds: JSON.stringify({ escalation: { en: '1007000000000000001' } }) }, /"dltTemplateIds" must be a JSON map/],
    [{ ackDomainName: 'a.example.org' }, /"ackDomainName" and "ackCertificateArn" go together/],
    [{ ackCertificateArn: CERTIFICATE_ARN }, /"ackDomainName" and "ackCertificateArn" go together/],
    [{ ackDomainName: 'https://a.example.org', ackCertificateArn: CERTIFICATE_ARN }, /"ackDomainName" must be a lower-case domain name/],
    [
      { ackDomainName: 'a.example.org', ackCertificateArn: 'certificate' },
      /"ackCertificateArn" must be an ACM certificate ARN in ap-south-1/,
    ],
    [
      { ackDomainName: 'a.example.org', ackCertificateArn: CERTIFICATE_ARN.replace(DEFAULT_REGION, 'us-east-1') },
      /"ackCertificateArn" must be an ACM certificate ARN in ap-south-1, the stack's region/,
    ],
  ])('reject %j', (context, message) => {
    expect(() => settingsFrom(context)).toThrow(message);
  });

  test('name the key and quote the value it was given', () => {
    expect(() => settingsFrom({ dltEntityId: ' 1201 ' })).toThrow(
      new Error('Context "dltEntityId" must be a 19-digit DLT entity id; got "1201"'),
    );
    expect(() => settingsFrom({ alarmEmail: 42 })).toThrow(new Error('Context "alarmEmail" must be a non-empty string; got 42'));
  });

  test('name every bad key at once, one a line', () => {
    // Act
    const error = (() => {
      try {
        settingsFrom({ stage: 'staging', smsSenderId: 'srksha', smsPricePerSegmentInr: 'free' });
      } catch (thrown) {
        return thrown;
      }
    })();

    // Assess
    expect(error).toBeInstanceOf(Error);
    expect((error as Error).message.split('\n')).toEqual([
      'Context "stage" must be one of dev, prod; got "staging"',
      `Context "smsPricePerSegmentInr" must be a non-negative number of rupees, such as ${DEFAULT_SMS_PRICE_PER_SEGMENT_INR}; got "free"`,
      'Context "smsSenderId" must be a DLT alphabetic header of 6 capital letters; got "srksha"',
    ]);
  });

  test('stage prod names every registration it lacks', () => {
    expect(() => settingsFrom({ stage: 'prod' })).toThrow(
      /^Context "sesFromAddress" is required for stage prod: .+\nContext "dltEntityId" is required for stage prod: .+\nContext "dltTemplateIds" is required for stage prod: .+$/,
    );
  });
});
