// Data protection through the dev server: a coordinator's read shows in the incident's access log;
// legal holds and erasure answer in API.md's order of checks and repeat harmlessly; the privacy notice
// is served like the acknowledgement pages, which link to it.
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { startTestApi, type TestApi } from '../support/api.js';
import { createTestTable, type TestTable } from '../support/dynamodb.js';
import { type Programme, seedProgramme, VILLAGE } from '../support/programme.js';

const COORDINATOR_PHONE = '+919800000016';
let table: TestTable;
let api: TestApi;
let programme: Programme;
let coordinator: string;

beforeAll(async () => {
  table = await createTestTable();
  programme = await seedProgramme(table.stores());
  api = await startTestApi(table, { COORDINATOR_PHONE });
  coordinator = await api.tokenFor({ role: 'coordinator' });
});
afterAll(async () => {
  await api.stop();
  await table.drop();
});

async function report(): Promise<string> {
  const created = await api.request('POST', '/incidents', {
    token: coordinator,
    body: { villageId: VILLAGE, category: 'other', child: { ageBand: '6-11', gender: 'boy', name: 'Arif' }, description: 'Left alone' },
  });
  return created.body.id as string;
}

test('a coordinator reads an incident, and its access log lists the read', async () => {
  const id = await report();
  expect((await api.request('GET', `/incidents/${id}`, { token: coordinator })).status).toBe(200);

  const log = await api.request('GET', `/incidents/${id}/access-log`, { token: coordinator });

  expect(log.status).toBe(200);
  expect(log.body.items).toEqual([
    expect.objectContaining({
      actor: { sub: 'local-coordinator', role: 'coordinator' },
      record: { type: 'incident', id },
      route: 'GET /incidents/{id}',
    }),
  ]);
});

describe('legal holds and erasure', () => {
  test('answer 401, 403, 400, 404, then 409, in that order', async () => {
    const volunteer = await api.tokenFor({ role: 'volunteer', villages: [VILLAGE], contactId: programme.volunteer.id });
    const unknown = '01JD0000000000000000000000';
    const erase = (id: string, token: string | undefined, body: unknown) =>
      api.request('POST', `/incidents/${id}/erasure`, { ...(token ? { token } : {}), body });
    expect((await erase(unknown, undefined, {})).status).toBe(401);
    expect((await erase(unknown, volunteer, {})).status).toBe(403);
    expect((await erase(unknown, coordinator, {})).status).toBe(400);
    expect((await erase(unknown, coordinator, { reason: 'asked' })).status).toBe(404);

    const id = await report();
    await api.request('PUT', `/incidents/${id}/legal-hold`, { token: coordinator, body: { reason: 'Case in court' } });
    const refused = await erase(id, coordinator, { reason: 'The family asked' });
    expect(refused.status).toBe(409);
    expect(refused.body).toMatchObject({ type: 'urn:suraksha:problem:legal-hold', status: 409 });
  });

  test('repeat harmlessly: the same hold, a lift of none, an erasure of nothing left change nothing', async () => {
    const id = await report();
    const hold = { reason: 'Case in court', until: '2030-01-01T00:00:00.000Z' };
    const held = await api.request('PUT', `/incidents/${id}/legal-hold`, { token: coordinator, body: hold });
    const heldAgain = await api.request('PUT', `/incidents/${id}/legal-hold`, { token: coordinator, body: hold });
    expect([held.status, heldAgain.headers.etag]).toEqual([200, held.headers.etag]);
    expect(held.body.legalHold).toMatchObject(hold);

    const lifted = await api.request('DELETE', `/incidents/${id}/legal-hold`, { token: coordinator });
    const liftedAgain = await api.request('DELETE', `/incidents/${id}/legal-hold`, { token: coordinator });
    expect([lifted.status, liftedAgain.headers.etag]).toEqual([200, lifted.headers.etag]);
    expect(lifted.body.legalHold).toBeUndefined();

    const erased = await api.request('POST', `/incidents/${id}/erasure`, { token: coordinator, body: { reason: 'The family asked' } });
    const erasedAgain = await api.request('POST', `/incidents/${id}/erasure`, { token: coordinator, body: { reason: 'The family asked' } });
    expect(erased.body).toMatchObject({ description: '[erased]', child: { name: '[erased]' } });
    expect(erasedAgain.headers.etag).toBe(erased.headers.etag);
    const past = await api.request('PUT', `/incidents/${id}/legal-hold`, {
      token: coordinator,
      body: { reason: 'x', until: '2020-01-01T00:00:00.000Z' },
    });
    expect(past.body.errors).toEqual([{ path: 'until', message: 'must be in the future' }]);
  });
});

describe('the privacy notice', () => {
  test('is served without a token in Bengali and English, with the retention periods and whom to call, under the ack pages’ headers', async () => {
    // Prepare: an acknowledgement page, whose headers the notice shares.
    const id = await report();
    const token = 'privacy-link-token-000001';
    await table.stores().ackLinks.put({
      token,
      incidentId: id,
      contactId: programme.coordinator.id,
      createdAt: new Date().toISOString(),
      expiresAt: new Date(Date.now() + 86_400_000).toISOString(),
    });
    const ackPage = await api.request('GET', `/a/${token}/status`);

    // Act
    const notice = await api.request('GET', '/privacy');

    // Assess
    expect(notice.status).toBe(200);
    const body = String(notice.body);
    expect(body).toContain('lang="bn"');
    expect(body).toContain('lang="en"');
    expect(body).toContain('২৪ মাস');
    expect(body).toContain('24 months after it is closed');
    expect(body).toContain('kept 400 days');
    expect(body).toContain(`href="tel:${COORDINATOR_PHONE}"`);
    expect(body).toContain('Data Protection Board of India');
    const pageHeaders = [
      'content-type',
      'cache-control',
      'x-robots-tag',
      'referrer-policy',
      'x-content-type-options',
      'content-security-policy',
    ];
    for (const name of pageHeaders) expect([name, notice.headers[name]]).toEqual([name, ackPage.headers[name]]);
    expect(String(ackPage.body)).toContain('href="/privacy"');
  });
});
