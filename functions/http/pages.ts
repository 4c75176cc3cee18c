// The shell of every page Suraksha serves to a phone's browser (the acknowledgement pages, the privacy
// notice): one column, readable at 200% text on a 320 px phone, and headers that keep it out of
// caches, search engines and frames.
import type { Language } from '../domain/vocabulary.js';
import type { HttpResult } from './kit/http-handler.js';

export const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (character) => `&#${character.charCodeAt(0)};`);

export const PAGE_HEADERS = {
  'content-type': 'text/html; charset=utf-8',
  // Nothing about an incident may be cached, indexed, framed or sniffed on the way.
  'cache-control': 'no-store',
  'x-robots-tag': 'noindex',
  'referrer-policy': 'no-referrer',
  'x-content-type-options': 'nosniff',
  'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
};

// Larger text must not squeeze the phone: the side margins stop at 5% of the screen (older browsers
// without min() keep 1rem), and the title is 1.5em, so at 200% text on a 320 px phone "Suraksha"
// still fits on one line instead of being broken mid-word by overflow-wrap.
export function page(statusCode: number, language: Language, title: string, body: string): HttpResult {
  return {
    statusCode,
    headers: PAGE_HEADERS,
    body: `<!doctype html><html lang="${language}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${title}</title><style>body{font-family:sans-serif;margin:1rem;margin:1rem min(1rem,5vw);max-width:32rem;line-height:1.5;overflow-wrap:anywhere}h1{font-size:1.5em;margin:0 0 .5em}h2{font-size:1.15em}button{font-size:1.2rem;padding:.8rem 1.4rem;max-width:100%}textarea{width:100%;box-sizing:border-box;font-size:1rem}a{font-weight:bold}</style></head><body><h1>${title}</h1>${body}</body></html>`,
  };
}
