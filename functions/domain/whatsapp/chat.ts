// The guided report by WhatsApp chat (DOMAIN.md "WhatsApp"): one question at a time, lists and reply
// buttons where there are choices (a list holds at most 10 rows, so categories come in two levels;
// a message holds at most 3 buttons, so age and gender are lists), typed text for the description,
// the place and the marriage date. The confirmation shows what was chosen and only whether the typed
// parts were given, never their words. Pure: the use case stores the state and sends the replies.
import { CATEGORY_LABELS } from '../labels.js';
import { kolkataDateOf } from '../metrics/iso-week.js';
import { AGE_BANDS, type Category, GENDERS, type Language } from '../vocabulary.js';
import { AGE_BAND_LABELS, CHAT_LABELS, type ChatTextId, chatText, GENDER_LABELS } from './chat-texts.js';
import type { InboundContent } from './events.js';

/** The categories in the groups the first list offers (each group at most 10, so a second list can hold it). */
export const CATEGORY_GROUPS = {
  marriage: { label: { en: 'Child marriage', bn: 'বাল্যবিবাহ' }, categories: ['child_marriage'] },
  abuse: {
    label: { en: 'Abuse or violence', bn: 'নির্যাতন বা হিংসা' },
    categories: ['sexual_abuse', 'physical_abuse', 'domestic_violence', 'corporal_punishment'],
  },
  missing: {
    label: { en: 'Missing or trafficked', bn: 'নিখোঁজ বা পাচার' },
    categories: ['missing_child', 'trafficking', 'abandoned_separated'],
  },
  work_school: { label: { en: 'Work or school', bn: 'শিশুশ্রম বা স্কুলছুট' }, categories: ['child_labour', 'school_dropout'] },
  care: { label: { en: 'Neglect or health', bn: 'অবহেলা বা স্বাস্থ্য' }, categories: ['neglect', 'health_nutrition'] },
  other: { label: { en: 'Something else', bn: 'অন্য কিছু' }, categories: ['conflict_with_law', 'other'] },
} as const satisfies Record<string, { label: Record<Language, string>; categories: readonly Category[] }>;
type CategoryGroup = keyof typeof CATEGORY_GROUPS;

export const DESCRIPTION_MAX = 2000;
export const PLACE_MAX = 200;
/** Villages one list shows before its "more" row. */
const VILLAGES_PER_LIST = 9;

export type ChatStep =
  | 'group'
  | 'category'
  | 'village'
  | 'age'
  | 'gender'
  | 'description'
  | 'medical'
  | 'place'
  | 'confidential'
  | 'expected'
  | 'confirm';

export interface Draft {
  group?: CategoryGroup;
  category?: Category;
  villageId?: string;
  ageBand?: (typeof AGE_BANDS)[number];
  gender?: (typeof GENDERS)[number];
  description?: string;
  medicalCareNeeded?: boolean;
  /** Absent until asked; null when skipped. */
  location?: string | null;
  confidential?: boolean;
  /** The planned marriage date; null when not known. */
  expectedOn?: string | null;
}

export interface ChatState {
  step: ChatStep;
  draft: Draft;
  /** Which page of a long village list is showing. */
  villagePage?: number;
}

export interface ChatContext {
  language: Language;
  /** The reporter's villages, as the directory has them now. */
  villages: readonly { id: string; name: string }[];
  now: Date;
  privacyUrl: string;
}

export type ChatReply =
  | { kind: 'text'; body: string }
  | { kind: 'list'; body: string; button: string; title: string; rows: { id: string; title: string; description?: string }[] }
  | { kind: 'buttons'; body: string; buttons: { id: string; title: string }[] };

/** Every field a report needs, as the chat gathered it. */
export interface ChatReport {
  villageId: string;
  category: Category;
  ageBand: (typeof AGE_BANDS)[number];
  gender: (typeof GENDERS)[number];
  description: string;
  medicalCareNeeded: boolean;
  location?: string;
  confidential: boolean;
  /** YYYY-MM-DD in Asia/Kolkata. */
  expectedOn?: string;
}

export type ChatOutcome =
  /** The conversation goes on in this state, after these replies. */
  { next: ChatState; replies: ChatReply[] } | { submit: ChatReport } | { cancelled: ChatReply[] };

