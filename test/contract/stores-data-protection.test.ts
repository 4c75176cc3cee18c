// Audit records, a child's linkages, the erasure index and rewritten history, held to one behaviour
// on the in-memory twin and on DynamoDB Local.
import { describe, expect, test } from '@jest/globals';
import { allPages } from '../../functions/domain/ports.js';
import { DEFAULT_RETENTION, ERASED } from '../../functions/domain/retention.js';
import type { AuditRecord, HistoryEntry, Incident } from '../../functions/domain/schemas.js';
import { aLinkage, anIncident, coordinator, linkageCreatedEntry, newId, reportEntry } from '../support/fixtures.js';
import { eachStoreSubject } from '../support/store-subjects.js';

const read = (at: string, overrides: Partial<AuditRecord> = {}): AuditRecord => ({
  id: newId(Date.parse(at)),
  at,
  actor: { sub: 'sub-coordinator', role: 'coordinator' },
  record: { type: 'incident', id: '01JD00000000000000000000A1' },
  villageId: 'v-hingalganj-1',
  route: 'GET /incidents/{id}',
  ...overrides,
});

/** An incident closed at `closedAt`, due for erasure at `eraseDueAt`. */
const closed = (eraseDueAt: string, overrides: Partial<Incident> = {}) =>
  anIncident({ status: 'closed', outcome: 'marriage_stopped', eraseDueAt, ...overrides });

eachStoreSubject((currentSubject) => {
  describe('audit records', () => {
    test("are listed under their record, newest first, page by page, and carry a TTL of the schedule's audit period", async () => {
      // Prepare
      const stores = currentSubject().stores({ clock: () => new Date('2026-12-01T00:00:00.000Z') });
      const record = { type: 'incident' as const, id: newId() };
      const reads = ['2026-11-28T10:00:00.000Z', '2026-11-29T10:00:00.000Z', '2026-11-30T10:00:00.000Z'].map((at) => read(at, { record }));
      // Act
      await stores.audit.record(reads);
      await stores.audit.record([read('2026-11-30T11:00:00.000Z', { record: { type: 'incident', id: newId() } })]);
      // Assess
      const listed = await allPages((page) => stores.audit.listForRecord('incident', record.id, { ...page, limit: 2 }));
      expect(listed).toEqual([...reads].reverse());
      const items = (await currentSubject().allItems()).filter(
        (item) => item.itemType === 'audit' && reads.some((each) => each.id === item.id),
      );
      expect(items.map((item) => item.ttl).sort()).toEqual(
        reads.map((each) => Math.floor(Date.parse(each.at) / 1000) + DEFAULT_RETENTION.auditDays * 86_400).sort(),
      );
    });

    test('are listed in a window across months, and by one reader, newest first', async () => {
      const stores = currentSubject().stores({ clock: () => new Date('2027-02-10T00:00:00.000Z') });
      const reader = { sub: `sub-${newId()}`, role: 'duty_bearer' as const };
      const reads = [
        read('2026-12-30T10:00:00.000Z', { actor: reader }),
        read('2027-01-15T10:00:00.000Z'),
        read('2027-02-01T10:00:00.000Z', { actor: reader }),
      ];
      await stores.audit.record(reads);

      const window = await allPages((page) =>
        stores.audit.list({ from: '2026-12-30T00:00:00.000Z', to: '2027-02-01T23:59:59.999Z' }, { ...page, limit: 1 }),
      );
      expect(window.filter((each) => reads.some((mine) => mine.id === each.id))).toEqual([...reads].reverse());
      const january = await allPages((page) =>
        stores.audit.list({ from: '2027-01-01T00:00:00.000Z', to: '2027-01-31T23:59:59.999Z' }, page),
      );
      expect(january.map((each) => each.id)).toContain(reads[1]?.id);
      expect(january.map((each) => each.id)).not.toContain(reads[0]?.id);
      const byReader = await allPages((page) => stores.audit.list({ actor: reader.sub }, page));
      expect(byReader).toEqual([reads[2], reads[0]]);
    });
  });

  describe("a child's linkages", () => {
    test('are listed by the childRef, newest first, and no other child’s', async () => {
      const stores = currentSubject().stores();
      const childRef = `C-${newId().slice(-8)}`;
      const [older, newer] = ['2026-11-01T00:00:00.000Z', '2026-11-02T00:00:00.000Z'].map((createdAt) =>
        aLinkage({ childRef, createdAt, updatedAt: createdAt }),
      );
      const other = aLinkage({ childRef: `D-${newId().slice(-8)}` });
      for (const linkage of [older, newer, other])
        if (linkage) await stores.activities.createLinkage(linkage, linkageCreatedEntry(linkage));
      const listed = await allPages((page) => stores.activities.listLinkagesOfChild(childRef, { ...page, limit: 1 }));
      expect(listed).toEqual([newer, older]);
      expect(await stores.activities.linkageHistory(older?.id ?? '')).toEqual(older ? [linkageCreatedEntry(older)] : []);
    });
  });

  describe('the erasure index', () => {
    test('lists closed incidents due by an instant, not those due later, held without an end, or open', async () => {
      const stores = currentSubject().stores();
      const hold = { reason: 'Case in court', since: '2026-11-30T00:00:00.000Z', by: coordinator };
      const due = closed('2028-01-01T00:00:00.000Z');
      const later = closed('2028-06-01T00:00:00.000Z');
      const heldForever = closed('2027-12-01T00:00:00.000Z', { legalHold: hold });
      const heldUntil = closed('2027-12-01T00:00:00.000Z', { legalHold: { ...hold, until: '2028-03-01T00:00:00.000Z' } });
      const open = anIncident({ eraseDueAt: '2027-12-01T00:00:00.000Z' });
      for (const incident of [due, later, heldForever, heldUntil, open])
        await stores.incidents.create({ incident, history: reportEntry(incident) });

      const ids = async (instant: string) =>
        (await allPages((page) => stores.incidents.listDueForErasure(new Date(instant), page))).map((incident) => incident.id);
      const mine = [due, later, heldForever, heldUntil, open].map((incident) => incident.id);
      expect((await ids('2028-02-01T00:00:00.000Z')).filter((id) => mine.includes(id))).toEqual([due.id]);
      // A hold with an end keeps it out until then.
      expect((await ids('2028-03-01T00:00:00.000Z')).filter((id) => mine.includes(id))).toEqual([due.id, heldUntil.id]);
    });
  });

  describe('history rewritten by an erasure', () => {
    test('holds the entries as given, nothing else changed', async () => {
      const stores = currentSubject().stores();
      const incident = anIncident();
      await stores.incidents.create({ incident, history: reportEntry(incident) });
      const noted: HistoryEntry = {
        ...reportEntry(incident),
        version: 2,
        from: 'reported',
        to: 'reported',
        event: 'note',
        note: 'Rina is at her aunt’s',
      };
      await stores.incidents.transition({ ...incident, version: 2 }, noted, incident);
      await stores.incidents.rewriteHistory([{ ...noted, note: ERASED }], incident.villageId);
      expect(await stores.incidents.history(incident.id)).toEqual([reportEntry(incident), { ...noted, note: ERASED }]);
    });
  });
});
