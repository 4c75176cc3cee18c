// The coordinators' exact weekly figures, from records the caller has already picked for the week.
import { aggregateWeek, type VillageActivity, type WeekActivity } from '../../functions/domain/metrics/aggregate.js';
import { type HistoryEntry, type Incident, type NotificationRecord, WeeklyMetricsSchema } from '../../functions/domain/schemas.js';
import { CATEGORIES, MEETING_TYPES, OUTCOMES, SEVERITIES } from '../../functions/domain/vocabulary.js';
import { aMeeting, anIncident, coordinator, newId } from '../support/fixtures.js';
import { required } from '../support/required.js';

const REPORTED_AT = '2026-11-28T10:00:00.000Z';
const MS_PER_MINUTE = 60_000;

/** Acknowledged by the police (statutory for a child marriage), which stops the ladder: the response that counts. */
function acknowledgedAfter(minutes: number, overrides: Partial<Incident> = {}): Incident {
  const reportedAt = overrides.reportedAt ?? REPORTED_AT;
  const at = new Date(Date.parse(reportedAt) + minutes * MS_PER_MINUTE).toISOString();
  return anIncident({
    status: 'acknowledged',
    acknowledgements: [{ at, by: coordinator, kind: 'police' }],
    ladderStoppedBy: { at, kind: 'police' },
    ...overrides,
  });
}

function entry(overrides: Partial<HistoryEntry> & Pick<HistoryEntry, 'to'>): HistoryEntry {
  return {
    entity: 'incident',
    entityId: newId(),
    version: 2,
    at: '2026-11-28T12:00:00.000Z',
    by: coordinator,
    from: 'in_action',
    ...overrides,
  };
}

function notification(
  status: NotificationRecord['status'],
  segments?: number,
  channel: NotificationRecord['channel'] = 'sms',
  extra: Partial<NotificationRecord> = {},
): NotificationRecord {
  return {
    ...extra,
    id: newId(),
    incidentId: newId(),
    step: 'first_alert',
    contactId: newId(),
    kind: 'panchayat',
    channel,
    language: 'bn',
    status,
    ...(segments === undefined ? {} : { segments }),
    createdAt: REPORTED_AT,
  };
}

function village(villageId: string, activity: Partial<Omit<VillageActivity, 'villageId'>> = {}): VillageActivity {
  return { villageId, reported: [], history: [], meetings: [], notifications: [], openAtWeekEnd: 0, ...activity };
}

function week(villages: VillageActivity[], overrides: Partial<WeekActivity> = {}): WeekActivity {
  return {
    week: '2026-W48',
    computedAt: new Date('2026-11-30T03:30:00.000Z'),
    final: true,
    pricePerSegmentInr: 0.25,
    villages,
    ...overrides,
  };
}

const zeroes = (keys: readonly string[]) => Object.fromEntries(keys.map((key) => [key, 0]));

test('a week with no activity: every count present and 0, no median, valid against the schema', () => {
  const metrics = aggregateWeek(week([village('v-a')]));
  expect(WeeklyMetricsSchema.parse(metrics)).toEqual(metrics);
  expect(metrics).toMatchObject({
    week: '2026-W48',
    from: '2026-11-22T18:30:00.000Z',
    to: '2026-11-29T18:30:00.000Z',
    computedAt: '2026-11-30T03:30:00.000Z',
    final: true,
  });
  expect(metrics.total).toEqual(metrics.villages['v-a']);
  expect(metrics.total.incidents).toEqual({ total: 0, byCategory: zeroes(CATEGORIES), bySeverity: zeroes(SEVERITIES) });
  expect(metrics.total.acknowledgement).toEqual({ due: 0, withinDeadline: 0, acknowledged: 0, medianMinutes: null, p90Minutes: null });
  expect(metrics.total.duties).toEqual({ doneInTime: 0, overdue: 0 });
  expect(metrics.total.outcomes).toEqual(zeroes(OUTCOMES));
  expect(metrics.total.meetings.byType).toEqual(zeroes(MEETING_TYPES));
});

test('incidents by category and severity, per village and in total', () => {
  const metrics = aggregateWeek(
    week([
      village('v-a', {
        reported: [
          anIncident({ category: 'child_marriage', severity: 'high' }),
          anIncident({ category: 'child_marriage', severity: 'critical' }),
        ],
      }),
      village('v-b', { reported: [anIncident({ villageId: 'v-b', category: 'neglect', severity: 'medium' })] }),
    ]),
  );
  expect(required(metrics.villages['v-a'], 'village v-a').incidents.byCategory).toMatchObject({ child_marriage: 2, neglect: 0 });
  expect(required(metrics.villages['v-b'], 'village v-b').incidents.bySeverity).toEqual({ low: 0, medium: 1, high: 0, critical: 0 });
  expect(metrics.total.incidents.total).toBe(3);
  expect(metrics.total.incidents.byCategory).toMatchObject({ child_marriage: 2, neglect: 1 });
  expect(metrics.total.incidents.bySeverity).toEqual({ low: 0, medium: 1, high: 1, critical: 1 });
});

