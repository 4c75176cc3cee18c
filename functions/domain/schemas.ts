// zod schemas for every entity of the spec. Types come from these (z.infer), never written twice.
// Messages never echo a submitted value: an error body must not carry a child's name back.
// Each is built on first use (lazily.ts): a Lambda builds only the schemas its requests touch.

import { lazily } from './lazily.js';
import { DUTY_IDS } from './routing.js';
import {
  AGE_BANDS,
  ASSENT_AGE_BANDS,
  ATTENDANCE_GROUPS,
  AUDITED_RECORDS,
  CATEGORIES,
  CONSENT_GIVERS,
  CONTACT_KINDS,
  DUTY_BEARER_KINDS,
  GENDERS,
  GUARDIAN_KINDS,
  INCIDENT_STATUSES,
  isProgrammeWideKind,
  LANGUAGES,
  LINKAGE_STATUSES,
  MEETING_TYPES,
  NEED_AREAS,
  NOTIFICATION_CHANNELS,
  NOTIFICATION_STATUSES,
  OUTCOMES,
  ROLES,
  SEVERITIES,
  WHATSAPP_OPT_IN_SOURCES,
} from './vocabulary.js';
import * as z from './zod.js';

// ── building blocks ──────────────────────────────────────────────────────────
export const UlidSchema = lazily(() => z.ulid({ error: 'must be a ULID' }));
export const TimestampSchema = lazily(() => z.iso.datetime({ error: 'must be an ISO 8601 UTC timestamp like 2026-11-29T05:40:00.000Z' }));
export const DateSchema = lazily(() => z.iso.date({ error: 'must be a date YYYY-MM-DD' }));
/** Names an object already has: as a key of a stored map they would read as its prototype's. */
const OBJECT_PROPERTY_NAMES = new Set(Object.getOwnPropertyNames(Object.prototype).map((name) => name.toLowerCase()));
export const VillageIdSchema = lazily(() =>
  z.string().check(
    z.regex(/^[a-z0-9-]{2,40}$/, 'must be 2 to 40 lowercase letters, digits or hyphens'),
    z.refine((id) => !OBJECT_PROPERTY_NAMES.has(id), { error: 'is a reserved name' }),
  ),
);
export const IsoWeekSchema = lazily(() =>
  z.string().check(z.regex(/^\d{4}-W(0[1-9]|[1-4]\d|5[0-3])$/, 'must be an ISO week like 2026-W48')),
);
export const ShortCodeSchema = lazily(() => z.string().check(z.regex(/^[A-HJKMNP-TV-Z2-9]{6}$/, 'must be a 6-character short code')));

const text = (max: number) =>
  z.string().check(z.trim(), z.minLength(1, 'must not be empty'), z.maxLength(max, `must be at most ${max} characters`));

/**
 * E.164, and Indian numbers only as mobiles (+91 then 10 digits starting 6 to 9): a landline
 * cannot receive the SMS alerts this number is for.
 */
export const PhoneSchema = lazily(() =>
  z.e164({ error: 'must be an E.164 phone number like +919812345678' }).check(
    z.refine((phone) => !phone.startsWith('+91') || /^\+91[6-9]\d{9}$/.test(phone), {
      error: 'an Indian number must be a mobile: +91 then 10 digits starting with 6 to 9',
    }),
  ),
);

export const RoleSchema = lazily(() => z.enum(ROLES));
export const ContactKindSchema = lazily(() => z.enum(CONTACT_KINDS));
export const DutyBearerKindSchema = lazily(() => z.enum(DUTY_BEARER_KINDS));
export const LanguageSchema = lazily(() => z.enum(LANGUAGES));
export const CategorySchema = lazily(() => z.enum(CATEGORIES));
export const SeveritySchema = lazily(() => z.enum(SEVERITIES));
export const IncidentStatusSchema = lazily(() => z.enum(INCIDENT_STATUSES));
export const OutcomeSchema = lazily(() => z.enum(OUTCOMES));
export const MeetingTypeSchema = lazily(() => z.enum(MEETING_TYPES));
export const NeedAreaSchema = lazily(() => z.enum(NEED_AREAS));
export const LinkageStatusSchema = lazily(() => z.enum(LINKAGE_STATUSES));

/** Who did something, from the caller's verified token. */
export const ActorSchema = lazily(() =>
  z.object({
    sub: z.string().check(z.minLength(1)),
    /** `system` is Suraksha itself: the escalation job, or a duty bearer's SMS link acting for them. */
    role: z.union([RoleSchema, z.literal('system')]),
    contactId: z.optional(UlidSchema),
  }),
);
export type Actor = z.infer<typeof ActorSchema>;

