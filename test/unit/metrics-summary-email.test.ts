// The funders' weekly email: safe for mail clients, escaped, and carrying every figure of the view
// (and nothing else) in both bodies. Labels below are written by hand, so a renamed label fails here.
import { type FunderWeeklyView, FunderWeeklyViewSchema } from '../../functions/domain/metrics/funder-view.js';
import { type FunderEmailInput, humanWeek, renderFunderEmail } from '../../functions/domain/metrics/summary-email.js';
import { required } from '../support/required.js';

const zeroes = <Key extends string>(keys: readonly Key[]) => Object.fromEntries(keys.map((key) => [key, 0])) as Record<Key, 0>;
const small = <Key extends string>(keys: readonly Key[]) => Object.fromEntries(keys.map((key) => [key, '0-4'])) as Record<Key, '0-4'>;
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
const MEETING_TYPE_KEYS = [
  'children_group',
  'parents_meeting',
  'parenting_workshop',
  'duty_bearer_meeting',
  'club_vigilance',
  'smc_cpc',
  'volunteer_meeting',
] as const;
const meetingsOf = (held: number, girls: number) => ({
  held,
  byType: { ...zeroes(MEETING_TYPE_KEYS), children_group: held },
  personSessions: { total: girls, byGroup: { girls, boys: 0, women: 0, men: 0, dutyBearers: 0 } },
});

const VIEW: FunderWeeklyView = FunderWeeklyViewSchema.parse({
  week: '2026-W49',
  from: '2026-11-29T18:30:00.000Z',
  to: '2026-12-06T18:30:00.000Z',
  computedAt: '2026-12-07T03:30:00.000Z',
  final: true,
  programme: {
    incidents: { reported: 15, byGroup: { child_marriage: 10, education: '0-4', other_protection: 5 } },
    acknowledgement: { due: 15, inTime: 10, inTimePercent: 71, medianMinutes: 42.5, p90Minutes: 190 },
    resolved: 5,
    outcomes: { ...small(OUTCOME_KEYS), marriage_stopped: 5 },
    linkages: { identified: 5, referred: '0-4', fulfilled: 10 },
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
    'v-hingalganj-1': { meetings: meetingsOf(6, 120) },
    'v-sandeshkhali-2': { meetings: meetingsOf(5, 90) },
    'v-minakhan-3': { meetings: meetingsOf(3, 53) },
  },
  notes: [],
});

/** A week with nothing to show: no meeting, every count "0-4". */
const EMPTY: FunderWeeklyView = {
  ...VIEW,
  programme: {
    incidents: { reported: '0-4', byGroup: small(['child_marriage', 'education', 'other_protection'] as const) },
    acknowledgement: { due: '0-4', inTime: '0-4', inTimePercent: null, medianMinutes: null, p90Minutes: null },
    resolved: '0-4',
    outcomes: small(OUTCOME_KEYS),
    linkages: { identified: '0-4', referred: '0-4', fulfilled: '0-4' },
    meetings: meetingsOf(0, 0),
  },
  villages: { 'v-minakhan-3': { meetings: meetingsOf(0, 0) } },
};

const VILLAGE_NAMES = { 'v-hingalganj-1': 'Hingalganj <b>&', 'v-sandeshkhali-2': 'Sandeshkhali', 'v-minakhan-3': 'Minakhan' };

function render(overrides: Partial<FunderEmailInput> = {}) {
  return renderFunderEmail({ view: VIEW, programmeName: 'Suraksha', villageNames: VILLAGE_NAMES, audience: 'funders', ...overrides });
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
  ['Child marriage', '10'],
  ['Education (school dropout, corporal punishment)', '0-4'],
  ['All other protection concerns', '5'],
  ['Incidents due for acknowledgement', '15'],
  ['Acknowledged within their deadline', '10'],
  ['Share acknowledged in time', '71%'],
  ['Median time to acknowledge', '42.5 minutes'],
  ['90th percentile time to acknowledge', '3.2 hours'],
  ['Service linkages identified', '5'],
  ['Service linkages referred', '0-4'],
  ['Service linkages fulfilled', '10'],
  ['Marriage stopped', '5'],
  ['Services linked', '0-4'],
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
];

/** The headlines, last week's figure under each label. */
const HEADLINES: [string, string][] = [
  ['Meetings held', '14'],
  ['Person-sessions at meetings', '263'],
  ['Incidents reported', '15'],
  ['Incidents resolved', '5'],
  ['Service linkages fulfilled', '10'],
];

const VILLAGE_ROWS: [string, string[]][] = [
  ['Hingalganj <b>&', ['6', '120']],
  ['Sandeshkhali', ['5', '90']],
  ['Minakhan', ['3', '53']],
  ['All villages', ['14', '263']],
];

describe('dates', () => {
  test('a week as people write it, across a month and a year too', () => {
    expect(humanWeek('2026-W49')).toBe('30 Nov – 6 Dec 2026');
    expect(humanWeek('2026-W46')).toBe('9 – 15 Nov 2026');
    expect(humanWeek('2026-W53')).toBe('28 Dec 2026 – 3 Jan 2027');
  });
});

describe('subject', () => {
  test('names the programme and the week in words, and no figure that could be misread', () => {
    expect(render().subject).toBe('Suraksha: weekly summary, 30 Nov – 6 Dec 2026');
  });

  test('the preview says it is one, and that the week is not over; a name cannot break the header', () => {
    const { subject, text } = render({
      view: { ...VIEW, final: false },
      audience: 'preview',
      programmeName: 'Suraksha\r\nBcc: someone@example.org',
    });
    expect(subject).toBe(
      'Preview for coordinators, not sent to funders: Suraksha Bcc: someone@example.org: weekly summary, 30 Nov – 6 Dec 2026 (the week is not over: figures so far)',
    );
    expect(text).toContain('Preview for coordinators, not sent to funders.');
  });
});

