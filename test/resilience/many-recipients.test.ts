// 500 recipients: a village with 500 active volunteers takes a child-marriage report through the
// real use case on DynamoDB Local (its route items do not fit one transaction), and delivering its
// stored notice gives every volunteer, duty bearer and coordinator one final record and one SMS.
import { join } from 'node:path';
import { afterAll, beforeAll, expect, test } from '@jest/globals';
import { mapWithConcurrency } from '../../functions/domain/concurrency.js';
import { deliverNotice } from '../../functions/use-cases/notify.js';
import { expectEveryRecipientToldOnce } from '../support/delivery.js';
import { createTestTable, type TestTable } from '../support/dynamodb.js';
import { aContact } from '../support/fixtures.js';
import { seedProgramme } from '../support/programme.js';
import { outboxNotifier, report, reportingDependencies, scratchDirectory, volunteerCaller } from '../support/resilience.js';

const VOLUNTEERS = 500;

let table: TestTable;
beforeAll(async () => {
  table = await createTestTable();
});
afterAll(async () => {
  await table.drop();
});

test('a village with 500 active volunteers: a child-marriage report reaches every one of them and the others once', async () => {
  // Prepare: the programme and 500 more volunteers in its village, through the directory store.
  const stores = table.stores();
  const programme = await seedProgramme(stores);
  const volunteers = Array.from({ length: VOLUNTEERS }, (_, index) =>
    aContact({ kind: 'volunteer', name: `Volunteer ${index}`, phone: `+9197${String(index).padStart(8, '0')}` }),
  );
  await mapWithConcurrency(volunteers, 8, (contact) => stores.directory.createContact(contact));
  const outboxPath = join(scratchDirectory('many-recipients'), 'sms-outbox.jsonl');

  // Act: the report, then its stored notices delivered as the notifier does.
  const incidentId = await report(reportingDependencies(stores), volunteerCaller(programme));
  const notices = await stores.notifications.outstanding(incidentId);
  const deliveries = await Promise.all(notices.map((notice) => deliverNotice(outboxNotifier(stores, outboxPath), notice)));

  // Assess: routed to all 500, the seeded volunteer, the panchayat, the VLCPC and the coordinator;
  // every one told once but the seeded volunteer, who reported it. Two notices: the first alert, and
  // the coordinators told that the village has no cmpo.
  const incident = await stores.incidents.get(incidentId);
  expect(incident?.routedTo).toEqual(
    expect.arrayContaining([
      ...volunteers.map((contact) => contact.id),
      programme.volunteer.id,
      programme.panchayat.id,
      programme.vlcpc.id,
      programme.coordinator.id,
    ]),
  );
  expect(notices.map((notice) => notice.step).sort()).toEqual(['first_alert', 'gap_cmpo']);
  expect(deliveries).toEqual(['delivered', 'delivered']);
  const tally = await expectEveryRecipientToldOnce(stores, [incidentId], outboxPath);
  expect(tally).toMatchObject({ recipients: VOLUNTEERS + 3, duplicates: 0 });
  // 500 contacts written and 500 SMS delivered against DynamoDB Local, beside another worker: it takes its time.
}, 150_000);
