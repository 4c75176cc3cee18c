import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { decideIncidentTransition } from '../../functions/domain/incident-workflow.js';
import {
  type IdempotencyClaim,
  IdempotencyConflictError,
  InvalidCursorError,
  NotFoundError,
  VersionConflictError,
} from '../../functions/domain/ports.js';
import type { Incident } from '../../functions/domain/schemas.js';
import { createTestTable, type TestTable } from '../support/dynamodb.js';
import { aContact, anIncident, coordinator, dutyBearer, newId, reportEntry } from '../support/fixtures.js';

let table: TestTable;
beforeAll(async () => {
  table = await createTestTable();
});
afterAll(async () => {
  await table.drop();
});

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

describe('creating an incident', () => {
  test('writes the incident, its first history entry, its short code and a route per recipient in one go', async () => {
    // Prepare
    const stores = table.stores();
    const routedTo = [newId(), newId()];
    // Act
    const result = await stores.incidents.create(newIncident({ routedTo }));
    // Assess
    expect(result.replayed).toBe(false);
    const created = result.replayed ? undefined : result.record;
    expect(created?.shortCode).toMatch(/^[A-HJKMNP-TV-Z2-9]{6}$/);
    expect(await stores.incidents.get(created!.id)).toEqual(created);
    expect(await stores.incidents.history(created!.id)).toEqual([
      expect.objectContaining({ entityId: created!.id, version: 1, from: null, to: 'reported' }),
    ]);
    const items = await table.allItems();
    expect(items.filter((item) => item.PK === `SHORTCODE#${created!.shortCode}`)).toHaveLength(1);
    expect(items.filter((item) => item.PK === `INCIDENT#${created!.id}` && String(item.SK).startsWith('ROUTE#'))).toHaveLength(2);
  });

  test('picks another short code when the first one is taken', async () => {
    const codes = ['KKKKKK', 'KKKKKK', 'MMMMMM'];
    const stores = table.stores({ shortCodes: () => codes.shift()! });
    const first = await stores.incidents.create(newIncident());
    const second = await stores.incidents.create(newIncident());
    expect(first.replayed || first.record.shortCode).toBe('KKKKKK');
    expect(second.replayed || second.record.shortCode).toBe('MMMMMM');
    expect(codes).toEqual([]);
  });

  test('gives up after repeated short-code collisions and leaves nothing behind', async () => {
    const stores = table.stores({ shortCodes: () => 'KKKKKK' });
    const before = (await table.allItems()).length;
    const attempt = newIncident();
    await expect(stores.incidents.create(attempt)).rejects.toThrow();
    expect(await stores.incidents.get(attempt.incident.id)).toBeUndefined();
    expect((await table.allItems()).length).toBe(before);
  });

  test('rolls the whole transaction back when one write fails: nothing is half-written', async () => {
    // Prepare: an incident whose id is already taken makes the first put fail.
    const stores = table.stores();
    const existing = await stores.incidents.create(newIncident());
    const id = existing.replayed ? '' : existing.record.id;
    const before = await table.allItems();
    // Act
    const clash = newIncident({ id, routedTo: [newId()] });
    await expect(stores.incidents.create(clash, claim('rollback-key-1', 'hash'))).rejects.toThrow();
    // Assess: no short code, route, history or idempotency record was written.
    expect(await table.allItems()).toHaveLength(before.length);
  });
});

