// No size limit from DynamoDB's 100-action transactions (issue "No report without an answer"): a
// village with 200 active volunteers takes a child-marriage report, and a district officer covering
// 1,600 villages is created and changed, all through the Lambdas, against DynamoDB Local.
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { mapWithConcurrency } from '../../functions/domain/concurrency.js';
import { createTestTable, type TestTable } from '../support/dynamodb.js';
import { aContact } from '../support/fixtures.js';
import { type Claims, call, useFunctionEnvironment } from '../support/lambda.js';
import { seedProgramme, VILLAGE } from '../support/programme.js';

let table: TestTable;
beforeAll(async () => {
  table = await createTestTable();
  await seedProgramme(table.stores());
  useFunctionEnvironment(table.tableName);
});
afterAll(async () => {
  await table.drop();
});

const coordinator: Claims = { sub: 'sub-coordinator', role: 'coordinator' };

describe('a village with 200 active volunteers', () => {
  test('takes a child-marriage report: 201, every volunteer routed, one first-alert notice naming all', async () => {
    // Prepare
    const directory = table.stores().directory;
    const volunteers = Array.from({ length: 200 }, (_, index) =>
      aContact({ kind: 'volunteer', name: `Volunteer ${index}`, phone: `+9198${String(index).padStart(8, '0')}` }),
    );
    await mapWithConcurrency(volunteers, 10, (contact) => directory.createContact(contact));

    // Act
    const response = await call('POST', '/incidents', {
      claims: coordinator,
      body: {
        villageId: VILLAGE,
        category: 'child_marriage',
        child: { ageBand: '15-17', gender: 'girl' },
        description: 'A marriage is being arranged',
        medicalCareNeeded: false,
        confidential: false,
      },
    });

    // Assess
    expect(response.status).toBe(201);
    const routedTo = response.body.routedTo as string[];
    for (const volunteer of volunteers) expect(routedTo).toContain(volunteer.id);
    const stores = table.stores();
    const notices = await stores.notifications.outstanding(response.body.id);
    // One first alert naming all, and the coordinators told that the village has no cmpo.
    expect(notices.map((notice) => notice.step).sort()).toEqual(['first_alert', 'gap_cmpo']);
    const firstAlert = notices.find((notice) => notice.step === 'first_alert');
    expect([...(firstAlert?.contactIds ?? [])].sort()).toEqual([...routedTo].sort());
    const routedToLast = await stores.incidents.listRoutedTo(volunteers[199]?.id ?? '', {}, { limit: 5 });
    expect(routedToLast.items.map((incident) => incident.id)).toEqual([response.body.id]);
  });
});

describe('a district officer covering 1,600 villages', () => {
  const villageIds = Array.from({ length: 1600 }, (_, index) => `v-n24p-${String(index).padStart(4, '0')}`);
  beforeAll(async () => {
    const at = '2026-11-01T00:00:00.000Z';
    await mapWithConcurrency(villageIds, 20, (id) =>
      table
        .stores()
        .directory.putVillage({ id, name: id, block: 'North 24 Parganas', district: 'North 24 Parganas', createdAt: at, updatedAt: at }),
    );
  });

  test('is created (201) and covers every one of them; changed to half of them, covers only those', async () => {
    // Prepare
    const body = { name: 'DCPO North 24 Parganas', kind: 'dcpu', villages: villageIds, language: 'en', phone: '+919800001600' };

    // Act
    const created = await call('POST', '/contacts', { claims: coordinator, body });
    const half = villageIds.slice(0, 800);
    const changed = await call('PATCH', `/contacts/${created.body.id}`, {
      claims: coordinator,
      headers: { 'if-match': created.headers.etag ?? '' },
      body: { villages: half },
    });

    // Assess
    expect(created.status).toBe(201);
    expect(changed.status).toBe(200);
    expect(changed.body.villages).toHaveLength(800);
    const directory = table.stores().directory;
    const inKept = await directory.contactsCovering(villageIds[799] ?? '', ['dcpu']);
    const inDropped = await directory.contactsCovering(villageIds[800] ?? '', ['dcpu']);
    expect(inKept.map((contact) => contact.id)).toEqual([created.body.id]);
    expect(inDropped).toEqual([]);
    // Nothing is left for the sweeper: the contact's per-village copies are all written.
    expect((await directory.listContactsToSync(new Date(Date.now() + 3_600_000), { limit: 5 })).items).toEqual([]);
  });
});
