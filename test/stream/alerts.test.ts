// Alerts end to end through DynamoDB Local's real stream: the API writes, the local stream pump reads
// the stream as Lambda would and invokes the notifier, whose SMS land in an outbox file.

import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import type { Context, DynamoDBStreamEvent } from 'aws-lambda';
import { notifierDependencies } from '../../functions/alert-wiring.js';
import { LOCAL_DLT_TEMPLATE_IDS } from '../../functions/domain/sms/templates.js';
import { createNotifierHandler } from '../../functions/stream/notifier-handler.js';
import { runEscalations } from '../../functions/use-cases/escalate.js';
import { type OutboxEntry, SmsOutbox } from '../../local/sms-outbox.js';
import { type StreamPump, startStreamPump } from '../../local/stream-pump.js';
import { startTestApi, type TestApi } from '../support/api.js';
import { createTestTable, type TestTable } from '../support/dynamodb.js';
import { aContact, anIncident, OPTED_OUT, reportEntry } from '../support/fixtures.js';
import { type Programme, seedProgramme, VILLAGE } from '../support/programme.js';
import { required } from '../support/required.js';

const ACK_BASE_URL = 'https://sk.example.in';
let table: TestTable;
let api: TestApi;
let pump: StreamPump;
let programme: Programme;
let outboxPath: string;
let notifier: ReturnType<typeof createNotifierHandler>;
const batches: DynamoDBStreamEvent[] = [];
const optedOutVolunteer = aContact({ kind: 'volunteer', name: 'Volunteer who opted out', ...OPTED_OUT, phone: '+919800000031' });
const blockOfficer = () => programme.block;

beforeAll(async () => {
  table = await createTestTable();
  programme = await seedProgramme(table.stores());
  await table.stores().directory.createContact(optedOutVolunteer);
  api = await startTestApi(table);
  outboxPath = join(mkdtempSync(join(tmpdir(), 'suraksha-outbox-')), 'sms-outbox.jsonl');
  notifier = createNotifierHandler(
    notifierDependencies({
      stores: table.stores(),
      sms: new SmsOutbox(outboxPath, () => undefined),
      ackBaseUrl: ACK_BASE_URL,
      dltTemplateIds: LOCAL_DLT_TEMPLATE_IDS,
    }),
  );
  pump = await startStreamPump({
    ...table.stream,
    handler: async (event: DynamoDBStreamEvent, context: Context) => {
      batches.push(event);
      return notifier(event, context);
    },
    log: () => undefined,
  });
});
afterAll(async () => {
  await pump.stop();
  await api.stop();
  await table.drop();
});

function outbox(incidentId?: string): OutboxEntry[] {
  if (!existsSync(outboxPath)) return [];
  const entries = readFileSync(outboxPath, 'utf8')
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line) as OutboxEntry);
  return incidentId ? entries.filter((entry) => entry.incidentId === incidentId) : entries;
}

const coordinatorToken = () => api.tokenFor({ role: 'coordinator' });
const volunteerToken = () => api.tokenFor({ role: 'volunteer', villages: [VILLAGE], contactId: programme.volunteer.id });

async function report(body: Record<string, unknown>) {
  const response = await api.request('POST', '/incidents', {
    token: await volunteerToken(),
    body: {
      villageId: VILLAGE,
      child: { ageBand: '15-17', gender: 'girl', name: 'Rina Khatun' },
      description: 'Call 9812345678 about Rina',
      ...body,
    },
  });
  expect(response.status).toBe(201);
  return response.body as { id: string; routedTo: string[]; ackDueAt: string; shortCode: string };
}

const notifications = async (id: string) =>
  (await api.request('GET', `/incidents/${id}/notifications`, { token: await coordinatorToken() })).body.items as {
    contactId: string;
    step: string;
    status: string;
    reason?: string;
    segments?: number;
  }[];