/** The first message of a conversation: who we are, the privacy notice, the first question. */
export function startChat(context: ChatContext): { next: ChatState; replies: ChatReply[] } {
  const state: ChatState = { step: 'group', draft: {} };
  return {
    next: state,
    replies: [{ kind: 'text', body: chatText('welcome', context.language, { privacy: context.privacyUrl }) }, prompt(state, context)],
  };
}

/** The next state after one message, and what to say; a message that does not answer the question asks it again. */
export function continueChat(state: ChatState, content: InboundContent, context: ChatContext): ChatOutcome {
  const answer = answerOf(state, content, context);
  if ('retry' in answer)
    return {
      next: state,
      replies: [{ kind: 'text', body: chatText(answer.retry, context.language, answer.values) }, prompt(state, context)],
    };
  if ('command' in answer) {
    if (answer.command === 'cancel') return { cancelled: [{ kind: 'text', body: chatText('cancelled', context.language) }] };
    if (answer.command === 'restart') return startChat(context);
    const report = reportOf(state.draft);
    if (report) return { submit: report };
    return startChat(context);
  }
  if ('page' in answer) {
    const next = { ...state, villagePage: answer.page };
    return { next, replies: [prompt(next, context)] };
  }
  const draft = withOnlyVillage({ ...state.draft, ...answer.set }, context);
  const step = nextStep(draft);
  const next: ChatState = { step, draft };
  return { next, replies: [prompt(next, context)] };
}

type Answer =
  | { set: Partial<Draft> }
  | { retry: ChatTextId; values?: Record<string, string> }
  | { command: 'send' | 'restart' | 'cancel' }
  | { page: number };

function answerOf(state: ChatState, content: InboundContent, context: ChatContext): Answer {
  const choice = content.kind === 'choice' ? content.id : undefined;
  const [field, value = ''] = choice?.split(':') ?? [];
  const chosen = (expected: string) => (field === expected ? value : undefined);
  const text = content.kind === 'text' ? content.text.trim() : undefined;
  switch (state.step) {
    case 'group': {
      const group = chosen('group');
      return group && group in CATEGORY_GROUPS ? { set: groupAnswer(group as CategoryGroup) } : { retry: 'useTheList' };
    }
    case 'category': {
      const category = chosen('category');
      const group = state.draft.group;
      const allowed: readonly string[] = group ? CATEGORY_GROUPS[group].categories : [];
      return category && allowed.includes(category) ? { set: { category: category as Category } } : { retry: 'useTheList' };
    }
    case 'village': {
      if (field === 'villages') return { page: Number(value) || 0 };
      const villageId = chosen('village');
      return villageId && context.villages.some(({ id }) => id === villageId) ? { set: { villageId } } : { retry: 'useTheList' };
    }
    case 'age': {
      const ageBand = AGE_BANDS.find((band) => band === chosen('age'));
      return ageBand ? { set: { ageBand } } : { retry: 'useTheList' };
    }
    case 'gender': {
      const gender = GENDERS.find((each) => each === chosen('gender'));
      return gender ? { set: { gender } } : { retry: 'useTheList' };
    }
    case 'description':
      if (!text) return { retry: 'typeIt' };
      return [...text].length > DESCRIPTION_MAX
        ? { retry: 'tooLong', values: { max: String(DESCRIPTION_MAX) } }
        : { set: { description: text } };
    case 'medical':
      return yesNo(chosen('medical'), (medicalCareNeeded) => ({ medicalCareNeeded }));
    case 'place':
      if (chosen('place') === 'skip') return { set: { location: null } };
      if (!text) return { retry: 'typeIt' };
      return [...text].length > PLACE_MAX ? { retry: 'tooLong', values: { max: String(PLACE_MAX) } } : { set: { location: text } };
    case 'confidential':
      return yesNo(chosen('confidential'), (confidential) => ({ confidential }));
    case 'expected': {
      if (chosen('expected') === 'unknown') return { set: { expectedOn: null } };
      const date = text ? dateOf(text, kolkataDateOf(context.now)) : undefined;
      return date ? { set: { expectedOn: date } } : { retry: 'badDate' };
    }
    case 'confirm': {
      const command = chosen('confirm');
      return command === 'send' || command === 'restart' || command === 'cancel' ? { command } : { retry: 'useTheButtons' };
    }
  }
}

