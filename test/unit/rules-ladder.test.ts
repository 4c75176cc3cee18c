// The ladder a community member cannot silence: for any sequence of actions by people who are not
// one of the category's statutory kinds, each rung's contacts are sent the escalation when its
// deadline passes, until the ladder is exhausted. Asserted on the notices the escalation plans.
import { describe, expect, test } from '@jest/globals';
import fc from 'fast-check';
import { type Caller, incidentView, viewerOf } from '../../functions/domain/access.js';
import { alertOf, applyEscalationEvent, dueEscalationEvent, nextDueAt, type ReachableByKind } from '../../functions/domain/escalation.js';
import { decideIncidentTransition, decideNote, ladderRunning } from '../../functions/domain/incident-workflow.js';
import { type Notice, planNotices } from '../../functions/domain/notification-plan.js';
import { ACK_WITHIN_MINUTES, addMinutes, deadline, planRouting, ROUTING_RULES } from '../../functions/domain/routing.js';
import type { Actor, Incident, IncidentTransitionRequest } from '../../functions/domain/schemas.js';
import { upgradeIncident } from '../../functions/domain/stored-incident.js';
import { type Category, CONTACT_KINDS, type ContactKind, isDutyBearerKind } from '../../functions/domain/vocabulary.js';
import { newId } from '../support/fixtures.js';

const REPORTED_AT = new Date('2026-12-01T06:00:00.000Z');
/** One reachable contact of every kind covering the village. */
const CONTACT_OF = new Map<ContactKind, string>(CONTACT_KINDS.map((kind) => [kind, newId()]));
const REACHABLE: ReachableByKind = new Map([...CONTACT_OF].map(([kind, id]) => [kind, [id]]));
const kindOf = (contactId: string) => [...CONTACT_OF].find(([, id]) => id === contactId)?.[0] ?? 'coordinator';
const contactsOf = (kinds: readonly ContactKind[]) => kinds.map((kind) => CONTACT_OF.get(kind));

function reported(category: Category, options: { medicalCareNeeded?: boolean; expectedBy?: string } = {}): Incident {
  const medicalCareNeeded = options.medicalCareNeeded ?? false;
  const plan = planRouting({ category, medicalCareNeeded, confidential: false, expectedBy: options.expectedBy, now: REPORTED_AT });
  const firstAlert = alertOf('first_alert', plan.routing.firstAlert, REACHABLE, REPORTED_AT);
  const severity = ROUTING_RULES[category].defaultSeverity;
  const at = REPORTED_AT.toISOString();
  return {
    id: newId(REPORTED_AT.getTime()),
    shortCode: 'HPCW8Y',
    villageId: 'v-hingalganj-1',
    category,
    severity,
    occurredAt: at,
    ...(options.expectedBy ? { expectedBy: options.expectedBy } : {}),
    child: { ageBand: '15-17', gender: 'girl' },
    description: 'A report',
    medicalCareNeeded,
    confidential: plan.confidential,
    status: 'reported',
    reportedAt: at,
    reportedBy: { sub: 'sub-volunteer', role: 'volunteer', contactId: CONTACT_OF.get('volunteer') ?? '' },
    routedTo: firstAlert.contactIds,
    routing: plan.routing,
    alerts: [firstAlert],
    escalationStep: 0,
    ackDueAt: deadline(REPORTED_AT, ACK_WITHIN_MINUTES[severity], options.expectedBy).toISOString(),
    acknowledgements: [],
    duties: [],
    version: 1,
    updatedAt: at,
  };
}

/** Runs the escalation job at `now` as the use case does: due events one at a time, each planning its notices. */
function runJob(incident: Incident, now: Date): { incident: Incident; notices: Notice[] } {
  let current = incident;
  const notices: Notice[] = [];
  for (let event = dueEscalationEvent(current, now); event; event = dueEscalationEvent(current, now)) {
    const { next, history } = applyEscalationEvent(current, event, REACHABLE, now);
    notices.push(...planNotices(current, next, history));
    current = next;
  }
  return { incident: current, notices };
}

