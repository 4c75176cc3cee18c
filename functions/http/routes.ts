// Every route of the HTTP API, once: the CDK stack wires them, the dev server serves them, and the
// OpenAPI document describes them from this table and the same zod schemas the handlers validate with.

import { lazily } from '../domain/lazily.js';
import { FunderWeeklyViewSchema } from '../domain/metrics/funder-view.js';
import { isIsoWeek } from '../domain/metrics/iso-week.js';
import { PRIVACY_NOTICE_PATH } from '../domain/privacy-notice.js';
import {
  AuditRecordSchema,
  ChildErasureSchema,
  ChildExportSchema,
  ChildRefSchema,
  ConsentWithdrawalRequestSchema,
  ContactInputSchema,
  ContactPatchSchema,
  ContactViewSchema,
  CoverageWarningSchema,
  DutyDoneRequestSchema,
  DutyIdSchema,
  ErasureRequestSchema,
  HistoryEntryViewSchema,
  IncidentCorrectionSchema,
  IncidentExportSchema,
  IncidentNoteRequestSchema,
  IncidentReportSchema,
  IncidentTransitionRequestSchema,
  IncidentViewSchema,
  IsoWeekSchema,
  LegalHoldRequestSchema,
  LinkageInputSchema,
  LinkageSchema,
  LinkageTransitionRequestSchema,
  MeetingInputSchema,
  MeetingSchema,
  NotificationRecordSchema,
  UlidSchema,
  VillageCoverageSchema,
  VillageIdSchema,
  VillageInputSchema,
  VillageSchema,
  WeeklyMetricsSchema,
} from '../domain/schemas.js';
import type { AuditedRecord, Role } from '../domain/vocabulary.js';
import * as z from '../domain/zod.js';
import {
  EXAMPLE_ACCESS_LOG,
  EXAMPLE_ACK_TOKEN,
  EXAMPLE_ACKNOWLEDGED,
  EXAMPLE_CHILD_ERASURE,
  EXAMPLE_CLOSED,
  EXAMPLE_CONSENT,
  EXAMPLE_CONSENT_WITHDRAWN,
  EXAMPLE_CONTACT,
  EXAMPLE_CORRECTED,
  EXAMPLE_CURSOR,
  EXAMPLE_DUTY_DONE,
  EXAMPLE_ERASED,
  EXAMPLE_HELD,
  EXAMPLE_HISTORY,
  EXAMPLE_ID,
  EXAMPLE_INCIDENT,
  EXAMPLE_LINKAGE,
  EXAMPLE_LINKAGE_REFERRED,
  EXAMPLE_MEETING,
  EXAMPLE_NOTE_ENTRY,
  EXAMPLE_NOTIFICATIONS,
  EXAMPLE_REPORTED,
  EXAMPLE_VILLAGE,
  EXAMPLE_VILLAGE_ID,
  EXAMPLE_WEEK,
} from './examples.js';
import {
  AuditQuerySchema,
  ContactListQuerySchema,
  IncidentListQuerySchema,
  LinkageListQuerySchema,
  MeetingListQuerySchema,
  NoQuerySchema,
  PlainListQuerySchema,
} from './queries.js';

/** One Lambda per group; `access` is what its role may do to the table (least privilege). */
export const ROUTE_GROUPS = {
  public: { entry: 'functions/http/public.ts', access: 'none' },
  // Read-audit: reads, and writes only audit records (each read of a record about a child leaves one).
  'incidents-read': { entry: 'functions/http/incidents-read.ts', access: 'read-audit' },
  'incidents-write': { entry: 'functions/http/incidents-write.ts', access: 'read-write' },
  'directory-read': { entry: 'functions/http/directory-read.ts', access: 'read' },
  'directory-write': { entry: 'functions/http/directory-write.ts', access: 'read-write' },
  'activities-read': { entry: 'functions/http/activities-read.ts', access: 'read-audit' },
  'activities-write': { entry: 'functions/http/activities-write.ts', access: 'read-write' },
  'ack-links': { entry: 'functions/http/ack-links.ts', access: 'read-write' },
  // Read-write: a finished week's figures are stored the first time they are computed.
  metrics: { entry: 'functions/http/metrics.ts', access: 'read-write' },
  // Audit records, legal holds, erasure and exports: what a coordinator does for the people whose data it is.
  'data-protection': { entry: 'functions/http/data-protection.ts', access: 'read-write' },
} as const;
export type RouteGroup = keyof typeof ROUTE_GROUPS;

