// Example records for the route table's examples (routes.ts), written by hand like API.md's: one
// child-marriage report from Hingalganj followed from its report to its legal duty, and the
// directory and programme records around it. Never generated from the schemas:
// test/unit/openapi.test.ts checks every example against the schema it illustrates.

/** Ids of the examples; the contacts' are those of the test programme and events/http/. */
export const EXAMPLE_ID = {
  incident: '01JD00000000000000000000A1',
  volunteer: '01JD0000000000000000000V01',
  panchayat: '01JD0000000000000000000P01',
  coordinator: '01JD0000000000000000000C01',
  vlcpc: '01JD0000000000000000000Q01',
  cmpo: '01JD0000000000000000000M01',
  anganwadi: '01JD0000000000000000000G01',
  meeting: '01JD00000000000000000000M1',
  linkage: '01JD00000000000000000000N1',
} as const;

export const EXAMPLE_VILLAGE_ID = 'v-hingalganj-1';
/** An acknowledgement link's token, as an SMS carries it in `/a/<token>`. */
export const EXAMPLE_ACK_TOKEN = 'b8Xq2LmZ7rTcV4nPw9Ks3D';
/** The finished ISO week the report and the meeting fall in. */
export const EXAMPLE_WEEK = '2026-W48';

const volunteer = { sub: '6f1c2a9e-4b7d-4e3a-9c51-2d8e7f0a1b34', role: 'volunteer', contactId: EXAMPLE_ID.volunteer } as const;
const panchayat = { sub: '2b9e7c41-0d3f-4a6b-8e15-9c7d2f4a6b80', role: 'duty_bearer', contactId: EXAMPLE_ID.panchayat } as const;
const coordinator = { sub: '9a4d6e2f-1b8c-4f7a-a3e5-6c0b2d9f8e17', role: 'coordinator' } as const;

export const EXAMPLE_VILLAGE = {
  id: EXAMPLE_VILLAGE_ID,
  name: 'Hingalganj',
  block: 'Hingalganj',
  district: 'North 24 Parganas',
  notes: 'River island; reached by ferry from Dulduli',
  createdAt: '2026-11-01T04:30:00.000Z',
  updatedAt: '2026-11-01T04:30:00.000Z',
} as const;

export const EXAMPLE_CONTACT = {
  id: EXAMPLE_ID.anganwadi,
  name: 'Anganwadi centre 3, Hingalganj',
  kind: 'anganwadi',
  villages: [EXAMPLE_VILLAGE_ID],
  language: 'bn',
  phone: '+919812345678',
  smsOptIn: true,
  channels: {
    sms: { optIn: true },
    whatsapp: { optIn: true, optInAt: '2026-11-02T06:00:00.000Z', optInSource: 'written_form' },
  },
  active: true,
  version: 1,
  createdAt: '2026-11-02T06:15:00.000Z',
  updatedAt: '2026-11-02T06:15:00.000Z',
} as const;

// ── the incident ───────────────────────────────────────────────────────────────
const reportedAt = '2026-11-29T05:40:00.000Z';
const firstAlertKinds = ['coordinator', 'volunteer', 'panchayat', 'vlcpc', 'cmpo'] as const;
const firstAlertContacts = [EXAMPLE_ID.coordinator, EXAMPLE_ID.volunteer, EXAMPLE_ID.panchayat, EXAMPLE_ID.vlcpc, EXAMPLE_ID.cmpo];

/** What every view of it shows. */
const incidentCore = {
  id: EXAMPLE_ID.incident,
  shortCode: 'K7QM2P',
  villageId: EXAMPLE_VILLAGE_ID,
  category: 'child_marriage',
  severity: 'high',
  occurredAt: '2026-11-28T18:00:00.000Z',
  expectedBy: '2026-12-20T06:00:00.000Z',
  child: { ageBand: '15-17', gender: 'girl' },
  description: 'Marriage being arranged with a man from Basirhat; the family has set a date in December',
  medicalCareNeeded: false,
  confidential: false,
  status: 'reported',
  reportedAt,
  escalationStep: 0,
  ackDueAt: '2026-11-29T09:40:00.000Z',
  version: 1,
  updatedAt: reportedAt,
} as const;

