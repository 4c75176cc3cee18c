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
    const store = table.store();
    const at = '2026-11-01T00:00:00.000Z';
    for (const id of ['v-sandeshkhali-2', 'v-hingalganj-1']) {
      await store.putVillage({ id, name: id, block: 'Hingalganj', district: 'North 24 Parganas', createdAt: at, updatedAt: at });
    }
    await store.putVillage({
      id: 'v-hingalganj-1',
      name: 'Renamed',
      block: 'Hingalganj',
      district: 'North 24 Parganas',
      createdAt: at,
      updatedAt: at,
    });
    const villages = await store.listVillages({ limit: 25 });
    expect(villages.items.map((village) => [village.id, village.name])).toEqual([
      ['v-hingalganj-1', 'Renamed'],
      ['v-sandeshkhali-2', 'v-sandeshkhali-2'],
    ]);
    expect(await store.getVillage('v-unknown')).toBeUndefined();
  });
});

describe('contacts', () => {
  const panchayatA = aContact({ kind: 'panchayat', villages: ['v-a', 'v-b'] });
  const panchayatB = aContact({ kind: 'panchayat', villages: ['v-b'] });
  const vlcpcA = aContact({ kind: 'vlcpc', villages: ['v-a'] });
  const coordinatorContact = aContact({ kind: 'coordinator', villages: [], phone: '+919800000001' });

  beforeAll(async () => {
    const store = table.store();
    for (const contact of [panchayatA, panchayatB, vlcpcA, coordinatorContact]) await store.createContact(contact);
  });

  test('by village and kind, by village, by kind, and all', async () => {
    const store = table.store();
    const ids = async (filter: Parameters<typeof store.listContacts>[0]) =>
      (await store.listContacts(filter, { limit: 25 })).items.map((contact) => contact.id).sort();
    expect(await ids({ villageId: 'v-b', kind: 'panchayat' })).toEqual([panchayatA.id, panchayatB.id].sort());
    expect(await ids({ villageId: 'v-a' })).toEqual([panchayatA.id, vlcpcA.id].sort());
    expect(await ids({ kind: 'vlcpc' })).toEqual([vlcpcA.id]);
    expect(await ids({})).toEqual([panchayatA.id, panchayatB.id, vlcpcA.id, coordinatorContact.id].sort());
  });

  test('covering a village: village kinds by coverage, coordinators programme-wide', async () => {
    const covering = await table.store().contactsCovering('v-a', ['panchayat', 'vlcpc', 'coordinator', 'police']);
    expect(covering.map((contact) => contact.id).sort()).toEqual([panchayatA.id, vlcpcA.id, coordinatorContact.id].sort());
  });

  test('an update moves the contact between villages atomically and checks the version', async () => {
    const store = table.store();
    const current = (await store.getContact(vlcpcA.id))!;
    const next = { ...current, villages: ['v-b'], version: current.version + 1, updatedAt: '2026-11-02T00:00:00.000Z' };
    await store.updateContact(next, current);
    expect((await store.listContacts({ villageId: 'v-a', kind: 'vlcpc' }, { limit: 25 })).items).toEqual([]);
    expect((await store.listContacts({ villageId: 'v-b', kind: 'vlcpc' }, { limit: 25 })).items).toEqual([next]);
    await expect(store.updateContact({ ...next, name: 'stale' }, current)).rejects.toBeInstanceOf(VersionConflictError);
    expect(await store.getContact(vlcpcA.id)).toEqual(next);
  });
});

describe('meetings', () => {
  test('by village and date range, newest first, optionally by type', async () => {
    const store = table.store();
    const village = 'v-meetings';
    for (const [heldOn, type] of [
      ['2026-11-02', 'children_group'],
      ['2026-11-09', 'parents_meeting'],
      ['2026-11-16', 'children_group'],
      ['2026-11-23', 'smc_cpc'],
    ] as const) {
      await store.createMeeting(aMeeting({ villageId: village, heldOn, type }));
    }
    const range = await store.listMeetings([village], { from: '2026-11-09', to: '2026-11-16' }, { limit: 25 });
    expect(range.items.map((meeting) => meeting.heldOn)).toEqual(['2026-11-16', '2026-11-09']);
    const groups = await store.listMeetings([village], { type: 'children_group' }, { limit: 25 });
    expect(groups.items.map((meeting) => meeting.heldOn)).toEqual(['2026-11-16', '2026-11-02']);
  });
});

describe('linkages', () => {
  test('by village and status follow a transition', async () => {
    const store = table.store();
    const provider = dutyBearer();
    const linkage = aLinkage({ villageId: 'v-linkages', providerContactId: provider.contactId! });
    await store.createLinkage(linkage, linkageCreatedEntry(linkage));
    const decision = decideLinkageTransition(linkage, { to: 'referred' }, coordinator, new Date('2026-11-21T00:00:00.000Z'));
    if (!decision.ok) throw new Error(decision.refusal.message);

    await store.transitionLinkage(decision.value.next, decision.value.history, linkage.version);

    expect((await store.listLinkages(['v-linkages'], { status: 'identified' }, { limit: 25 })).items).toEqual([]);
    expect((await store.listLinkages(['v-linkages'], { status: 'referred' }, { limit: 25 })).items).toEqual([decision.value.next]);
    expect((await store.listLinkages(['v-linkages'], {}, { limit: 25 })).items).toEqual([decision.value.next]);
    await expect(store.transitionLinkage(decision.value.next, decision.value.history, linkage.version)).rejects.toBeInstanceOf(
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
    const store = table.store();
    const contactId = newId();
    const first = record('first_alert', contactId);
    await store.claimNotification(first, 'v-a');
    await expect(store.claimNotification(record('first_alert', contactId), 'v-a')).rejects.toBeInstanceOf(AlreadyExistsError);
    await store.claimNotification(record('escalation_1', contactId), 'v-a');
    const sent = { ...first, status: 'sent' as const, segments: 1, messageId: 'msg-1', sentAt: '2026-11-28T10:00:02.000Z' };
    await store.updateNotification(sent, 'v-a');

    const listed = await store.listNotifications(incidentId);
    expect(listed.map((n) => [n.step, n.status])).toEqual([
      ['escalation_1', 'pending'],
      ['first_alert', 'sent'],
    ]);
    expect(listed[1]).toEqual(sent);
  });
});

describe('weekly metrics', () => {
  test('are stored and read back by week', async () => {
    const store = table.store();
    const metrics = { week: '2026-W47', final: true } as unknown as WeeklyMetrics;
    await store.putWeeklyMetrics(metrics);
    expect(await store.getWeeklyMetrics('2026-W47')).toEqual(metrics);
    expect(await store.getWeeklyMetrics('2026-W46')).toBeUndefined();
  });
});
