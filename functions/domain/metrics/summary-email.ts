// The funders' weekly summary email, rendered from the suppressed view only, so it cannot carry
// more than funders may see. One model of the figures feeds both bodies, so the HTML and the plain
// text cannot disagree. The HTML is built for Gmail and Outlook: tables for layout, inline styles
// only, bars drawn as table cells, no images, scripts or links.
import { ATTENDANCE_GROUPS, MEETING_TYPES, type MeetingType, OUTCOMES, type Outcome } from '../vocabulary.js';
import {
  FUNDER_CATEGORIES,
  FUNDER_CATEGORY_LABELS,
  type FunderWeeklyView,
  isHidden,
  MIN_COUNT_SHOWN,
  type ShownCount,
  SMALL_COUNT,
  WITHHELD_COUNT,
} from './funder-view.js';
import { weekRange } from './iso-week.js';

export interface FunderEmailInput {
  view: FunderWeeklyView;
  /** The week before, for the comparison; absent for the programme's first week. */
  previous?: FunderWeeklyView;
  programmeName: string;
  /** Display names by village id; an id without a name is shown as the id. */
  villageNames: Readonly<Record<string, string>>;
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
  'Attendances are person-sessions, not people: someone who came to two meetings is counted twice.',
  `To protect children, a number from 1 to 4 is shown as "${SMALL_COUNT}", and where a total would let it be worked out, ` +
    `one more number (5 or more) is shown as "${WITHHELD_COUNT}". Categories are shown only for the whole programme.`,
  "This summary holds no child's name or details.",
];

// ── the figures, once for both bodies ────────────────────────────────────────
interface Figure {
  label: string;
  value: string;
}
interface Bar {
  label: string;
  cell: ShownCount;
}
interface Headline {
  label: string;
  value: string;
  comparison: string;
}
interface VillageLine {
  name: string;
  cells: ShownCount[];
}
/** The email's sections in order; each body renders every one. */
type Block =
  | { kind: 'headlines'; rows: Headline[] }
  | { kind: 'villages'; lines: VillageLine[] }
  | { kind: 'chart'; title: string; bars: Bar[] }
  | { kind: 'figures'; title: string; figures: Figure[] }
  | { kind: 'notes'; notes: string[] };

const VILLAGE_COLUMNS = ['Incidents reported', 'Meetings held', 'Person-sessions', 'Linkages fulfilled'];

/** A name from the directory on one line: no control character can break a header or a text line. */
function singleLine(name: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are exactly what this removes
  return name.replace(/[\u0000-\u001f\u007f\s]+/g, ' ').trim();
}

function formatCount(cell: ShownCount): string {
  return String(cell);
}

function formatMinutes(minutes: number | null): string {
  if (minutes === null) return 'not shown';
  return minutes < 60 ? `${minutes} minutes` : `${Math.round(minutes / 6) / 10} hours`;
}

function headlineCells(view: FunderWeeklyView): Bar[] {
  const { programme } = view;
  return [
    { label: 'Incidents reported', cell: programme.incidents.reported },
    { label: 'Acknowledged in time', cell: programme.acknowledgement.inTime },
    { label: 'Incidents resolved', cell: programme.resolved },
    { label: 'Meetings held', cell: programme.meetings.held },
    { label: 'Person-sessions at meetings', cell: programme.meetings.personSessions.total },
    { label: 'Service linkages fulfilled', cell: programme.linkages.fulfilled },
  ];
}

/** Only exact figures are compared: a difference from a hidden figure would reveal it. */
function comparison(current: ShownCount, previous: ShownCount | undefined): string {
  if (previous === undefined) return 'no previous week';
  if (isHidden(current) || isHidden(previous)) return 'not compared: small numbers';
  if (current === previous) return 'same as last week';
  return `${current > previous ? 'up' : 'down'} ${Math.abs(current - previous)} from ${previous}`;
}

function headlinesBlock(view: FunderWeeklyView, previous: FunderWeeklyView | undefined): Block {
  const before = previous ? headlineCells(previous) : [];
  const rows = headlineCells(view).map(({ label, cell }, index) => ({
    label,
    value: formatCount(cell),
    comparison: comparison(cell, before[index]?.cell),
  }));
  return { kind: 'headlines', rows };
}

function villagesBlock(view: FunderWeeklyView, villageNames: FunderEmailInput['villageNames']): Block {
  const { programme } = view;
  const lines = Object.entries(view.villages).map(([id, row]) => ({
    name: singleLine(villageNames[id] ?? id),
    cells: [row.incidentsReported, row.meetingsHeld, row.personSessions, row.linkagesFulfilled],
  }));
  const allVillages = {
    name: 'All villages',
    cells: [programme.incidents.reported, programme.meetings.held, programme.meetings.personSessions.total, programme.linkages.fulfilled],
  };
  return { kind: 'villages', lines: [...lines, allVillages] };
}

