// WhatsApp through the local stack: DynamoDB Local and its real stream, the pump invoking the notifier,
// both outboxes with their console lines and their simulated statuses (through the same WhatsApp events
// handler as in AWS), the sweeper and the escalation job. A volunteer reports by WhatsApp chat; the
// alerts go by WhatsApp to who opted in and by SMS to the rest; one who never gets the WhatsApp
// delivered gets the SMS at the failover time; the CMPO's button acknowledges, and the ladder stops.
// Set PRINT_SMS=1 to see the console lines of the run.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, test } from '@jest/globals';
import type { SNSEvent } from 'aws-lambda';
import { notifierDependencies } from '../../functions/alert-wiring.js';
import type { Contact } from '../../functions/domain/schemas.js';
import { DEFAULT_WHATSAPP_TEMPLATE_NAMES, LOCAL_DLT_TEMPLATE_IDS } from '../../functions/domain/sms/templates.js';
import { createNotifierHandler } from '../../functions/stream/notifier-handler.js';
import { createWhatsAppEventsHandler } from '../../functions/stream/whatsapp-events-handler.js';
import { runEscalations } from '../../functions/use-cases/escalate.js';
import { runSweep } from '../../functions/use-cases/sweep.js';
import { httpDependencies } from '../../functions/wiring.js';
import { SmsOutbox } from '../../local/sms-outbox.js';
import { type StreamPump, startStreamPump } from '../../local/stream-pump.js';
import { inboundEvent, type LocalInbound } from '../../local/whatsapp-events.js';
import { WhatsAppOutbox, type WhatsAppOutboxEntry } from '../../local/whatsapp-outbox.js';
import { createTestTable, type TestTable } from '../support/dynamodb.js';
import { aContact, ON_WHATSAPP } from '../support/fixtures.js';
import { lambdaContext } from '../support/lambda.js';
import { type Programme, seedProgramme, VILLAGE } from '../support/programme.js';
import { required } from '../support/required.js';

let table: TestTable;
let pump: StreamPump;
let programme: Programme;
let events: ReturnType<typeof createWhatsAppEventsHandler>;
let notifierDeps: ReturnType<typeof notifierDependencies>;
let whatsAppOutboxPath: string;
const consoleLines: string[] = [];
/** Statuses the WhatsApp outbox would send a second later, run when the test says. */
const pendingStatuses: (() => Promise<void>)[] = [];
const reporter = aContact({ kind: 'volunteer', name: 'Rupa Mondal', phone: '+919000000001', ...ON_WHATSAPP });
const cmpo = aContact({ kind: 'cmpo', name: 'CDPO Hingalganj', language: 'en', phone: '+919000000041', ...ON_WHATSAPP });
/** Opted in, but on a phone that never takes the WhatsApp message: the SMS comes at the failover time. */
const coordinator = aContact({
  kind: 'coordinator',
  villages: [],
  name: 'Mitali Ghosh',
  language: 'en',
  phone: '+919000000047',
  ...ON_WHATSAPP,
});

beforeAll(async () => {
  table = await createTestTable();
  programme = await seedProgramme(table.stores());
  // The programme's own coordinator stands aside: this one has WhatsApp.
  const { directory } = table.stores();
  const old = await directory.getContact(programme.coordinator.id);
  if (old) await directory.updateContact({ ...old, active: false, version: old.version + 1 }, old);
  for (const contact of [reporter, cmpo, coordinator]) await directory.createContact(contact);

  const outboxes = mkdtempSync(join(tmpdir(), 'suraksha-whatsapp-'));
  const log = (line: string) => consoleLines.push(line);
  whatsAppOutboxPath = join(outboxes, 'whatsapp-outbox.jsonl');
  const whatsapp = new WhatsAppOutbox(whatsAppOutboxPath, log, undefined, {
    handler: (event, context) => events(event, context),
    undelivered: ['0047'],
    schedule: (emit) => pendingStatuses.push(emit),
  });
  notifierDeps = notifierDependencies({
    stores: table.stores(),
    sms: new SmsOutbox(join(outboxes, 'sms-outbox.jsonl'), log),
    whatsapp: { sender: whatsapp, templateNames: DEFAULT_WHATSAPP_TEMPLATE_NAMES },
    ackBaseUrl: 'https://sk.example.in',
    dltTemplateIds: LOCAL_DLT_TEMPLATE_IDS,
  });
  events = createWhatsAppEventsHandler({
    notifier: notifierDeps,
    chat: { ...httpDependencies(table.stores()), whatsapp, coordinatorPhone: '+919000000047', privacyUrl: 'https://sk.example.in/privacy' },
  });
  pump = await startStreamPump({
    ...table.stream,
    handler: createNotifierHandler(notifierDeps),
    log: () => undefined,
  });
});
afterAll(async () => {
  if (process.env.PRINT_SMS) console.log(consoleLines.join('\n'));
  await pump.stop();
  await table.drop();
});