/** The 201 to the volunteer who reported it: no child's name, no location, but whom it alerted. */
export const EXAMPLE_REPORTED = { ...incidentCore, routedTo: firstAlertContacts } as const;

const acknowledgement = { at: '2026-11-29T06:10:00.000Z', by: panchayat, contactId: EXAMPLE_ID.panchayat, kind: 'panchayat' } as const;

/** A coordinator's view once the panchayat has acknowledged it: everything. */
export const EXAMPLE_INCIDENT = {
  ...incidentCore,
  child: { ageBand: '15-17', gender: 'girl', name: 'Rina Khatun' },
  location: 'Behind the primary school, ward 3',
  status: 'acknowledged',
  reportedBy: volunteer,
  routedTo: firstAlertContacts,
  routing: { firstAlert: firstAlertKinds, ladder: [['block'], ['police'], ['dcpu']], ladderFrom: 0 },
  alerts: [{ step: 'first_alert', at: reportedAt, kinds: firstAlertKinds, contactIds: firstAlertContacts, missing: [] }],
  acknowledgement,
  acknowledgements: [acknowledgement],
  inActionDueAt: '2026-12-02T06:10:00.000Z',
  duties: [{ id: 'cmpo_informed', label: 'Written information to the CMPO', dueAt: '2026-11-30T05:40:00.000Z' }],
  version: 2,
  updatedAt: '2026-11-29T06:10:00.000Z',
} as const;

/** The panchayat's own view of its acknowledgement: no reporter, no child's name, nobody else's contact ids. */
export const EXAMPLE_ACKNOWLEDGED = {
  ...incidentCore,
  location: 'Behind the primary school, ward 3',
  status: 'acknowledged',
  inActionDueAt: '2026-12-02T06:10:00.000Z',
  version: 2,
  updatedAt: '2026-11-29T06:10:00.000Z',
} as const;

const dutyDone = {
  doneAt: '2026-11-29T11:30:00.000Z',
  reference: 'CMPO/HGJ/2026/117',
  doneBy: coordinator,
} as const;

/** A coordinator's view once the CMPO's written information is recorded. */
export const EXAMPLE_DUTY_DONE = {
  ...EXAMPLE_INCIDENT,
  duties: [{ ...EXAMPLE_INCIDENT.duties[0], ...dutyDone }],
  version: 4,
  updatedAt: dutyDone.doneAt,
} as const;

/** A coordinator's view once the severity is corrected to critical: shorter deadlines from the correction on. */
export const EXAMPLE_CORRECTED = {
  ...EXAMPLE_DUTY_DONE,
  severity: 'critical',
  ackDueAt: '2026-11-29T12:30:00.000Z',
  inActionDueAt: '2026-11-30T12:00:00.000Z',
  version: 5,
  updatedAt: '2026-11-29T12:00:00.000Z',
} as const;

/** A note answered to the panchayat that added it (a note is a version of its own, as every history entry is). */
export const EXAMPLE_NOTE_ENTRY = {
  entity: 'incident',
  entityId: EXAMPLE_ID.incident,
  version: 3,
  at: '2026-11-29T08:20:00.000Z',
  by: { role: 'duty_bearer', contactId: EXAMPLE_ID.panchayat },
  from: 'acknowledged',
  to: 'acknowledged',
  event: 'note',
  note: 'The family agreed to meet the CMPO on Monday',
} as const;

