// Who a village can reach (DOMAIN.md "Empty steps"): for each category, the duty-bearer kinds its
// rules need there and which of them have no active, reachable contact. Pure.
import { mayAlert, ROUTING_RULES } from './routing.js';
import type { Contact } from './schemas.js';
import { CATEGORIES, type Category, type ContactKind, type DutyBearerKind, isDutyBearerKind } from './vocabulary.js';

/** A contact an alert can actually reach: active, with a phone on which it takes SMS or WhatsApp, and not a voice line. */
export function isReachable(contact: Pick<Contact, 'active' | 'channels' | 'phone' | 'kind'>): boolean {
  const { sms, whatsapp } = contact.channels;
  return contact.active && (sms.optIn || whatsapp.optIn) && contact.phone !== undefined && mayAlert(contact.kind, false);
}

/** Every duty-bearer kind a category's rules may alert in a village: first alert, ladder, and before the harm. */
export function kindsNeeded(category: Category): DutyBearerKind[] {
  const rule = ROUTING_RULES[category];
  const kinds: ContactKind[] = [
    ...rule.firstAlert,
    ...(rule.whenMedicalCareNeeded ?? []),
    ...(rule.whenHarmImminent ?? []),
    ...rule.ladder.flat(),
    ...rule.preHarm,
  ];
  return [...new Set(kinds)].filter(isDutyBearerKind);
}

export interface CategoryCoverage {
  category: Category;
  kinds: DutyBearerKind[];
  missing: DutyBearerKind[];
}

export function coverageOf(reachableKinds: ReadonlySet<ContactKind>): CategoryCoverage[] {
  return CATEGORIES.map((category) => {
    const kinds = kindsNeeded(category);
    return { category, kinds, missing: kinds.filter((kind) => !reachableKinds.has(kind)) };
  });
}

/** The categories that need this kind in a village. */
export const categoriesNeeding = (kind: ContactKind): Category[] =>
  CATEGORIES.filter((category) => (kindsNeeded(category) as ContactKind[]).includes(kind));
