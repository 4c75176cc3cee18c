// DOMAIN.md's routing and duties tables, row by row, and the deadlines that follow the harm.
import { describe, expect, test } from '@jest/globals';
import {
  addMinutes,
  deadline,
  dutiesFor,
  effectiveSeverity,
  planRouting,
  ROUTING_RULES,
  stopsLadder,
} from '../../functions/domain/routing.js';
import { CATEGORIES, type Category, type ContactKind, type Severity } from '../../functions/domain/vocabulary.js';

const NOW = new Date('2026-12-01T06:00:00.000Z');
const hours = (n: number) => addMinutes(NOW, n * 60).toISOString();

interface Row {
  severity: Severity;
  firstAlert: ContactKind[];
  ladder: ContactKind[][];
  statutory: ContactKind[];
  duties: { id: string; hours: number }[];
}

// Restated from DOMAIN.md by hand, so a change to the code's table must be a change to the spec.
const TABLE: Record<Category, Row> = {
  child_marriage: {
    severity: 'high',
    firstAlert: ['coordinator', 'volunteer', 'panchayat', 'vlcpc', 'cmpo'],
    ladder: [['block'], ['police'], ['dcpu']],
    statutory: ['cmpo', 'block', 'police'],
    duties: [{ id: 'cmpo_informed', hours: 24 }],
  },
  sexual_abuse: {
    severity: 'critical',
    firstAlert: ['coordinator', 'police', 'sjpu', 'dcpu'],
    ladder: [['cwc'], ['dcpu']],
    statutory: ['police', 'sjpu'],
    duties: [
      { id: 'police_report', hours: 24 },
      { id: 'cwc_informed', hours: 24 },
    ],
  },
  trafficking: {
    severity: 'critical',
    firstAlert: ['coordinator', 'police', 'ahtu'],
    ladder: [['sjpu'], ['dcpu']],
    statutory: ['police', 'ahtu', 'sjpu'],
    duties: [
      { id: 'police_report', hours: 24 },
      { id: 'childline_docket', hours: 2 },
      { id: 'cwc_production', hours: 24 },
    ],
  },
  missing_child: {
    severity: 'critical',
    firstAlert: ['coordinator', 'volunteer', 'police', 'ahtu'],
    ladder: [['sjpu'], ['dcpu']],
    statutory: ['police', 'sjpu', 'ahtu'],
    duties: [
      { id: 'police_report', hours: 24 },
      { id: 'portal_upload', hours: 24 },
      { id: 'childline_docket', hours: 2 },
    ],
  },
  abandoned_separated: {
    severity: 'critical',
    firstAlert: ['coordinator', 'police', 'dcpu'],
    ladder: [['cwc'], ['dcpu']],
    statutory: ['police', 'dcpu', 'cwc'],
    duties: [
      { id: 'cwc_report', hours: 24 },
      { id: 'childline_docket', hours: 2 },
      { id: 'cwc_production', hours: 24 },
    ],
  },
  child_labour: {
    severity: 'high',
    firstAlert: ['coordinator', 'vlcpc'],
    ladder: [['block', 'labour'], ['dcpu'], ['cwc']],
    statutory: ['block', 'labour', 'dcpu'],
    duties: [],
  },
  physical_abuse: {
    severity: 'high',
    firstAlert: ['coordinator', 'vlcpc'],
    ladder: [['police'], ['dcpu'], ['cwc']],
    statutory: ['police', 'dcpu'],
    duties: [],
  },
  domestic_violence: {
    severity: 'high',
    firstAlert: ['coordinator', 'vlcpc'],
    ladder: [['police'], ['dcpu']],
    statutory: ['police', 'dcpu'],
    duties: [],
  },
  corporal_punishment: {
    severity: 'medium',
    firstAlert: ['coordinator', 'smc'],
    ladder: [['block'], ['dcpu']],
    statutory: ['dcpu'],
    duties: [],
  },
  school_dropout: {
    severity: 'medium',
    firstAlert: ['coordinator', 'school', 'volunteer'],
    ladder: [['block']],
    statutory: ['dcpu'],
    duties: [],
  },
  neglect: { severity: 'medium', firstAlert: ['coordinator', 'anganwadi'], ladder: [['dcpu'], ['cwc']], statutory: ['dcpu'], duties: [] },
  health_nutrition: {
    severity: 'medium',
    firstAlert: ['coordinator', 'health', 'anganwadi'],
    ladder: [['block']],
    statutory: ['dcpu'],
    duties: [],
  },
  conflict_with_law: { severity: 'high', firstAlert: ['coordinator', 'dcpu'], ladder: [['dlsa']], statutory: ['dcpu', 'dlsa'], duties: [] },
  other: { severity: 'low', firstAlert: ['coordinator'], ladder: [['dcpu']], statutory: ['dcpu'], duties: [] },
};

