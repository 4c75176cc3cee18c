// The notifier when a notice is delivered again: what was sent is not sent twice, and a claim left
// pending by an attempt that died mid-send is sent again once its lease has run out (at least once:
// flagged as a possible duplicate), never left pending and never reported as a failure.
import { afterAll, beforeAll, expect, test } from '@jest/globals';
import { notifierDependencies } from '../../functions/alert-wiring.js';
import type { PlannedNotice } from '../../functions/domain/notification-plan.js';
import type { SmsMessage, SmsSender } from '../../functions/domain/ports.js';
import { LOCAL_DLT_TEMPLATE_IDS } from '../../functions/domain/sms/templates.js';
import { deliverNotice } from '../../functions/use-cases/notify.js';
import { createTestTable, type TestTable } from '../support/dynamodb.js';
import { anIncident, reportEntry } from '../support/fixtures.js';
import { type Programme, seedProgramme, VILLAGE } from '../support/programme.js';
import { required } from '../support/required.js';

let table: TestTable;
let programme: Programme;
const sent: SmsMessage[] = [];
const sms: SmsSender = {
  async send(message) {
    sent.push(message);
    return { status: 'sent', messageId: `m-${sent.length}` };
  },
};

beforeAll(async () => {
  table = await createTestTable();
  programme = await seedProgramme(table.stores());
});
afterAll(async () => {
  await table.drop();
});

test('a pending claim past its lease is sent once more and flagged; delivered again, the notice sends nothing', async () => {
  // Prepare: an incident routed to the panchayat and the coordinator, whose panchayat SMS was
  // claimed by an earlier attempt (from before leases: no leaseUntil) that died before recording.
  const stores = table.stores();
  const draft = anIncident({ villageId: VILLAGE, routedTo: [programme.panchayat.id, programme.coordinator.id] });
  const { shortCode: _code, ...withoutCode } = draft;
  const created = await stores.incidents.create({ incident: withoutCode, history: reportEntry(draft) });
  const incident = created.replayed ? draft : created.record;
  await stores.notifications.claim(
    {
      id: '01JD0000000000000000000000',
      incidentId: incident.id,
      step: 'first_alert',
      contactId: programme.panchayat.id,
      kind: 'panchayat',
      channel: 'sms',
      language: 'bn',
      status: 'pending',
      createdAt: incident.reportedAt,
    },
    VILLAGE,
  );
  const deps = notifierDependencies({ stores, sms, ackBaseUrl: 'https://sk.example.in', dltTemplateIds: LOCAL_DLT_TEMPLATE_IDS });
  const [notice] = await stores.notifications.outstanding(incident.id);
  const firstAlert: PlannedNotice = required(notice, "the store's first-alert notice");

  // Act: the notice, twice.
  const first = await deliverNotice(deps, firstAlert);
  const second = await deliverNotice(deps, firstAlert);

  // Assess
  expect([first, second]).toEqual(['delivered', 'delivered']);
  const records = await stores.notifications.listForIncident(incident.id);
  expect(records.find((r) => r.step === 'first_alert' && r.contactId === programme.panchayat.id)).toMatchObject({
    status: 'sent',
    attempts: 2,
    possibleDuplicate: true,
  });
  expect(sent.map((message) => [message.contactId, message.dltTemplateId]).sort()).toEqual(
    [
      [programme.panchayat.id, LOCAL_DLT_TEMPLATE_IDS.first_alert_responder.bn],
      [programme.coordinator.id, LOCAL_DLT_TEMPLATE_IDS.first_alert_informed.en],
    ].sort(),
  );
  expect(records.every((record) => record.status !== 'pending')).toBe(true);
  expect(records.some((record) => record.step.startsWith('delivery_failed_'))).toBe(false);
  expect(await stores.notifications.outstanding(incident.id)).toEqual([]);
});
