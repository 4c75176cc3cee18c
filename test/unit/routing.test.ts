// The expected tables below are copied by hand from DOMAIN.md, not derived from ROUTING_RULES,
// so that a typo in the rules fails a test instead of being mirrored by it.

import {
  ACK_WITHIN_MINUTES,
  ackDueAt,
  acknowledgementStopsLadder,
  effectiveSeverity,
  IN_ACTION_WITHIN_MINUTES,
  inActionDueAt,
  isConfidential,
  planRouting,
  ROUTING_RULES,
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

/** DOMAIN.md's table for a non-confidential incident without medical care needed, coordinator added. */
const EXPECTED_OPEN_ROUTING: Record<Category, ExpectedRouting> = {
  child_marriage: {
    defaultSeverity: 'high',
    firstAlertKinds: ['coordinator', 'volunteer', 'panchayat', 'vlcpc'],
    ladder: [['block'], ['police'], ['dcpu'], ['childline']],
  },
  sexual_abuse: {
    defaultSeverity: 'critical',
    firstAlertKinds: ['coordinator', 'police', 'sjpu'],
    ladder: [['cwc'], ['dcpu']],
  },
  trafficking: {
    defaultSeverity: 'critical',
    firstAlertKinds: ['coordinator', 'police'],
    ladder: [['sjpu'], ['dcpu'], ['childline']],
  },
  missing_child: {
    defaultSeverity: 'critical',
    firstAlertKinds: ['coordinator', 'volunteer', 'police'],
    ladder: [['sjpu'], ['dcpu'], ['childline']],
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
    firstAlertKinds: ['coordinator', 'school'],
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
    firstAlertKinds: ['coordinator'],
    ladder: [['sjpu'], ['dcpu']],
  },
  other: {
    defaultSeverity: 'low',
    firstAlertKinds: ['coordinator'],
    ladder: [['dcpu']],
  },
};

/** The same incidents marked confidential: every village kind gone (no ladder step is village-only today). */
const EXPECTED_CONFIDENTIAL_ROUTING: Record<Category, Omit<ExpectedRouting, 'defaultSeverity'>> = {
  child_marriage: { firstAlertKinds: ['coordinator'], ladder: [['block'], ['police'], ['dcpu'], ['childline']] },
  sexual_abuse: { firstAlertKinds: ['coordinator', 'police', 'sjpu'], ladder: [['cwc'], ['dcpu']] },
  trafficking: { firstAlertKinds: ['coordinator', 'police'], ladder: [['sjpu'], ['dcpu'], ['childline']] },
  missing_child: { firstAlertKinds: ['coordinator', 'police'], ladder: [['sjpu'], ['dcpu'], ['childline']] },
  child_labour: { firstAlertKinds: ['coordinator'], ladder: [['block', 'labour'], ['dcpu'], ['cwc']] },
  physical_abuse: { firstAlertKinds: ['coordinator'], ladder: [['police'], ['dcpu'], ['cwc']] },
  domestic_violence: { firstAlertKinds: ['coordinator'], ladder: [['police'], ['dcpu']] },
  corporal_punishment: { firstAlertKinds: ['coordinator'], ladder: [['block'], ['dcpu']] },
  school_dropout: { firstAlertKinds: ['coordinator'], ladder: [['block']] },
  neglect: { firstAlertKinds: ['coordinator'], ladder: [['dcpu'], ['cwc']] },
  health_nutrition: { firstAlertKinds: ['coordinator', 'health'], ladder: [['block']] },
  conflict_with_law: { firstAlertKinds: ['coordinator'], ladder: [['sjpu'], ['dcpu']] },
  other: { firstAlertKinds: ['coordinator'], ladder: [['dcpu']] },
};

/** Kinds a confidential incident must never reach (DOMAIN.md, "Confidential incidents"). */
const VILLAGE_KINDS: readonly ContactKind[] = ['volunteer', 'panchayat', 'vlcpc', 'school', 'anganwadi'];

const allCategories = CATEGORIES.map((category) => [category] as const);
const everyCategoryWithMedicalCare = CATEGORIES.flatMap((category) =>
  [true, false].map((medicalCareNeeded) => [category, medicalCareNeeded] as const),
);

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

    expect(decision).toEqual({ ok: true, severity: EXPECTED_OPEN_ROUTING[category].defaultSeverity });
    expect(ROUTING_RULES[category].defaultSeverity).toBe(EXPECTED_OPEN_ROUTING[category].defaultSeverity);
  });
});

