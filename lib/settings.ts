// Deployment settings, read once from CDK context (`cdk synth -c stage=prod -c alarmEmail=...`)
// and validated here so a typo fails synth instead of deploying something half-configured.
import type { Node } from 'constructs';
import { DEFAULT_SMS_PRICE_PER_SEGMENT_INR } from '../functions/domain/prices.js';
import { DEFAULT_RETENTION, parseRetentionSchedule, type RetentionSchedule } from '../functions/domain/retention.js';
import {
  DEFAULT_WHATSAPP_TEMPLATE_NAMES,
  type DltTemplateIds,
  LOCAL_DLT_TEMPLATE_IDS,
  parseDltTemplateIds,
  parseWhatsAppTemplateNames,
  type WhatsAppTemplateNames,
} from '../functions/domain/sms/templates.js';
import * as z from '../functions/domain/zod.js';

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
export { DEFAULT_SMS_PRICE_PER_SEGMENT_INR };

/** What SES verifies before it sends as the summary's sender: its domain (or a parent domain), or the address itself. */
export type SesIdentitySettings = { readonly domain: string } | { readonly email: string };

/** A custom domain for acknowledgement links (DOMAIN.md: a short domain whitelisted with the DLT templates). */
export interface AckDomainSettings {
  readonly domainName: string;
  /** An ACM certificate for the domain, in the stack's region: a regional endpoint takes no other. */
  readonly certificateArn: string;
}

