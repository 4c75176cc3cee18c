// Twenty requests at once against one record, through the Lambda entries and DynamoDB Local.
// The contract (API.md): a transition needs `If-Match: "<version>"` and a stale one is 412. Twenty
// transitions sent with the same If-Match race for one version: whatever each asks for, exactly one
// wins (200) and the nineteen others are 412, since by the time they are decided the version they
// name is gone (a 409 "illegal move" would mean a loser was judged against a state it never read).
// The record moves one version, and its history gets exactly one entry.
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { createTestTable, type TestTable } from '../support/dynamodb.js';
import { aLinkage, linkageCreatedEntry } from '../support/fixtures.js';
import { type Claims, call, useFunctionEnvironment } from '../support/lambda.js';
import { type Programme, seedProgramme, VILLAGE } from '../support/programme.js';
import { required } from '../support/required.js';
import { closeSnapshots, diffSnapshots, takeSnapshot } from './table-snapshot.js';

const PARALLEL = 20;
const ROUNDS = 3;

let table: TestTable;
let programme: Programme;
const coordinator: Claims = { sub: 'sub-race-coordinator', role: 'coordinator' };
const panchayat = (): Claims => ({
  sub: 'sub-race-panchayat',
  role: 'duty_bearer',
  villages: [VILLAGE],
  contactId: programme.panchayat.id,
});
const volunteer = (): Claims => ({ sub: 'sub-race-volunteer', role: 'volunteer', villages: [VILLAGE], contactId: programme.volunteer.id });

beforeAll(async () => {
  table = await createTestTable();
  programme = await seedProgramme(table.stores());
  useFunctionEnvironment(table.tableName);
});
afterAll(async () => {
  await table.drop();
  closeSnapshots();
});

type Response = Awaited<ReturnType<typeof call>>;

function tally(responses: Response[]): Record<number, number> {
  const counts: Record<number, number> = {};
  for (const response of responses) counts[response.status] = (counts[response.status] ?? 0) + 1;
  return counts;
}

function expectStaleProblems(responses: Response[]) {
  for (const response of responses.filter((candidate) => candidate.status !== 200)) {
    expect(response.headers['content-type']).toBe('application/problem+json');
    expect(response.body).toMatchObject({
      type: 'urn:suraksha:problem:stale-version',
      status: 412,
      title: expect.any(String),
      detail: expect.any(String),
    });
  }
}

async function reportIncident(): Promise<string> {
  const response = await call('POST', '/incidents', {
    claims: volunteer(),
    body: {
      villageId: VILLAGE,
      category: 'child_marriage',
      child: { ageBand: '15-17', gender: 'girl' },
      description: 'Wedding planned for Friday',
    },
  });
  expect(response.status).toBe(201);
  return response.body.id as string;
}