export type HttpMethodName = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** A directory change's answer: the record, and the coverage gaps the change opens (absent when none). */
const withWarnings = <T extends z.ZodMiniObject>(schema: T) =>
  lazily(() => z.extend(schema, { warnings: z.optional(z.array(CoverageWarningSchema)) }));

export interface RouteSpec {
  method: HttpMethodName;
  /** API Gateway path syntax: `/incidents/{id}`. */
  path: string;
  group: RouteGroup;
  summary: string;
  /** Who may call it; `anyone` routes need no token, and say why for the record. */
  access: { roles: readonly Role[] } | { anyone: string };
  body?: z.ZodMiniType;
  /** The query string's schema; a route without one ignores the query string. */
  query?: z.ZodMiniType;
  /** Path parameters and their patterns. */
  params?: Record<string, z.ZodMiniType>;
  idempotent?: boolean;
  ifMatch?: 'required' | 'optional';
  /** It may answer 409 besides an Idempotency-Key's or a workflow move's (a legal hold, a duty already done). */
  conflicts?: true;
  /**
   * What its reads are audited as: an audit record each (use-cases/audit.ts) before the answer, or
   * none and 503. Every route that reads a record about a child, or a week's metrics, says so here.
   */
  audit?: AuditedRecord;
  /** `media`: what the route answers instead of JSON: a page for a phone's browser (the acknowledgement links), or plain text. */
  /** `created`: a PUT that answers 201 when the resource is new, `status` when it replaces it. */
  success: { status: number; schema: z.ZodMiniType; etag?: boolean; media?: 'text/html' | 'text/plain'; created?: true };
  /** A page's optional `application/x-www-form-urlencoded` body: documented here, read by the page's own handler. */
  form?: z.ZodMiniType;
  /**
   * What a client could send and get back, written by hand (never generated from the schemas it is
   * checked against, in test/unit/openapi.test.ts): the OpenAPI document shows it, and the route
   * fuzzer mutates its body.
   */
  example?: RouteExample;
}

export interface RouteExample {
  /** A value for each path parameter. */
  params?: Readonly<Record<string, string>>;
  body?: unknown;
  form?: Readonly<Record<string, string>>;
  /** What the route answers with its success status (a coordinator's view where views differ). */
  success?: unknown;
}

type DeepReadonly<T> = T extends readonly (infer Item)[]
  ? readonly DeepReadonly<Item>[]
  : T extends object
    ? { readonly [K in keyof T]: DeepReadonly<T[K]> }
    : T;
/** A route's example typed from the route's own schemas, so a misspelt field or an unknown value does not compile. */
interface ExampleOf<R extends RouteSpec> {
  params?: R extends { params: infer P extends Record<string, z.ZodMiniType> } ? { readonly [K in keyof P]: string } : never;
  body?: R extends { body: infer B extends z.ZodMiniType } ? DeepReadonly<z.input<B>> : never;
  form?: R extends { form: infer F extends z.ZodMiniType } ? DeepReadonly<z.input<F>> : never;
  success?: DeepReadonly<z.output<R['success']['schema']>>;
}

/** Keeps each route's own schemas in its type, so a handler's input is typed from the table. */
const defineRoute = <const R extends RouteSpec>(route: R & { example?: ExampleOf<R> }): R => route;

