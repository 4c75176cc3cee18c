import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { decideLinkageTransition } from '../../functions/domain/linkage-workflow.js';
import { AlreadyExistsError, VersionConflictError } from '../../functions/domain/ports.js';
import type { NotificationRecord, WeeklyMetrics } from '../../functions/domain/schemas.js';
import { createTestTable, type TestTable } from '../support/dynamodb.js';
import { aContact, aLinkage, aMeeting, coordinator, dutyBearer, linkageCreatedEntry, newId } from '../support/fixtures.js';

let table: TestTable;
beforeAll(async () => {
  table = await createTestTable();
});
afterAll(async () => {
  await table.drop();
});

describe('villages', () => {
  test('are put (create or replace) and listed in id order', async () => {
    const stores = table.stores();
    const at = '2026-11-01T00:00:00.000Z';
    for (const id of ['v-sandeshkhali-2', 'v-hingalganj-1']) {
      await stores.directory.putVillage({ id, name: id, block: 'Hingalganj', district: 'North 24 Parganas', createdAt: at, updatedAt: at });
    }
    await stores.directory.putVillage({
      id: 'v-hingalganj-1',
      name: 'Renamed',
      block: 'Hingalganj',
      district: 'North 24 Parganas',
      createdAt: at,
      updatedAt: at,
    });
    const villages = await stores.directory.listVillages({ limit: 25 });
    expect(villages.items.map((village) => [village.id, village.name])).toEqual([
      ['v-hingalganj-1', 'Renamed'],
      ['v-sandeshkhali-2', 'v-sandeshkhali-2'],
    ]);
    expect(await stores.directory.getVillage('v-unknown')).toBeUndefined();
  });
});

describe('contacts', () => {
  const panchayatA = aContact({ kind: 'panchayat', villages: ['v-a', 'v-b'] });
  const panchayatB = aContact({ kind: 'panchayat', villages: ['v-b'] });
  const vlcpcA = aContact({ kind: 'vlcpc', villages: ['v-a'] });
  const coordinatorContact = aContact({ kind: 'coordinator', villages: [], phone: '+919800000001' });

  beforeAll(async () => {
    const stores = table.stores();
    for (const contact of [panchayatA, panchayatB, vlcpcA, coordinatorContact]) await stores.directory.createContact(contact);
  });

  test('by village and kind, by village, by kind, and all', async () => {
    const stores = table.stores();
    const ids = async (filter: Parameters<typeof stores.directory.listContacts>[0]) =>
      (await stores.directory.listContacts(filter, { limit: 25 })).items.map((contact) => contact.id).sort();
    expect(await ids({ villageId: 'v-b', kind: 'panchayat' })).toEqual([panchayatA.id, panchayatB.id].sort());
    expect(await ids({ villageId: 'v-a' })).toEqual([panchayatA.id, vlcpcA.id].sort());
    expect(await ids({ kind: 'vlcpc' })).toEqual([vlcpcA.id]);
    expect(await ids({})).toEqual([panchayatA.id, panchayatB.id, vlcpcA.id, coordinatorContact.id].sort());
  });

  test('covering a village: village kinds by coverage, coordinators programme-wide', async () => {
    const covering = await table.stores().directory.contactsCovering('v-a', ['panchayat', 'vlcpc', 'coordinator', 'police']);
    expect(covering.map((contact) => contact.id).sort()).toEqual([panchayatA.id, vlcpcA.id, coordinatorContact.id].sort());
  });

  test('an update moves the contact between villages atomically and checks the version', async () => {
    const stores = table.stores();
    const current = (await stores.directory.getContact(vlcpcA.id))!;
    const next = { ...current, villages: ['v-b'], version: current.version + 1, updatedAt: '2026-11-02T00:00:00.000Z' };
    await stores.directory.updateContact(next, current);
    expect((await stores.directory.listContacts({ villageId: 'v-a', kind: 'vlcpc' }, { limit: 25 })).items).toEqual([]);
    expect((await stores.directory.listContacts({ villageId: 'v-b', kind: 'vlcpc' }, { limit: 25 })).items).toEqual([next]);
    await expect(stores.directory.updateContact({ ...next, name: 'stale' }, current)).rejects.toBeInstanceOf(VersionConflictError);
    expect(await stores.directory.getContact(vlcpcA.id)).toEqual(next);
  });
});