const audit = {
  createdAt: TimestampSchema,
  updatedAt: TimestampSchema,
};

// ── villages ─────────────────────────────────────────────────────────────────
export const VillageInputSchema = lazily(() =>
  z.strictObject({
    name: text(100),
    block: text(100),
    district: text(100),
    notes: z.optional(text(1000)),
  }),
);
export const VillageSchema = lazily(() => z.object({ id: VillageIdSchema, ...VillageInputSchema.shape, ...audit }));
export type VillageInput = z.infer<typeof VillageInputSchema>;
export type Village = z.infer<typeof VillageSchema>;

// ── contacts (the directory) ─────────────────────────────────────────────────
/** A district officer covers a whole district: North 24 Parganas has about 1,600 villages. */
export const MAX_VILLAGES_PER_CONTACT = 2000;
const villageList = lazily(() =>
  z.array(VillageIdSchema).check(
    z.maxLength(MAX_VILLAGES_PER_CONTACT),
    z.refine((ids) => new Set(ids).size === ids.length, {
      error: 'must not repeat a village',
    }),
  ),
);

const EmailSchema = lazily(() => z.email({ error: 'must be an email address' }).check(z.maxLength(254)));

const contactFields = lazily(() => ({
  name: text(100),
  kind: ContactKindSchema,
  villages: villageList,
  language: LanguageSchema,
  phone: z.optional(PhoneSchema),
  email: z.optional(EmailSchema),
}));

/** Rules that hold for a contact however it was reached (created or patched): each broken one by field. */
export function contactRuleViolations(contact: {
  kind: string;
  villages: string[];
  phone?: string | undefined;
  email?: string | undefined;
}): { path: string; message: string }[] {
  const violations: { path: string; message: string }[] = [];
  if (contact.kind === 'funder') {
    if (!contact.email) violations.push({ path: 'email', message: 'a funder needs an email' });
  } else if (!contact.phone) {
    violations.push({ path: 'phone', message: 'is required for this kind of contact' });
  }
  if (!isProgrammeWideKind(contact.kind) && contact.villages.length === 0) {
    violations.push({ path: 'villages', message: 'must name at least one village for this kind of contact' });
  }
  return violations;
}

function checkContactRules(contact: Parameters<typeof contactRuleViolations>[0], context: z.core.$RefinementCtx): void {
  for (const { path, message } of contactRuleViolations(contact)) context.addIssue({ code: 'custom', path: [path], message });
}

// ── the channels a contact may be reached on (DOMAIN.md "Contacts", "WhatsApp") ─────────────────
const SmsChannelSchema = lazily(() => z.strictObject({ optIn: z.boolean() }));
const whatsAppConsent = lazily(() => ({
  optIn: z.boolean(),
  /** When the contact agreed to WhatsApp messages: Meta requires a recorded opt-in. */
  optInAt: z.optional(TimestampSchema),
  optInSource: z.optional(z.enum(WHATSAPP_OPT_IN_SOURCES)),
}));
/** An opt-in is recorded with when and how it was given; an opt-out needs neither. */
function checkWhatsAppOptIn(
  channel: { optIn: boolean; optInAt?: string | undefined; optInSource?: string | undefined },
  context: z.core.$RefinementCtx,
) {
  if (!channel.optIn) return;
  if (!channel.optInAt) context.addIssue({ code: 'custom', path: ['optInAt'], message: 'is required with an opt-in: when it was given' });
  if (!channel.optInSource)
    context.addIssue({ code: 'custom', path: ['optInSource'], message: 'is required with an opt-in: how it was given' });
}
const WhatsAppChannelInputSchema = lazily(() => z.strictObject(whatsAppConsent).check(z.superRefine(checkWhatsAppOptIn)));
export const WhatsAppChannelSchema = lazily(() =>
  z
    .strictObject({
      ...whatsAppConsent,
      /** When the contact opted out (STOP or বন্ধ in the chat, or a coordinator's change). */
      optOutAt: z.optional(TimestampSchema),
    })
    .check(z.superRefine(checkWhatsAppOptIn)),
);
export const ChannelsSchema = lazily(() => z.strictObject({ sms: SmsChannelSchema, whatsapp: WhatsAppChannelSchema }));
/** Each channel given is set as given; one not given keeps its value (its default on create). */
export const ChannelsInputSchema = lazily(() =>
  z.strictObject({ sms: z.optional(SmsChannelSchema), whatsapp: z.optional(WhatsAppChannelInputSchema) }),
);
export type Channels = z.infer<typeof ChannelsSchema>;
export type ChannelsInput = z.infer<typeof ChannelsInputSchema>;