function groupAnswer(group: CategoryGroup): Partial<Draft> {
  const [only, ...others] = CATEGORY_GROUPS[group].categories;
  return others.length === 0 && only ? { group, category: only } : { group };
}

function yesNo(value: string | undefined, set: (yes: boolean) => Partial<Draft>): Answer {
  if (value === 'yes') return { set: set(true) };
  if (value === 'no') return { set: set(false) };
  return { retry: 'useTheButtons' };
}

/** A reporter with one village is not asked which. */
function withOnlyVillage(draft: Draft, context: ChatContext): Draft {
  const [only, ...others] = context.villages;
  return !draft.villageId && only && others.length === 0 ? { ...draft, villageId: only.id } : draft;
}

/** The first question the draft has no answer to yet. */
function nextStep(draft: Draft): ChatStep {
  if (!draft.group) return 'group';
  if (!draft.category) return 'category';
  if (!draft.villageId) return 'village';
  if (!draft.ageBand) return 'age';
  if (!draft.gender) return 'gender';
  if (draft.description === undefined) return 'description';
  if (draft.medicalCareNeeded === undefined) return 'medical';
  if (draft.location === undefined) return 'place';
  // Sexual abuse is always confidential: not asked.
  if (draft.confidential === undefined && draft.category !== 'sexual_abuse') return 'confidential';
  if (draft.expectedOn === undefined && draft.category === 'child_marriage') return 'expected';
  return 'confirm';
}

/** The draft as a report, once every question is answered. */
function reportOf(draft: Draft): ChatReport | undefined {
  const { villageId, category, ageBand, gender, description, medicalCareNeeded, location, expectedOn } = draft;
  const confidential = category === 'sexual_abuse' ? true : draft.confidential;
  if (!villageId || !category || !ageBand || !gender || !description || medicalCareNeeded === undefined || confidential === undefined) {
    return undefined;
  }
  return {
    villageId,
    category,
    ageBand,
    gender,
    description,
    medicalCareNeeded,
    confidential,
    ...(location ? { location } : {}),
    ...(expectedOn ? { expectedOn } : {}),
  };
}

const BENGALI_DIGITS = '০১২৩৪৫৬৭৮৯';

/** 2026-12-12 as people in India write it: 12/12/2026. */
const dayMonthYear = (date: string) => date.split('-').reverse().join('/');

/** A typed date (15/12, 15-12-2026, 2026-12-15, in Bengali digits too) from `today` on, as YYYY-MM-DD; undefined otherwise. */
export function dateOf(typed: string, today: string): string | undefined {
  const ascii = [...typed].map((char) => (BENGALI_DIGITS.includes(char) ? String(BENGALI_DIGITS.indexOf(char)) : char)).join('');
  const iso = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(ascii);
  const dayFirst = /^(\d{1,2})[/.-](\d{1,2})(?:[/.-](\d{2}|\d{4}))?$/.exec(ascii);
  const [year, month, day] = iso
    ? [Number(iso[1]), Number(iso[2]), Number(iso[3])]
    : dayFirst
      ? [dayFirst[3] ? Number(dayFirst[3].padStart(4, '20')) : Number(today.slice(0, 4)), Number(dayFirst[2]), Number(dayFirst[1])]
      : [];
  if (year === undefined || month === undefined || day === undefined) return undefined;
  const date = new Date(Date.UTC(year, month - 1, day));
  if (date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) return undefined;
  let iso8601 = date.toISOString().slice(0, 10);
  // "15/01" typed in December means next January.
  if (!dayFirst?.[3] && !iso && iso8601 < today) iso8601 = `${year + 1}${iso8601.slice(4)}`;
  return iso8601 >= today ? iso8601 : undefined;
}

