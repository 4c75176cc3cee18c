// The WhatsApp chat as people meet it, on memory stores: a report guided step by step in Bengali and in
// English (each step a row: what is sent, what comes back), every refusal, STOP, the Acknowledge button,
// and the promises around it: nothing typed is ever echoed, a redelivered message changes nothing, an
// idle chat is dropped with a message, and the report is the same as POST /incidents would make.
import { beforeEach, describe, expect, test } from '@jest/globals';
import { CHAT_TEXTS } from '../../../functions/domain/whatsapp/chat-texts.js';
import type { InboundContent } from '../../../functions/domain/whatsapp/events.js';
import { reportIncident } from '../../../functions/use-cases/incidents.js';
import { deliverNotice } from '../../../functions/use-cases/notify.js';
import { runSweep } from '../../../functions/use-cases/sweep.js';
import { handleInboundMessage, type InboundResult, type WhatsAppChatDependencies } from '../../../functions/use-cases/whatsapp-inbound.js';
import { createdRecord } from '../../support/outcomes.js';
import { OTHER_VILLAGE, VILLAGE } from '../../support/programme.js';
import { recordingSms } from '../../support/recording-sms.js';
import { recordingWhatsApp } from '../../support/recording-whatsapp.js';
import { aReport, changeContact, optInToWhatsApp, programmeWorld, type World, worldNotifier } from '../../support/use-case-world.js';

const COORDINATOR_LINE = '+919800000099';
const DESCRIPTION = 'Marriage being arranged for a 16 year old; the family says next Friday';
const PLACE = 'Behind the ferry ghat, ward 3';

let world: World;
let whatsapp: ReturnType<typeof recordingWhatsApp>;
let deps: WhatsAppChatDependencies;
let serial = 0;

beforeEach(async () => {
  world = await programmeWorld();
  whatsapp = recordingWhatsApp();
  deps = { ...world.deps, whatsapp, coordinatorPhone: COORDINATOR_LINE, privacyUrl: 'https://sk.example.in/privacy' };
  await optInToWhatsApp(world, world.programme.volunteer);
  await optInToWhatsApp(world, world.programme.coordinator);
});

/** Sends one message from a phone (a new message id each time unless given) and answers what came back. */
async function send(
  phone: string | undefined,
  content: InboundContent,
  id = `wamid.${++serial}`,
): Promise<{ result: InboundResult; replies: string[] }> {
  const before = whatsapp.sent.length;
  const result = await handleInboundMessage(deps, { id, from: phone ?? '', at: world.deps.clock().toISOString(), content });
  return { result, replies: whatsapp.sent.slice(before).map(({ preview }) => preview) };
}
const text = (body: string): InboundContent => ({ kind: 'text', text: body });
const tap = (id: string): InboundContent => ({ kind: 'choice', id });

type Step = [what: string, content: InboundContent, replies: (string | RegExp)[]];

/** Runs the steps in order; each reply must contain its string, or match its pattern, in order. */
async function converse(phone: string | undefined, steps: readonly Step[]): Promise<void> {
  for (const [what, content, expected] of steps) {
    const { replies } = await send(phone, content);
    expect({ what, replies }).toEqual({
      what,
      replies: expected.map((each) => (typeof each === 'string' ? expect.stringContaining(each) : expect.stringMatching(each))),
    });
  }
}

const bn = (id: keyof typeof CHAT_TEXTS) => CHAT_TEXTS[id].bn.split('{')[0] ?? '';
const en = (id: keyof typeof CHAT_TEXTS) => CHAT_TEXTS[id].en.split('{')[0] ?? '';

