// The expected tables below are copied by hand from DOMAIN.md, not derived from ROUTING_RULES,
// so that a typo in the rules fails a test instead of being mirrored by it.

import {
  ACK_WITHIN_MINUTES,
  deadline,
  effectiveSeverity,
  IN_ACTION_WITHIN_MINUTES,
  isConfidential,
  mayAlert,
  planRouting,
  ROUTING_RULES,
  type RoutingInput,
  stopsLadder,
} from '../../functions/domain/routing.js';
import {
  CATEGORIES,
  type Category,
  CONTACT_KINDS,
  type ContactKind,
  type DutyBearerKind,
  SEVERITIES,
  type Severity,
} from '../../functions/domain/vocabulary.js';

interface ExpectedRouting {
  defaultSeverity: Severity;
  firstAlertKinds: ContactKind[];
  ladder: DutyBearerKind[][];
}

/** DOMAIN.md's table for a non-confidential incident without medical care needed nor expectedBy, coordinator added. */
const EXPECTED_OPEN_ROUTING: Record<Category, ExpectedRouting> = {
  child_marriage: {
    defaultSeverity: 'high',
    firstAlertKinds: ['coordinator', 'volunteer', 'panchayat', 'vlcpc', 'cmpo'],
    ladder: [['block'], ['police'], ['dcpu']],
  },
  sexual_abuse: {
    defaultSeverity: 'critical',
    firstAlertKinds: ['coordinator', 'police', 'sjpu', 'dcpu'],
    ladder: [['cwc'], ['dcpu']],
  },
  trafficking: {
    defaultSeverity: 'critical',
    firstAlertKinds: ['coordinator', 'police', 'ahtu'],
    ladder: [['sjpu'], ['dcpu']],
  },
  missing_child: {
    defaultSeverity: 'critical',
    firstAlertKinds: ['coordinator', 'volunteer', 'police', 'ahtu'],
    ladder: [['sjpu'], ['dcpu']],
  },
  abandoned_separated: {
    defaultSeverity: 'critical',
    firstAlertKinds: ['coordinator', 'police', 'dcpu'],
    ladder: [['cwc'], ['dcpu']],
  },
  child_labour: {
    defaultSeverity: 'high',
    firstAlertKinds: ['coordinator', 'vlcpc'],
    ladder: [['block', 'labour'], ['dcpu'], ['cwc']],
  },
  physical_abuse: {
    defaultSeverity: 'high',
    firstAlertKinds: ['coordinator', 'vlcpc'],
    ladder: [['police'], ['dcpu'], ['cwc']],
  },
  domestic_violence: {
    defaultSeverity: 'high',
    firstAlertKinds: ['coordinator', 'vlcpc'],
    ladder: [['police'], ['dcpu']],
  },
  corporal_punishment: {
    defaultSeverity: 'medium',
    firstAlertKinds: ['coordinator', 'smc'],
    ladder: [['block'], ['dcpu']],
  },
  school_dropout: {
    defaultSeverity: 'medium',
    firstAlertKinds: ['coordinator', 'school', 'volunteer'],
    ladder: [['block']],
  },
  neglect: {
    defaultSeverity: 'medium',
    firstAlertKinds: ['coordinator', 'anganwadi'],
    ladder: [['dcpu'], ['cwc']],
  },
  health_nutrition: {
    defaultSeverity: 'medium',
    firstAlertKinds: ['coordinator', 'health', 'anganwadi'],
    ladder: [['block']],
  },
  conflict_with_law: {
    defaultSeverity: 'high',
    firstAlertKinds: ['coordinator', 'dcpu'],
    ladder: [['dlsa']],
  },
  other: {
    defaultSeverity: 'low',
    firstAlertKinds: ['coordinator'],
    ladder: [['dcpu']],
  },
};

