// The funders' weekly summary email, rendered from the funders' view only, so it cannot carry more
// than funders may see. One model of the figures feeds both bodies, so the HTML and the plain text
// cannot disagree. The HTML is built for Gmail and Outlook on a phone first: tables for layout,
// inline styles, one column at 480 px and below (a media query; clients without one keep the
// 600 px layout, which also fits), bars drawn as table cells, no images, scripts or links.
import { ATTENDANCE_GROUPS, MEETING_TYPES, type MeetingType, OUTCOMES, type Outcome } from '../vocabulary.js';
import {
  FUNDER_GROUP_LABELS,
  FUNDER_GROUPS,
  type FunderWeeklyView,
  MIN_VALUES_FOR_SHARES,
  nothingRecorded,
  ROUNDED_TO,
  type RoundedCount,
  SMALL_COUNT,
} from './funder-view.js';
import { weekRange } from './iso-week.js';

export interface FunderEmailInput {
  view: FunderWeeklyView;
  /** The week before as funders saw it, for the comparison; absent for the programme's first week. */
  previous?: FunderWeeklyView | undefined;
  programmeName: string;
  /** Display names by village id; an id without a name is shown as the id. */
  villageNames: Readonly<Record<string, string>>;
  /** The funders' own email, or the coordinators' preview of it (marked as such). */
  audience: 'funders' | 'preview';
}

export interface RenderedEmail {
  subject: string;
  html: string;
  text: string;
}

const MEETING_TYPE_LABELS: Readonly<Record<MeetingType, string>> = {
  children_group: "Children's group",
  parents_meeting: "Parents' meeting",
  parenting_workshop: 'Parenting workshop',
  duty_bearer_meeting: 'Duty-bearer meeting',
  club_vigilance: 'Club vigilance',
  smc_cpc: 'SMC / Child Protection Committee',
  volunteer_meeting: 'Volunteer meeting',
};

const OUTCOME_LABELS: Readonly<Record<Outcome, string>> = {
  marriage_stopped: 'Marriage stopped',
  child_rescued: 'Child rescued',
  case_registered: 'Case registered',
  referred_to_cwc: 'Referred to the CWC',
  services_linked: 'Services linked',
  returned_to_school: 'Returned to school',
  family_counselled: 'Family counselled',
  no_action_needed: 'No action needed',
  other: 'Other',
};

const PERSON_SESSION_GROUP_LABELS: Readonly<Record<(typeof ATTENDANCE_GROUPS)[number], string>> = {
  girls: 'Girls',
  boys: 'Boys',
  women: 'Women',
  men: 'Men',
  dutyBearers: 'Duty bearers',
};

const FIXED_NOTES = [
  `To protect children, incident and linkage figures are for the whole programme only, never for one village. ` +
    `Any number from 0 to 4 is shown as "${SMALL_COUNT}" and drawn without a bar; every other number is rounded to the nearest ${ROUNDED_TO}, each on its own, so figures need not add up.`,
  'Meetings and attendances are exact. Attendances are person-sessions, not people: someone who came to two meetings is counted twice.',
  "This summary holds no child's name or details.",
];

// ── the figures, once for both bodies ────────────────────────────────────────
type Cell = RoundedCount | number;
interface Figure {
  label: string;
  value: string;
}
interface Bar {
  label: string;
  cell: Cell;
}
interface Headline {
  label: string;
  value: string;
  lastWeek: string;
}
interface VillageLine {
  name: string;
  cells: number[];
}
/** The email's sections in order; each body renders every one. */
type Block =
  | { kind: 'headlines'; rows: Headline[] }
  | { kind: 'villages'; lines: VillageLine[] }
  | { kind: 'chart'; title: string; bars: Bar[] }
  | { kind: 'figures'; title: string; figures: Figure[] }
  | { kind: 'notes'; notes: string[] };

