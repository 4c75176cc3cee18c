// The SMS template registry: rendered texts match what is registered on DLT, fit their segment
// budget in the worst case, and carry nothing but the facts an SMS may carry.
import { countSegments } from '../../functions/domain/sms/segments.js';
import {
  LOCAL_DLT_TEMPLATE_IDS,
  parseDltTemplateIds,
  renderSms,
  SMS_LABELS,
  SMS_SLOT,
  SMS_TEMPLATE_IDS,
  SMS_TEMPLATES,
  SMS_VALUE_MAX_LENGTH,
  type SmsFacts,
  type SmsLabels,
  type SmsTemplate,
  type SmsTemplateId,
  type SmsValues,
  segmentBudget,
  smsFactsOf,
} from '../../functions/domain/sms/templates.js';
import { CATEGORIES, CONTACT_KINDS, LANGUAGES, type Language, OUTCOMES, SEVERITIES } from '../../functions/domain/vocabulary.js';
import { anIncident } from '../support/fixtures.js';
import { required } from '../support/required.js';

const LINK = 'https://sk.example.in/a/AbCdEfGhIjKlMnOp';
const VILLAGE_OF_20 = 'Dakshin Kashipur Pal';

/** The key whose label is longest: the worst case for a message's length. */
function longest<K extends string>(labels: Record<K, string>): K {
  const keys = Object.keys(labels) as K[];
  return keys.reduce((best, key) => (labels[key].length > labels[best].length ? key : best));
}

/** Values for any template (extra ones are ignored), built on the given facts. */
function valuesFor(language: Language, facts?: SmsFacts) {
  const labels = SMS_LABELS[language];
  return {
    facts: facts ?? {
      shortCode: 'K7QM2P',
      category: longest(labels.category),
      severity: longest(labels.severity),
      villageName: VILLAGE_OF_20,
    },
    link: LINK,
    kind: longest(labels.kind),
    acknowledger: longest(labels.kindShort),
    outcome: longest(labels.outcome),
    duty: longest(labels.duty),
    // A short code is six characters, like the incident's own.
    duplicate: 'H7QM2X',
  };
}

const render = (id: SmsTemplateId, language: Language, facts?: SmsFacts) =>
  renderSms(id, language, valuesFor(language, facts) as SmsValues<typeof id>, LOCAL_DLT_TEMPLATE_IDS);

const everyTemplateAndLanguage = SMS_TEMPLATE_IDS.flatMap((id) => LANGUAGES.map((language) => [id, language] as const));

/** The registered text as DLT matches it: fixed parts literally, each slot as a bounded variable. */
function registeredPattern(id: SmsTemplateId, language: Language): RegExp {
  const template: SmsTemplate = SMS_TEMPLATES[id];
  const escapeRegExp = (fixed: string) => fixed.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const pattern = template.text[language]
    .split(SMS_SLOT)
    .map((fixed, index) => {
      const variable = template.variables[index];
      if (variable === undefined) return escapeRegExp(fixed);
      return escapeRegExp(fixed) + (variable === 'link' ? 'https://\\S+' : `.{1,${SMS_VALUE_MAX_LENGTH}}`);
    })
    .join('');
  return new RegExp(`^${pattern}$`, 'u');
}

describe('the template registry', () => {
  test.each(everyTemplateAndLanguage)('%s (%s) has one slot per variable and the Suraksha prefix', (id, language) => {
    const template: SmsTemplate = SMS_TEMPLATES[id];
    expect(template.text[language].split(SMS_SLOT)).toHaveLength(template.variables.length + 1);
    expect(template.variables[0]).toBe('code');
    expect(template.text[language].startsWith(language === 'en' ? 'Suraksha {#var#}: ' : 'সুরক্ষা {#var#}: ')).toBe(true);
  });

  test('only the alerts to a duty bearer carry the acknowledgement link', () => {
    const withLink = SMS_TEMPLATE_IDS.filter((id) => (SMS_TEMPLATES[id].variables as readonly string[]).includes('link'));
    expect(withLink.sort()).toEqual(['escalation', 'escalation_acknowledged', 'first_alert_responder', 'pre_harm']);
  });
});