/** The same incidents marked confidential: every village kind gone (no ladder step is village-only today). */
const EXPECTED_CONFIDENTIAL_ROUTING: Record<Category, Omit<ExpectedRouting, 'defaultSeverity'>> = {
  child_marriage: { firstAlertKinds: ['coordinator', 'cmpo'], ladder: [['block'], ['police'], ['dcpu']] },
  sexual_abuse: { firstAlertKinds: ['coordinator', 'police', 'sjpu', 'dcpu'], ladder: [['cwc'], ['dcpu']] },
  trafficking: { firstAlertKinds: ['coordinator', 'police', 'ahtu'], ladder: [['sjpu'], ['dcpu']] },
  missing_child: { firstAlertKinds: ['coordinator', 'police', 'ahtu'], ladder: [['sjpu'], ['dcpu']] },
  abandoned_separated: { firstAlertKinds: ['coordinator', 'police', 'dcpu'], ladder: [['cwc'], ['dcpu']] },
  child_labour: { firstAlertKinds: ['coordinator'], ladder: [['block', 'labour'], ['dcpu'], ['cwc']] },
  physical_abuse: { firstAlertKinds: ['coordinator'], ladder: [['police'], ['dcpu'], ['cwc']] },
  domestic_violence: { firstAlertKinds: ['coordinator'], ladder: [['police'], ['dcpu']] },
  corporal_punishment: { firstAlertKinds: ['coordinator'], ladder: [['block'], ['dcpu']] },
  school_dropout: { firstAlertKinds: ['coordinator'], ladder: [['block']] },
  neglect: { firstAlertKinds: ['coordinator'], ladder: [['dcpu'], ['cwc']] },
  health_nutrition: { firstAlertKinds: ['coordinator', 'health'], ladder: [['block']] },
  conflict_with_law: { firstAlertKinds: ['coordinator', 'dcpu'], ladder: [['dlsa']] },
  other: { firstAlertKinds: ['coordinator'], ladder: [['dcpu']] },
};

/** Kinds a confidential incident must never reach (DOMAIN.md, "Confidential incidents"). */
const VILLAGE_KINDS: readonly ContactKind[] = ['volunteer', 'panchayat', 'vlcpc', 'school', 'smc', 'anganwadi'];

const allCategories = CATEGORIES.map((category) => [category] as const);
const everyCategoryWithMedicalCare = CATEGORIES.flatMap((category) =>
  [true, false].map((medicalCareNeeded) => [category, medicalCareNeeded] as const),
);
/** A report's instant; without expectedBy the routing does not depend on it. */
const reportedAt = new Date('2026-12-01T10:00:00.000Z');
const plan = (input: Omit<RoutingInput, 'now'>) => planRouting({ ...input, now: reportedAt });

describe('the expected tables', () => {
  test('cover exactly the categories of the vocabulary', () => {
    expect(Object.keys(EXPECTED_OPEN_ROUTING).sort()).toEqual([...CATEGORIES].sort());
    expect(Object.keys(EXPECTED_CONFIDENTIAL_ROUTING).sort()).toEqual([...CATEGORIES].sort());
    expect(Object.keys(ROUTING_RULES).sort()).toEqual([...CATEGORIES].sort());
  });
});

describe('default severity', () => {
  test.each(allCategories)('%s has the default severity of DOMAIN.md', (category) => {
    const decision = effectiveSeverity({ category, now: new Date('2026-12-01T10:00:00.000Z'), reporterIsCoordinator: false });

    expect(decision).toEqual({ ok: true, value: EXPECTED_OPEN_ROUTING[category].defaultSeverity });
    expect(ROUTING_RULES[category].defaultSeverity).toBe(EXPECTED_OPEN_ROUTING[category].defaultSeverity);
  });
});