type Act = { who: string; action: 'acknowledged' | 'in_action' | 'resolved' | 'note' };

/** Applies an action if the rules allow it; a refused one changes nothing (as the API's 403 or 409). */
function attempt(incident: Incident, act: Act, now: Date): Incident {
  const kind = kindOf(act.who);
  const actor: Actor =
    kind === 'coordinator'
      ? { sub: 'sub-coordinator', role: 'coordinator', contactId: act.who }
      : { sub: `sub-${kind}`, role: 'duty_bearer', contactId: act.who };
  if (act.action === 'note') {
    const noted = decideNote(incident, actor, 'Spoke to the family', now);
    return noted.ok ? noted.value.next : incident;
  }
  const request: IncidentTransitionRequest = {
    to: act.action,
    ...(act.action === 'resolved' ? { outcome: 'marriage_stopped' as const } : {}),
  };
  const decision = decideIncidentTransition({ incident, request, actor, actorContact: { id: act.who, kind }, now });
  return decision.ok ? decision.value.next : incident;
}

/** Categories whose ladders an official outside the statutory kinds, or a community kind, is routed to. */
const HIGH_OR_CRITICAL: { category: Category; medicalCareNeeded?: boolean }[] = [
  { category: 'child_marriage' },
  { category: 'sexual_abuse', medicalCareNeeded: true },
  { category: 'physical_abuse' },
  { category: 'child_labour' },
  { category: 'trafficking' },
];

