// Everything the WhatsApp chat says, in Bengali and English side by side. Our own words only: nothing
// a person typed is ever put back into a message. Row titles fit WhatsApp's 24 characters, button
// titles its 20 (the chat tests check every one).
import type { Language } from '../vocabulary.js';

type Texts<T> = Record<Language, T>;

export const CHAT_TEXTS = {
  welcome: {
    en: 'Suraksha: report a concern about a child to the programme. What you send here goes only to the NGO and the officials who must act, never to a group. Privacy notice: {privacy}',
    bn: 'সুরক্ষা: শিশুর বিষয়ে উদ্বেগের কথা প্রকল্পকে জানান। এখানে যা পাঠাবেন তা শুধু সংস্থা ও দায়িত্বপ্রাপ্ত আধিকারিকদের কাছে যাবে, কোনো গ্রুপে নয়। গোপনীয়তার নোটিস: {privacy}',
  },
  chooseGroup: { en: 'What is happening to the child?', bn: 'শিশুটির কী হচ্ছে?' },
  chooseCategory: { en: 'Which of these is closest?', bn: 'এর মধ্যে কোনটি সবচেয়ে কাছাকাছি?' },
  chooseVillage: { en: 'In which village?', bn: 'কোন গ্রামে?' },
  chooseAge: { en: 'How old is the child?', bn: 'শিশুটির বয়স কত?' },
  chooseGender: { en: 'Is the child a girl or a boy?', bn: 'শিশুটি মেয়ে না ছেলে?' },
  askDescription: {
    en: 'In a few words, what happened? Please do not write the child’s name.',
    bn: 'কয়েকটি কথায় লিখুন কী ঘটেছে। শিশুর নাম লিখবেন না।',
  },
  askMedical: { en: 'Does the child need medical care now?', bn: 'শিশুটির কি এখনই চিকিৎসা দরকার?' },
  askPlace: {
    en: 'Where did it happen, or where is the child now? (optional: a landmark is enough)',
    bn: 'কোথায় ঘটেছে, বা শিশুটি এখন কোথায়? (ঐচ্ছিক: কাছের কোনো চিহ্ন লিখলেই হবে)',
  },
  askConfidential: {
    en: 'Should this be kept confidential? Then the panchayat, village committees and volunteers are not told.',
    bn: 'বিষয়টি কি গোপন রাখতে হবে? তাহলে পঞ্চায়েত, গ্রাম কমিটি ও স্বেচ্ছাসেবকদের জানানো হবে না।',
  },
  askExpected: {
    en: 'When is the marriage planned? Type the date, like 15/12, or tap Not known.',
    bn: 'বিয়ে কবে ঠিক হয়েছে? তারিখ লিখুন, যেমন ১৫/১২, অথবা "জানা নেই" চাপুন।',
  },
  confirm: {
    en: 'Please check and send:\n{summary}',
    bn: 'দেখে নিয়ে পাঠান:\n{summary}',
  },
  // A list or button step answered with text, or a text step with a tap.
  useTheList: { en: 'Please choose from the list.', bn: 'তালিকা থেকে বেছে নিন।' },
  useTheButtons: { en: 'Please tap one of the buttons.', bn: 'একটি বোতাম চাপুন।' },
  typeIt: { en: 'Please type your answer.', bn: 'উত্তরটি লিখে পাঠান।' },
  tooLong: { en: 'That is longer than {max} characters; please write it shorter.', bn: 'এটি {max} অক্ষরের বেশি; একটু ছোট করে লিখুন।' },
  badDate: {
    en: 'Please type a date from today on, like 15/12 or 15/12/2026.',
    bn: 'আজ বা তার পরের একটি তারিখ লিখুন, যেমন ১৫/১২ বা ১৫/১২/২০২৬।',
  },
  reported: {
    en: 'Thank you. Your report {code} has reached the NGO and the officials who must act. If the child is in danger now, call 112 or 1098.\nYou may forward the next message to your group: it says nothing about the child.',
    bn: 'ধন্যবাদ। আপনার রিপোর্ট {code} সংস্থা ও দায়িত্বপ্রাপ্ত আধিকারিকদের কাছে পৌঁছেছে। শিশু এখনই বিপদে থাকলে ১১২ বা ১০৯৮-এ ফোন করুন।\nপরের বার্তাটি গ্রুপে পাঠাতে পারেন: তাতে শিশুর কোনো তথ্য নেই।',
  },
  groupSafe: { en: 'Reported: {code}, action under way.', bn: 'রিপোর্ট হয়েছে: {code}, ব্যবস্থা নেওয়া হচ্ছে।' },
  reportedConfidential: {
    en: 'Thank you. Your message has reached the people who must act. Please do not share it, and delete this chat from your phone now.',
    bn: 'ধন্যবাদ। আপনার বার্তা দায়িত্বপ্রাপ্তদের কাছে পৌঁছেছে। কাউকে জানাবেন না, আর এখনই ফোন থেকে এই চ্যাটটি মুছে দিন।',
  },
  reportNotTaken: {
    en: 'The report could not be taken: you no longer report for that village. Please call the coordinator on {phone}.',
    bn: 'রিপোর্টটি নেওয়া গেল না: ওই গ্রামের রিপোর্ট আর আপনার দায়িত্বে নেই। সমন্বয়ককে ফোন করুন: {phone}।',
  },
  cancelled: {
    en: 'Cancelled: nothing was saved. Send any message to start again.',
    bn: 'বাতিল হয়েছে: কিছুই রাখা হয়নি। আবার শুরু করতে যেকোনো বার্তা পাঠান।',
  },
  idleDropped: {
    en: 'Your report was not finished within 30 minutes, so nothing was saved. Send any message to start again.',
    bn: '৩০ মিনিটের মধ্যে রিপোর্ট শেষ হয়নি, তাই কিছুই রাখা হয়নি। আবার শুরু করতে যেকোনো বার্তা পাঠান।',
  },
  noMedia: {
    en: 'Please do not send photos, voice notes, videos or locations: no pictures of children are kept, and this one was not saved. Please type your answer.',
    bn: 'ছবি, ভয়েস, ভিডিও বা লোকেশন পাঠাবেন না: শিশুদের কোনো ছবি রাখা হয় না, এটিও রাখা হয়নি। উত্তরটি লিখে পাঠান।',
  },
  unknownNumber: {
    en: 'Sorry, this number can only take reports from the programme’s volunteers. Please call the coordinator on {phone}. If a child is in danger now, call 112 or 1098.',
    bn: 'দুঃখিত, এই নম্বরে শুধু প্রকল্পের স্বেচ্ছাসেবকরা রিপোর্ট করতে পারেন। সমন্বয়ককে ফোন করুন: {phone}। শিশু এখনই বিপদে থাকলে ১১২ বা ১০৯৮-এ ফোন করুন।',
  },
  notOptedIn: {
    en: 'To report by WhatsApp, please ask the coordinator to record your WhatsApp consent first: {phone}. If a child is in danger now, call 112 or 1098.',
    bn: 'হোয়াটসঅ্যাপে রিপোর্ট করতে আগে সমন্বয়ককে আপনার সম্মতি নথিভুক্ত করতে বলুন: {phone}। শিশু এখনই বিপদে থাকলে ১১২ বা ১০৯৮-এ ফোন করুন।',
  },
  stopped: {
    en: 'You will get no more WhatsApp messages from Suraksha; alerts will come by SMS. To start again, ask the coordinator.',
    bn: 'সুরক্ষা থেকে আর হোয়াটসঅ্যাপ বার্তা আসবে না; সতর্কবার্তা এসএমএস-এ আসবে। আবার চালু করতে সমন্বয়ককে বলুন।',
  },
  acknowledged: {
    en: 'Thank you: you confirmed alert {code} ({category}, {village}). Please record what is done.',
    bn: 'ধন্যবাদ: আপনি সতর্কবার্তা {code} ({category}, {village}) নিশ্চিত করেছেন। কী করা হলো তা জানাবেন।',
  },
  alreadyAcknowledged: {
    en: 'Alert {code} ({category}, {village}) needs no confirmation now: it is already taken up.',
    bn: 'সতর্কবার্তা {code} ({category}, {village}) এখন আর নিশ্চিত করার দরকার নেই: ব্যবস্থা শুরু হয়ে গেছে।',
  },
  ackNoLongerYours: {
    en: 'This alert is no longer yours to act on. Please call the coordinator on {phone}.',
    bn: 'এই সতর্কবার্তাটি আর আপনার দায়িত্বে নেই। সমন্বয়ককে ফোন করুন: {phone}।',
  },
  ackExpired: {
    en: 'This alert has expired. Please call the coordinator on {phone}.',
    bn: 'এই সতর্কবার্তার মেয়াদ শেষ। সমন্বয়ককে ফোন করুন: {phone}।',
  },
} as const satisfies Record<string, Texts<string>>;