describe('planRouting, not confidential', () => {
  const nonConfidentialCategories = allCategories.filter(([category]) => category !== 'sexual_abuse');

  test.each(allCategories)('%s first alerts exactly the kinds of DOMAIN.md plus the coordinator', (category) => {
    const { routing } = plan({ category, medicalCareNeeded: false, confidential: false });

    expect(routing.firstAlert).toEqual(EXPECTED_OPEN_ROUTING[category].firstAlertKinds);
  });

  test.each(allCategories)('%s escalates along exactly the ladder of DOMAIN.md', (category) => {
    const { routing } = plan({ category, medicalCareNeeded: false, confidential: false });

    expect(routing.ladder).toEqual(EXPECTED_OPEN_ROUTING[category].ladder);
    expect(routing.ladderFrom).toBe(0);
  });

  test.each(nonConfidentialCategories)('%s stays open when the reporter does not ask for confidentiality', (category) => {
    expect(plan({ category, medicalCareNeeded: false, confidential: false }).confidential).toBe(false);
    expect(isConfidential(category, false)).toBe(false);
  });
});

describe('planRouting, confidential', () => {
  test.each(allCategories)('%s marked confidential alerts no village kind, at first alert or on the ladder', (category) => {
    const planned = plan({ category, medicalCareNeeded: false, confidential: true });

    expect(planned.confidential).toBe(true);
    expect(planned.routing.firstAlert).toEqual(EXPECTED_CONFIDENTIAL_ROUTING[category].firstAlertKinds);
    expect(planned.routing.ladder).toEqual(EXPECTED_CONFIDENTIAL_ROUTING[category].ladder);
  });

  test.each(everyCategoryWithMedicalCare)(
    '%s (medical care needed: %s) confidential never reaches volunteer, panchayat, vlcpc, school, smc or anganwadi',
    (category, medicalCareNeeded) => {
      const { routing } = plan({ category, medicalCareNeeded, confidential: true });
      const everyKindAlerted: ContactKind[] = [...routing.firstAlert, ...routing.ladder.flat()];

      expect(everyKindAlerted.filter((kind) => VILLAGE_KINDS.includes(kind))).toEqual([]);
      expect(routing.firstAlert).toContain('coordinator');
      expect(routing.ladder.every((step) => step.length > 0)).toBe(true);
    },
  );

  test('sexual_abuse is confidential even when the reporter did not ask', () => {
    const planned = plan({ category: 'sexual_abuse', medicalCareNeeded: false, confidential: false });

    expect(isConfidential('sexual_abuse', false)).toBe(true);
    expect(planned.confidential).toBe(true);
  });

  test.each(allCategories)('%s is confidential when the reporter asks', (category) => {
    expect(isConfidential(category, true)).toBe(true);
  });
});

describe('planRouting, medical care needed', () => {
  test('sexual_abuse alerts health when medical care is needed', () => {
    const { routing } = plan({ category: 'sexual_abuse', medicalCareNeeded: true, confidential: true });

    expect(routing.firstAlert).toEqual(['coordinator', 'police', 'sjpu', 'dcpu', 'health']);
  });

  test('sexual_abuse does not alert health when no medical care is needed', () => {
    const { routing } = plan({ category: 'sexual_abuse', medicalCareNeeded: false, confidential: true });

    expect(routing.firstAlert).not.toContain('health');
  });

  test.each(allCategories.filter(([category]) => category !== 'sexual_abuse'))(
    '%s routes the same whether or not medical care is needed',
    (category) => {
      const withCare = plan({ category, medicalCareNeeded: true, confidential: false });
      const withoutCare = plan({ category, medicalCareNeeded: false, confidential: false });

      expect(withCare).toEqual(withoutCare);
    },
  );

  test.each(
    everyCategoryWithMedicalCare.flatMap(([category, care]) => [[category, care, true] as const, [category, care, false] as const]),
  )('%s (medical care %s, confidential %s) alerts no kind twice, and never childline', (category, medicalCareNeeded, confidential) => {
    const { routing } = plan({ category, medicalCareNeeded, confidential });

    expect(new Set(routing.firstAlert).size).toBe(routing.firstAlert.length);
    // childline (1098) is a voice line: kept in the directory, never sent an alert, on no ladder.
    expect([...routing.firstAlert, ...routing.ladder.flat()]).not.toContain('childline');
  });

  test('childline is never alerted, confidential or not', () => {
    expect(mayAlert('childline', false)).toBe(false);
    expect(mayAlert('childline', true)).toBe(false);
  });
});

