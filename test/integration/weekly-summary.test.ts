// The weekly summary end to end: a week seeded in DynamoDB Local, the job run, the email read back
// from aws-ses-v2-local's /store, and its figures checked against GET /metrics/weekly/{isoWeek}.
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { decideIncidentTransition } from '../../functions/domain/incident-workflow.js';
import type { Stores } from '../../functions/domain/ports.js';
import type { Incident } from '../../functions/domain/schemas.js';
import { previewWeeklySummary, type SummaryDependencies, sendWeeklySummary } from '../../functions/use-cases/weekly-summary.js';
import { freePort } from '../../local/dynamodb/dynamodb-local.js';
import { localSesMailer, startSesLocal } from '../../local/ses-local.js';
import { createTestTable, type TestTable } from '../support/dynamodb.js';
import { aContact, aMeeting, anIncident, coordinator, reportEntry } from '../support/fixtures.js';
import { call, useFunctionEnvironment } from '../support/lambda.js';
import { OTHER_VILLAGE, type Programme, seedProgramme, VILLAGE } from '../support/programme.js';
import { required } from '../support/required.js';

const WEEK = '2026-W47'; // Monday 2026-11-16 to Sunday 2026-11-22, Asia/Kolkata
const MONDAY_AFTER_0930_IST = new Date('2026-11-23T04:00:00.000Z');

let table: TestTable;
let ses: Awaited<ReturnType<typeof startSesLocal>>;
let deps: SummaryDependencies;
const funder = aContact({
  kind: 'funder',
  villages: [],
  name: 'Programme officer',
  language: 'en',
  phone: undefined,
  email: 'po@funder.example.org',
});

interface StoredEmail {
  subject: string;
  destination: { to: string[] };
  body: { html: string; text: string };
}
const emails = async (): Promise<StoredEmail[]> =>
  ((await (await fetch(`${ses.endpoint}/store`)).json()) as { emails: StoredEmail[] }).emails;

async function seedWeek(stores: Stores, { police }: Programme): Promise<void> {
  // Six child marriages in Hingalganj (five acknowledged within 4 hours, by a coordinator on behalf of
  // the police reached by phone: an acknowledgement that stops a child marriage's ladder), two in Haroa,
  // one the week before.
  const reports: (Partial<Incident> & Pick<Incident, 'reportedAt'>)[] = [
    ...[0, 1, 2, 3, 4, 5].map((day) => ({ villageId: VILLAGE, reportedAt: `2026-11-${16 + day}T05:00:00.000Z` })),
    { villageId: OTHER_VILLAGE, reportedAt: '2026-11-18T10:00:00.000Z', category: 'child_labour' as const },
    { villageId: OTHER_VILLAGE, reportedAt: '2026-11-22T18:29:00.000Z', category: 'neglect' as const, severity: 'medium' as const },
    { villageId: VILLAGE, reportedAt: '2026-11-15T18:29:59.000Z' },
  ];
  for (const [index, overrides] of reports.entries()) {
    const incident = anIncident({
      ...overrides,
      routedTo: [police.id],
      ackDueAt: new Date(Date.parse(overrides.reportedAt) + 4 * 3600_000).toISOString(),
    });
    const { shortCode: _code, ...draft } = incident;
    const created = await stores.incidents.create({ incident: draft, history: reportEntry(incident) });
    if (created.replayed || index >= 5) continue;
    const acknowledged = decideIncidentTransition({
      incident: created.record,
      request: { to: 'acknowledged', onBehalfOf: police.id },
      actor: coordinator,
      onBehalfOf: { id: police.id, kind: 'police' },
      now: new Date(Date.parse(created.record.reportedAt) + (index + 1) * 30 * 60_000),
    });
    if (!acknowledged.ok) throw new Error(acknowledged.refusal.message);
    await stores.incidents.transition(acknowledged.value.next, acknowledged.value.history, created.record);
  }
  for (const heldOn of ['2026-11-17', '2026-11-19', '2026-11-22']) {
    await stores.activities.createMeeting(
      aMeeting({ villageId: VILLAGE, heldOn, attendance: { girls: 10, boys: 8, women: 3, men: 1, dutyBearers: 1 } }),
    );
  }
  await stores.activities.createMeeting(aMeeting({ villageId: OTHER_VILLAGE, heldOn: '2026-11-23' })); // the next week
}