describe('a high or critical ladder cannot be silenced', () => {
  test.each(HIGH_OR_CRITICAL)('$category: every rung is sent the escalation whatever the others do', ({ category, medicalCareNeeded }) => {
    const statutory: readonly ContactKind[] = ROUTING_RULES[category].statutory;
    const rungs = planRouting({ category, medicalCareNeeded: medicalCareNeeded ?? false, confidential: false, now: REPORTED_AT }).routing
      .ladder;
    const actions = fc.constantFrom<Act['action']>('acknowledged', 'in_action', 'resolved', 'note');
    // Before each rung's deadline, any number of actions by anyone routed who is not statutory.
    const between = fc.array(fc.record({ pick: fc.nat(), action: actions, minutes: fc.nat({ max: 29 }) }), { maxLength: 6 });
    fc.assert(
      fc.property(fc.array(between, { minLength: rungs.length + 1, maxLength: rungs.length + 1 }), (plan) => {
        let incident = reported(category, medicalCareNeeded ? { medicalCareNeeded } : {});
        for (const [rung, acts] of plan.entries()) {
          const others = [...incident.routedTo, CONTACT_OF.get('coordinator') ?? ''].filter((id) => !statutory.includes(kindOf(id)));
          const dueAt = new Date(incident.ackDueAt);
          for (const act of acts) {
            const at = addMinutes(dueAt, -1 - act.minutes);
            incident = attempt(
              incident,
              { who: others[act.pick % others.length] ?? '', action: act.action },
              at < REPORTED_AT ? REPORTED_AT : at,
            );
          }
          expect(ladderRunning(incident)).toBe(true);
          const { incident: after, notices } = runJob(incident, dueAt);
          const kinds = rungs[rung];
          if (kinds) {
            const escalation = notices.find((notice) => notice.kind === 'escalation');
            expect(escalation?.contactIds.sort()).toEqual(contactsOf(kinds).sort());
          } else {
            expect(notices.map((notice) => notice.kind)).toContain('ladder_exhausted');
          }
          incident = after;
        }
        expect(incident.ladderExhaustedAt).toBeDefined();
      }),
      { numRuns: 60, seed: 20261201 },
    );
  });

  test('a statutory kind acknowledging stops it; the panchayat acknowledging before does not', () => {
    let incident = reported('child_marriage');
    const panchayat = CONTACT_OF.get('panchayat') ?? '';
    incident = attempt(incident, { who: panchayat, action: 'acknowledged' }, addMinutes(REPORTED_AT, 5));
    expect(incident.status).toBe('acknowledged');
    expect(ladderRunning(incident)).toBe(true);
    const first = runJob(incident, new Date(incident.ackDueAt));
    expect(first.notices.find((notice) => notice.kind === 'escalation')?.contactIds).toEqual(contactsOf(['block']));
    // The panchayat hears that officials were brought in.
    expect(first.notices.find((notice) => notice.kind === 'officials_alerted')).toMatchObject({
      contactIds: [panchayat],
      aboutKind: 'block',
    });
    const block = CONTACT_OF.get('block') ?? '';
    incident = attempt(first.incident, { who: block, action: 'acknowledged' }, addMinutes(new Date(first.incident.ackDueAt), -10));
    expect(incident.acknowledgements.map((each) => each.kind)).toEqual(['panchayat', 'block']);
    expect(incident.ladderStoppedBy?.kind).toBe('block');
    expect(runJob(incident, addMinutes(REPORTED_AT, 48 * 60)).notices.filter((notice) => notice.kind === 'escalation')).toEqual([]);
  });

  test('a coordinator stops it only on behalf of a statutory kind', () => {
    const incident = reported('sexual_abuse');
    const coordinator: Actor = { sub: 'sub-coordinator', role: 'coordinator' };
    const own = decideIncidentTransition({ incident, request: { to: 'acknowledged' }, actor: coordinator, now: REPORTED_AT });
    expect(own.ok && ladderRunning(own.value.next)).toBe(true);
    const police = CONTACT_OF.get('police') ?? '';
    const onBehalf = decideIncidentTransition({
      incident,
      request: { to: 'acknowledged', onBehalfOf: police },
      actor: coordinator,
      onBehalfOf: { id: police, kind: 'police' },
      now: REPORTED_AT,
    });
    expect(onBehalf.ok && onBehalf.value.next.ladderStoppedBy).toEqual({ at: REPORTED_AT.toISOString(), kind: 'police' });
  });

  test('a community member may not move a high incident to in_action or resolved, and is told why', () => {
    const acknowledged = attempt(
      reported('child_marriage'),
      { who: CONTACT_OF.get('panchayat') ?? '', action: 'acknowledged' },
      REPORTED_AT,
    );
    const decision = decideIncidentTransition({
      incident: acknowledged,
      request: { to: 'in_action' },
      actor: { sub: 'sub-panchayat', role: 'duty_bearer', contactId: CONTACT_OF.get('panchayat') ?? '' },
      actorContact: { id: CONTACT_OF.get('panchayat') ?? '', kind: 'panchayat' },
      now: REPORTED_AT,
    });
    expect(decision).toEqual({
      ok: false,
      refusal: { kind: 'forbidden', message: expect.stringContaining('a community member may acknowledge and add notes') },
    });
  });

  test('a medium incident stops at any routed acknowledgement', () => {
    const incident = attempt(reported('neglect'), { who: CONTACT_OF.get('anganwadi') ?? '', action: 'acknowledged' }, REPORTED_AT);
    expect(ladderRunning(incident)).toBe(false);
  });
});

describe('truthful messages', () => {
  test('the first alert is not sent to the one who reported, nor an acknowledgement message to the acknowledger', () => {
    const incident = reported('child_marriage');
    const panchayat = CONTACT_OF.get('panchayat') ?? '';
    const actor: Actor = { sub: 'sub-panchayat', role: 'duty_bearer', contactId: panchayat };
    const decision = decideIncidentTransition({
      incident,
      request: { to: 'acknowledged' },
      actor,
      actorContact: { id: panchayat, kind: 'panchayat' },
      now: REPORTED_AT,
    });
    if (!decision.ok) throw new Error('refused');
    const [told] = planNotices(incident, decision.value.next, decision.value.history);
    expect(told).toMatchObject({ kind: 'status_acknowledged', toCoordinators: true, except: [panchayat], aboutKind: 'panchayat' });
  });

  test('a second acknowledger is recorded with its own message; the same one again is a conflict', () => {
    const vlcpc = CONTACT_OF.get('vlcpc') ?? '';
    const once = attempt(
      attempt(reported('child_marriage'), { who: CONTACT_OF.get('panchayat') ?? '', action: 'acknowledged' }, REPORTED_AT),
      { who: vlcpc, action: 'acknowledged' },
      REPORTED_AT,
    );
    expect(once.acknowledgements.map((each) => each.kind)).toEqual(['panchayat', 'vlcpc']);
    const again = decideIncidentTransition({
      incident: once,
      request: { to: 'acknowledged' },
      actor: { sub: 'sub-vlcpc', role: 'duty_bearer', contactId: vlcpc },
      actorContact: { id: vlcpc, kind: 'vlcpc' },
      now: REPORTED_AT,
    });
    expect(again.ok).toBe(false);
  });
});