const VILLAGE_COLUMNS = ['Meetings held', 'Person-sessions'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** A name from the directory on one line: no control character can break a header or a text line. */
function singleLine(name: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are exactly what this removes
  return name.replace(/[\u0000-\u001f\u007f\s]+/g, ' ').trim();
}

/** "30 Nov – 6 Dec 2026", "2 – 8 Nov 2026", "28 Dec 2026 – 3 Jan 2027": a week as people write it. */
export function humanWeek(week: string): string {
  const { firstDay, lastDay } = weekRange(week);
  const [first, last] = [firstDay, lastDay].map((day) => {
    const [year = '', month = '', date = ''] = day.split('-');
    return { year, month: MONTHS[Number(month) - 1] ?? month, date: String(Number(date)) };
  }) as [{ year: string; month: string; date: string }, { year: string; month: string; date: string }];
  const start =
    first.year !== last.year
      ? `${first.date} ${first.month} ${first.year}`
      : first.month !== last.month
        ? `${first.date} ${first.month}`
        : first.date;
  return `${start} – ${last.date} ${last.month} ${last.year}`;
}

const formatCount = (cell: Cell): string => String(cell);

function formatMinutes(minutes: number | null): string {
  if (minutes === null) return 'not shown';
  return minutes < 60 ? `${minutes} minutes` : `${Math.round(minutes / 6) / 10} hours`;
}

function headlineCells(view: FunderWeeklyView): Bar[] {
  const { programme } = view;
  return [
    { label: 'Meetings held', cell: programme.meetings.held },
    { label: 'Person-sessions at meetings', cell: programme.meetings.personSessions.total },
    { label: 'Incidents reported', cell: programme.incidents.reported },
    { label: 'Incidents resolved', cell: programme.resolved },
    { label: 'Service linkages fulfilled', cell: programme.linkages.fulfilled },
  ];
}

function headlinesBlock(view: FunderWeeklyView, previous: FunderWeeklyView | undefined): Block {
  const before = previous ? headlineCells(previous) : [];
  const rows = headlineCells(view).map(({ label, cell }, index) => {
    const earlier = before[index]?.cell;
    return { label, value: formatCount(cell), lastWeek: earlier === undefined ? 'no previous week' : `last week ${formatCount(earlier)}` };
  });
  return { kind: 'headlines', rows };
}

function villagesBlock(view: FunderWeeklyView, villageNames: FunderEmailInput['villageNames']): Block {
  const { meetings } = view.programme;
  const lines = Object.entries(view.villages).map(([id, row]) => ({
    name: singleLine(villageNames[id] ?? id),
    cells: [row.meetings.held, row.meetings.personSessions.total],
  }));
  return { kind: 'villages', lines: [...lines, { name: 'All villages', cells: [meetings.held, meetings.personSessions.total] }] };
}

function responseBlock(view: FunderWeeklyView): Block {
  const { acknowledgement, linkages } = view.programme;
  const shown = (value: string | null) => value ?? `not shown (fewer than ${MIN_VALUES_FOR_SHARES})`;
  const figures = [
    { label: 'Incidents due for acknowledgement', value: formatCount(acknowledgement.due) },
    { label: 'Acknowledged within their deadline', value: formatCount(acknowledgement.inTime) },
    {
      label: 'Share acknowledged in time',
      value: shown(acknowledgement.inTimePercent === null ? null : `${acknowledgement.inTimePercent}%`),
    },
    { label: 'Median time to acknowledge', value: formatMinutes(acknowledgement.medianMinutes) },
    { label: '90th percentile time to acknowledge', value: formatMinutes(acknowledgement.p90Minutes) },
    { label: 'Service linkages identified', value: formatCount(linkages.identified) },
    { label: 'Service linkages referred', value: formatCount(linkages.referred) },
    { label: 'Service linkages fulfilled', value: formatCount(linkages.fulfilled) },
  ];
  return { kind: 'figures', title: "Response to incidents and children's needs (whole programme)", figures };
}

function blocksOf(input: FunderEmailInput): Block[] {
  const { view } = input;
  const { programme } = view;
  return [
    headlinesBlock(view, input.previous),
    villagesBlock(view, input.villageNames),
    {
      kind: 'chart',
      title: 'Incidents reported, by group (whole programme)',
      bars: FUNDER_GROUPS.map((group) => ({ label: FUNDER_GROUP_LABELS[group], cell: programme.incidents.byGroup[group] })),
    },
    responseBlock(view),
    {
      kind: 'chart',
      title: 'Outcomes of incidents resolved (whole programme)',
      bars: OUTCOMES.map((outcome) => ({ label: OUTCOME_LABELS[outcome], cell: programme.outcomes[outcome] })),
    },
    {
      kind: 'chart',
      title: 'Meetings by type',
      bars: MEETING_TYPES.map((type) => ({ label: MEETING_TYPE_LABELS[type], cell: programme.meetings.byType[type] })),
    },
    {
      kind: 'chart',
      title: 'Person-sessions at meetings, by group',
      bars: ATTENDANCE_GROUPS.map((group) => ({
        label: PERSON_SESSION_GROUP_LABELS[group],
        cell: programme.meetings.personSessions.byGroup[group],
      })),
    },
    { kind: 'notes', notes: [...view.notes, ...FIXED_NOTES] },
  ];
}

// ── HTML ─────────────────────────────────────────────────────────────────────
const FONT = 'font-family:Arial,Helvetica,sans-serif;color:#1f2937;';
const BAR_COLOUR = '#2563eb';
const CELL_STYLE = 'padding:4px 8px;border-bottom:1px solid #e5e7eb;font-size:14px;';
const NUMBER_STYLE = 'text-align:right;white-space:nowrap;';
// One column on a phone: the village table's cells stack, each number with its column's name.
const PHONE_STYLES =
  '@media only screen and (max-width:480px){' +
  '.sheet{width:100%!important}.pad{padding-left:12px!important;padding-right:12px!important}' +
  '.stack,.stack tbody,.stack tr{display:block!important;width:100%!important}' +
  '.stack .head{display:none!important}' +
  '.stack .name{display:block!important;width:auto!important;font-weight:bold;border-bottom:0!important}' +
  '.stack .num{display:inline-block!important;width:45%!important;text-align:left!important}' +
  '.stack .label{display:inline!important}}';

const HTML_ESCAPES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (character) => HTML_ESCAPES[character] ?? character);
}

