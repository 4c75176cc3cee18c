// The registry of message templates, for both channels (DOMAIN.md "SMS in India", "WhatsApp"). TRAI
// DLT rules: every SMS to an Indian number must match a template registered with the sender id, fixed
// text with `{#var#}` slots; Meta's rules: every business-initiated WhatsApp message is an approved
// template with `{{1}}` parameters. The texts below are exactly what gets registered with each, and
// nothing but renderSms and whatsAppParameters fills them.
// Privacy by construction: a template can only show the short code, category, village, severity,
// and per template a link, a contact kind or an outcome; rendering takes SmsFacts, never an
// incident, so a description, a child's name, a location or the reporter cannot reach a message.

import { CATEGORY_LABELS, DUTY_LABELS } from '../labels.js';
import { DUTY_IDS, type DutyId } from '../routing.js';
import type { Incident } from '../schemas.js';
import { CATEGORIES, type Category, type ContactKind, LANGUAGES, type Language, type Outcome, type Severity } from '../vocabulary.js';
import { countSegments } from './segments.js';

/** DLT's placeholder for a variable part of a registered template. */
export const SMS_SLOT = '{#var#}';
/** DLT accepts at most 30 characters in a `{#var#}`; the link is the one exception (see renderSms). */
export const SMS_VALUE_MAX_LENGTH = 30;
/** The village name the segment budget below allows for; longer names are shortened to it. */
export const SMS_VILLAGE_MAX_LENGTH = 20;

export interface SmsLabels {
  category: Record<Category, string>;
  severity: Record<Severity, string>;
  outcome: Record<Outcome, string>;
  kind: Record<ContactKind, string>;
  /** A kind as the subject of a short sentence ("Panchayat acknowledged"): the escalation after a community acknowledgement has no room for more. */
  kindShort: Record<ContactKind, string>;
  duty: Record<DutyId, string>;
}