describe('meetings', () => {
  test('by village and date range, newest first, optionally by type', async () => {
    const stores = table.stores();
    const village = 'v-meetings';
    for (const [heldOn, type] of [
      ['2026-11-02', 'children_group'],
      ['2026-11-09', 'parents_meeting'],
      ['2026-11-16', 'children_group'],
      ['2026-11-23', 'smc_cpc'],
    ] as const) {
      await stores.activities.createMeeting(aMeeting({ villageId: village, heldOn, type }));
    }
    const range = await stores.activities.listMeetings([village], { from: '2026-11-09', to: '2026-11-16' }, { limit: 25 });
    expect(range.items.map((meeting) => meeting.heldOn)).toEqual(['2026-11-16', '2026-11-09']);
    const groups = await stores.activities.listMeetings([village], { type: 'children_group' }, { limit: 25 });
    expect(groups.items.map((meeting) => meeting.heldOn)).toEqual(['2026-11-16', '2026-11-02']);
  });
});

describe('linkages', () => {
  test('by village and status follow a transition', async () => {
    const stores = table.stores();
    const provider = dutyBearer();
    const linkage = aLinkage({ villageId: 'v-linkages', providerContactId: provider.contactId! });
    await stores.activities.createLinkage(linkage, linkageCreatedEntry(linkage));
    const decision = decideLinkageTransition(linkage, { to: 'referred' }, coordinator, new Date('2026-11-21T00:00:00.000Z'));
    if (!decision.ok) throw new Error(decision.refusal.message);

    await stores.activities.transitionLinkage(decision.value.next, decision.value.history, linkage.version);

    expect((await stores.activities.listLinkages(['v-linkages'], { status: 'identified' }, { limit: 25 })).items).toEqual([]);
    expect((await stores.activities.listLinkages(['v-linkages'], { status: 'referred' }, { limit: 25 })).items).toEqual([
      decision.value.next,
    ]);
    expect((await stores.activities.listLinkages(['v-linkages'], {}, { limit: 25 })).items).toEqual([decision.value.next]);
    await expect(stores.activities.transitionLinkage(decision.value.next, decision.value.history, linkage.version)).rejects.toBeInstanceOf(
      VersionConflictError,
    );
  });
});

describe('notifications', () => {
  const record = (step: string, contactId: string): NotificationRecord => ({
    id: newId(),
    incidentId: incidentId,
    step,
    contactId,
    kind: 'panchayat',
    channel: 'sms',
    language: 'bn',
    status: 'pending',
    createdAt: '2026-11-28T10:00:01.000Z',
  });
  const incidentId = newId();

  test('are claimed once per (incident, step, recipient), then updated, and listed by incident', async () => {
    const stores = table.stores();
    const contactId = newId();
    const first = record('first_alert', contactId);
    await stores.notifications.claim(first, 'v-a');
    await expect(stores.notifications.claim(record('first_alert', contactId), 'v-a')).rejects.toBeInstanceOf(AlreadyExistsError);
    await stores.notifications.claim(record('escalation_1', contactId), 'v-a');
    const sent = { ...first, status: 'sent' as const, segments: 1, messageId: 'msg-1', sentAt: '2026-11-28T10:00:02.000Z' };
    await stores.notifications.update(sent, 'v-a');

    const listed = await stores.notifications.listForIncident(incidentId);
    expect(listed.map((n) => [n.step, n.status])).toEqual([
      ['escalation_1', 'pending'],
      ['first_alert', 'sent'],
    ]);
    expect(listed[1]).toEqual(sent);
  });
});

describe('weekly metrics', () => {
  test('are stored and read back by week', async () => {
    const stores = table.stores();
    const metrics = { week: '2026-W47', final: true } as unknown as WeeklyMetrics;
    await stores.metrics.putWeeklyMetrics(metrics);
    expect(await stores.metrics.getWeeklyMetrics('2026-W47')).toEqual(metrics);
    expect(await stores.metrics.getWeeklyMetrics('2026-W46')).toBeUndefined();
  });
});
