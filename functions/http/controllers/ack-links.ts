// The small mobile pages behind acknowledgement links. They show only what the SMS showed (short
// code, category, village, severity), in the recipient's language, and what is true of the case now.
// POST answers 303 to the status page, so a reload or Back never sends the confirmation again.
import { isOpen } from '../../domain/incident-workflow.js';
import { PRIVACY_NOTICE_PATH } from '../../domain/privacy-notice.js';
import { SMS_LABELS } from '../../domain/sms/templates.js';
import type { Language } from '../../domain/vocabulary.js';
import { type AckLinkTarget, confirmAckLink, showAckLink } from '../../use-cases/ack-links.js';
import type { Dependencies } from '../../use-cases/dependencies.js';
import type { HttpEvent, HttpResult } from '../kit/http-handler.js';
import { type BoundRoute, bindPage } from '../kit/route.js';
import { escapeHtml, PAGE_HEADERS, page as pageShell } from '../pages.js';
import { ACK_NOTE_MAX_LENGTH, ROUTE } from '../routes.js';

interface Words {
  title: string;
  ask: string;
  noteLabel: string;
  confirm: string;
  confirmedByYou: (time: string) => string;
  acknowledgedBy: (kind: string) => string;
  notYet: string;
  inAction: string;
  resolved: (outcome: string) => string;
  duplicate: string;
  unverified: string;
  closed: string;
  callCoordinator: string;
  emergency: string;
  missing: string;
  ended: string;
  privacy: string;
}

const WORDS: Record<Language, Words> = {
  en: {
    title: 'Suraksha',
    ask: 'Please confirm that you have received this alert and will act on it.',
    noteLabel: 'A note for the coordinator (optional; never the child’s name)',
    confirm: 'I confirm',
    confirmedByYou: (time) => `You confirmed this alert at ${time}. Thank you.`,
    acknowledgedBy: (kind) => `Acknowledged by ${kind}.`,
    notYet: 'Nobody has acknowledged it yet.',
    inAction: 'Action is under way.',
    resolved: (outcome) => `Resolved: ${outcome}.`,
    duplicate: 'Marked as a duplicate of another report: nothing more to do here.',
    unverified: 'Marked as not verified: nothing more to do here.',
    closed: 'Closed.',
    callCoordinator: 'Questions? Call the coordinator',
    emergency: 'A child in danger now? Call',
    missing: 'This link is unknown or has expired. Please call the NGO coordinator.',
    ended: 'This alert is no longer yours to act on. Please call the NGO coordinator.',
    privacy: 'Privacy notice',
  },
  bn: {
    title: 'সুরক্ষা',
    ask: 'অনুগ্রহ করে নিশ্চিত করুন যে আপনি এই সতর্কবার্তা পেয়েছেন এবং ব্যবস্থা নেবেন।',
    noteLabel: 'সমন্বয়কের জন্য একটি নোট (ইচ্ছা হলে; শিশুর নাম কখনও নয়)',
    confirm: 'নিশ্চিত করছি',
    confirmedByYou: (time) => `আপনি ${time}-এ নিশ্চিত করেছেন। ধন্যবাদ।`,
    acknowledgedBy: (kind) => `সাড়া দিয়েছে: ${kind}।`,
    notYet: 'এখনও কেউ সাড়া দেননি।',
    inAction: 'ব্যবস্থা নেওয়া হচ্ছে।',
    resolved: (outcome) => `নিষ্পত্তি: ${outcome}।`,
    duplicate: 'অন্য একটি রিপোর্টের পুনরাবৃত্তি হিসেবে চিহ্নিত: এখানে আর কিছু করার নেই।',
    unverified: 'যাচাই হয়নি বলে চিহ্নিত: এখানে আর কিছু করার নেই।',
    closed: 'বন্ধ করা হয়েছে।',
    callCoordinator: 'প্রশ্ন আছে? সমন্বয়ককে ফোন করুন',
    emergency: 'শিশু এখনই বিপদে? ফোন করুন',
    missing: 'এই লিঙ্কটি অচেনা বা মেয়াদোত্তীর্ণ। অনুগ্রহ করে এনজিও সমন্বয়কারীকে ফোন করুন।',
    ended: 'এই সতর্কবার্তায় আর আপনার পদক্ষেপ নেওয়ার দায়িত্ব নেই। অনুগ্রহ করে এনজিও সমন্বয়কারীকে ফোন করুন।',
    privacy: 'শিশুদের তথ্য আমরা কীভাবে রাখি',
  },
};

/** What the pages may show beyond the case: whom to call. */
export interface AckPageSettings {
  /** The programme's coordinator line, E.164 (deploy setting `coordinatorPhone`). */
  coordinatorPhone?: string | undefined;
}

function page(statusCode: number, language: Language, body: string): HttpResult {
  return pageShell(statusCode, language, WORDS[language].title, body);
}

function summary({ incident, contact }: AckLinkTarget, villageName: string): string {
  const labels = SMS_LABELS[contact.language];
  return `<p><strong>${escapeHtml(incident.shortCode)}</strong>: ${escapeHtml(labels.category[incident.category])}, ${escapeHtml(villageName)} (${escapeHtml(labels.severity[incident.severity])})</p>`;
}