const KIND_SEVERITY_OUTCOME_LABELS: Record<Language, Omit<SmsLabels, 'category' | 'duty'>> = {
  en: {
    severity: { low: 'low', medium: 'medium', high: 'high', critical: 'critical' },
    outcome: {
      marriage_stopped: 'marriage stopped',
      child_rescued: 'child rescued',
      case_registered: 'case registered',
      referred_to_cwc: 'referred to CWC',
      services_linked: 'services linked',
      returned_to_school: 'returned to school',
      family_counselled: 'family counselled',
      no_action_needed: 'no action needed',
      other: 'other',
    },
    kind: {
      volunteer: 'a volunteer',
      coordinator: 'a coordinator',
      funder: 'a funder',
      panchayat: 'Panchayat',
      vlcpc: 'VLCPC',
      school: 'School head',
      smc: 'SMC/CPC',
      anganwadi: 'Anganwadi',
      health: 'Health centre',
      police: 'Police',
      sjpu: 'SJPU',
      ahtu: 'AHTU (police)',
      block: 'Block office (BDO)',
      cmpo: 'CMPO (CDPO)',
      dcpu: 'DCPU',
      cwc: 'CWC',
      dlsa: 'DLSA (legal aid)',
      childline: 'Childline 1098',
      labour: 'Labour department',
    },
    kindShort: {
      volunteer: 'Volunteer',
      coordinator: 'Coordinator',
      funder: 'Funder',
      panchayat: 'Panchayat',
      vlcpc: 'VLCPC',
      school: 'School',
      smc: 'SMC',
      anganwadi: 'Anganwadi',
      health: 'Health',
      police: 'Police',
      sjpu: 'SJPU',
      ahtu: 'AHTU',
      block: 'BDO',
      cmpo: 'CMPO',
      dcpu: 'DCPU',
      cwc: 'CWC',
      dlsa: 'DLSA',
      childline: 'Childline',
      labour: 'Labour',
    },
  },
  bn: {
    severity: { low: 'কম', medium: 'মাঝারি', high: 'গুরুতর', critical: 'অতি জরুরি' },
    outcome: {
      marriage_stopped: 'বিয়ে আটকানো হয়েছে',
      child_rescued: 'শিশু উদ্ধার হয়েছে',
      case_registered: 'মামলা রুজু হয়েছে',
      referred_to_cwc: 'CWC-তে পাঠানো হয়েছে',
      services_linked: 'পরিষেবায় যুক্ত করা হয়েছে',
      returned_to_school: 'স্কুলে ফিরেছে',
      family_counselled: 'পরিবারকে কাউন্সেলিং',
      no_action_needed: 'পদক্ষেপের প্রয়োজন নেই',
      other: 'অন্যান্য',
    },
    kind: {
      volunteer: 'স্বেচ্ছাসেবক',
      coordinator: 'সমন্বয়ক',
      funder: 'অনুদানদাতা',
      panchayat: 'পঞ্চায়েত',
      vlcpc: 'গ্রাম শিশু সুরক্ষা কমিটি',
      school: 'স্কুলের প্রধান শিক্ষক',
      smc: 'SMC/CPC',
      anganwadi: 'অঙ্গনওয়াড়ি',
      health: 'স্বাস্থ্যকেন্দ্র',
      police: 'পুলিশ',
      sjpu: 'SJPU (পুলিশ)',
      ahtu: 'AHTU (পুলিশ)',
      block: 'ব্লক অফিস (BDO)',
      cmpo: 'CMPO (CDPO)',
      dcpu: 'DCPU',
      cwc: 'শিশু কল্যাণ সমিতি',
      dlsa: 'DLSA (আইনি সহায়তা)',
      childline: 'চাইল্ডলাইন ১০৯৮',
      labour: 'শ্রম দপ্তর',
    },
    kindShort: {
      volunteer: 'স্বেচ্ছাসেবক',
      coordinator: 'সমন্বয়ক',
      funder: 'অনুদানদাতা',
      panchayat: 'পঞ্চায়েত',
      vlcpc: 'VLCPC',
      school: 'স্কুল',
      smc: 'SMC',
      anganwadi: 'অঙ্গনওয়াড়ি',
      health: 'স্বাস্থ্য',
      police: 'পুলিশ',
      sjpu: 'SJPU',
      ahtu: 'AHTU',
      block: 'BDO',
      cmpo: 'CMPO',
      dcpu: 'DCPU',
      cwc: 'CWC',
      dlsa: 'DLSA',
      childline: 'চাইল্ডলাইন',
      labour: 'শ্রম দপ্তর',
    },
  },
};

/** Every label an SMS can show, per language; category names come from the one labels table. */
export const SMS_LABELS = Object.fromEntries(
  LANGUAGES.map((language) => [
    language,
    {
      ...KIND_SEVERITY_OUTCOME_LABELS[language],
      category: Object.fromEntries(CATEGORIES.map((category) => [category, CATEGORY_LABELS[category].sms[language]])) as Record<
        Category,
        string
      >,
      duty: Object.fromEntries(DUTY_IDS.map((duty) => [duty, DUTY_LABELS[duty].sms[language]])) as Record<DutyId, string>,
    },
  ]),
) as Record<Language, SmsLabels>;

export type SmsVariable =
  | 'code'
  | 'category'
  | 'village'
  | 'severity'
  | 'link'
  | 'kind'
  | 'acknowledger'
  | 'outcome'
  | 'duty'
  | 'duplicate';

export interface SmsTemplate {
  /** The slots' values, in the order the slots appear in every language's text. */
  variables: readonly SmsVariable[];
  text: Record<Language, string>;
  /** Segments allowed beyond the budget below, and why (README's DLT list says so too). */
  bengaliSegments?: { max: number; why: string };
  /**
   * The WhatsApp template, where it cannot be the SMS text itself: Meta refuses a body that ends with
   * a parameter, and a duty bearer acknowledges with the quick-reply button instead of a link.
   */
  whatsapp?: { variables: readonly SmsVariable[]; text: Record<Language, string>; button?: Record<Language, string> };
}

