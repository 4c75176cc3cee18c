// The privacy notice (DOMAIN.md "Data protection"): what Suraksha holds, why, for how long, whom to
// ask and how to complain, in Bengali and English. Its path is here, free of the route table, so a
// message template (SMS, WhatsApp) can link to it without loading the HTTP layer. Pure.
import type { RetentionSchedule } from './retention.js';
import type { Language } from './vocabulary.js';

export const PRIVACY_NOTICE_PATH = '/privacy';

export interface NoticeFacts {
  retention: Pick<RetentionSchedule, 'incidentPersonalFieldsMonths' | 'auditDays'>;
  /** The programme's coordinator line (E.164), when the deployment names one. */
  coordinatorPhone?: string | undefined;
}

export interface NoticeSection {
  heading: string;
  paragraphs: string[];
}

const bengaliDigits = (value: number) => String(value).replace(/\d/g, (digit) => '০১২৩৪৫৬৭৮৯'[Number(digit)] ?? digit);

/** The notice in one language, section by section; the caller adds the coordinator's number as a link. */
export function privacyNotice(language: Language, { retention }: NoticeFacts): { title: string; sections: NoticeSection[]; ask: string } {
  if (language === 'bn') {
    const months = bengaliDigits(retention.incidentPersonalFieldsMonths);
    const days = bengaliDigits(retention.auditDays);
    return {
      title: 'সুরক্ষা: শিশুদের তথ্য আমরা কীভাবে রাখি',
      sections: [
        {
          heading: 'আমরা কী রাখি',
          paragraphs: [
            'শিশুর ক্ষতির খবর: শিশুর বয়সের দল ও লিঙ্গ, আর জানানো হলে শিশুর নাম, জায়গা ও কী ঘটেছে; যাঁরা ব্যবস্থা নেন তাঁদের নোট; কাকে কখন জানানো হয়েছে।',
            'সভার হিসাব, আর পরিষেবার সঙ্গে যোগাযোগ (লিঙ্কেজ): শিশুর নাম নয়, একটি সংকেত দিয়ে, অভিভাবকের সম্মতি নিয়ে।',
          ],
        },
        {
          heading: 'কেন রাখি',
          paragraphs: [
            'আইন অনুযায়ী শিশুকে রক্ষা করতে: যাঁদের ব্যবস্থা নেওয়ার দায়িত্ব তাঁদের জানাতে ও খোঁজ রাখতে, আর সম্মতি নিয়ে শিশুকে পরিষেবার সঙ্গে যুক্ত করতে। দাতারা শুধু সংখ্যা পান, কোনও নাম নয়।',
            'এসএমএস-এ কখনও শিশুর নাম, জায়গা বা কী ঘটেছে থাকে না। সমন্বয়কারীরা সব দেখেন; যে আধিকারিক ও সদস্যদের জানানো হয় তাঁরা শুধু যতটুকু দরকার ততটুকু দেখেন।',
          ],
        },
        {
          heading: 'কত দিন রাখি',
          paragraphs: [
            `কেস বন্ধ হওয়ার ${months} মাস পরে শিশুর নাম, জায়গা, ঘটনার বিবরণ ও নোট মুছে ফেলা হয়, যদি না আদালতের কোনও মামলায় সেগুলি লাগে। কে কখন কী দেখেছেন তার হিসাব ${days} দিন রাখা হয়।`,
          ],
        },
        {
          heading: 'আপনার অধিকার',
          paragraphs: [
            'আপনার সন্তানের বিষয়ে আমরা কী রাখি তা জানতে, ভুল শুধরাতে বা মুছে ফেলতে বলতে পারেন, আর যে কোনও সময় পরিষেবার জন্য দেওয়া সম্মতি ফিরিয়ে নিতে পারেন।',
          ],
        },
        {
          heading: 'অভিযোগ',
          paragraphs: [
            'প্রথমে এনজিও সমন্বয়কারীকে জানান। তাতে সন্তুষ্ট না হলে ভারতের ডেটা প্রোটেকশন বোর্ডে অভিযোগ করতে পারেন। শিশু এখনই বিপদে থাকলে ১০৯৮ বা ১১২ নম্বরে ফোন করুন।',
          ],
        },
      ],
      ask: 'জানতে বা বলতে হলে এনজিও সমন্বয়কারী বা আপনার গ্রামের স্বেচ্ছাসেবকের সঙ্গে কথা বলুন',
    };
  }
  return {
    title: 'Suraksha: how we hold information about children',
    sections: [
      {
        heading: 'What we hold',
        paragraphs: [
          "Reports of harm to children: the child's age group and gender and, where given, the child's name, the place and what happened; notes by those who act on them; whom we alerted and when.",
          "Records of meetings, and children's links to services under a code, never a name, with a guardian's consent.",
        ],
      },
      {
        heading: 'Why',
        paragraphs: [
          'To protect children as the law requires: to alert and follow up those whose duty it is to act, and to link children to services with consent. Funders get counts, never names.',
          "An SMS never carries a child's name, the place or what happened. The NGO's coordinators see everything; the officials and committee members alerted about a case see only what they need.",
        ],
      },
      {
        heading: 'For how long',
        paragraphs: [
          `The child's name, the place, the description and the notes of a case are erased ${retention.incidentPersonalFieldsMonths} months after it is closed, unless a court case needs them. Records of who read what are kept ${retention.auditDays} days.`,
        ],
      },
      {
        heading: 'Your rights',
        paragraphs: [
          'You may ask what we hold about your child, have it corrected or erased, and withdraw consent to a link to a service at any time.',
        ],
      },
      {
        heading: 'Complaints',
        paragraphs: [
          'Tell the NGO coordinator first. If you are not satisfied, you may complain to the Data Protection Board of India. A child in danger now: call 1098 or 112.',
        ],
      },
    ],
    ask: 'To ask or to tell us something, speak to the NGO coordinator or your village volunteer',
  };
}