/** WhatsApp through End User Messaging Social (DESIGN.md "Channels"): on only where a phone number is named. */
export interface WhatsAppSettings {
  /** `phone-number-id-` and 32 hex digits: the business number messages come from (GetLinkedWhatsAppBusinessAccount). */
  readonly phoneNumberId: string;
  /** Meta's name of each approved template; `suraksha_<id>` unless context says otherwise. */
  readonly templateNames: WhatsAppTemplateNames;
  /** The Graph API version messages are written for; the adapter's default unless context says. */
  readonly metaApiVersion: string | undefined;
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
  /** The programme's coordinator line the acknowledgement pages and WhatsApp refusals offer to call (E.164). */
  readonly coordinatorPhone: string | undefined;
  /** Undefined: no WhatsApp, every alert goes by SMS. */
  readonly whatsapp: WhatsAppSettings | undefined;
  /** How long personal fields, Idempotency-Keys, acknowledgement links and audit records are kept. */
  readonly retention: RetentionSchedule;
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const SMS_SENDER_ID = /^[A-Z]{6}$/;
const DLT_ENTITY_ID = /^\d{19}$/;
const DOMAIN_NAME = /^(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/;
const CERTIFICATE_ARN = /^arn:aws[a-z-]*:acm:([a-z0-9-]+):\d{12}:certificate\/[0-9a-f-]+$/;
/** `-c smsPricePerSegmentInr=0.3` gives a string, cdk.json a number; both are taken. */
const DECIMAL = /^\d+(\.\d+)?$/;
const E164 = /^\+[1-9]\d{7,14}$/;
const WHATSAPP_PHONE_NUMBER_ID = /^phone-number-id-[0-9a-f]{32}$/;
const META_API_VERSION = /^v\d+\.\d+$/;

const got = (value: unknown) => `got ${JSON.stringify(value)}`;
/** An error message for a value that fails: what it must be, and what it was (after trimming). */
const mustBe = (what: string) => (issue: { input?: unknown }) => `must be ${what}; ${got(issue.input)}`;

const text = () =>
  z.string({ error: mustBe('a non-empty string') }).check(z.trim(), z.minLength(1, { error: mustBe('a non-empty string'), abort: true }));
const matching = (pattern: RegExp, what: string) => text().check(z.regex(pattern, { error: mustBe(what) }));
/** A setting given as JSON and read by `parse`; what `parse` throws says why, after `what` it must be. */
const json = <T>(parse: (json: string) => T, what: string) =>
  z.pipe(
    text(),
    z.transform((value, context): T => {
      try {
        return parse(value);
      } catch (error) {
        const reason = error instanceof Error ? error.message : String(error);
        context.issues.push({ code: 'custom', input: value, message: `must be ${what}. ${reason}` });
        return z.NEVER;
      }
    }),
  );

/** Each context key on its own; the rules that join keys (and stage prod's requirements) come after. */
const ContextValues = z.object({
  stage: z._default(z.enum(STAGES, { error: mustBe(`one of ${STAGES.join(', ')}`) }), 'dev'),
  account: z.optional(text()),
  region: z._default(text(), DEFAULT_REGION),
  alarmEmail: z.optional(matching(EMAIL, 'an email address')),
  sesFromAddress: z.optional(matching(EMAIL, 'an email address')),
  // An address identity lets SES send as that address only; a domain identity covers its subdomains too.
  sesIdentity: z.optional(
    text().check(
      z.refine((identity) => identity.includes('@') || DOMAIN_NAME.test(identity), {
        error: mustBe('a lower-case domain name or an email address'),
      }),
    ),
  ),
  smsPricePerSegmentInr: z._default(
    z.pipe(
      z.transform((value) => (typeof value === 'string' && DECIMAL.test(value.trim()) ? Number(value) : value)),
      z
        .number({ error: mustBe(`a non-negative number of rupees, such as ${DEFAULT_SMS_PRICE_PER_SEGMENT_INR}`) })
        .check(z.minimum(0, { error: mustBe(`a non-negative number of rupees, such as ${DEFAULT_SMS_PRICE_PER_SEGMENT_INR}`) })),
    ),
    DEFAULT_SMS_PRICE_PER_SEGMENT_INR,
  ),
  smsSenderId: z._default(matching(SMS_SENDER_ID, 'a DLT alphabetic header of 6 capital letters'), DEFAULT_SMS_SENDER_ID),
  dltEntityId: z.optional(matching(DLT_ENTITY_ID, 'a 19-digit DLT entity id')),
  dltTemplateIds: z.optional(json(parseDltTemplateIds, 'a JSON map of template id to {en, bn} DLT template ids')),
  ackDomainName: z.optional(matching(DOMAIN_NAME, 'a lower-case domain name such as a.example.org')),
  ackCertificateArn: z.optional(text()),
  coordinatorPhone: z.optional(matching(E164, 'an E.164 phone number such as +919812345678')),
  whatsappPhoneNumberId: z.optional(
    matching(WHATSAPP_PHONE_NUMBER_ID, 'phone-number-id- then 32 hex digits, as End User Messaging Social names it'),
  ),
  whatsappTemplateNames: z.optional(json(parseWhatsAppTemplateNames, 'a JSON map of template id to Meta template name')),
  whatsappMetaApiVersion: z.optional(matching(META_API_VERSION, 'a Graph API version such as v20.0')),
  // JSON text from `-c retention=...`, an object from cdk.json; periods left out keep their defaults.
  retention: z.pipe(
    z.unknown(),
    z.transform((value, context): RetentionSchedule | undefined => {
      if (value === undefined) return undefined;
      try {
        return parseRetentionSchedule(typeof value === 'string' ? value : JSON.stringify(value));
      } catch (error) {
        context.issues.push({
          code: 'custom',
          input: value,
          message: `must be a JSON map of retention periods: ${(error as Error).message}`,
        });
        return z.NEVER;
      }
    }),
  ),
});
type ContextValues = z.output<typeof ContextValues>;
type ContextKey = keyof ContextValues;

/** Dev may run on fake DLT registrations; prod must name the real ones, or its SMS are refused. */
const REQUIRED_IN_PROD = {
  sesFromAddress: "the address the funders' weekly summary is sent from, on a domain or address verifiable in SES",
  dltEntityId: 'the DLT principal entity id every SMS to India carries',
  dltTemplateIds: 'the DLT template ids registered for every SMS template',
} as const satisfies Partial<Record<ContextKey, string>>;

type SettingsFromContext = Omit<Settings, 'account'> & { account: string | undefined };

/** The whole of the context: each key, then the rules that join them, into the settings. */
const SettingsContext = z.pipe(
  ContextValues,
  z.transform((values, context): SettingsFromContext => {
    const fail = (key: ContextKey, message: string) => {
      context.issues.push({ code: 'custom', path: [key], input: values[key], message });
      return z.NEVER;
    };
    const { stage } = values;
    if (stage === 'prod') {
      for (const [key, what] of Object.entries(REQUIRED_IN_PROD)) {
        if (values[key as keyof typeof REQUIRED_IN_PROD] === undefined) fail(key as ContextKey, `is required for stage prod: ${what}`);
      }
    }
    const sesFromAddress = values.sesFromAddress ?? DEV_SES_FROM_ADDRESS;
    const sesIdentity = readSesIdentity(values.sesIdentity, sesFromAddress, fail);
    const ackDomain = readAckDomain(values, fail);
    const whatsapp = readWhatsApp(values, fail);
    if (context.issues.length > 0) return z.NEVER;
    return {
      stage,
      account: values.account,
      region: values.region,
      alarmEmail: values.alarmEmail,
      sesFromAddress,
      sesIdentity,
      smsPricePerSegmentInr: values.smsPricePerSegmentInr,
      smsSenderId: values.smsSenderId,
      dltEntityId: values.dltEntityId ?? DEV_DLT_ENTITY_ID,
      dltTemplateIds: values.dltTemplateIds ?? LOCAL_DLT_TEMPLATE_IDS,
      ackDomain,
      coordinatorPhone: values.coordinatorPhone,
      whatsapp,
      retention: values.retention ?? DEFAULT_RETENTION,
    };
  }),
);

function readWhatsApp(values: ContextValues, fail: Fail): WhatsAppSettings | undefined {
  const { whatsappPhoneNumberId: phoneNumberId, whatsappTemplateNames, whatsappMetaApiVersion } = values;
  if (phoneNumberId === undefined) {
    if (whatsappTemplateNames !== undefined)
      return fail('whatsappTemplateNames', 'needs "whatsappPhoneNumberId": WhatsApp is off without it');
    return undefined;
  }
  // Whoever writes to the number and cannot report there is given the coordinator's number.
  if (values.coordinatorPhone === undefined)
    return fail('coordinatorPhone', 'is required with "whatsappPhoneNumberId": the chat refers people to it');
  return {
    phoneNumberId,
    templateNames: whatsappTemplateNames ?? DEFAULT_WHATSAPP_TEMPLATE_NAMES,
    metaApiVersion: whatsappMetaApiVersion,
  };
}

type Fail = (key: ContextKey, message: string) => never;

function readSesIdentity(identity: string | undefined, fromAddress: string, fail: Fail): SesIdentitySettings {
  const fromDomain = fromAddress.slice(fromAddress.lastIndexOf('@') + 1).toLowerCase();
  if (identity === undefined) {
    return DOMAIN_NAME.test(fromDomain)
      ? { domain: fromDomain }
      : fail('sesFromAddress', `must be an address on a valid domain; ${got(fromDomain)}`);
  }
  if (identity.includes('@')) {
    return identity === fromAddress
      ? { email: identity }
      : fail('sesIdentity', `names an address, so it must be sesFromAddress itself (${fromAddress}); ${got(identity)}`);
  }
  if (fromDomain !== identity && !fromDomain.endsWith(`.${identity}`)) {
    return fail(
      'sesIdentity',
      `must be the domain of sesFromAddress (${fromDomain}) or a parent domain of it, or the address itself; ${got(identity)}`,
    );
  }
  return { domain: identity };
}

function readAckDomain(values: ContextValues, fail: Fail): AckDomainSettings | undefined {
  const { ackDomainName: domainName, ackCertificateArn: certificateArn, region } = values;
  if (domainName === undefined && certificateArn === undefined) return undefined;
  if (domainName === undefined || certificateArn === undefined) {
    return fail('ackDomainName', 'and "ackCertificateArn" go together: give both or neither');
  }
  if (CERTIFICATE_ARN.exec(certificateArn)?.[1] !== region) {
    return fail(
      'ackCertificateArn',
      `must be an ACM certificate ARN in ${region}, the stack's region (a regional API domain takes no other); ${got(certificateArn)}`,
    );
  }
  return { domainName, certificateArn };
}

/**
 * Reads and checks every context key this app takes; a bad or missing value stops synth. Each key that
 * breaks its own rule gets a line naming it; the rules joining keys (stage prod's requirements, the SES
 * identity, the ack domain) are checked once every key passes its own.
 */
export function readSettings(node: Node, environment: NodeJS.ProcessEnv = process.env): Settings {
  const context = Object.fromEntries(Object.keys(ContextValues.shape).map((key) => [key, node.tryGetContext(key)]));
  const parsed = SettingsContext.safeParse(context);
  if (!parsed.success) throw new Error(parsed.error.issues.map(describeIssue).join('\n'));
  return { ...parsed.data, account: parsed.data.account ?? environment.CDK_DEFAULT_ACCOUNT };
}

function describeIssue(issue: z.core.$ZodIssue): string {
  const [key] = issue.path;
  return `Context "${String(key)}" ${issue.message}`;
}