/** The quick-reply button of the templates that ask a duty bearer to confirm (at most 20 characters). */
const ACKNOWLEDGE_BUTTON: Record<Language, string> = { en: 'Acknowledge', bn: 'নিশ্চিত করছি' };

/** Every English text fits one GSM-7 segment, every Bengali one two UCS-2 segments, unless it says otherwise. */
const SMS_SEGMENT_BUDGET: Record<Language, number> = { en: 1, bn: 2 };

// Lengths are budgeted for the worst case (longest labels, a 20-character village, a 40-character link).
export const SMS_TEMPLATES = {
  first_alert_responder: {
    variables: ['code', 'category', 'village', 'severity', 'link'],
    text: {
      en: 'Suraksha {#var#}: {#var#} in {#var#} ({#var#}). Please act and confirm: {#var#}',
      bn: 'সুরক্ষা {#var#}: {#var#}, {#var#} ({#var#})। ব্যবস্থা নিয়ে জানান: {#var#}',
    },
    whatsapp: {
      variables: ['code', 'category', 'village', 'severity'],
      text: {
        en: 'Suraksha {#var#}: {#var#} in {#var#} ({#var#}). Please act, then tap Acknowledge.',
        bn: 'সুরক্ষা {#var#}: {#var#}, {#var#} ({#var#})। ব্যবস্থা নিয়ে নিচের বোতামে জানান।',
      },
      button: ACKNOWLEDGE_BUTTON,
    },
  },
  first_alert_informed: {
    variables: ['code', 'category', 'village', 'severity'],
    text: {
      en: 'Suraksha {#var#}: {#var#} in {#var#} ({#var#}). Please follow up and support the child and family; never share details in groups.',
      bn: 'সুরক্ষা {#var#}: {#var#}, {#var#} ({#var#})। খোঁজ রাখুন, শিশু ও পরিবারের পাশে থাকুন; গ্রুপে লিখবেন না।',
    },
  },
  escalation: {
    variables: ['code', 'category', 'village', 'link'],
    text: {
      en: 'Suraksha {#var#}: {#var#} in {#var#} was not acknowledged in time. Please act and confirm: {#var#}',
      bn: 'সুরক্ষা {#var#}: {#var#}, {#var#}। সাড়া মেলেনি। ব্যবস্থা নিয়ে জানান: {#var#}',
    },
    whatsapp: {
      variables: ['code', 'category', 'village'],
      text: {
        en: 'Suraksha {#var#}: {#var#} in {#var#} was not acknowledged in time. Please act, then tap Acknowledge.',
        bn: 'সুরক্ষা {#var#}: {#var#}, {#var#}। সাড়া মেলেনি। ব্যবস্থা নিয়ে নিচের বোতামে জানান।',
      },
      button: ACKNOWLEDGE_BUTTON,
    },
  },
  // After someone acknowledged without stopping the ladder (a community member, say): the truth is
  // that it was acknowledged, and that official action is still needed.
  escalation_acknowledged: {
    variables: ['code', 'category', 'village', 'acknowledger', 'link'],
    text: {
      en: 'Suraksha {#var#}: {#var#} in {#var#}. {#var#} acknowledged; official action needed: {#var#}',
      bn: 'সুরক্ষা {#var#}: {#var#}, {#var#}। {#var#} সাড়া দিয়েছে, সরকারি পদক্ষেপ দরকার: {#var#}',
    },
    bengaliSegments: {
      max: 3,
      why: 'who acknowledged and that official action is needed, with the link, do not fit 134 Bengali units',
    },
    whatsapp: {
      variables: ['code', 'category', 'village', 'acknowledger'],
      text: {
        en: 'Suraksha {#var#}: {#var#} in {#var#}. {#var#} acknowledged; official action needed. Please act, then tap Acknowledge.',
        bn: 'সুরক্ষা {#var#}: {#var#}, {#var#}। {#var#} সাড়া দিয়েছে, সরকারি পদক্ষেপ দরকার। ব্যবস্থা নিয়ে নিচের বোতামে জানান।',
      },
      button: ACKNOWLEDGE_BUTTON,
    },
  },
  pre_harm: {
    variables: ['code', 'category', 'village', 'link'],
    text: {
      en: 'Suraksha {#var#}: {#var#} in {#var#} is expected within 24 hours. Please act and confirm: {#var#}',
      bn: 'সুরক্ষা {#var#}: {#var#}, {#var#}। ২৪ ঘণ্টায় ঘটতে পারে। ব্যবস্থা নিন: {#var#}',
    },
    whatsapp: {
      variables: ['code', 'category', 'village'],
      text: {
        en: 'Suraksha {#var#}: {#var#} in {#var#} is expected within 24 hours. Please act, then tap Acknowledge.',
        bn: 'সুরক্ষা {#var#}: {#var#}, {#var#}। ২৪ ঘণ্টায় ঘটতে পারে। ব্যবস্থা নিয়ে নিচের বোতামে জানান।',
      },
      button: ACKNOWLEDGE_BUTTON,
    },
  },
  officials_alerted: {
    variables: ['code', 'category', 'village', 'kind'],
    text: {
      en: 'Suraksha {#var#}: {#var#} in {#var#}: {#var#} has now been alerted too. Thank you for acting.',
      bn: 'সুরক্ষা {#var#}: {#var#}, {#var#}। {#var#}-কেও জানানো হয়েছে। ধন্যবাদ।',
    },
  },
  coverage_gap: {
    variables: ['code', 'category', 'village', 'kind'],
    text: {
      en: 'Suraksha {#var#}: {#var#} in {#var#}: no {#var#} contact to alert. Please phone them and fix the directory.',
      bn: 'সুরক্ষা {#var#}: {#var#}, {#var#}। {#var#}: কোনো যোগাযোগ নেই। ফোন করুন, তালিকা ঠিক করুন।',
    },
  },
  first_alert_possible_duplicate: {
    variables: ['code', 'category', 'village', 'severity', 'duplicate'],
    text: {
      en: 'Suraksha {#var#}: {#var#} in {#var#} ({#var#}), possible duplicate of {#var#}. Please check and follow up.',
      bn: 'সুরক্ষা {#var#}: {#var#}, {#var#} ({#var#})। সম্ভবত {#var#}-এর পুনরাবৃত্তি। যাচাই করুন।',
    },
  },
  harm_follow_up: {
    variables: ['code', 'category', 'village'],
    text: {
      en: 'Suraksha {#var#}: {#var#} in {#var#} was expected by now and is not resolved. Please find out what happened and record it.',
      bn: 'সুরক্ষা {#var#}: {#var#}, {#var#}। সময় পেরিয়েছে, নিষ্পত্তি হয়নি। কী হয়েছে জেনে নথিভুক্ত করুন।',
    },
  },
  duty_overdue: {
    variables: ['code', 'category', 'village', 'duty'],
    text: {
      en: 'Suraksha {#var#}: {#var#} in {#var#}: legal duty overdue: {#var#}. Please act and record the reference.',
      bn: 'সুরক্ষা {#var#}: {#var#}, {#var#}। আইনি দায়িত্ব বাকি: {#var#}। ব্যবস্থা নিয়ে নম্বর লিখুন।',
    },
  },
  reminder: {
    variables: ['code', 'category', 'village'],
    text: {
      en: 'Suraksha {#var#}: {#var#} in {#var#} was acknowledged but no action is recorded yet. Please act now and record what was done.',
      bn: 'সুরক্ষা {#var#}: {#var#}, {#var#}। সাড়া মিলেছে, কিন্তু কোনো পদক্ষেপ নথিভুক্ত হয়নি। ব্যবস্থা নিয়ে জানান।',
    },
  },
  status_acknowledged: {
    variables: ['code', 'category', 'village', 'kind'],
    text: {
      en: 'Suraksha {#var#}: {#var#} in {#var#} was acknowledged by {#var#}.',
      bn: 'সুরক্ষা {#var#}: {#var#}, {#var#}। সাড়া দিয়েছে: {#var#}।',
    },
  },
  status_resolved: {
    variables: ['code', 'category', 'village', 'outcome'],
    text: {
      en: 'Suraksha {#var#}: {#var#} in {#var#} is resolved: {#var#}.',
      bn: 'সুরক্ষা {#var#}: {#var#}, {#var#}। নিষ্পত্তি: {#var#}।',
    },
  },
  ladder_exhausted: {
    variables: ['code', 'category', 'village', 'severity'],
    text: {
      en: 'Suraksha {#var#}: {#var#} in {#var#} ({#var#}): no one acknowledged; all escalation steps used. Please phone the duty bearers now.',
      bn: 'সুরক্ষা {#var#}: {#var#}, {#var#} ({#var#})। কেউ সাড়া দেননি, সব ধাপ শেষ। এখনই দায়িত্বপ্রাপ্তদের ফোন করুন।',
    },
  },
  // To a service provider (DOMAIN.md "Data protection"): consent was withdrawn, so no further referral.
  // Its code is the linkage's childRef, the programme's opaque code (never a name); see linkageFactsOf.
  consent_withdrawn: {
    variables: ['code', 'village'],
    text: {
      en: 'Suraksha {#var#}: consent for the service referral in {#var#} was withdrawn. Please stop the referral; the coordinator will explain.',
      bn: 'সুরক্ষা {#var#}: {#var#}-এর পরিষেবা রেফারালের সম্মতি প্রত্যাহার হয়েছে। রেফারাল বন্ধ রাখুন; সমন্বয়ক জানাবেন।',
    },
  },
  // Reached on no channel: neither its WhatsApp message (if it has WhatsApp) nor its SMS arrived.
  delivery_failed: {
    variables: ['code', 'category', 'village', 'kind'],
    text: {
      en: 'Suraksha {#var#}: the alert about {#var#} in {#var#} did not reach {#var#}. Please phone them.',
      bn: 'সুরক্ষা {#var#}: {#var#}, {#var#}। বার্তা পৌঁছায়নি: {#var#}। অনুগ্রহ করে ফোন করুন।',
    },
  },
} as const satisfies Record<string, SmsTemplate>;