describe('twenty transitions of one incident with the same If-Match', () => {
  const transition = (id: string, claims: Claims, body: Record<string, unknown>) =>
    call('POST', `/incidents/${id}/transitions`, { claims, body, headers: { 'if-match': '"1"' } });

  test.each(Array.from({ length: ROUNDS }, (_, round) => round + 1))(
    'round %i: acknowledged and unverified by a coordinator, and acknowledged by the routed panchayat: one 200, nineteen 412',
    async () => {
      const id = await reportIncident();
      const before = await takeSnapshot(table);
      const requests = Array.from({ length: PARALLEL }, (_, index) => {
        if (index % 4 === 3) return transition(id, panchayat(), { to: 'acknowledged', note: `panchayat ${index}` });
        return transition(
          id,
          coordinator,
          index % 2 === 0 ? { to: 'acknowledged', note: `coordinator ${index}` } : { to: 'unverified', note: `coordinator ${index}` },
        );
      });
      const responses = await Promise.all(requests);

      expect(tally(responses)).toEqual({ 200: 1, 412: PARALLEL - 1 });
      expectStaleProblems(responses);
      const winner = required(
        responses.find((response) => response.status === 200),
        'the one 200 answer',
      );
      expect(winner.headers.etag).toBe('"2"');

      const history = await table.stores().incidents.history(id);
      expect(history.map((entry) => `${entry.version}:${entry.from ?? ''}>${entry.to}`)).toEqual([
        '1:>reported',
        `2:reported>${winner.body.status}`,
      ]);
      const stored = await table.stores().incidents.get(id);
      expect(stored).toMatchObject({ version: 2, status: winner.body.status });

      // One change's writes and no other: its history entry, and its notice (acknowledged) or the
      // open marker's removal (unverified closes the case).
      const acknowledged = winner.body.status === 'acknowledged';
      const diff = diffSnapshots(before, await takeSnapshot(table));
      expect(diff.added).toEqual([`INCIDENT#${id}|HISTORY#000002`, ...(acknowledged ? [`INCIDENT#${id}|NOTICE#status_acknowledged`] : [])]);
      expect(diff.changed).toEqual([`INCIDENT#${id}|META`]);
      expect(diff.removed).toEqual(acknowledged ? [] : [`INCIDENT#${id}|OPEN`]);
    },
  );

  test('the same race one step later: in_action and unverified from acknowledged, and the panchayat acknowledging too, all with If-Match "2"', async () => {
    const id = await reportIncident();
    expect((await transition(id, coordinator, { to: 'acknowledged' })).status).toBe(200);
    // A community member may not move a high incident to in_action, but may add its own acknowledgement.
    const bodyOf = (index: number) => {
      if (index % 3 === 0) return { to: 'acknowledged', note: `panchayat ${index}` };
      return index % 3 === 2 ? { to: 'unverified' } : { to: 'in_action', note: `moving ${index}` };
    };
    const responses = await Promise.all(
      Array.from({ length: PARALLEL }, (_, index) =>
        call('POST', `/incidents/${id}/transitions`, {
          claims: index % 3 === 0 ? panchayat() : coordinator,
          body: bodyOf(index),
          headers: { 'if-match': '"2"' },
        }),
      ),
    );
    expect(tally(responses)).toEqual({ 200: 1, 412: PARALLEL - 1 });
    expectStaleProblems(responses);
    const history = await table.stores().incidents.history(id);
    expect(history.map((entry) => entry.version)).toEqual([1, 2, 3]);
    expect((await table.stores().incidents.get(id))?.version).toBe(3);
  });
});

describe('twenty transitions of one linkage with the same If-Match', () => {
  async function linkage(status: 'identified' | 'referred'): Promise<string> {
    const record = aLinkage({ villageId: VILLAGE, providerContactId: programme.panchayat.id, status });
    await table.stores().activities.createLinkage(record, linkageCreatedEntry(record));
    return record.id;
  }
  const move = (id: string, claims: Claims, body: Record<string, unknown>) =>
    call('POST', `/linkages/${id}/transitions`, { claims, body, headers: { 'if-match': '"1"' } });

  test.each(Array.from({ length: ROUNDS }, (_, round) => round + 1))(
    'round %i: referred and unable by a coordinator: one 200, nineteen 412',
    async () => {
      const id = await linkage('identified');
      const before = await takeSnapshot(table);
      const responses = await Promise.all(
        Array.from({ length: PARALLEL }, (_, index) =>
          move(
            id,
            coordinator,
            index % 2 === 0 ? { to: 'referred', note: `referral ${index}` } : { to: 'unable', reason: 'the family moved away' },
          ),
        ),
      );
      expect(tally(responses)).toEqual({ 200: 1, 412: PARALLEL - 1 });
      expectStaleProblems(responses);
      const winner = required(
        responses.find((response) => response.status === 200),
        'the one 200 answer',
      );
      expect(winner.body).toMatchObject({ version: 2 });
      expect(winner.headers.etag).toBe('"2"');

      const stored = await table.stores().activities.getLinkage(id);
      expect(stored).toMatchObject({ version: 2, status: winner.body.status });
      const diff = diffSnapshots(before, await takeSnapshot(table));
      expect(diff.added).toEqual([`LINKAGE#${id}|HISTORY#000002`]);
      expect(diff.changed).toEqual([`LINKAGE#${id}|META`]);
      expect(diff.removed).toEqual([]);
    },
  );

  test('the provider duty bearer and a coordinator race on a referred linkage: one 200, nineteen 412', async () => {
    const id = await linkage('referred');
    const responses = await Promise.all(
      Array.from({ length: PARALLEL }, (_, index) =>
        move(
          id,
          index % 2 === 0 ? panchayat() : coordinator,
          index % 3 === 0 ? { to: 'unable', reason: 'no school nearby' } : { to: 'in_progress' },
        ),
      ),
    );
    expect(tally(responses)).toEqual({ 200: 1, 412: PARALLEL - 1 });
    expectStaleProblems(responses);
    const history = (await table.allItems()).filter((item) => item.PK === `LINKAGE#${id}` && String(item.SK).startsWith('HISTORY#'));
    expect(history.map((item) => item.SK)).toEqual(['HISTORY#000001', 'HISTORY#000002']);
  });
});