/** A volunteer's report in Bengali, from the first message to the confirmation. */
const BENGALI_REPORT: Step[] = [
  [
    'any first message: the welcome with the privacy notice, then the first list',
    text('নমস্কার'),
    [bn('welcome'), /^শিশুটির কী হচ্ছে\? \[group:marriage বাল্যবিবাহ \| group:abuse .*\]$/],
  ],
  [
    'a group of one category: her village is her only one, so the age comes next',
    tap('group:marriage'),
    [/^শিশুটির বয়স কত\? \[age:0-5 ০ থেকে ৫ বছর \|/],
  ],
  ['typing at a list: asked to choose, and the list again', text('sixteen'), [bn('useTheList'), /^শিশুটির বয়স কত\?/]],
  ['the age band', tap('age:15-17'), [/^শিশুটি মেয়ে না ছেলে\? \[gender:girl মেয়ে/]],
  ['the gender', tap('gender:girl'), [bn('askDescription')]],
  ['a tap where words are asked for', tap('gender:boy'), [bn('typeIt'), bn('askDescription')]],
  ['too long a description', text('ক'.repeat(2001)), [/^এটি 2000 অক্ষরের বেশি/, bn('askDescription')]],
  ['the description', text(DESCRIPTION), [/^শিশুটির কি এখনই চিকিৎসা দরকার\? \[medical:yes হ্যাঁ \| medical:no না\]$/]],
  ['medical care', tap('medical:no'), [/^কোথায় ঘটেছে.* \[place:skip বাদ দিন\]$/]],
  ['the place', text(PLACE), [/^বিষয়টি কি গোপন রাখতে হবে\?.* \[confidential:yes হ্যাঁ \| confidential:no না\]$/]],
  ['not confidential', tap('confidential:no'), [/^বিয়ে কবে ঠিক হয়েছে\?.* \[expected:unknown জানা নেই\]$/]],
  ['a date that does not exist', text('31/02'), [bn('badDate'), /^বিয়ে কবে ঠিক হয়েছে\?/]],
  ['the date, in Bengali digits', text('১২/১২'), [/^দেখে নিয়ে পাঠান:\n/]],
];

describe('a volunteer reports in Bengali, step by step', () => {
  const steps = BENGALI_REPORT;

  test.each(steps.map((step, index) => [index + 1, step[0], index] as const))('%i. %s', async (_n, _what, upTo) => {
    await converse(world.programme.volunteer.phone, steps.slice(0, upTo + 1));
  });

  test('the confirmation shows what was chosen, and of what was typed only that it was given', async () => {
    await converse(world.programme.volunteer.phone, steps);
    const confirmation = whatsapp.sent.at(-1)?.preview ?? '';
    expect(confirmation).toBe(
      [
        'দেখে নিয়ে পাঠান:',
        'বিষয়: বাল্যবিবাহ',
        'গ্রাম: Hingalganj',
        'বয়স: ১৫ থেকে ১৭ বছর',
        'শিশু: মেয়ে',
        `কী ঘটেছে: লেখা হয়েছে (${[...DESCRIPTION].length} অক্ষর)`,
        'চিকিৎসা দরকার: না',
        'স্থান: দেওয়া হয়েছে',
        'গোপন: না',
        'বিয়ের তারিখ: 12/12/2026 [confirm:send রিপোর্ট পাঠান | confirm:restart আবার শুরু | confirm:cancel বাতিল]',
      ].join('\n'),
    );
  });

  test('Send makes the report POST /incidents would, as the volunteer; the answer carries its code and a line to forward', async () => {
    // Prepare
    await converse(world.programme.volunteer.phone, steps);

    // Act
    const { result, replies } = await send(world.programme.volunteer.phone, tap('confirm:send'));

    // Assess
    expect(result).toBe('reported');
    const listed = await world.deps.incidents.listInVillages([VILLAGE], {}, { limit: 5 });
    const [incident] = listed.items;
    expect(incident).toMatchObject({
      villageId: VILLAGE,
      category: 'child_marriage',
      child: { ageBand: '15-17', gender: 'girl' },
      description: DESCRIPTION,
      location: PLACE,
      medicalCareNeeded: false,
      confidential: false,
      // The start of 12 December in India.
      expectedBy: '2026-12-11T18:30:00.000Z',
      reportedBy: { sub: `whatsapp:${world.programme.volunteer.id}`, role: 'volunteer', contactId: world.programme.volunteer.id },
    });
    expect(replies).toEqual([
      expect.stringContaining(`আপনার রিপোর্ট ${incident?.shortCode} `),
      `রিপোর্ট হয়েছে: ${incident?.shortCode}, ব্যবস্থা নেওয়া হচ্ছে।`,
    ]);
    // The conversation is gone with its draft.
    expect(await world.deps.conversations.get(world.programme.volunteer.id)).toBeUndefined();
  });

  test('nothing the volunteer typed is in any reply', async () => {
    await converse(world.programme.volunteer.phone, steps);
    await send(world.programme.volunteer.phone, tap('confirm:send'));
    const everything = JSON.stringify(whatsapp.sent);
    expect(everything).not.toContain(DESCRIPTION);
    expect(everything).not.toContain(PLACE);
    expect(everything).not.toContain('sixteen');
  });

  test('a redelivered Send makes one report, and answers nothing the second time', async () => {
    await converse(world.programme.volunteer.phone, steps);
    const first = await send(world.programme.volunteer.phone, tap('confirm:send'), 'wamid.send');
    const again = await send(world.programme.volunteer.phone, tap('confirm:send'), 'wamid.send');
    expect([first.result, again.result, again.replies]).toEqual(['reported', 'already_handled', []]);
    expect((await world.deps.incidents.listInVillages([VILLAGE], {}, { limit: 5 })).items).toHaveLength(1);
  });

  test('a redelivered step moves the chat once', async () => {
    await send(world.programme.volunteer.phone, text('hi'), 'wamid.hi');
    await send(world.programme.volunteer.phone, tap('group:abuse'), 'wamid.group');
    const again = await send(world.programme.volunteer.phone, tap('group:abuse'), 'wamid.group');
    expect(again).toEqual({ result: 'already_handled', replies: [] });
    expect((await world.deps.conversations.get(world.programme.volunteer.id))?.step).toBe('category');
  });
});

describe('the coordinator reports a sexual abuse in English', () => {
  test('chooses among the villages, is never asked about confidentiality, and gets a neutral answer with no line to forward', async () => {
    // Prepare
    const phone = world.programme.coordinator.phone;
    await converse(phone, [
      ['hello', text('Hello'), [en('welcome'), /^What is happening to the child\? \[group:marriage Child marriage/]],
      [
        'a group of several',
        tap('group:abuse'),
        [/^Which of these is closest\? \[category:sexual_abuse Sexual abuse \| category:physical_abuse/],
      ],
      [
        'the category',
        tap('category:sexual_abuse'),
        [/^In which village\? \[village:v-haroa-1 Haroa \| village:v-hingalganj-1 Hingalganj\]$/],
      ],
      ['a village that is not on the list', tap(`village:v-atlantis`), [en('useTheList'), /^In which village\?/]],
      ['the village', tap(`village:${OTHER_VILLAGE}`), [/^How old is the child\?/]],
      ['age', tap('age:6-11'), [/^Is the child a girl or a boy\?/]],
      ['gender', tap('gender:boy'), [en('askDescription')]],
      ['description', text('A neighbour saw it'), [/^Does the child need medical care now\?/]],
      ['medical', tap('medical:yes'), [/^Where did it happen/]],
      ['no place', tap('place:skip'), [/^Please check and send:\n(.|\n)*Confidential: Yes \[confirm:send Send report/]],
    ]);

    // Act
    const { result, replies } = await send(phone, tap('confirm:send'));

    // Assess
    expect(result).toBe('reported');
    expect(replies).toEqual([CHAT_TEXTS.reportedConfidential.en]);
    const [incident] = (await world.deps.incidents.listInVillages([OTHER_VILLAGE], {}, { limit: 5 })).items;
    expect(incident).toMatchObject({ category: 'sexual_abuse', confidential: true, medicalCareNeeded: true, severity: 'critical' });
    expect(incident?.location).toBeUndefined();
  });
});

describe('at the confirmation', () => {
  test('Start again begins anew; Cancel keeps nothing and says so', async () => {
    // Prepare
    const phone = world.programme.volunteer.phone;
    await converse(phone, BENGALI_REPORT);

    // Act
    const restarted = await send(phone, tap('confirm:restart'));
    await converse(phone, BENGALI_REPORT.slice(1));
    const cancelled = await send(phone, tap('confirm:cancel'));

    // Assess
    expect(restarted.replies).toEqual([expect.stringContaining(bn('welcome')), expect.stringMatching(/^শিশুটির কী হচ্ছে\?/)]);
    expect(cancelled).toEqual({ result: 'cancelled', replies: [CHAT_TEXTS.cancelled.bn] });
    expect(await world.deps.conversations.get(world.programme.volunteer.id)).toBeUndefined();
    expect((await world.deps.incidents.listInVillages([VILLAGE], {}, { limit: 5 })).items).toEqual([]);
  });
});

describe('refusals: polite, with the coordinator line, and nothing stored', () => {
  const refusedWithNothingStored = async (phone: string | undefined, content: InboundContent) => {
    const before = world.deps.table.items();
    const answer = await send(phone, content);
    expect(answer.result).toBe('refused');
    expect(world.deps.table.items()).toEqual(before);
    return answer.replies;
  };

  test('a number we do not know: Bengali first, then English, with the coordinator line and 112/1098', async () => {
    const [reply] = await refusedWithNothingStored('+919811112222', text('baby being sold'));
    expect(reply).toBe(
      `${CHAT_TEXTS.unknownNumber.bn.replace('{phone}', COORDINATOR_LINE)}\n\n${CHAT_TEXTS.unknownNumber.en.replace('{phone}', COORDINATOR_LINE)}`,
    );
  });

  test('a duty bearer writing to the number: this number takes volunteers’ reports, in their language', async () => {
    const replies = await refusedWithNothingStored(world.programme.panchayat.phone, text('hello'));
    expect(replies).toEqual([CHAT_TEXTS.unknownNumber.bn.replace('{phone}', COORDINATOR_LINE)]);
  });

  test('a volunteer who has not opted in: how to, with the coordinator line', async () => {
    await changeContact(world, world.programme.volunteer.id, { channels: { sms: { optIn: true }, whatsapp: { optIn: false } } });
    const replies = await refusedWithNothingStored(world.programme.volunteer.phone, text('hello'));
    expect(replies).toEqual([CHAT_TEXTS.notOptedIn.bn.replace('{phone}', COORDINATOR_LINE)]);
  });

  test('a photo is refused, saying why, and nothing of it is kept; the chat goes on where it was', async () => {
    const phone = world.programme.volunteer.phone;
    await send(phone, text('hi'));
    const before = world.deps.table.items();
    const answer = await send(phone, { kind: 'media' });
    expect(answer).toEqual({ result: 'refused', replies: [CHAT_TEXTS.noMedia.bn] });
    expect(world.deps.table.items()).toEqual(before);
  });
});

describe('STOP', () => {
  test.each(['STOP', ' stop ', 'বন্ধ'])('%j: WhatsApp off for the contact (dated), a chat under way dropped, confirmed', async (word) => {
    // Prepare
    const phone = world.programme.volunteer.phone;
    await send(phone, text('hi'));
    world.deps.setNow('2026-11-28T11:00:00.000Z');

    // Act
    const answer = await send(phone, text(word));

    // Assess
    expect(answer).toEqual({ result: 'opted_out', replies: [CHAT_TEXTS.stopped.bn] });
    const contact = await world.deps.directory.getContact(world.programme.volunteer.id);
    expect(contact?.channels.whatsapp).toMatchObject({ optIn: false, optOutAt: '2026-11-28T11:00:00.000Z', optInSource: 'written_form' });
    expect(await world.deps.conversations.get(world.programme.volunteer.id)).toBeUndefined();
  });

  test('from a number we do not know: nothing answered, nothing stored', async () => {
    const before = world.deps.table.items();
    expect(await send('+919811112222', text('STOP'))).toEqual({ result: 'ignored', replies: [] });
    expect(world.deps.table.items()).toEqual(before);
  });
});

describe('an idle chat', () => {
  test('is dropped by the sweeper after 30 minutes, the reporter told, the draft gone', async () => {
    // Prepare
    const phone = world.programme.volunteer.phone;
    await send(phone, text('hi'));
    await send(phone, tap('group:marriage'));

    // Act
    world.deps.setNow('2026-11-28T10:29:00.000Z');
    const early = await runSweep(notifierDeps(), new Date('2026-11-28T10:29:00.000Z'));
    world.deps.setNow('2026-11-28T10:31:00.000Z');
    const late = await runSweep(notifierDeps(), new Date('2026-11-28T10:31:00.000Z'));

    // Assess
    expect([early.chatsDropped, late.chatsDropped]).toEqual([0, 1]);
    expect(whatsapp.sent.at(-1)?.preview).toBe(CHAT_TEXTS.idleDropped.bn);
    expect(await world.deps.conversations.get(world.programme.volunteer.id)).toBeUndefined();
  });

  test('met by a message before the sweeper: dropped, said so, and a new chat begun', async () => {
    const phone = world.programme.volunteer.phone;
    await send(phone, text('hi'));
    world.deps.setNow('2026-11-28T10:45:00.000Z');
    const answer = await send(phone, tap('group:marriage'));
    expect(answer.replies[0]).toBe(CHAT_TEXTS.idleDropped.bn);
    expect(answer.replies[1]).toContain(bn('welcome'));
  });
});

describe('the Acknowledge button', () => {
  /** A child marriage alerted to the panchayat, who took WhatsApp: the payload its button carries. */
  async function alertedPanchayat(): Promise<{ incidentId: string; payload: string }> {
    await optInToWhatsApp(world, world.programme.panchayat);
    const incident = createdRecord(await reportIncident(world.deps, world.callers.volunteer, aReport()));
    for (const notice of await world.deps.notifications.outstanding(incident.id)) await deliverNotice(notifierDeps(), notice);
    const alert = whatsapp.sent.find((sent) => sent.to === world.programme.panchayat.phone && sent.message.type === 'template');
    const payload = JSON.stringify(alert?.message).match(/"payload":"(ack:[^"]+)"/)?.[1];
    if (!payload) throw new Error('the panchayat was sent the alert with its button');
    return { incidentId: incident.id, payload };
  }

  test('acknowledges as the contact it was sent to, confirmed in their language; a second tap changes nothing', async () => {
    // Prepare
    const { incidentId, payload } = await alertedPanchayat();

    // Act
    const first = await send(world.programme.panchayat.phone, { kind: 'quick_reply', payload });
    const second = await send(world.programme.panchayat.phone, { kind: 'quick_reply', payload });

    // Assess
    expect(first.result).toBe('acknowledged');
    expect(first.replies).toEqual([expect.stringMatching(/^ধন্যবাদ: আপনি সতর্কবার্তা [A-Z2-9]{6} \(বাল্যবিবাহ, Hingalganj\) নিশ্চিত করেছেন।/)]);
    expect(second.result).toBe('acknowledged');
    const incident = await world.deps.incidents.get(incidentId);
    expect(incident?.acknowledgements.map(({ contactId, kind }) => ({ contactId, kind }))).toEqual([
      { contactId: world.programme.panchayat.id, kind: 'panchayat' },
    ]);
    const history = await world.deps.incidents.history(incidentId);
    expect(history.at(-1)).toMatchObject({ to: 'acknowledged', note: 'Acknowledged with the WhatsApp button' });
  });

  test('refused the same way as the link once the contact is no longer active, and nothing changes', async () => {
    // Prepare
    const { incidentId, payload } = await alertedPanchayat();
    await changeContact(world, world.programme.panchayat.id, { active: false });

    // Act
    const answer = await send(world.programme.panchayat.phone, { kind: 'quick_reply', payload });

    // Assess: an inactive contact is no one we know on this number, so the answer is bilingual.
    expect(answer.result).toBe('refused');
    expect(answer.replies[0]).toContain(bn('ackNoLongerYours'));
    expect((await world.deps.incidents.get(incidentId))?.version).toBe(1);
  });

  test('from another phone than the one it was sent to, or once expired: refused as an expired alert', async () => {
    const { incidentId, payload } = await alertedPanchayat();
    const elsewhere = await send(world.programme.vlcpc.phone, { kind: 'quick_reply', payload });
    world.deps.setNow('2026-12-06T10:00:00.000Z');
    const expired = await send(world.programme.panchayat.phone, { kind: 'quick_reply', payload });
    expect([elsewhere.result, expired.result]).toEqual(['refused', 'refused']);
    expect([elsewhere.replies[0], expired.replies[0]]).toEqual([
      expect.stringContaining(bn('ackExpired')),
      expect.stringContaining(bn('ackExpired')),
    ]);
    expect((await world.deps.incidents.get(incidentId))?.version).toBe(1);
  });
});

const notifierDeps = () => worldNotifier(world, { sms: recordingSms(), whatsapp });
