import { describe, expect, test } from '@jest/globals';
import { nextDueAt } from '../../functions/domain/escalation.js';
import { decideIncidentTransition, ladderRunning } from '../../functions/domain/incident-workflow.js';
import type { Actor, Incident, IncidentTransitionRequest } from '../../functions/domain/schemas.js';
import { type ContactKind, INCIDENT_STATUSES, type IncidentStatus } from '../../functions/domain/vocabulary.js';
import { anIncident, coordinator, dutyBearer, newId, volunteer } from '../support/fixtures.js';

const now = new Date('2026-11-28T12:00:00.000Z');
const routedContact = newId();
const routedDutyBearer = dutyBearer(routedContact);

/**
 * Written out literally (not derived from the implementation) so a typo in the rules fails here.
 * Acknowledging is open in acknowledged and in_action too: every acknowledger is recorded.
 */
const ALLOWED: Record<IncidentStatus, Partial<Record<IncidentStatus, 'coordinator' | 'responder'>>> = {
  reported: { acknowledged: 'responder', duplicate: 'coordinator', unverified: 'coordinator' },
  acknowledged: { acknowledged: 'responder', in_action: 'responder', duplicate: 'coordinator', unverified: 'coordinator' },
  in_action: { acknowledged: 'responder', resolved: 'responder' },
  resolved: { closed: 'coordinator', in_action: 'coordinator' },
  closed: { in_action: 'coordinator' },
  duplicate: {},
  unverified: {},
};

/** The least a valid request to `to` must carry. */
function requestTo(to: IncidentStatus): IncidentTransitionRequest {
  if (to === 'resolved') return { to, outcome: 'marriage_stopped' };
  if (to === 'duplicate') return { to, duplicateOf: newId() };
  return { to };
}

const actors: [string, Actor, 'coordinator' | 'responder' | 'nobody'][] = [
  ['coordinator', coordinator, 'coordinator'],
  ['routed duty bearer', routedDutyBearer, 'responder'],
  ['duty bearer not routed', dutyBearer(), 'nobody'],
  ['volunteer who reported it', volunteer(), 'nobody'],
  ['funder', { sub: 'sub-funder', role: 'funder' }, 'nobody'],
];

const stoppedPast = (status: IncidentStatus) =>
  status === 'reported' ? {} : { ladderStoppedBy: { at: now.toISOString(), kind: 'police' as const } };

const everyMove = INCIDENT_STATUSES.flatMap((from) => INCIDENT_STATUSES.map((to) => [from, to] as const));

describe.each(actors)('%s', (_name, actor, standing) => {
  test.each(everyMove)('%s → %s', (from, to) => {
    // Prepare
    // Past reported, someone who counts has acted: the ladder no longer holds resolving back.
    const incident = anIncident({ status: from, routedTo: [routedContact], ...stoppedPast(from) });
    // Act
    const decision = decideIncidentTransition({
      incident,
      request: requestTo(to),
      actor,
      ...(actor.contactId ? { actorContact: { id: actor.contactId, kind: 'police' as const } } : {}),
      now,
    });
    // Assess
    const mover = ALLOWED[from][to];
    if (!mover) {
      expect(decision).toEqual({ ok: false, refusal: expect.objectContaining({ kind: 'conflict' }) });
    } else if (standing === 'coordinator' || (standing === 'responder' && mover === 'responder')) {
      expect(decision.ok).toBe(true);
      if (!decision.ok) return;
      // Acknowledging a case past reported records the acknowledger and keeps its status.
      const status = to === 'acknowledged' && from !== 'reported' ? from : to;
      expect(decision.value.next).toMatchObject({ status, version: incident.version + 1, updatedAt: now.toISOString() });
      expect(decision.value.history).toMatchObject({
        entityId: incident.id,
        from,
        to: status,
        by: actor,
        version: 2,
        at: now.toISOString(),
      });
    } else {
      expect(decision).toEqual({ ok: false, refusal: expect.objectContaining({ kind: 'forbidden' }) });
    }
  });
});

