// Programme activities recorded from the field: meetings, and service linkages for children's needs.
import { actorOf, type Caller, canSeeLinkage, requireVillage } from '../domain/access.js';
import { RefusedError, unwrap } from '../domain/decision.js';
import { decideConsentWithdrawal, decideLinkageTransition } from '../domain/linkage-workflow.js';
import { kolkataDateOf } from '../domain/metrics/iso-week.js';
import { NotFoundError, type Page, type PageRequest, type TimeRange, VersionConflictError } from '../domain/ports.js';
import type { CreateOutcome } from '../domain/results.js';
import type {
  ConsentWithdrawalRequest,
  Linkage,
  LinkageInput,
  LinkageTransitionRequest,
  Meeting,
  MeetingInput,
} from '../domain/schemas.js';
import { isDutyBearerKind, type LinkageStatus, type MeetingType } from '../domain/vocabulary.js';
import { linkageRead, recordReads } from './audit.js';
import { allVillageIds, createOutcome, type Dependencies, type IdempotencyRequest, idempotencyClaim } from './dependencies.js';
import { standing } from './standing.js';

/** The villages a list spans: the one asked for, else the caller's own, else (coordinators) all. */
async function villagesToList(deps: Dependencies, caller: Caller, villageId: string | undefined): Promise<string[]> {
  if (villageId) {
    requireVillage(caller, villageId);
    return [villageId];
  }
  return caller.role === 'coordinator' ? allVillageIds(deps.directory) : caller.villages;
}

async function requireKnownVillage(deps: Dependencies, villageId: string): Promise<void> {
  if (!(await deps.directory.getVillage(villageId))) {
    throw new RefusedError({ kind: 'invalid', path: 'villageId', message: 'is not a village of the programme' });
  }
}

/** Meetings and linkages are answered as stored: every caller who may record them may see them whole. */
const asIs = <T>(record: T) => record;

// ── meetings ─────────────────────────────────────────────────────────────────
export async function recordMeeting(
  deps: Dependencies,
  signedIn: Caller,
  input: MeetingInput,
  idempotency?: IdempotencyRequest,
): Promise<CreateOutcome<Meeting>> {
  const caller = await standing(deps.directory, signedIn);
  requireVillage(caller, input.villageId);
  const now = deps.clock();
  // Meetings are dated in the villages' own time zone.
  if (input.heldOn > kolkataDateOf(now)) throw new RefusedError({ kind: 'invalid', path: 'heldOn', message: 'must not be in the future' });
  await requireKnownVillage(deps, input.villageId);
  const meeting: Meeting = { id: deps.newId(now), ...input, recordedBy: actorOf(caller), createdAt: now.toISOString() };
  const result = await deps.activities.createMeeting(meeting, idempotencyClaim(caller, idempotency, asIs));
  return createOutcome(result, asIs);
}

export async function listMeetings(
  deps: Dependencies,
  signedIn: Caller,
  query: TimeRange & { villageId?: string; type?: MeetingType },
  page: PageRequest,
): Promise<Page<Meeting>> {
  const caller = await standing(deps.directory, signedIn);
  const { villageId, ...filter } = query;
  return deps.activities.listMeetings(await villagesToList(deps, caller, villageId), filter, page);
}

// ── linkages ─────────────────────────────────────────────────────────────────
export async function createLinkage(
  deps: Dependencies,
  signedIn: Caller,
  input: LinkageInput,
  idempotency?: IdempotencyRequest,
): Promise<CreateOutcome<Linkage>> {
  const caller = await standing(deps.directory, signedIn);
  requireVillage(caller, input.villageId);
  const [, provider] = await Promise.all([
    requireKnownVillage(deps, input.villageId),
    input.providerContactId ? deps.directory.getContact(input.providerContactId) : undefined,
  ]);
  if (input.providerContactId && !(provider && isDutyBearerKind(provider.kind))) {
    throw new RefusedError({ kind: 'invalid', path: 'providerContactId', message: 'must be a duty bearer in the directory' });
  }
  const now = deps.clock();
  const at = now.toISOString();
  const actor = actorOf(caller);
  const linkage: Linkage = {
    id: deps.newId(now),
    ...input,
    status: 'identified',
    createdBy: actor,
    version: 1,
    createdAt: at,
    updatedAt: at,
  };
  const result = await deps.activities.createLinkage(
    linkage,
    { entity: 'linkage', entityId: linkage.id, version: 1, at, by: actor, from: null, to: 'identified' },
    idempotencyClaim(caller, idempotency, asIs),
  );
  return createOutcome(result, asIs);
}

export async function listLinkages(
  deps: Dependencies,
  signedIn: Caller,
  query: { villageId?: string; status?: LinkageStatus },
  page: PageRequest,
  via: string,
): Promise<Page<Linkage>> {
  const caller = await standing(deps.directory, signedIn);
  const { villageId, ...filter } = query;
  let found: Page<Linkage>;
  if (caller.role === 'duty_bearer') {
    if (villageId) requireVillage(caller, villageId);
    const provided = caller.contactId ? await deps.activities.listLinkagesProvidedBy(caller.contactId, filter, page) : { items: [] };
    found = {
      ...provided,
      items: provided.items.filter((linkage) => canSeeLinkage(caller, linkage) && (!villageId || linkage.villageId === villageId)),
    };
  } else {
    found = await deps.activities.listLinkages(await villagesToList(deps, caller, villageId), filter, page);
  }
  await recordReads(deps, caller, via, found.items.map(linkageRead));
  return found;
}

async function visibleLinkage(deps: Dependencies, caller: Caller, id: string): Promise<Linkage> {
  const linkage = await deps.activities.getLinkage(id);
  if (!linkage || !canSeeLinkage(caller, linkage)) throw new NotFoundError('no such linkage');
  return linkage;
}

export async function getLinkage(deps: Dependencies, signedIn: Caller, id: string, via: string): Promise<Linkage> {
  const caller = await standing(deps.directory, signedIn);
  const linkage = await visibleLinkage(deps, caller, id);
  await recordReads(deps, caller, via, [linkageRead(linkage)]);
  return linkage;
}

export async function transitionLinkage(
  deps: Dependencies,
  signedIn: Caller,
  id: string,
  request: LinkageTransitionRequest,
  expectedVersion: number,
): Promise<Linkage> {
  const caller = await standing(deps.directory, signedIn);
  const linkage = await visibleLinkage(deps, caller, id);
  if (linkage.version !== expectedVersion) throw new VersionConflictError('stale If-Match');
  const { next, history } = unwrap(decideLinkageTransition(linkage, request, actorOf(caller), deps.clock()));
  return deps.activities.transitionLinkage(next, history, linkage.version);
}

/**
 * Consent withdrawn (by the coordinator, or the volunteer who recorded the linkage): no further
 * referral, a linkage under way ends, and `providerToBeTold` names the provider to tell until they
 * are. A retry answers the linkage as the first withdrawal left it.
 */
export async function withdrawConsent(
  deps: Dependencies,
  signedIn: Caller,
  id: string,
  request: ConsentWithdrawalRequest,
): Promise<Linkage> {
  const caller = await standing(deps.directory, signedIn);
  for (let attempt = 1; ; attempt++) {
    const linkage = await visibleLinkage(deps, caller, id);
    const decided = unwrap(decideConsentWithdrawal(linkage, request, actorOf(caller), deps.clock()));
    if (!decided) return linkage;
    try {
      return await deps.activities.transitionLinkage(decided.next, decided.history, linkage.version);
    } catch (error) {
      if (!(error instanceof VersionConflictError) || attempt >= 3) throw error;
    }
  }
}
