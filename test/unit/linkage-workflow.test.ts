import { describe, expect, test } from '@jest/globals';
import { decideConsentWithdrawal, decideLinkageTransition } from '../../functions/domain/linkage-workflow.js';
import { type Actor, type Linkage, LinkageInputSchema, type LinkageTransitionRequest } from '../../functions/domain/schemas.js';
import { upgradeLinkage } from '../../functions/domain/stored-linkage.js';
import { LINKAGE_STATUSES, type LinkageStatus } from '../../functions/domain/vocabulary.js';
import { aLinkage, coordinator, dutyBearer, newId, volunteer } from '../support/fixtures.js';

const now = new Date('2026-11-28T12:00:00.000Z');
const providerId = newId();

const ALLOWED: Record<LinkageStatus, Partial<Record<LinkageStatus, 'coordinator' | 'provider'>>> = {
  identified: { referred: 'coordinator', unable: 'coordinator' },
  referred: { in_progress: 'provider', unable: 'provider' },
  in_progress: { fulfilled: 'provider', unable: 'provider' },
  fulfilled: {},
  unable: {},
};

const actors: [string, Actor, 'coordinator' | 'provider' | 'nobody'][] = [
  ['coordinator', coordinator, 'coordinator'],
  ['provider duty bearer', dutyBearer(providerId), 'provider'],
  ['another duty bearer', dutyBearer(), 'nobody'],
  ['volunteer', volunteer(), 'nobody'],
];

const requestTo = (to: LinkageStatus): LinkageTransitionRequest => (to === 'unable' ? { to, reason: 'family moved away' } : { to });
const everyMove = LINKAGE_STATUSES.flatMap((from) => LINKAGE_STATUSES.map((to) => [from, to] as const));

describe.each(actors)('%s', (_name, actor, standing) => {
  test.each(everyMove)('%s → %s', (from, to) => {
    const linkage = aLinkage({ status: from, providerContactId: providerId });
    const decision = decideLinkageTransition(linkage, requestTo(to), actor, now);
    const mover = ALLOWED[from][to];
    if (!mover) {
      expect(decision).toMatchObject({ ok: false, refusal: { kind: 'conflict' } });
    } else if (standing === 'coordinator' || (standing === 'provider' && mover === 'provider')) {
      expect(decision.ok && decision.value.next).toMatchObject({ status: to, version: 2 });
      expect(decision.ok && decision.value.history).toMatchObject({ entity: 'linkage', from, to, version: 2 });
    } else {
      expect(decision).toMatchObject({ ok: false, refusal: { kind: 'forbidden' } });
    }
  });
});

describe('consent and assent: when a linkage may be referred', () => {
  const at = '2026-11-20T09:00:00.000Z';
  const guardian = (given: boolean) => ({ given, by: 'parent' as const, recordedAt: at });
  const assent = (given: boolean) => ({ given, recordedAt: at });
  const cwcOrder = { reference: 'CWC/N24P/2026/311', date: '2026-11-19' };
  const withdrawal = { at, by: 'guardian' as const, recordedBy: coordinator };
  // Age band (undefined: recorded by the first release, which did not ask), consent, whether a referral is made.
  const RULES: [string, Linkage['ageBand'], Linkage['consent'], boolean][] = [
    ['under 12, guardian consents', '6-11', { guardian: guardian(true) }, true],
    ['under 12, guardian refuses', '0-5', { guardian: guardian(false) }, false],
    ['under 12, a CWC order and no guardian', '6-11', { cwcOrder }, true],
    ['12-14, guardian consents and the child assents', '12-14', { guardian: guardian(true), childAssent: assent(true) }, true],
    ['12-14, guardian consents, no assent recorded', '12-14', { guardian: guardian(true) }, false],
    ['12-14, guardian consents, the child does not', '12-14', { guardian: guardian(true), childAssent: assent(false) }, false],
    ['15-17, the child assents, guardian refuses', '15-17', { guardian: guardian(false), childAssent: assent(true) }, false],
    ['15-17, a CWC order (the guardian accused)', '15-17', { cwcOrder, childAssent: assent(false) }, true],
    ['first release, a guardian consent', undefined, { guardian: guardian(true) }, true],
    ['first release, the child’s consent alone', undefined, { childAssent: assent(true) }, false],
    ['consent withdrawn', '6-11', { guardian: guardian(true), withdrawal }, false],
    ['a CWC order, then consent withdrawn', '12-14', { cwcOrder, withdrawal }, false],
  ];

  test.each(RULES)('%s: referred %s', (_case, ageBand, consent, referable) => {
    const { ageBand: _fixture, ...rest } = aLinkage({ consent });
    const linkage: Linkage = ageBand ? { ...rest, ageBand } : rest;
    const decision = decideLinkageTransition(linkage, { to: 'referred' }, coordinator, now);
    if (referable) expect(decision).toMatchObject({ ok: true, value: { next: { status: 'referred' } } });
    else expect(decision).toMatchObject({ ok: false, refusal: { kind: 'conflict', message: expect.stringMatching(/consent|assent/) } });
  });

  test.each([
    ['12-14 without the assent', { ageBand: '12-14', consent: { guardian: guardian(true) } }, ['consent.childAssent']],
    ['no guardian and no CWC order', { ageBand: '6-11', consent: { childAssent: assent(true) } }, ['consent.guardian']],
    ['15-17 with a CWC order alone', { ageBand: '15-17', consent: { cwcOrder } }, []],
    [
      'the first release’s consent',
      { ageBand: '6-11', consent: { given: true, by: 'guardian', recordedAt: at } },
      ['consent', 'consent.guardian'],
    ],
  ])('a new linkage: %s is refused at %j', (_case, fields, paths) => {
    const input = { villageId: 'v-hingalganj-1', childRef: 'HG-7', need: 'education', service: 'School readmission', ...fields };
    const result = LinkageInputSchema.safeParse(input);
    expect(result.error?.issues.map((issue) => issue.path.join('.')) ?? []).toEqual(paths);
  });

  test('a first-release consent is read as the guardian’s when the guardian gave it, and flagged when the child gave it alone', () => {
    const stored = (by: 'guardian' | 'child') => ({ ...aLinkage(), consent: { given: true, by, recordedAt: at } });
    const { ageBand: _none, ...firstRelease } = stored('guardian');
    expect(upgradeLinkage(firstRelease).consent).toEqual({ guardian: { given: true, by: 'guardian', recordedAt: at } });
    expect(upgradeLinkage(stored('child'))).toMatchObject({
      consent: { childAssent: { given: true, recordedAt: at } },
      consentToReview: 'given_by_child_alone',
    });
    expect(upgradeLinkage(stored('child')).consent.guardian).toBeUndefined();
  });
});