describe('idempotent creates', () => {
  test('a retry with the same key and body answers the first response and writes nothing', async () => {
    const stores = table.stores();
    const first = await stores.incidents.create(newIncident(), claim('retry-key-0001', 'hash-a'));
    const itemsAfterFirst = (await table.allItems()).length;

    const retry = await stores.incidents.create(newIncident(), claim('retry-key-0001', 'hash-a'));

    expect(first.replayed).toBe(false);
    expect(retry).toEqual({
      replayed: true,
      answer: first.replayed ? undefined : { id: first.record.id, shortCode: first.record.shortCode },
    });
    expect((await table.allItems()).length).toBe(itemsAfterFirst);
  });

  test('the same key with another body is a conflict', async () => {
    const stores = table.stores();
    await stores.incidents.create(newIncident(), claim('retry-key-0002', 'hash-a'));
    await expect(stores.incidents.create(newIncident(), claim('retry-key-0002', 'hash-b'))).rejects.toEqual(
      new IdempotencyConflictError('payload_mismatch'),
    );
  });

  test('keys are scoped to the caller', async () => {
    const stores = table.stores();
    await stores.incidents.create(newIncident(), claim('shared-key-0003', 'hash-a', 'sub-a'));
    const other = await stores.incidents.create(newIncident(), claim('shared-key-0003', 'hash-a', 'sub-b'));
    expect(other.replayed).toBe(false);
  });

  test('a key older than 24 hours is free again, even before TTL deletes it', async () => {
    let now = new Date('2026-11-28T10:00:00.000Z');
    const stores = table.stores({ clock: () => now });
    await stores.incidents.create(newIncident(), claim('expiring-key-04', 'hash-a'));
    now = new Date('2026-11-29T10:00:01.000Z');
    const later = await stores.incidents.create(newIncident(), claim('expiring-key-04', 'hash-b'));
    expect(later.replayed).toBe(false);
  });

  test('concurrent duplicates: exactly one creates, the others replay or are told it is in flight', async () => {
    const stores = table.stores();
    const results = await Promise.allSettled(
      Array.from({ length: 5 }, () => stores.incidents.create(newIncident(), claim('concurrent-key-5', 'hash-a'))),
    );
    const created = results.filter((r) => r.status === 'fulfilled' && !r.value.replayed);
    const others = results.filter((r) => !(r.status === 'fulfilled' && !r.value.replayed));
    expect(created).toHaveLength(1);
    for (const other of others) {
      if (other.status === 'fulfilled') expect(other.value.replayed).toBe(true);
      else expect(other.reason).toEqual(new IdempotencyConflictError('in_flight'));
    }
  });
});

describe('transitions', () => {
  test('write the new state and its history entry under a version check', async () => {
    const stores = table.stores();
    const created = await stores.incidents.create(newIncident());
    const incident = created.replayed ? undefined : created.record;
    const { next, history } = transition(incident!, 'acknowledged');

    await stores.incidents.transition(next, history, incident!);

    expect(await stores.incidents.get(incident!.id)).toEqual(next);
    expect((await stores.incidents.history(incident!.id)).map((entry) => entry.to)).toEqual(['reported', 'acknowledged']);
  });

  test('a second writer with the same version loses, and its history entry is not written', async () => {
    const stores = table.stores();
    const created = await stores.incidents.create(newIncident());
    const incident = created.replayed ? undefined : created.record;
    const winner = transition(incident!, 'acknowledged');
    const loser = transition(incident!, 'unverified');

    await stores.incidents.transition(winner.next, winner.history, incident!);
    await expect(stores.incidents.transition(loser.next, loser.history, incident!)).rejects.toBeInstanceOf(VersionConflictError);

    expect((await stores.incidents.get(incident!.id))?.status).toBe('acknowledged');
    expect(await stores.incidents.history(incident!.id)).toHaveLength(2);
  });

  test('an unknown incident is not found, not a conflict', async () => {
    const stores = table.stores();
    const ghost = anIncident();
    const { next, history } = transition(ghost, 'acknowledged');
    await expect(stores.incidents.transition(next, history, ghost)).rejects.toBeInstanceOf(NotFoundError);
    expect(await stores.incidents.get(ghost.id)).toBeUndefined();
  });
});

