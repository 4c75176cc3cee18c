// The directory, activity, notification, acknowledgement-link and metrics stores, held to one
// behaviour on the in-memory twin and on DynamoDB Local.
import { describe, expect, test } from '@jest/globals';
import { decideLinkageTransition } from '../../functions/domain/linkage-workflow.js';
import type { FunderWeeklyView } from '../../functions/domain/metrics/funder-view.js';
import {
  AlreadyExistsError,
  allPages,
  type IdempotencyClaim,
  IdempotencyConflictError,
  NotFoundError,
  VersionConflictError,
} from '../../functions/domain/ports.js';
import type { Contact, Linkage, NotificationRecord, Village, WeeklyMetrics } from '../../functions/domain/schemas.js';
import { aContact, aLinkage, aMeeting, coordinator, dutyBearer, linkageCreatedEntry, newId } from '../support/fixtures.js';
import { required } from '../support/required.js';
import { eachStoreSubject, rejectionOf } from '../support/store-subjects.js';

const at = '2026-11-01T00:00:00.000Z';
const aVillage = (id: string, name = id): Village => ({
  id,
  name,
  block: 'Hingalganj',
  district: 'North 24 Parganas',
  createdAt: at,
  updatedAt: at,
});

const contactClaim = (key: string, bodyHash: string): IdempotencyClaim<Contact> => ({
  scope: 'sub-coordinator',
  key,
  bodyHash,
  answer: (created) => created,
});

/** A district's 1,600 villages, each with about `bytes` of figures (a week's metrics hold some 1,200 per village). */
function districtFigures(bytes: number, prefix = 'v-district'): Record<string, unknown> {
  return Object.fromEntries(
    Array.from({ length: 1_600 }, (_, index) => [`${prefix}-${index}`, { figures: String(index).padEnd(bytes, '.') }]),
  );
}

function referred(linkage: Linkage, now = '2026-11-21T00:00:00.000Z') {
  const decision = decideLinkageTransition(linkage, { to: 'referred' }, coordinator, new Date(now));
  if (!decision.ok) throw new Error(decision.refusal.message);
  return decision.value;
}

