// The short custom domain acknowledgement links are sent on (DOMAIN.md: a link in an SMS must be on a
// domain whitelisted with its DLT template). DNS is kept elsewhere: point a CNAME at `cnameTarget`.
import { ApiMapping, DomainName, EndpointType, SecurityPolicy } from 'aws-cdk-lib/aws-apigatewayv2';
import { Certificate } from 'aws-cdk-lib/aws-certificatemanager';
import { Construct } from 'constructs';
import type { SurakshaHttpApi } from './http-api.js';
import type { AckDomainSettings } from './settings.js';

export interface AckLinkDomainProps extends AckDomainSettings {
  readonly httpApi: SurakshaHttpApi;
}

export class AckLinkDomain extends Construct {
  readonly domainName: string;
  readonly domain: DomainName;

  constructor(scope: Construct, id: string, props: AckLinkDomainProps) {
    super(scope, id);
    this.domainName = props.domainName;

    this.domain = new DomainName(this, 'DomainName', {
      domainName: props.domainName,
      certificate: Certificate.fromCertificateArn(this, 'Certificate', props.certificateArn),
      endpointType: EndpointType.REGIONAL,
      securityPolicy: SecurityPolicy.TLS_1_2,
    });
    // The whole API at the root, so `/a/<token>` on the domain is the API's `/a/<token>`.
    new ApiMapping(this, 'Mapping', { api: props.httpApi.api, domainName: this.domain, stage: props.httpApi.stage });
  }

  /** What links are built on. */
  get baseUrl(): string {
    return `https://${this.domainName}`;
  }

  /** The host name the domain's CNAME record must point to. */
  get cnameTarget(): string {
    return this.domain.regionalDomainName;
  }
}