describe('a child marriage report', () => {
  let incident: Awaited<ReturnType<typeof report>>;

  test('once the pump has drained the stream, the outbox holds the routed recipients but the reporter, and the coordinators hear of the missing cmpo; the opted-out volunteer is not routed', async () => {
    incident = await report({ category: 'child_marriage' });
    // Only reachable contacts are routed: not the volunteer who opted out of SMS.
    expect(incident.routedTo).not.toContain(optedOutVolunteer.id);
    expect(incident.routedTo).toContain(programme.volunteer.id);
    // The reporting volunteer is not sent an SMS about their own report.
    const expected = incident.routedTo.filter((id) => id !== programme.volunteer.id);

    await pump.drain();

    const records = await notifications(incident.id);
    const firstAlerts = records.filter((record) => record.step === 'first_alert');
    expect(firstAlerts.map((record) => record.contactId).sort()).toEqual([...expected].sort());
    expect(firstAlerts.map((record) => record.status)).toEqual(firstAlerts.map(() => 'sent'));
    expect(records.find((record) => record.contactId === optedOutVolunteer.id)).toBeUndefined();
    // The programme has no cmpo in the village: the coordinators are told at once, so that someone phones.
    expect(records.filter((record) => record.step === 'gap_cmpo').map((record) => record.contactId)).toEqual([programme.coordinator.id]);
    const sent = outbox(incident.id);
    expect(sent.map((sms) => sms.kind).sort()).toEqual(['coordinator', 'coordinator', 'panchayat', 'vlcpc']);
    expect(sent).toHaveLength(records.filter((record) => record.status === 'sent').length);
    // Duty bearers get a link to acknowledge; the volunteer and the coordinator are informed.
    const panchayatSms = required(
      sent.find((sms) => sms.contactId === programme.panchayat.id),
      "the panchayat's SMS",
    );
    expect(panchayatSms.text).toContain(`${ACK_BASE_URL}/a/`);
    expect(panchayatSms.segments).toBeLessThanOrEqual(2);
    for (const coordinatorSms of sent.filter((sms) => sms.kind === 'coordinator')) expect(coordinatorSms.text).not.toContain('/a/');
    for (const sms of sent) {
      expect(sms.text).toContain(incident.shortCode);
      expect(sms.text).not.toMatch(/Rina|9812345678|Call/);
    }
  });

  test('the same stream batch fed again sends nothing twice', async () => {
    const before = outbox().length;
    for (const batch of batches) await notifier(batch, {} as Context);
    expect(outbox().length).toBe(before);
  });

  test('past the deadline, the escalation job moves to the next kind on the ladder, and it is told by SMS', async () => {
    const past = new Date(Date.parse(incident.ackDueAt) + 60_000);
    const summary = await runEscalations(table.stores(), past);
    expect(summary.applied.escalate).toBeGreaterThanOrEqual(1);
    await pump.drain();
    const escalation = required(
      outbox(incident.id).find((sms) => sms.contactId === blockOfficer().id),
      "the block officer's escalation SMS",
    );
    expect(escalation.kind).toBe('block');
    expect(escalation.text).toContain('not acknowledged in time');
    expect(escalation.segments).toBe(1);

    // Running it again for the same instant does nothing twice.
    expect((await runEscalations(table.stores(), past)).applied.escalate).toBeUndefined();
  });

  test('acknowledging through the SMS link stops the escalation, and the reporter and coordinators are told', async () => {
    const escalation = required(
      outbox(incident.id).find((sms) => sms.contactId === blockOfficer().id),
      "the block officer's escalation SMS",
    );
    const link = required(escalation.text.match(/https:\/\/\S+\/a\/([\w-]+)/), 'an acknowledgement link in the escalation SMS');
    const path = `/a/${link[1]}`;

    const preview = await api.request('GET', path);
    expect(preview.status).toBe(200);
    expect(preview.headers['content-type']).toContain('text/html');
    expect((await api.request('GET', `/incidents/${incident.id}`, { token: await coordinatorToken() })).body.status).toBe('reported');

    const confirmed = await api.request('POST', path, { body: '', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    expect(confirmed.status).toBe(303);
    expect(confirmed.headers.location).toBe(`${path}/status`);
    const after = (await api.request('GET', `/incidents/${incident.id}`, { token: await coordinatorToken() })).body;
    expect(after).toMatchObject({ status: 'acknowledged', acknowledgement: { contactId: blockOfficer().id, kind: 'block' } });
    // A repeat is harmless: the same status page.
    expect((await api.request('POST', path)).status).toBe(303);

    const muchLater = new Date(Date.parse(after.ackDueAt) + 24 * 3600_000);
    const summary = await runEscalations(table.stores(), muchLater);
    expect(summary.applied.escalate).toBeUndefined();
    const statusTemplates = Object.values(LOCAL_DLT_TEMPLATE_IDS.status_acknowledged);
    const isStatus = (sms: OutboxEntry) => statusTemplates.includes(sms.dltTemplateId);
    await pump.drain();
    const told = outbox(incident.id).filter(isStatus);
    expect(told.map((sms) => sms.contactId).sort()).toEqual([programme.coordinator.id, programme.volunteer.id].sort());
  });

  test('an unknown or expired link is an HTML 404 page', async () => {
    const unknown = await api.request('GET', '/a/AAAAAAAAAAAAAAAAAAAAAA');
    expect(unknown.status).toBe(404);
    expect(unknown.headers['content-type']).toContain('text/html');
    const now = Date.now();
    await table.stores().ackLinks.put({
      token: 'expired-link-0000001',
      incidentId: incident.id,
      contactId: programme.panchayat.id,
      createdAt: new Date(now - 8 * 86_400_000).toISOString(),
      expiresAt: new Date(now - 86_400_000).toISOString(),
    });
    expect((await api.request('POST', '/a/expired-link-0000001')).status).toBe(404);
  });
});

test('sexual abuse never reaches a volunteer or a community kind', async () => {
  const incident = await report({ category: 'sexual_abuse', medicalCareNeeded: true });
  await pump.drain();
  const kinds = outbox(incident.id).map((sms) => sms.kind);
  // The police are alerted; the coordinators too, and told of each kind nobody covers (sjpu, dcpu, health).
  expect([...new Set(kinds)].sort()).toEqual(['coordinator', 'police']);
  const steps = (await notifications(incident.id)).map((record) => record.step);
  expect([...new Set(steps)].sort()).toEqual(['first_alert', 'gap_dcpu', 'gap_health', 'gap_sjpu']);
  expect(kinds).not.toContain('volunteer');
});

test('a contact deactivated after routing is skipped with the reason inactive', async () => {
  const incident = anIncident({ villageId: VILLAGE, routedTo: [programme.inactiveVlcpc.id, programme.coordinator.id] });
  const { shortCode: _code, ...draft } = incident;
  const created = await table.stores().incidents.create({ incident: draft, history: reportEntry(incident) });
  const id = created.replayed ? '' : created.record.id;
  await pump.drain();
  const records = await notifications(id);
  expect(records.find((record) => record.contactId === programme.inactiveVlcpc.id)).toMatchObject({
    status: 'skipped',
    reason: 'inactive',
  });
});