/** The history as a coordinator reads it, the report first. */
export const EXAMPLE_HISTORY = [
  { entity: 'incident', entityId: EXAMPLE_ID.incident, version: 1, at: reportedAt, by: volunteer, from: null, to: 'reported' },
  {
    entity: 'incident',
    entityId: EXAMPLE_ID.incident,
    version: 2,
    at: acknowledgement.at,
    by: panchayat,
    from: 'reported',
    to: 'acknowledged',
    note: 'Spoke to the family; visiting tomorrow',
  },
  { ...EXAMPLE_NOTE_ENTRY, by: panchayat },
  {
    entity: 'incident',
    entityId: EXAMPLE_ID.incident,
    version: 4,
    at: dutyDone.doneAt,
    by: coordinator,
    from: 'acknowledged',
    to: 'acknowledged',
    event: 'duty_done',
    dutyId: 'cmpo_informed',
    reference: dutyDone.reference,
    note: 'Letter handed over at the block office',
  },
  {
    entity: 'incident',
    entityId: EXAMPLE_ID.incident,
    version: 5,
    at: EXAMPLE_CORRECTED.updatedAt,
    by: coordinator,
    from: 'acknowledged',
    to: 'acknowledged',
    event: 'corrected',
    reason: 'The wedding date was brought forward to this week',
    correction: {
      before: { category: 'child_marriage', severity: 'high', confidential: false },
      after: { category: 'child_marriage', severity: 'critical', confidential: false },
    },
  },
] as const;

/** Two of the first alert's SMS: one delivered, one not sent because the VLCPC contact opted out. */
export const EXAMPLE_NOTIFICATIONS = [
  {
    id: '01JD00000000000000000000S1',
    incidentId: EXAMPLE_ID.incident,
    step: 'first_alert',
    contactId: EXAMPLE_ID.panchayat,
    kind: 'panchayat',
    channel: 'sms',
    language: 'bn',
    status: 'delivered',
    segments: 2,
    messageId: '4d1f8a2c-6b3e-5f90-a7c4-1e2d3f4a5b6c',
    createdAt: '2026-11-29T05:40:01.000Z',
    sentAt: '2026-11-29T05:40:02.000Z',
    deliveredAt: '2026-11-29T05:40:09.000Z',
  },
  {
    id: '01JD00000000000000000000S2',
    incidentId: EXAMPLE_ID.incident,
    step: 'first_alert',
    contactId: EXAMPLE_ID.vlcpc,
    kind: 'vlcpc',
    channel: 'sms',
    language: 'bn',
    status: 'skipped',
    reason: 'opted_out',
    createdAt: '2026-11-29T05:40:01.000Z',
  },
] as const;

// ── programme activities ──────────────────────────────────────────────────────────
export const EXAMPLE_MEETING = {
  id: EXAMPLE_ID.meeting,
  villageId: EXAMPLE_VILLAGE_ID,
  type: 'parenting_workshop',
  heldOn: '2026-11-27',
  facilitator: 'Rupa Mondal',
  attendance: { girls: 0, boys: 0, women: 14, men: 6, dutyBearers: 1 },
  topics: ['positive discipline'],
  decisions: ['meet again in January'],
  followUps: [{ action: 'visit the school', due: '2026-12-05' }],
  recordedBy: volunteer,
  createdAt: '2026-11-27T12:05:00.000Z',
} as const;

/** A 13-year-old's: her mother's consent and her own assent. */
export const EXAMPLE_CONSENT = {
  guardian: { given: true, by: 'parent', recordedAt: '2026-11-20T09:00:00.000Z' },
  childAssent: { given: true, recordedAt: '2026-11-20T09:05:00.000Z' },
} as const;

export const EXAMPLE_LINKAGE = {
  id: EXAMPLE_ID.linkage,
  villageId: EXAMPLE_VILLAGE_ID,
  childRef: 'HG-0042',
  ageBand: '12-14',
  need: 'documentation',
  service: 'Birth certificate from the Panchayat',
  providerContactId: EXAMPLE_ID.panchayat,
  consent: EXAMPLE_CONSENT,
  status: 'identified',
  createdBy: volunteer,
  version: 1,
  createdAt: '2026-11-20T09:10:00.000Z',
  updatedAt: '2026-11-20T09:10:00.000Z',
} as const;

