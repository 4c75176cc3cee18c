// Issue 11's rules through the local stack: the dev server and its JWT authorizer, DynamoDB Local
// and its real stream, the stream pump invoking the notifier, SMS into the outbox with its console
// lines, and the escalation job. Set PRINT_SMS=1 to see the console lines of the run.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { notifierDependencies } from '../../functions/alert-wiring.js';
import { addMinutes } from '../../functions/domain/routing.js';
import type { Contact } from '../../functions/domain/schemas.js';
import { LOCAL_DLT_TEMPLATE_IDS } from '../../functions/domain/sms/templates.js';
import { createNotifierHandler } from '../../functions/stream/notifier-handler.js';
import { runEscalations } from '../../functions/use-cases/escalate.js';
import { SmsOutbox } from '../../local/sms-outbox.js';
import { type StreamPump, startStreamPump } from '../../local/stream-pump.js';
import { startTestApi, type TestApi } from '../support/api.js';
import { createTestTable, type TestTable } from '../support/dynamodb.js';
import { aContact } from '../support/fixtures.js';
import { OTHER_VILLAGE, type Programme, seedProgramme, VILLAGE } from '../support/programme.js';
import { required } from '../support/required.js';

let table: TestTable;
let api: TestApi;
let pump: StreamPump;
let programme: Programme;
const consoleLines: string[] = [];
const cmpo = aContact({ kind: 'cmpo', name: 'CDPO Hingalganj', language: 'en', phone: '+919800000041' });
const dcpu = aContact({
  kind: 'dcpu',
  name: 'DCPU North 24 Parganas',
  villages: [VILLAGE, OTHER_VILLAGE],
  language: 'en',
  phone: '+919800000042',
});
const sjpu = aContact({ kind: 'sjpu', name: 'SJPU', language: 'en', phone: '+919800000043' });

beforeAll(async () => {
  table = await createTestTable();
  programme = await seedProgramme(table.stores());
  for (const contact of [cmpo, dcpu, sjpu]) await table.stores().directory.createContact(contact);
  api = await startTestApi(table);
  const outboxPath = join(mkdtempSync(join(tmpdir(), 'suraksha-rules-')), 'sms-outbox.jsonl');
  const notifier = createNotifierHandler(
    notifierDependencies({
      stores: table.stores(),
      sms: new SmsOutbox(outboxPath, (line) => consoleLines.push(line)),
      ackBaseUrl: 'https://sk.example.in',
      dltTemplateIds: LOCAL_DLT_TEMPLATE_IDS,
    }),
  );
  pump = await startStreamPump({
    ...table.stream,
    handler: notifier,
    log: () => undefined,
  });
});
afterAll(async () => {
  if (process.env.PRINT_SMS) console.log(consoleLines.join('\n'));
  await pump.stop();
  await api.stop();
  await table.drop();
});

const tokenOf = (contact: Contact) => api.tokenFor({ role: 'duty_bearer', villages: contact.villages, contactId: contact.id });
const coordinatorToken = () => api.tokenFor({ role: 'coordinator', contactId: programme.coordinator.id });
/** SMS console lines about one incident, by its short code, since `from` lines were printed. */
const linesAbout = (shortCode: string, from = 0) => consoleLines.slice(from).filter((line) => line.includes(shortCode));

async function report(body: Record<string, unknown>, token?: string) {
  const response = await api.request('POST', '/incidents', {
    token: token ?? (await api.tokenFor({ role: 'volunteer', villages: [VILLAGE], contactId: programme.volunteer.id })),
    body: { villageId: VILLAGE, child: { ageBand: '15-17', gender: 'girl', name: 'Rina Khatun' }, description: 'Marriage fixed', ...body },
  });
  expect(response.status).toBe(201);
  await pump.drain();
  return response.body as { id: string; shortCode: string; ackDueAt: string; severity: string; routedTo: string[] };
}