export type SmsTemplateId = keyof typeof SMS_TEMPLATES;
export const SMS_TEMPLATE_IDS = Object.keys(SMS_TEMPLATES) as SmsTemplateId[];

/** The segments a template may take in the worst case, in a language. */
export function segmentBudget(id: SmsTemplateId, language: Language): number {
  const template: SmsTemplate = SMS_TEMPLATES[id];
  return language === 'bn' ? (template.bengaliSegments?.max ?? SMS_SEGMENT_BUDGET.bn) : SMS_SEGMENT_BUDGET.en;
}

// ── DLT template ids (configuration: each text is registered once per language) ──────────────
export type DltTemplateIds = Record<SmsTemplateId, Record<Language, string>>;

const DLT_TEMPLATE_ID = /^\d{19}$/;

/**
 * Parses the configured map; it must name an id for every (template, language) pair. Checked by
 * hand rather than with zod: the notifier reads it at cold start and needs nothing else of zod.
 */
export function parseDltTemplateIds(json: string): DltTemplateIds {
  let raw: unknown;
  try {
    raw = JSON.parse(json);
  } catch {
    throw new Error('DLT template ids: not valid JSON');
  }
  const problems: string[] = [];
  const isObject = (value: unknown): value is Record<string, unknown> =>
    typeof value === 'object' && value !== null && !Array.isArray(value);
  if (!isObject(raw)) throw new Error('DLT template ids: must be an object of template ids');
  for (const key of Object.keys(raw)) if (!(SMS_TEMPLATE_IDS as string[]).includes(key)) problems.push(`${key}: not a template`);
  for (const templateId of SMS_TEMPLATE_IDS) {
    const perLanguage = raw[templateId];
    if (!isObject(perLanguage)) {
      problems.push(`${templateId}: missing`);
      continue;
    }
    for (const key of Object.keys(perLanguage))
      if (!(LANGUAGES as readonly string[]).includes(key)) problems.push(`${templateId}.${key}: not a language`);
    for (const language of LANGUAGES) {
      const id = perLanguage[language];
      if (typeof id !== 'string' || !DLT_TEMPLATE_ID.test(id))
        problems.push(`${templateId}.${language}: must be a 19-digit DLT template id`);
    }
  }
  if (problems.length === 0) {
    const all = SMS_TEMPLATE_IDS.flatMap((templateId) => Object.values(raw[templateId] as Record<string, string>));
    if (new Set(all).size !== all.length) problems.push('each template and language must have its own DLT template id');
  }
  if (problems.length > 0) throw new Error(`DLT template ids: ${problems.join('; ')}`);
  return raw as DltTemplateIds;
}