/** The first release's `smsOptIn` is still taken, and must agree with `channels.sms.optIn` when both are given. */
const channelFields = lazily(() => ({
  smsOptIn: z.optional(z.boolean()),
  channels: z.optional(ChannelsInputSchema),
}));
function checkChannelsAgree(
  input: { smsOptIn?: boolean | undefined; channels?: ChannelsInput | undefined },
  context: z.core.$RefinementCtx,
) {
  const sms = input.channels?.sms?.optIn;
  if (input.smsOptIn !== undefined && sms !== undefined && sms !== input.smsOptIn) {
    context.addIssue({ code: 'custom', path: ['smsOptIn'], message: 'must agree with channels.sms.optIn' });
  }
}

export const ContactInputSchema = lazily(() =>
  z.strictObject({ ...contactFields, ...channelFields }).check(
    z.superRefine((input, context) => {
      checkContactRules(input, context);
      checkChannelsAgree(input, context);
    }),
  ),
);
export const ContactPatchSchema = lazily(() =>
  z
    .partial(
      z.strictObject({
        name: contactFields.name,
        phone: PhoneSchema,
        villages: villageList,
        language: LanguageSchema,
        email: EmailSchema,
        ...channelFields,
        active: z.boolean(),
      }),
    )
    .check(
      z.refine((patch) => Object.keys(patch).length > 0, { error: 'must change at least one field' }),
      z.superRefine(checkChannelsAgree),
    ),
);
export const ContactSchema = lazily(() =>
  z
    .object({
      id: UlidSchema,
      ...contactFields,
      channels: ChannelsSchema,
      active: z.boolean(),
      version: z.int().check(z.positive()),
      ...audit,
    })
    .check(z.superRefine(checkContactRules)),
);
/** A contact as the API answers it: `smsOptIn`, the first release's field, beside the channels it mirrors. */
export const ContactViewSchema = lazily(() =>
  z.object({
    id: UlidSchema,
    ...contactFields,
    smsOptIn: z.boolean(),
    channels: ChannelsSchema,
    active: z.boolean(),
    version: z.int().check(z.positive()),
    ...audit,
  }),
);
export type ContactInput = z.infer<typeof ContactInputSchema>;
export type ContactPatch = z.infer<typeof ContactPatchSchema>;
export type Contact = z.infer<typeof ContactSchema>;
export type ContactView = z.infer<typeof ContactViewSchema>;

// ── coverage (who a village can reach) ─────────────────────────────────────────
export const VillageCoverageSchema = lazily(() =>
  z.object({
    villageId: VillageIdSchema,
    categories: z.array(
      z.object({
        category: CategorySchema,
        /** The duty-bearer kinds the category's rules may alert in the village. */
        kinds: z.array(DutyBearerKindSchema),
        /** Those with no active, reachable contact covering it. */
        missing: z.array(DutyBearerKindSchema),
      }),
    ),
  }),
);
export type VillageCoverage = z.infer<typeof VillageCoverageSchema>;
/** A directory change that leaves a kind with nobody in a village. */
export const CoverageWarningSchema = lazily(() =>
  z.object({
    villageId: VillageIdSchema,
    kind: ContactKindSchema,
    categories: z.array(CategorySchema),
    message: z.string(),
  }),
);
export type CoverageWarning = z.infer<typeof CoverageWarningSchema>;

// ── incidents ────────────────────────────────────────────────────────────────
export const ChildSchema = lazily(() =>
  z.strictObject({
    ageBand: z.enum(AGE_BANDS),
    gender: z.enum(GENDERS),
    name: z.optional(text(100)),
  }),
);

export const IncidentReportSchema = lazily(() =>
  z.strictObject({
    villageId: VillageIdSchema,
    category: CategorySchema,
    severity: z.optional(SeveritySchema),
    occurredAt: z.optional(TimestampSchema),
    expectedBy: z.optional(TimestampSchema),
    child: ChildSchema,
    description: text(2000),
    location: z.optional(text(200)),
    medicalCareNeeded: z._default(z.boolean(), false),
    confidential: z._default(z.boolean(), false),
  }),
);
export type IncidentReport = z.infer<typeof IncidentReportSchema>;

export const AcknowledgementSchema = lazily(() =>
  z.object({
    at: TimestampSchema,
    by: ActorSchema,
    /** The directory contact who acknowledged (a coordinator may act on a contact's behalf). */
    contactId: z.optional(UlidSchema),
    kind: ContactKindSchema,
  }),
);
export type Acknowledgement = z.infer<typeof AcknowledgementSchema>;

export const RoutingSchema = lazily(() =>
  z.object({
    firstAlert: z.array(ContactKindSchema),
    ladder: z.array(z.array(DutyBearerKindSchema)),
    ladderFrom: z.int().check(z.minimum(0)),
  }),
);

