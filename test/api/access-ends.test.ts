// Over HTTP: a duty bearer deactivated by a coordinator is refused at once, with the token and the
// SMS link they still hold; the link answers an HTML 410 page, Bengali first, and changes nothing.
import { afterAll, beforeAll, expect, test } from '@jest/globals';
import { startTestApi, type TestApi } from '../support/api.js';
import { createTestTable, type TestTable } from '../support/dynamodb.js';
import { type Programme, seedProgramme, VILLAGE } from '../support/programme.js';

let table: TestTable;
let api: TestApi;
let programme: Programme;
const TOKEN = 'link-token-for-the-panchayat-01';

beforeAll(async () => {
  table = await createTestTable();
  programme = await seedProgramme(table.stores());
  api = await startTestApi(table);
});
afterAll(async () => {
  await api.stop();
  await table.drop();
});

test('deactivated: the token reads nothing, the link answers 410, the incident is unchanged', async () => {
  const coordinator = await api.tokenFor({ role: 'coordinator' });
  const panchayat = await api.tokenFor({ role: 'duty_bearer', villages: [VILLAGE], contactId: programme.panchayat.id });
  const created = await api.request('POST', '/incidents', {
    token: coordinator,
    body: { villageId: VILLAGE, category: 'child_marriage', child: { ageBand: '15-17', gender: 'girl' }, description: 'Wedding fixed' },
  });
  const id = created.body.id as string;
  await table.stores().ackLinks.put({
    token: TOKEN,
    incidentId: id,
    contactId: programme.panchayat.id,
    createdAt: new Date().toISOString(),
    expiresAt: new Date(Date.now() + 86_400_000).toISOString(),
  });
  expect((await api.request('GET', `/incidents/${id}`, { token: panchayat })).status).toBe(200);
  expect((await api.request('GET', `/a/${TOKEN}`)).status).toBe(200);

  const patched = await api.request('PATCH', `/contacts/${programme.panchayat.id}`, { token: coordinator, body: { active: false } });
  expect(patched.status).toBe(200);
  expect(patched.body.warnings).toEqual([expect.objectContaining({ villageId: VILLAGE, kind: 'panchayat' })]);

  expect((await api.request('GET', `/incidents/${id}`, { token: panchayat })).status).toBe(404);
  expect((await api.request('GET', '/incidents', { token: panchayat })).body.items).toEqual([]);
  expect((await api.request('GET', `/incidents?villageId=${VILLAGE}`, { token: panchayat })).status).toBe(403);
  const move = await api.request('POST', `/incidents/${id}/transitions`, {
    token: panchayat,
    body: { to: 'acknowledged' },
    headers: { 'if-match': '"1"' },
  });
  expect(move.status).toBe(404);
  for (const method of ['GET', 'POST'] as const) {
    const page = await api.request(method, `/a/${TOKEN}`);
    expect(page.status).toBe(410);
    expect(page.headers['content-type']).toContain('text/html');
    expect(String(page.body).indexOf('lang="bn"')).toBeLessThan(String(page.body).indexOf('lang="en"'));
  }
  const after = await api.request('GET', `/incidents/${id}`, { token: coordinator });
  expect(after.body).toMatchObject({ status: 'reported', version: 1, acknowledgements: [] });
});
