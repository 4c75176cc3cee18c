// When a linkage may be referred (DOMAIN.md "Data protection"): with the guardian's consent and, from
// age band 12-14 up, the child's own assent; or with a CWC order where the guardian is the one accused;
// never once consent was withdrawn. Pure.
import type { Linkage } from './schemas.js';
import { type AgeBand, ASSENT_AGE_BANDS } from './vocabulary.js';

/** A linkage the first release recorded has no age band: its guardian's consent stands alone, as it did then. */
export const assentRequired = (ageBand: AgeBand | undefined): boolean =>
  ageBand !== undefined && (ASSENT_AGE_BANDS as readonly string[]).includes(ageBand);

/** Why this linkage may not be referred, or undefined when it may. */
export function referralBlockedBy(linkage: Pick<Linkage, 'ageBand' | 'consent'>): string | undefined {
  const { consent } = linkage;
  if (consent.withdrawal) return 'consent was withdrawn: no further referral is made';
  if (consent.cwcOrder) return undefined;
  if (consent.guardian?.given !== true) return "a linkage is referred only with the guardian's consent given, or a CWC order";
  if (assentRequired(linkage.ageBand) && consent.childAssent?.given !== true) {
    return "from age band 12-14 up a linkage is referred only with the child's assent given too, or a CWC order";
  }
  return undefined;
}
