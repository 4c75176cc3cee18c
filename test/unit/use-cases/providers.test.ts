// Consent withdrawn: the provider of the linkage is told by the sweeper, on every channel they take,
// with the child's code and the village only; once, and recorded on the linkage; or, when they cannot
// be told at all, the linkage says so for the coordinator to phone. On memory stores.
import { beforeEach, describe, expect, test } from '@jest/globals';
import type { SendResult } from '../../../functions/domain/ports.js';
import type { Linkage } from '../../../functions/domain/schemas.js';
import { createLinkage, withdrawConsent } from '../../../functions/use-cases/activities.js';
import type { NotifierDependencies } from '../../../functions/use-cases/notify.js';
import { runSweep } from '../../../functions/use-cases/sweep.js';
import { FIXED_NOW } from '../../support/memory.js';
import { createdRecord } from '../../support/outcomes.js';
import { VILLAGE } from '../../support/programme.js';
import { recordingSms } from '../../support/recording-sms.js';
import { recordingWhatsApp } from '../../support/recording-whatsapp.js';
import { changeContact, optInToWhatsApp, programmeWorld, type World, worldNotifier } from '../../support/use-case-world.js';

let world: World;
let sms: ReturnType<typeof recordingSms>;
let whatsapp: ReturnType<typeof recordingWhatsApp>;
let deps: NotifierDependencies;

beforeEach(async () => {
  world = await programmeWorld();
  sms = recordingSms();
  whatsapp = recordingWhatsApp();
  deps = worldNotifier(world, { sms, whatsapp });
});

/** A linkage the panchayat provides, whose consent the coordinator records withdrawn. */
async function withdrawn(): Promise<Linkage> {
  const linkage = createdRecord(
    await createLinkage(world.deps, world.callers.coordinator, {
      villageId: VILLAGE,
      childRef: 'HG-0042',
      ageBand: '6-11',
      need: 'documentation',
      service: 'Birth certificate from the Panchayat',
      providerContactId: world.programme.panchayat.id,
      consent: { guardian: { given: true, by: 'parent', recordedAt: '2026-11-20T09:00:00.000Z' } },
    }),
  );
  return withdrawConsent(world.deps, world.callers.coordinator, linkage.id, { by: 'guardian' });
}

const sweepAt = (minutes: number) => {
  const at = new Date(FIXED_NOW.getTime() + minutes * 60_000);
  world.deps.setNow(at);
  return runSweep(deps, at);
};

describe('the provider of a linkage whose consent was withdrawn', () => {
  test('is told at the next sweep, by WhatsApp and by SMS, with the child’s code and the village only; once', async () => {
    // Prepare: the panchayat takes WhatsApp too.
    await optInToWhatsApp(world, world.programme.panchayat);
    const linkage = await withdrawn();
    expect(linkage.providerToBeTold).toMatchObject({ contactId: world.programme.panchayat.id, reason: 'consent_withdrawn' });

    // Act
    const first = await sweepAt(1);
    const second = await sweepAt(2);

    // Assess
    expect([first.providersTold, second.providersTold]).toEqual([1, 0]);
    expect(sms.sent.map(({ contactId, text }) => ({ contactId, text }))).toEqual([
      {
        contactId: world.programme.panchayat.id,
        text: 'সুরক্ষা HG-0042: Hingalganj-এর পরিষেবা রেফারালের সম্মতি প্রত্যাহার হয়েছে। রেফারাল বন্ধ রাখুন; সমন্বয়ক জানাবেন।',
      },
    ]);
    expect(
      whatsapp.sent.map(({ to, message }) => ({ to, type: message.type, name: message.type === 'template' ? message.template.name : '' })),
    ).toEqual([{ to: world.programme.panchayat.phone, type: 'template', name: 'suraksha_consent_withdrawn' }]);
    expect(JSON.stringify([sms.sent, whatsapp.sent])).not.toMatch(/Birth certificate|documentation/);
    const stored = await world.deps.activities.getLinkage(linkage.id);
    expect(stored?.providerToBeTold).toBeUndefined();
    expect(stored?.providerTold).toEqual({ at: '2026-11-28T10:01:00.000Z', channels: ['whatsapp', 'sms'] });
    expect(stored?.version).toBe(linkage.version);
  });

  test('who is no longer active is not sent anything; the linkage says so, for the coordinator to phone', async () => {
    await changeContact(world, world.programme.panchayat.id, { active: false });
    const linkage = await withdrawn();
    await sweepAt(1);
    expect(sms.sent).toEqual([]);
    expect((await world.deps.activities.getLinkage(linkage.id))?.providerUnreachable).toEqual({
      at: '2026-11-28T10:01:00.000Z',
      reason: 'inactive',
    });
  });

  test('whose every send fails is tried again at the next sweep', async () => {
    // Prepare: SNS refuses once.
    const linkage = await withdrawn();
    let refusals = 1;
    deps = {
      ...deps,
      whatsapp: undefined,
      sms: {
        async send(message): Promise<SendResult> {
          if (refusals-- > 0) return { status: 'failed', reason: 'provider_error' };
          return sms.send(message);
        },
      },
    };

    // Act
    const first = await sweepAt(1);
    const second = await sweepAt(2);

    // Assess
    expect([first.providersTold, second.providersTold]).toEqual([0, 1]);
    expect(sms.sent).toHaveLength(1);
    expect((await world.deps.activities.getLinkage(linkage.id))?.providerTold?.channels).toEqual(['sms']);
  });
});
