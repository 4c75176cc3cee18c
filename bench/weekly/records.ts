// Table items as the API and the notifier leave them, for the weekly metrics and district
// measurements: an incident's whole footprint (record, history, short code, routes, SMS records, the
// open marker of one still open) and meetings, built with the store's own item builders.
// Deterministic, so every run loads the same table.
import { monotonicFactory } from 'ulid';
import {
  historyItem,
  incidentItem,
  meetingItem,
  notificationItem,
  openMarkerItem,
  routeItem,
  shortCodeItem,
} from '../../functions/adapters/table/items.js';
import type { Item } from '../../functions/adapters/table/table.js';
import { kolkataDateOf } from '../../functions/domain/metrics/iso-week.js';
import type { Actor, HistoryEntry, Incident, NotificationRecord } from '../../functions/domain/schemas.js';
import { CATEGORIES, type IncidentStatus } from '../../functions/domain/vocabulary.js';
import { aMeeting, anIncident } from '../../test/support/fixtures.js';
import { required } from '../../test/support/required.js';

const HOUR_MS = 3_600_000;
/** An incident's life from report to resolution, when it is resolved. */
export const INCIDENT_LIFE_MS = 3 * HOUR_MS;
const RECIPIENTS = 3;

/** The items the week's metrics are computed from, as opposed to the rest of an incident's footprint. */
export const METRIC_INPUT_TYPES = new Set(['incident', 'history', 'notification', 'meeting']);

/** mulberry32: a small seeded generator, so the loaded table is the same on every run. */
export function seededRandom(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export class RecordFactory {
  private readonly nextUlid = monotonicFactory();
  private readonly contacts: string[];
  private readonly reporter: Actor;
  private serial = 0;

  constructor(private readonly random: () => number) {
    this.contacts = Array.from({ length: RECIPIENTS }, () => this.nextUlid(0));
    this.reporter = { sub: 'bench-volunteer', role: 'volunteer', contactId: required(this.contacts[0], 'the first recipient') };
  }

  private id = (at: number) => this.nextUlid(at);
  private pick = <T>(values: readonly T[]): T => required(values[Math.floor(this.random() * values.length)], 'a value to pick');

  /** An incident reported at `at`, resolved within INCIDENT_LIFE_MS or still open, with everything written for it. */
  incident(villageId: string, at: number, resolved: boolean): Item[] {
    const reportedAt = new Date(at).toISOString();
    const step = (hours: number) => new Date(at + hours * HOUR_MS).toISOString();
    const status: IncidentStatus = resolved ? 'resolved' : 'reported';
    const incident: Incident = anIncident({
      id: this.id(at),
      shortCode: `B${String(this.serial++).padStart(5, '0')}`,
      villageId,
      category: this.pick(CATEGORIES),
      reportedAt,
      reportedBy: this.reporter,
      routedTo: this.contacts,
      status,
      version: resolved ? 4 : 1,
      updatedAt: resolved ? step(3) : reportedAt,
      ...(resolved
        ? {
            acknowledgement: {
              at: step(1),
              by: this.reporter,
              contactId: required(this.contacts[1], 'the second recipient'),
              kind: 'panchayat',
            },
            outcome: 'marriage_stopped',
          }
        : {}),
    });
    const moves: [IncidentStatus | null, IncidentStatus][] = resolved
      ? [
          [null, 'reported'],
          ['reported', 'acknowledged'],
          ['acknowledged', 'in_action'],
          ['in_action', 'resolved'],
        ]
      : [[null, 'reported']];
    const history = moves.map(
      ([from, to], index): HistoryEntry => ({
        entity: 'incident',
        entityId: incident.id,
        version: index + 1,
        at: step(index),
        by: this.reporter,
        from,
        to,
        ...(to === 'resolved' ? { outcome: 'marriage_stopped' as const } : {}),
      }),
    );
    const notifications = this.contacts.map(
      (contactId): NotificationRecord => ({
        id: this.id(at),
        incidentId: incident.id,
        step: 'first_alert',
        contactId,
        kind: 'panchayat',
        channel: 'sms',
        language: 'bn',
        status: 'sent',
        segments: 2,
        messageId: `bench-${incident.id}-${contactId}`,
        createdAt: reportedAt,
        sentAt: reportedAt,
      }),
    );
    return [
      incidentItem(incident),
      ...history.map((entry) => historyItem(entry, villageId)),
      shortCodeItem(incident.shortCode, incident.id),
      ...this.contacts.map((contactId) => routeItem(incident, contactId)),
      ...notifications.map((record) => notificationItem(record, villageId)),
      // An open incident is counted in its village's backlog through its marker.
      ...(resolved ? [] : [openMarkerItem(incident)]),
    ];
  }

  meeting(villageId: string, at: number): Item {
    return meetingItem(
      aMeeting({ id: this.id(at), villageId, heldOn: kolkataDateOf(new Date(at)), createdAt: new Date(at).toISOString() }),
    );
  }
}
