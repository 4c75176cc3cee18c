// The incident store, held to one behaviour on the in-memory twin and on DynamoDB Local: creates in
// one transaction (short code, routes, Idempotency-Key), versioned transitions, every list it keeps,
// and DynamoDB's limits, which the twin must refuse the same way.
import { describe, expect, test } from '@jest/globals';
import { decideIncidentTransition } from '../../functions/domain/incident-workflow.js';
import {
  type IdempotencyClaim,
  IdempotencyConflictError,
  InvalidCursorError,
  NotFoundError,
  type Stores,
  VersionConflictError,
} from '../../functions/domain/ports.js';
import type { Incident } from '../../functions/domain/schemas.js';
import { aContact, anIncident, coordinator, dutyBearer, newId, reportEntry } from '../support/fixtures.js';
import { required } from '../support/required.js';
import { eachStoreSubject, rejectionOf } from '../support/store-subjects.js';

function newIncident(overrides: Partial<Incident> = {}) {
  const { shortCode: _ignored, ...incident } = anIncident(overrides);
  return { incident, history: reportEntry(anIncident(overrides)) };
}

const claim = (key: string, bodyHash: string, scope = 'sub-1'): IdempotencyClaim<Incident> => ({
  scope,
  key,
  bodyHash,
  answer: (created) => ({ id: created.id, shortCode: created.shortCode }),
});

function transition(incident: Incident, to: Incident['status'], at = '2026-11-28T11:00:00.000Z') {
  const decision = decideIncidentTransition({ incident, request: { to }, actor: coordinator, now: new Date(at) });
  if (!decision.ok) throw new Error(decision.refusal.message);
  return decision.value;
}

/** The record a create wrote (a test fails on a replay). */
async function created(stores: Stores, input: ReturnType<typeof newIncident>, idempotency?: IdempotencyClaim<Incident>) {
  const result = await stores.incidents.create(input, idempotency);
  if (result.replayed) throw new Error('expected a create, not a replay');
  return result.record;
}

/** Contacts that could be routed to: ids only, the store does not read the directory. */
const contactIds = (count: number) => Array.from({ length: count }, () => newId());

