// Builders for valid domain records: a test states only what it is about.
import { monotonicFactory } from 'ulid';
import { planRouting } from '../../functions/domain/routing.js';
import type { Actor, Contact, HistoryEntry, Incident, Linkage, Meeting } from '../../functions/domain/schemas.js';

const nextUlid = monotonicFactory();
export const newId = (time?: number): string => nextUlid(time);

export const coordinator: Actor = { sub: 'sub-coordinator', role: 'coordinator' };
export const volunteer = (contactId = newId()): Actor => ({ sub: `sub-volunteer-${contactId}`, role: 'volunteer', contactId });
export const dutyBearer = (contactId = newId()): Actor => ({ sub: `sub-db-${contactId}`, role: 'duty_bearer', contactId });

export function anIncident(overrides: Partial<Incident> = {}): Incident {
  const reportedAt = overrides.reportedAt ?? '2026-11-28T10:00:00.000Z';
  const id = overrides.id ?? newId(Date.parse(reportedAt));
  const category = overrides.category ?? 'child_marriage';
  const medicalCareNeeded = overrides.medicalCareNeeded ?? false;
  const routedTo = overrides.routedTo ?? [];
  // The routing it would have been reported with; a test overriding it states its own.
  const plan = planRouting({
    category,
    medicalCareNeeded,
    confidential: overrides.confidential ?? false,
    expectedBy: overrides.expectedBy,
    now: new Date(reportedAt),
  });
  return {
    id,
    shortCode: 'ABCDEF',
    villageId: 'v-hingalganj-1',
    category,
    severity: 'high',
    occurredAt: reportedAt,
    child: { ageBand: '15-17', gender: 'girl', name: 'Rina' },
    description: 'Marriage being arranged for next week',
    medicalCareNeeded,
    confidential: plan.confidential,
    status: 'reported',
    reportedAt,
    reportedBy: volunteer(),
    routedTo,
    routing: plan.routing,
    alerts: [{ step: 'first_alert', at: reportedAt, kinds: plan.routing.firstAlert, contactIds: routedTo, missing: [] }],
    escalationStep: 0,
    ackDueAt: new Date(Date.parse(reportedAt) + 4 * 3600_000).toISOString(),
    acknowledgements: [],
    duties: [],
    version: 1,
    updatedAt: reportedAt,
    ...overrides,
  };
}

export function reportEntry(incident: Incident): HistoryEntry {
  return {
    entity: 'incident',
    entityId: incident.id,
    version: 1,
    at: incident.reportedAt,
    by: incident.reportedBy,
    from: null,
    to: 'reported',
  };
}

/** A contact who opted out of SMS and never into WhatsApp: reachable on no channel. */
export const OPTED_OUT = { channels: { sms: { optIn: false }, whatsapp: { optIn: false } } } as const;

/** WhatsApp opted in on a form, as a coordinator records it. */
export const ON_WHATSAPP = {
  channels: { sms: { optIn: true }, whatsapp: { optIn: true, optInAt: '2026-11-01T00:00:00.000Z', optInSource: 'written_form' } },
} as const satisfies Partial<Contact>;

export function aContact(overrides: Partial<Contact> = {}): Contact {
  return {
    id: newId(),
    name: 'Gram Panchayat office',
    kind: 'panchayat',
    villages: ['v-hingalganj-1'],
    language: 'bn',
    phone: '+919812345678',
    channels: { sms: { optIn: true }, whatsapp: { optIn: false } },
    active: true,
    version: 1,
    createdAt: '2026-11-01T00:00:00.000Z',
    updatedAt: '2026-11-01T00:00:00.000Z',
    ...overrides,
  };
}

export function aMeeting(overrides: Partial<Meeting> = {}): Meeting {
  return {
    id: newId(),
    villageId: 'v-hingalganj-1',
    type: 'parenting_workshop',
    heldOn: '2026-11-27',
    attendance: { girls: 0, boys: 0, women: 14, men: 6, dutyBearers: 1 },
    topics: ['positive discipline'],
    recordedBy: coordinator,
    createdAt: '2026-11-27T12:00:00.000Z',
    ...overrides,
  };
}

export function aLinkage(overrides: Partial<Linkage> = {}): Linkage {
  return {
    id: newId(),
    villageId: 'v-hingalganj-1',
    childRef: 'HG-0042',
    ageBand: '6-11',
    need: 'documentation',
    service: 'Birth certificate from the Panchayat',
    consent: { guardian: { given: true, by: 'parent', recordedAt: '2026-11-20T09:00:00.000Z' } },
    status: 'identified',
    createdBy: coordinator,
    version: 1,
    createdAt: '2026-11-20T09:00:00.000Z',
    updatedAt: '2026-11-20T09:00:00.000Z',
    ...overrides,
  };
}

export function linkageCreatedEntry(linkage: Linkage): HistoryEntry {
  return {
    entity: 'linkage',
    entityId: linkage.id,
    version: 1,
    at: linkage.createdAt,
    by: linkage.createdBy,
    from: null,
    to: 'identified',
  };
}