const ALL_ROLES = ['coordinator', 'volunteer', 'duty_bearer', 'funder'] as const;
const ulidParam = { id: UlidSchema };
const tokenParam = { token: lazily(() => z.string().check(z.regex(/^[A-Za-z0-9_-]{16,64}$/))) };
/** A confirmation's note is kept to the first this many characters, as long as a transition's note may be. */
export const ACK_NOTE_MAX_LENGTH = 1000;
/** An ISO week that exists: 2026-W53 does (2026 begins on a Thursday), 2027-W53 does not. */
const ExistingWeekSchema = lazily(() => IsoWeekSchema.check(z.refine(isIsoWeek, { error: 'that year has no such ISO week' })));
const pageOf = (item: z.ZodMiniType) => lazily(() => z.object({ items: z.array(item), nextCursor: z.optional(z.string()) }));
/** A page for a phone's browser, or a text file: one schema each, so that each is its own component in OpenAPI. */
const textSchema = () => lazily(() => z.string());

export const ROUTE = {
  health: defineRoute({
    method: 'GET',
    path: '/health',
    group: 'public',
    summary: 'Liveness probe',
    access: { anyone: 'Liveness probe for uptime monitors, which hold no Cognito token; it returns a constant and reads no data.' },
    success: { status: 200, schema: lazily(() => z.object({ status: z.literal('ok') })) },
    example: { success: { status: 'ok' } },
  }),
  openApi: defineRoute({
    method: 'GET',
    path: '/openapi.json',
    group: 'public',
    summary: 'This API as an OpenAPI 3.1 document',
    access: { anyone: 'The API contract is public so mobile clients can be generated from it; it holds no data.' },
    success: { status: 200, schema: lazily(() => z.record(z.string(), z.unknown())) },
  }),
  robots: defineRoute({
    method: 'GET',
    path: '/robots.txt',
    group: 'public',
    summary: 'Asks crawlers to index nothing: the acknowledgement links must never be found by search',
    access: { anyone: 'Crawlers read it before anything else; it is a constant and reads no data.' },
    success: { status: 200, schema: textSchema(), media: 'text/plain' },
    example: { success: 'User-agent: *\nDisallow: /\n' },
  }),
  putVillage: defineRoute({
    method: 'PUT',
    path: '/villages/{villageId}',
    group: 'directory-write',
    summary: 'Create or replace a village',
    access: { roles: ['coordinator'] },
    params: { villageId: VillageIdSchema },
    body: VillageInputSchema,
    success: { status: 200, schema: withWarnings(VillageSchema), created: true },
    example: {
      params: { villageId: EXAMPLE_VILLAGE_ID },
      body: {
        name: 'Hingalganj',
        block: 'Hingalganj',
        district: 'North 24 Parganas',
        notes: 'River island; reached by ferry from Dulduli',
      },
      success: EXAMPLE_VILLAGE,
    },
  }),
  villageCoverage: defineRoute({
    method: 'GET',
    path: '/villages/{villageId}/coverage',
    group: 'directory-read',
    summary: 'For each category, the kinds its rules need in the village and which have no active, reachable contact',
    access: { roles: ['coordinator'] },
    params: { villageId: VillageIdSchema },
    query: NoQuerySchema,
    success: { status: 200, schema: VillageCoverageSchema },
    example: { params: { villageId: EXAMPLE_VILLAGE_ID } },
  }),
  listVillages: defineRoute({
    method: 'GET',
    path: '/villages',
    group: 'directory-read',
    summary: 'List villages',
    access: { roles: ALL_ROLES },
    query: PlainListQuerySchema,
    success: { status: 200, schema: pageOf(VillageSchema) },
    example: {
      success: {
        items: [
          EXAMPLE_VILLAGE,
          {
            id: 'v-haroa-1',
            name: 'Haroa',
            block: 'Haroa',
            district: 'North 24 Parganas',
            createdAt: '2026-11-01T04:35:00.000Z',
            updatedAt: '2026-11-01T04:35:00.000Z',
          },
        ],
        nextCursor: EXAMPLE_CURSOR,
      },
    },
  }),
  createContact: defineRoute({
    method: 'POST',
    path: '/contacts',
    group: 'directory-write',
    summary: 'Add a contact to the directory',
    access: { roles: ['coordinator'] },
    body: ContactInputSchema,
    idempotent: true,
    success: { status: 201, schema: ContactViewSchema, etag: true },
    example: {
      body: {
        name: 'Anganwadi centre 3, Hingalganj',
        kind: 'anganwadi',
        villages: [EXAMPLE_VILLAGE_ID],
        language: 'bn',
        phone: '+919812345678',
        channels: { whatsapp: { optIn: true, optInAt: '2026-11-02T06:00:00.000Z', optInSource: 'written_form' } },
      },
      success: EXAMPLE_CONTACT,
    },
  }),
  listContacts: defineRoute({
    method: 'GET',
    path: '/contacts',
    group: 'directory-read',
    summary: 'List contacts, by village and kind',
    access: { roles: ['coordinator'] },
    query: ContactListQuerySchema,
    success: { status: 200, schema: pageOf(ContactViewSchema) },
    example: { success: { items: [EXAMPLE_CONTACT] } },
  }),
  patchContact: defineRoute({
    method: 'PATCH',
    path: '/contacts/{id}',
    group: 'directory-write',
    summary: 'Change a contact (phone, villages, language, email, channels: SMS and WhatsApp opt-in, active)',
    access: { roles: ['coordinator'] },
    params: ulidParam,
    query: NoQuerySchema,
    body: ContactPatchSchema,
    ifMatch: 'optional',
    success: { status: 200, schema: withWarnings(ContactViewSchema), etag: true },
    example: {
      params: { id: EXAMPLE_ID.anganwadi },
      body: { active: false },
      success: {
        ...EXAMPLE_CONTACT,
        active: false,
        version: 2,
        updatedAt: '2026-11-30T04:00:00.000Z',
        warnings: [
          {
            villageId: EXAMPLE_VILLAGE_ID,
            kind: 'anganwadi',
            categories: ['neglect', 'health_nutrition'],
            message: 'No active, reachable anganwadi contact covers v-hingalganj-1: alerts for it will reach nobody there.',
          },
        ],
      },
    },
  }),
  reportIncident: defineRoute({
    method: 'POST',
    path: '/incidents',
    group: 'incidents-write',
    summary: 'Report an incident',
    access: { roles: ['volunteer', 'coordinator', 'duty_bearer'] },
    body: IncidentReportSchema,
    idempotent: true,
    success: { status: 201, schema: lazily(() => z.extend(IncidentViewSchema, { routedTo: z.array(z.ulid()) })), etag: true },
    example: {
      // API.md's example body, as a volunteer of the village sends it.
      body: {
        villageId: EXAMPLE_VILLAGE_ID,
        category: 'child_marriage',
        severity: 'high',
        occurredAt: '2026-11-28T18:00:00.000Z',
        expectedBy: '2026-12-20T06:00:00.000Z',
        child: { ageBand: '15-17', gender: 'girl', name: 'Rina Khatun' },
        description: 'Marriage being arranged with a man from Basirhat; the family has set a date in December',
        location: 'Behind the primary school, ward 3',
        medicalCareNeeded: false,
        confidential: false,
      },
      success: EXAMPLE_REPORTED,
    },
  }),
  listIncidents: defineRoute({
    method: 'GET',
    path: '/incidents',
    group: 'incidents-read',
    summary: 'List incidents the caller may see, newest first',
    access: { roles: ['coordinator', 'duty_bearer', 'volunteer'] },
    audit: 'incident',
    query: IncidentListQuerySchema,
    success: { status: 200, schema: pageOf(IncidentViewSchema) },
    example: { success: { items: [EXAMPLE_INCIDENT], nextCursor: EXAMPLE_CURSOR } },
  }),
  getIncident: defineRoute({
    method: 'GET',
    path: '/incidents/{id}',
    group: 'incidents-read',
    summary: "An incident in the caller's view",
    access: { roles: ['coordinator', 'duty_bearer', 'volunteer'] },
    audit: 'incident',
    params: ulidParam,
    query: NoQuerySchema,
    success: { status: 200, schema: IncidentViewSchema, etag: true },
    example: { params: { id: EXAMPLE_ID.incident }, success: EXAMPLE_INCIDENT },
  }),
  transitionIncident: defineRoute({
    method: 'POST',
    path: '/incidents/{id}/transitions',
    group: 'incidents-write',
    summary: 'Move an incident along its workflow',
    access: { roles: ['coordinator', 'duty_bearer'] },
    params: ulidParam,
    body: IncidentTransitionRequestSchema,
    ifMatch: 'required',
    success: { status: 200, schema: IncidentViewSchema, etag: true },
    example: {
      params: { id: EXAMPLE_ID.incident },
      body: { to: 'acknowledged', note: 'Spoke to the family; visiting tomorrow' },
      success: EXAMPLE_ACKNOWLEDGED,
    },
  }),
  correctIncident: defineRoute({
    method: 'PATCH',
    path: '/incidents/{id}',
    group: 'incidents-write',
    summary: "Correct an incident's category, severity or confidentiality: re-routed, new recipients alerted, recorded in the history",
    access: { roles: ['coordinator'] },
    params: ulidParam,
    query: NoQuerySchema,
    body: IncidentCorrectionSchema,
    ifMatch: 'required',
    success: { status: 200, schema: IncidentViewSchema, etag: true },
    example: {
      params: { id: EXAMPLE_ID.incident },
      body: { severity: 'critical', reason: 'The wedding date was brought forward to this week' },
      success: EXAMPLE_CORRECTED,
    },
  }),
  addIncidentNote: defineRoute({
    method: 'POST',
    path: '/incidents/{id}/notes',
    group: 'incidents-write',
    summary: 'Add a note to the history: how a community member reports progress on a case it may not move',
    access: { roles: ['coordinator', 'duty_bearer'] },
    params: ulidParam,
    body: IncidentNoteRequestSchema,
    success: { status: 201, schema: HistoryEntryViewSchema },
    example: {
      params: { id: EXAMPLE_ID.incident },
      body: { note: 'The family agreed to meet the CMPO on Monday' },
      success: EXAMPLE_NOTE_ENTRY,
    },
  }),
  recordDuty: defineRoute({
    method: 'POST',
    path: '/incidents/{id}/duties/{dutyId}',
    group: 'incidents-write',
    summary: 'Record a legal duty as done, with its reference (GD/FIR, docket or letter number)',
    access: { roles: ['coordinator', 'duty_bearer'] },
    params: { ...ulidParam, dutyId: DutyIdSchema },
    body: DutyDoneRequestSchema,
    ifMatch: 'required',
    success: { status: 200, schema: IncidentViewSchema, etag: true },
    example: {
      params: { id: EXAMPLE_ID.incident, dutyId: 'cmpo_informed' },
      body: { reference: 'CMPO/HGJ/2026/117', note: 'Letter handed over at the block office' },
      success: EXAMPLE_DUTY_DONE,
    },
  }),
  incidentHistory: defineRoute({
    method: 'GET',
    path: '/incidents/{id}/history',
    group: 'incidents-read',
    summary: "An incident's history, oldest first, the report itself first",
    access: { roles: ['coordinator', 'duty_bearer'] },
    audit: 'incident',
    params: ulidParam,
    query: NoQuerySchema,
    success: { status: 200, schema: lazily(() => z.object({ items: z.array(HistoryEntryViewSchema) })) },
    example: { params: { id: EXAMPLE_ID.incident }, success: { items: EXAMPLE_HISTORY } },
  }),
  incidentNotifications: defineRoute({
    method: 'GET',
    path: '/incidents/{id}/notifications',
    group: 'incidents-read',
    summary: 'Every SMS about an incident: sent, failed or skipped, with the reason and segments',
    access: { roles: ['coordinator'] },
    audit: 'incident',
    params: ulidParam,
    query: NoQuerySchema,
    success: { status: 200, schema: lazily(() => z.object({ items: z.array(NotificationRecordSchema) })) },
    example: { params: { id: EXAMPLE_ID.incident }, success: { items: EXAMPLE_NOTIFICATIONS } },
  }),
  ackLinkPage: defineRoute({
    method: 'GET',
    path: '/a/{token}',
    group: 'ack-links',
    summary: 'The page behind an SMS acknowledgement link: asks to confirm, changes nothing',
    access: {
      anyone:
        'Opened from an SMS by a duty bearer who holds no token; the unguessable link itself is the credential, and GET changes nothing.',
    },
    audit: 'incident',
    params: tokenParam,
    success: { status: 200, schema: textSchema(), media: 'text/html' },
    example: { params: { token: EXAMPLE_ACK_TOKEN } },
  }),
  confirmAckLink: defineRoute({
    method: 'POST',
    path: '/a/{token}',
    group: 'ack-links',
    summary:
      'Acknowledge the incident as the contact the link was sent to (an optional form-encoded note); answers 303 to its status page, a repeat is harmless',
    access: {
      anyone:
        'Confirmed from an SMS link by a duty bearer who holds no token; the link is bound to one recipient and one incident and expires after 7 days.',
    },
    params: tokenParam,
    form: lazily(() =>
      z.object({
        note: z.optional(z.string().check(z.maxLength(ACK_NOTE_MAX_LENGTH))).register(z.globalRegistry, {
          description: `For the coordinator; trimmed, and cut to its first ${ACK_NOTE_MAX_LENGTH} characters. Other fields are ignored.`,
        }),
      }),
    ),
    success: { status: 303, schema: textSchema(), media: 'text/html' },
    example: { params: { token: EXAMPLE_ACK_TOKEN }, form: { note: 'Spoke to the family; visiting tomorrow' } },
  }),
  ackLinkStatus: defineRoute({
    method: 'GET',
    path: '/a/{token}/status',
    group: 'ack-links',
    summary: 'What is true now of the case behind an SMS link: who confirmed it and when, where it stands, whom to call',
    access: {
      anyone:
        'Where a confirmation redirects the duty bearer who opened the SMS link; the link is the credential and this page changes nothing.',
    },
    audit: 'incident',
    params: tokenParam,
    success: { status: 200, schema: textSchema(), media: 'text/html' },
    example: { params: { token: EXAMPLE_ACK_TOKEN } },
  }),
  recordMeeting: defineRoute({
    method: 'POST',
    path: '/meetings',
    group: 'activities-write',
    summary: 'Record a programme meeting',
    access: { roles: ['volunteer', 'coordinator'] },
    body: MeetingInputSchema,
    idempotent: true,
    success: { status: 201, schema: MeetingSchema },
    example: {
      body: {
        villageId: EXAMPLE_VILLAGE_ID,
        type: 'parenting_workshop',
        heldOn: '2026-11-27',
        facilitator: 'Rupa Mondal',
        attendance: { girls: 0, boys: 0, women: 14, men: 6, dutyBearers: 1 },
        topics: ['positive discipline'],
        decisions: ['meet again in January'],
        followUps: [{ action: 'visit the school', due: '2026-12-05' }],
      },
      success: EXAMPLE_MEETING,
    },
  }),
  listMeetings: defineRoute({
    method: 'GET',
    path: '/meetings',
    group: 'activities-read',
    summary: 'List meetings, newest first',
    access: { roles: ['coordinator', 'volunteer'] },
    query: MeetingListQuerySchema,
    success: { status: 200, schema: pageOf(MeetingSchema) },
    example: { success: { items: [EXAMPLE_MEETING] } },
  }),
  createLinkage: defineRoute({
    method: 'POST',
    path: '/linkages',
    group: 'activities-write',
    summary: "Record a child's need and the service it is linked to",
    access: { roles: ['volunteer', 'coordinator'] },
    body: LinkageInputSchema,
    idempotent: true,
    success: { status: 201, schema: LinkageSchema, etag: true },
    example: {
      body: {
        villageId: EXAMPLE_VILLAGE_ID,
        childRef: 'HG-0042',
        need: 'documentation',
        service: 'Birth certificate from the Panchayat',
        ageBand: '12-14',
        providerContactId: EXAMPLE_ID.panchayat,
        consent: EXAMPLE_CONSENT,
      },
      success: EXAMPLE_LINKAGE,
    },
  }),
  listLinkages: defineRoute({
    method: 'GET',
    path: '/linkages',
    group: 'activities-read',
    summary: 'List service linkages, newest first',
    access: { roles: ['coordinator', 'volunteer', 'duty_bearer'] },
    audit: 'linkage',
    query: LinkageListQuerySchema,
    success: { status: 200, schema: pageOf(LinkageSchema) },
    example: { success: { items: [EXAMPLE_LINKAGE_REFERRED] } },
  }),
  getLinkage: defineRoute({
    method: 'GET',
    path: '/linkages/{id}',
    group: 'activities-read',
    summary: 'One service linkage',
    access: { roles: ['coordinator', 'volunteer', 'duty_bearer'] },
    audit: 'linkage',
    params: ulidParam,
    query: NoQuerySchema,
    success: { status: 200, schema: LinkageSchema, etag: true },
    example: { params: { id: EXAMPLE_ID.linkage }, success: EXAMPLE_LINKAGE },
  }),
  transitionLinkage: defineRoute({
    method: 'POST',
    path: '/linkages/{id}/transitions',
    group: 'activities-write',
    summary: 'Move a service linkage along its workflow',
    access: { roles: ['coordinator', 'duty_bearer'] },
    params: ulidParam,
    body: LinkageTransitionRequestSchema,
    ifMatch: 'required',
    success: { status: 200, schema: LinkageSchema, etag: true },
    example: {
      params: { id: EXAMPLE_ID.linkage },
      body: { to: 'referred', note: 'Referred to the Panchayat secretary with the guardian' },
      success: EXAMPLE_LINKAGE_REFERRED,
    },
  }),
  withdrawConsent: defineRoute({
    method: 'POST',
    path: '/linkages/{id}/consent-withdrawal',
    group: 'activities-write',
    summary: 'Record consent withdrawn: no further referral, a linkage under way ends, and its provider is to be told to stop',
    access: { roles: ['coordinator', 'volunteer'] },
    params: ulidParam,
    body: ConsentWithdrawalRequestSchema,
    success: { status: 200, schema: LinkageSchema, etag: true },
    example: {
      params: { id: EXAMPLE_ID.linkage },
      body: { by: 'guardian', note: 'Her mother asked us to stop; the family is moving to Kolkata' },
      success: EXAMPLE_CONSENT_WITHDRAWN,
    },
  }),
  incidentAccessLog: defineRoute({
    method: 'GET',
    path: '/incidents/{id}/access-log',
    group: 'data-protection',
    summary: 'Who read an incident, with which role, by which route and when, newest first',
    access: { roles: ['coordinator'] },
    params: ulidParam,
    query: PlainListQuerySchema,
    success: { status: 200, schema: pageOf(AuditRecordSchema) },
    example: { params: { id: EXAMPLE_ID.incident }, success: { items: EXAMPLE_ACCESS_LOG } },
  }),
  auditTrail: defineRoute({
    method: 'GET',
    path: '/audit',
    group: 'data-protection',
    summary: 'Audit records in a window, by one reader when named, newest first: who read which record, never what it holds',
    access: { roles: ['coordinator'] },
    query: AuditQuerySchema,
    success: { status: 200, schema: pageOf(AuditRecordSchema) },
    example: { success: { items: EXAMPLE_ACCESS_LOG, nextCursor: EXAMPLE_CURSOR } },
  }),
  setLegalHold: defineRoute({
    method: 'PUT',
    path: '/incidents/{id}/legal-hold',
    group: 'data-protection',
    summary: 'Set or change a legal hold (a case in court): nothing of the incident is erased while it stands',
    access: { roles: ['coordinator'] },
    params: ulidParam,
    body: LegalHoldRequestSchema,
    success: { status: 200, schema: IncidentViewSchema, etag: true },
    example: {
      params: { id: EXAMPLE_ID.incident },
      body: { reason: 'PCMA case 112/2026 before the Basirhat court' },
      success: EXAMPLE_HELD,
    },
  }),
  liftLegalHold: defineRoute({
    method: 'DELETE',
    path: '/incidents/{id}/legal-hold',
    group: 'data-protection',
    summary: 'Lift a legal hold: an erasure already due follows on the retention job’s next run',
    access: { roles: ['coordinator'] },
    params: ulidParam,
    query: NoQuerySchema,
    success: { status: 200, schema: IncidentViewSchema, etag: true },
    // Lifted once the court case ended: the same incident as before the hold, one version on.
    example: { params: { id: EXAMPLE_ID.incident }, success: { ...EXAMPLE_CLOSED, version: 10, updatedAt: '2027-06-30T06:00:00.000Z' } },
  }),
  eraseIncident: defineRoute({
    method: 'POST',
    path: '/incidents/{id}/erasure',
    group: 'data-protection',
    summary: "Erase an incident's personal fields on request (child's name, location, description, notes); 409 under a legal hold",
    access: { roles: ['coordinator'] },
    params: ulidParam,
    body: ErasureRequestSchema,
    conflicts: true,
    success: { status: 200, schema: IncidentViewSchema, etag: true },
    example: {
      params: { id: EXAMPLE_ID.incident },
      body: { reason: "The girl's mother asked us to erase it once the case was closed" },
      success: EXAMPLE_ERASED,
    },
  }),
  exportIncident: defineRoute({
    method: 'GET',
    path: '/incidents/{id}/export',
    group: 'data-protection',
    summary: 'Everything held about an incident, as the coordinator’s view holds it, in one JSON document',
    access: { roles: ['coordinator'] },
    audit: 'incident',
    params: ulidParam,
    query: NoQuerySchema,
    success: { status: 200, schema: IncidentExportSchema },
    example: { params: { id: EXAMPLE_ID.incident } },
  }),
  exportChild: defineRoute({
    method: 'GET',
    path: '/children/{childRef}/export',
    group: 'data-protection',
    summary: 'Everything held about a child across its linkages, by the programme’s code for it, in one JSON document',
    access: { roles: ['coordinator'] },
    audit: 'linkage',
    params: { childRef: ChildRefSchema },
    query: NoQuerySchema,
    success: { status: 200, schema: ChildExportSchema },
    example: { params: { childRef: 'HG-0042' } },
  }),
  eraseChild: defineRoute({
    method: 'POST',
    path: '/children/{childRef}/erasure',
    group: 'data-protection',
    summary: "Erase a child's linkages on request: what each was for, its reasons and notes (the childRef stays)",
    access: { roles: ['coordinator'] },
    params: { childRef: ChildRefSchema },
    body: ErasureRequestSchema,
    success: { status: 200, schema: ChildErasureSchema },
    example: {
      params: { childRef: 'HG-0042' },
      body: { reason: 'The family asked us to erase what we hold about her' },
      success: EXAMPLE_CHILD_ERASURE,
    },
  }),
  privacyNotice: defineRoute({
    method: 'GET',
    path: PRIVACY_NOTICE_PATH,
    group: 'public',
    summary: 'The privacy notice, in Bengali and English: what is held, why, for how long, whom to ask, how to complain',
    access: { anyone: 'The people whose data Suraksha holds read it without an account; it is a constant page and reads no data.' },
    success: { status: 200, schema: textSchema(), media: 'text/html' },
  }),
  weeklyMetrics: defineRoute({
    method: 'GET',
    path: '/metrics/weekly/{isoWeek}',
    group: 'metrics',
    summary: "A week's programme metrics: exact for coordinators, the suppressed view for funders",
    access: { roles: ['coordinator', 'funder'] },
    audit: 'week',
    params: { isoWeek: ExistingWeekSchema },
    query: NoQuerySchema,
    success: { status: 200, schema: lazily(() => z.union([WeeklyMetricsSchema, FunderWeeklyViewSchema])) },
    example: { params: { isoWeek: EXAMPLE_WEEK } },
  }),
} as const;

/** Every route, in the table's order. */
export const ROUTES: readonly RouteSpec[] = Object.values(ROUTE);
export const routeKey = (route: Pick<RouteSpec, 'method' | 'path'>) => `${route.method} ${route.path}`;
export const routesOf = (group: RouteGroup) => ROUTES.filter((route) => route.group === group);
