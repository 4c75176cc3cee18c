// A week's exact figures (the coordinators' view) from that week's records. Pure: the caller picks
// the records with weekRange(week) and passes the clock's reading as computedAt; nothing here
// filters by date again.

import { DEFAULT_WHATSAPP_PRICE_PER_MESSAGE_INR } from '../prices.js';
import { ACK_WITHIN_MINUTES } from '../routing.js';
import type { AreaMetrics, HistoryEntry, Incident, Meeting, NotificationRecord, WeeklyMetrics } from '../schemas.js';
import { ATTENDANCE_GROUPS, CATEGORIES, MEETING_TYPES, OUTCOMES, SEVERITIES } from '../vocabulary.js';
import { weekRange } from './iso-week.js';

export interface VillageActivity {
  villageId: string;
  /** Incidents reported within the week, as they stand now (their acknowledgement may come later). */
  reported: Incident[];
  /** Incident and linkage history entries whose `at` falls within the week. */
  history: HistoryEntry[];
  /** Meetings whose heldOn falls within the week. */
  meetings: Meeting[];
  /** Notification records created within the week. */
  notifications: NotificationRecord[];
  /** Incidents still open (reported, acknowledged or in_action) at the end of the week. */
  openAtWeekEnd: number;
}

export interface WeekActivity {
  week: string;
  computedAt: Date;
  /** Whether the week is over: a finished week is stored, the current one is not. */
  final: boolean;
  pricePerSegmentInr: number;
  /** What a WhatsApp template message costs (Meta's and End User Messaging Social's fees); the default unless configured. */
  pricePerWhatsAppMessageInr?: number;
  villages: VillageActivity[];
}

interface Prices {
  smsSegmentInr: number;
  whatsAppMessageInr: number;
}

type AreaActivity = Omit<VillageActivity, 'villageId'>;

const MS_PER_MINUTE = 60_000;

/** Every key at 0, then one per value: a category nobody reported still shows, as 0. */
function tally<Key extends string>(keys: readonly Key[], values: readonly (Key | undefined)[]): Record<Key, number> {
  const counts = Object.fromEntries(keys.map((key) => [key, 0])) as Record<Key, number>;
  for (const value of values) if (value !== undefined) counts[value] += 1;
  return counts;
}

const sum = (values: readonly number[]): number => values.reduce((total, value) => total + value, 0);
const roundTo = (decimals: number, value: number): number => Math.round(value * 10 ** decimals) / 10 ** decimals;

/** The mean of the two middle values for an even count. */
function median(sorted: readonly number[]): number | null {
  const middle = Math.floor(sorted.length / 2);
  const upper = sorted[middle];
  if (upper === undefined) return null;
  const lower = sorted[middle - 1];
  return sorted.length % 2 === 1 || lower === undefined ? upper : (lower + upper) / 2;
}

/** Nearest rank: the smallest value with at least `percent`% of the values at or below it. */
function nearestRankPercentile(sorted: readonly number[], percent: number): number | null {
  return sorted[Math.ceil((percent / 100) * sorted.length) - 1] ?? null;
}

/**
 * Minutes from report to the response that counts: the action that stopped the ladder (for a high
 * or critical incident, a statutory kind's, not a community member's acknowledgement before it).
 */
function minutesToAcknowledge(incident: Incident): number | undefined {
  if (!incident.ladderStoppedBy) return undefined;
  return (Date.parse(incident.ladderStoppedBy.at) - Date.parse(incident.reportedAt)) / MS_PER_MINUTE;
}

/** Legal duties of the week's reports: done by their due time, or overdue (late, or not done and past due) by `asOf`. */
function dutyMetrics(reported: readonly Incident[], asOf: Date): AreaMetrics['duties'] {
  const duties = reported.flatMap((incident) => incident.duties);
  const instant = asOf.toISOString();
  return {
    doneInTime: duties.filter((duty) => duty.doneAt !== undefined && duty.doneAt <= duty.dueAt).length,
    overdue: duties.filter((duty) => (duty.doneAt ?? instant) > duty.dueAt && duty.dueAt <= instant).length,
  };
}

/**
 * Due: the incidents reported in the week that were acknowledged, or whose deadline has passed by
 * `asOf`. An incident still inside its deadline (this week, computed before it ends) is neither
 * in time nor late yet.
 */
function acknowledgementMetrics(reported: readonly Incident[], asOf: Date): AreaMetrics['acknowledgement'] {
  const deadlinePassed = (incident: Incident) =>
    Date.parse(incident.reportedAt) + ACK_WITHIN_MINUTES[incident.severity] * MS_PER_MINUTE <= asOf.getTime();
  const acknowledged = reported.flatMap((incident) => {
    const minutes = minutesToAcknowledge(incident);
    return minutes === undefined ? [] : [{ minutes, withinDeadline: minutes <= ACK_WITHIN_MINUTES[incident.severity] }];
  });
  const sortedMinutes = acknowledged.map(({ minutes }) => minutes).sort((a, b) => a - b);
  // Rounded to a tenth of a minute: finer is noise for a deadline counted in minutes.
  const rounded = (value: number | null) => (value === null ? null : roundTo(1, value));
  return {
    due: reported.filter((incident) => incident.ladderStoppedBy !== undefined || deadlinePassed(incident)).length,
    withinDeadline: acknowledged.filter(({ withinDeadline }) => withinDeadline).length,
    acknowledged: acknowledged.length,
    medianMinutes: rounded(median(sortedMinutes)),
    p90Minutes: rounded(nearestRankPercentile(sortedMinutes, 90)),
  };
}