eachStoreSubject((currentSubject) => {
  describe('creating an incident', () => {
    test('writes the incident, its first history entry, its short code and a route per recipient in one go', async () => {
      // Prepare
      const stores = currentSubject().stores();
      const routedTo = contactIds(2);
      // Act
      const incident = await created(stores, newIncident({ routedTo }));
      // Assess
      expect(incident.shortCode).toMatch(/^[A-HJKMNP-TV-Z2-9]{6}$/);
      expect(await stores.incidents.get(incident.id)).toEqual(incident);
      expect(await stores.incidents.history(incident.id)).toEqual([
        expect.objectContaining({ entityId: incident.id, version: 1, from: null, to: 'reported' }),
      ]);
      const items = await currentSubject().allItems();
      expect(items.filter((item) => item.PK === `SHORTCODE#${incident.shortCode}`)).toHaveLength(1);
      expect(items.filter((item) => item.PK === `INCIDENT#${incident.id}` && String(item.SK).startsWith('ROUTE#'))).toHaveLength(2);
    });

    test('picks another short code when the first one is taken', async () => {
      const codes = ['KKKKKK', 'KKKKKK', 'MMMMMM'];
      const stores = currentSubject().stores({ shortCodes: () => required(codes.shift(), 'a short code left') });
      const first = await created(stores, newIncident());
      const second = await created(stores, newIncident());
      expect(first.shortCode).toBe('KKKKKK');
      expect(second.shortCode).toBe('MMMMMM');
      expect(codes).toEqual([]);
    });

    test('gives up after repeated short-code collisions and leaves nothing behind', async () => {
      // Prepare: KKKKKK is taken by the test above.
      let attempts = 0;
      const stores = currentSubject().stores({
        shortCodes: () => {
          attempts++;
          return 'KKKKKK';
        },
      });
      const before = (await currentSubject().allItems()).length;
      const attempt = newIncident();
      // Act
      const error = await rejectionOf(stores.incidents.create(attempt));
      // Assess
      expect(error).toMatchObject({ name: 'TransactionCancelledError' });
      expect(attempts).toBe(8);
      expect(await stores.incidents.get(attempt.incident.id)).toBeUndefined();
      expect((await currentSubject().allItems()).length).toBe(before);
    });

    test('rolls the whole transaction back when one write fails: nothing is half-written', async () => {
      // Prepare: an incident whose id is already taken makes the first put fail.
      const stores = currentSubject().stores();
      const existing = await created(stores, newIncident());
      const before = await currentSubject().allItems();
      // Act
      const clash = newIncident({ id: existing.id, routedTo: [newId()] });
      const error = await rejectionOf(stores.incidents.create(clash, claim('rollback-key-1', 'hash')));
      // Assess: no short code, route, history or idempotency record was written.
      expect(error).toMatchObject({ name: 'TransactionCancelledError' });
      expect(await currentSubject().allItems()).toEqual(expect.arrayContaining(before));
      expect(await currentSubject().allItems()).toHaveLength(before.length);
    });
  });

  describe("DynamoDB's limits, refused alike by the twin", () => {
    test('an incident routed to 500 contacts is taken: its route items and its first-alert notice name every one', async () => {
      // Prepare: far more recipients than one transaction's 100 actions.
      const stores = currentSubject().stores();
      const recipients = contactIds(500);
      // Act
      const incident = await created(stores, newIncident({ routedTo: recipients }));
      // Assess
      const routes = (await currentSubject().allItems()).filter(
        (item) => item.PK === `INCIDENT#${incident.id}` && String(item.SK).startsWith('ROUTE#'),
      );
      expect(routes).toHaveLength(500);
      const [firstAlert, ...others] = await stores.notifications.outstanding(incident.id);
      expect(others).toEqual([]);
      expect(firstAlert).toMatchObject({ kind: 'first_alert', step: 'first_alert', incidentId: incident.id });
      expect([...(firstAlert?.contactIds ?? [])].sort()).toEqual([...recipients].sort());
    });

    test('an incident holding a Date where a timestamp belongs is refused by the marshaller, nothing written', async () => {
      const stores = currentSubject().stores();
      const attempt = newIncident({ occurredAt: new Date('2026-11-28T09:00:00.000Z') as unknown as string });
      const before = (await currentSubject().allItems()).length;
      const error = await rejectionOf(stores.incidents.create(attempt));
      expect(error).toBeInstanceOf(Error);
      expect(String(error)).toMatch(/convertClassInstanceToMap/);
      expect((await currentSubject().allItems()).length).toBe(before);
    });

    test('an incident item over 400 KB is refused as a ValidationException, nothing written', async () => {
      const stores = currentSubject().stores();
      const before = (await currentSubject().allItems()).length;
      const error = await rejectionOf(stores.incidents.create(newIncident({ description: 'x'.repeat(401 * 1024) })));
      expect(error).toMatchObject({ name: 'ValidationException' });
      expect((await currentSubject().allItems()).length).toBe(before);
    });
  });

  describe('idempotent creates', () => {
    test('a retry with the same key and body answers the first response and writes nothing', async () => {
      const stores = currentSubject().stores();
      const first = await created(stores, newIncident(), claim('retry-key-0001', 'hash-a'));
      const itemsAfterFirst = await currentSubject().allItems();

      const retry = await stores.incidents.create(newIncident(), claim('retry-key-0001', 'hash-a'));

      expect(retry).toEqual({ replayed: true, answer: { id: first.id, shortCode: first.shortCode } });
      expect(await currentSubject().allItems()).toEqual(expect.arrayContaining(itemsAfterFirst));
      expect(await currentSubject().allItems()).toHaveLength(itemsAfterFirst.length);
    });

    test('the same key with another body is a conflict, and writes nothing', async () => {
      const stores = currentSubject().stores();
      await stores.incidents.create(newIncident(), claim('retry-key-0002', 'hash-a'));
      const before = (await currentSubject().allItems()).length;
      await expect(stores.incidents.create(newIncident(), claim('retry-key-0002', 'hash-b'))).rejects.toEqual(
        new IdempotencyConflictError('payload_mismatch'),
      );
      expect((await currentSubject().allItems()).length).toBe(before);
    });

    test('keys are scoped to the caller', async () => {
      const stores = currentSubject().stores();
      await stores.incidents.create(newIncident(), claim('shared-key-0003', 'hash-a', 'sub-a'));
      const other = await stores.incidents.create(newIncident(), claim('shared-key-0003', 'hash-a', 'sub-b'));
      expect(other.replayed).toBe(false);
    });

    test('a key older than 24 hours is free again, even before TTL deletes it', async () => {
      let now = new Date('2026-11-28T10:00:00.000Z');
      const stores = currentSubject().stores({ clock: () => now });
      await stores.incidents.create(newIncident(), claim('expiring-key-04', 'hash-a'));
      now = new Date('2026-11-29T10:00:01.000Z');
      const later = await stores.incidents.create(newIncident(), claim('expiring-key-04', 'hash-b'));
      expect(later.replayed).toBe(false);
    });

    test('a key exactly 24 hours old still answers the first response', async () => {
      let now = new Date('2026-11-28T10:00:00.000Z');
      const stores = currentSubject().stores({ clock: () => now });
      const first = await created(stores, newIncident(), claim('expiring-key-05', 'hash-a'));
      now = new Date('2026-11-29T10:00:00.000Z');
      const retry = await stores.incidents.create(newIncident(), claim('expiring-key-05', 'hash-a'));
      expect(retry).toEqual({ replayed: true, answer: { id: first.id, shortCode: first.shortCode } });
    });

    test('concurrent duplicates: exactly one creates, the others replay or are told it is in flight', async () => {
      const stores = currentSubject().stores();
      const results = await Promise.allSettled(
        Array.from({ length: 5 }, () => stores.incidents.create(newIncident(), claim('concurrent-key-5', 'hash-a'))),
      );
      const fresh = results.filter((r) => r.status === 'fulfilled' && !r.value.replayed);
      const others = results.filter((r) => !(r.status === 'fulfilled' && !r.value.replayed));
      expect(fresh).toHaveLength(1);
      for (const other of others) {
        if (other.status === 'fulfilled') expect(other.value.replayed).toBe(true);
        else expect(other.reason).toEqual(new IdempotencyConflictError('in_flight'));
      }
    });
  });

  describe('transitions', () => {
    test('write the new state and its history entry under a version check', async () => {
      const stores = currentSubject().stores();
      const incident = await created(stores, newIncident());
      const { next, history } = transition(incident, 'acknowledged');

      await stores.incidents.transition(next, history, incident);

      expect(await stores.incidents.get(incident.id)).toEqual(next);
      expect((await stores.incidents.history(incident.id)).map((entry) => entry.to)).toEqual(['reported', 'acknowledged']);
    });

    test('a second writer with the same version loses, and its history entry is not written', async () => {
      const stores = currentSubject().stores();
      const incident = await created(stores, newIncident());
      const winner = transition(incident, 'acknowledged');
      const loser = transition(incident, 'unverified');

      await stores.incidents.transition(winner.next, winner.history, incident);
      await expect(stores.incidents.transition(loser.next, loser.history, incident)).rejects.toBeInstanceOf(VersionConflictError);

      expect((await stores.incidents.get(incident.id))?.status).toBe('acknowledged');
      expect(await stores.incidents.history(incident.id)).toHaveLength(2);
    });

    test('an unknown incident is not found, not a conflict, and nothing is written', async () => {
      const stores = currentSubject().stores();
      const ghost = anIncident();
      const { next, history } = transition(ghost, 'acknowledged');
      await expect(stores.incidents.transition(next, history, ghost)).rejects.toBeInstanceOf(NotFoundError);
      expect(await stores.incidents.get(ghost.id)).toBeUndefined();
      expect(await stores.incidents.history(ghost.id)).toEqual([]);
    });
  });

  describe('incident queries', () => {
    const village = 'v-query-1';
    const responder = aContact({ kind: 'police' });
    const reporter = dutyBearer();
    const incidents: Incident[] = [];

    beforeAll(async () => {
      const stores = currentSubject().stores();
      for (let day = 1; day <= 7; day++) {
        const reportedAt = `2026-11-0${day}T06:00:00.000Z`;
        incidents.push(
          await created(
            stores,
            newIncident({
              villageId: village,
              reportedAt,
              reportedBy: reporter,
              category: day % 2 === 0 ? 'child_labour' : 'child_marriage',
              routedTo: day <= 3 ? [responder.id] : [],
              ackDueAt: new Date(Date.parse(reportedAt) + 4 * 3600_000).toISOString(),
            }),
          ),
        );
      }
      // Resolve the oldest: it leaves the open-incident index.
      let current = required(incidents[0], 'the oldest incident');
      for (const step of ['acknowledged', 'in_action'] as const) {
        const { next, history } = transition(current, step);
        current = await stores.incidents.transition(next, history, current);
      }
      // Resolved by the coordinator on behalf of the police officer it was routed to: a statutory kind.
      const decision = decideIncidentTransition({
        incident: current,
        request: { to: 'resolved', outcome: 'marriage_stopped', onBehalfOf: responder.id },
        actor: coordinator,
        onBehalfOf: { id: responder.id, kind: 'police' },
        now: new Date('2026-11-08T00:00:00.000Z'),
      });
      if (!decision.ok) throw new Error('setup');
      await stores.incidents.transition(decision.value.next, decision.value.history, current);
    });

    test('by village: newest first, across several pages with an opaque cursor', async () => {
      const stores = currentSubject().stores();
      const seen: string[] = [];
      let cursor: string | undefined;
      let pages = 0;
      do {
        const page = await stores.incidents.listInVillages([village], {}, { limit: 3, ...(cursor ? { cursor } : {}) });
        seen.push(...page.items.map((incident) => incident.id));
        cursor = page.nextCursor;
        pages++;
      } while (cursor);
      expect(pages).toBe(3);
      expect(seen).toEqual(incidents.map((incident) => incident.id).reverse());
    });

    test('across villages: one list merged newest first, paged the same way', async () => {
      const stores = currentSubject().stores();
      const elsewhere = await created(stores, newIncident({ villageId: 'v-query-2', reportedAt: '2026-11-04T12:00:00.000Z' }));
      const seen: string[] = [];
      let cursor: string | undefined;
      do {
        const page = await stores.incidents.listInVillages(['v-query-2', village], {}, { limit: 2, ...(cursor ? { cursor } : {}) });
        seen.push(...page.items.map((incident) => incident.id));
        cursor = page.nextCursor;
      } while (cursor);
      const ids = incidents.map((incident) => incident.id).reverse();
      expect(seen).toEqual([...ids.slice(0, 3), elsewhere.id, ...ids.slice(3)]);
    });

    test('by village and time range, and by category', async () => {
      const stores = currentSubject().stores();
      const window = await stores.incidents.listInVillages(
        [village],
        { from: '2026-11-02T00:00:00.000Z', to: '2026-11-04T06:00:00.000Z' },
        { limit: 25 },
      );
      expect(window.items.map((incident) => incident.reportedAt)).toEqual([
        '2026-11-04T06:00:00.000Z',
        '2026-11-03T06:00:00.000Z',
        '2026-11-02T06:00:00.000Z',
      ]);
      const labour = await stores.incidents.listInVillages([village], { category: 'child_labour' }, { limit: 25 });
      expect(labour.items.map((incident) => incident.category)).toEqual(['child_labour', 'child_labour', 'child_labour']);
    });

    test('by status: a filter applied after the limit still pages to every match', async () => {
      const stores = currentSubject().stores();
      const seen: string[] = [];
      let cursor: string | undefined;
      do {
        const page = await stores.incidents.listInVillages([village], { status: 'resolved' }, { limit: 1, ...(cursor ? { cursor } : {}) });
        seen.push(...page.items.map((incident) => incident.id));
        cursor = page.nextCursor;
      } while (cursor);
      expect(seen).toEqual([required(incidents[0], 'the resolved incident').id]);
    });

    test('a tampered cursor, or one from another list, is refused', async () => {
      const stores = currentSubject().stores();
      const page = await stores.incidents.listInVillages([village], {}, { limit: 2 });
      const cursor = required(page.nextCursor, 'a next cursor');
      const [payload, signature] = cursor.split('.');
      const forged = `${Buffer.from(JSON.stringify({ PK: 'INCIDENT#x', SK: 'META' })).toString('base64url')}.${signature}`;
      await expect(stores.incidents.listInVillages([village], {}, { limit: 2, cursor: forged })).rejects.toBeInstanceOf(InvalidCursorError);
      await expect(stores.incidents.listInVillages([village], {}, { limit: 2, cursor: `${payload}.x${signature}` })).rejects.toBeInstanceOf(
        InvalidCursorError,
      );
      await expect(stores.incidents.listInVillages(['v-other'], {}, { limit: 2, cursor })).rejects.toBeInstanceOf(InvalidCursorError);
      await expect(stores.incidents.listInVillages([village], { category: 'other' }, { limit: 2, cursor })).rejects.toBeInstanceOf(
        InvalidCursorError,
      );
      await expect(stores.incidents.listInVillages([village], {}, { limit: 2, cursor: 'garbage' })).rejects.toBeInstanceOf(
        InvalidCursorError,
      );
    });

    test('a cursor signed with another secret (another deployment) is refused', async () => {
      const page = await currentSubject().stores().incidents.listInVillages([village], {}, { limit: 2 });
      const cursor = required(page.nextCursor, 'a next cursor');
      const foreign = currentSubject().stores({ cursorSecret: 'another-deployment-secret-42' });
      await expect(foreign.incidents.listInVillages([village], {}, { limit: 2, cursor })).rejects.toBeInstanceOf(InvalidCursorError);
    });

    test('routed to a contact, newest first', async () => {
      const routed = await currentSubject().stores().incidents.listRoutedTo(responder.id, {}, { limit: 25 });
      expect(routed.items.map((incident) => incident.id)).toEqual(
        incidents
          .slice(0, 3)
          .map((incident) => incident.id)
          .reverse(),
      );
    });

    test('routed to a contact, across pages and by category', async () => {
      const stores = currentSubject().stores();
      const first = await stores.incidents.listRoutedTo(responder.id, {}, { limit: 2 });
      const rest = await stores.incidents.listRoutedTo(responder.id, {}, { limit: 2, cursor: required(first.nextCursor, 'a next cursor') });
      expect([...first.items, ...rest.items].map((incident) => incident.reportedAt)).toEqual([
        '2026-11-03T06:00:00.000Z',
        '2026-11-02T06:00:00.000Z',
        '2026-11-01T06:00:00.000Z',
      ]);
      expect(rest.nextCursor).toBeUndefined();
      const labour = await stores.incidents.listRoutedTo(responder.id, { category: 'child_labour' }, { limit: 25 });
      expect(labour.items.map((incident) => incident.reportedAt)).toEqual(['2026-11-02T06:00:00.000Z']);
    });

    test('routed to a contact includes recipients added later by an escalation step', async () => {
      const stores = currentSubject().stores();
      const escalatedTo = newId();
      const incident = required(incidents[6], 'the newest incident');
      const next: Incident = { ...incident, routedTo: [escalatedTo], escalationStep: 1, version: incident.version + 1 };
      await stores.incidents.transition(
        next,
        { ...reportEntry(incident), version: next.version, from: 'reported', to: 'reported' },
        incident,
      );
      incidents[6] = next;
      const routed = await stores.incidents.listRoutedTo(escalatedTo, {}, { limit: 25 });
      expect(routed.items.map((i) => i.id)).toEqual([incident.id]);
    });

    test('reported by a caller, newest first', async () => {
      const mine = await currentSubject().stores().incidents.listReportedBy(reporter.sub, {}, { limit: 25 });
      expect(mine.items.map((incident) => incident.id)).toEqual(incidents.map((incident) => incident.id).reverse());
    });

    test('open incidents due before an instant come from the sparse due index, earliest first; the open ones from their markers', async () => {
      const stores = currentSubject().stores();
      const due = (await stores.incidents.listDue(new Date('2026-11-03T10:00:00.000Z'), { limit: 25 })).items.filter(
        (incident) => incident.villageId === village,
      );
      // Day 1 is resolved (not in the index); days 2 and 3 are due at 10:00 on their day.
      expect(due.map((incident) => incident.reportedAt)).toEqual(['2026-11-02T06:00:00.000Z', '2026-11-03T06:00:00.000Z']);
      const open = await stores.incidents.listOpen(village, { limit: 25 });
      expect(open.items).toHaveLength(6);
      expect(open.items.map((incident) => incident.id)).not.toContain(required(incidents[0], 'the resolved incident').id);
      expect(open.items[0]).toEqual({ id: required(incidents[1], 'an open incident').id, reportedAt: '2026-11-02T06:00:00.000Z' });
    });

    test('history is oldest first, the report itself first', async () => {
      const history = await currentSubject().stores().incidents.history(required(incidents[0], 'the resolved incident').id);
      expect(history.map((entry) => [entry.version, entry.from, entry.to])).toEqual([
        [1, null, 'reported'],
        [2, 'reported', 'acknowledged'],
        [3, 'acknowledged', 'in_action'],
        [4, 'in_action', 'resolved'],
      ]);
      expect(history.every((entry) => !('villageId' in entry))).toBe(true);
    });
  });
});