describe('consent withdrawn', () => {
  const recorder = volunteer();
  const providerId = newId();
  const under = (status: Linkage['status']) => aLinkage({ status, createdBy: recorder, providerContactId: providerId });

  test.each(['identified', 'referred', 'in_progress'] as const)('a linkage %s ends as unable, and its provider is to be told', (status) => {
    const decision = decideConsentWithdrawal(under(status), { by: 'guardian', note: 'The family asked us to stop' }, recorder, now);
    expect(decision.ok && decision.value).toMatchObject({
      next: {
        status: 'unable',
        reason: 'Consent withdrawn',
        consent: { withdrawal: { at: now.toISOString(), by: 'guardian', recordedBy: recorder } },
        providerToBeTold: { contactId: providerId, reason: 'consent_withdrawn', since: now.toISOString() },
        version: 2,
      },
      history: { event: 'consent_withdrawn', from: status, to: 'unable', withdrawnBy: 'guardian', note: 'The family asked us to stop' },
    });
  });

  test('a fulfilled linkage keeps its status; the withdrawal is recorded and its provider is to be told', () => {
    const decision = decideConsentWithdrawal(under('fulfilled'), { by: 'child' }, coordinator, now);
    expect(decision.ok && decision.value).toMatchObject({ next: { status: 'fulfilled', providerToBeTold: { contactId: providerId } } });
  });

  test('without a provider nobody is to be told', () => {
    const decision = decideConsentWithdrawal(aLinkage({ createdBy: recorder }), { by: 'guardian' }, coordinator, now);
    expect(decision.ok && decision.value && 'providerToBeTold' in decision.value.next).toBe(false);
  });

  test('only a coordinator or the volunteer who recorded it may; a second withdrawal changes nothing', () => {
    expect(decideConsentWithdrawal(under('referred'), { by: 'guardian' }, volunteer(), now)).toMatchObject({
      ok: false,
      refusal: { kind: 'forbidden' },
    });
    expect(decideConsentWithdrawal(under('referred'), { by: 'guardian' }, dutyBearer(providerId), now)).toMatchObject({ ok: false });
    const first = decideConsentWithdrawal(under('referred'), { by: 'guardian' }, coordinator, now);
    if (!first.ok || !first.value) throw new Error('the first withdrawal is recorded');
    expect(decideConsentWithdrawal(first.value.next, { by: 'guardian' }, coordinator, now)).toEqual({ ok: true, value: undefined });
  });
});

describe('requirements', () => {
  test('unable needs a reason; a reason is refused on other moves', () => {
    const linkage = aLinkage({ status: 'in_progress' });
    expect(decideLinkageTransition(linkage, { to: 'unable' }, coordinator, now)).toMatchObject({
      ok: false,
      refusal: { kind: 'invalid', path: 'reason' },
    });
    expect(decideLinkageTransition(linkage, { to: 'fulfilled', reason: 'x' }, coordinator, now)).toMatchObject({
      ok: false,
      refusal: { kind: 'invalid', path: 'reason' },
    });
    const unable = decideLinkageTransition(linkage, { to: 'unable', reason: 'no school seat' }, coordinator, now);
    expect(unable.ok && unable.value.next.reason).toBe('no school seat');
  });
});
