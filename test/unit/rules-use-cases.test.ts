// Issue 11's rules as the use cases apply them, on memory stores: coverage and its warnings,
// possible duplicates, duplicateOf, notes, corrections, overdue duties and their notices.
import { beforeEach, describe, expect, test } from '@jest/globals';
import { kolkataWeekOf } from '../../functions/domain/metrics/iso-week.js';
import type { SmsMessage } from '../../functions/domain/ports.js';
import { NotFoundError } from '../../functions/domain/ports.js';
import { villageCoverage } from '../../functions/use-cases/coverage.js';
import { createContact, patchContact, putVillage } from '../../functions/use-cases/directory.js';
import { runEscalations } from '../../functions/use-cases/escalate.js';
import {
  addNote,
  correctIncident,
  getIncident,
  incidentHistory,
  recordDuty,
  reportIncident,
  transitionIncident,
} from '../../functions/use-cases/incidents.js';
import { deliverNotice } from '../../functions/use-cases/notify.js';
import { weeklyMetricsFor } from '../../functions/use-cases/weekly-metrics.js';
import { aContact } from '../support/fixtures.js';
import { FIXED_NOW } from '../support/memory.js';
import { createdRecord, refusalOf } from '../support/outcomes.js';
import { OTHER_VILLAGE, VILLAGE } from '../support/programme.js';
import { recordingSms } from '../support/recording-sms.js';
import { aReport, programmeWorld, VIA, type World, worldNotifier } from '../support/use-case-world.js';

let world: World;
beforeEach(async () => {
  world = await programmeWorld();
});

/** Delivers every notice the incident has outstanding, as the stream would, and answers the SMS sent. */
async function deliverAll(incidentId: string): Promise<SmsMessage[]> {
  const sms = recordingSms();
  const deps = worldNotifier(world, { sms });
  for (const notice of await world.deps.notifications.outstanding(incidentId)) await deliverNotice(deps, notice);
  return sms.sent;
}

const hoursFromNow = (hours: number) => new Date(FIXED_NOW.getTime() + hours * 3600_000).toISOString();

describe('coverage', () => {
  test('a village lists, for each category, the kinds its rules need and those with nobody', async () => {
    const coverage = await villageCoverage(world.deps, VILLAGE);
    const marriage = coverage.categories.find((row) => row.category === 'child_marriage');
    expect(marriage?.kinds.sort()).toEqual(['block', 'cmpo', 'dcpu', 'panchayat', 'police', 'vlcpc'].sort());
    expect(marriage?.missing.sort()).toEqual(['cmpo', 'dcpu']);
    expect(await refusalOf(villageCoverage(world.deps, 'v-nowhere')).catch((error) => error)).toBeInstanceOf(NotFoundError);
  });

  test('deactivating the only police contact of a village warns which villages and categories lose it', async () => {
    const { police } = world.programme;
    const changed = await patchContact(world.deps, police.id, { active: false });
    expect(changed.warnings).toEqual([
      expect.objectContaining({
        villageId: VILLAGE,
        kind: 'police',
        categories: expect.arrayContaining(['sexual_abuse', 'child_marriage']),
      }),
    ]);
  });

  test('no warning while another contact of the kind still covers the village', async () => {
    await createContact(world.deps, world.callers.coordinator, {
      ...aContact({ kind: 'police', villages: [VILLAGE], phone: '+919800000099' }),
    });
    const changed = await patchContact(world.deps, world.programme.police.id, { villages: [OTHER_VILLAGE] });
    expect(changed.warnings).toBeUndefined();
  });

  test('a new village warns of every kind it has nobody for', async () => {
    const created = await putVillage(world.deps, 'v-new-1', { name: 'New', block: 'Hasnabad', district: 'North 24 Parganas' });
    const warnings = 'record' in created ? created.record.warnings : undefined;
    expect(warnings?.map((warning) => warning.kind)).toEqual(expect.arrayContaining(['police', 'panchayat', 'cmpo', 'smc']));
  });
});

