// Deployment settings, read once from CDK context (`cdk synth -c stage=prod -c alarmEmail=...`)
// and validated here so a typo fails synth instead of deploying something half-configured.
import type { Node } from 'constructs';
import { type DltTemplateIds, LOCAL_DLT_TEMPLATE_IDS, parseDltTemplateIds } from '../functions/domain/sms/templates.js';

export const STAGES = ['dev', 'prod'] as const;
export type Stage = (typeof STAGES)[number];

/** Indian SMS local routes work only in ap-south-1 or ap-south-2 (DESIGN.md). */
export const DEFAULT_REGION = 'ap-south-1';

/** The DLT header the SMS go out under unless context names another. */
export const DEFAULT_SMS_SENDER_ID = 'SRKSHA';
/** An obviously fake principal entity id, for dev stacks that never send to a real Indian number. */
export const DEV_DLT_ENTITY_ID = '1001000000000000001';
/** A sender on a reserved domain that never resolves (RFC 2606): a dev stack's weekly summaries go nowhere until context names a real one. */
export const DEV_SES_FROM_ADDRESS = 'suraksha-dev@example.invalid';
/** What SNS charges per SMS segment to India, for the weekly cost estimate; the functions assume the same when unset. */
export const DEFAULT_SMS_PRICE_PER_SEGMENT_INR = 0.25;

/** What SES verifies before it sends as the summary's sender: its domain (or a parent domain), or the address itself. */
export type SesIdentitySettings = { readonly domain: string } | { readonly email: string };

/** A custom domain for acknowledgement links (DOMAIN.md: a short domain whitelisted with the DLT templates). */
export interface AckDomainSettings {
  readonly domainName: string;
  /** An ACM certificate for the domain, in the stack's region: a regional endpoint takes no other. */
  readonly certificateArn: string;
}