describe('acknowledgement', () => {
  test('within the deadline means at most ACK_WITHIN_MINUTES after the report, per severity', () => {
    const oneSecond = 1 / 60;
    const metrics = aggregateWeek(
      week([
        village('v-a', {
          reported: [
            acknowledgedAfter(30, { severity: 'critical' }),
            acknowledgedAfter(30 + oneSecond, { severity: 'critical' }),
            acknowledgedAfter(240, { severity: 'high' }),
            acknowledgedAfter(240 + oneSecond, { severity: 'high' }),
            acknowledgedAfter(72 * 60, { severity: 'low' }),
            anIncident({ severity: 'medium' }), // not acknowledged yet: due, not within
          ],
        }),
      ]),
    );
    expect(metrics.total.acknowledgement).toMatchObject({ due: 6, withinDeadline: 3, acknowledged: 5 });
  });

  test('an incident still inside its deadline when the figures are computed is not due yet', () => {
    // Prepare: reported 20 minutes before the figures are computed, with 30 minutes to answer.
    const computedAt = new Date('2026-11-29T18:00:00.000Z');
    const fresh = anIncident({ severity: 'critical', reportedAt: '2026-11-29T17:40:00.000Z' });
    const overdue = anIncident({ severity: 'critical', reportedAt: '2026-11-29T17:00:00.000Z' });
    // Act
    const metrics = aggregateWeek(week([village('v-a', { reported: [fresh, overdue] })], { computedAt, final: false }));
    // Assess
    expect(metrics.total.acknowledgement).toMatchObject({ due: 1, withinDeadline: 0, acknowledged: 0 });
  });

  test('median of an odd count is the middle value; of an even count the mean of the two middle values', () => {
    const odd = aggregateWeek(week([village('v-a', { reported: [10, 2, 7].map((minutes) => acknowledgedAfter(minutes)) })]));
    expect(odd.total.acknowledgement.medianMinutes).toBe(7);
    const even = aggregateWeek(week([village('v-a', { reported: [10, 2, 7, 4].map((minutes) => acknowledgedAfter(minutes)) })]));
    expect(even.total.acknowledgement.medianMinutes).toBe(5.5);
  });

  test.each([
    [[42], 42],
    [[1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 9],
    [[1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11], 10],
    [Array.from({ length: 20 }, (_, index) => index + 1), 18],
  ])('the 90th percentile by nearest rank of %j is %i', (minutes, p90) => {
    const metrics = aggregateWeek(week([village('v-a', { reported: minutes.map((m) => acknowledgedAfter(m)) })]));
    expect(metrics.total.acknowledgement.p90Minutes).toBe(p90);
  });

  test("the total median comes from every village's values, not from the villages' medians", () => {
    const metrics = aggregateWeek(
      week([
        village('v-a', { reported: [1, 2, 3].map((minutes) => acknowledgedAfter(minutes)) }),
        village('v-b', { reported: [100, 200].map((minutes) => acknowledgedAfter(minutes, { villageId: 'v-b' })) }),
      ]),
    );
    expect(required(metrics.villages['v-a'], 'village v-a').acknowledgement.medianMinutes).toBe(2);
    expect(required(metrics.villages['v-b'], 'village v-b').acknowledgement.medianMinutes).toBe(150);
    expect(metrics.total.acknowledgement.medianMinutes).toBe(3);
    expect(metrics.total.acknowledgement.p90Minutes).toBe(200);
  });

  test('times are rounded to a tenth of a minute', () => {
    const metrics = aggregateWeek(week([village('v-a', { reported: [acknowledgedAfter(12 + 20 / 60)] })]));
    expect(metrics.total.acknowledgement.medianMinutes).toBe(12.3);
  });
});

test('escalations, resolutions and closures come from history; job events are not status moves', () => {
  const history = [
    entry({ from: 'reported', to: 'reported', event: 'escalated', step: 1 }),
    entry({ from: 'reported', to: 'reported', event: 'escalated', step: 2 }),
    entry({ from: 'reported', to: 'reported', event: 'ladder_exhausted' }),
    entry({ from: 'in_action', to: 'in_action', event: 'reminder' }),
    entry({ to: 'resolved', outcome: 'marriage_stopped' }),
    entry({ to: 'resolved', outcome: 'marriage_stopped' }),
    entry({ to: 'resolved', outcome: 'services_linked' }),
    entry({ from: 'resolved', to: 'closed' }),
    entry({ from: null, to: 'reported' }),
  ];
  const area = aggregateWeek(week([village('v-a', { history, openAtWeekEnd: 4 })])).total;
  expect(area).toMatchObject({ escalations: 2, resolved: 3, closed: 1, openBacklog: 4 });
  expect(area.outcomes).toEqual({ ...zeroes(OUTCOMES), marriage_stopped: 2, services_linked: 1 });
});

test('linkages identified (created, from null), referred and fulfilled; an incident report is not a linkage', () => {
  const linkage = (from: HistoryEntry['from'], to: HistoryEntry['to']) => entry({ entity: 'linkage', from, to });
  const history = [
    linkage(null, 'identified'),
    linkage(null, 'identified'),
    linkage('identified', 'referred'),
    linkage('in_progress', 'fulfilled'),
    linkage('referred', 'unable'),
    entry({ from: null, to: 'reported' }),
  ];
  expect(aggregateWeek(week([village('v-a', { history })])).total.linkages).toEqual({ identified: 2, referred: 1, fulfilled: 1 });
});

test('meetings by type, and person-sessions summed per attendance group', () => {
  const meetings = [
    aMeeting({ type: 'children_group', attendance: { girls: 12, boys: 9, women: 0, men: 0, dutyBearers: 0 } }),
    aMeeting({ type: 'children_group', attendance: { girls: 10, boys: 11, women: 0, men: 0, dutyBearers: 1 } }),
    aMeeting({ type: 'parenting_workshop', attendance: { girls: 0, boys: 0, women: 14, men: 6, dutyBearers: 1 } }),
  ];
  const { meetings: figures } = aggregateWeek(week([village('v-a', { meetings })])).total;
  expect(figures.total).toBe(3);
  expect(figures.byType).toEqual({ ...zeroes(MEETING_TYPES), children_group: 2, parenting_workshop: 1 });
  expect(figures.personSessions).toEqual({ girls: 22, boys: 20, women: 14, men: 6, dutyBearers: 2 });
});

test('SMS: counts by status (sent: every one SNS took, whatever its receipt said); segments of those sent and failed; cost rounded to paise', () => {
  const notifications = [
    notification('sent', 2),
    notification('delivered', 1),
    notification('undelivered', 1),
    notification('failed', 4),
    notification('skipped'),
    notification('skipped'),
    notification('pending', 3),
  ];
  const metrics = aggregateWeek(week([village('v-a', { notifications })], { pricePerSegmentInr: 0.2733 }));
  expect(metrics.total.sms).toEqual({ sent: 3, delivered: 1, undelivered: 1, failed: 1, skipped: 2, segments: 8, estimatedCostInr: 2.19 });
});

test('WhatsApp beside SMS, for coordinators: taken, delivered, read, undelivered, and the cost of each one taken', () => {
  const notifications = [
    notification('sent', undefined, 'whatsapp'),
    notification('delivered', undefined, 'whatsapp', { readAt: REPORTED_AT }),
    notification('delivered', undefined, 'whatsapp'),
    notification('undelivered', undefined, 'whatsapp'),
    notification('failed', undefined, 'whatsapp'),
    // The failover SMS of the undelivered one.
    notification('sent', 1),
  ];
  const metrics = aggregateWeek(week([village('v-a', { notifications })], { pricePerWhatsAppMessageInr: 0.5 }));
  expect(metrics.total.whatsapp).toEqual({ sent: 4, delivered: 2, read: 1, undelivered: 1, failed: 1, skipped: 0, estimatedCostInr: 2 });
  expect(metrics.total.sms).toMatchObject({ sent: 1, segments: 1 });
});

test('the total adds every village up, including the open backlog', () => {
  const metrics = aggregateWeek(
    week([
      village('v-a', { reported: [anIncident()], meetings: [aMeeting()], openAtWeekEnd: 3, notifications: [notification('sent', 1)] }),
      village('v-b', { reported: [anIncident({ villageId: 'v-b' })], openAtWeekEnd: 2, notifications: [notification('sent', 2)] }),
    ]),
  );
  expect(Object.keys(metrics.villages)).toEqual(['v-a', 'v-b']);
  expect(metrics.total).toMatchObject({ openBacklog: 5, incidents: { total: 2 }, meetings: { total: 1 }, sms: { segments: 3 } });
});

test('a village given twice is a caller error, not a silent overwrite', () => {
  expect(() => aggregateWeek(week([village('v-a'), village('v-a')]))).toThrow(RangeError);
});

test('a week that does not exist is refused', () => {
  expect(() => aggregateWeek(week([], { week: '2027-W53' }))).toThrow(RangeError);
});