describe('planRouting, not confidential', () => {
  const nonConfidentialCategories = allCategories.filter(([category]) => category !== 'sexual_abuse');

  test.each(allCategories)('%s first alerts exactly the kinds of DOMAIN.md plus the coordinator', (category) => {
    const plan = planRouting({ category, medicalCareNeeded: false, confidential: false });

    expect(plan.firstAlertKinds).toEqual(EXPECTED_OPEN_ROUTING[category].firstAlertKinds);
  });

  test.each(allCategories)('%s escalates along exactly the ladder of DOMAIN.md', (category) => {
    const plan = planRouting({ category, medicalCareNeeded: false, confidential: false });

    expect(plan.ladder).toEqual(EXPECTED_OPEN_ROUTING[category].ladder);
  });

  test.each(nonConfidentialCategories)('%s stays open when the reporter does not ask for confidentiality', (category) => {
    expect(planRouting({ category, medicalCareNeeded: false, confidential: false }).confidential).toBe(false);
    expect(isConfidential(category, false)).toBe(false);
  });
});

describe('planRouting, confidential', () => {
  test.each(allCategories)('%s marked confidential alerts no village kind, at first alert or on the ladder', (category) => {
    const plan = planRouting({ category, medicalCareNeeded: false, confidential: true });

    expect(plan.confidential).toBe(true);
    expect(plan.firstAlertKinds).toEqual(EXPECTED_CONFIDENTIAL_ROUTING[category].firstAlertKinds);
    expect(plan.ladder).toEqual(EXPECTED_CONFIDENTIAL_ROUTING[category].ladder);
  });

  test.each(everyCategoryWithMedicalCare)(
    '%s (medical care needed: %s) confidential never reaches volunteer, panchayat, vlcpc, school or anganwadi',
    (category, medicalCareNeeded) => {
      const plan = planRouting({ category, medicalCareNeeded, confidential: true });
      const everyKindAlerted: ContactKind[] = [...plan.firstAlertKinds, ...plan.ladder.flat()];

      expect(everyKindAlerted.filter((kind) => VILLAGE_KINDS.includes(kind))).toEqual([]);
      expect(plan.firstAlertKinds).toContain('coordinator');
      expect(plan.ladder.every((step) => step.length > 0)).toBe(true);
    },
  );

  test('sexual_abuse is confidential even when the reporter did not ask', () => {
    const plan = planRouting({ category: 'sexual_abuse', medicalCareNeeded: false, confidential: false });

    expect(isConfidential('sexual_abuse', false)).toBe(true);
    expect(plan.confidential).toBe(true);
  });

  test.each(allCategories)('%s is confidential when the reporter asks', (category) => {
    expect(isConfidential(category, true)).toBe(true);
  });
});

describe('planRouting, medical care needed', () => {
  test('sexual_abuse alerts health when medical care is needed', () => {
    const plan = planRouting({ category: 'sexual_abuse', medicalCareNeeded: true, confidential: true });

    expect(plan.firstAlertKinds).toEqual(['coordinator', 'police', 'sjpu', 'health']);
  });

  test('sexual_abuse does not alert health when no medical care is needed', () => {
    const plan = planRouting({ category: 'sexual_abuse', medicalCareNeeded: false, confidential: true });

    expect(plan.firstAlertKinds).not.toContain('health');
  });

  test.each(allCategories.filter(([category]) => category !== 'sexual_abuse'))(
    '%s routes the same whether or not medical care is needed',
    (category) => {
      const withCare = planRouting({ category, medicalCareNeeded: true, confidential: false });
      const withoutCare = planRouting({ category, medicalCareNeeded: false, confidential: false });

      expect(withCare).toEqual(withoutCare);
    },
  );

  test.each(
    everyCategoryWithMedicalCare.flatMap(([category, care]) => [[category, care, true] as const, [category, care, false] as const]),
  )('%s (medical care %s, confidential %s) alerts no kind twice', (category, medicalCareNeeded, confidential) => {
    const { firstAlertKinds } = planRouting({ category, medicalCareNeeded, confidential });

    expect(new Set(firstAlertKinds).size).toBe(firstAlertKinds.length);
  });
});

