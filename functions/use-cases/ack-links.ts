// Acknowledgement links in SMS: `GET` only shows what the link is for (link previewers fetch links),
// `POST` acknowledges as the contact the link was sent to. A repeat is harmless.
import { actorOf, type Caller, canSeeIncident } from '../domain/access.js';
import { RefusedError } from '../domain/decision.js';
import { decideIncidentTransition } from '../domain/incident-workflow.js';
import {
  AccessEndedError,
  type AckLinkStore,
  type DirectoryStore,
  type IncidentStore,
  NotFoundError,
  VersionConflictError,
} from '../domain/ports.js';
import type { AckToken, Contact, Incident } from '../domain/schemas.js';
import { type AuditDependencies, incidentRead, recordReads } from './audit.js';

export interface AckLinkTarget {
  token: AckToken;
  incident: Incident;
  contact: Contact;
}

/** What acknowledging through a link reads and writes. */
export interface AckLinkStores {
  ackLinks: AckLinkStore;
  incidents: IncidentStore;
  directory: DirectoryStore;
}

/** The contact a link was sent to, as a signed-in duty bearer with its standing now. */
const linkCaller = (contact: Contact): Caller => ({
  sub: `sms-link:${contact.id}`,
  role: 'duty_bearer',
  contactId: contact.id,
  villages: contact.active ? contact.villages : [],
  kind: contact.kind,
});

/** The link's incident and recipient, if the token is known and not older than its 7 days. */
export async function resolveAckLink(stores: AckLinkStores, token: string, now: Date): Promise<AckLinkTarget> {
  const found = await stores.ackLinks.get(token);
  // Expiry is checked here, not left to TTL deletion, which can lag by days.
  if (!found || found.expiresAt <= now.toISOString()) throw new NotFoundError('unknown or expired link');
  const [incident, contact] = await Promise.all([stores.incidents.get(found.incidentId), stores.directory.getContact(found.contactId)]);
  if (!incident || !contact) throw new NotFoundError('unknown or expired link');
  // Access ends with the role: a link outlives a deactivation, a move to other villages, a case made
  // confidential. It stands for its contact, by the same rule as a signed-in duty bearer.
  if (!canSeeIncident(linkCaller(contact), incident)) throw new AccessEndedError('this link is no longer its recipient’s to use');
  return { token: found, incident, contact };
}

/** What a link's page shows, read as its recipient (and audited as theirs: whoever holds the link reads as them). */
export async function showAckLink(deps: AckLinkStores & AuditDependencies, token: string, via: string): Promise<AckLinkTarget> {
  const target = await resolveAckLink(deps, token, deps.clock());
  await recordReads(deps, linkCaller(target.contact), via, [incidentRead(target.incident)]);
  return target;
}

export type AckOutcome = 'acknowledged' | 'already_acknowledged';

export async function confirmAckLink(
  stores: AckLinkStores,
  token: string,
  now: Date,
  note?: string,
): Promise<{ outcome: AckOutcome; target: AckLinkTarget }> {
  for (let attempt = 0; attempt < 3; attempt++) {
    const target = await resolveAckLink(stores, token, now);
    const { incident, contact } = target;
    const decision = decideIncidentTransition({
      incident,
      request: { to: 'acknowledged', note: note ?? 'Acknowledged through the SMS link' },
      // The link stands for the contact it was sent to.
      actor: actorOf(linkCaller(contact)),
      actorContact: { id: contact.id, kind: contact.kind },
      now,
    });
    if (!decision.ok) {
      if (decision.refusal.kind === 'conflict') return { outcome: 'already_acknowledged', target };
      throw new RefusedError(decision.refusal);
    }
    try {
      await stores.incidents.transition(decision.value.next, decision.value.history, incident);
      return { outcome: 'acknowledged', target: { ...target, incident: decision.value.next } };
    } catch (error) {
      // Changed under us (another acknowledgement, an escalation step): read again and decide again.
      if (!(error instanceof VersionConflictError)) throw error;
    }
  }
  return { outcome: 'already_acknowledged', target: await resolveAckLink(stores, token, now) };
}