/** One alert that went out (or a ladder step that had nobody): who, and which kinds had nobody. */
export const AlertSchema = lazily(() =>
  z.object({
    step: z.string().check(z.regex(/^(first_alert|escalation_\d+|pre_harm|correction_\d+)$/)),
    at: TimestampSchema,
    /** The kinds the step alerts. */
    kinds: z.array(ContactKindSchema),
    contactIds: z.array(UlidSchema),
    /** Kinds of the step with no active, reachable contact covering the village. */
    missing: z.array(ContactKindSchema),
  }),
);
export type Alert = z.infer<typeof AlertSchema>;

export const DutyIdSchema = lazily(() => z.enum(DUTY_IDS));
export const DutySchema = lazily(() =>
  z.object({
    id: DutyIdSchema,
    label: z.string(),
    dueAt: TimestampSchema,
    doneAt: z.optional(TimestampSchema),
    /** The GD/FIR, docket or letter number. */
    reference: z.optional(text(100)),
    doneBy: z.optional(ActorSchema),
    /** When the coordinators and the dcpu were told it is overdue, and which dcpu contacts. */
    overdueAlert: z.optional(z.object({ at: TimestampSchema, contactIds: z.array(UlidSchema) })),
  }),
);
export type Duty = z.infer<typeof DutySchema>;

export const IncidentSchema = lazily(() =>
  z.object({
    id: UlidSchema,
    shortCode: ShortCodeSchema,
    villageId: VillageIdSchema,
    category: CategorySchema,
    severity: SeveritySchema,
    occurredAt: TimestampSchema,
    expectedBy: z.optional(TimestampSchema),
    child: ChildSchema,
    description: text(2000),
    location: z.optional(text(200)),
    medicalCareNeeded: z.boolean(),
    confidential: z.boolean(),
    status: IncidentStatusSchema,
    reportedAt: TimestampSchema,
    reportedBy: ActorSchema,
    /** Every contact that may act on it: everyone alerted so far (first alert, ladder, pre-harm, corrections, overdue duties). */
    routedTo: z.array(UlidSchema),
    /** The first alert kinds and the ladder, stored at report and correction so a table change never shifts them. */
    routing: RoutingSchema,
    /** Every alert that went out, in order, with the kinds that had nobody. */
    alerts: z.array(AlertSchema),
    /** 0 while only the first alert has gone out; n after the n-th escalation step (taken or skipped). */
    escalationStep: z.int().check(z.minimum(0)),
    /** When the ladder's next step is due. */
    ackDueAt: TimestampSchema,
    inActionDueAt: z.optional(TimestampSchema),
    /** Every acknowledgement, the first first. */
    acknowledgements: z.array(AcknowledgementSchema),
    /** The action that stopped the ladder (DOMAIN.md: for high and critical, only a statutory kind's). */
    ladderStoppedBy: z.optional(z.object({ at: TimestampSchema, kind: ContactKindSchema })),
    /** The kind that moved it to in_action (a coordinator on behalf of a contact counts as its kind). */
    inActionBy: z.optional(ContactKindSchema),
    /** Set once every step of the ladder has gone out unanswered; the coordinators are told once. */
    ladderExhaustedAt: z.optional(TimestampSchema),
    /** Set when the in_action deadline passed and the one reminder was sent. */
    reminderSentAt: z.optional(TimestampSchema),
    /** When the scheduled job made it critical because its expectedBy came within 72 hours. */
    rescoredAt: z.optional(TimestampSchema),
    /** When the coordinators were asked what happened, 24 hours after expectedBy. */
    harmFollowUpAt: z.optional(TimestampSchema),
    /** The legal duties of its category, each done with a reference. */
    duties: z.array(DutySchema),
    /** An earlier report in the same village, category, age band and gender within 14 days. */
    possibleDuplicateOf: z.optional(UlidSchema),
    outcome: z.optional(OutcomeSchema),
    duplicateOf: z.optional(UlidSchema),
    /** Set when it is closed: when its personal fields are erased under the retention schedule. */
    eraseDueAt: z.optional(TimestampSchema),
    /** A case in court: nothing of it is erased while the hold stands (until `until`, if it has one). */
    legalHold: z.optional(z.object({ reason: text(500), since: TimestampSchema, by: ActorSchema, until: z.optional(TimestampSchema) })),
    version: z.int().check(z.positive()),
    updatedAt: TimestampSchema,
  }),
);
export type Incident = z.infer<typeof IncidentSchema>;

/**
 * An incident as a caller sees it (API.md views): fields a role may not see are absent, and a
 * non-coordinator sees who acted only by role and contact, never their login.
 */