eachStoreSubject((currentSubject) => {
  describe('villages', () => {
    test('are put (create or replace) and listed in id order', async () => {
      const stores = currentSubject().stores();
      for (const id of ['v-sandeshkhali-2', 'v-hingalganj-1']) await stores.directory.putVillage(aVillage(id));
      await stores.directory.putVillage(aVillage('v-hingalganj-1', 'Renamed'));
      const villages = await stores.directory.listVillages({ limit: 25 });
      expect(villages.items.map((village) => [village.id, village.name])).toEqual([
        ['v-hingalganj-1', 'Renamed'],
        ['v-sandeshkhali-2', 'v-sandeshkhali-2'],
      ]);
      expect(await stores.directory.getVillage('v-unknown')).toBeUndefined();
    });

    test('are listed across pages', async () => {
      const stores = currentSubject().stores();
      for (const id of ['v-page-1', 'v-page-2', 'v-page-3']) await stores.directory.putVillage(aVillage(id));
      const ids = (await allPages((page) => stores.directory.listVillages({ ...page, limit: 2 }))).map((village) => village.id);
      expect(ids).toEqual(['v-hingalganj-1', 'v-page-1', 'v-page-2', 'v-page-3', 'v-sandeshkhali-2']);
    });

    test('a village holding a Date is refused by the marshaller and not stored', async () => {
      const stores = currentSubject().stores();
      const error = await rejectionOf(
        stores.directory.putVillage({ ...aVillage('v-dated'), createdAt: new Date(at) as unknown as string }),
      );
      expect(String(error)).toMatch(/convertClassInstanceToMap/);
      expect(await stores.directory.getVillage('v-dated')).toBeUndefined();
    });
  });

  describe('contacts', () => {
    const panchayatA = aContact({ kind: 'panchayat', villages: ['v-a', 'v-b'] });
    const panchayatB = aContact({ kind: 'panchayat', villages: ['v-b'] });
    const vlcpcA = aContact({ kind: 'vlcpc', villages: ['v-a'] });
    const coordinatorContact = aContact({ kind: 'coordinator', villages: [], phone: '+919800000001' });

    beforeAll(async () => {
      const stores = currentSubject().stores();
      for (const contact of [panchayatA, panchayatB, vlcpcA, coordinatorContact]) await stores.directory.createContact(contact);
    });

    test('by village and kind, by village, by kind, and all', async () => {
      const stores = currentSubject().stores();
      const ids = async (filter: Parameters<typeof stores.directory.listContacts>[0]) =>
        (await stores.directory.listContacts(filter, { limit: 25 })).items.map((contact) => contact.id).sort();
      expect(await ids({ villageId: 'v-b', kind: 'panchayat' })).toEqual([panchayatA.id, panchayatB.id].sort());
      expect(await ids({ villageId: 'v-a' })).toEqual([panchayatA.id, vlcpcA.id].sort());
      expect(await ids({ kind: 'vlcpc' })).toEqual([vlcpcA.id]);
      expect(await ids({})).toEqual([panchayatA.id, panchayatB.id, vlcpcA.id, coordinatorContact.id].sort());
    });

    test('a per-village copy reads back as the contact itself', async () => {
      const [copy] = (await currentSubject().stores().directory.listContacts({ villageId: 'v-b', kind: 'panchayat' }, { limit: 1 })).items;
      expect(copy).toEqual(panchayatA.id < panchayatB.id ? panchayatA : panchayatB);
    });

    test('covering a village: village kinds by coverage, coordinators programme-wide', async () => {
      const covering = await currentSubject().stores().directory.contactsCovering('v-a', ['panchayat', 'vlcpc', 'coordinator', 'police']);
      expect(covering.map((contact) => contact.id).sort()).toEqual([panchayatA.id, vlcpcA.id, coordinatorContact.id].sort());
    });

    test('a create with an Idempotency-Key is replayed with the first answer, and writes nothing more', async () => {
      const stores = currentSubject().stores();
      const first = aContact({ kind: 'school', villages: ['v-c'] });
      await stores.directory.createContact(first, contactClaim('contact-key-01', 'hash-a'));
      const before = (await currentSubject().allItems()).length;
      const retry = await stores.directory.createContact(
        aContact({ kind: 'school', villages: ['v-c'] }),
        contactClaim('contact-key-01', 'hash-a'),
      );
      expect(retry).toEqual({ replayed: true, answer: first });
      expect((await currentSubject().allItems()).length).toBe(before);
      await expect(stores.directory.createContact(aContact(), contactClaim('contact-key-01', 'hash-b'))).rejects.toEqual(
        new IdempotencyConflictError('payload_mismatch'),
      );
    });

    test('a create under a taken id writes neither the contact nor any village copy', async () => {
      const stores = currentSubject().stores();
      const before = await currentSubject().allItems();
      const clash = { ...panchayatB, villages: ['v-b', 'v-d'] };
      const error = await rejectionOf(stores.directory.createContact(clash));
      expect(error).toMatchObject({ name: 'TransactionCancelledError' });
      expect(await currentSubject().allItems()).toHaveLength(before.length);
      expect((await stores.directory.listContacts({ villageId: 'v-d' }, { limit: 25 })).items).toEqual([]);
    });

    test('an update moves the contact between villages atomically and checks the version', async () => {
      const stores = currentSubject().stores();
      const current = required(await stores.directory.getContact(vlcpcA.id), 'the vlcpc contact');
      const next = { ...current, villages: ['v-b'], version: current.version + 1, updatedAt: '2026-11-02T00:00:00.000Z' };
      await stores.directory.updateContact(next, current);
      expect((await stores.directory.listContacts({ villageId: 'v-a', kind: 'vlcpc' }, { limit: 25 })).items).toEqual([]);
      expect((await stores.directory.listContacts({ villageId: 'v-b', kind: 'vlcpc' }, { limit: 25 })).items).toEqual([next]);
      await expect(stores.directory.updateContact({ ...next, name: 'stale' }, current)).rejects.toBeInstanceOf(VersionConflictError);
      expect(await stores.directory.getContact(vlcpcA.id)).toEqual(next);
    });

    test('a stale update leaves every item as it was', async () => {
      const stores = currentSubject().stores();
      const current = required(await stores.directory.getContact(panchayatA.id), 'the panchayat contact');
      const before = await currentSubject().allItems();
      const stale = { ...current, version: current.version - 1 };
      await expect(
        stores.directory.updateContact({ ...current, villages: ['v-e'], version: current.version }, stale),
      ).rejects.toBeInstanceOf(VersionConflictError);
      expect(await currentSubject().allItems()).toEqual(expect.arrayContaining(before));
      expect(await currentSubject().allItems()).toHaveLength(before.length);
    });

    test('an update of an unknown contact is not found', async () => {
      const ghost = aContact();
      await expect(
        currentSubject()
          .stores()
          .directory.updateContact({ ...ghost, version: 2 }, ghost),
      ).rejects.toBeInstanceOf(NotFoundError);
      expect(await currentSubject().stores().directory.getContact(ghost.id)).toBeUndefined();
    });
  });

  describe('meetings', () => {
    test('by village and date range, newest first, optionally by type', async () => {
      const stores = currentSubject().stores();
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
      const paged = await allPages((page) => stores.activities.listMeetings([village], {}, { ...page, limit: 3 }));
      expect(paged.map((meeting) => meeting.heldOn)).toEqual(['2026-11-23', '2026-11-16', '2026-11-09', '2026-11-02']);
    });

    test('a meeting holding a Date is refused by the marshaller, and nothing is written', async () => {
      const stores = currentSubject().stores();
      const before = (await currentSubject().allItems()).length;
      const meeting = aMeeting({ villageId: 'v-dated', createdAt: new Date('2026-11-27T12:00:00.000Z') as unknown as string });
      const error = await rejectionOf(stores.activities.createMeeting(meeting));
      expect(String(error)).toMatch(/convertClassInstanceToMap/);
      expect((await currentSubject().allItems()).length).toBe(before);
    });
  });

  describe('linkages', () => {
    test('by village and status follow a transition', async () => {
      const stores = currentSubject().stores();
      const provider = dutyBearer();
      const linkage = aLinkage({ villageId: 'v-linkages', providerContactId: required(provider.contactId, 'a provider contact') });
      await stores.activities.createLinkage(linkage, linkageCreatedEntry(linkage));
      const { next, history } = referred(linkage);

      await stores.activities.transitionLinkage(next, history, linkage.version);

      expect((await stores.activities.listLinkages(['v-linkages'], { status: 'identified' }, { limit: 25 })).items).toEqual([]);
      expect((await stores.activities.listLinkages(['v-linkages'], { status: 'referred' }, { limit: 25 })).items).toEqual([next]);
      expect((await stores.activities.listLinkages(['v-linkages'], {}, { limit: 25 })).items).toEqual([next]);
      await expect(stores.activities.transitionLinkage(next, history, linkage.version)).rejects.toBeInstanceOf(VersionConflictError);
      expect(await stores.activities.getLinkage(linkage.id)).toEqual(next);
    });

    test('by provider: newest first, by status, and never another provider’s', async () => {
      const stores = currentSubject().stores();
      const provider = newId();
      const older = aLinkage({ villageId: 'v-provided', providerContactId: provider, createdAt: '2026-11-20T09:00:00.000Z' });
      const newer = aLinkage({ villageId: 'v-provided', providerContactId: provider, createdAt: '2026-11-22T09:00:00.000Z' });
      const others = aLinkage({ villageId: 'v-provided', providerContactId: newId() });
      for (const linkage of [older, newer, others]) await stores.activities.createLinkage(linkage, linkageCreatedEntry(linkage));
      const { next, history } = referred(older);
      await stores.activities.transitionLinkage(next, history, older.version);

      const all = await stores.activities.listLinkagesProvidedBy(provider, {}, { limit: 25 });
      const referredOnly = await stores.activities.listLinkagesProvidedBy(provider, { status: 'referred' }, { limit: 25 });

      expect(all.items).toEqual([newer, next]);
      expect(referredOnly.items).toEqual([next]);
    });

    test('an unknown linkage is not found on transition', async () => {
      const ghost = aLinkage();
      const { next, history } = referred(ghost);
      await expect(currentSubject().stores().activities.transitionLinkage(next, history, ghost.version)).rejects.toBeInstanceOf(
        NotFoundError,
      );
    });
  });

  describe('notifications', () => {
    const incidentId = newId();
    const record = (step: string, contactId: string, createdAt = '2026-11-28T10:00:01.000Z'): NotificationRecord => ({
      id: newId(),
      incidentId,
      step,
      contactId,
      kind: 'panchayat',
      channel: 'sms',
      language: 'bn',
      status: 'pending',
      createdAt,
    });

    test('are claimed once per (incident, step, recipient), then updated, and listed by incident', async () => {
      const stores = currentSubject().stores();
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
      expect(await stores.notifications.get(incidentId, 'first_alert', contactId)).toEqual(sent);
    });

    test('a receipt is recorded only on a record still sent with that message id, found by the message id', async () => {
      // Prepare
      const stores = currentSubject().stores();
      const contactId = newId();
      const claimed = record('first_alert', contactId);
      await stores.notifications.claim(claimed, 'v-a');
      const sent = { ...claimed, status: 'sent' as const, messageId: `msg-${contactId}`, sentAt: '2026-11-28T10:00:02.000Z' };
      await stores.notifications.update(sent, 'v-a');
      const delivered = { ...sent, status: 'delivered' as const, deliveredAt: '2026-11-28T10:00:03.000Z' };

      // Act
      const first = await stores.notifications.recordReceipt(delivered, 'v-a');
      const again = await stores.notifications.recordReceipt(
        { ...sent, status: 'undelivered', reason: 'blocked', deliveredAt: '2026-11-28T10:00:04.000Z' },
        'v-a',
      );
      const otherMessage = await stores.notifications.recordReceipt({ ...delivered, messageId: 'msg-other' }, 'v-a');

      // Assess
      expect([first, again, otherMessage]).toEqual([true, false, false]);
      expect(await stores.notifications.findByMessageId(sent.messageId)).toEqual(delivered);
      expect(await stores.notifications.findByMessageId('msg-other')).toBeUndefined();
    });

    test('an update of a record never claimed is refused and writes nothing', async () => {
      const stores = currentSubject().stores();
      const unclaimed = record('reminder', newId());
      await expect(stores.notifications.update({ ...unclaimed, status: 'sent' }, 'v-a')).rejects.toMatchObject({
        name: 'ConditionFailedError',
      });
      expect(await stores.notifications.get(incidentId, 'reminder', unclaimed.contactId)).toBeUndefined();
    });

    test('are listed by village and time for the weekly metrics', async () => {
      const stores = currentSubject().stores();
      const inside = record('first_alert', newId(), '2026-11-24T08:00:00.000Z');
      const outside = record('first_alert', newId(), '2026-12-01T08:00:00.000Z');
      for (const r of [inside, outside]) await stores.notifications.claim(r, 'v-sms');
      const week = await stores.metrics.listNotificationsInVillage(
        'v-sms',
        { from: '2026-11-23T18:30:00.000Z', to: '2026-11-30T18:29:59.999Z' },
        { limit: 25 },
      );
      expect(week.items).toEqual([inside]);
    });
  });

  describe('acknowledgement links', () => {
    test('are stored once and read back by token', async () => {
      const stores = currentSubject().stores();
      const token = {
        token: 'tok-0123456789abc',
        incidentId: newId(),
        contactId: newId(),
        createdAt: at,
        expiresAt: '2026-11-08T00:00:00.000Z',
      };
      await stores.ackLinks.put(token);
      expect(await stores.ackLinks.get(token.token)).toEqual(token);
      await expect(stores.ackLinks.put({ ...token, contactId: newId() })).rejects.toMatchObject({ name: 'ConditionFailedError' });
      expect(await stores.ackLinks.get('tok-unknown')).toBeUndefined();
    });
  });

  describe('weekly metrics', () => {
    test('are stored and read back by week', async () => {
      const stores = currentSubject().stores();
      const metrics = { week: '2026-W47', final: true, villages: { 'v-1': { reported: 1 } } } as unknown as WeeklyMetrics;
      await stores.metrics.putWeeklyMetrics(metrics);
      expect(await stores.metrics.getWeeklyMetrics('2026-W47')).toEqual(metrics);
      expect(await stores.metrics.getWeeklyMetrics('2026-W46')).toBeUndefined();
    });

    test('a district’s week, past DynamoDB’s 400 KB item, is kept in parts and read back whole; a repeat changes nothing', async () => {
      const stores = currentSubject().stores();
      const metrics = { week: '2026-W44', final: true, villages: districtFigures(1_200) } as unknown as WeeklyMetrics;
      await stores.metrics.putWeeklyMetrics(metrics);
      const items = await currentSubject().allItems();
      await stores.metrics.putWeeklyMetrics(metrics);

      expect(await stores.metrics.getWeeklyMetrics('2026-W44')).toEqual(metrics);
      expect((await currentSubject().allItems()).length).toBe(items.length);
      const sizes = items
        .filter((item) => item.itemType === 'weekly_metrics_villages')
        .map((part) => Buffer.byteLength(JSON.stringify(part)));
      expect(sizes.reduce((sum, size) => sum + size, 0)).toBeGreaterThan(1_800_000);
      expect(Math.max(...sizes)).toBeLessThan(400 * 1024);
    });

    test('history is listed by village and time range, incidents’ and linkages’ alike', async () => {
      const stores = currentSubject().stores();
      const linkage = aLinkage({ villageId: 'v-history', createdAt: '2026-11-24T09:00:00.000Z', updatedAt: '2026-11-24T09:00:00.000Z' });
      await stores.activities.createLinkage(linkage, linkageCreatedEntry(linkage));
      const { next, history } = referred(linkage, '2026-12-01T09:00:00.000Z');
      await stores.activities.transitionLinkage(next, history, linkage.version);

      const week = await stores.metrics.listHistoryInVillage(
        'v-history',
        { from: '2026-11-23T18:30:00.000Z', to: '2026-11-30T18:29:59.999Z' },
        { limit: 25 },
      );
      const since = await stores.metrics.listHistoryInVillage('v-history', { from: '2026-11-30T18:30:00.000Z' }, { limit: 25 });

      expect(week.items).toEqual([linkageCreatedEntry(linkage)]);
      expect(since.items).toEqual([history]);
    });

    test('a week’s email is claimed once per funder, recorded as sent, and a sent one is never released', async () => {
      const stores = currentSubject().stores();
      const funder = newId();
      expect(await stores.metrics.claimWeeklyEmail('2026-W47', funder, at)).toBe(true);
      expect(await stores.metrics.claimWeeklyEmail('2026-W47', funder, at)).toBe(false);
      await stores.metrics.recordWeeklyEmailSent('2026-W47', funder, 'msg-1');
      await expect(stores.metrics.releaseWeeklyEmail('2026-W47', funder)).rejects.toMatchObject({ name: 'ConditionFailedError' });
      expect(await stores.metrics.claimWeeklyEmail('2026-W47', funder, at)).toBe(false);
    });

    test('a week’s funders’ view is kept once: a second, different one is not stored, and the first is answered', async () => {
      const stores = currentSubject().stores();
      const first = {
        week: '2026-W45',
        final: true,
        notes: ['first'],
        villages: { 'v-1': { meetings: 1 } },
      } as unknown as FunderWeeklyView;
      expect(await stores.metrics.getFunderView('2026-W45')).toBeUndefined();
      expect(await stores.metrics.keepFunderView(first)).toEqual(first);
      expect(await stores.metrics.keepFunderView({ ...first, notes: ['republished'] })).toEqual(first);
      expect(await stores.metrics.getFunderView('2026-W45')).toEqual(first);
    });

    test('a district’s funders’ view is published whole and once: a second, with other villages, adds no part', async () => {
      const stores = currentSubject().stores();
      const first = { week: '2026-W43', final: true, notes: ['first'], villages: districtFigures(300) } as unknown as FunderWeeklyView;
      const other = { ...first, notes: ['republished'], villages: districtFigures(300, 'v-other') } as unknown as FunderWeeklyView;
      expect(await stores.metrics.keepFunderView(first)).toEqual(first);
      const items = await currentSubject().allItems();

      expect(await stores.metrics.keepFunderView(other)).toEqual(first);
      expect(await stores.metrics.getFunderView('2026-W43')).toEqual(first);
      expect(await currentSubject().allItems()).toEqual(items);
      expect(items.filter((item) => item.itemType === 'funder_view_villages').length).toBeGreaterThan(1);
    });

    test('a released claim can be claimed again', async () => {
      const stores = currentSubject().stores();
      const funder = newId();
      await stores.metrics.claimWeeklyEmail('2026-W48', funder, at);
      await stores.metrics.releaseWeeklyEmail('2026-W48', funder);
      expect(await stores.metrics.claimWeeklyEmail('2026-W48', funder, at)).toBe(true);
    });
  });
});
