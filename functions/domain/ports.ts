// The ports: what the use cases need from persistence, SMS and email, and the errors they raise.

import type { FunderWeeklyView } from './metrics/funder-view.js';
import type { PlannedNotice } from './notification-plan.js';
import type {
  AckToken,
  AuditRecord,
  Contact,
  HistoryEntry,
  Incident,
  Linkage,
  Meeting,
  NotificationRecord,
  Village,
  WeeklyMetrics,
} from './schemas.js';
import type {
  Category,
  ContactKind,
  IncidentStatus,
  LinkageStatus,
  MeetingType,
  NotificationChannel,
  NotificationStatus,
} from './vocabulary.js';
import type { ChatState } from './whatsapp/chat.js';
import type { CloudApiMessage } from './whatsapp/cloud-api.js';

export interface PageRequest {
  limit: number;
  cursor?: string;
}

export interface Page<T> {
  items: T[];
  nextCursor?: string;
}

/** Every item of a paged list, fetched 100 at a time: for jobs and lookups that need the whole of one. */
export async function allPages<T>(list: (page: PageRequest) => Promise<Page<T>>): Promise<T[]> {
  const items: T[] = [];
  let cursor: string | undefined;
  do {
    const page = await list({ limit: 100, ...(cursor ? { cursor } : {}) });
    items.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor);
  return items;
}

/** An inclusive time window on ISO strings (timestamps, or dates for meetings). */
export interface TimeRange {
  from?: string;
  to?: string;
}

export interface IdempotencyClaim<T> {
  /** The caller (`sub`): keys are scoped to them. */
  scope: string;
  key: string;
  /** A hash of the request body: the same key with another body is refused. */
  bodyHash: string;
  /** Builds the answer to remember from the record as finally written: a retry gets it again. */
  answer(created: T): unknown;
}

export type CreateResult<T> = { replayed: false; record: T } | { replayed: true; answer: unknown };

export class NotFoundError extends Error {
  override readonly name = 'NotFoundError';
}
/** The record exists, but the caller's part in it ended (a contact deactivated or moved): HTTP 410. */
export class AccessEndedError extends Error {
  override readonly name = 'AccessEndedError';
}
/** The record changed since the caller read it (optimistic concurrency). */
export class VersionConflictError extends Error {
  override readonly name = 'VersionConflictError';
}
export class IdempotencyConflictError extends Error {
  override readonly name = 'IdempotencyConflictError';
  constructor(readonly reason: 'payload_mismatch' | 'in_flight') {
    super(
      reason === 'payload_mismatch'
        ? 'this Idempotency-Key was used with a different request body'
        : 'a request with this Idempotency-Key is still being processed',
    );
  }
}
export class InvalidCursorError extends Error {
  override readonly name = 'InvalidCursorError';
  constructor() {
    super('the cursor is not valid for this list');
  }
}
/** An audit record could not be written: the read it records is not served (HTTP 503), never served unrecorded. */
export class AuditUnavailableError extends Error {
  override readonly name = 'AuditUnavailableError';
}
/** A claim on something unique (a notification, a short code) that is already taken. */
export class AlreadyExistsError extends Error {
  override readonly name = 'AlreadyExistsError';
}

export interface IncidentFilter extends TimeRange {
  status?: IncidentStatus;
  category?: Category;
}

export interface NewIncident {
  /** Everything but the short code, which the store reserves. */
  incident: Omit<Incident, 'shortCode'>;
  history: Omit<HistoryEntry, 'entityId'>;
}

// ── the stores, one per aggregate ──────────────────────────────────────────────
// The single table implements them all (adapters/table); an in-memory twin of the table makes the
// same stores run without DynamoDB, and one contract suite holds both to the same behaviour.

/** An open incident as the backlog counts it. */
export interface OpenIncident {
  id: string;
  reportedAt: string;
}