describe('renderSms in the worst case (longest labels, a 20-character village, a 40-character link)', () => {
  test.each(everyTemplateAndLanguage)('%s (%s) matches its registered template', (id, language) => {
    expect(render(id, language).text).toMatch(registeredPattern(id, language));
  });

  test.each(SMS_TEMPLATE_IDS)('%s in English is GSM-7 and fits one segment', (id) => {
    const { text, segments } = render(id, 'en');
    expect(countSegments(text)).toMatchObject({ encoding: 'GSM-7', segments: 1 });
    expect(segments).toBe(1);
  });

  test.each(SMS_TEMPLATE_IDS)('%s in Bengali fits its budget (two segments unless the template says why not)', (id) => {
    const { text, segments } = render(id, 'bn');
    expect(countSegments(text).encoding).toBe('UCS-2');
    expect(segments).toBeLessThanOrEqual(segmentBudget(id, 'bn'));
  });

  test.each(everyTemplateAndLanguage)('%s (%s) comes with its own DLT template id', (id, language) => {
    expect(render(id, language).dltTemplateId).toBe(LOCAL_DLT_TEMPLATE_IDS[id][language]);
  });
});

describe('renderSms', () => {
  const facts: SmsFacts = { shortCode: 'K7QM2P', category: 'child_marriage', severity: 'high', villageName: 'Dulduli' };

  test('fills the slots in order with the labels of the language', () => {
    expect(renderSms('first_alert_responder', 'en', { facts, link: LINK }, LOCAL_DLT_TEMPLATE_IDS).text).toBe(
      `Suraksha K7QM2P: Child marriage in Dulduli (high). Please act and confirm: ${LINK}`,
    );
    expect(renderSms('status_resolved', 'bn', { facts, outcome: 'marriage_stopped' }, LOCAL_DLT_TEMPLATE_IDS).text).toBe(
      'সুরক্ষা K7QM2P: বাল্যবিবাহ, Dulduli। নিষ্পত্তি: বিয়ে আটকানো হয়েছে।',
    );
  });

  test('a value is put in literally, even with replacement patterns in it', () => {
    const text = renderSms('reminder', 'en', { facts: { ...facts, villageName: "$& $1 $'" } }, LOCAL_DLT_TEMPLATE_IDS).text;
    expect(text).toContain("in $& $1 $' was");
  });

  const refusals: [string, Partial<SmsFacts>, RegExp][] = [
    ['a value longer than 30 characters', { villageName: 'v'.repeat(31) }, /village must be at most 30 characters on one line/],
    ['a value with a line break', { villageName: 'Dulduli\nCall 9812345678' }, /village must be at most 30 characters on one line/],
    ['an empty value', { villageName: '' }, /village is missing/],
  ];
  test.each(refusals)('refuses %s, without quoting it', (_, change, message) => {
    const render = () => renderSms('reminder', 'en', { facts: { ...facts, ...change } }, LOCAL_DLT_TEMPLATE_IDS);
    expect(render).toThrow(message);
    expect(render).not.toThrow(/9812345678|vvvv/);
  });

  test('accepts a value of exactly 30 characters', () => {
    expect(() => renderSms('reminder', 'en', { facts: { ...facts, villageName: 'v'.repeat(30) } }, LOCAL_DLT_TEMPLATE_IDS)).not.toThrow();
  });

  test.each(['not a link', 'https://sk.example.in/a/with space', 'ftp://sk.example.in/a/x', 'https://sk.example.in/a/x\n'])(
    'refuses the link %j',
    (link) => {
      expect(() => renderSms('escalation', 'en', { facts, link }, LOCAL_DLT_TEMPLATE_IDS)).toThrow(/link must be an http\(s\) URL/);
    },
  );

  test('refuses a missing extra value (a caller that got around the types)', () => {
    const values = { facts } as SmsValues<'status_acknowledged'>;
    expect(() => renderSms('status_acknowledged', 'en', values, LOCAL_DLT_TEMPLATE_IDS)).toThrow(/kind is missing/);
  });
});

describe('privacy by construction', () => {
  const PHONE_WITH_CODE = '+919812345678';
  const PHONE = '9812345678';
  const incident = anIncident({
    shortCode: 'K7QM2P',
    category: 'sexual_abuse',
    severity: 'critical',
    child: { ageBand: '12-14', gender: 'girl', name: 'Rupa Mondal' },
    description: `Rupa Mondal is hurt. Her uncle can be reached on ${PHONE_WITH_CODE} or ${PHONE}.`,
    location: 'Behind the brick kiln near the pond',
  });
  const facts = smsFactsOf(incident, 'Dulduli');

  test('smsFactsOf keeps only the short code, category, severity and village name', () => {
    expect(facts).toEqual({ shortCode: 'K7QM2P', category: 'sexual_abuse', severity: 'critical', villageName: 'Dulduli' });
  });

  test.each(everyTemplateAndLanguage)('%s (%s) carries no description, name, location, phone or reporter', (id, language) => {
    const { text } = render(id, language, facts);
    for (const secret of [
      PHONE,
      'Rupa',
      'Mondal',
      'uncle',
      'kiln',
      'pond',
      incident.reportedBy.sub,
      required(incident.reportedBy.contactId, "the reporter's contact id"),
    ]) {
      expect(text).not.toContain(secret);
    }
    expect(text).not.toMatch(/\d{10}/);
  });
});

