// The programme's directory: villages, and the contacts alerts are routed to. Coordinators keep it.
import type { Caller } from '../domain/access.js';
import { channelsAfter, contactView } from '../domain/contact-channels.js';
import { RefusedError } from '../domain/decision.js';
import { allPages, type DirectoryStore, NotFoundError, type Page, type PageRequest, VersionConflictError } from '../domain/ports.js';
import { Created, type CreateOutcome } from '../domain/results.js';
import {
  type Channels,
  type Contact,
  type ContactInput,
  type ContactPatch,
  type ContactView,
  type CoverageWarning,
  contactRuleViolations,
  type Village,
  type VillageInput,
} from '../domain/schemas.js';
import type { ContactKind } from '../domain/vocabulary.js';
import { gapsOpenedBy, villageGaps } from './coverage.js';
import { createOutcome, type Dependencies, type IdempotencyRequest, idempotencyClaim, refuseFutureInstant } from './dependencies.js';

type WithWarnings<T> = T & { warnings?: CoverageWarning[] };
const withWarnings = <T>(record: T, warnings: CoverageWarning[]): WithWarnings<T> => ({
  ...record,
  ...(warnings.length > 0 ? { warnings } : {}),
});

/**
 * Creates the village (Created) or replaces the one there (the village). A new village has nobody
 * to alert yet: its answer warns of every kind its categories need.
 */
export async function putVillage(
  deps: Dependencies,
  id: string,
  input: VillageInput,
): Promise<Created<WithWarnings<Village>> | WithWarnings<Village>> {
  const now = deps.clock().toISOString();
  const existing = await deps.directory.getVillage(id);
  const village: Village = { id, ...input, createdAt: existing?.createdAt ?? now, updatedAt: now };
  await deps.directory.putVillage(village);
  return existing ? village : new Created(withWarnings(village, await villageGaps(deps, id)));
}

export async function listVillages(deps: Dependencies, page: PageRequest): Promise<Page<Village>> {
  return deps.directory.listVillages(page);
}

/** Every village id given must be one of the programme's, reported by its position in the list. */
async function requireKnownVillages(deps: Dependencies, villageIds: string[]): Promise<void> {
  const known = new Set((await deps.directory.getVillages(villageIds)).map((village) => village.id));
  const unknown = villageIds.findIndex((id) => !known.has(id));
  if (unknown >= 0) {
    throw new RefusedError({ kind: 'invalid', path: `villages.${unknown}`, message: 'is not a village of the programme' });
  }
}

export async function createContact(
  deps: Dependencies,
  caller: Caller,
  input: ContactInput,
  idempotency?: IdempotencyRequest,
): Promise<CreateOutcome<ContactView>> {
  await requireKnownVillages(deps, input.villages);
  const now = deps.clock();
  const { smsOptIn: _smsOptIn, channels: _channels, ...fields } = input;
  const contact: Contact = {
    id: deps.newId(now),
    ...fields,
    channels: channelsWithin(input, undefined, now),
    active: true,
    version: 1,
    createdAt: now.toISOString(),
    updatedAt: now.toISOString(),
  };
  const result = await deps.directory.createContact(contact, idempotencyClaim(caller, idempotency, contactView));
  return createOutcome(result, contactView);
}

/** The channels a create or change sets; an opt-in cannot be dated in the future. */
function channelsWithin(input: Pick<ContactInput, 'smsOptIn' | 'channels'>, current: Channels | undefined, now: Date): Channels {
  refuseFutureInstant(input.channels?.whatsapp?.optInAt, now, 'channels.whatsapp.optInAt');
  return channelsAfter(input, current, now);
}

export async function listContacts(
  deps: Dependencies,
  filter: { villageId?: string; kind?: ContactKind },
  page: PageRequest,
): Promise<Page<ContactView>> {
  const found = await deps.directory.listContacts(filter, page);
  return { ...found, items: found.items.map(contactView) };
}

/** The contact as changed, and the gaps the change opens (villages where its kind now has nobody). */
export async function patchContact(
  deps: Dependencies,
  id: string,
  patch: ContactPatch,
  expectedVersion?: number,
): Promise<WithWarnings<ContactView>> {
  const current = await deps.directory.getContact(id);
  if (!current) throw new NotFoundError('no such contact');
  if (expectedVersion !== undefined && expectedVersion !== current.version) throw new VersionConflictError('stale If-Match');
  if (patch.villages) await requireKnownVillages(deps, patch.villages);
  const now = deps.clock();
  const { smsOptIn: _smsOptIn, channels: _channels, ...fields } = patch;
  const next: Contact = {
    ...current,
    ...fields,
    channels: channelsWithin(patch, current.channels, now),
    version: current.version + 1,
    updatedAt: now.toISOString(),
  };
  const [violation] = contactRuleViolations(next);
  if (violation) throw new RefusedError({ kind: 'invalid', ...violation });
  const warnings = await gapsOpenedBy(deps, current, next);
  return withWarnings(contactView(await deps.directory.updateContact(next, current)), warnings);
}

/**
 * One-off, after a stack deployed before WhatsApp is upgraded: writes every contact's per-village
 * copies and phone reference again (idempotent), so that a WhatsApp message finds its sender.
 */
export async function resyncEveryContact(directory: DirectoryStore): Promise<number> {
  const contacts = await allPages((page) => directory.listContacts({}, page));
  for (const contact of contacts) await directory.syncCoverage(contact);
  return contacts.length;
}