function responseBlock(view: FunderWeeklyView): Block {
  const { acknowledgement, openBacklog, linkages } = view.programme;
  const figures = [
    { label: 'Acknowledged in time', value: formatCount(acknowledgement.inTime) },
    { label: 'Not acknowledged in time', value: formatCount(acknowledgement.notInTime) },
    {
      label: 'Share acknowledged in time',
      value: acknowledgement.inTimePercent === null ? 'not shown' : `${acknowledgement.inTimePercent}%`,
    },
    { label: 'Median time to acknowledge', value: formatMinutes(acknowledgement.medianMinutes) },
    { label: '90th percentile time to acknowledge', value: formatMinutes(acknowledgement.p90Minutes) },
    { label: 'Incidents open at the end of the week', value: formatCount(openBacklog) },
    { label: 'Service linkages identified', value: formatCount(linkages.identified) },
    { label: 'Service linkages referred', value: formatCount(linkages.referred) },
    { label: 'Service linkages fulfilled', value: formatCount(linkages.fulfilled) },
  ];
  return { kind: 'figures', title: "Response to incidents and children's needs", figures };
}

function blocksOf(input: FunderEmailInput): Block[] {
  const { view } = input;
  const { programme } = view;
  return [
    headlinesBlock(view, input.previous),
    villagesBlock(view, input.villageNames),
    {
      kind: 'chart',
      title: 'Incidents by category (whole programme)',
      bars: FUNDER_CATEGORIES.map((category) => ({
        label: FUNDER_CATEGORY_LABELS[category],
        cell: programme.incidents.byCategory[category],
      })),
    },
    responseBlock(view),
    {
      kind: 'chart',
      title: 'Outcomes of incidents resolved',
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

function countPhrase(cell: ShownCount, singular: string, plural: string): string {
  return `${formatCount(cell)} ${cell === 1 ? singular : plural}`;
}

function subjectOf(programmeName: string, view: FunderWeeklyView): string {
  const { programme } = view;
  const figures = [
    countPhrase(programme.incidents.reported, 'incident', 'incidents'),
    `${formatCount(programme.acknowledgement.inTime)} acknowledged in time`,
    countPhrase(programme.meetings.held, 'meeting', 'meetings'),
  ];
  return `${programmeName} weekly summary ${view.week}${view.final ? '' : ' (so far)'}: ${figures.join(', ')}`;
}

// ── HTML ─────────────────────────────────────────────────────────────────────
const FONT = 'font-family:Arial,Helvetica,sans-serif;color:#1f2937;';
const BAR_COLOUR = '#2563eb';
const HIDDEN_BAR_COLOUR = '#e5e7eb';
// Clients without gradients (Outlook) keep the light colour and the dashed border.
const HIDDEN_BAR_STYLE = `background-color:${HIDDEN_BAR_COLOUR};background-image:repeating-linear-gradient(45deg,#d1d5db 0,#d1d5db 3px,#f3f4f6 3px,#f3f4f6 6px);border:1px dashed #6b7280;`;
const CELL_STYLE = 'padding:4px 8px;border-bottom:1px solid #e5e7eb;font-size:14px;';
const NUMBER_STYLE = 'text-align:right;white-space:nowrap;';

const HTML_ESCAPES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (character) => HTML_ESCAPES[character] ?? character);
}

function td(text: string, style = ''): string {
  return `<td style="${CELL_STYLE}${style}">${escapeHtml(text)}</td>`;
}

function th(text: string, style = ''): string {
  return `<th style="${CELL_STYLE}text-align:left;background-color:#f3f4f6;${style}">${escapeHtml(text)}</th>`;
}

function tableHtml(rows: string[]): string {
  return `<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" style="border-collapse:collapse;${FONT}">${rows.join('')}</table>`;
}

function sectionHtml(title: string, body: string): string {
  return (
    `<tr><td style="padding:16px 24px 8px 24px;${FONT}">` +
    `<h2 style="margin:0 0 8px 0;font-size:17px;${FONT}">${escapeHtml(title)}</h2>${body}</td></tr>`
  );
}

/** A hidden value is drawn at the width of 5 whatever it hides, hatched, and labelled beside it. */
function barHtml(cell: ShownCount, scale: number): string {
  const value = isHidden(cell) ? MIN_COUNT_SHOWN : cell;
  if (value === 0) return '&nbsp;';
  const width = Math.max(1, Math.round((100 * value) / scale));
  const [bgcolor, fill] = isHidden(cell) ? [HIDDEN_BAR_COLOUR, HIDDEN_BAR_STYLE] : [BAR_COLOUR, `background-color:${BAR_COLOUR};`];
  return (
    `<table role="presentation" width="${width}%" cellpadding="0" cellspacing="0" border="0" style="width:${width}%;">` +
    `<tr><td height="14" bgcolor="${bgcolor}" style="height:14px;font-size:0;line-height:0;${fill}">&nbsp;</td></tr></table>`
  );
}

function blockHtml(block: Block): string {
  switch (block.kind) {
    case 'headlines': {
      const header = `<tr>${th('')}${th('This week', NUMBER_STYLE)}${th('Compared with last week')}</tr>`;
      const rows = block.rows.map(
        ({ label, value, comparison }) =>
          `<tr>${td(label)}${td(value, `${NUMBER_STYLE}font-weight:bold;`)}${td(comparison, 'color:#4b5563;')}</tr>`,
      );
      return sectionHtml('Headlines', tableHtml([header, ...rows]));
    }
    case 'villages': {
      const header = `<tr>${th('Village')}${VILLAGE_COLUMNS.map((column) => th(column, NUMBER_STYLE)).join('')}</tr>`;
      const rows = block.lines.map(
        ({ name, cells }) => `<tr>${td(name)}${cells.map((cell) => td(formatCount(cell), NUMBER_STYLE)).join('')}</tr>`,
      );
      return sectionHtml('Villages', tableHtml([header, ...rows]));
    }
    case 'chart': {
      const scale = Math.max(1, ...block.bars.map(({ cell }) => (isHidden(cell) ? MIN_COUNT_SHOWN : cell)));
      const rows = block.bars.map(
        ({ label, cell }) =>
          `<tr>${td(label, 'width:40%;')}<td style="${CELL_STYLE}width:45%;">${barHtml(cell, scale)}</td>${td(formatCount(cell), `width:15%;${NUMBER_STYLE}`)}</tr>`,
      );
      return sectionHtml(block.title, tableHtml(rows));
    }
    case 'figures': {
      const rows = block.figures.map(({ label, value }) => `<tr>${td(label, 'width:70%;')}${td(value, NUMBER_STYLE)}</tr>`);
      return sectionHtml(block.title, tableHtml(rows));
    }
    case 'notes':
      return sectionHtml(
        'Notes',
        block.notes.map((note) => `<p style="margin:0 0 6px 0;font-size:13px;${FONT}">${escapeHtml(note)}</p>`).join(''),
      );
  }
}

function pageHtml(subject: string, heading: string, period: string, blocks: Block[]): string {
  return (
    `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">` +
    `<title>${escapeHtml(subject)}</title></head>` +
    `<body style="margin:0;padding:0;background-color:#f4f4f5;">` +
    `<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" style="background-color:#f4f4f5;"><tr><td align="center" style="padding:16px 0;">` +
    `<table role="presentation" width="600" cellpadding="0" cellspacing="0" border="0" style="width:600px;max-width:100%;background-color:#ffffff;${FONT}">` +
    `<tr><td style="padding:24px 24px 8px 24px;${FONT}"><h1 style="margin:0 0 4px 0;font-size:21px;${FONT}">${escapeHtml(heading)}</h1>` +
    `<p style="margin:0;font-size:14px;color:#4b5563;">${escapeHtml(period)}</p></td></tr>` +
    blocks.map(blockHtml).join('') +
    `</table></td></tr></table></body></html>`
  );
}

// ── plain text ───────────────────────────────────────────────────────────────
function blockText(block: Block): string {
  const section = (title: string, lines: string[]) => [title, ...lines.map((line) => `  ${line}`)].join('\n');
  switch (block.kind) {
    case 'headlines':
      return section(
        'Headlines',
        block.rows.map(({ label, value, comparison }) => `${label}: ${value} (${comparison})`),
      );
    case 'villages':
      return section(
        'Villages',
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
export function renderFunderEmail(input: FunderEmailInput): RenderedEmail {
  const { view } = input;
  const programmeName = singleLine(input.programmeName);
  const subject = subjectOf(programmeName, view);
  const heading = `${programmeName} weekly summary`;
  const { firstDay, lastDay } = weekRange(view.week);
  const period = `Week ${view.week}, ${firstDay} to ${lastDay}${view.final ? '' : ' (the week is not over: figures so far)'}`;
  const blocks = blocksOf(input);
  return {
    subject,
    html: pageHtml(subject, heading, period, blocks),
    text: `${[`${heading}\n${period}`, ...blocks.map(blockText)].join('\n\n')}\n`,
  };
}