export const ActorViewSchema = lazily(() => z.partial(ActorSchema, { sub: true }));
export type ActorView = z.infer<typeof ActorViewSchema>;
const AcknowledgementViewSchema = lazily(() => z.extend(AcknowledgementSchema, { by: ActorViewSchema }));
export const IncidentViewSchema = lazily(() =>
  z.extend(IncidentSchema, {
    reportedBy: z.optional(ActorSchema),
    routedTo: z.optional(IncidentSchema.shape.routedTo),
    routing: z.optional(RoutingSchema),
    alerts: z.optional(IncidentSchema.shape.alerts),
    /** The first acknowledgement (as the first release answered it). */
    acknowledgement: z.optional(AcknowledgementViewSchema),
    acknowledgements: z.optional(z.array(AcknowledgementViewSchema)),
    duties: z.optional(z.array(z.extend(DutySchema, { doneBy: z.optional(ActorViewSchema) }))),
    /** Coordinators: the first alert's kinds with nobody to alert in the village. */
    coverageGaps: z.optional(z.array(ContactKindSchema)),
  }),
);
export type IncidentView = z.infer<typeof IncidentViewSchema>;

export const IncidentNoteRequestSchema = lazily(() => z.strictObject({ note: text(1000) }));
export const DutyDoneRequestSchema = lazily(() => z.strictObject({ reference: text(100), note: z.optional(text(1000)) }));
export const IncidentCorrectionSchema = lazily(() =>
  z
    .strictObject({
      category: z.optional(CategorySchema),
      severity: z.optional(SeveritySchema),
      confidential: z.optional(z.boolean()),
      reason: text(500),
    })
    .check(
      z.refine((patch) => patch.category !== undefined || patch.severity !== undefined || patch.confidential !== undefined, {
        error: 'must change the category, the severity or confidentiality',
      }),
    ),
);
export type IncidentCorrection = z.infer<typeof IncidentCorrectionSchema>;

export const IncidentTransitionRequestSchema = lazily(() =>
  z.strictObject({
    to: IncidentStatusSchema,
    note: z.optional(text(1000)),
    outcome: z.optional(OutcomeSchema),
    duplicateOf: z.optional(UlidSchema),
    onBehalfOf: z.optional(UlidSchema),
  }),
);
export type IncidentTransitionRequest = z.infer<typeof IncidentTransitionRequestSchema>;

// ── history (immutable, one item per transition; the report itself is the first) ──
export const HistoryEntrySchema = lazily(() =>
  z.object({
    entity: z.enum(['incident', 'linkage']),
    entityId: UlidSchema,
    version: z.int().check(z.positive()),
    at: TimestampSchema,
    by: ActorSchema,
    onBehalfOf: z.optional(UlidSchema),
    from: z.nullable(z.union([IncidentStatusSchema, LinkageStatusSchema])),
    to: z.union([IncidentStatusSchema, LinkageStatusSchema]),
    /** What happened, for entries that record something other than a status change. */
    event: z.optional(
      z.enum([
        'escalated',
        'step_skipped',
        'ladder_exhausted',
        'reminder',
        'acknowledged',
        'note',
        'duty_done',
        'duty_overdue',
        'corrected',
        'rescored',
        'pre_harm_alert',
        'harm_follow_up',
        'erased',
        'legal_hold_set',
        'legal_hold_lifted',
        'consent_withdrawn',
      ]),
    ),
    /** The escalation step an `escalated` or `step_skipped` entry records (1 for the first step of the ladder). */
    step: z.optional(z.int().check(z.positive())),
    dutyId: z.optional(DutyIdSchema),
    reference: z.optional(text(100)),
    /** A correction's values before and after. */
    correction: z.optional(
      z.object({
        before: z.object({ category: CategorySchema, severity: SeveritySchema, confidential: z.boolean() }),
        after: z.object({ category: CategorySchema, severity: SeveritySchema, confidential: z.boolean() }),
      }),
    ),
    note: z.optional(text(1000)),
    outcome: z.optional(OutcomeSchema),
    duplicateOf: z.optional(UlidSchema),
    reason: z.optional(text(500)),
    /** An erasure's fields: each now reads "[erased]". */
    erasedFields: z.optional(z.array(z.enum(['child.name', 'location', 'description', 'notes', 'service', 'reason']))),
    /** A legal hold's end, when it was set with one. */
    until: z.optional(TimestampSchema),
    /** Whose consent a withdrawal took back. */
    withdrawnBy: z.optional(z.enum(CONSENT_GIVERS)),
  }),
);
export type HistoryEntry = z.infer<typeof HistoryEntrySchema>;
export const HistoryEntryViewSchema = lazily(() => z.extend(HistoryEntrySchema, { by: ActorViewSchema }));
export type HistoryEntryView = z.infer<typeof HistoryEntryViewSchema>;