export interface Settings {
  readonly stage: Stage;
  /** Undefined keeps the stack environment-agnostic for the account, so synth needs no credentials. */
  readonly account: string | undefined;
  readonly region: string;
  readonly alarmEmail: string | undefined;
  /** The funders' weekly summary is sent from this address. */
  readonly sesFromAddress: string;
  readonly sesIdentity: SesIdentitySettings;
  /** Rupees per SMS segment, for the SMS cost in the weekly metrics. */
  readonly smsPricePerSegmentInr: number;
  /** The alphabetic sender id (header) registered on DLT. */
  readonly smsSenderId: string;
  /** The DLT principal entity id. */
  readonly dltEntityId: string;
  /** DLT template id per SMS template and language. */
  readonly dltTemplateIds: DltTemplateIds;
  /** Undefined: links point at the API's own execute-api URL, which is fine for dev only. */
  readonly ackDomain: AckDomainSettings | undefined;
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const SMS_SENDER_ID = /^[A-Z]{6}$/;
const DLT_ENTITY_ID = /^\d{19}$/;
const DOMAIN_NAME = /^(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/;
const CERTIFICATE_ARN = /^arn:aws[a-z-]*:acm:([a-z0-9-]+):\d{12}:certificate\/[0-9a-f-]+$/;

export function readSettings(node: Node, environment: NodeJS.ProcessEnv = process.env): Settings {
  const context = (key: string): unknown => node.tryGetContext(key);
  const stage = readStage(context('stage'));
  const region = optionalText(context('region'), 'region') ?? DEFAULT_REGION;
  // Dev may run on fake DLT registrations; prod must name the real ones, or its SMS are refused.
  const requiredInProd = (key: string, what: string, devDefault: string): string => {
    const value = optionalText(context(key), key);
    if (value !== undefined) return value;
    if (stage === 'prod') throw new Error(`Context "${key}" is required for stage prod: ${what}`);
    return devDefault;
  };

  const sesFromAddress = matching(
    requiredInProd(
      'sesFromAddress',
      "the address the funders' weekly summary is sent from, on a domain or address verifiable in SES",
      DEV_SES_FROM_ADDRESS,
    ),
    EMAIL,
    'sesFromAddress',
    'an email address',
  );

  return {
    stage,
    account: optionalText(context('account'), 'account') ?? environment.CDK_DEFAULT_ACCOUNT,
    region,
    alarmEmail: optionalEmail(context('alarmEmail'), 'alarmEmail'),
    sesFromAddress,
    sesIdentity: readSesIdentity(optionalText(context('sesIdentity'), 'sesIdentity'), sesFromAddress),
    smsPricePerSegmentInr: readSmsPrice(context('smsPricePerSegmentInr')),
    smsSenderId: matching(
      optionalText(context('smsSenderId'), 'smsSenderId') ?? DEFAULT_SMS_SENDER_ID,
      SMS_SENDER_ID,
      'smsSenderId',
      'a DLT alphabetic header of 6 capital letters',
    ),
    dltEntityId: matching(
      requiredInProd('dltEntityId', 'the DLT principal entity id every SMS to India carries', DEV_DLT_ENTITY_ID),
      DLT_ENTITY_ID,
      'dltEntityId',
      'a 19-digit DLT entity id',
    ),
    dltTemplateIds: readDltTemplateIds(
      requiredInProd('dltTemplateIds', 'the DLT template ids registered for every SMS template', JSON.stringify(LOCAL_DLT_TEMPLATE_IDS)),
    ),
    ackDomain: readAckDomain(context('ackDomainName'), context('ackCertificateArn'), region),
  };
}

function readStage(value: unknown): Stage {
  if (value === undefined) return 'dev';
  const stage = STAGES.find((candidate) => candidate === value);
  if (!stage) throw new Error(`Context "stage" must be one of ${STAGES.join(', ')}; got ${JSON.stringify(value)}`);
  return stage;
}

function readDltTemplateIds(json: string): DltTemplateIds {
  try {
    return parseDltTemplateIds(json);
  } catch (error) {
    throw new Error(`Context "dltTemplateIds" must be a JSON map of template id to {en, bn} DLT template ids. ${(error as Error).message}`);
  }
}

function readSesIdentity(identity: string | undefined, fromAddress: string): SesIdentitySettings {
  const fromDomain = fromAddress.slice(fromAddress.lastIndexOf('@') + 1).toLowerCase();
  if (identity === undefined) return { domain: matching(fromDomain, DOMAIN_NAME, 'sesFromAddress', 'an address on a valid domain') };
  // An address identity lets SES send as that address only; a domain identity covers its subdomains too.
  if (identity.includes('@')) {
    if (identity !== fromAddress) {
      throw new Error(
        `Context "sesIdentity" names an address, so it must be sesFromAddress itself (${fromAddress}); got ${JSON.stringify(identity)}`,
      );
    }
    return { email: identity };
  }
  matching(identity, DOMAIN_NAME, 'sesIdentity', 'a lower-case domain name or an email address');
  if (fromDomain !== identity && !fromDomain.endsWith(`.${identity}`)) {
    throw new Error(
      `Context "sesIdentity" must be the domain of sesFromAddress (${fromDomain}) or a parent domain of it, or the address itself; got ${JSON.stringify(identity)}`,
    );
  }
  return { domain: identity };
}

// `-c smsPricePerSegmentInr=0.3` gives a string, cdk.json a number; both are taken.
function readSmsPrice(value: unknown): number {
  if (value === undefined) return DEFAULT_SMS_PRICE_PER_SEGMENT_INR;
  const price = typeof value === 'string' && /^\d+(\.\d+)?$/.test(value.trim()) ? Number(value) : value;
  if (typeof price !== 'number' || !Number.isFinite(price) || price < 0) {
    throw new Error(`Context "smsPricePerSegmentInr" must be a non-negative number of rupees, such as 0.25; got ${JSON.stringify(value)}`);
  }
  return price;
}

function readAckDomain(domainName: unknown, certificateArn: unknown, region: string): AckDomainSettings | undefined {
  const domain = optionalText(domainName, 'ackDomainName');
  const certificate = optionalText(certificateArn, 'ackCertificateArn');
  if (domain === undefined && certificate === undefined) return undefined;
  if (domain === undefined || certificate === undefined) {
    throw new Error('Context "ackDomainName" and "ackCertificateArn" go together: give both or neither');
  }
  matching(domain, DOMAIN_NAME, 'ackDomainName', 'a lower-case domain name such as a.example.org');
  const certificateRegion = CERTIFICATE_ARN.exec(certificate)?.[1];
  if (certificateRegion !== region) {
    throw new Error(
      `Context "ackCertificateArn" must be an ACM certificate ARN in ${region}, the stack's region (a regional API domain takes no other); got ${JSON.stringify(certificate)}`,
    );
  }
  return { domainName: domain, certificateArn: certificate };
}

function optionalText(value: unknown, key: string): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || value.trim() === '') {
    throw new Error(`Context "${key}" must be a non-empty string; got ${JSON.stringify(value)}`);
  }
  return value.trim();
}

function optionalEmail(value: unknown, key: string): string | undefined {
  const text = optionalText(value, key);
  return text === undefined ? undefined : matching(text, EMAIL, key, 'an email address');
}

function matching(text: string, pattern: RegExp, key: string, what: string): string {
  if (!pattern.test(text)) throw new Error(`Context "${key}" must be ${what}; got ${JSON.stringify(text)}`);
  return text;
}
