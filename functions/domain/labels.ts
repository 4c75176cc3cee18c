// What each category is called: its name (emails, pages) and its short SMS form in each language
// side by side, so a new category is named in one place. SMS forms are short to fit the segment budget.
import type { DutyId } from './routing.js';
import type { Category, Language } from './vocabulary.js';

export interface CategoryLabel {
  name: string;
  sms: Record<Language, string>;
}

export const CATEGORY_LABELS: Readonly<Record<Category, CategoryLabel>> = {
  child_marriage: { name: 'Child marriage', sms: { en: 'Child marriage', bn: 'বাল্যবিবাহ' } },
  sexual_abuse: { name: 'Sexual abuse', sms: { en: 'Sexual abuse', bn: 'যৌন নির্যাতন' } },
  trafficking: { name: 'Trafficking', sms: { en: 'Trafficking', bn: 'শিশু পাচার' } },
  missing_child: { name: 'Missing child', sms: { en: 'Missing child', bn: 'নিখোঁজ শিশু' } },
  abandoned_separated: { name: 'Child separated from family', sms: { en: 'Child separated', bn: 'বিচ্ছিন্ন শিশু' } },
  child_labour: { name: 'Child labour', sms: { en: 'Child labour', bn: 'শিশুশ্রম' } },
  physical_abuse: { name: 'Physical abuse', sms: { en: 'Physical abuse', bn: 'শারীরিক নির্যাতন' } },
  domestic_violence: { name: 'Domestic violence', sms: { en: 'Domestic violence', bn: 'পারিবারিক হিংসা' } },
  corporal_punishment: { name: 'Corporal punishment', sms: { en: 'Corporal punishment', bn: 'শারীরিক শাস্তি' } },
  school_dropout: { name: 'School dropout', sms: { en: 'School dropout', bn: 'স্কুলছুট' } },
  neglect: { name: 'Neglect', sms: { en: 'Neglect', bn: 'অবহেলা' } },
  health_nutrition: { name: 'Health and nutrition', sms: { en: 'Health/nutrition', bn: 'স্বাস্থ্য ও পুষ্টি' } },
  conflict_with_law: { name: 'Child in conflict with the law', sms: { en: 'Conflict with law', bn: 'আইনের সঙ্গে সংঘাত' } },
  other: { name: 'Other', sms: { en: 'Other concern', bn: 'অন্য সমস্যা' } },
};

/** What each legal duty is called: on the incident and in emails, and its SMS form (at most 30 characters, a DLT slot). */
export const DUTY_LABELS: Readonly<Record<DutyId, CategoryLabel>> = {
  cmpo_informed: { name: 'Written information to the CMPO', sms: { en: 'Written info to CMPO', bn: 'CMPO-কে লিখিত তথ্য' } },
  police_report: { name: 'Police report with its GD/FIR number', sms: { en: 'Police report (GD/FIR)', bn: 'থানায় অভিযোগ (GD/FIR)' } },
  cwc_informed: { name: 'CWC informed (POCSO s.19(6))', sms: { en: 'CWC informed', bn: 'CWC-কে জানানো' } },
  medical_examination: { name: 'Medical examination', sms: { en: 'Medical examination', bn: 'ডাক্তারি পরীক্ষা' } },
  childline_docket: { name: 'Childline docket (1098/112)', sms: { en: 'Childline docket', bn: 'চাইল্ডলাইন ডকেট' } },
  cwc_production: { name: 'Child produced before the CWC (JJ Act s.31)', sms: { en: 'Child before CWC', bn: 'CWC-র সামনে হাজির' } },
  portal_upload: { name: 'Missing child portal upload', sms: { en: 'Missing portal upload', bn: 'পোর্টালে আপলোড' } },
  cwc_report: { name: 'Reported to the CWC (JJ Act s.32)', sms: { en: 'Reported to CWC', bn: 'CWC-তে রিপোর্ট' } },
};
