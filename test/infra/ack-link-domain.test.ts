import { functionBuiltFrom } from './functions.js';
import { ACK_DOMAIN_CONTEXT, synthesizeStack } from './stack-fixture.js';

// Prepare and Act: synthesize with and without an ack domain.
const withDomain = synthesizeStack({ context: ACK_DOMAIN_CONTEXT }).template;
const withoutDomain = synthesizeStack().template;
const ackBaseUrlIn = (template: typeof withDomain) =>
  functionBuiltFrom(template, 'functions/stream/notifier.ts').resource.Properties.Environment.Variables.ACK_BASE_URL;

describe('acknowledgement link domain', () => {
  test('is a regional API domain on the given certificate, TLS 1.2 or newer', () => {
    withDomain.hasResourceProperties('AWS::ApiGatewayV2::DomainName', {
      DomainName: ACK_DOMAIN_CONTEXT.ackDomainName,
      DomainNameConfigurations: [
        { CertificateArn: ACK_DOMAIN_CONTEXT.ackCertificateArn, EndpointType: 'REGIONAL', SecurityPolicy: 'TLS_1_2' },
      ],
    });
  });

  test("maps the domain's root to the HTTP API's default stage", () => {
    // Prepare
    const [domainId] = Object.keys(withDomain.findResources('AWS::ApiGatewayV2::DomainName'));
    const [apiId] = Object.keys(withDomain.findResources('AWS::ApiGatewayV2::Api'));

    // Assess
    withDomain.hasResourceProperties('AWS::ApiGatewayV2::ApiMapping', {
      ApiId: { Ref: apiId },
      DomainName: { Ref: domainId },
      Stage: '$default',
    });
  });

  test('is what the notifier builds links on', () => {
    expect(ackBaseUrlIn(withDomain)).toBe(`https://${ACK_DOMAIN_CONTEXT.ackDomainName}`);
  });

  test('outputs the host name its CNAME record must point to', () => {
    // Prepare
    const [domainId] = Object.keys(withDomain.findResources('AWS::ApiGatewayV2::DomainName'));

    // Assess
    withDomain.hasOutput('AckDomainCnameTarget', { Value: { 'Fn::GetAtt': [domainId, 'RegionalDomainName'] } });
  });

  test('does not exist without ack domain context, and links use the API endpoint', () => {
    expect(withoutDomain.findResources('AWS::ApiGatewayV2::DomainName')).toEqual({});
    expect(withoutDomain.findOutputs('AckDomainCnameTarget')).toEqual({});
    expect(ackBaseUrlIn(withoutDomain)).toEqual({ 'Fn::GetAtt': [expect.any(String), 'ApiEndpoint'] });
  });
});
