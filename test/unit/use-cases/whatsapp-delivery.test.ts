// Alerts by WhatsApp with SMS failover, under simulated time, on memory stores: a contact who opted in
// is sent WhatsApp first; a message not delivered in 15 minutes (5 when critical), or failed, goes by
// SMS, driven by the sweeper or by the status itself; a contact reached on neither channel is reported
// to the coordinators, and a coordinator to the other coordinators.
import { beforeEach, describe, expect, test } from '@jest/globals';
import type { Contact } from '../../../functions/domain/schemas.js';
import type { WhatsAppStatus } from '../../../functions/domain/whatsapp/delivery-status.js';
import { reportIncident } from '../../../functions/use-cases/incidents.js';
import type { NotifierDependencies } from '../../../functions/use-cases/notify.js';
import { recordSmsReceipt, recordWhatsAppStatus } from '../../../functions/use-cases/receipts.js';
import { runSweep } from '../../../functions/use-cases/sweep.js';
import { aContact, OPTED_OUT } from '../../support/fixtures.js';
import { FIXED_NOW } from '../../support/memory.js';
import { createdRecord } from '../../support/outcomes.js';
import { recordingSms } from '../../support/recording-sms.js';
import { recordingWhatsApp } from '../../support/recording-whatsapp.js';
import { aReport, changeContact, optInToWhatsApp, programmeWorld, type World, worldNotifier } from '../../support/use-case-world.js';

let world: World;
let sms: ReturnType<typeof recordingSms>;
let whatsapp: ReturnType<typeof recordingWhatsApp>;
let deps: NotifierDependencies;

const minutes = (count: number) => new Date(FIXED_NOW.getTime() + count * 60_000);

beforeEach(async () => {
  world = await programmeWorld();
  sms = recordingSms();
  whatsapp = recordingWhatsApp();
  deps = worldNotifier(world, { sms, whatsapp });
  await optInToWhatsApp(world, world.programme.panchayat);
});

/** The programme's report (a high child marriage) and its first alert, delivered as the sweeper first would. */
async function reported(overrides: Parameters<typeof aReport>[0] = {}) {
  const incident = createdRecord(await reportIncident(world.deps, world.callers.coordinator, aReport(overrides)));
  world.deps.setNow(minutes(1));
  await runSweep(deps, minutes(1));
  return incident;
}

const smsTo = (contact: Contact) => sms.sent.filter((message) => message.contactId === contact.id);
const whatsAppTo = (contact: Contact) => whatsapp.sent.filter((message) => message.to === contact.phone);
const status = (messageId: string, state: WhatsAppStatus['status'], at: Date, errorCode?: number): WhatsAppStatus => ({
  messageId,
  metaMessageId: `wamid.${messageId}`,
  status: state,
  at: at.toISOString(),
  ...(errorCode ? { errorCode } : {}),
});

async function sweepAt(count: number) {
  world.deps.setNow(minutes(count));
  return runSweep(deps, minutes(count));
}

