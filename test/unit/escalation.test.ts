import { describe, expect, test } from '@jest/globals';
import { applyEscalationEvent, dueEscalationEvent, ESCALATION_ACTOR } from '../../functions/domain/escalation.js';
import { nextDueAt } from '../../functions/domain/incident-workflow.js';
import { planNotices } from '../../functions/domain/notification-plan.js';
import type { Incident } from '../../functions/domain/schemas.js';
import { anIncident, coordinator, newId, volunteer } from '../support/fixtures.js';
import { required } from '../support/required.js';

const reportedAt = '2026-11-28T10:00:00.000Z';
const at = (iso: string) => new Date(iso);
const childMarriage = (overrides: Partial<Incident> = {}) =>
  anIncident({ category: 'child_marriage', severity: 'high', reportedAt, ackDueAt: '2026-11-28T14:00:00.000Z', ...overrides });

describe('the escalation ladder, one event at a time', () => {
  test('nothing is due before the deadline', () => {
    expect(dueEscalationEvent(childMarriage(), at('2026-11-28T13:59:59.999Z'))).toBeUndefined();
  });

  test('past the deadline each step of the ladder comes in turn, then the ladder is exhausted once', () => {
    // Prepare: child marriage's ladder is [block] → [police] → [dcpu] → [childline].
    let incident = childMarriage();
    const steps: unknown[] = [];
    let now = at('2026-11-28T14:00:00.000Z');
    // Act: run the job at each deadline.
    for (let run = 0; run < 6; run++) {
      const event = dueEscalationEvent(incident, now);
      steps.push(event);
      if (event) incident = applyEscalationEvent(incident, event, [newId()], now).next;
      now = new Date(Date.parse(incident.ackDueAt));
    }
    // Assess
    expect(steps).toEqual([
      { kind: 'escalate', step: 1, kinds: ['block'] },
      { kind: 'escalate', step: 2, kinds: ['police'] },
      { kind: 'escalate', step: 3, kinds: ['dcpu'] },
      { kind: 'escalate', step: 4, kinds: ['childline'] },
      { kind: 'exhaust' },
      undefined,
    ]);
    expect(incident.ladderExhaustedAt).toBeDefined();
    expect(nextDueAt(incident)).toBeUndefined();
  });

  test('an escalation adds the step’s recipients to routedTo, moves the deadline one interval on and records the step', () => {
    const incident = childMarriage({ routedTo: ['A'] });
    const now = at('2026-11-28T14:05:00.000Z');
    const { next, history } = applyEscalationEvent(incident, { kind: 'escalate', step: 1, kinds: ['block'] }, ['B', 'A'], now);
    expect(next).toMatchObject({
      routedTo: ['A', 'B'],
      escalationStep: 1,
      ackDueAt: '2026-11-28T18:05:00.000Z',
      version: incident.version + 1,
    });
    expect(history).toMatchObject({
      event: 'escalated',
      step: 1,
      by: ESCALATION_ACTOR,
      from: 'reported',
      to: 'reported',
      version: next.version,
    });
  });

  test('a confidential incident’s ladder never reaches a community kind', () => {
    const incident = anIncident({ category: 'child_labour', confidential: true, severity: 'high', ackDueAt: '2026-11-28T14:00:00.000Z' });
    // child_labour: [block, labour] → [dcpu] → [cwc]: no community kind to drop, but the filter holds.
    expect(dueEscalationEvent(incident, at('2026-11-28T14:00:00.000Z'))).toEqual({ kind: 'escalate', step: 1, kinds: ['block', 'labour'] });
  });

  test('a community acknowledgement keeps a high ladder running; an official one stops it and only the reminder remains', () => {
    const byPanchayat = childMarriage({
      status: 'acknowledged',
      acknowledgement: { at: '2026-11-28T11:00:00.000Z', by: coordinator, kind: 'panchayat' },
      inActionDueAt: '2026-12-01T11:00:00.000Z',
    });
    expect(dueEscalationEvent(byPanchayat, at('2026-11-28T14:00:00.000Z'))).toEqual({ kind: 'escalate', step: 1, kinds: ['block'] });

    const byPolice = {
      ...byPanchayat,
      acknowledgement: { ...required(byPanchayat.acknowledgement, 'the acknowledgement'), kind: 'police' as const },
    };
    expect(dueEscalationEvent(byPolice, at('2026-11-28T14:00:00.000Z'))).toBeUndefined();
    const late = at('2026-12-01T11:00:00.000Z');
    expect(dueEscalationEvent(byPolice, late)).toEqual({ kind: 'remind' });
    const reminded = applyEscalationEvent(byPolice, { kind: 'remind' }, [], late);
    expect(reminded.next.reminderSentAt).toBe(late.toISOString());
    expect(reminded.history).toMatchObject({ event: 'reminder' });
    expect(dueEscalationEvent(reminded.next, at('2026-12-09T00:00:00.000Z'))).toBeUndefined();
  });
});

describe('which SMS a change calls for', () => {
  const reporter = volunteer();
  const reported = childMarriage({ routedTo: ['A', 'B'], reportedBy: reporter });

  test('a new incident: the first alert to everyone it was routed to', () => {
    expect(planNotices(undefined, reported)).toEqual([
      { kind: 'first_alert', step: 'first_alert', contactIds: ['A', 'B'], toCoordinators: false },
    ]);
  });

  test('an escalation step: only the recipients it added', () => {
    const escalated = { ...reported, escalationStep: 1, routedTo: ['A', 'B', 'C'] };
    expect(planNotices(reported, escalated)).toEqual([
      { kind: 'escalation', step: 'escalation_1', contactIds: ['C'], toCoordinators: false },
    ]);
  });

  test('acknowledged and resolved: the coordinators and the reporter, never the reporter of a confidential incident', () => {
    const acknowledged: Incident = {
      ...reported,
      status: 'acknowledged',
      acknowledgement: { at: reportedAt, by: coordinator, kind: 'block', contactId: 'C' },
    };
    expect(planNotices(reported, acknowledged)).toEqual([
      { kind: 'status_acknowledged', step: 'status_acknowledged', contactIds: [reporter.contactId], toCoordinators: true },
    ]);
    const confidential = { ...acknowledged, confidential: true };
    expect(planNotices({ ...reported, confidential: true }, confidential)[0]?.contactIds).toEqual([]);
    const resolved = { ...acknowledged, status: 'resolved' as const, outcome: 'marriage_stopped' as const };
    expect(planNotices({ ...acknowledged, status: 'in_action' }, resolved)[0]).toMatchObject({
      kind: 'status_resolved',
      toCoordinators: true,
    });
  });

  test('the ladder exhausted and the reminder: told once, when the flag first appears', () => {
    const exhausted = { ...reported, ladderExhaustedAt: '2026-11-29T00:00:00.000Z' };
    expect(planNotices(reported, exhausted)).toEqual([
      { kind: 'ladder_exhausted', step: 'ladder_exhausted', contactIds: [], toCoordinators: true },
    ]);
    expect(planNotices(exhausted, { ...exhausted, version: 9 })).toEqual([]);
    const acknowledged: Incident = {
      ...reported,
      status: 'acknowledged',
      acknowledgement: { at: reportedAt, by: coordinator, kind: 'police', contactId: 'P' },
    };
    expect(planNotices(acknowledged, { ...acknowledged, reminderSentAt: '2026-12-01T11:00:00.000Z' })).toEqual([
      { kind: 'reminder', step: 'reminder', contactIds: ['P'], toCoordinators: true },
    ]);
  });
});