describe.each(CATEGORIES)('the routing of %s', (category) => {
  const row = TABLE[category];

  test('first alert and ladder as DOMAIN.md says (no harm date, no medical care, not confidential unless always)', () => {
    const { routing } = planRouting({ category, medicalCareNeeded: false, confidential: false, now: NOW });
    const alwaysConfidential = ROUTING_RULES[category].alwaysConfidential === true;
    expect(routing.firstAlert).toEqual(row.firstAlert);
    expect(routing.ladder).toEqual(row.ladder);
    expect(routing.ladderFrom).toBe(0);
    expect(ROUTING_RULES[category].defaultSeverity).toBe(row.severity);
    expect(alwaysConfidential).toBe(category === 'sexual_abuse');
  });

  test('childline is in no first alert and no ladder', () => {
    const { routing } = planRouting({ category, medicalCareNeeded: true, confidential: false, expectedBy: hours(1), now: NOW });
    expect([...routing.firstAlert, ...routing.ladder.flat()]).not.toContain('childline');
  });

  test('its legal duties, due from the report', () => {
    expect(dutiesFor(category, false, NOW)).toEqual(row.duties.map((duty) => ({ id: duty.id, dueAt: hours(duty.hours) })));
  });

  test('on a high or critical incident only its statutory kinds stop the ladder; on medium or low anyone routed', () => {
    for (const kind of ['panchayat', 'vlcpc', 'health', 'coordinator', 'police', 'block', 'cmpo', 'dcpu'] as const) {
      expect(stopsLadder(category, 'critical', kind)).toBe(row.statutory.includes(kind));
      expect(stopsLadder(category, 'high', kind)).toBe(row.statutory.includes(kind));
      expect(stopsLadder(category, 'medium', kind)).toBe(true);
    }
  });
});

describe('rows that depend on the report', () => {
  test('child marriage adds the police when the marriage is within 72 hours', () => {
    const later = planRouting({
      category: 'child_marriage',
      medicalCareNeeded: false,
      confidential: false,
      expectedBy: hours(100),
      now: NOW,
    });
    const soon = planRouting({
      category: 'child_marriage',
      medicalCareNeeded: false,
      confidential: false,
      expectedBy: hours(60),
      now: NOW,
    });
    expect(later.routing.firstAlert).not.toContain('police');
    expect(soon.routing.firstAlert).toEqual(['coordinator', 'volunteer', 'panchayat', 'vlcpc', 'cmpo', 'police']);
    expect(soon.preHarmAlerted).toBe(false);
  });

  test('sexual abuse adds health, and a medical examination duty, when medical care is needed', () => {
    const { routing } = planRouting({ category: 'sexual_abuse', medicalCareNeeded: true, confidential: false, now: NOW });
    expect(routing.firstAlert).toEqual(['coordinator', 'police', 'sjpu', 'dcpu', 'health']);
    expect(dutiesFor('sexual_abuse', true, NOW).map((duty) => duty.id)).toEqual(['police_report', 'cwc_informed', 'medical_examination']);
  });

  test('a confidential report alerts no community kind and no volunteer, at first alert or on the ladder', () => {
    const plan = planRouting({ category: 'child_marriage', medicalCareNeeded: false, confidential: true, now: NOW });
    expect(plan.confidential).toBe(true);
    expect(plan.routing.firstAlert).toEqual(['coordinator', 'cmpo']);
    const neglect = planRouting({ category: 'corporal_punishment', medicalCareNeeded: false, confidential: true, now: NOW });
    expect(neglect.routing.firstAlert).toEqual(['coordinator']);
  });

  test('a harm under 24 hours away brings the pre-harm kinds into the first alert at once', () => {
    const trafficking = planRouting({
      category: 'trafficking',
      medicalCareNeeded: false,
      confidential: false,
      expectedBy: hours(20),
      now: NOW,
    });
    expect(trafficking.preHarmAlerted).toBe(true);
    const neglect = planRouting({ category: 'neglect', medicalCareNeeded: false, confidential: false, expectedBy: hours(20), now: NOW });
    expect(neglect.routing.firstAlert).toEqual(['coordinator', 'anganwadi', 'police']);
  });
});

describe('deadlines that follow the harm', () => {
  test('without a harm date a deadline is its interval', () => {
    expect(deadline(NOW, 30).toISOString()).toBe(addMinutes(NOW, 30).toISOString());
  });

  test('no deadline later than 12 hours before the harm', () => {
    // A 72-hour in_action deadline, a marriage 40 hours away: due 28 hours from now.
    expect(deadline(NOW, 72 * 60, hours(40)).toISOString()).toBe(hours(28));
  });

  test('none sooner than 15 minutes after it is set, when the harm is closer than 12 h 15 min', () => {
    expect(deadline(NOW, 30, hours(12)).toISOString()).toBe(addMinutes(NOW, 15).toISOString());
    expect(deadline(NOW, 30, hours(-5)).toISOString()).toBe(addMinutes(NOW, 15).toISOString());
  });

  test('a duty is capped like any deadline', () => {
    expect(dutiesFor('child_marriage', false, NOW, hours(20))).toEqual([{ id: 'cmpo_informed', dueAt: hours(8) }]);
  });

  test('a harm within 72 hours makes the report critical; a lower severity is only a coordinator’s', () => {
    expect(effectiveSeverity({ category: 'child_marriage', expectedBy: hours(71), now: NOW, reporterIsCoordinator: false })).toEqual({
      ok: true,
      value: 'critical',
    });
    expect(effectiveSeverity({ category: 'child_marriage', expectedBy: hours(73), now: NOW, reporterIsCoordinator: false })).toEqual({
      ok: true,
      value: 'high',
    });
    expect(effectiveSeverity({ category: 'child_marriage', requested: 'low', now: NOW, reporterIsCoordinator: false }).ok).toBe(false);
    expect(effectiveSeverity({ category: 'child_marriage', requested: 'low', now: NOW, reporterIsCoordinator: true })).toEqual({
      ok: true,
      value: 'low',
    });
  });
});