export const EXAMPLE_LINKAGE_REFERRED = {
  ...EXAMPLE_LINKAGE,
  status: 'referred',
  version: 2,
  updatedAt: '2026-11-24T07:45:00.000Z',
} as const;

/** An opaque cursor, as a list answers it for the next page. */
export const EXAMPLE_CURSOR = 'eyJrIjoiMDFKRDAwMDAwMDAwMDAwMDAwMDAwMDAwQTEifQ.Hq3v0Wk1';

/** Her mother withdrew consent once the linkage was referred: it ends, and the Panchayat is to be told to stop. */
export const EXAMPLE_CONSENT_WITHDRAWN = {
  ...EXAMPLE_LINKAGE_REFERRED,
  consent: { ...EXAMPLE_CONSENT, withdrawal: { at: '2026-11-26T10:00:00.000Z', by: 'guardian', recordedBy: coordinator } },
  status: 'unable',
  reason: 'Consent withdrawn',
  providerToBeTold: { contactId: EXAMPLE_ID.panchayat, reason: 'consent_withdrawn', since: '2026-11-26T10:00:00.000Z' },
  version: 3,
  updatedAt: '2026-11-26T10:00:00.000Z',
} as const;

/** The same linkage once erased on request: what it was for, and its notes, read "[erased]". */
export const EXAMPLE_CHILD_ERASURE = {
  childRef: 'HG-0042',
  linkages: [{ ...EXAMPLE_CONSENT_WITHDRAWN, service: '[erased]', reason: '[erased]', version: 4, updatedAt: '2026-12-01T05:00:00.000Z' }],
} as const;

// ── data protection ──────────────────────────────────────────────────────────────
/** The coordinator's read of the incident, and the panchayat's before it, as its access log lists them. */
export const EXAMPLE_ACCESS_LOG = [
  {
    id: '01JD00000000000000000000R2',
    at: '2026-11-29T12:01:00.000Z',
    actor: coordinator,
    record: { type: 'incident', id: EXAMPLE_ID.incident },
    villageId: EXAMPLE_VILLAGE_ID,
    route: 'GET /incidents/{id}',
  },
  {
    id: '01JD00000000000000000000R1',
    at: '2026-11-29T06:09:00.000Z',
    actor: panchayat,
    record: { type: 'incident', id: EXAMPLE_ID.incident },
    villageId: EXAMPLE_VILLAGE_ID,
    route: 'GET /incidents/{id}',
  },
] as const;

const closedAt = '2026-12-15T09:00:00.000Z';
/** The coordinator's view once closed: its personal fields fall due for erasure 24 months later. */
export const EXAMPLE_CLOSED = {
  ...EXAMPLE_CORRECTED,
  status: 'closed',
  outcome: 'marriage_stopped',
  eraseDueAt: '2028-12-15T09:00:00.000Z',
  version: 8,
  updatedAt: closedAt,
} as const;

/** Then held: the family's case is in court, so nothing of it is erased until the hold is lifted. */
export const EXAMPLE_HELD = {
  ...EXAMPLE_CLOSED,
  legalHold: { reason: 'PCMA case 112/2026 before the Basirhat court', since: '2027-01-04T06:00:00.000Z', by: coordinator },
  version: 9,
  updatedAt: '2027-01-04T06:00:00.000Z',
} as const;

/** Erased on the family's request: the child's name, the location and the description read "[erased]". */
export const EXAMPLE_ERASED = {
  ...EXAMPLE_CLOSED,
  child: { ...EXAMPLE_CLOSED.child, name: '[erased]' },
  description: '[erased]',
  location: '[erased]',
  version: 9,
  updatedAt: '2027-02-01T05:00:00.000Z',
} as const;