describe('incident queries', () => {
  const village = 'v-query-1';
  const responder = aContact({ kind: 'police' });
  const reporter = dutyBearer();
  const created: Incident[] = [];

  beforeAll(async () => {
    const stores = table.stores();
    for (let day = 1; day <= 7; day++) {
      const reportedAt = `2026-11-0${day}T06:00:00.000Z`;
      const result = await stores.incidents.create(
        newIncident({
          villageId: village,
          reportedAt,
          reportedBy: reporter,
          category: day % 2 === 0 ? 'child_labour' : 'child_marriage',
          routedTo: day <= 3 ? [responder.id] : [],
          ackDueAt: new Date(Date.parse(reportedAt) + 4 * 3600_000).toISOString(),
        }),
      );
      if (!result.replayed) created.push(result.record);
    }
    // Resolve the oldest: it leaves the open-incident index.
    const stores2 = table.stores();
    let current = created[0]!;
    for (const step of ['acknowledged', 'in_action'] as const) {
      const { next, history } = transition(current, step);
      current = await stores2.incidents.transition(next, history, current);
    }
    const decision = decideIncidentTransition({
      incident: current,
      request: { to: 'resolved', outcome: 'marriage_stopped' },
      actor: coordinator,
      now: new Date('2026-11-08T00:00:00.000Z'),
    });
    if (!decision.ok) throw new Error('setup');
    await stores2.incidents.transition(decision.value.next, decision.value.history, current);
  });

  test('by village: newest first, across several pages with an opaque cursor', async () => {
    const stores = table.stores();
    const seen: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const page = await stores.incidents.listInVillages([village], {}, { limit: 3, ...(cursor ? { cursor } : {}) });
      seen.push(...page.items.map((incident) => incident.id));
      cursor = page.nextCursor;
      pages++;
    } while (cursor);
    expect(pages).toBeGreaterThanOrEqual(3);
    expect(seen).toEqual(created.map((incident) => incident.id).reverse());
  });

  test('by village and time range, and by category', async () => {
    const stores = table.stores();
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

  test('a tampered cursor, or one from another list, is refused', async () => {
    const stores = table.stores();
    const page = await stores.incidents.listInVillages([village], {}, { limit: 2 });
    const cursor = page.nextCursor!;
    const [payload, signature] = cursor.split('.');
    const forged = `${Buffer.from(JSON.stringify({ PK: 'INCIDENT#x', SK: 'META' })).toString('base64url')}.${signature}`;
    await expect(stores.incidents.listInVillages([village], {}, { limit: 2, cursor: forged })).rejects.toBeInstanceOf(InvalidCursorError);
    await expect(stores.incidents.listInVillages([village], {}, { limit: 2, cursor: `${payload}.x${signature}` })).rejects.toBeInstanceOf(
      InvalidCursorError,
    );
    await expect(stores.incidents.listInVillages(['v-other'], {}, { limit: 2, cursor })).rejects.toBeInstanceOf(InvalidCursorError);
    await expect(stores.incidents.listInVillages([village], {}, { limit: 2, cursor: 'garbage' })).rejects.toBeInstanceOf(
      InvalidCursorError,
    );
  });

  test('routed to a contact, newest first', async () => {
    const routed = await table.stores().incidents.listRoutedTo(responder.id, {}, { limit: 25 });
    expect(routed.items.map((incident) => incident.id)).toEqual(
      created
        .slice(0, 3)
        .map((i) => i.id)
        .reverse(),
    );
  });

  test('routed to a contact includes recipients added later by an escalation step', async () => {
    const stores = table.stores();
    const escalatedTo = newId();
    const incident = created[6]!;
    const next: Incident = { ...incident, routedTo: [escalatedTo], escalationStep: 1, version: incident.version + 1 };
    await stores.incidents.transition(
      next,
      { ...reportEntry(incident), version: next.version, from: 'reported', to: 'reported' },
      incident,
    );
    const routed = await stores.incidents.listRoutedTo(escalatedTo, {}, { limit: 25 });
    expect(routed.items.map((i) => i.id)).toEqual([incident.id]);
  });

  test('reported by a caller', async () => {
    const mine = await table.stores().incidents.listReportedBy(reporter.sub, {}, { limit: 25 });
    expect(mine.items).toHaveLength(7);
  });

  test('open incidents due before an instant come from the sparse index, earliest first', async () => {
    const stores = table.stores();
    const due = await stores.incidents.listDue(village, new Date('2026-11-03T10:00:00.000Z'), { limit: 25 });
    // Day 1 is resolved (not in the index); days 2 and 3 are due at 10:00 on their day.
    expect(due.items.map((incident) => incident.reportedAt)).toEqual(['2026-11-02T06:00:00.000Z', '2026-11-03T06:00:00.000Z']);
    const open = await stores.incidents.listOpen(village, { limit: 25 });
    expect(open.items).toHaveLength(6);
    expect(open.items.map((incident) => incident.id)).not.toContain(created[0]!.id);
  });
});
