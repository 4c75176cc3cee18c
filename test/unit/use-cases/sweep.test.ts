// The sweeper on memory stores: what the stream missed is delivered a minute after it was planned,
// through the same use case; what it delivered is not sent again; a contact whose per-village copies
// were cut short is finished.
import { describe, expect, test } from '@jest/globals';
import { contactItem } from '../../../functions/adapters/table/items.js';
import { Created } from '../../../functions/domain/results.js';
import { reportIncident } from '../../../functions/use-cases/incidents.js';
import { runSweep } from '../../../functions/use-cases/sweep.js';
import { aContact } from '../../support/fixtures.js';
import { FIXED_NOW } from '../../support/memory.js';
import { VILLAGE } from '../../support/programme.js';
import { recordingSms } from '../../support/recording-sms.js';
import { aReport, programmeWorld, worldNotifier } from '../../support/use-case-world.js';

const at = (offsetMs: number) => new Date(FIXED_NOW.getTime() + offsetMs);

describe('notices the stream never delivered', () => {
  test('wait out their minute of grace, then every recipient is sent one SMS and the notice is gone', async () => {
    // Prepare: a report whose first alert the stream never saw.
    const world = await programmeWorld();
    const outcome = await reportIncident(world.deps, world.callers.coordinator, aReport());
    if (!(outcome instanceof Created)) throw new Error('a report without an Idempotency-Key is always created');
    const sms = recordingSms();
    const deps = worldNotifier(world, { sms });

    // Act
    const early = await runSweep(deps, at(30_000));
    world.deps.setNow(at(61_000));
    const due = await runSweep(deps, at(61_000));
    const again = await runSweep(deps, at(120_000));

    // Assess: two notices, the first alert and the coordinators told that no cmpo covers the village.
    expect(early).toEqual({ examined: 0, delivered: 0, outstanding: 0, contactsSynced: 0, chatsDropped: 0, providersTold: 0 });
    expect(due).toEqual({ examined: 2, delivered: 2, outstanding: 0, contactsSynced: 0, chatsDropped: 0, providersTold: 0 });
    expect(again.examined).toBe(0);
    expect(await world.deps.notifications.outstanding(outcome.record.id)).toEqual([]);
    const records = await world.deps.notifications.listForIncident(outcome.record.id);
    const sentFor = (step: string) =>
      records
        .filter((record) => record.step === step)
        .map((record) => record.contactId)
        .sort();
    expect(sentFor('first_alert')).toEqual([...outcome.record.routedTo].sort());
    expect(sentFor('gap_cmpo')).toEqual([world.programme.coordinator.id]);
    expect(sms.sent).toHaveLength(outcome.record.routedTo.length + 1);
    expect(records.map((record) => record.status)).toEqual(records.map(() => 'sent'));
  });

  test('a notice whose lease another attempt holds stays outstanding, and is delivered once the lease runs out', async () => {
    // Prepare: the panchayat's SMS claimed by an attempt that is still (or was) sending.
    const world = await programmeWorld();
    const outcome = await reportIncident(world.deps, world.callers.coordinator, aReport());
    if (!(outcome instanceof Created)) throw new Error('a report without an Idempotency-Key is always created');
    await world.deps.notifications.claim(
      {
        id: '01JD0000000000000000000000',
        incidentId: outcome.record.id,
        step: 'first_alert',
        contactId: world.programme.panchayat.id,
        kind: 'panchayat',
        channel: 'sms',
        language: 'bn',
        status: 'pending',
        createdAt: FIXED_NOW.toISOString(),
        leaseUntil: at(120_000).toISOString(),
        attempts: 1,
      },
      VILLAGE,
    );
    const sms = recordingSms();
    const deps = worldNotifier(world, { sms });

    // Act
    world.deps.setNow(at(61_000));
    const inLease = await runSweep(deps, at(61_000));
    world.deps.setNow(at(121_000));
    const afterLease = await runSweep(deps, at(121_000));

    // Assess: the coordinators' gap notice (no cmpo in the village) goes at once; the first alert waits.
    expect(inLease).toMatchObject({ examined: 2, delivered: 1, outstanding: 1 });
    expect(afterLease).toMatchObject({ examined: 1, delivered: 1, outstanding: 0 });
    expect(sms.sent.filter((message) => message.contactId === world.programme.panchayat.id)).toHaveLength(1);
    const panchayat = await world.deps.notifications.get(outcome.record.id, 'first_alert', world.programme.panchayat.id);
    expect(panchayat).toMatchObject({ status: 'sent', attempts: 2, possibleDuplicate: true });
  });
});

describe('a contact whose per-village copies a crash cut short', () => {
  test('is finished by the sweeper once its deadline passes: it covers its villages and leaves the due index', async () => {
    // Prepare: the contact written, its copies not (the process died in between).
    const world = await programmeWorld();
    const contact = aContact({ kind: 'police', name: 'Thana', phone: '+919800004444' });
    await world.deps.table.write({ put: contactItem(contact, at(60_000)) });
    const deps = worldNotifier(world, { sms: recordingSms() });
    expect(await world.deps.directory.contactsCovering(VILLAGE, ['police'])).not.toContainEqual(
      expect.objectContaining({ id: contact.id }),
    );

    // Act
    const summary = await runSweep(deps, at(61_000));

    // Assess
    expect(summary.contactsSynced).toBe(1);
    expect(await world.deps.directory.contactsCovering(VILLAGE, ['police'])).toContainEqual(expect.objectContaining({ id: contact.id }));
    expect((await world.deps.directory.listContactsToSync(at(3_600_000), { limit: 5 })).items).toEqual([]);
  });
});
