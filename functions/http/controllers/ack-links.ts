// The small mobile pages behind acknowledgement links. They show only what the SMS showed (short
// code, category, village, severity), in the recipient's language.
import { SMS_LABELS } from '../../domain/sms/templates.js';
import type { Language } from '../../domain/vocabulary.js';
import { type AckLinkTarget, confirmAckLink, resolveAckLink } from '../../use-cases/ack-links.js';
import type { Dependencies } from '../../use-cases/dependencies.js';
import type { HttpResult } from '../kit/http-handler.js';
import { type BoundRoute, bindPage } from '../kit/route.js';
import { ROUTE } from '../routes.js';

const WORDS: Record<
  Language,
  { title: string; ask: string; confirm: string; done: string; already: string; missing: string; ended: string }
> = {
  en: {
    title: 'Suraksha',
    ask: 'Please confirm that you have received this alert and will act on it.',
    confirm: 'I confirm',
    done: 'Thank you. Your acknowledgement is recorded.',
    already: 'This alert is already acknowledged. Thank you.',
    missing: 'This link is unknown or has expired. Please call the NGO coordinator.',
    ended: 'This alert is no longer yours to act on. Please call the NGO coordinator.',
  },
  bn: {
    title: 'সুরক্ষা',
    ask: 'অনুগ্রহ করে নিশ্চিত করুন যে আপনি এই সতর্কবার্তা পেয়েছেন এবং ব্যবস্থা নেবেন।',
    confirm: 'নিশ্চিত করছি',
    done: 'ধন্যবাদ। আপনার সাড়া নথিভুক্ত হয়েছে।',
    already: 'এই সতর্কবার্তায় আগেই সাড়া দেওয়া হয়েছে। ধন্যবাদ।',
    missing: 'এই লিঙ্কটি অচেনা বা মেয়াদোত্তীর্ণ। অনুগ্রহ করে এনজিও সমন্বয়কারীকে ফোন করুন।',
    ended: 'এই সতর্কবার্তায় আর আপনার পদক্ষেপ নেওয়ার দায়িত্ব নেই। অনুগ্রহ করে এনজিও সমন্বয়কারীকে ফোন করুন।',
  },
};

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (character) => `&#${character.charCodeAt(0)};`);

function page(statusCode: number, language: Language, body: string): HttpResult {
  return {
    statusCode,
    headers: {
      'content-type': 'text/html; charset=utf-8',
      // Nothing about an incident may be cached or indexed on the way.
      'cache-control': 'no-store',
      'x-robots-tag': 'noindex',
      'referrer-policy': 'no-referrer',
      'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'",
    },
    body: `<!doctype html><html lang="${language}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${WORDS[language].title}</title><style>body{font-family:sans-serif;margin:1.5rem;max-width:32rem}button{font-size:1.2rem;padding:.8rem 1.4rem}</style></head><body><h1>${WORDS[language].title}</h1>${body}</body></html>`,
  };
}

function summary({ incident, contact }: AckLinkTarget): string {
  const labels = SMS_LABELS[contact.language];
  return `<p><strong>${escapeHtml(incident.shortCode)}</strong>: ${escapeHtml(labels.category[incident.category])} (${escapeHtml(labels.severity[incident.severity])})</p>`;
}

/** The link's recipient is not known here (the page says nothing about the case), so both languages, Bengali first. */
const errorPage = (status: 404 | 410) => {
  const key = status === 404 ? 'missing' : 'ended';
  return page(status, 'bn', `<p>${WORDS.bn[key]}</p><p lang="en">${WORDS.en[key]}</p>`);
};

export function ackLinkRoutes(deps: Dependencies): BoundRoute[] {
  return [
    bindPage(
      ROUTE.ackLinkPage,
      async ({ params }) => {
        const target = await resolveAckLink(deps, params.token, deps.clock());
        const words = WORDS[target.contact.language];
        return page(
          200,
          target.contact.language,
          `${summary(target)}<p>${words.ask}</p><form method="post"><button type="submit">${words.confirm}</button></form>`,
        );
      },
      errorPage,
    ),
    bindPage(
      ROUTE.confirmAckLink,
      async ({ params }) => {
        const { outcome, target } = await confirmAckLink(deps, params.token, deps.clock());
        const words = WORDS[target.contact.language];
        return page(200, target.contact.language, `${summary(target)}<p>${outcome === 'acknowledged' ? words.done : words.already}</p>`);
      },
      errorPage,
    ),
  ];
}
