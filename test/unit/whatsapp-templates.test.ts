// The WhatsApp side of the template registry, as Meta will review it, and the chat's own words as
// WhatsApp's limits allow them: every template a body Meta accepts (no parameter at either end, none
// side by side, as many as its variables), a link nowhere (the button acknowledges instead), a button
// that fits; every list row and button of the chat within its characters; every name a valid one.
import { describe, expect, test } from '@jest/globals';
import { CATEGORY_LABELS } from '../../functions/domain/labels.js';
import {
  DEFAULT_WHATSAPP_TEMPLATE_NAMES,
  messageOf,
  parseWhatsAppTemplateNames,
  renderWhatsApp,
  SMS_TEMPLATE_IDS,
  whatsAppTemplateOf,
  whatsAppTemplateSubmission,
} from '../../functions/domain/sms/templates.js';
import { CATEGORIES, LANGUAGES } from '../../functions/domain/vocabulary.js';
import { CATEGORY_GROUPS, type ChatReply, continueChat, dateOf, startChat } from '../../functions/domain/whatsapp/chat.js';
import { AGE_BAND_LABELS, CHAT_LABELS, GENDER_LABELS } from '../../functions/domain/whatsapp/chat-texts.js';
import { WHATSAPP_LIMITS } from '../../functions/domain/whatsapp/cloud-api.js';

const cases = SMS_TEMPLATE_IDS.flatMap((id) => LANGUAGES.map((language) => [id, language] as const));

describe('the templates submitted to Meta', () => {
  test.each(cases)('%s (%s): no parameter at either end or side by side, numbered {{1}} to {{n}} in order', (id, language) => {
    const { body, variables } = whatsAppTemplateOf(id);
    const text = body[language];
    const numbers = [...text.matchAll(/\{\{(\d+)\}\}/g)].map((match) => Number(match[1]));
    expect(numbers).toEqual(variables.map((_, index) => index + 1));
    expect(text.trim()).not.toMatch(/^\{\{|\}\}$/);
    expect(text).not.toMatch(/\}\}\s*\{\{/);
    expect(text).not.toContain('{#var#}');
  });

  test('carry no link: the templates that ask a duty bearer to act have the Acknowledge button instead, within 20 characters', () => {
    const withButton = SMS_TEMPLATE_IDS.filter((id) => whatsAppTemplateOf(id).button);
    expect(withButton.sort()).toEqual(['escalation', 'escalation_acknowledged', 'first_alert_responder', 'pre_harm']);
    for (const id of SMS_TEMPLATE_IDS) {
      const { variables, button } = whatsAppTemplateOf(id);
      expect(variables).not.toContain('link');
      for (const language of LANGUAGES) expect([...(button?.[language] ?? '')].length).toBeLessThanOrEqual(WHATSAPP_LIMITS.buttonTitle);
    }
  });

  test('are rendered from the same facts as the SMS, the link left out', () => {
    const facts = { shortCode: 'K7QM2P', category: 'child_marriage', severity: 'high', villageName: 'Hingalganj' } as const;
    const rendered = renderWhatsApp(messageOf('first_alert_responder', { facts, link: 'https://sk.example.in/a/x' }), 'en');
    expect(rendered).toEqual({
      parameters: ['K7QM2P', 'Child marriage', 'Hingalganj', 'high'],
      text: 'Suraksha K7QM2P: Child marriage in Hingalganj (high). Please act, then tap Acknowledge.',
      acknowledges: true,
    });
  });

  test('are submitted for review as utility templates, with an example of every parameter and the button where there is one', () => {
    expect(whatsAppTemplateSubmission('escalation_acknowledged', 'en', DEFAULT_WHATSAPP_TEMPLATE_NAMES)).toEqual({
      name: 'suraksha_escalation_acknowledged',
      language: 'en',
      category: 'UTILITY',
      components: [
        {
          type: 'BODY',
          text: 'Suraksha {{1}}: {{2}} in {{3}}. {{4}} acknowledged; official action needed. Please act, then tap Acknowledge.',
          example: { body_text: [['K7QM2P', 'Child marriage', 'Hingalganj', 'Panchayat']] },
        },
        { type: 'BUTTONS', buttons: [{ type: 'QUICK_REPLY', text: 'Acknowledge' }] },
      ],
    });
    for (const [id, language] of cases) {
      const [body] = whatsAppTemplateSubmission(id, language, DEFAULT_WHATSAPP_TEMPLATE_NAMES).components;
      expect(body?.example?.body_text[0]).toHaveLength(whatsAppTemplateOf(id).variables.length);
    }
  });

  test('are named suraksha_<id> unless configuration renames some; a name Meta would refuse is refused here', () => {
    expect(DEFAULT_WHATSAPP_TEMPLATE_NAMES.first_alert_responder).toBe('suraksha_first_alert_responder');
    expect(parseWhatsAppTemplateNames('{"reminder":"reminder_v2"}')).toEqual({
      ...DEFAULT_WHATSAPP_TEMPLATE_NAMES,
      reminder: 'reminder_v2',
    });
    expect(() => parseWhatsAppTemplateNames('{"reminder":"Reminder v2"}')).toThrow(/reminder: must be lower-case/);
    expect(() => parseWhatsAppTemplateNames('{"remind":"x"}')).toThrow(/remind: not a template/);
  });
});

