// Access ends with the role (DOMAIN.md "Privacy rules"): a token outlives a change to the directory,
// so every read or change of a record about a child reads the caller's contact as it stands now.
import type { Caller } from '../domain/access.js';
import type { DirectoryStore } from '../domain/ports.js';

/**
 * The caller as the directory has them now: a volunteer's or duty bearer's villages are those their
 * contact covers today (none once it is deactivated), and their kind is known for their view.
 * Coordinators and funders, and a token naming no contact, stand as their token says.
 */
export async function standing(directory: DirectoryStore, caller: Caller): Promise<Caller> {
  if (caller.role === 'coordinator' || caller.role === 'funder' || !caller.contactId) return caller;
  const contact = await directory.getContact(caller.contactId);
  if (!contact?.active) return { ...caller, villages: [] };
  return { ...caller, villages: contact.villages, kind: contact.kind };
}
