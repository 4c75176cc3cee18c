// 5. SMS segments per template and language, rendered with the longest values: the longest label of
// each kind, a real-size short code and acknowledgement link on a short custom domain (DOMAIN.md), and
// a village name as long as the notifier lets through (smsFactsOf shortens it to the budget).

import { newAckToken } from '../../functions/alert-wiring.js';
import { SHORT_CODE_ALPHABET, SHORT_CODE_LENGTH } from '../../functions/domain/short-code.js';
import { countSegments } from '../../functions/domain/sms/segments.js';
import {
  LOCAL_DLT_TEMPLATE_IDS,
  renderSms,
  SMS_LABELS,
  SMS_TEMPLATE_IDS,
  SMS_VILLAGE_MAX_LENGTH,
  type SmsTemplateId,
  type SmsValues,
  segmentBudget,
} from '../../functions/domain/sms/templates.js';
import { LANGUAGES, type Language } from '../../functions/domain/vocabulary.js';
import { type Section, target, verdict } from '../support/report.js';

const ACK_LINK = `https://sk.example.in/a/${newAckToken()}`;
/** Without the custom domain the stack links to the API's own host (suraksha-stack.ts). */
const EXECUTE_API_LINK = `https://abcdef1234.execute-api.ap-south-1.amazonaws.com/a/${newAckToken()}`;
const LATIN_VILLAGE = 'Dakshin Kashipur Uttar Paschim';
/** A coordinator may type the name in Bengali script: then every text that shows it is UCS-2. */
const BENGALI_VILLAGE = 'দক্ষিণ কাশীপুর উত্তর পশ্চিম পাড়া';

/** The key whose label takes the most units to send. */
function longest<K extends string>(labels: Record<K, string>): K {
  const units = (key: K) => countSegments(labels[key]).units;
  return (Object.keys(labels) as K[]).reduce((best, key) => (units(key) > units(best) ? key : best));
}

function render(id: SmsTemplateId, language: Language, village: { name: string; length: number }, link = ACK_LINK) {
  const labels = SMS_LABELS[language];
  const values = {
    facts: {
      shortCode: SHORT_CODE_ALPHABET.slice(0, SHORT_CODE_LENGTH),
      category: longest(labels.category),
      severity: longest(labels.severity),
      villageName: village.name.slice(0, village.length),
    },
    link,
    kind: longest(labels.kind),
    acknowledger: longest(labels.kindShort),
    outcome: longest(labels.outcome),
    duty: longest(labels.duty),
    duplicate: SHORT_CODE_ALPHABET.slice(-SHORT_CODE_LENGTH),
  };
  const { text } = renderSms(id, language, values as SmsValues<typeof id>, LOCAL_DLT_TEMPLATE_IDS);
  return { text, chars: [...text].length, ...countSegments(text) };
}

export function measureSmsSegments(): Section {
  const budgeted = { name: LATIN_VILLAGE, length: SMS_VILLAGE_MAX_LENGTH };
  const rendered = SMS_TEMPLATE_IDS.flatMap((id) =>
    LANGUAGES.map((language) => ({
      id,
      language,
      budgeted: render(id, language, budgeted),
      bengaliScript: render(id, language, { name: BENGALI_VILLAGE, length: SMS_VILLAGE_MAX_LENGTH }),
    })),
  );
  const overBudget = (language: Language) =>
    rendered.filter((sms) => sms.language === language && sms.budgeted.segments > segmentBudget(sms.id, language)).length;
  const targets = LANGUAGES.map((language) =>
    target(`SMS ${language} templates over their segment budget, ${SMS_VILLAGE_MAX_LENGTH}-char village`, overBudget(language), 0),
  );
  const executeApi = render('first_alert_responder', 'en', budgeted, EXECUTE_API_LINK);
  const withinBudget = (id: SmsTemplateId, language: Language, segments: number) =>
    `${segments} ${verdict(segments <= segmentBudget(id, language))}`;

  return {
    title: '5. SMS segments per template and language (worst case)',
    columns: [
      'template',
      'lang',
      'encoding',
      'budget',
      `chars (${SMS_VILLAGE_MAX_LENGTH}-char village)`,
      'segments',
      'Bengali-script village: encoding, segments',
    ],
    rows: rendered.map(({ id, language, budgeted: short, bengaliScript }) => [
      id,
      language,
      short.encoding,
      String(segmentBudget(id, language)),
      String(short.units),
      withinBudget(id, language, short.segments),
      `${bengaliScript.encoding}, ${bengaliScript.segments}`,
    ]),
    notes: [
      `Values: code ${SHORT_CODE_LENGTH} characters, the longest label of each kind, link ${ACK_LINK.length} characters (${ACK_LINK.replace(/[^/]+$/, '<token>')}); chars are GSM-7 septets or UCS-2 code units.`,
      'escalation_acknowledged may take 3 Bengali segments: who acknowledged and that official action is needed, with the link, do not fit 134 units (README, DLT templates).',
      `The notifier shortens village names to ${SMS_VILLAGE_MAX_LENGTH} characters (SMS_VILLAGE_MAX_LENGTH), the length templates.ts budgets for.`,
      `Without the custom link domain (execute-api host, ${EXECUTE_API_LINK.length}-character link) first_alert_responder in English is ${executeApi.segments} segments.`,
    ],
    targets,
    figures: rendered,
  };
}