export interface IncidentStore {
  create(input: NewIncident, idempotency?: IdempotencyClaim<Incident>): Promise<CreateResult<Incident>>;
  get(id: string): Promise<Incident | undefined>;
  /**
   * Writes the new state if the stored version is still the one `previous` was read at, with its
   * history entry and a route item for every contact newly added to routedTo (an escalation step).
   */
  transition(next: Incident, history: HistoryEntry, previous: Incident): Promise<Incident>;
  /** Newest first, merged across the villages (one village, a volunteer's, or the whole programme). */
  listInVillages(villageIds: readonly string[], filter: IncidentFilter, page: PageRequest): Promise<Page<Incident>>;
  listRoutedTo(contactId: string, filter: IncidentFilter, page: PageRequest): Promise<Page<Incident>>;
  listReportedBy(sub: string, filter: IncidentFilter, page: PageRequest): Promise<Page<Incident>>;
  /** Writes the route items that make the incident show in these contacts' lists (idempotent). */
  ensureRouted(incident: Incident, contactIds: readonly string[]): Promise<void>;
  /** Open incidents whose next deadline is at or before `instant`, earliest first, across the due index's shards. */
  listDue(instant: Date, page: PageRequest): Promise<Page<Incident>>;
  /** A village's open incidents (the backlog), oldest first. */
  listOpen(villageId: string, page: PageRequest): Promise<Page<OpenIncident>>;
  history(incidentId: string): Promise<HistoryEntry[]>;
  /** Closed incidents whose personal fields fall due for erasure at or before `instant`, across the due index's shards. */
  listDueForErasure(instant: Date, page: PageRequest): Promise<Page<Incident>>;
  /** Writes history entries back as given (their notes erased): the one change an immutable entry may undergo. */
  rewriteHistory(entries: readonly HistoryEntry[], villageId: string): Promise<void>;
}

/** A contact as the routing sees it: everything but the list of villages it covers. */
export type CoveringContact = Omit<Contact, 'villages'>;

export interface DirectoryStore {
  putVillage(village: Village): Promise<Village>;
  getVillage(id: string): Promise<Village | undefined>;
  /** The villages that exist among these ids, in no particular order. */
  getVillages(ids: readonly string[]): Promise<Village[]>;
  listVillages(page: PageRequest): Promise<Page<Village>>;
  createContact(contact: Contact, idempotency?: IdempotencyClaim<Contact>): Promise<CreateResult<Contact>>;
  getContact(id: string): Promise<Contact | undefined>;
  updateContact(next: Contact, previous: Contact): Promise<Contact>;
  listContacts(filter: { villageId?: string; kind?: ContactKind }, page: PageRequest): Promise<Page<Contact>>;
  /** Contacts of these kinds that cover the village (programme-wide kinds cover every village), without their village lists. */
  contactsCovering(villageId: string, kinds: readonly ContactKind[]): Promise<CoveringContact[]>;
  /** Contacts whose per-village copies a crash may have left unwritten, by `instant` (for the sweeper). */
  listContactsToSync(instant: Date, page: PageRequest): Promise<Page<Contact>>;
  /** Writes the contact's per-village copies and its phone reference to match it (idempotent). */
  syncCoverage(contact: Contact): Promise<void>;
  /** The contacts whose phone is this number (who a WhatsApp message comes from). */
  contactsWithPhone(phone: string): Promise<Contact[]>;
}

export interface ActivityStore {
  createMeeting(meeting: Meeting, idempotency?: IdempotencyClaim<Meeting>): Promise<CreateResult<Meeting>>;
  listMeetings(villageIds: readonly string[], filter: TimeRange & { type?: MeetingType }, page: PageRequest): Promise<Page<Meeting>>;
  createLinkage(linkage: Linkage, history: HistoryEntry, idempotency?: IdempotencyClaim<Linkage>): Promise<CreateResult<Linkage>>;
  getLinkage(id: string): Promise<Linkage | undefined>;
  transitionLinkage(next: Linkage, history: HistoryEntry, expectedVersion: number): Promise<Linkage>;
  listLinkages(villageIds: readonly string[], filter: { status?: LinkageStatus }, page: PageRequest): Promise<Page<Linkage>>;
  listLinkagesProvidedBy(contactId: string, filter: { status?: LinkageStatus }, page: PageRequest): Promise<Page<Linkage>>;
  /** Every linkage of a child, by the programme's opaque code, newest first. */
  listLinkagesOfChild(childRef: string, page: PageRequest): Promise<Page<Linkage>>;
  linkageHistory(linkageId: string): Promise<HistoryEntry[]>;
  /** Linkages whose provider is still to be told of a consent withdrawal, since `instant` or before, across the due index's shards. */
  listProvidersToTell(instant: Date, page: PageRequest): Promise<Page<Linkage>>;
  /**
   * Records how telling the provider ended (the linkage leaves the due index), unless the linkage
   * changed since it was read: false then.
   */
  recordProviderTold(linkage: Linkage, outcome: Pick<Linkage, 'providerTold' | 'providerUnreachable'>): Promise<boolean>;
  /** Writes history entries back as given (their notes erased). */
  rewriteHistory(entries: readonly HistoryEntry[], villageId: string): Promise<void>;
}