describe('effectiveSeverity', () => {
  const now = new Date('2026-12-01T10:00:00.000Z');
  const hoursFromNow = (hours: number): string => new Date(now.getTime() + hours * 3_600_000).toISOString();

  test('without a request the category default is kept', () => {
    expect(effectiveSeverity({ category: 'corporal_punishment', now, reporterIsCoordinator: false })).toEqual({
      ok: true,
      value: 'medium',
    });
  });

  test('a request equal to the default is kept', () => {
    expect(effectiveSeverity({ category: 'child_marriage', requested: 'high', now, reporterIsCoordinator: false })).toEqual({
      ok: true,
      value: 'high',
    });
  });

  test.each([
    ['other', 'medium'],
    ['other', 'critical'],
    ['neglect', 'high'],
    ['child_marriage', 'critical'],
  ] as const)('a volunteer may raise %s to %s', (category, requested) => {
    expect(effectiveSeverity({ category, requested, now, reporterIsCoordinator: false })).toEqual({
      ok: true,
      value: requested,
    });
  });

  test.each([
    ['child_marriage', 'medium'],
    ['sexual_abuse', 'high'],
    ['neglect', 'low'],
  ] as const)('a non-coordinator may not lower %s to %s', (category, requested) => {
    const decision = effectiveSeverity({ category, requested, now, reporterIsCoordinator: false });

    expect(decision).toEqual({
      ok: false,
      refusal: { kind: 'invalid', path: 'severity', message: expect.stringContaining('coordinator') },
    });
    // The refusal names the rule, not the value the reporter sent.
    expect(JSON.stringify(decision)).not.toMatch(new RegExp(`\\b${requested}\\b`));
  });

  test.each([
    ['child_marriage', 'medium'],
    ['sexual_abuse', 'low'],
  ] as const)('a coordinator may lower %s to %s', (category, requested) => {
    expect(effectiveSeverity({ category, requested, now, reporterIsCoordinator: true })).toEqual({
      ok: true,
      value: requested,
    });
  });

  test.each([
    ['well within 72 hours', hoursFromNow(24)],
    ['exactly 72 hours ahead', hoursFromNow(72)],
    ['already past', hoursFromNow(-5)],
    ['now', now.toISOString()],
  ])('expectedBy %s makes the incident critical', (_label, expectedBy) => {
    expect(effectiveSeverity({ category: 'child_marriage', expectedBy, now, reporterIsCoordinator: false })).toEqual({
      ok: true,
      value: 'critical',
    });
  });

  test('expectedBy one millisecond beyond 72 hours leaves the severity unchanged', () => {
    const expectedBy = new Date(Date.parse(hoursFromNow(72)) + 1).toISOString();

    expect(effectiveSeverity({ category: 'child_marriage', expectedBy, now, reporterIsCoordinator: false })).toEqual({
      ok: true,
      value: 'high',
    });
  });

  test('imminent harm overrides a coordinator lowering the severity', () => {
    const decision = effectiveSeverity({
      category: 'child_marriage',
      requested: 'low',
      expectedBy: hoursFromNow(48),
      now,
      reporterIsCoordinator: true,
    });

    expect(decision).toEqual({ ok: true, value: 'critical' });
  });

  test('a non-coordinator lowering the severity is refused even when harm is imminent', () => {
    const decision = effectiveSeverity({
      category: 'child_marriage',
      requested: 'low',
      expectedBy: hoursFromNow(48),
      now,
      reporterIsCoordinator: false,
    });

    expect(decision.ok).toBe(false);
  });
});

