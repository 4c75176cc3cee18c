// Service linkage workflow: identified → referred → in_progress → fulfilled | unable (with a reason).
import { referralBlockedBy } from './consent.js';
import { accept, type Decision, refuse } from './decision.js';
import type { Actor, ConsentWithdrawalRequest, HistoryEntry, Linkage, LinkageTransitionRequest } from './schemas.js';
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

function historyBase(linkage: Linkage, next: Linkage, by: Actor, at: string) {
  return { entity: 'linkage', entityId: linkage.id, version: next.version, at, by, from: linkage.status, to: next.status } as const;
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
  const blocked = request.to === 'referred' ? referralBlockedBy(linkage) : undefined;
  if (blocked) return refuse({ kind: 'conflict', message: blocked });
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
    ...historyBase(linkage, next, actor, at),
    ...(request.note ? { note: request.note } : {}),
    ...(request.reason ? { reason: request.reason } : {}),
  };
  return accept({ next, history });
}

/** Where a withdrawal leaves a linkage still under way: closed as unable, with this reason. */
export const CONSENT_WITHDRAWN_REASON = 'Consent withdrawn';

/**
 * Consent withdrawn (by the coordinator, or the volunteer who recorded the linkage): no further
 * referral; a linkage under way ends as unable, and its provider is to be told to stop. A second
 * withdrawal (a retry) changes nothing: undefined.
 */
export function decideConsentWithdrawal(
  linkage: Linkage,
  request: ConsentWithdrawalRequest,
  actor: Actor,
  now: Date,
): Decision<LinkageTransition | undefined> {
  const recorder = actor.role === 'volunteer' && actor.sub === linkage.createdBy.sub;
  if (actor.role !== 'coordinator' && !recorder) {
    return refuse({
      kind: 'forbidden',
      message: 'only a coordinator or the volunteer who recorded this linkage may record its consent withdrawn',
    });
  }
  if (linkage.consent.withdrawal) return accept(undefined);
  const at = now.toISOString();
  const underWay = linkage.status !== 'fulfilled' && linkage.status !== 'unable';
  const next: Linkage = {
    ...linkage,
    consent: { ...linkage.consent, withdrawal: { at, by: request.by, recordedBy: actor } },
    ...(underWay ? { status: 'unable' as const, reason: CONSENT_WITHDRAWN_REASON } : {}),
    ...(linkage.providerContactId
      ? { providerToBeTold: { contactId: linkage.providerContactId, reason: 'consent_withdrawn' as const, since: at } }
      : {}),
    version: linkage.version + 1,
    updatedAt: at,
  };
  const history: HistoryEntry = {
    ...historyBase(linkage, next, actor, at),
    event: 'consent_withdrawn',
    withdrawnBy: request.by,
    ...(request.note ? { note: request.note } : {}),
  };
  return accept({ next, history });
}