describe('a week with nothing recorded', () => {
  test('is a two-line note in which zero incidents read "0-4" too', () => {
    const { subject, text, html } = render({ view: EMPTY });
    expect(subject).toBe('Suraksha: no activity recorded, 30 Nov – 6 Dec 2026');
    const [, , , ...lines] = text.trimEnd().split('\n');
    expect(lines).toEqual([
      'No programme activity was recorded in the week 30 Nov – 6 Dec 2026.',
      'Meetings held: 0. Incidents reported: 0-4 (any number from 0 to 4 is shown as 0-4 to protect children).',
    ]);
    expect(visibleText(html)).toContain('Meetings held: 0. Incidents reported: 0-4');
    expect(text).not.toMatch(/Incidents reported: 0[^-]/);
  });
});

describe('HTML body', () => {
  const { html } = render();

  test('is safe for mail clients: no script, image, link or external URL; the one style block holds only the phone layout', () => {
    expect(html).not.toMatch(/<script|<img|<link|<iframe|<object|<form/i);
    expect(html).not.toMatch(/https?:|\/\/|url\(|\b(href|src|background)=/i);
    expect(html).not.toMatch(/<div/i);
    const styles = [...html.matchAll(/<style>(.*?)<\/style>/g)].map((match) => match[1]);
    expect(styles).toHaveLength(1);
    expect(styles[0]).toMatch(/^@media only screen and \(max-width:480px\)\{.*\}$/);
  });

  test('carries every figure of the view next to its label', () => {
    const visible = visibleText(html);
    for (const [label, value] of FIGURES) expect(visible).toContain(`${label} ${value}`);
    for (const [label, value] of HEADLINES) expect(visible).toContain(`${label} no previous week ${value}`);
    for (const [name, cells] of VILLAGE_ROWS) {
      expect(visible).toContain(
        `${name} Meetings held: ${required(cells[0], 'meetings')} Person-sessions: ${required(cells[1], 'sessions')}`,
      );
    }
  });

  test('escapes every dynamic string', () => {
    const escaped = render({ programmeName: 'Suraksha "<i>"' }).html;
    expect(escaped).toContain('Hingalganj &lt;b&gt;&amp;');
    expect(escaped).toContain('Suraksha &quot;&lt;i&gt;&quot;');
    expect(escaped).not.toContain('<b>');
    expect(escaped).not.toContain('<i>');
  });

  test('draws bars proportional to the rounded value, and no bar at all for "0-4"', () => {
    const bars = [...html.matchAll(/width="(\d+)%"[^>]*><tr><td height="14"/g)].map((bar) => bar[1]);
    // Groups 10, 0-4, 5: two bars; outcomes: one (marriage stopped); meeting types: six; groups of people: five.
    expect(bars.slice(0, 3)).toEqual(['100', '50', '100']);
    expect(bars).toHaveLength(2 + 1 + 6 + 5);
  });

  test('says what "0-4" and rounding mean, and that attendances are person-sessions', () => {
    const visible = visibleText(html);
    expect(visible).toContain('person-sessions, not people');
    expect(visible).toContain('Any number from 0 to 4 is shown as "0-4" and drawn without a bar');
    expect(visible).toContain('rounded to the nearest 5');
  });

  test('no incident or linkage figure for a village', () => {
    const villages = visibleText(required(html.match(/Meetings in each village.*?<\/table>/)?.[0], 'the village table'));
    expect(villages).not.toMatch(/incident|linkage/i);
  });
});

describe('text body', () => {
  const { text } = render();

  test('carries every figure of the view, one per line', () => {
    for (const [label, value] of [...FIGURES, ...HEADLINES])
      expect(text).toMatch(new RegExp(`^  ${escapeRegExp(`${label}: ${value}`)}( |$)`, 'm'));
  });

  test('has one line per village and one for all villages, meetings only', () => {
    expect(text).toContain('  Hingalganj <b>&: meetings held 6, person-sessions 120\n');
    expect(text).toContain('  All villages: meetings held 14, person-sessions 263\n');
  });

  test('a village without a name in the directory is shown by its id', () => {
    expect(render({ villageNames: {} }).text).toContain('  v-minakhan-3: meetings held 3');
  });
});

describe('last week', () => {
  test('each headline shows last week’s figure as it was shown, never a difference', () => {
    const previous: FunderWeeklyView = {
      ...VIEW,
      week: '2026-W48',
      programme: {
        ...VIEW.programme,
        incidents: { ...VIEW.programme.incidents, reported: 10 },
        resolved: '0-4',
        meetings: meetingsOf(16, 200),
      },
    };
    const { html, text } = render({ previous });
    for (const line of [
      'Incidents reported: 15 (last week 10)',
      'Incidents resolved: 5 (last week 0-4)',
      'Meetings held: 14 (last week 16)',
    ]) {
      expect(text).toContain(line);
    }
    expect(visibleText(html)).toContain('Meetings held last week 16 14');
  });

  test('says so when there is no previous week', () => {
    expect(render().text).toContain('Incidents reported: 15 (no previous week)');
  });
});

test("the view's notes reach both bodies", () => {
  const note = 'Times to acknowledge are shown only when at least 10 incidents were acknowledged.';
  const { html, text } = render({ view: { ...VIEW, notes: [note] } });
  expect(text).toContain(note);
  expect(visibleText(html)).toContain(note);
});

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
