// Who a village can reach, read from the directory: the routing's recipients, a village's coverage,
// and the gaps a directory change opens.

import { categoriesNeeding, coverageOf, isReachable, kindsNeeded } from '../domain/coverage.js';
import type { ReachableByKind } from '../domain/escalation.js';
import { allPages, type DirectoryStore, NotFoundError } from '../domain/ports.js';
import type { Contact, CoverageWarning, VillageCoverage } from '../domain/schemas.js';
import { CATEGORIES, type ContactKind, DUTY_BEARER_KINDS } from '../domain/vocabulary.js';
import type { Dependencies } from './dependencies.js';

/** The active, reachable contacts of each kind covering the village. */
export async function reachableByKind(
  directory: DirectoryStore,
  villageId: string,
  kinds: readonly ContactKind[],
): Promise<ReachableByKind> {
  const found = kinds.length === 0 ? [] : await directory.contactsCovering(villageId, [...new Set(kinds)]);
  const byKind = new Map<ContactKind, string[]>();
  for (const contact of found.filter(isReachable)) byKind.set(contact.kind, [...(byKind.get(contact.kind) ?? []), contact.id]);
  return byKind;
}

const ALL_NEEDED = [...new Set(CATEGORIES.flatMap(kindsNeeded))];

export async function villageCoverage(deps: Dependencies, villageId: string): Promise<VillageCoverage> {
  if (!(await deps.directory.getVillage(villageId))) throw new NotFoundError('no such village');
  const reachable = await reachableByKind(deps.directory, villageId, ALL_NEEDED);
  return { villageId, categories: coverageOf(new Set(reachable.keys())) };
}

/** A kind with nobody left in a village, and the categories that need it there. */
function warningOf(villageId: string, kind: ContactKind): CoverageWarning {
  return {
    villageId,
    kind,
    categories: categoriesNeeding(kind),
    message: `No active, reachable ${kind} contact covers ${villageId}: alerts for it will reach nobody there.`,
  };
}

/**
 * The gaps a contact's change would open: villages it can be reached in now and no longer would be,
 * where nobody else of its kind can. Read before the change is written (a failure leaves nothing
 * written, so a retry is safe), from the one list of the kind's contacts: a district officer
 * leaving 800 villages costs a page or two, not 800 queries.
 */
export async function gapsOpenedBy(deps: Dependencies, before: Contact, after: Contact): Promise<CoverageWarning[]> {
  if (!isReachable(before) || !(DUTY_BEARER_KINDS as readonly string[]).includes(before.kind)) return [];
  const lost = isReachable(after) ? before.villages.filter((villageId) => !after.villages.includes(villageId)) : before.villages;
  if (lost.length === 0) return [];
  const others = await allPages((page) => deps.directory.listContacts({ kind: before.kind }, page));
  const stillCovered = new Set(others.filter((other) => other.id !== before.id && isReachable(other)).flatMap((other) => other.villages));
  return lost.filter((villageId) => !stillCovered.has(villageId)).map((villageId) => warningOf(villageId, before.kind));
}

/** A village's gaps as warnings: the kinds its categories need that nobody covers. */
export async function villageGaps(deps: Dependencies, villageId: string): Promise<CoverageWarning[]> {
  const reachable = await reachableByKind(deps.directory, villageId, ALL_NEEDED);
  return ALL_NEEDED.filter((kind) => !reachable.has(kind)).map((kind) => warningOf(villageId, kind));
}