/** Obviously fake ids (1007 then a serial number) for local runs and tests. */
export const LOCAL_DLT_TEMPLATE_IDS = Object.fromEntries(
  SMS_TEMPLATE_IDS.map((id, index) => [
    id,
    Object.fromEntries(
      LANGUAGES.map((language, offset) => [language, `1007${String(index * LANGUAGES.length + offset + 1).padStart(15, '0')}`]),
    ),
  ]),
) as DltTemplateIds;

// ── rendering ────────────────────────────────────────────────────────────────────────────────
/** The only facts about an incident an SMS may carry (DOMAIN.md "Privacy rules"). */
export interface SmsFacts {
  readonly shortCode: string;
  readonly category: Category;
  readonly severity: Severity;
  readonly villageName: string;
}

export function smsFactsOf(incident: Incident, villageName: string): SmsFacts {
  return {
    shortCode: incident.shortCode,
    category: incident.category,
    severity: incident.severity,
    villageName: [...villageName].slice(0, SMS_VILLAGE_MAX_LENGTH).join('').trim(),
  };
}

/**
 * A linkage's facts for the one template about it (consent_withdrawn), which shows only its code and
 * village: the code is its childRef; a linkage has no category or severity, and that text shows none.
 */
export function linkageFactsOf(linkage: { childRef: string }, villageName: string): SmsFacts {
  return {
    shortCode: linkage.childRef,
    category: 'other',
    severity: 'low',
    villageName: [...villageName].slice(0, SMS_VILLAGE_MAX_LENGTH).join('').trim(),
  };
}