describe('labels', () => {
  const vocabularies: [keyof SmsLabels, readonly string[]][] = [
    ['category', CATEGORIES],
    ['severity', SEVERITIES],
    ['outcome', OUTCOMES],
    ['kind', CONTACT_KINDS],
  ];
  test.each(LANGUAGES.flatMap((language) => vocabularies.map(([vocabulary, values]) => [language, vocabulary, values] as const)))(
    '%s has a label for every %s, short enough for a slot',
    (language, vocabulary, values) => {
      const labels: Record<string, string> = SMS_LABELS[language][vocabulary];
      expect(Object.keys(labels).sort()).toEqual([...values].sort());
      for (const label of Object.values(labels)) {
        expect(label.trim()).toBe(label);
        expect(label.length).toBeGreaterThan(0);
        expect([...label].length).toBeLessThanOrEqual(SMS_VALUE_MAX_LENGTH);
      }
    },
  );

  test('Bengali labels are in Bengali script, not English copies', () => {
    for (const vocabulary of ['category', 'severity', 'outcome'] as const) {
      for (const label of Object.values<string>(SMS_LABELS.bn[vocabulary])) expect(label).toMatch(/[\u0980-\u09FF]/u);
    }
  });
});

describe('parseDltTemplateIds', () => {
  const local = () => JSON.parse(JSON.stringify(LOCAL_DLT_TEMPLATE_IDS)) as Record<string, Record<string, string>>;

  test('accepts an id for every template and language', () => {
    expect(parseDltTemplateIds(JSON.stringify(LOCAL_DLT_TEMPLATE_IDS))).toEqual(LOCAL_DLT_TEMPLATE_IDS);
  });

  test('the local ids are obviously fake, 19 digits and distinct', () => {
    const ids = Object.values(LOCAL_DLT_TEMPLATE_IDS).flatMap((perLanguage) => Object.values(perLanguage));
    expect(ids).toHaveLength(SMS_TEMPLATE_IDS.length * LANGUAGES.length);
    expect(new Set(ids).size).toBe(ids.length);
    expect(LOCAL_DLT_TEMPLATE_IDS.first_alert_responder.bn).toBe('1007000000000000001');
    for (const id of ids) expect(id).toMatch(/^1007000000000\d{6}$/);
  });

  test('refuses a missing (template, language) pair, naming it', () => {
    const ids = local();
    delete required(ids.escalation, 'the escalation ids').bn;
    expect(() => parseDltTemplateIds(JSON.stringify(ids))).toThrow(/escalation\.bn/);
  });

  test('refuses a missing template', () => {
    const ids = local();
    delete ids.delivery_failed;
    expect(() => parseDltTemplateIds(JSON.stringify(ids))).toThrow(/delivery_failed/);
  });

  test('refuses an unknown template, a malformed id, a shared id and text that is not JSON', () => {
    expect(() =>
      parseDltTemplateIds(JSON.stringify({ ...local(), welcome: { en: '1007000000000000099', bn: '1007000000000000098' } })),
    ).toThrow(/welcome/);
    const malformed = local();
    required(malformed.reminder, 'the reminder ids').en = '12345';
    expect(() => parseDltTemplateIds(JSON.stringify(malformed))).toThrow(/19-digit/);
    const shared = local();
    const reminder = required(shared.reminder, 'the reminder ids');
    reminder.en = required(reminder.bn, 'the Bengali reminder id');
    expect(() => parseDltTemplateIds(JSON.stringify(shared))).toThrow(/its own DLT template id/);
    expect(() => parseDltTemplateIds('{')).toThrow(/not valid JSON/);
  });
});

test('a long village name is shortened to the length the segment budget allows', () => {
  const facts = smsFactsOf(anIncident(), 'Hingalganj Purba Gram Panchayat Area');
  expect(facts.villageName).toBe('Hingalganj Purba Gra');
  const rendered = renderSms('escalation', 'en', { facts, link: 'https://sk.example.in/a/AbCdEfGhIjKlMnOp' }, LOCAL_DLT_TEMPLATE_IDS);
  expect(rendered.segments).toBe(1);
});