describe('deadlines', () => {
  const from = new Date('2026-12-01T10:00:00.000Z');

  test.each([
    ['critical', 30, '2026-12-01T10:30:00.000Z'],
    ['high', 240, '2026-12-01T14:00:00.000Z'],
    ['medium', 1440, '2026-12-02T10:00:00.000Z'],
    ['low', 4320, '2026-12-04T10:00:00.000Z'],
  ] as const)('a %s incident must be acknowledged within %i minutes, by %s', (severity, minutes, due) => {
    expect(ACK_WITHIN_MINUTES[severity]).toBe(minutes);
    expect(deadline(from, ACK_WITHIN_MINUTES[severity]).toISOString()).toBe(due);
  });

  test.each([
    ['critical', 1440, '2026-12-02T10:00:00.000Z'],
    ['high', 4320, '2026-12-04T10:00:00.000Z'],
    ['medium', 10080, '2026-12-08T10:00:00.000Z'],
    ['low', 20160, '2026-12-15T10:00:00.000Z'],
  ] as const)('a %s incident must be in action within %i minutes of acknowledgement, by %s', (severity, minutes, due) => {
    expect(IN_ACTION_WITHIN_MINUTES[severity]).toBe(minutes);
    expect(deadline(from, IN_ACTION_WITHIN_MINUTES[severity]).toISOString()).toBe(due);
  });

  test('each further escalation step is due one acknowledgement interval after the previous one', () => {
    const firstStepAt = deadline(from, ACK_WITHIN_MINUTES.high);

    expect(deadline(firstStepAt, ACK_WITHIN_MINUTES.high).toISOString()).toBe('2026-12-01T18:00:00.000Z');
  });

  test('the deadline function does not change the date it is given', () => {
    deadline(from, ACK_WITHIN_MINUTES.critical);
    deadline(from, IN_ACTION_WITHIN_MINUTES.critical, '2026-12-02T10:00:00.000Z');

    expect(from.toISOString()).toBe('2026-12-01T10:00:00.000Z');
  });
});

describe('stopsLadder', () => {
  /** DOMAIN.md: the statutory kinds whose action stops a high or critical ladder. */
  const STATUTORY: Record<Category, ContactKind[]> = {
    child_marriage: ['cmpo', 'block', 'police'],
    sexual_abuse: ['police', 'sjpu'],
    trafficking: ['police', 'ahtu', 'sjpu'],
    missing_child: ['police', 'sjpu', 'ahtu'],
    abandoned_separated: ['police', 'dcpu', 'cwc'],
    child_labour: ['block', 'labour', 'dcpu'],
    physical_abuse: ['police', 'dcpu'],
    domestic_violence: ['police', 'dcpu'],
    corporal_punishment: ['dcpu'],
    school_dropout: ['dcpu'],
    neglect: ['dcpu'],
    health_nutrition: ['dcpu'],
    conflict_with_law: ['dcpu', 'dlsa'],
    other: ['dcpu'],
  };

  test('the table covers every category and the statutory kinds of the rules', () => {
    expect(Object.keys(STATUTORY).sort()).toEqual([...CATEGORIES].sort());
    for (const category of CATEGORIES) expect([...ROUTING_RULES[category].statutory].sort()).toEqual([...STATUTORY[category]].sort());
  });

  const cases = CATEGORIES.flatMap((category) => SEVERITIES.map((severity) => [category, severity] as const));

  test.each(cases)('the kinds whose action stops the ladder of a %s incident of %s severity', (category, severity) => {
    const stopping = CONTACT_KINDS.filter((kind) => stopsLadder(category, severity, kind));
    const highOrCritical = severity === 'high' || severity === 'critical';
    // Medium and low: any routed contact's or a coordinator's; high and critical: only the category's statutory kinds.
    const expected = highOrCritical ? STATUTORY[category] : CONTACT_KINDS.filter((kind) => kind !== 'funder');

    expect([...stopping].sort()).toEqual([...expected].sort());
  });

  test.each(['coordinator', 'panchayat', 'vlcpc', 'school', 'smc', 'anganwadi', 'health'] as const)(
    'an acknowledgement by %s never stops a high or critical ladder',
    (kind) => {
      for (const category of CATEGORIES) {
        expect(stopsLadder(category, 'high', kind)).toBe(false);
        expect(stopsLadder(category, 'critical', kind)).toBe(false);
      }
    },
  );
});
