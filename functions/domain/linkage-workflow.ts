// Service linkage workflow: identified → referred → in_progress → fulfilled | unable (with a reason).
import { accept, type Decision, refuse } from './decision.js';
import type { Actor, HistoryEntry, Linkage, LinkageTransitionRequest } from './schemas.js';
import type { LinkageStatus } from './vocabulary.js';

/** Who may make a move: only coordinators, or also the provider duty bearer named on the linkage. */
type Mover = 'coordinator' | 'provider';

export const LINKAGE_MOVES: Readonly<Record<LinkageStatus, Partial<Record<LinkageStatus, Mover>>>> = {
  // Referring is the programme's decision, made with the family's consent.
  identified: { referred: 'coordinator', unable: 'coordinator' },
  referred: { in_progress: 'provider', unable: 'provider' },
  in_progress: { fulfilled: 'provider', unable: 'provider' },
  fulfilled: {},
  unable: {},
};

export interface LinkageTransition {
  next: Linkage;
  history: HistoryEntry;
}

export function decideLinkageTransition(
  linkage: Linkage,
  request: LinkageTransitionRequest,
  actor: Actor,
  now: Date,
): Decision<LinkageTransition> {
  const mover = LINKAGE_MOVES[linkage.status][request.to];
  if (!mover) {
    return refuse({ kind: 'conflict', message: `a linkage cannot move from ${linkage.status} to ${request.to}` });
  }
  const isProvider = actor.role === 'duty_bearer' && actor.contactId !== undefined && actor.contactId === linkage.providerContactId;
  if (actor.role !== 'coordinator' && !(mover === 'provider' && isProvider)) {
    return refuse({ kind: 'forbidden', message: `you may not move this linkage to ${request.to}` });
  }
  if (request.to === 'referred' && !linkage.consent.given) {
    return refuse({ kind: 'conflict', message: 'a linkage is referred only with consent given' });
  }
  if (request.to === 'unable' && !request.reason) {
    return refuse({ kind: 'invalid', path: 'reason', message: 'is required when a linkage cannot be met' });
  }
  if (request.to !== 'unable' && request.reason) {
    return refuse({ kind: 'invalid', path: 'reason', message: 'is only given when a linkage cannot be met' });
  }
  const at = now.toISOString();
  const next: Linkage = {
    ...linkage,
    status: request.to,
    ...(request.reason ? { reason: request.reason } : {}),
    version: linkage.version + 1,
    updatedAt: at,
  };
  const history: HistoryEntry = {
    entity: 'linkage',
    entityId: linkage.id,
    version: next.version,
    at,
    by: actor,
    from: linkage.status,
    to: request.to,
    ...(request.note ? { note: request.note } : {}),
    ...(request.reason ? { reason: request.reason } : {}),
  };
  return accept({ next, history });
}