/** A WhatsApp message from a phone, as End User Messaging Social delivers it. */
const sendFrom = (contact: Contact, inbound: LocalInbound, at = new Date()) =>
  events(inboundEvent(required(contact.phone, 'a phone'), inbound, at) as SNSEvent, lambdaContext('whatsapp-events'));

async function deliverStatuses(): Promise<void> {
  while (pendingStatuses.length > 0) await pendingStatuses.shift()?.();
}

let shortCode = '';
let incidentId = '';

test('a volunteer reports a child marriage by WhatsApp chat, and gets its code and a line to forward', async () => {
  for (const inbound of [
    { text: 'নমস্কার' },
    { list: 'group:marriage' },
    { list: 'age:15-17' },
    { list: 'gender:girl' },
    { text: 'Marriage being arranged; the family says next week' },
    { button: 'medical:no' },
    { button: 'place:skip' },
    { button: 'confidential:no' },
    { button: 'expected:unknown' },
  ] satisfies LocalInbound[]) {
    expect((await sendFrom(reporter, inbound)).messages).toEqual({ continued: 1 });
  }
  expect((await sendFrom(reporter, { button: 'confirm:send' })).messages).toEqual({ reported: 1 });
  const line = required(
    consoleLines.find((each) => /রিপোর্ট হয়েছে: [A-Z2-9]{6}, ব্যবস্থা নেওয়া হচ্ছে।/.test(each)),
    'the group-safe line',
  );
  shortCode = required(/[A-Z2-9]{6}/.exec(line.split('রিপোর্ট হয়েছে: ')[1] ?? '')?.[0], 'a short code');
  const [incident] = (await table.stores().incidents.listInVillages([VILLAGE], {}, { limit: 1 })).items;
  incidentId = required(incident, 'the incident').id;
  expect(incident?.shortCode).toBe(shortCode);
});

test('the alerts go by WhatsApp to who opted in, and by SMS to everyone else', async () => {
  await pump.drain();
  await deliverStatuses();
  const about = consoleLines.filter((line) => line.includes(shortCode));
  expect(about).toEqual(
    expect.arrayContaining([
      expect.stringMatching(
        /^WA → cmpo …0041 \[template suraksha_first_alert_responder en\] Suraksha [A-Z2-9]{6}: Child marriage in Hingalganj \(high\)\. Please act, then tap Acknowledge\.$/,
      ),
      expect.stringMatching(/^WA → coordinator …0047 \[template suraksha_first_alert_informed en\]/),
      expect.stringMatching(/^SMS → panchayat …0012 \[2 segs\] সুরক্ষা/),
      expect.stringMatching(/^SMS → vlcpc …0013 /),
    ]),
  );
  expect(about.some((line) => line.includes('SMS → cmpo'))).toBe(false);
  expect(consoleLines).toContain('WA status: delivered …0041');
  expect(consoleLines).toContain('WA status: sent, never delivered …0047');
});

test('the coordinator, whose WhatsApp never arrives, gets the SMS at the failover time (15 minutes: high)', async () => {
  // The sweeper as the scheduler runs it: its clock at the run's instant.
  const sweepIn = (minutes: number) => {
    const at = new Date(Date.now() + minutes * 60_000);
    return runSweep({ ...notifierDeps, clock: () => at }, at);
  };
  const early = await sweepIn(10);
  expect(consoleLines.some((line) => line.startsWith('SMS → coordinator') && line.includes(shortCode))).toBe(false);
  await sweepIn(16);
  expect(early.examined).toBe(0);
  expect(consoleLines.filter((line) => line.startsWith('SMS → coordinator …0047') && line.includes(shortCode))).toHaveLength(1);
});

test('the CMPO taps Acknowledge: acknowledged as the CMPO, confirmed in English, and the ladder stops', async () => {
  // Act
  expect((await sendFrom(cmpo, { quickReply: lastAckPayloadTo(cmpo) })).messages).toEqual({ acknowledged: 1 });
  await pump.drain();

  // Assess
  expect(consoleLines).toContain(
    `WA → …0041 [text] Thank you: you confirmed alert ${shortCode} (Child marriage, Hingalganj). Please record what is done.`,
  );
  const incident = await table.stores().incidents.get(incidentId);
  expect(incident).toMatchObject({ status: 'acknowledged', ladderStoppedBy: { kind: 'cmpo' } });
  const at5h = await runEscalations(table.stores(), new Date(Date.now() + 5 * 3600_000));
  expect(at5h.applied).toEqual({});
  expect((await table.stores().incidents.get(incidentId))?.escalationStep).toBe(0);
});

/** The payload of the Acknowledge button of the last WhatsApp alert sent to this contact (the outbox file has it; the console line shows what the person reads). */
function lastAckPayloadTo(contact: Contact): string {
  const entries = readFileSync(whatsAppOutboxPath, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as WhatsAppOutboxEntry);
  const payloads = entries
    .filter((entry) => entry.to === contact.phone)
    .flatMap((entry) => (entry.message.type === 'template' ? entry.message.template.components : []))
    .flatMap((component) => (component.type === 'button' ? component.parameters.map(({ payload }) => payload) : []));
  return required(payloads.at(-1), 'an alert with an Acknowledge button');
}