describe('effectiveSeverity', () => {
  const now = new Date('2026-12-01T10:00:00.000Z');
  const hoursFromNow = (hours: number): Date => new Date(now.getTime() + hours * 3_600_000);

  test('without a request the category default is kept', () => {
    expect(effectiveSeverity({ category: 'corporal_punishment', now, reporterIsCoordinator: false })).toEqual({
      ok: true,
      severity: 'medium',
    });
  });

  test('a request equal to the default is kept', () => {
    expect(effectiveSeverity({ category: 'child_marriage', requested: 'high', now, reporterIsCoordinator: false })).toEqual({
      ok: true,
      severity: 'high',
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
      severity: requested,
    });
  });

  test.each([
    ['child_marriage', 'medium'],
    ['sexual_abuse', 'high'],
    ['neglect', 'low'],
  ] as const)('a non-coordinator may not lower %s to %s', (category, requested) => {
    const decision = effectiveSeverity({ category, requested, now, reporterIsCoordinator: false });

    expect(decision).toEqual({ ok: false, message: expect.stringContaining('coordinator') });
    // The refusal names the rule, not the value the reporter sent.
    expect(JSON.stringify(decision)).not.toMatch(new RegExp(`\\b${requested}\\b`));
  });

  test.each([
    ['child_marriage', 'medium'],
    ['sexual_abuse', 'low'],
  ] as const)('a coordinator may lower %s to %s', (category, requested) => {
    expect(effectiveSeverity({ category, requested, now, reporterIsCoordinator: true })).toEqual({
      ok: true,
      severity: requested,
    });
  });

  test.each([
    ['well within 72 hours', hoursFromNow(24)],
    ['exactly 72 hours ahead', hoursFromNow(72)],
    ['already past', hoursFromNow(-5)],
    ['now', now],
  ])('expectedBy %s makes the incident critical', (_label, expectedBy) => {
    expect(effectiveSeverity({ category: 'child_marriage', expectedBy, now, reporterIsCoordinator: false })).toEqual({
      ok: true,
      severity: 'critical',
    });
  });

  test('expectedBy one millisecond beyond 72 hours leaves the severity unchanged', () => {
    const expectedBy = new Date(hoursFromNow(72).getTime() + 1);

    expect(effectiveSeverity({ category: 'child_marriage', expectedBy, now, reporterIsCoordinator: false })).toEqual({
      ok: true,
      severity: 'high',
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

    expect(decision).toEqual({ ok: true, severity: 'critical' });
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
    expect(ackDueAt(severity, from).toISOString()).toBe(due);
  });

  test.each([
    ['critical', 1440, '2026-12-02T10:00:00.000Z'],
    ['high', 4320, '2026-12-04T10:00:00.000Z'],
    ['medium', 10080, '2026-12-08T10:00:00.000Z'],
    ['low', 20160, '2026-12-15T10:00:00.000Z'],
  ] as const)('a %s incident must be in action within %i minutes of acknowledgement, by %s', (severity, minutes, due) => {
    expect(IN_ACTION_WITHIN_MINUTES[severity]).toBe(minutes);
    expect(inActionDueAt(severity, from).toISOString()).toBe(due);
  });

  test('each further escalation step is due one acknowledgement interval after the previous one', () => {
    const firstStepAt = ackDueAt('high', from);

    expect(ackDueAt('high', firstStepAt).toISOString()).toBe('2026-12-01T18:00:00.000Z');
  });

  test('the deadline functions do not change the date they are given', () => {
    ackDueAt('critical', from);
    inActionDueAt('critical', from);

    expect(from.toISOString()).toBe('2026-12-01T10:00:00.000Z');
  });
});

describe('acknowledgementStopsLadder', () => {
  // Columns: low, medium, high, critical.
  const STOPS_LADDER: Record<ContactKind, [boolean, boolean, boolean, boolean]> = {
    coordinator: [true, true, true, true],
    health: [true, true, true, true],
    police: [true, true, true, true],
    sjpu: [true, true, true, true],
    block: [true, true, true, true],
    dcpu: [true, true, true, true],
    cwc: [true, true, true, true],
    childline: [true, true, true, true],
    labour: [true, true, true, true],
    panchayat: [true, true, false, false],
    vlcpc: [true, true, false, false],
    school: [true, true, false, false],
    anganwadi: [true, true, false, false],
    volunteer: [true, true, false, false],
    funder: [false, false, false, false],
  };
  const severityColumns: readonly Severity[] = ['low', 'medium', 'high', 'critical'];

  test('the table covers every contact kind and severity', () => {
    expect(Object.keys(STOPS_LADDER).sort()).toEqual([...CONTACT_KINDS].sort());
    expect(severityColumns).toEqual(SEVERITIES);
  });

  const cases = CONTACT_KINDS.flatMap((kind) =>
    severityColumns.map((severity, column) => [kind, severity, STOPS_LADDER[kind][column]] as const),
  );

  test.each(cases)('an acknowledgement by %s of a %s incident stops the ladder: %s', (kind, severity, expected) => {
    expect(acknowledgementStopsLadder(kind, severity)).toBe(expected);
  });
});
