// The programme's fixed vocabularies (DOMAIN.md). Every enum schema and type is derived from these lists.

export const ROLES = ['coordinator', 'volunteer', 'duty_bearer', 'funder'] as const;
export type Role = (typeof ROLES)[number];

/** Duty bearers who live in the village; they acknowledge and add notes, but cannot stop a high or critical ladder. */
export const COMMUNITY_KINDS = ['panchayat', 'vlcpc', 'school', 'smc', 'anganwadi'] as const;
/** childline (1098) is answered through ERSS 112, a voice line: kept for its number, never sent an alert. */
export const OFFICIAL_KINDS = ['health', 'police', 'sjpu', 'ahtu', 'block', 'cmpo', 'labour', 'dcpu', 'cwc', 'dlsa', 'childline'] as const;
export const DUTY_BEARER_KINDS = [...COMMUNITY_KINDS, ...OFFICIAL_KINDS] as const;
export const CONTACT_KINDS = ['volunteer', 'coordinator', 'funder', ...DUTY_BEARER_KINDS] as const;
export type CommunityKind = (typeof COMMUNITY_KINDS)[number];
export type OfficialKind = (typeof OFFICIAL_KINDS)[number];
export type DutyBearerKind = (typeof DUTY_BEARER_KINDS)[number];
export type ContactKind = (typeof CONTACT_KINDS)[number];

/** Kinds that cover the whole programme rather than a list of villages. */
export const PROGRAMME_WIDE_KINDS = ['coordinator', 'funder'] as const satisfies readonly ContactKind[];

export const LANGUAGES = ['bn', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];

export const CATEGORIES = [
  'child_marriage',
  'sexual_abuse',
  'trafficking',
  'missing_child',
  'abandoned_separated',
  'child_labour',
  'physical_abuse',
  'domestic_violence',
  'corporal_punishment',
  'school_dropout',
  'neglect',
  'health_nutrition',
  'conflict_with_law',
  'other',
] as const;
export type Category = (typeof CATEGORIES)[number];

/** Ordered from least to most urgent. */
export const SEVERITIES = ['low', 'medium', 'high', 'critical'] as const;
export type Severity = (typeof SEVERITIES)[number];

export const AGE_BANDS = ['0-5', '6-11', '12-14', '15-17'] as const;
export const GENDERS = ['girl', 'boy', 'other', 'unknown'] as const;

export const OUTCOMES = [
  'marriage_stopped',
  'child_rescued',
  'case_registered',
  'referred_to_cwc',
  'services_linked',
  'returned_to_school',
  'family_counselled',
  'no_action_needed',
  'other',
] as const;
export type Outcome = (typeof OUTCOMES)[number];

export const INCIDENT_STATUSES = ['reported', 'acknowledged', 'in_action', 'resolved', 'closed', 'duplicate', 'unverified'] as const;
export type IncidentStatus = (typeof INCIDENT_STATUSES)[number];
/** Statuses in which an incident still needs someone to act: it counts in the open backlog. */
export const OPEN_INCIDENT_STATUSES = ['reported', 'acknowledged', 'in_action'] as const satisfies readonly IncidentStatus[];

export const MEETING_TYPES = [
  'children_group',
  'parents_meeting',
  'parenting_workshop',
  'duty_bearer_meeting',
  'club_vigilance',
  'smc_cpc',
  'volunteer_meeting',
] as const;
export type MeetingType = (typeof MEETING_TYPES)[number];
export const ATTENDANCE_GROUPS = ['girls', 'boys', 'women', 'men', 'dutyBearers'] as const;

export const NEED_AREAS = [
  'education',
  'health',
  'nutrition',
  'documentation',
  'social_protection',
  'psychosocial',
  'legal',
  'livelihood',
  'other',
] as const;
export const LINKAGE_STATUSES = ['identified', 'referred', 'in_progress', 'fulfilled', 'unable'] as const;
export type LinkageStatus = (typeof LINKAGE_STATUSES)[number];
/** Who gave a consent or withdrew it: the child (their assent) or the guardian. */
export const CONSENT_GIVERS = ['child', 'guardian'] as const;
/** Who gives a guardian's consent: a parent, or another lawful guardian. */
export const GUARDIAN_KINDS = ['parent', 'guardian'] as const;
/** From these age bands up a referral also needs the child's own assent (DOMAIN.md: 12 and over). */
export const ASSENT_AGE_BANDS = ['12-14', '15-17'] as const satisfies readonly (typeof AGE_BANDS)[number][];
export type AgeBand = (typeof AGE_BANDS)[number];

/** What an audit record says was read: an incident, a linkage, or a week's metrics. */
export const AUDITED_RECORDS = ['incident', 'linkage', 'week'] as const;
export type AuditedRecord = (typeof AUDITED_RECORDS)[number];

/** DESIGN.md "The delivery guarantee": pending is a lease; sent is accepted by the provider; delivered and undelivered come from receipts. */
export const NOTIFICATION_STATUSES = ['pending', 'sent', 'delivered', 'undelivered', 'failed', 'skipped'] as const;
export type NotificationStatus = (typeof NOTIFICATION_STATUSES)[number];
/** DESIGN.md "Channels": WhatsApp first for a contact who opted in to it, SMS for everyone and as the fallback. */
export const NOTIFICATION_CHANNELS = ['sms', 'whatsapp'] as const;
export type NotificationChannel = (typeof NOTIFICATION_CHANNELS)[number];
/** How a WhatsApp opt-in was given (Meta requires a recorded opt-in for business-initiated messages). */
export const WHATSAPP_OPT_IN_SOURCES = ['written_form', 'in_person', 'phone_call', 'whatsapp_message'] as const;

// ── what a kind is: asked in one way everywhere ─────────────────────────────
const isOneOf =
  <T extends string>(kinds: readonly T[]) =>
  (kind: string): kind is T =>
    (kinds as readonly string[]).includes(kind);

/** Lives in the village: the panchayat, VLCPC, school, SMC and anganwadi. */
export const isCommunityKind = isOneOf(COMMUNITY_KINDS);
/** Holds an office outside the village: police, block, health, child protection units. */
export const isOfficialKind = isOneOf(OFFICIAL_KINDS);
/** Has a duty to act on a report: every community and official kind (they get acknowledgement links). */
export const isDutyBearerKind = isOneOf(DUTY_BEARER_KINDS);
/** Covers the whole programme rather than a list of villages. */
export const isProgrammeWideKind = isOneOf(PROGRAMME_WIDE_KINDS);
/** People of the village itself (volunteers and community kinds): kept out of confidential cases. */
export const isVillageKind = (kind: string): boolean => kind === 'volunteer' || isCommunityKind(kind);
