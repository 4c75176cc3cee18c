// Incidents the first release stored: no routing, alerts, acknowledgements list or duties. They are
// read into today's shape here, once, so the rules never branch on an incident's age.
import { FIRST_RELEASE_LADDERS, mayAlert } from './routing.js';
import type { Acknowledgement, Incident } from './schemas.js';
import { isVillageKind } from './vocabulary.js';

type Added = 'routing' | 'alerts' | 'acknowledgements' | 'duties';
/** An incident as stored, by this release or the first. */
export type StoredIncident = Omit<Incident, Added> & Partial<Pick<Incident, Added>> & { acknowledgement?: Acknowledgement };

export function upgradeIncident(stored: StoredIncident): Incident {
  if (stored.routing && stored.alerts && stored.acknowledgements && stored.duties) return stored as Incident;
  const { acknowledgement, ...rest } = stored;
  const category = stored.category === 'abandoned_separated' ? 'other' : stored.category;
  return {
    ...rest,
    // The first release's ladder, as it routed then: its first alert went out long ago.
    routing: {
      firstAlert: [],
      ladder: FIRST_RELEASE_LADDERS[category]
        .map((step) => step.filter((kind) => mayAlert(kind, stored.confidential)))
        .filter((step) => step.length > 0),
      ladderFrom: 0,
    },
    alerts: [{ step: 'first_alert', at: stored.reportedAt, kinds: [], contactIds: stored.routedTo, missing: [] }],
    acknowledgements: acknowledgement ? [acknowledgement] : [],
    ...(firstReleaseStop(stored, acknowledgement) ?? {}),
    // Duties did not exist when it was reported: none is owed to a table it never had.
    duties: [],
  };
}

/** Under the first release's rules the ladder stopped on any move past reported, or an acknowledgement that was not a village kind's on a high or critical incident. */
function firstReleaseStop(
  stored: StoredIncident,
  acknowledgement: Acknowledgement | undefined,
): Pick<Incident, 'ladderStoppedBy'> | undefined {
  if (stored.status === 'reported') return undefined;
  const communityOnly =
    stored.status === 'acknowledged' &&
    acknowledgement &&
    isVillageKind(acknowledgement.kind) &&
    ['high', 'critical'].includes(stored.severity);
  if (communityOnly) return undefined;
  return { ladderStoppedBy: { at: acknowledgement?.at ?? stored.updatedAt, kind: acknowledgement?.kind ?? 'coordinator' } };
}
