// Linkages the first release stored: one consent `{given, by, recordedAt}` and no age band. They are
// read into today's shape here, once: a guardian's consent as the guardian's, a child's alone as the
// child's assent, flagged for the coordinator (a referral then waits for the guardian's, or a CWC order).
import type { Linkage } from './schemas.js';
import type { CONSENT_GIVERS } from './vocabulary.js';

interface FirstReleaseConsent {
  given: boolean;
  by: (typeof CONSENT_GIVERS)[number];
  recordedAt: string;
}

/** A linkage as stored, by this release or the first. */
export type StoredLinkage = Omit<Linkage, 'consent'> & { consent: Linkage['consent'] | FirstReleaseConsent };

const isFirstRelease = (consent: StoredLinkage['consent']): consent is FirstReleaseConsent => 'given' in consent;

export function upgradeLinkage(stored: StoredLinkage): Linkage {
  const { consent } = stored;
  if (!isFirstRelease(consent)) return stored as Linkage;
  const { given, by, recordedAt } = consent;
  if (by === 'guardian') return { ...stored, consent: { guardian: { given, by: 'guardian', recordedAt } } };
  return { ...stored, consent: { childAssent: { given, recordedAt } }, consentToReview: 'given_by_child_alone' };
}
