import { describe, expect, test } from '@jest/globals';
import { decideLinkageTransition } from '../../functions/domain/linkage-workflow.js';
import type { Actor, LinkageTransitionRequest } from '../../functions/domain/schemas.js';
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

describe('requirements', () => {
  test('a referral needs consent given', () => {
    const linkage = aLinkage({ consent: { given: false, by: 'guardian', recordedAt: now.toISOString() } });
    expect(decideLinkageTransition(linkage, { to: 'referred' }, coordinator, now)).toMatchObject({
      ok: false,
      refusal: { kind: 'conflict', message: expect.stringContaining('consent') },
    });
  });

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