describe('possible duplicates', () => {
  test('a second report of the same child within 14 days is alerted, and flagged to the coordinators', async () => {
    const first = createdRecord(await reportIncident(world.deps, world.callers.volunteer, aReport()));
    world.deps.setNow(hoursFromNow(24 * 3));
    const second = createdRecord(await reportIncident(world.deps, world.callers.volunteer, aReport()));
    const coordinatorView = await getIncident(world.deps, world.callers.coordinator, second.id, VIA);
    expect(coordinatorView.possibleDuplicateOf).toBe(first.id);
    expect((await getIncident(world.deps, world.callers.panchayat, second.id, VIA)).possibleDuplicateOf).toBeUndefined();
    const sent = await deliverAll(second.id);
    expect(sent.find((message) => message.kind === 'coordinator')?.text).toContain(`possible duplicate of ${first.shortCode}`);
    expect(sent.find((message) => message.kind === 'panchayat')?.text).not.toContain(first.shortCode);
  });

  test('not a duplicate after 14 days, nor for another age band', async () => {
    createdRecord(await reportIncident(world.deps, world.callers.volunteer, aReport()));
    const otherChild = createdRecord(
      await reportIncident(world.deps, world.callers.volunteer, aReport({ child: { ageBand: '12-14', gender: 'girl' } })),
    );
    world.deps.setNow(hoursFromNow(24 * 15));
    const later = createdRecord(await reportIncident(world.deps, world.callers.volunteer, aReport()));
    for (const { id } of [otherChild, later]) {
      expect((await getIncident(world.deps, world.callers.coordinator, id, VIA)).possibleDuplicateOf).toBeUndefined();
    }
  });

  test('duplicateOf must name an existing incident of the same village', async () => {
    const incident = createdRecord(await reportIncident(world.deps, world.callers.coordinator, aReport()));
    const elsewhere = createdRecord(await reportIncident(world.deps, world.callers.coordinator, aReport({ villageId: OTHER_VILLAGE })));
    const unknown = transitionIncident(
      world.deps,
      world.callers.coordinator,
      incident.id,
      { to: 'duplicate', duplicateOf: '01JD0000000000000000000000' },
      1,
    );
    await expect(unknown).rejects.toBeInstanceOf(NotFoundError);
    expect(
      await refusalOf(
        transitionIncident(world.deps, world.callers.coordinator, incident.id, { to: 'duplicate', duplicateOf: elsewhere.id }, 1),
      ),
    ).toMatchObject({ kind: 'conflict' });
  });
});

describe('notes', () => {
  test('a routed community member adds a note; a retry of the same note records it once', async () => {
    const incident = createdRecord(await reportIncident(world.deps, world.callers.volunteer, aReport()));
    const note = await addNote(world.deps, world.callers.panchayat, incident.id, 'Met the family');
    const retry = await addNote(world.deps, world.callers.panchayat, incident.id, 'Met the family');
    expect(retry).toEqual(note);
    const history = await incidentHistory(world.deps, world.callers.coordinator, incident.id, VIA);
    expect(history.filter((entry) => entry.event === 'note')).toHaveLength(1);
    expect(await refusalOf(addNote(world.deps, world.callers.block, incident.id, 'x')).catch((error) => error)).toBeInstanceOf(
      NotFoundError,
    );
  });
});

describe('corrections', () => {
  test('a child marriage that turns out to be sexual abuse: confidential, re-routed, the VLCPC loses access, police told', async () => {
    const incident = createdRecord(await reportIncident(world.deps, world.callers.volunteer, aReport()));
    await deliverAll(incident.id);
    const corrected = await correctIncident(
      world.deps,
      world.callers.coordinator,
      incident.id,
      { category: 'sexual_abuse', reason: 'The girl disclosed abuse to the counsellor' },
      1,
    );
    expect(corrected).toMatchObject({ category: 'sexual_abuse', severity: 'critical', confidential: true });
    expect(corrected.routedTo).toContain(world.programme.police.id);
    expect(corrected.routedTo).not.toContain(world.programme.vlcpc.id);
    expect(corrected.duties?.map((duty) => duty.id)).toEqual(['police_report', 'cwc_informed']);
    await expect(getIncident(world.deps, world.callers.panchayat, incident.id, VIA)).rejects.toBeInstanceOf(NotFoundError);
    const sent = await deliverAll(incident.id);
    expect(sent.map((message) => message.kind)).toContain('police');
    expect(sent.map((message) => message.kind)).not.toContain('vlcpc');
    const history = await incidentHistory(world.deps, world.callers.coordinator, incident.id, VIA);
    expect(history.at(-1)).toMatchObject({
      event: 'corrected',
      reason: 'The girl disclosed abuse to the counsellor',
      correction: { before: { category: 'child_marriage', confidential: false }, after: { category: 'sexual_abuse', confidential: true } },
    });
  });

  test('sexual abuse cannot be made not confidential', async () => {
    const incident = createdRecord(await reportIncident(world.deps, world.callers.volunteer, aReport({ category: 'sexual_abuse' })));
    expect(
      await refusalOf(correctIncident(world.deps, world.callers.coordinator, incident.id, { confidential: false, reason: 'typo' }, 1)),
    ).toMatchObject({ kind: 'invalid', path: 'confidential' });
  });
});