/** Values a template needs beyond the facts, by variable name. */
interface ExtraValues {
  /** The acknowledgement link, on the DLT-whitelisted short domain. */
  link: string;
  kind: ContactKind;
  acknowledger: ContactKind;
  outcome: Outcome;
  duty: DutyId;
  /** The short code of the earlier report this one may repeat. */
  duplicate: string;
}
type VariablesOf<T extends SmsTemplateId> = (typeof SMS_TEMPLATES)[T]['variables'][number];
/** What renderSms needs for template T: the facts, plus exactly the extras its text shows. */
export type SmsValues<T extends SmsTemplateId> = { facts: SmsFacts } & Pick<ExtraValues, Extract<VariablesOf<T>, keyof ExtraValues>>;

export interface RenderedSms {
  text: string;
  dltTemplateId: string;
  segments: number;
}

// Messages name the variable, never its value.
const CONTROL_CHARACTER = /\p{Cc}/u;
const LINK = /^https?:\/\/[^\s\p{Cc}]+$/u;

function slotValue(variable: SmsVariable, labels: SmsLabels, values: { facts: SmsFacts } & Partial<ExtraValues>): string {
  const { facts } = values;
  const value = {
    code: () => facts.shortCode,
    category: () => labels.category[facts.category],
    village: () => facts.villageName,
    severity: () => labels.severity[facts.severity],
    link: () => values.link,
    kind: () => values.kind && labels.kind[values.kind],
    acknowledger: () => values.acknowledger && labels.kindShort[values.acknowledger],
    outcome: () => values.outcome && labels.outcome[values.outcome],
    duty: () => values.duty && labels.duty[values.duty],
    duplicate: () => values.duplicate,
  }[variable]();
  if (typeof value !== 'string' || value.length === 0) throw new Error(`SMS variable ${variable} is missing`);
  if (variable === 'link') {
    if (!LINK.test(value)) throw new Error('SMS variable link must be an http(s) URL without spaces');
  } else if (CONTROL_CHARACTER.test(value) || [...value].length > SMS_VALUE_MAX_LENGTH) {
    throw new Error(`SMS variable ${variable} must be at most ${SMS_VALUE_MAX_LENGTH} characters on one line`);
  }
  return value;
}

