// The notifier when a batch is delivered again: what was sent is not sent twice, and an attempt that
// died between claiming and recording cannot be known sent, so it is closed as failed (the SMS is
// not repeated) and a duty bearer's coordinators are asked to phone.
import { afterAll, beforeAll, expect, test } from '@jest/globals';
import type { SmsMessage, SmsSender } from '../../functions/domain/ports.js';
import { LOCAL_DLT_TEMPLATE_IDS } from '../../functions/domain/sms/templates.js';
import { notifyIncidentChange } from '../../functions/use-cases/notify.js';
import { notifierDependencies } from '../../functions/wiring.js';
import { createTestTable, type TestTable } from '../support/dynamodb.js';
import { anIncident, reportEntry } from '../support/fixtures.js';
import { type Programme, seedProgramme, VILLAGE } from '../support/programme.js';

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

test('a redelivered change sends nothing twice; an interrupted send is failed, not repeated, and reported to the coordinators', async () => {
  // Prepare: an incident routed to the panchayat and the coordinator, whose panchayat SMS was
  // claimed by an earlier attempt that died before recording how it ended.
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

  // Act: the same change, twice.
  await notifyIncidentChange(deps, undefined, incident);
  await notifyIncidentChange(deps, undefined, incident);

  // Assess
  const records = await stores.notifications.listForIncident(incident.id);
  expect(records.find((r) => r.step === 'first_alert' && r.contactId === programme.panchayat.id)).toMatchObject({
    status: 'failed',
    reason: 'interrupted',
  });
  expect(sent.filter((message) => message.contactId === programme.panchayat.id)).toEqual([]);
  expect(sent.map((message) => [message.contactId, message.dltTemplateId])).toEqual([
    [programme.coordinator.id, LOCAL_DLT_TEMPLATE_IDS.first_alert_informed.en],
    [programme.coordinator.id, LOCAL_DLT_TEMPLATE_IDS.delivery_failed.en],
  ]);
  expect(records.every((record) => record.status !== 'pending')).toBe(true);
});