export type ChatTextId = keyof typeof CHAT_TEXTS;

/** A text with its `{name}` places filled; values are our own (codes, labels, numbers), never a person's words. */
export function chatText(id: ChatTextId, language: Language, values: Record<string, string> = {}): string {
  return CHAT_TEXTS[id][language].replace(/\{(\w+)\}/g, (place, name: string) => values[name] ?? place);
}

/** Button and list labels. */
export const CHAT_LABELS = {
  listButton: { en: 'Choose', bn: 'বেছে নিন' },
  sectionTitle: { en: 'Suraksha', bn: 'সুরক্ষা' },
  yes: { en: 'Yes', bn: 'হ্যাঁ' },
  no: { en: 'No', bn: 'না' },
  skip: { en: 'Skip', bn: 'বাদ দিন' },
  notKnown: { en: 'Not known', bn: 'জানা নেই' },
  send: { en: 'Send report', bn: 'রিপোর্ট পাঠান' },
  restart: { en: 'Start again', bn: 'আবার শুরু' },
  cancel: { en: 'Cancel', bn: 'বাতিল' },
  moreVillages: { en: 'More villages…', bn: 'আরও গ্রাম…' },
  // The confirmation screen's lines: what was chosen, never what was typed.
  category: { en: 'Concern', bn: 'বিষয়' },
  village: { en: 'Village', bn: 'গ্রাম' },
  age: { en: 'Age', bn: 'বয়স' },
  gender: { en: 'Child', bn: 'শিশু' },
  medical: { en: 'Medical care needed', bn: 'চিকিৎসা দরকার' },
  description: { en: 'What happened', bn: 'কী ঘটেছে' },
  written: { en: 'written ({count} characters)', bn: 'লেখা হয়েছে ({count} অক্ষর)' },
  place: { en: 'Place', bn: 'স্থান' },
  given: { en: 'given', bn: 'দেওয়া হয়েছে' },
  notGiven: { en: 'not given', bn: 'দেওয়া হয়নি' },
  confidential: { en: 'Confidential', bn: 'গোপন' },
  expected: { en: 'Marriage planned on', bn: 'বিয়ের তারিখ' },
} as const satisfies Record<string, Texts<string>>;

export const AGE_BAND_LABELS: Texts<Record<'0-5' | '6-11' | '12-14' | '15-17', string>> = {
  en: { '0-5': '0 to 5 years', '6-11': '6 to 11 years', '12-14': '12 to 14 years', '15-17': '15 to 17 years' },
  bn: { '0-5': '০ থেকে ৫ বছর', '6-11': '৬ থেকে ১১ বছর', '12-14': '১২ থেকে ১৪ বছর', '15-17': '১৫ থেকে ১৭ বছর' },
};

export const GENDER_LABELS: Texts<Record<'girl' | 'boy' | 'other' | 'unknown', string>> = {
  en: { girl: 'Girl', boy: 'Boy', other: 'Other', unknown: 'Not known' },
  bn: { girl: 'মেয়ে', boy: 'ছেলে', other: 'অন্য', unknown: 'জানা নেই' },
};
