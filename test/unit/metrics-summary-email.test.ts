// The funders' weekly email: safe for mail clients, escaped, and carrying every figure of the view
// (and nothing else) in both bodies. Labels below are written by hand, so a renamed label fails here.
import { type FunderWeeklyView, FunderWeeklyViewSchema, SERIOUS_ABUSE } from '../../functions/domain/metrics/funder-view.js';
import { type FunderEmailInput, renderFunderEmail } from '../../functions/domain/metrics/summary-email.js';
import { required } from '../support/required.js';

const zeroes = <Key extends string>(keys: readonly Key[]) => Object.fromEntries(keys.map((key) => [key, 0])) as Record<Key, 0>;
const CATEGORY_KEYS = [
  'child_marriage',
  SERIOUS_ABUSE,
  'missing_child',
  'abandoned_separated',
  'child_labour',
  'physical_abuse',
  'domestic_violence',
  'corporal_punishment',
  'school_dropout',
  'neglect',
  'health_nutrition',
  'conflict_with_law',
  'other',
] as const;
const OUTCOME_KEYS = [
  'marriage_stopped',
  'child_rescued',
  'case_registered',
  'referred_to_cwc',
  'services_linked',
  'returned_to_school',
  'family_counselled',
  'no_action_needed',
  'other',
] as const;

const VIEW: FunderWeeklyView = FunderWeeklyViewSchema.parse({
  week: '2026-W48',
  from: '2026-11-22T18:30:00.000Z',
  to: '2026-11-29T18:30:00.000Z',
  computedAt: '2026-11-30T03:30:00.000Z',
  final: true,
  programme: {
    incidents: { reported: 12, byCategory: { ...zeroes(CATEGORY_KEYS), child_marriage: 7, [SERIOUS_ABUSE]: '<5', neglect: '<5' } },
    acknowledgement: { inTime: 7, notInTime: 5, inTimePercent: 58, medianMinutes: 42.5, p90Minutes: 190 },
    resolved: 6,
    outcomes: { ...zeroes(OUTCOME_KEYS), marriage_stopped: '<5', services_linked: '<5' },
    openBacklog: 8,
    linkages: { identified: 6, referred: '<5', fulfilled: 8 },
    meetings: {
      held: 14,
      byType: {
        children_group: 6,
        parents_meeting: 3,
        parenting_workshop: 2,
        duty_bearer_meeting: 1,
        club_vigilance: 1,
        smc_cpc: 1,
        volunteer_meeting: 0,
      },
      personSessions: { total: 263, byGroup: { girls: 80, boys: 71, women: 60, men: 40, dutyBearers: 12 } },
    },
  },
  villages: {
    'v-hingalganj-1': { incidentsReported: 7, meetingsHeld: 6, personSessions: 120, linkagesFulfilled: '<5' },
    'v-sandeshkhali-2': { incidentsReported: '<5', meetingsHeld: 5, personSessions: 90, linkagesFulfilled: '5+' },
    'v-minakhan-3': { incidentsReported: '<5', meetingsHeld: 3, personSessions: 53, linkagesFulfilled: 0 },
  },
  notes: [],
});

const VILLAGE_NAMES = { 'v-hingalganj-1': 'Hingalganj <b>&', 'v-sandeshkhali-2': 'Sandeshkhali', 'v-minakhan-3': 'Minakhan' };

function render(overrides: Partial<FunderEmailInput> = {}) {
  return renderFunderEmail({ view: VIEW, programmeName: 'Suraksha', villageNames: VILLAGE_NAMES, ...overrides });
}