describe('the harm date on the due index', () => {
  test('re-scored to critical by the job 72 hours before the harm, and told to police 24 hours before', () => {
    const expectedBy = addMinutes(REPORTED_AT, 5 * 24 * 60).toISOString();
    let incident = reported('child_marriage', { expectedBy });
    // The block officer acknowledged: the ladder is stopped, but the harm still has its own clock.
    const block = CONTACT_OF.get('block') ?? '';
    incident = { ...incident, routedTo: [...incident.routedTo, block] };
    incident = attempt(incident, { who: block, action: 'acknowledged' }, REPORTED_AT);
    expect(incident.severity).toBe('high');
    expect(nextDueAt(incident)).toBe(addMinutes(expectedBy, -72 * 60).toISOString());
    const rescored = runJob(incident, new Date(addMinutes(expectedBy, -72 * 60))).incident;
    expect(rescored.severity).toBe('critical');
    expect(rescored.inActionDueAt && rescored.inActionDueAt <= addMinutes(expectedBy, -12 * 60).toISOString()).toBe(true);
    const preHarm = runJob(rescored, new Date(addMinutes(expectedBy, -24 * 60)));
    const told = preHarm.notices.find((notice) => notice.kind === 'pre_harm');
    // cmpo was in the first alert: only the police are told now.
    expect(told?.contactIds).toEqual(contactsOf(['police']));
    const followUp = runJob(preHarm.incident, new Date(addMinutes(expectedBy, 24 * 60)));
    expect(followUp.notices.map((notice) => notice.kind)).toContain('harm_follow_up');
  });

  test('no pre-harm alert once a statutory kind has it in_action', () => {
    const expectedBy = addMinutes(REPORTED_AT, 5 * 24 * 60).toISOString();
    const cmpo = CONTACT_OF.get('cmpo') ?? '';
    let incident = attempt(reported('child_marriage', { expectedBy }), { who: cmpo, action: 'acknowledged' }, REPORTED_AT);
    incident = attempt(incident, { who: cmpo, action: 'in_action' }, REPORTED_AT);
    const { notices } = runJob(incident, new Date(addMinutes(expectedBy, -23 * 60)));
    expect(notices.map((notice) => notice.kind)).not.toContain('pre_harm');
  });

  test('an empty rung is skipped at once, a partly covered one goes to those covered, and coordinators hear of each missing kind', () => {
    const incident = reported('child_labour');
    const reachable: ReachableByKind = new Map([...REACHABLE].filter(([kind]) => kind !== 'block' && kind !== 'dcpu'));
    const due = new Date(incident.ackDueAt);
    const event = dueEscalationEvent(incident, due);
    if (!event) throw new Error('nothing due');
    const { next, history } = applyEscalationEvent(incident, event, reachable, due);
    expect(history.event).toBe('escalated');
    expect(next.alerts.at(-1)).toMatchObject({ kinds: ['block', 'labour'], contactIds: contactsOf(['labour']), missing: ['block'] });
    const notices = planNotices(incident, next, history);
    expect(notices.map((notice) => [notice.kind, notice.aboutKind])).toEqual([
      ['escalation', undefined],
      ['coverage_gap', 'block'],
    ]);
    // The dcpu rung has nobody: skipped at once, and the cwc rung taken in the same run.
    const secondDue = new Date(next.ackDueAt);
    let current = next;
    const kinds: string[] = [];
    for (let step = dueEscalationEvent(current, secondDue); step; step = dueEscalationEvent(current, secondDue)) {
      const applied = applyEscalationEvent(current, step, reachable, secondDue);
      kinds.push(applied.history.event ?? '');
      current = applied.next;
      if (applied.history.event === 'escalated') break;
    }
    expect(kinds).toEqual(['step_skipped', 'escalated']);
    expect(current.alerts.at(-1)?.kinds).toEqual(['cwc']);
  });
});