function td(text: string, style = '', className = ''): string {
  return `<td${className ? ` class="${className}"` : ''} style="${CELL_STYLE}${style}">${escapeHtml(text)}</td>`;
}

function th(text: string, style = ''): string {
  return `<th style="${CELL_STYLE}text-align:left;background-color:#f3f4f6;${style}">${escapeHtml(text)}</th>`;
}

function tableHtml(rows: string[], className = ''): string {
  return `<table${className ? ` class="${className}"` : ''} role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" style="border-collapse:collapse;${FONT}">${rows.join('')}</table>`;
}

function sectionHtml(title: string, body: string): string {
  return (
    `<tr><td class="pad" style="padding:16px 24px 8px 24px;${FONT}">` +
    `<h2 style="margin:0 0 8px 0;font-size:17px;${FONT}">${escapeHtml(title)}</h2>${body}</td></tr>`
  );
}

/** "0-4" gets no bar: any length would claim a number it does not know. */
function barHtml(cell: Cell, scale: number): string {
  if (cell === SMALL_COUNT || cell === 0) return '&nbsp;';
  const width = Math.max(1, Math.round((100 * cell) / scale));
  return (
    `<table role="presentation" width="${width}%" cellpadding="0" cellspacing="0" border="0" style="width:${width}%;">` +
    `<tr><td height="14" bgcolor="${BAR_COLOUR}" style="height:14px;font-size:0;line-height:0;background-color:${BAR_COLOUR};">&nbsp;</td></tr></table>`
  );
}

function blockHtml(block: Block): string {
  switch (block.kind) {
    case 'headlines': {
      const rows = block.rows.map(
        ({ label, value, lastWeek }) =>
          `<tr><td style="${CELL_STYLE}">${escapeHtml(label)}<br><span style="font-size:12px;color:#4b5563;">${escapeHtml(lastWeek)}</span></td>` +
          `${td(value, `${NUMBER_STYLE}font-weight:bold;font-size:16px;`)}</tr>`,
      );
      return sectionHtml('Headlines', tableHtml(rows));
    }
    case 'villages': {
      const header = `<tr class="head">${th('Village')}${VILLAGE_COLUMNS.map((column) => th(column, NUMBER_STYLE)).join('')}</tr>`;
      const rows = block.lines.map(
        ({ name, cells }) =>
          `<tr>${td(name, '', 'name')}${cells
            .map(
              (cell, index) =>
                `<td class="num" style="${CELL_STYLE}${NUMBER_STYLE}"><span class="label" style="display:none;">${escapeHtml(VILLAGE_COLUMNS[index] ?? '')}: </span>${formatCount(cell)}</td>`,
            )
            .join('')}</tr>`,
      );
      return sectionHtml('Meetings in each village', tableHtml([header, ...rows], 'stack'));
    }
    case 'chart': {
      const scale = Math.max(1, ...block.bars.map(({ cell }) => (cell === SMALL_COUNT ? 0 : cell)));
      const rows = block.bars.map(
        ({ label, cell }) =>
          `<tr>${td(label, 'width:45%;')}<td style="${CELL_STYLE}width:40%;">${barHtml(cell, scale)}</td>${td(formatCount(cell), `width:15%;${NUMBER_STYLE}`)}</tr>`,
      );
      return sectionHtml(block.title, tableHtml(rows));
    }
    case 'figures': {
      const rows = block.figures.map(({ label, value }) => `<tr>${td(label, 'width:65%;')}${td(value, 'text-align:right;')}</tr>`);
      return sectionHtml(block.title, tableHtml(rows));
    }
    case 'notes':
      return sectionHtml(
        'Notes',
        block.notes.map((note) => `<p style="margin:0 0 6px 0;font-size:13px;${FONT}">${escapeHtml(note)}</p>`).join(''),
      );
  }
}