/** The time a person reads on their phone: Asia/Kolkata, in their language. */
function localTime(at: string, language: Language): string {
  return new Intl.DateTimeFormat(language === 'bn' ? 'bn-IN' : 'en-IN', {
    timeZone: 'Asia/Kolkata',
    hour: '2-digit',
    minute: '2-digit',
    day: 'numeric',
    month: 'short',
  }).format(new Date(at));
}

/** What is true of the case now, for the person the link was sent to. */
function whatIsTrueNow({ incident, contact }: AckLinkTarget): string[] {
  const words = WORDS[contact.language];
  const labels = SMS_LABELS[contact.language];
  const mine = incident.acknowledgements.find((each) => each.contactId === contact.id);
  const others = incident.acknowledgements.filter((each) => each !== mine);
  const lines = [
    ...(mine ? [words.confirmedByYou(localTime(mine.at, contact.language))] : []),
    ...[...new Set(others.map((each) => labels.kind[each.kind]))].map(words.acknowledgedBy),
  ];
  if (lines.length === 0 && isOpen(incident.status)) lines.push(words.notYet);
  const now = {
    in_action: words.inAction,
    resolved: words.resolved(labels.outcome[incident.outcome ?? 'other']),
    duplicate: words.duplicate,
    unverified: words.unverified,
    closed: words.closed,
  } as Partial<Record<string, string>>;
  const current = now[incident.status];
  return current ? [...lines, current] : lines;
}

function callLinks(language: Language, settings: AckPageSettings): string {
  const words = WORDS[language];
  const coordinator = settings.coordinatorPhone
    ? `<p>${words.callCoordinator}: <a href="tel:${escapeHtml(settings.coordinatorPhone)}">${escapeHtml(settings.coordinatorPhone)}</a></p>`
    : '';
  return `${coordinator}<p>${words.emergency} <a href="tel:1098">1098</a> / <a href="tel:112">112</a></p><p><a href="${PRIVACY_NOTICE_PATH}">${words.privacy}</a></p>`;
}

/** The optional note a confirmation carries, from the form; never longer than a note may be. */
function noteFrom(event: HttpEvent): string | undefined {
  if (!event.body) return undefined;
  const raw = event.isBase64Encoded ? Buffer.from(event.body, 'base64').toString('utf8') : event.body;
  const note = new URLSearchParams(raw).get('note')?.trim();
  return note ? [...note].slice(0, ACK_NOTE_MAX_LENGTH).join('') : undefined;
}

export function ackLinkRoutes(deps: Dependencies, settings: AckPageSettings = {}): BoundRoute[] {
  const villageOf = async (target: AckLinkTarget) =>
    (await deps.directory.getVillage(target.incident.villageId))?.name ?? target.incident.villageId;
  const errorPage = (status: 404 | 410) => {
    // The recipient is not known here, so both languages, Bengali first (most recipients read it).
    const key = status === 404 ? 'missing' : 'ended';
    return page(status, 'bn', `<p>${WORDS.bn[key]}</p><p lang="en">${WORDS.en[key]}</p>${callLinks('bn', settings)}`);
  };
  const statusPage = async (target: AckLinkTarget) => {
    const language = target.contact.language;
    const lines = whatIsTrueNow(target).map((line) => `<p>${escapeHtml(line)}</p>`);
    return page(200, language, `${summary(target, await villageOf(target))}${lines.join('')}${callLinks(language, settings)}`);
  };
  return [
    bindPage(
      ROUTE.ackLinkPage,
      async ({ params, via }) => {
        const target = await showAckLink(deps, params.token, via);
        const mine = target.incident.acknowledgements.some((each) => each.contactId === target.contact.id);
        // Confirmed already, or no longer open: there is nothing to confirm, only what is true now.
        if (mine || !isOpen(target.incident.status)) return statusPage(target);
        const words = WORDS[target.contact.language];
        return page(
          200,
          target.contact.language,
          `${summary(target, await villageOf(target))}<p>${words.ask}</p><form method="post"><p><label for="note">${words.noteLabel}</label></p><p><textarea id="note" name="note" rows="3" maxlength="${ACK_NOTE_MAX_LENGTH}"></textarea></p><p><button type="submit">${words.confirm}</button></p></form>${callLinks(target.contact.language, settings)}`,
        );
      },
      errorPage,
    ),
    bindPage(
      ROUTE.confirmAckLink,
      async ({ params }, event) => {
        // A double tap records one acknowledgement: the second finds it recorded, and both land on the same status.
        await confirmAckLink(deps, params.token, deps.clock(), noteFrom(event));
        return { statusCode: 303, headers: { ...PAGE_HEADERS, location: `/a/${params.token}/status` }, body: '' };
      },
      errorPage,
    ),
    bindPage(ROUTE.ackLinkStatus, async ({ params, via }) => statusPage(await showAckLink(deps, params.token, via)), errorPage),
  ];
}