// ── meetings ─────────────────────────────────────────────────────────────────
const attendanceCount = lazily(() => z.int('must be a whole number').check(z.minimum(0), z.maximum(10000)));
export const AttendanceSchema = lazily(() =>
  z.strictObject(
    Object.fromEntries(ATTENDANCE_GROUPS.map((group) => [group, attendanceCount])) as Record<
      (typeof ATTENDANCE_GROUPS)[number],
      typeof attendanceCount
    >,
  ),
);
export const MeetingInputSchema = lazily(() =>
  z.strictObject({
    villageId: VillageIdSchema,
    type: MeetingTypeSchema,
    heldOn: DateSchema.check(z.refine((date) => date >= '2000-01-01', { error: 'must not be before 2000' })),
    facilitator: z.optional(text(100)),
    attendance: AttendanceSchema,
    topics: z.array(text(200)).check(z.minLength(1, 'must list at least one topic'), z.maxLength(20)),
    decisions: z.optional(z.array(text(500)).check(z.maxLength(20))),
    followUps: z.optional(z.array(z.strictObject({ action: text(500), due: DateSchema })).check(z.maxLength(20))),
  }),
);
export const MeetingSchema = lazily(() =>
  z.object({
    id: UlidSchema,
    ...MeetingInputSchema.shape,
    recordedBy: ActorSchema,
    createdAt: TimestampSchema,
  }),
);
export type MeetingInput = z.infer<typeof MeetingInputSchema>;
export type Meeting = z.infer<typeof MeetingSchema>;

// ── service linkages ─────────────────────────────────────────────────────────
/** An opaque code the programme assigns to a child, never a name. */
export const ChildRefSchema = lazily(() => z.string().check(z.regex(/^[A-Za-z0-9-]{1,20}$/, 'must be 1 to 20 letters, digits or hyphens')));

/**
 * The lawful basis of a linkage (DOMAIN.md "Data protection"): a guardian's consent and, from age
 * band 12-14 up, the child's own assent; or a CWC order where the guardian is the one accused.
 */
export const ConsentSchema = lazily(() =>
  z.strictObject({
    guardian: z.optional(z.strictObject({ given: z.boolean(), by: z.enum(GUARDIAN_KINDS), recordedAt: TimestampSchema })),
    childAssent: z.optional(z.strictObject({ given: z.boolean(), recordedAt: TimestampSchema })),
    cwcOrder: z.optional(z.strictObject({ reference: text(100), date: DateSchema })),
  }),
);
export const LinkageInputSchema = lazily(() =>
  z
    .strictObject({
      villageId: VillageIdSchema,
      childRef: ChildRefSchema,
      ageBand: z.enum(AGE_BANDS),
      need: NeedAreaSchema,
      service: text(200),
      providerContactId: z.optional(UlidSchema),
      consent: ConsentSchema,
    })
    .check(
      z.superRefine(({ ageBand, consent }, context) => {
        if (!consent.guardian && !consent.cwcOrder) {
          context.addIssue({
            code: 'custom',
            path: ['consent', 'guardian'],
            message: "is required unless a CWC order stands in for the guardian's consent",
          });
        }
        if ((ASSENT_AGE_BANDS as readonly string[]).includes(ageBand) && !consent.childAssent && !consent.cwcOrder) {
          context.addIssue({ code: 'custom', path: ['consent', 'childAssent'], message: 'is required from age band 12-14 up' });
        }
      }),
    ),
);
export const ConsentWithdrawalSchema = lazily(() =>
  z.object({
    at: TimestampSchema,
    by: z.enum(CONSENT_GIVERS),
    recordedBy: ActorSchema,
  }),
);
export const LinkageSchema = lazily(() =>
  z.object({
    id: UlidSchema,
    ...LinkageInputSchema.shape,
    /** Absent on linkages the first release recorded: it did not ask. */
    ageBand: z.optional(z.enum(AGE_BANDS)),
    consent: z.extend(ConsentSchema, { withdrawal: z.optional(ConsentWithdrawalSchema) }),
    /** The first release recorded the consent as the child's alone: a referral waits for the guardian's, or a CWC order. */
    consentToReview: z.optional(z.literal('given_by_child_alone')),
    /** The provider must be told that consent was withdrawn and the service is to stop; cleared once they are. */
    providerToBeTold: z.optional(z.object({ contactId: UlidSchema, reason: z.literal('consent_withdrawn'), since: TimestampSchema })),
    /** When the provider was told, and on which channels. */
    providerTold: z.optional(z.object({ at: TimestampSchema, channels: z.array(z.enum(NOTIFICATION_CHANNELS)) })),
    /** The provider could not be told on any channel (inactive, opted out, no phone, or every send failed): the coordinator phones them. */
    providerUnreachable: z.optional(z.object({ at: TimestampSchema, reason: z.string().check(z.maxLength(100)) })),
    status: LinkageStatusSchema,
    reason: z.optional(text(500)),
    createdBy: ActorSchema,
    version: z.int().check(z.positive()),
    ...audit,
  }),
);
export const LinkageTransitionRequestSchema = lazily(() =>
  z.strictObject({
    to: LinkageStatusSchema,
    note: z.optional(text(1000)),
    reason: z.optional(text(500)),
  }),
);
export const ConsentWithdrawalRequestSchema = lazily(() => z.strictObject({ by: z.enum(CONSENT_GIVERS), note: z.optional(text(1000)) }));
export type LinkageInput = z.infer<typeof LinkageInputSchema>;
export type Linkage = z.infer<typeof LinkageSchema>;
export type LinkageTransitionRequest = z.infer<typeof LinkageTransitionRequestSchema>;
export type ConsentWithdrawalRequest = z.infer<typeof ConsentWithdrawalRequestSchema>;