describe('other things twenty callers do at once', () => {
  test('twenty confirmations of one acknowledgement link: all answered, one acknowledgement in the history', async () => {
    const id = await reportIncident();
    const token = `race-link-${Date.now().toString(36)}-0001`;
    const now = Date.now();
    await table.stores().ackLinks.put({
      token,
      incidentId: id,
      contactId: programme.panchayat.id,
      createdAt: new Date(now).toISOString(),
      expiresAt: new Date(now + 86_400_000).toISOString(),
    });
    const responses = await Promise.all(
      Array.from({ length: PARALLEL }, () => call('POST', `/a/${token}`, { claims: null, headers: { 'content-type': undefined } })),
    );
    // Every tap lands on the status page (303): one acknowledgement recorded however many taps.
    expect(tally(responses)).toEqual({ 303: PARALLEL });
    const history = await table.stores().incidents.history(id);
    expect(history.map((entry) => entry.to)).toEqual(['reported', 'acknowledged']);
  });

  test('twenty creates with one Idempotency-Key: exactly one incident; every 201 is the same answer, the others 409 (in flight)', async () => {
    const before = await takeSnapshot(table);
    const key = `race-key-${Date.now().toString(36)}`;
    const body = { villageId: VILLAGE, category: 'neglect', child: { ageBand: '0-5', gender: 'boy' }, description: 'Left alone for days' };
    const responses = await Promise.all(
      Array.from({ length: PARALLEL }, () =>
        call('POST', '/incidents', { claims: volunteer(), body, headers: { 'idempotency-key': key } }),
      ),
    );
    const statuses = tally(responses);
    expect(Object.keys(statuses).sort()).toEqual(expect.arrayContaining(['201']));
    expect((statuses[201] ?? 0) + (statuses[409] ?? 0)).toBe(PARALLEL);
    const created = responses.filter((response) => response.status === 201);
    expect(new Set(created.map((response) => response.raw)).size).toBe(1);
    for (const refused of responses.filter((response) => response.status === 409)) {
      expect(refused.body).toMatchObject({ type: 'urn:suraksha:problem:idempotency-in-flight', status: 409 });
    }
    const added = diffSnapshots(before, await takeSnapshot(table)).added;
    expect(added.filter((entry) => entry.startsWith('INCIDENT#') && entry.endsWith('|META'))).toEqual([
      `INCIDENT#${required(created[0], 'a 201 answer').body.id}|META`,
    ]);
    expect(added.filter((entry) => entry.startsWith('IDEMP#'))).toEqual([`IDEMP#sub-race-volunteer#${key}|IDEMP`]);
  });
});