/** The slots' values of a text in order, in the recipient's language; throws when one is missing or too long for DLT. */
function slotValues(variables: readonly SmsVariable[], language: Language, values: TemplateValues): string[] {
  return variables.map((variable) => slotValue(variable, SMS_LABELS[language], values));
}

/** What a message says, before a channel renders it: a template and its values, checked against each other where it is made. */
export interface TemplateMessage {
  template: SmsTemplateId;
  values: TemplateValues;
}
type TemplateValues = { facts: SmsFacts } & Partial<ExtraValues>;

/** A template and exactly the values its texts show, as a channel-neutral message. */
export function messageOf<T extends SmsTemplateId>(template: T, values: SmsValues<T>): TemplateMessage {
  return { template, values };
}

/** Fills the template's slots in order; throws when a value is missing or too long for DLT. */
export function renderSms<T extends SmsTemplateId>(
  templateId: T,
  language: Language,
  values: SmsValues<T>,
  dltTemplateIds: DltTemplateIds,
): RenderedSms {
  return renderSmsMessage(messageOf(templateId, values), language, dltTemplateIds);
}

export function renderSmsMessage(
  { template: templateId, values }: TemplateMessage,
  language: Language,
  dltTemplateIds: DltTemplateIds,
): RenderedSms {
  const template: SmsTemplate = SMS_TEMPLATES[templateId];
  const text = fillSlots(template.text[language], slotValues(template.variables, language, values));
  return { text, dltTemplateId: dltTemplateIds[templateId][language], segments: countSegments(text).segments };
}

// Split and join rather than String.replace, whose replacement patterns ($&, $1) a value could trigger.
const fillSlots = (text: string, values: readonly string[]) =>
  text
    .split(SMS_SLOT)
    .map((fixed, index) => fixed + (values[index] ?? ''))
    .join('');

// ── WhatsApp: the same registry as Meta templates ─────────────────────────────────────────────
/** A template as registered with Meta: its body with `{{1}}` parameters, and its quick-reply button if any. */
export interface WhatsAppTemplate {
  variables: readonly SmsVariable[];
  body: Record<Language, string>;
  button?: Record<Language, string>;
}

export function whatsAppTemplateOf(templateId: SmsTemplateId): WhatsAppTemplate {
  const template: SmsTemplate = SMS_TEMPLATES[templateId];
  const { variables, text, button } = template.whatsapp ?? { variables: template.variables, text: template.text };
  const numbered = (language: Language) =>
    text[language]
      .split(SMS_SLOT)
      .map((fixed, index) => (index === 0 ? fixed : `{{${index}}}${fixed}`))
      .join('');
  return { variables, body: { en: numbered('en'), bn: numbered('bn') }, ...(button ? { button } : {}) };
}