describe('legal duties', () => {
  test('an overdue duty tells the coordinators and the dcpu once, on its own step', async () => {
    const dcpu = aContact({ kind: 'dcpu', villages: [VILLAGE], language: 'en', phone: '+919800000077' });
    await world.deps.directory.createContact(dcpu);
    const incident = createdRecord(await reportIncident(world.deps, world.callers.volunteer, aReport()));
    await deliverAll(incident.id);
    const later = new Date(hoursFromNow(25));
    world.deps.setNow(later);
    await runEscalations(world.deps, later);
    const sent = await deliverAll(incident.id);
    const overdue = sent.filter((message) => message.text.includes('legal duty overdue'));
    expect(overdue.map((message) => message.kind).sort()).toEqual(['coordinator', 'dcpu']);
    expect(overdue[0]?.text).toContain('Written info to CMPO');
    await runEscalations(world.deps, new Date(hoursFromNow(26)));
    expect((await deliverAll(incident.id)).filter((message) => message.text.includes('legal duty overdue'))).toEqual([]);
  });

  test('only a coordinator or a routed official records a duty; a community member may not', async () => {
    const incident = createdRecord(await reportIncident(world.deps, world.callers.volunteer, aReport()));
    expect(
      await refusalOf(recordDuty(world.deps, world.callers.panchayat, incident.id, 'cmpo_informed', { reference: 'Letter 12' }, 1)),
    ).toMatchObject({ kind: 'forbidden' });
    const done = await recordDuty(world.deps, world.callers.coordinator, incident.id, 'cmpo_informed', { reference: 'Letter 12' }, 1);
    expect(done.duties?.[0]).toMatchObject({ id: 'cmpo_informed', reference: 'Letter 12', doneAt: FIXED_NOW.toISOString() });
  });
});

describe('duties in the weekly metrics', () => {
  test('coordinators see duties done in time and overdue; the funder view has no duty figure', async () => {
    const onTime = createdRecord(await reportIncident(world.deps, world.callers.volunteer, aReport()));
    createdRecord(await reportIncident(world.deps, world.callers.volunteer, aReport({ child: { ageBand: '12-14', gender: 'girl' } })));
    await recordDuty(world.deps, world.callers.coordinator, onTime.id, 'cmpo_informed', { reference: 'Letter 7' }, 1);
    const asOf = new Date(hoursFromNow(24 * 3));
    world.deps.setNow(asOf);
    const metricsDeps = { ...world.deps, pricePerSegmentInr: 0.2 };
    const week = kolkataWeekOf(FIXED_NOW);
    const exact = await weeklyMetricsFor(metricsDeps, world.callers.coordinator, week, VIA);
    expect('total' in exact && exact.total.duties).toEqual({ doneInTime: 1, overdue: 1 });
    const funder = await weeklyMetricsFor(metricsDeps, world.callers.funder, week, VIA);
    expect(JSON.stringify(funder)).not.toMatch(/"duties"|overdue|doneInTime/i);
  });
});

describe('after the commit', () => {
  test('a report whose route items fail to write is still answered as created, and delivering its alert writes them', async () => {
    let deferred = 0;
    world = await programmeWorld({ storeOptions: { onRouteItemsDeferred: () => deferred++ } });
    const { table } = world.deps;
    const writeBatch = table.writeBatch.bind(table);
    let failures = 1;
    table.writeBatch = async (actions) => {
      if (failures-- > 0) throw new Error('the database went away');
      return writeBatch(actions);
    };
    const incident = createdRecord(await reportIncident(world.deps, world.callers.volunteer, aReport()));
    expect(deferred).toBe(1);
    expect((await world.deps.incidents.listRoutedTo(world.programme.panchayat.id, {}, { limit: 10 })).items).toEqual([]);
    await deliverAll(incident.id);
    const listed = await world.deps.incidents.listRoutedTo(world.programme.panchayat.id, {}, { limit: 10 });
    expect(listed.items.map((each) => each.id)).toEqual([incident.id]);
  });
});

describe('the current week', () => {
  test('is the coordinators’ preview only: a funder gets 404 until it is over', async () => {
    const deps = { ...world.deps, pricePerSegmentInr: 0.2 };
    const week = kolkataWeekOf(FIXED_NOW);
    expect((await weeklyMetricsFor(deps, world.callers.coordinator, week, VIA)).final).toBe(false);
    await expect(weeklyMetricsFor(deps, world.callers.funder, week, VIA)).rejects.toBeInstanceOf(NotFoundError);
    world.deps.setNow(hoursFromNow(24 * 8));
    expect((await weeklyMetricsFor(deps, world.callers.funder, week, VIA)).final).toBe(true);
  });
});
