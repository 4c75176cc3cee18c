import { App } from 'aws-cdk-lib';
import { DEFAULT_REGION, readSettings } from '../../lib/settings.js';

function settingsFrom(context: Record<string, unknown>, environment: NodeJS.ProcessEnv = {}) {
  return readSettings(new App({ context }).node, environment);
}

describe('settings from context', () => {
  test('default to dev in Mumbai with no account, alarm email or sender', () => {
    // Act
    const settings = settingsFrom({});

    // Assess
    expect(settings).toEqual({
      stage: 'dev',
      account: undefined,
      region: DEFAULT_REGION,
      alarmEmail: undefined,
      sesFromAddress: undefined,
    });
  });

  test('read stage, region, account and addresses from context', () => {
    // Act
    const settings = settingsFrom({
      stage: 'prod',
      region: 'ap-south-2',
      account: '123456789012',
      alarmEmail: 'ops@example.org',
      sesFromAddress: 'reports@example.org',
    });

    // Assess
    expect(settings).toEqual({
      stage: 'prod',
      account: '123456789012',
      region: 'ap-south-2',
      alarmEmail: 'ops@example.org',
      sesFromAddress: 'reports@example.org',
    });
  });

  test('take the account the CDK CLI resolved when context names none', () => {
    expect(settingsFrom({}, { CDK_DEFAULT_ACCOUNT: '210987654321' }).account).toBe('210987654321');
  });

  test.each([
    [{ stage: 'staging' }, /"stage" must be one of dev, prod/],
    [{ alarmEmail: 'not-an-email' }, /"alarmEmail" must be an email address/],
    [{ sesFromAddress: '' }, /"sesFromAddress" must be a non-empty string/],
  ])('reject %j', (context, message) => {
    expect(() => settingsFrom(context)).toThrow(message);
  });
});