describe('the chat within WhatsApp’s limits', () => {
  test('every category is in exactly one group, and every group holds at most 10', () => {
    const grouped = Object.values(CATEGORY_GROUPS).flatMap((group) => group.categories);
    expect([...grouped].sort()).toEqual([...CATEGORIES].sort());
    for (const group of Object.values(CATEGORY_GROUPS)) expect(group.categories.length).toBeLessThanOrEqual(WHATSAPP_LIMITS.listRows);
  });

  test.each(LANGUAGES)('every row title (%s) fits 24 characters, every button title 20', (language) => {
    const rows = [
      ...Object.values(CATEGORY_GROUPS).map((group) => group.label[language]),
      ...CATEGORIES.map((category) => CATEGORY_LABELS[category].sms[language]),
      ...Object.values(AGE_BAND_LABELS[language]),
      ...Object.values(GENDER_LABELS[language]),
      CHAT_LABELS.moreVillages[language],
      CHAT_LABELS.sectionTitle[language],
    ];
    for (const title of rows) expect({ title, fits: [...title].length <= WHATSAPP_LIMITS.rowTitle }).toEqual({ title, fits: true });
    const buttons = (['yes', 'no', 'skip', 'notKnown', 'send', 'restart', 'cancel', 'listButton'] as const).map(
      (id) => CHAT_LABELS[id][language],
    );
    for (const title of buttons) expect({ title, fits: [...title].length <= WHATSAPP_LIMITS.buttonTitle }).toEqual({ title, fits: true });
  });

  test('a reporter of many villages is shown 9 and a row for more, page by page', () => {
    const villages = Array.from({ length: 20 }, (_, index) => ({ id: `v-${index}`, name: `Village ${String(index).padStart(2, '0')}` }));
    const context = {
      language: 'en' as const,
      villages,
      now: new Date('2026-11-28T10:00:00.000Z'),
      privacyUrl: 'https://sk.example.in/privacy',
    };
    const rowsOf = (reply: ChatReply | undefined) => (reply?.kind === 'list' ? reply.rows.map(({ id }) => id) : []);
    const start = startChat(context);
    const asked = continueChat(start.next, { kind: 'choice', id: 'group:marriage' }, context);
    if (!('next' in asked)) throw new Error('the chat goes on');
    const second = continueChat(asked.next, { kind: 'choice', id: 'villages:1' }, context);
    if (!('next' in second)) throw new Error('the chat goes on');
    expect(rowsOf(asked.replies[0])).toEqual([...villages.slice(0, 9).map(({ id }) => `village:${id}`), 'villages:1']);
    expect(rowsOf(second.replies[0])).toEqual([...villages.slice(9, 18).map(({ id }) => `village:${id}`), 'villages:2']);
  });
});

describe('a typed marriage date', () => {
  test.each([
    ['15/12', '2026-12-15'],
    ['15-12-2026', '2026-12-15'],
    ['15.12.26', '2026-12-15'],
    ['2026-12-15', '2026-12-15'],
    ['১৫/১২', '2026-12-15'],
    ['28/11', '2026-11-28'],
    ['05/01', '2027-01-05'],
  ])('%j on 28 Nov 2026 is %s', (typed, date) => {
    expect(dateOf(typed, '2026-11-28')).toBe(date);
  });

  test.each(['31/02', '27/11/2026', 'next week', '15/13', ''])('%j is not a date from today on', (typed) => {
    expect(dateOf(typed, '2026-11-28')).toBeUndefined();
  });
});