// ── data protection: legal holds, erasure, audit records ─────────────────────
export const LegalHoldRequestSchema = lazily(() => z.strictObject({ reason: text(500), until: z.optional(TimestampSchema) }));
export const ErasureRequestSchema = lazily(() => z.strictObject({ reason: text(500) }));
export type LegalHoldRequest = z.infer<typeof LegalHoldRequestSchema>;

/** Who read which record, by which route, when; never anything of what it holds. */
export const AuditRecordSchema = lazily(() =>
  z.object({
    id: UlidSchema,
    at: TimestampSchema,
    actor: ActorSchema,
    record: z.object({ type: z.enum(AUDITED_RECORDS), id: z.string() }),
    /** The record's village, for scoping a breach notice; absent for a week's metrics. */
    villageId: z.optional(VillageIdSchema),
    /** The route it was read by, like `GET /incidents/{id}`. */
    route: z.string(),
  }),
);
export type AuditRecord = z.infer<typeof AuditRecordSchema>;

// ── notification records (one per incident, step and recipient) ──────────────
/**
 * `delivery_failed_<contactId>` tells the coordinators about one recipient reached on no channel;
 * `gap_<kind>` that a kind had nobody to alert; `duty_overdue_<duty>` that a legal duty is late.
 */
export const NotificationStepSchema = lazily(() =>
  z
    .string()
    .check(
      z.regex(
        /^(first_alert|escalation_\d+|pre_harm|correction_\d+|reminder|status_acknowledged(_\d+)?|status_resolved|officials_alerted_\d+|ladder_exhausted|harm_follow_up|gap_[a-z_]+|duty_overdue_[a-z_]+|delivery_failed_[0-9A-HJKMNP-TV-Z]{26})$/,
      ),
    ),
);
export const NotificationRecordSchema = lazily(() =>
  z.object({
    id: UlidSchema,
    incidentId: UlidSchema,
    step: NotificationStepSchema,
    contactId: UlidSchema,
    kind: ContactKindSchema,
    channel: z.enum(NOTIFICATION_CHANNELS),
    language: LanguageSchema,
    status: z.enum(NOTIFICATION_STATUSES),
    reason: z.optional(z.string().check(z.maxLength(100))),
    /** SMS only: the segments billed. */
    segments: z.optional(z.int().check(z.minimum(0))),
    /** The provider's id for the message: SNS's MessageId, or the id SendWhatsAppMessage answers. */
    messageId: z.optional(z.string()),
    /** WhatsApp only: Meta's own id for the message (wamid), learnt from its first status event. */
    providerMessageId: z.optional(z.string().check(z.maxLength(256))),
    createdAt: TimestampSchema,
    sentAt: z.optional(TimestampSchema),
    /** While pending: the attempt holding the claim has until then to record how it ended. */
    leaseUntil: z.optional(TimestampSchema),
    /** How many attempts claimed it; above 1 the SMS may have gone out more than once. */
    attempts: z.optional(z.int().check(z.minimum(1))),
    /** An earlier attempt was cut off mid-send, so the recipient may have this message twice. */
    possibleDuplicate: z.optional(z.boolean()),
    /** When the carrier's receipt (SMS) or WhatsApp's status said delivered or undelivered. */
    deliveredAt: z.optional(TimestampSchema),
    /** WhatsApp only: when the recipient read it (sent only by phones with read receipts on). */
    readAt: z.optional(TimestampSchema),
  }),
);
export type NotificationRecord = z.infer<typeof NotificationRecordSchema>;

