import { describe, expect, test } from '@jest/globals';
import {
  applyEscalationEvent,
  dueEscalationEvent,
  ESCALATION_ACTOR,
  nextDueAt,
  type ReachableByKind,
} from '../../functions/domain/escalation.js';
import { planNotices } from '../../functions/domain/notification-plan.js';
import type { Incident } from '../../functions/domain/schemas.js';
import type { ContactKind } from '../../functions/domain/vocabulary.js';
import { anIncident, coordinator, newId, volunteer } from '../support/fixtures.js';

const reportedAt = '2026-11-28T10:00:00.000Z';
const at = (iso: string) => new Date(iso);
const childMarriage = (overrides: Partial<Incident> = {}) =>
  anIncident({ category: 'child_marriage', severity: 'high', reportedAt, ackDueAt: '2026-11-28T14:00:00.000Z', ...overrides });
/** The active, reachable contacts of each kind in the village. */
const reachable = (byKind: Partial<Record<ContactKind, string[]>> = {}): ReachableByKind =>
  new Map(Object.entries(byKind) as [ContactKind, string[]][]);
/** Somebody reachable of every kind asked for. */
const everyoneReachable: ReachableByKind = new Map(
  (['block', 'police', 'dcpu', 'cwc', 'labour', 'sjpu'] as const).map((kind) => [kind, [newId()]]),
);

describe('the escalation ladder, one event at a time', () => {
  test('nothing is due before the deadline', () => {
    expect(dueEscalationEvent(childMarriage(), at('2026-11-28T13:59:59.999Z'))).toBeUndefined();
  });

  test('past the deadline each step of the ladder comes in turn, then the ladder is exhausted once', () => {
    // Prepare: child marriage's ladder is [block] → [police] → [dcpu] (childline, a voice line, is on none).
    let incident = childMarriage();
    const steps: unknown[] = [];
    let now = at('2026-11-28T14:00:00.000Z');
    // Act: run the job at each deadline.
    for (let run = 0; run < 5; run++) {
      const event = dueEscalationEvent(incident, now);
      steps.push(event);
      if (event) incident = applyEscalationEvent(incident, event, everyoneReachable, now).next;
      now = new Date(Date.parse(incident.ackDueAt));
    }
    // Assess
    expect(steps).toEqual([
      { kind: 'escalate', step: 1, kinds: ['block'] },
      { kind: 'escalate', step: 2, kinds: ['police'] },
      { kind: 'escalate', step: 3, kinds: ['dcpu'] },
      { kind: 'exhaust' },
      undefined,
    ]);
    expect(incident.ladderExhaustedAt).toBeDefined();
    expect(nextDueAt(incident)).toBeUndefined();
  });

  test('an escalation adds the step’s recipients to routedTo, moves the deadline one interval on and records the step', () => {
    const incident = childMarriage({ routedTo: ['A'] });
    const now = at('2026-11-28T14:05:00.000Z');
    const { next, history } = applyEscalationEvent(
      incident,
      { kind: 'escalate', step: 1, kinds: ['block'] },
      reachable({ block: ['B', 'A'] }),
      now,
    );
    expect(next).toMatchObject({
      routedTo: ['A', 'B'],
      escalationStep: 1,
      ackDueAt: '2026-11-28T18:05:00.000Z',
      version: incident.version + 1,
    });
    expect(next.alerts.at(-1)).toEqual({
      step: 'escalation_1',
      at: now.toISOString(),
      kinds: ['block'],
      contactIds: ['B', 'A'],
      missing: [],
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

  test('a community acknowledgement keeps a high ladder running; a statutory one stops it and only the reminder remains', () => {
    const byPanchayat = childMarriage({
      status: 'acknowledged',
      acknowledgements: [{ at: '2026-11-28T11:00:00.000Z', by: coordinator, kind: 'panchayat' }],
      inActionDueAt: '2026-12-01T11:00:00.000Z',
    });
    expect(dueEscalationEvent(byPanchayat, at('2026-11-28T14:00:00.000Z'))).toEqual({ kind: 'escalate', step: 1, kinds: ['block'] });

    // The police (statutory for a child marriage) acknowledge too: the workflow records that it stops the ladder.
    const policeAt = '2026-11-28T12:00:00.000Z';
    const byPolice: Incident = {
      ...byPanchayat,
      acknowledgements: [...byPanchayat.acknowledgements, { at: policeAt, by: coordinator, kind: 'police' }],
      ladderStoppedBy: { at: policeAt, kind: 'police' },
    };
    expect(dueEscalationEvent(byPolice, at('2026-11-28T14:00:00.000Z'))).toBeUndefined();
    const late = at('2026-12-01T11:00:00.000Z');
    expect(dueEscalationEvent(byPolice, late)).toEqual({ kind: 'remind' });
    const reminded = applyEscalationEvent(byPolice, { kind: 'remind' }, reachable(), late);
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

  test('an escalation step: every reachable contact of its step, even one the incident was already routed to', () => {
    const escalated: Incident = {
      ...reported,
      escalationStep: 1,
      routedTo: ['A', 'B', 'C'],
      alerts: [
        ...reported.alerts,
        { step: 'escalation_1', at: '2026-11-28T14:00:00.000Z', kinds: ['block'], contactIds: ['B', 'C'], missing: [] },
      ],
    };
    expect(planNotices(reported, escalated)).toEqual([
      { kind: 'escalation', step: 'escalation_1', contactIds: ['B', 'C'], toCoordinators: false },
    ]);
  });

  test('acknowledged and resolved: the coordinators and the reporter, never the reporter of a confidential incident', () => {
    const acknowledged: Incident = {
      ...reported,
      status: 'acknowledged',
      acknowledgements: [{ at: reportedAt, by: coordinator, kind: 'block', contactId: 'C' }],
    };
    expect(planNotices(reported, acknowledged)).toEqual([
      {
        kind: 'status_acknowledged',
        step: 'status_acknowledged',
        contactIds: [reporter.contactId],
        toCoordinators: true,
        aboutKind: 'block',
      },
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
      acknowledgements: [{ at: reportedAt, by: coordinator, kind: 'police', contactId: 'P' }],
    };
    expect(planNotices(acknowledged, { ...acknowledged, reminderSentAt: '2026-12-01T11:00:00.000Z' })).toEqual([
      { kind: 'reminder', step: 'reminder', contactIds: ['P'], toCoordinators: true },
    ]);
  });
});