describe('a critical child marriage the panchayat acknowledged', () => {
  const expectedBy = addMinutes(new Date(), 20 * 60).toISOString();
  let incident: Awaited<ReturnType<typeof report>>;

  test('20 hours before the wedding: critical, police and the cmpo told at once, no deadline after expectedBy − 12 h', async () => {
    incident = await report({ category: 'child_marriage', expectedBy });
    expect(incident.severity).toBe('critical');
    expect(incident.routedTo).toEqual(expect.arrayContaining([programme.police.id, cmpo.id]));
    const read = await api.request('GET', `/incidents/${incident.id}`, { token: await coordinatorToken() });
    const cap = addMinutes(expectedBy, -12 * 60).toISOString();
    const deadlines = [read.body.ackDueAt, ...read.body.duties.map((duty: { dueAt: string }) => duty.dueAt)];
    expect(read.body.duties.map((duty: { id: string }) => duty.id)).toEqual(['cmpo_informed']);
    for (const due of deadlines) expect(due <= cap).toBe(true);
    const told = linesAbout(incident.shortCode);
    expect(told.some((line) => line.includes('police'))).toBe(true);
    expect(told.some((line) => line.includes('cmpo'))).toBe(true);
  });

  test('the panchayat acknowledges, and may not move it to in_action (403, saying why)', async () => {
    const token = await tokenOf(programme.panchayat);
    const acknowledged = await api.request('POST', `/incidents/${incident.id}/transitions`, {
      token,
      body: { to: 'acknowledged', note: 'Pradhan is visiting the family' },
      headers: { 'if-match': '"1"' },
    });
    expect(acknowledged.status).toBe(200);
    const refused = await api.request('POST', `/incidents/${incident.id}/transitions`, {
      token,
      body: { to: 'in_action' },
      headers: { 'if-match': required(acknowledged.headers.etag, 'an ETag') },
    });
    expect(refused.status).toBe(403);
    expect(refused.headers['content-type']).toContain('application/problem+json');
    expect(refused.body.detail).toContain('a community member may acknowledge and add notes');
    const note = await api.request('POST', `/incidents/${incident.id}/notes`, { token, body: { note: 'The family agreed to wait' } });
    expect(note.status).toBe(201);
    await pump.drain();
  });

  test('at the deadline the block officer is still told, with the truthful text, and the panchayat hears officials were brought in', async () => {
    const from = consoleLines.length;
    const read = await api.request('GET', `/incidents/${incident.id}`, { token: await coordinatorToken() });
    await runEscalations(table.stores(), new Date(Date.parse(read.body.ackDueAt) + 1000));
    await pump.drain();
    const told = linesAbout(incident.shortCode, from);
    const toBlock = required(
      told.find((line) => line.includes('block')),
      'an SMS to the block officer',
    );
    expect(toBlock).toContain('Panchayat acknowledged; official action needed');
    expect(toBlock).not.toContain('not acknowledged in time');
    expect(told.some((line) => line.includes('panchayat'))).toBe(true);
  });
});

test('a sexual-abuse report in a village with no police contact tells the coordinators which kind is missing', async () => {
  const from = consoleLines.length;
  // Reported by the coordinator: the seeded volunteer works in Hingalganj only.
  const incident = await report(
    { category: 'sexual_abuse', villageId: OTHER_VILLAGE, description: 'Abuse by a neighbour' },
    await coordinatorToken(),
  );
  const gaps = linesAbout(incident.shortCode, from).filter((line) => line.includes('no ') && line.includes('contact to alert'));
  expect(gaps.some((line) => line.includes('Police'))).toBe(true);
  expect(gaps.some((line) => line.includes('SJPU'))).toBe(true);
  const read = await api.request('GET', `/incidents/${incident.id}`, { token: await coordinatorToken() });
  expect(read.body.coverageGaps).toEqual(['police', 'sjpu']);
  const coverage = await api.request('GET', `/villages/${OTHER_VILLAGE}/coverage`, { token: await coordinatorToken() });
  expect(coverage.body.categories.find((row: { category: string }) => row.category === 'sexual_abuse').missing).toEqual(
    expect.arrayContaining(['police', 'sjpu']),
  );
});

test('the police officer records the FIR number on the duty', async () => {
  const incident = await report({ category: 'sexual_abuse', description: 'Abuse by a relative' });
  const token = await tokenOf(programme.police);
  const done = await api.request('POST', `/incidents/${incident.id}/duties/police_report`, {
    token,
    body: { reference: 'Hingalganj PS FIR 214/2026' },
    headers: { 'if-match': '"1"' },
  });
  expect(done.status).toBe(200);
  expect(done.body.duties.find((duty: { id: string }) => duty.id === 'police_report')).toMatchObject({
    reference: 'Hingalganj PS FIR 214/2026',
    doneBy: { role: 'duty_bearer', contactId: programme.police.id },
  });
  const again = await api.request('POST', `/incidents/${incident.id}/duties/police_report`, {
    token,
    body: { reference: 'FIR 215/2026' },
    headers: { 'if-match': required(done.headers.etag, 'an ETag') },
  });
  expect(again.status).toBe(409);
  const none = await api.request('POST', `/incidents/${incident.id}/duties/cmpo_informed`, {
    token,
    body: { reference: 'x' },
    headers: { 'if-match': required(done.headers.etag, 'an ETag') },
  });
  expect(none.status).toBe(404);
  for (const line of consoleLines) expect(line).not.toMatch(/Rina|neighbour|relative|FIR 214/);
});