export interface RenderedWhatsApp {
  /** The body's parameters, in order. */
  parameters: string[];
  /** The body as the recipient reads it: for the local console and tests. */
  text: string;
  /** Whether the template has the quick-reply button that acknowledges. */
  acknowledges: boolean;
}

/** The parameters of a WhatsApp template, by the same rules as an SMS's slots. */
export function renderWhatsApp({ template: templateId, values }: TemplateMessage, language: Language): RenderedWhatsApp {
  const template = whatsAppTemplateOf(templateId);
  const parameters = slotValues(template.variables, language, values);
  const text = template.body[language].replace(/\{\{(\d+)\}\}/g, (_, index: string) => parameters[Number(index) - 1] ?? '');
  return { parameters, text, acknowledges: template.button !== undefined };
}

// ── WhatsApp template names (configuration: Meta names each approved template) ──────────────────
export type WhatsAppTemplateNames = Record<SmsTemplateId, string>;
const META_TEMPLATE_NAME = /^[a-z0-9_]{1,512}$/;

/** Unless configuration says otherwise, each template is submitted to Meta as `suraksha_<id>`. */
export const DEFAULT_WHATSAPP_TEMPLATE_NAMES = Object.fromEntries(
  SMS_TEMPLATE_IDS.map((id) => [id, `suraksha_${id}`]),
) as WhatsAppTemplateNames;

/** A JSON map of template id to Meta template name; ids left out keep their default name. */
export function parseWhatsAppTemplateNames(json: string): WhatsAppTemplateNames {
  let raw: unknown;
  try {
    raw = JSON.parse(json);
  } catch {
    throw new Error('WhatsApp template names: not valid JSON');
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw new Error('WhatsApp template names: must be an object');
  const problems: string[] = [];
  for (const [id, name] of Object.entries(raw)) {
    if (!(SMS_TEMPLATE_IDS as string[]).includes(id)) problems.push(`${id}: not a template`);
    else if (typeof name !== 'string' || !META_TEMPLATE_NAME.test(name))
      problems.push(`${id}: must be lower-case letters, digits and underscores`);
  }
  if (problems.length > 0) throw new Error(`WhatsApp template names: ${problems.join('; ')}`);
  return { ...DEFAULT_WHATSAPP_TEMPLATE_NAMES, ...(raw as Partial<WhatsAppTemplateNames>) };
}

// ── what is submitted to Meta for review ───────────────────────────────────────────────────────
/** Values Meta's reviewers see in the examples: a child marriage in Hingalganj. */
const REVIEW_EXAMPLE: TemplateValues = {
  facts: { shortCode: 'K7QM2P', category: 'child_marriage', severity: 'high', villageName: 'Hingalganj' },
  link: 'https://sk.example.in/a/AbCdEfGhIjKlMnOp',
  kind: 'panchayat',
  acknowledger: 'panchayat',
  outcome: 'marriage_stopped',
  duty: 'cmpo_informed',
  duplicate: 'HPCW8Y',
};

/**
 * A template as Meta's message template API (and End User Messaging Social's
 * CreateWhatsAppMessageTemplate) takes it: utility category, the body with an example, and the
 * Acknowledge quick-reply button where the template has one.
 */
export function whatsAppTemplateSubmission(templateId: SmsTemplateId, language: Language, names: WhatsAppTemplateNames) {
  const template = whatsAppTemplateOf(templateId);
  const { parameters } = renderWhatsApp({ template: templateId, values: REVIEW_EXAMPLE }, language);
  return {
    name: names[templateId],
    language,
    category: 'UTILITY',
    components: [
      { type: 'BODY', text: template.body[language], example: { body_text: [parameters] } },
      ...(template.button ? [{ type: 'BUTTONS', buttons: [{ type: 'QUICK_REPLY', text: template.button[language] }] }] : []),
    ],
  };
}