export interface NotificationStore {
  /** Claims (incident, step, recipient) before sending; AlreadyExistsError when claimed before. */
  claim(record: NotificationRecord, villageId: string): Promise<void>;
  /**
   * Takes over a pending claim whose lease has run out: false when another attempt changed it
   * first (took it over itself, or recorded how it ended).
   */
  takeOver(earlier: NotificationRecord, next: NotificationRecord, villageId: string): Promise<boolean>;
  get(incidentId: string, step: string, contactId: string, channel?: NotificationChannel): Promise<NotificationRecord | undefined>;
  update(record: NotificationRecord, villageId: string): Promise<void>;
  /**
   * Records what a delivery receipt or status said on a record that still has the status it was read
   * with (`sent` unless said) and its message id: false when it has not (an earlier receipt, or another
   * delivery of this one, recorded first). A WhatsApp record's Meta message id, first learnt here,
   * is made findable too.
   */
  recordReceipt(record: NotificationRecord, villageId: string, from?: NotificationStatus): Promise<boolean>;
  /** The record an SMS or WhatsApp message id (the provider's, or Meta's) was recorded on (for delivery receipts). */
  findByMessageId(messageId: string): Promise<NotificationRecord | undefined>;
  listForIncident(incidentId: string): Promise<NotificationRecord[]>;
  /** Notices of an incident still waiting for every recipient's record to be final. */
  outstanding(incidentId: string): Promise<PlannedNotice[]>;
  /** Stores a notice outside any change (a recipient reached on no channel): the one stored already if there is one. */
  plan(notice: PlannedNotice): Promise<PlannedNotice>;
  /** Notices whose grace ran out at or before `instant`, across the due index's shards. */
  listDueNotices(instant: Date, page: PageRequest): Promise<Page<PlannedNotice>>;
  /** Looks at a notice again no sooner than `at` (it waits for a WhatsApp delivery, not for an attempt). */
  postpone(notice: PlannedNotice, at: Date): Promise<void>;
  /** Removes a notice once every recipient's record is final (a newer plan of the same step stays). */
  finish(notice: PlannedNotice): Promise<void>;
}

export interface AckLinkStore {
  put(token: AckToken): Promise<void>;
  /** The token as stored; its expiry is the reader's to check (TTL deletion lags). */
  get(token: string): Promise<AckToken | undefined>;
}

/** A week's records, the stored finished weeks, and the claims that send each week's email once. */
export interface MetricsStore {
  /** History entries (incidents' and linkages') of a village whose time falls in the range. */
  listHistoryInVillage(villageId: string, range: TimeRange, page: PageRequest): Promise<Page<HistoryEntry>>;
  /** SMS records of a village created in the range. */
  listNotificationsInVillage(villageId: string, range: TimeRange, page: PageRequest): Promise<Page<NotificationRecord>>;
  putWeeklyMetrics(metrics: WeeklyMetrics): Promise<void>;
  getWeeklyMetrics(week: string): Promise<WeeklyMetrics | undefined>;
  /** The open incidents of each village at a week's end, as the week-close job counted them; undefined if it did not run. */
  getBacklogAtWeekEnd(week: string): Promise<Readonly<Record<string, number>> | undefined>;
  /** Keeps a week's end backlog (the first kept stands: a rerun of the job changes nothing). */
  keepBacklogAtWeekEnd(week: string, byVillage: Readonly<Record<string, number>>): Promise<void>;
  /** The funders' view of a finished week as first published; undefined before that. */
  getFunderView(week: string): Promise<FunderWeeklyView | undefined>;
  /** Keeps the week's funders' view unless one is kept already, and answers the one kept: a week is never republished differently. */
  keepFunderView(view: FunderWeeklyView): Promise<FunderWeeklyView>;
  /** Claims the (week, recipient) summary email; false when it was claimed before (a retried run). */
  claimWeeklyEmail(week: string, contactId: string, at: string): Promise<boolean>;
  recordWeeklyEmailSent(week: string, contactId: string, messageId: string): Promise<void>;
  /** Gives the claim back after a failed send, so that the retried run tries that funder again. */
  releaseWeeklyEmail(week: string, contactId: string): Promise<void>;
}