function areaMetrics(activity: AreaActivity, prices: Prices, asOf: Date): AreaMetrics {
  const { reported, history, meetings, notifications } = activity;
  // Entries the escalation job writes (escalated, reminder...) keep the status as it was: only
  // entries without an event are moves to their `to`.
  const statusChanges = history.filter((entry) => entry.event === undefined);
  const movesTo = (entity: HistoryEntry['entity'], status: HistoryEntry['to']) =>
    statusChanges.filter((entry) => entry.entity === entity && entry.to === status);
  const resolutions = movesTo('incident', 'resolved');
  const onChannel = (channel: NotificationRecord['channel']) => notifications.filter((record) => record.channel === channel);
  const sms = onChannel('sms');
  const whatsapp = onChannel('whatsapp');
  const withStatus = (records: NotificationRecord[], ...statuses: NotificationRecord['status'][]) =>
    records.filter(({ status }) => statuses.includes(status)).length;
  // A message is billed once the provider took it: whatever its receipt said after.
  const taken = (records: NotificationRecord[]) => withStatus(records, 'sent', 'delivered', 'undelivered');
  const segments = sum(sms.filter(({ status }) => status !== 'pending' && status !== 'skipped').map((record) => record.segments ?? 0));

  return {
    incidents: {
      total: reported.length,
      byCategory: tally(
        CATEGORIES,
        reported.map(({ category }) => category),
      ),
      bySeverity: tally(
        SEVERITIES,
        reported.map(({ severity }) => severity),
      ),
    },
    acknowledgement: acknowledgementMetrics(reported, asOf),
    escalations: history.filter((entry) => entry.entity === 'incident' && entry.event === 'escalated').length,
    duties: dutyMetrics(reported, asOf),
    resolved: resolutions.length,
    closed: movesTo('incident', 'closed').length,
    openBacklog: activity.openAtWeekEnd,
    outcomes: tally(
      OUTCOMES,
      resolutions.map(({ outcome }) => outcome),
    ),
    meetings: {
      total: meetings.length,
      byType: tally(
        MEETING_TYPES,
        meetings.map(({ type }) => type),
      ),
      personSessions: Object.fromEntries(
        ATTENDANCE_GROUPS.map((group) => [group, sum(meetings.map(({ attendance }) => attendance[group]))]),
      ) as AreaMetrics['meetings']['personSessions'],
    },
    linkages: {
      // A linkage's first entry, its creation, is the only one without a `from`.
      identified: statusChanges.filter((entry) => entry.entity === 'linkage' && entry.from === null).length,
      referred: movesTo('linkage', 'referred').length,
      fulfilled: movesTo('linkage', 'fulfilled').length,
    },
    sms: {
      sent: taken(sms),
      delivered: withStatus(sms, 'delivered'),
      undelivered: withStatus(sms, 'undelivered'),
      failed: withStatus(sms, 'failed'),
      skipped: withStatus(sms, 'skipped'),
      segments,
      estimatedCostInr: roundTo(2, segments * prices.smsSegmentInr),
    },
    whatsapp: {
      sent: taken(whatsapp),
      delivered: withStatus(whatsapp, 'delivered'),
      read: whatsapp.filter(({ readAt }) => readAt !== undefined).length,
      undelivered: withStatus(whatsapp, 'undelivered'),
      failed: withStatus(whatsapp, 'failed'),
      skipped: withStatus(whatsapp, 'skipped'),
      estimatedCostInr: roundTo(2, taken(whatsapp) * prices.whatsAppMessageInr),
    },
  };
}

function allOf(villages: readonly VillageActivity[]): AreaActivity {
  return {
    reported: villages.flatMap((village) => village.reported),
    history: villages.flatMap((village) => village.history),
    meetings: villages.flatMap((village) => village.meetings),
    notifications: villages.flatMap((village) => village.notifications),
    openAtWeekEnd: sum(villages.map((village) => village.openAtWeekEnd)),
  };
}

export function aggregateWeek(input: WeekActivity): WeeklyMetrics {
  const { from, to } = weekRange(input.week);
  const villageIds = input.villages.map(({ villageId }) => villageId);
  if (new Set(villageIds).size !== villageIds.length) throw new RangeError('each village must appear once');
  const prices = {
    smsSegmentInr: input.pricePerSegmentInr,
    whatsAppMessageInr: input.pricePerWhatsAppMessageInr ?? DEFAULT_WHATSAPP_PRICE_PER_MESSAGE_INR,
  };
  return {
    week: input.week,
    from: from.toISOString(),
    to: to.toISOString(),
    computedAt: input.computedAt.toISOString(),
    final: input.final,
    // From every village's records together, never from the villages' figures: a median of
    // medians is not the median.
    total: areaMetrics(allOf(input.villages), prices, input.computedAt),
    villages: Object.fromEntries(input.villages.map((village) => [village.villageId, areaMetrics(village, prices, input.computedAt)])),
  };
}