// ── weekly metrics ───────────────────────────────────────────────────────────
const count = lazily(() => z.int().check(z.minimum(0)));
const countsOf = <T extends readonly [string, ...string[]]>(keys: T) =>
  z.object(Object.fromEntries(keys.map((key) => [key, count])) as Record<T[number], typeof count>);

export const AreaMetricsSchema = lazily(() =>
  z.object({
    incidents: z.object({
      total: count,
      byCategory: countsOf(CATEGORIES),
      bySeverity: countsOf(SEVERITIES),
    }),
    acknowledgement: z.object({
      /** Incidents reported in the week: each is due an acknowledgement. */
      due: count,
      withinDeadline: count,
      /** How many of the due were acknowledged by the time of computing: the median and p90 are over these. */
      acknowledged: count,
      /** null when there were no acknowledgements to take a median of. */
      medianMinutes: z.nullable(z.number().check(z.minimum(0))),
      p90Minutes: z.nullable(z.number().check(z.minimum(0))),
    }),
    escalations: count,
    /** Legal duties of the week's reports (coordinators only: duties follow the category). */
    duties: z.object({ doneInTime: count, overdue: count }),
    resolved: count,
    closed: count,
    openBacklog: count,
    outcomes: countsOf(OUTCOMES),
    meetings: z.object({
      total: count,
      byType: countsOf(MEETING_TYPES),
      /** Person-sessions, not people: a child at two meetings counts twice. */
      personSessions: countsOf(ATTENDANCE_GROUPS),
    }),
    linkages: z.object({ identified: count, referred: count, fulfilled: count }),
    /** Alerts by channel (coordinators only: channels follow the category's recipients). `sent` is every one the provider took. */
    sms: z.object({
      sent: count,
      delivered: z.optional(count),
      undelivered: z.optional(count),
      failed: count,
      skipped: count,
      segments: count,
      estimatedCostInr: z.number().check(z.minimum(0)),
    }),
    /** Absent from weeks stored before WhatsApp. */
    whatsapp: z.optional(
      z.object({
        sent: count,
        delivered: count,
        read: count,
        undelivered: count,
        failed: count,
        skipped: count,
        estimatedCostInr: z.number().check(z.minimum(0)),
      }),
    ),
  }),
);
/** Which week a week's figures are (coordinators' and funders' alike), and when they were computed. */
export const weekFields = lazily(() => ({
  week: IsoWeekSchema,
  /** Monday 00:00 and the next Monday 00:00 in Asia/Kolkata, as UTC instants. */
  from: TimestampSchema,
  to: TimestampSchema,
  computedAt: TimestampSchema,
  /** False only while the week is still running (for funders, always true). */
  final: z.boolean(),
}));
export const WeeklyMetricsSchema = lazily(() =>
  z.object({
    ...weekFields,
    total: AreaMetricsSchema,
    villages: z.record(VillageIdSchema, AreaMetricsSchema),
  }),
);
export type AreaMetrics = z.infer<typeof AreaMetricsSchema>;
export type WeeklyMetrics = z.infer<typeof WeeklyMetricsSchema>;

// ── acknowledgement links ────────────────────────────────────────────────────
/** `<ackBaseUrl>/a/<token>`: bound to one recipient and one incident, valid for 7 days. */
export const AckTokenSchema = lazily(() =>
  z.object({
    token: z.string().check(z.regex(/^[A-Za-z0-9_-]{16,64}$/)),
    incidentId: UlidSchema,
    contactId: UlidSchema,
    createdAt: TimestampSchema,
    expiresAt: TimestampSchema,
  }),
);
export type AckToken = z.infer<typeof AckTokenSchema>;

// ── exports: everything held, as one document ────────────────────────────────
export const IncidentExportSchema = lazily(() =>
  z.object({
    exportedAt: TimestampSchema,
    incident: IncidentViewSchema,
    history: z.array(HistoryEntryViewSchema),
    notifications: z.array(NotificationRecordSchema),
    accessLog: z.array(AuditRecordSchema),
  }),
);
export const ChildExportSchema = lazily(() =>
  z.object({
    exportedAt: TimestampSchema,
    childRef: ChildRefSchema,
    linkages: z.array(z.object({ linkage: LinkageSchema, history: z.array(HistoryEntrySchema), accessLog: z.array(AuditRecordSchema) })),
  }),
);
export const ChildErasureSchema = lazily(() => z.object({ childRef: ChildRefSchema, linkages: z.array(LinkageSchema) }));