beforeAll(async () => {
  table = await createTestTable();
  const stores = table.stores();
  const programme = await seedProgramme(stores);
  await stores.directory.createContact(funder);
  await seedWeek(stores, programme);
  ses = await startSesLocal(await freePort());
  deps = {
    ...stores,
    clock: () => MONDAY_AFTER_0930_IST,
    pricePerSegmentInr: 0.25,
    mailer: localSesMailer(ses.endpoint),
    programmeName: 'Community Resilience for Prevention',
  };
  useFunctionEnvironment(table.tableName);
});
afterAll(async () => {
  await ses.stop();
  await table.drop();
});

describe(`the summary of ${WEEK}`, () => {
  test('is emailed once to the active funder, with the same figures in the HTML and the text body', async () => {
    const run = await sendWeeklySummary(deps);
    expect(run).toEqual({ week: WEEK, sent: 1, alreadySent: 0, failed: 0 });

    const [first] = await emails();
    const email = required(first, 'the summary email');
    expect(email.destination.to).toEqual([funder.email]);
    // No figure in the subject: "8 incidents, 5 acknowledged in time" read as 5 of 8.
    expect(email.subject).toBe('Community Resilience for Prevention: weekly summary, 16 – 22 Nov 2026');
    const htmlText = email.body.html
      .replace(/<[^>]+>/g, ' ')
      .replace(/&nbsp;/g, ' ')
      .replace(/\s+/g, ' ');
    for (const body of [email.body.text, htmlText]) {
      expect(body).toContain('16 – 22 Nov 2026');
      // Six child marriages round to 5; the child labour and the neglect are "0-4" in the third group.
      expect(body).toMatch(/Child marriage:? 5\b/);
      expect(body).toMatch(/All other protection concerns:? 0-4/);
      expect(body).toMatch(/Incidents reported:? (last week 0-4 )?10\b/);
      expect(body).not.toMatch(/Incidents open|Rina|Marriage being arranged/);
    }
    // Villages show their meetings only: no incident figure names a village.
    expect(email.body.text).toContain('  Hingalganj: meetings held 3, person-sessions 69\n');
    expect(email.body.text).not.toMatch(/Haroa:.*incident/);
    expect(email.body.html).not.toMatch(/<script|<img|https?:\/\//i);
  });

  test('a retried run sends no duplicate', async () => {
    const again = await sendWeeklySummary(deps);
    expect(again).toEqual({ week: WEEK, sent: 0, alreadySent: 1, failed: 0 });
    expect(await emails()).toHaveLength(1);
  });
});

describe('GET /metrics/weekly/{isoWeek}', () => {
  test('coordinators get the exact, stored figures; funders the suppressed view the email showed', async () => {
    const exact = await call('GET', `/metrics/weekly/${WEEK}`, { claims: { sub: 'c', role: 'coordinator' } });
    expect(exact.status).toBe(200);
    expect(exact.body).toMatchObject({ week: WEEK, final: true });
    expect(exact.body.total.incidents).toMatchObject({ total: 8, byCategory: { child_marriage: 6, child_labour: 1, neglect: 1 } });
    // The neglect reported at 23:59 IST on Sunday still had until Monday night: not due yet at 09:30.
    expect(exact.body.total.acknowledgement).toMatchObject({ due: 7, withinDeadline: 5 });
    expect(exact.body.total.meetings.personSessions).toEqual({ girls: 30, boys: 24, women: 9, men: 3, dutyBearers: 3 });
    expect(exact.body.villages[VILLAGE].incidents.total).toBe(6);
    expect(exact.body.total.openBacklog).toBe(9);
    expect(await table.stores().metrics.getWeeklyMetrics(WEEK)).toEqual(exact.body);

    const published = await call('GET', `/metrics/weekly/${WEEK}`, { claims: { sub: 'f', role: 'funder' } });
    expect(published.status).toBe(200);
    expect(published.body.programme.incidents).toEqual({
      reported: 10,
      byGroup: { child_marriage: 5, education: '0-4', other_protection: '0-4' },
    });
    expect(published.body.villages[VILLAGE]).toEqual({ meetings: expect.objectContaining({ held: 3 }) });
    // The view the email was rendered from, kept when the week was first published.
    expect(await table.stores().metrics.getFunderView(WEEK)).toEqual(published.body);
  });

  test('a week that has not begun is 404; a week that does not exist is 400; other roles are 403', async () => {
    expect((await call('GET', '/metrics/weekly/2030-W10', { claims: { sub: 'c', role: 'coordinator' } })).status).toBe(404);
    expect((await call('GET', '/metrics/weekly/2027-W53', { claims: { sub: 'c', role: 'coordinator' } })).status).toBe(400);
    expect((await call('GET', `/metrics/weekly/${WEEK}`, { claims: { sub: 'v', role: 'volunteer', villages: [VILLAGE] } })).status).toBe(
      403,
    );
  });

  test('the current week is computed on request and not stored', async () => {
    const { kolkataWeekOf } = await import('../../functions/domain/metrics/iso-week.js');
    const current = kolkataWeekOf(new Date());
    const response = await call('GET', `/metrics/weekly/${current}`, { claims: { sub: 'c', role: 'coordinator' } });
    expect(response.body).toMatchObject({ week: current, final: false });
    expect(await table.stores().metrics.getWeeklyMetrics(current)).toBeUndefined();
    // A funder waits for the week to end: polling the live week would time each case.
    expect((await call('GET', `/metrics/weekly/${current}`, { claims: { sub: 'f', role: 'funder' } })).status).toBe(404);
  });
});

test('the current week is never emailed to funders, so its finished figures still go on Monday', async () => {
  const { kolkataWeekOf } = await import('../../functions/domain/metrics/iso-week.js');
  const current = kolkataWeekOf(new Date());
  const sent: string[] = [];
  const watching = {
    ...deps,
    clock: () => new Date(),
    mailer: {
      async send(message: { to: string }) {
        sent.push(message.to);
        return { messageId: `m-${sent.length}` };
      },
    },
  };
  await expect(sendWeeklySummary(watching, current)).rejects.toMatchObject({ refusal: { kind: 'conflict' } });
  expect(sent).toEqual([]);
});

test('a funder the email could not reach is tried again by the retried run, and nobody gets it twice', async () => {
  // Prepare: a second funder whose first send fails.
  const second = aContact({
    kind: 'funder',
    villages: [],
    name: 'Second funder',
    language: 'en',
    phone: undefined,
    email: 'second@funder.example.org',
  });
  await table.stores().directory.createContact(second);
  const delivered: string[] = [];
  let failOnce = true;
  const flaky: SummaryDependencies = {
    ...deps,
    mailer: {
      async send(message) {
        if (message.to === second.email && failOnce) {
          failOnce = false;
          throw Object.assign(new Error('throttled'), { name: 'TooManyRequestsException' });
        }
        delivered.push(message.to);
        return { messageId: `m-${delivered.length}` };
      },
    },
  };
  // Act and Assess
  await expect(sendWeeklySummary(flaky, '2026-W46')).rejects.toMatchObject({
    name: 'WeeklySummaryIncompleteError',
    run: { week: '2026-W46', sent: 1, alreadySent: 0, failed: 1 },
  });
  expect(await sendWeeklySummary(flaky, '2026-W46')).toEqual({ week: '2026-W46', sent: 1, alreadySent: 1, failed: 0 });
  expect(delivered.sort()).toEqual([funder.email, second.email].sort());
});

describe('the preview', () => {
  test('goes to the active coordinators with an email, says who had none, and claims nothing', async () => {
    // Prepare: one coordinator with an email, the seed's without; the week so far.
    const stores = table.stores();
    const withEmail = aContact({ kind: 'coordinator', villages: [], name: 'Mita', language: 'en', email: 'mita@ngo.example.org' });
    await stores.directory.createContact(withEmail);
    const before = (await emails()).length;
    const now = new Date('2026-12-02T06:00:00.000Z');
    const run = await previewWeeklySummary({ ...deps, clock: () => now });
    expect(run.week).toBe('2026-W49');
    expect(run.sent).toBe(1);
    expect(run.withoutEmail.length).toBeGreaterThan(0);
    expect(run.withoutEmail).not.toContain('Mita');
    const previews = (await emails()).slice(before);
    expect(previews.map((email) => email.destination.to)).toEqual([[withEmail.email]]);
    expect(required(previews[0], 'the preview').subject).toMatch(
      /^Preview for coordinators, not sent to funders: .*30 Nov – 6 Dec 2026 \(the week is not over/,
    );
    // Nothing claimed: the funders' email of that week goes once it is finished.
    expect(await stores.metrics.claimWeeklyEmail('2026-W49', funder.id, now.toISOString())).toBe(true);
  });
});

test('a week with nothing recorded sends the two-line note, in which zero incidents read "0-4"', async () => {
  const before = (await emails()).length;
  expect(await sendWeeklySummary(deps, '2026-W40')).toMatchObject({ sent: 2 });
  const [note] = (await emails()).slice(before);
  expect(required(note, 'the note').subject).toBe('Community Resilience for Prevention: no activity recorded, 28 Sep – 4 Oct 2026');
  expect(required(note, 'the note').body.text).toContain('Meetings held: 0. Incidents reported: 0-4');
});