describe('a contact who opted in to WhatsApp', () => {
  test('is sent the WhatsApp template with its Acknowledge button, and no SMS while it may still be delivered', async () => {
    // Act
    await reported();

    // Assess
    const [alert, ...more] = whatsAppTo(world.programme.panchayat);
    expect(more).toEqual([]);
    expect(alert?.message).toMatchObject({ type: 'template', template: { name: 'suraksha_first_alert_responder' } });
    expect(JSON.stringify(alert?.message)).toContain('"payload":"ack:token-');
    expect(smsTo(world.programme.panchayat)).toEqual([]);
    // Everyone else, who never opted in, is sent SMS as before.
    expect(smsTo(world.programme.vlcpc)).toHaveLength(1);
    expect(whatsAppTo(world.programme.vlcpc)).toEqual([]);
  });

  test('delivered in time: no SMS ever, and the notice is done at its failover time', async () => {
    // Prepare
    const incident = await reported();
    const [alert] = whatsAppTo(world.programme.panchayat);

    // Act
    await recordWhatsAppStatus(deps, status(alert?.messageId ?? '', 'delivered', minutes(2)));
    await recordWhatsAppStatus(deps, status(alert?.messageId ?? '', 'read', minutes(3)));
    const at16 = await sweepAt(16);

    // Assess
    expect(smsTo(world.programme.panchayat)).toEqual([]);
    expect(at16).toMatchObject({ examined: 1, delivered: 1 });
    expect(await world.deps.notifications.outstanding(incident.id)).toEqual([]);
    const record = await world.deps.notifications.get(incident.id, 'first_alert', world.programme.panchayat.id, 'whatsapp');
    expect(record).toMatchObject({
      channel: 'whatsapp',
      status: 'delivered',
      deliveredAt: minutes(2).toISOString(),
      readAt: minutes(3).toISOString(),
      providerMessageId: `wamid.${alert?.messageId}`,
    });
  });

  test('not delivered: nothing is sent before 15 minutes (high), and the SMS goes at the first sweep after', async () => {
    // Prepare
    await reported();

    // Act
    const at14 = await sweepAt(14);
    const smsBefore = smsTo(world.programme.panchayat).length;
    await sweepAt(16);

    // Assess: the notice waited, unread by the sweeps in between (postponed to its failover time).
    expect(at14.examined).toBe(0);
    expect(smsBefore).toBe(0);
    const [failover] = smsTo(world.programme.panchayat);
    expect(failover?.text).toMatch(/^সুরক্ষা [A-Z2-9]{6}: বাল্যবিবাহ, Hingalganj \(গুরুতর\)। ব্যবস্থা নিয়ে জানান: https:\/\/sk\.example\.in\/a\/token-/);
  });

  test('critical: the SMS goes after 5 minutes', async () => {
    // Prepare: the police take WhatsApp; a trafficking report is critical and alerts them first.
    await optInToWhatsApp(world, world.programme.police);
    await reported({ category: 'trafficking' });

    // Act
    await sweepAt(4);
    const before = smsTo(world.programme.police).length;
    await sweepAt(7);

    // Assess
    expect(whatsAppTo(world.programme.police)).toHaveLength(1);
    expect(before).toBe(0);
    expect(smsTo(world.programme.police)).toHaveLength(1);
  });

  test('a failed status sends the SMS at once, without waiting for the failover time', async () => {
    // Prepare
    const incident = await reported();
    const [alert] = whatsAppTo(world.programme.panchayat);

    // Act: WhatsApp says the number is not on WhatsApp (131026).
    world.deps.setNow(minutes(2));
    await recordWhatsAppStatus(deps, status(alert?.messageId ?? '', 'failed', minutes(2), 131026));

    // Assess
    expect(smsTo(world.programme.panchayat)).toHaveLength(1);
    const records = await world.deps.notifications.listForIncident(incident.id);
    const panchayats = records
      .filter((record) => record.contactId === world.programme.panchayat.id)
      .map(({ channel, status: state, reason }) => ({ channel, state, reason }));
    expect(panchayats).toEqual([
      { channel: 'sms', state: 'sent', reason: undefined },
      { channel: 'whatsapp', state: 'undelivered', reason: 'unreachable' },
    ]);
  });

  test('reached on neither channel: the coordinators are told, once, by their own channel', async () => {
    // Prepare: the coordinator takes WhatsApp; the panchayat's WhatsApp fails and its SMS is undelivered.
    await optInToWhatsApp(world, world.programme.coordinator);
    const incident = await reported();
    const [alert] = whatsAppTo(world.programme.panchayat);
    await recordWhatsAppStatus(deps, status(alert?.messageId ?? '', 'failed', minutes(2), 131026));
    // The recording port names the n-th SMS `sms-n`.
    const failover = sms.sent.findIndex((message) => message.contactId === world.programme.panchayat.id) + 1;

    // Act: the SMS receipt, twice (receipts can come again).
    const receipt = {
      notification: { messageId: `sms-${failover}` },
      delivery: { providerResponse: 'Phone is currently unreachable/unavailable' },
      status: 'FAILURE' as const,
    };
    await recordSmsReceipt(deps, receipt);
    await recordSmsReceipt(deps, receipt);

    // Assess
    const told = whatsAppTo(world.programme.coordinator).filter(({ preview }) => preview.includes('did not reach'));
    expect(told).toHaveLength(1);
    expect(told[0]?.preview).toMatch(/the alert about Child marriage in Hingalganj did not reach Panchayat\. Please phone them\./);
    // Stored, so that it goes by SMS too if the coordinator's WhatsApp is not delivered in time.
    const step = `delivery_failed_${world.programme.panchayat.id}`;
    expect((await world.deps.notifications.outstanding(incident.id)).map((notice) => notice.step)).toContain(step);
    expect(await world.deps.notifications.get(incident.id, step, world.programme.coordinator.id, 'whatsapp')).toMatchObject({
      status: 'sent',
    });
  });
});

describe('a coordinator reached on no channel', () => {
  test('is reported to the other coordinators, never to themself', async () => {
    // Prepare: a second coordinator; the first has opted out of SMS and never into WhatsApp.
    const second = aContact({ kind: 'coordinator', villages: [], name: 'Second coordinator', language: 'en', phone: '+919800000019' });
    await world.deps.directory.createContact(second);
    const first = world.programme.coordinator;
    await changeContact(world, first.id, OPTED_OUT);

    // Act
    await reported();

    // Assess
    const aboutFirst = sms.sent.filter((message) => message.text.includes('did not reach a coordinator'));
    expect(aboutFirst.map((message) => message.contactId)).toEqual([second.id]);
  });
});

describe('a contact who never opted in to WhatsApp', () => {
  test('is never sent a WhatsApp message, whatever happens', async () => {
    await reported();
    await sweepAt(30);
    expect(whatsapp.sent.filter((message) => message.to === world.programme.vlcpc.phone)).toEqual([]);
  });

  test('opting in after its SMS went out does not send the same alert again by WhatsApp', async () => {
    // Prepare: the first alert reached the VLCPC by SMS; the panchayat's WhatsApp keeps the notice open.
    await reported();
    await optInToWhatsApp(world, world.programme.vlcpc);

    // Act: the notice is delivered again at the panchayat's failover time.
    await sweepAt(16);

    // Assess
    expect(whatsAppTo(world.programme.vlcpc)).toEqual([]);
    expect(smsTo(world.programme.vlcpc)).toHaveLength(1);
  });
});