/** What a reader sees of the HTML: tags gone, entities decoded, whitespace collapsed. */
function visibleText(html: string): string {
  const entities: Record<string, string> = { '&lt;': '<', '&gt;': '>', '&quot;': '"', '&#39;': "'", '&nbsp;': ' ', '&amp;': '&' };
  return html
    .replace(/<[^>]+>/g, ' ')
    .replace(/&lt;|&gt;|&quot;|&#39;|&nbsp;|&amp;/g, (entity) => required(entities[entity], `the character ${entity} stands for`))
    .replace(/\s+/g, ' ');
}

/** Every labelled figure of VIEW, as the email words it. */
const FIGURES: [string, string][] = [
  ['Child marriage', '7'],
  ['Serious abuse and exploitation', '<5'],
  ['Missing child', '0'],
  ['Neglect', '<5'],
  ['Health and nutrition', '0'],
  ['Acknowledged in time', '7'],
  ['Not acknowledged in time', '5'],
  ['Share acknowledged in time', '58%'],
  ['Median time to acknowledge', '42.5 minutes'],
  ['90th percentile time to acknowledge', '3.2 hours'],
  ['Incidents open at the end of the week', '8'],
  ['Service linkages identified', '6'],
  ['Service linkages referred', '<5'],
  ['Service linkages fulfilled', '8'],
  ['Marriage stopped', '<5'],
  ['Services linked', '<5'],
  ['Child rescued', '0'],
  ['Incidents resolved', '6'],
  ["Children's group", '6'],
  ["Parents' meeting", '3'],
  ['Parenting workshop', '2'],
  ['Duty-bearer meeting', '1'],
  ['Club vigilance', '1'],
  ['SMC / Child Protection Committee', '1'],
  ['Volunteer meeting', '0'],
  ['Girls', '80'],
  ['Boys', '71'],
  ['Women', '60'],
  ['Men', '40'],
  ['Duty bearers', '12'],
  ['Meetings held', '14'],
  ['Person-sessions at meetings', '263'],
  ['Incidents reported', '12'],
];

const VILLAGE_ROWS: [string, string[]][] = [
  ['Hingalganj <b>&', ['7', '6', '120', '<5']],
  ['Sandeshkhali', ['<5', '5', '90', '5+']],
  ['Minakhan', ['<5', '3', '53', '0']],
  ['All villages', ['12', '14', '263', '8']],
];

describe('subject', () => {
  test('names the week and the headline numbers', () => {
    expect(render().subject).toBe('Suraksha weekly summary 2026-W48: 12 incidents, 7 acknowledged in time, 14 meetings');
  });

  test('shows hidden numbers as the view does, says when the week is not over, and stays on one line', () => {
    const view: FunderWeeklyView = {
      ...VIEW,
      final: false,
      programme: {
        ...VIEW.programme,
        incidents: { ...VIEW.programme.incidents, reported: '<5' },
        acknowledgement: { ...VIEW.programme.acknowledgement, inTime: '<5' },
        meetings: { ...VIEW.programme.meetings, held: 1 },
      },
    };
    const { subject } = render({ view, programmeName: 'Suraksha\r\nBcc: someone@example.org' });
    expect(subject).toBe(
      'Suraksha Bcc: someone@example.org weekly summary 2026-W48 (so far): <5 incidents, <5 acknowledged in time, 1 meeting',
    );
  });
});

describe('HTML body', () => {
  const { html } = render();

  test('is safe for mail clients: no script, image, style block, link or external URL', () => {
    expect(html).not.toMatch(/<script|<img|<style|<link|<iframe|<object|<form/i);
    expect(html).not.toMatch(/https?:|\/\/|url\(|\b(href|src|background|class)=/i);
    expect(html).not.toMatch(/<div/i);
  });

  test('carries every figure of the view next to its label', () => {
    const visible = visibleText(html);
    for (const [label, value] of FIGURES) expect(visible).toContain(`${label} ${value}`);
    for (const [name, cells] of VILLAGE_ROWS) expect(visible).toContain(`${name} ${cells.join(' ')}`);
  });

  test('escapes every dynamic string', () => {
    const escaped = render({ programmeName: 'Suraksha "<i>"' }).html;
    expect(escaped).toContain('Hingalganj &lt;b&gt;&amp;');
    expect(escaped).toContain('Suraksha &quot;&lt;i&gt;&quot;');
    expect(escaped).not.toContain('<b>');
    expect(escaped).not.toContain('<i>');
  });

  test('draws bars as table cells proportional to the value; a hidden value as a hatched bar at the width of 5, labelled', () => {
    const bars = [...html.matchAll(/width="(\d+)%"[^>]*><tr><td height="14" bgcolor="(#[0-9a-f]{6})"[^>]*style="([^"]*)"/g)];
    const [childMarriage, seriousAbuse, neglect] = bars;
    expect(childMarriage?.[1]).toBe('100');
    expect(seriousAbuse?.[1]).toBe('71');
    expect(neglect?.[1]).toBe('71');
    expect(seriousAbuse?.[3]).toMatch(/dashed/);
    expect(childMarriage?.[3]).not.toMatch(/dashed/);
    // Four hidden values are drawn in the charts: two categories, two outcomes.
    expect(bars.filter((bar) => required(bar[3], 'the style of a bar').includes('dashed'))).toHaveLength(4);
    expect(html).toContain('&lt;5');
  });

  test('says attendances are person-sessions and why small numbers are "<5"', () => {
    const visible = visibleText(html);
    expect(visible).toContain('person-sessions, not people');
    expect(visible).toContain('To protect children, a number from 1 to 4 is shown as "<5"');
  });
});

describe('text body', () => {
  const { text } = render();

  test('carries every figure of the view, one per line', () => {
    for (const [label, value] of FIGURES) expect(text).toMatch(new RegExp(`^  ${escapeRegExp(`${label}: ${value}`)}( |$)`, 'm'));
  });

  test('has one line per village and one for all villages', () => {
    expect(text).toContain('  Hingalganj <b>&: incidents reported 7, meetings held 6, person-sessions 120, linkages fulfilled <5\n');
    expect(text).toContain('  Sandeshkhali: incidents reported <5, meetings held 5, person-sessions 90, linkages fulfilled 5+\n');
    expect(text).toContain('  Minakhan: incidents reported <5, meetings held 3, person-sessions 53, linkages fulfilled 0\n');
    expect(text).toContain('  All villages: incidents reported 12, meetings held 14, person-sessions 263, linkages fulfilled 8\n');
  });

  test('a village without a name in the directory is shown by its id', () => {
    expect(render({ villageNames: {} }).text).toContain('  v-minakhan-3: incidents reported <5');
  });
});

describe('comparison with the previous week', () => {
  test('says up, down or same for exact figures, and does not compare hidden ones', () => {
    const previous: FunderWeeklyView = {
      ...VIEW,
      week: '2026-W47',
      programme: {
        ...VIEW.programme,
        incidents: { ...VIEW.programme.incidents, reported: 9 },
        resolved: '<5',
        meetings: { ...VIEW.programme.meetings, held: 16 },
      },
    };
    const { html, text } = render({ previous });
    const expected = [
      'Incidents reported: 12 (up 3 from 9)',
      'Acknowledged in time: 7 (same as last week)',
      'Incidents resolved: 6 (not compared: small numbers)',
      'Meetings held: 14 (down 2 from 16)',
    ];
    for (const line of expected) expect(text).toContain(line);
    expect(visibleText(html)).toContain('Meetings held 14 down 2 from 16');
  });

  test('says so when there is no previous week', () => {
    const { html, text } = render();
    expect(text).toContain('Incidents reported: 12 (no previous week)');
    expect(visibleText(html)).toContain('Incidents reported 12 no previous week');
  });
});

test("the view's notes reach both bodies", () => {
  const note = 'Median and 90th percentile times to acknowledge are shown only when at least 5 incidents were acknowledged.';
  const { html, text } = render({ view: { ...VIEW, notes: [note] } });
  expect(text).toContain(note);
  expect(visibleText(html)).toContain(note);
});

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