// ── what each question looks like ──────────────────────────────────────────────────────────────
function prompt(state: ChatState, context: ChatContext): ChatReply {
  const { language } = context;
  const label = (id: keyof typeof CHAT_LABELS) => CHAT_LABELS[id][language];
  const list = (body: ChatTextId, rows: { id: string; title: string; description?: string }[]): ChatReply => ({
    kind: 'list',
    body: chatText(body, language),
    button: label('listButton'),
    title: label('sectionTitle'),
    rows,
  });
  const buttons = (body: string, choices: { id: string; title: string }[]): ChatReply => ({ kind: 'buttons', body, buttons: choices });
  const yesNoButtons = (field: string, body: ChatTextId) =>
    buttons(chatText(body, language), [
      { id: `${field}:yes`, title: label('yes') },
      { id: `${field}:no`, title: label('no') },
    ]);
  switch (state.step) {
    case 'group':
      return list(
        'chooseGroup',
        Object.entries(CATEGORY_GROUPS).map(([id, group]) => ({ id: `group:${id}`, title: group.label[language] })),
      );
    case 'category': {
      const group = state.draft.group ?? 'other';
      return list(
        'chooseCategory',
        CATEGORY_GROUPS[group].categories.map((category) => ({
          id: `category:${category}`,
          title: CATEGORY_LABELS[category].sms[language],
        })),
      );
    }
    case 'village': {
      const page = state.villagePage ?? 0;
      const shown = context.villages.slice(page * VILLAGES_PER_LIST, (page + 1) * VILLAGES_PER_LIST);
      const more = context.villages.length > (page + 1) * VILLAGES_PER_LIST;
      return list('chooseVillage', [
        ...shown.map(({ id, name }) => ({ id: `village:${id}`, title: [...name].slice(0, 24).join('') })),
        ...(more ? [{ id: `villages:${page + 1}`, title: label('moreVillages') }] : []),
      ]);
    }
    case 'age':
      return list(
        'chooseAge',
        AGE_BANDS.map((band) => ({ id: `age:${band}`, title: AGE_BAND_LABELS[language][band] })),
      );
    case 'gender':
      return list(
        'chooseGender',
        GENDERS.map((gender) => ({ id: `gender:${gender}`, title: GENDER_LABELS[language][gender] })),
      );
    case 'description':
      return { kind: 'text', body: chatText('askDescription', language) };
    case 'medical':
      return yesNoButtons('medical', 'askMedical');
    case 'place':
      return buttons(chatText('askPlace', language), [{ id: 'place:skip', title: label('skip') }]);
    case 'confidential':
      return yesNoButtons('confidential', 'askConfidential');
    case 'expected':
      return buttons(chatText('askExpected', language), [{ id: 'expected:unknown', title: label('notKnown') }]);
    case 'confirm':
      return buttons(chatText('confirm', language, { summary: summaryOf(state.draft, context) }), [
        { id: 'confirm:send', title: label('send') },
        { id: 'confirm:restart', title: label('restart') },
        { id: 'confirm:cancel', title: label('cancel') },
      ]);
  }
}

/** What was chosen, line by line; the typed parts only as given or not, never their words. */
function summaryOf(draft: Draft, { language, villages }: ChatContext): string {
  const label = (id: keyof typeof CHAT_LABELS) => CHAT_LABELS[id][language];
  const yesOrNo = (value: boolean | undefined) => label(value ? 'yes' : 'no');
  const lines = [
    [label('category'), draft.category ? CATEGORY_LABELS[draft.category].sms[language] : ''],
    [label('village'), villages.find(({ id }) => id === draft.villageId)?.name ?? ''],
    [label('age'), draft.ageBand ? AGE_BAND_LABELS[language][draft.ageBand] : ''],
    [label('gender'), draft.gender ? GENDER_LABELS[language][draft.gender] : ''],
    [label('description'), label('written').replace('{count}', String([...(draft.description ?? '')].length))],
    [label('medical'), yesOrNo(draft.medicalCareNeeded)],
    [label('place'), label(draft.location ? 'given' : 'notGiven')],
    [label('confidential'), yesOrNo(draft.category === 'sexual_abuse' || draft.confidential)],
    ...(draft.category === 'child_marriage'
      ? [[label('expected'), draft.expectedOn ? dayMonthYear(draft.expectedOn) : label('notKnown')]]
      : []),
  ];
  return lines.map(([name, value]) => `${name}: ${value}`).join('\n');
}