/** A WhatsApp report under way: where the chat is, and the answers so far (kept 30 idle minutes at most). */
export interface Conversation extends ChatState {
  contactId: string;
  startedAt: string;
  /** With no message by then, it is dropped and the reporter told. */
  idleUntil: string;
  /** 1 when started, +1 per message. */
  version: number;
}

export interface ConversationStore {
  get(contactId: string): Promise<Conversation | undefined>;
  /**
   * Saves the conversation if it is still at the version before (absent for version 1), and marks
   * the message that moved it as handled: false when either had already happened.
   */
  save(conversation: Conversation, messageId: string): Promise<boolean>;
  /** Ends the conversation at this version (sent, cancelled or dropped): false when it had moved or ended. */
  end(conversation: Conversation, messageId?: string): Promise<boolean>;
  /** Marks a message handled that no conversation records (a button, STOP): false when it was already. */
  markHandled(messageId: string): Promise<boolean>;
  wasHandled(messageId: string): Promise<boolean>;
  /** Conversations idle past their time at `instant`, across the due index's shards. */
  listIdle(instant: Date, page: PageRequest): Promise<Page<Conversation>>;
}

/** Who read which record, when and by which route: kept for the retention schedule's audit period. */
export interface AuditStore {
  /** Writes the records of one read; AuditUnavailableError when they could not all be written. */
  record(records: readonly AuditRecord[]): Promise<void>;
  /** One record's reads, newest first. */
  listForRecord(type: AuditRecord['record']['type'], id: string, page: PageRequest): Promise<Page<AuditRecord>>;
  /** Every read in the window (by one actor, when named), newest first; nothing older than the audit period is kept. */
  list(filter: TimeRange & { actor?: string }, page: PageRequest): Promise<Page<AuditRecord>>;
}

export interface Stores {
  incidents: IncidentStore;
  directory: DirectoryStore;
  activities: ActivityStore;
  notifications: NotificationStore;
  ackLinks: AckLinkStore;
  metrics: MetricsStore;
  conversations: ConversationStore;
  audit: AuditStore;
}

/** One SMS, rendered from a registered DLT template, ready to send. */
export interface SmsMessage {
  /** E.164 phone number. Never logged. */
  to: string;
  text: string;
  /** The DLT template id the text was registered under (TRAI rules for Indian numbers). */
  dltTemplateId: string;
  segments: number;
  incidentId: string;
  contactId: string;
  /** The recipient's kind (panchayat, police, ...): for records and the local console, never personal. */
  kind: ContactKind;
}

/** How a send ended at the provider (SNS, End User Messaging Social). */
export type SendResult =
  | { status: 'sent'; messageId: string }
  /** `reason` is a short code (`invalid_number`, `opted_out`, `throttled`, ...), never the provider's raw message. */
  | { status: 'failed'; reason: string };

/** The SMS port: SNS in AWS, an outbox file locally. Implementations retry what is worth retrying. */
export interface SmsSender {
  send(message: SmsMessage): Promise<SendResult>;
}

/** One WhatsApp message as Meta's Cloud API defines it, ready to send. */
export interface WhatsAppOutgoing {
  /** E.164 phone number. Never logged. */
  to: string;
  message: CloudApiMessage;
  /** What the recipient reads, for the local console: always our own words, never what a person typed. */
  preview: string;
  /** Whose it is, for the local console; never personal. */
  kind?: ContactKind;
}

/** The WhatsApp port: End User Messaging Social in AWS, an outbox file locally. Implementations retry what is worth retrying. */
export interface WhatsAppSender {
  send(message: WhatsAppOutgoing): Promise<SendResult>;
}

/** One email with an HTML body and its plain-text alternative. */
export interface EmailMessage {
  to: string;
  subject: string;
  html: string;
  text: string;
}

/** The email port: SES in AWS, aws-ses-v2-local locally. */
export interface Mailer {
  send(message: EmailMessage): Promise<{ messageId: string }>;
}