describe('what each move requires and records', () => {
  const decide = (request: IncidentTransitionRequest, status: IncidentStatus = 'reported', actor: Actor = coordinator) =>
    decideIncidentTransition({ incident: anIncident({ status, routedTo: [routedContact], ...stoppedPast(status) }), request, actor, now });

  test('resolving needs an outcome, and records it', () => {
    expect(decide({ to: 'resolved' }, 'in_action')).toEqual({
      ok: false,
      refusal: { kind: 'invalid', path: 'outcome', message: expect.any(String) },
    });
    const resolved = decide({ to: 'resolved', outcome: 'child_rescued', note: 'with police' }, 'in_action');
    expect(resolved.ok && resolved.value.next.outcome).toBe('child_rescued');
    expect(resolved.ok && resolved.value.history).toMatchObject({ outcome: 'child_rescued', note: 'with police' });
  });

  test('an outcome is refused on any other move', () => {
    expect(decide({ to: 'acknowledged', outcome: 'other' })).toMatchObject({ ok: false, refusal: { path: 'outcome' } });
  });

  test('a duplicate needs duplicateOf naming another incident', () => {
    expect(decide({ to: 'duplicate' })).toMatchObject({ ok: false, refusal: { kind: 'invalid', path: 'duplicateOf' } });
    const incident = anIncident();
    const self = decideIncidentTransition({ incident, request: { to: 'duplicate', duplicateOf: incident.id }, actor: coordinator, now });
    expect(self).toMatchObject({ ok: false, refusal: { path: 'duplicateOf' } });
    expect(decide({ to: 'unverified', duplicateOf: newId() })).toMatchObject({ ok: false, refusal: { path: 'duplicateOf' } });
  });

  test('acknowledging records the acknowledger and sets the in_action deadline from the severity', () => {
    const decision = decideIncidentTransition({
      incident: anIncident({ severity: 'critical', routedTo: [routedContact] }),
      request: { to: 'acknowledged' },
      actor: routedDutyBearer,
      actorContact: { id: routedContact, kind: 'police' },
      now,
    });
    expect(decision.ok && decision.value.next).toMatchObject({
      acknowledgements: [{ at: now.toISOString(), by: routedDutyBearer, contactId: routedContact, kind: 'police' }],
      inActionDueAt: '2026-11-29T12:00:00.000Z',
    });
  });

  test('a coordinator acknowledges on behalf of a routed contact, recorded in the history', () => {
    const decision = decideIncidentTransition({
      incident: anIncident({ routedTo: [routedContact] }),
      request: { to: 'acknowledged', onBehalfOf: routedContact, note: 'reached by phone' },
      actor: coordinator,
      onBehalfOf: { id: routedContact, kind: 'panchayat' },
      now,
    });
    expect(decision.ok && decision.value.next.acknowledgements[0]).toMatchObject({
      contactId: routedContact,
      kind: 'panchayat',
      by: coordinator,
    });
    expect(decision.ok && decision.value.history).toMatchObject({ onBehalfOf: routedContact, by: coordinator });
  });

  test('on behalf of a contact the incident was not routed to is refused', () => {
    const other = newId();
    const decision = decideIncidentTransition({
      incident: anIncident({ routedTo: [routedContact] }),
      request: { to: 'acknowledged', onBehalfOf: other },
      actor: coordinator,
      onBehalfOf: { id: other, kind: 'police' },
      now,
    });
    expect(decision).toMatchObject({ ok: false, refusal: { kind: 'invalid', path: 'onBehalfOf' } });
  });

  test('only a coordinator may act on behalf of someone', () => {
    expect(decide({ to: 'acknowledged', onBehalfOf: routedContact }, 'reported', routedDutyBearer)).toMatchObject({
      ok: false,
      refusal: { kind: 'forbidden' },
    });
  });

  test('a reopen clears the outcome; the history keeps it', () => {
    const incident = anIncident({ status: 'resolved', outcome: 'marriage_stopped' });
    const decision = decideIncidentTransition({
      incident,
      request: { to: 'in_action', note: 'marriage rescheduled' },
      actor: coordinator,
      now,
    });
    expect(decision.ok && decision.value.next.outcome).toBeUndefined();
    expect(decision.ok && decision.value.history).toMatchObject({ from: 'resolved', to: 'in_action' });
  });
});

describe('escalation bookkeeping', () => {
  /** A routed contact of this kind acknowledges a reported high child marriage. */
  const acknowledgedBy = (kind: ContactKind): Incident => {
    const decision = decideIncidentTransition({
      incident: anIncident({ severity: 'high', routedTo: [routedContact] }),
      request: { to: 'acknowledged' },
      actor: routedDutyBearer,
      actorContact: { id: routedContact, kind },
      now,
    });
    if (!decision.ok) throw new Error(decision.refusal.message);
    return decision.value.next;
  };

  test('the ladder runs while reported, and after a community acknowledgement of a high incident', () => {
    const reported = anIncident({ severity: 'high' });
    expect(ladderRunning(reported)).toBe(true);
    expect(nextDueAt(reported)).toBe(reported.ackDueAt);
    const byPanchayat = acknowledgedBy('panchayat');
    expect(byPanchayat.ladderStoppedBy).toBeUndefined();
    expect(ladderRunning(byPanchayat)).toBe(true);
    expect(nextDueAt(byPanchayat)).toBe(byPanchayat.ackDueAt);
  });

  test('a statutory kind’s acknowledgement stops the ladder; the in_action deadline is next', () => {
    const byPolice = acknowledgedBy('police');
    expect(byPolice.ladderStoppedBy).toEqual({ at: now.toISOString(), kind: 'police' });
    expect(ladderRunning(byPolice)).toBe(false);
    expect(nextDueAt(byPolice)).toBe('2026-12-01T12:00:00.000Z');
  });

  test('an official who is not statutory for the category (health for a child marriage) does not stop a high ladder', () => {
    const byHealth = acknowledgedBy('health');
    expect(ladderRunning(byHealth)).toBe(true);
    expect(nextDueAt(byHealth)).toBe(byHealth.ackDueAt);
  });

  test('in_action without a statutory kind’s action keeps the ladder running', () => {
    const inAction = anIncident({ severity: 'high', status: 'in_action', inActionBy: 'coordinator' });
    expect(ladderRunning(inAction)).toBe(true);
    expect(nextDueAt(inAction)).toBe(inAction.ackDueAt);
  });

  test('nothing is due once a statutory kind has it in action, or the incident is finished', () => {
    const stopped = { ladderStoppedBy: { at: now.toISOString(), kind: 'police' as const }, inActionBy: 'police' as const };
    expect(nextDueAt(anIncident({ status: 'in_action', ...stopped }))).toBeUndefined();
    for (const status of ['resolved', 'closed', 'duplicate', 'unverified'] as const) {
      expect(nextDueAt(anIncident({ status }))).toBeUndefined();
    }
  });
});