function pageHtml(subject: string, header: string[], body: string): string {
  const [heading = '', ...lines] = header;
  return (
    `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">` +
    `<title>${escapeHtml(subject)}</title><style>${PHONE_STYLES}</style></head>` +
    `<body style="margin:0;padding:0;background-color:#f4f4f5;">` +
    `<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" style="background-color:#f4f4f5;"><tr><td align="center" style="padding:16px 0;">` +
    `<table class="sheet" role="presentation" width="600" cellpadding="0" cellspacing="0" border="0" style="width:600px;max-width:100%;background-color:#ffffff;${FONT}">` +
    `<tr><td class="pad" style="padding:24px 24px 8px 24px;${FONT}"><h1 style="margin:0 0 4px 0;font-size:21px;${FONT}">${escapeHtml(heading)}</h1>` +
    lines.map((line) => `<p style="margin:0 0 4px 0;font-size:14px;color:#4b5563;">${escapeHtml(line)}</p>`).join('') +
    `</td></tr>${body}</table></td></tr></table></body></html>`
  );
}

// ── plain text ───────────────────────────────────────────────────────────────
function blockText(block: Block): string {
  const section = (title: string, lines: string[]) => [title, ...lines.map((line) => `  ${line}`)].join('\n');
  switch (block.kind) {
    case 'headlines':
      return section(
        'Headlines',
        block.rows.map(({ label, value, lastWeek }) => `${label}: ${value} (${lastWeek})`),
      );
    case 'villages':
      return section(
        'Meetings in each village',
        block.lines.map(
          ({ name, cells }) =>
            `${name}: ${cells.map((cell, index) => `${(VILLAGE_COLUMNS[index] ?? '').toLowerCase()} ${formatCount(cell)}`).join(', ')}`,
        ),
      );
    case 'chart':
      return section(
        block.title,
        block.bars.map(({ label, cell }) => `${label}: ${formatCount(cell)}`),
      );
    case 'figures':
      return section(
        block.title,
        block.figures.map(({ label, value }) => `${label}: ${value}`),
      );
    case 'notes':
      return section('Notes', block.notes);
  }
}

// ── the email ────────────────────────────────────────────────────────────────
/** A week with nothing to show: two lines, with zero read as "0-4" like every small count. */
function noActivityLines(period: string): string[] {
  return [
    `No programme activity was recorded in the week ${period}.`,
    `Meetings held: 0. Incidents reported: ${SMALL_COUNT} (any number from 0 to 4 is shown as ${SMALL_COUNT} to protect children).`,
  ];
}

export function renderFunderEmail(input: FunderEmailInput): RenderedEmail {
  const { view } = input;
  const programmeName = singleLine(input.programmeName);
  const period = humanWeek(view.week);
  const preview = input.audience === 'preview' ? 'Preview for coordinators, not sent to funders: ' : '';
  const soFar = view.final ? '' : ' (the week is not over: figures so far)';
  const empty = nothingRecorded(view);
  // No figure in the subject: "17 incidents, 5 acknowledged in time" reads as 5 of 17.
  const subject = `${preview}${programmeName}: ${empty ? 'no activity recorded' : 'weekly summary'}, ${period}${soFar}`;
  const header = [
    `${programmeName} weekly summary`,
    `${period} (week ${view.week})${soFar}`,
    ...(preview ? [preview.replace(/: $/, '.')] : []),
  ];
  if (empty) {
    const lines = noActivityLines(period);
    const body = lines
      .map((line) => `<tr><td class="pad" style="padding:8px 24px;font-size:15px;${FONT}">${escapeHtml(line)}</td></tr>`)
      .join('');
    return { subject, html: pageHtml(subject, header, body), text: `${[...header, '', ...lines].join('\n')}\n` };
  }
  const blocks = blocksOf(input);
  return {
    subject,
    html: pageHtml(subject, header, blocks.map(blockHtml).join('')),
    text: `${[header.join('\n'), ...blocks.map(blockText)].join('\n\n')}\n`,
  };
}
