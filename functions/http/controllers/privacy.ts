// GET /privacy: the privacy notice, Bengali first (most readers read it), then English, with the
// retention periods and the coordinator's number this deployment is configured with.
import { type NoticeFacts, privacyNotice } from '../../domain/privacy-notice.js';
import type { HttpResult } from '../kit/http-handler.js';
import { escapeHtml, page } from '../pages.js';

export function privacyPage(facts: NoticeFacts): HttpResult {
  const parts = (['bn', 'en'] as const).map((language) => {
    const notice = privacyNotice(language, facts);
    const phone = facts.coordinatorPhone
      ? `: <a href="tel:${escapeHtml(facts.coordinatorPhone)}">${escapeHtml(facts.coordinatorPhone)}</a>`
      : '';
    const sections = notice.sections
      .map(({ heading, paragraphs }) => `<h2>${escapeHtml(heading)}</h2>${paragraphs.map((text) => `<p>${escapeHtml(text)}</p>`).join('')}`)
      .join('');
    return `<section lang="${language}"><h2>${escapeHtml(notice.title)}</h2>${sections}<p>${escapeHtml(notice.ask)}${phone}.</p></section>`;
  });
  return page(200, 'bn', 'সুরক্ষা / Suraksha', parts.join('<hr>'));
}