describe('the first release’s incidents keep their routing', () => {
  test('an old child-marriage incident keeps its four-step ladder, whose childline step is never alerted', () => {
    const { routing: _routing, alerts: _alerts, acknowledgements: _acks, duties: _duties, ...old } = reported('child_marriage');
    const upgraded = upgradeIncident(old);
    expect(upgraded.routing.ladder).toEqual([['block'], ['police'], ['dcpu']]);
    expect(upgraded.acknowledgements).toEqual([]);
    expect(upgraded.duties).toEqual([]);
  });

  test('an old incident a panchayat acknowledged still climbs; one an official acknowledged has stopped', () => {
    const { routing: _r, alerts: _a, acknowledgements: _k, duties: _d, ...old } = reported('child_marriage');
    const byPanchayat = { at: REPORTED_AT.toISOString(), by: { sub: 's', role: 'duty_bearer' as const }, kind: 'panchayat' as const };
    expect(ladderRunning(upgradeIncident({ ...old, status: 'acknowledged', acknowledgement: byPanchayat }))).toBe(true);
    expect(ladderRunning(upgradeIncident({ ...old, status: 'acknowledged', acknowledgement: { ...byPanchayat, kind: 'police' } }))).toBe(
      false,
    );
  });
});

describe('views', () => {
  const caller = (role: Caller['role']): Caller => ({ sub: 's', role, villages: ['v-hingalganj-1'] });
  const acknowledged = attempt(
    { ...reported('child_marriage'), child: { ageBand: '15-17', gender: 'girl', name: 'Rina' }, location: 'ward 3' },
    { who: CONTACT_OF.get('panchayat') ?? '', action: 'acknowledged' },
    REPORTED_AT,
  );

  test('an official sees the name, the location and the acknowledgements, never the reporter', () => {
    const view = incidentView(viewerOf({ ...caller('duty_bearer'), kind: 'police' }), acknowledged);
    expect(view.child.name).toBe('Rina');
    expect(view.location).toBe('ward 3');
    expect(view.acknowledgements?.[0]).toEqual({
      at: REPORTED_AT.toISOString(),
      by: { role: 'duty_bearer', contactId: CONTACT_OF.get('panchayat') },
      contactId: CONTACT_OF.get('panchayat'),
      kind: 'panchayat',
    });
    expect(view.reportedBy).toBeUndefined();
  });

  test('a community kind sees the location but neither the name nor the reporter nor the acknowledgements', () => {
    const view = incidentView(viewerOf({ ...caller('duty_bearer'), kind: 'panchayat' }), acknowledged);
    expect(view.location).toBe('ward 3');
    expect(view.child.name).toBeUndefined();
    expect(view.reportedBy).toBeUndefined();
    expect(view.acknowledgements).toBeUndefined();
    expect(view.duties).toBeUndefined();
  });

  test('only the coordinator sees the routing, the alerts and the coverage gaps', () => {
    for (const kind of [undefined, 'police', 'panchayat'] as const) {
      const view = incidentView(viewerOf({ ...caller('duty_bearer'), ...(kind ? { kind } : {}) }), acknowledged);
      expect([view.routing, view.alerts, view.coverageGaps, view.possibleDuplicateOf]).toEqual([
        undefined,
        undefined,
        undefined,
        undefined,
      ]);
    }
    expect(incidentView('coordinator', acknowledged).coverageGaps).toEqual([]);
    expect(isDutyBearerKind('smc')).toBe(true);
  });
});
