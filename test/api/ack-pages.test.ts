// The pages behind an SMS link, as a duty bearer's phone gets them from the dev server: a form to
// confirm (with an optional note), a 303 to a status page that says what is true now in the
// recipient's language, whom to call, and headers that keep the page out of frames and caches.
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import type { Contact } from '../../functions/domain/schemas.js';
import { startTestApi, type TestApi } from '../support/api.js';
import { createTestTable, type TestTable } from '../support/dynamodb.js';
import { type Programme, seedProgramme, VILLAGE } from '../support/programme.js';

const COORDINATOR_PHONE = '+919800000016';
let table: TestTable;
let api: TestApi;
let programme: Programme;
let serial = 0;

beforeAll(async () => {
  table = await createTestTable();
  programme = await seedProgramme(table.stores());
  api = await startTestApi(table, { COORDINATOR_PHONE });
});
afterAll(async () => {
  await api.stop();
  await table.drop();
});

async function reportWithLinks(...contacts: Contact[]): Promise<{ id: string; links: string[] }> {
  const created = await api.request('POST', '/incidents', {
    token: await api.tokenFor({ role: 'coordinator' }),
    // The wedding two days away: the police are in the first alert too.
    body: {
      villageId: VILLAGE,
      category: 'child_marriage',
      expectedBy: new Date(Date.now() + 48 * 3600_000).toISOString(),
      child: { ageBand: '15-17', gender: 'girl', name: 'Rina' },
      description: 'Wedding fixed',
    },
  });
  const id = created.body.id as string;
  const links: string[] = [];
  for (const contact of contacts) {
    const token = `page-link-token-${String(++serial).padStart(8, '0')}`;
    await table.stores().ackLinks.put({
      token,
      incidentId: id,
      contactId: contact.id,
      createdAt: new Date().toISOString(),
      expiresAt: new Date(Date.now() + 86_400_000).toISOString(),
    });
    links.push(`/a/${token}`);
  }
  return { id, links };
}

const form = (note: string) => ({
  body: `note=${encodeURIComponent(note)}`,
  headers: { 'content-type': 'application/x-www-form-urlencoded' },
});
const text = (body: unknown) => String(body);

describe('confirming', () => {
  test('the page asks in the recipient’s language, names the village, offers the calls, and cannot be framed or cached', async () => {
    const { links } = await reportWithLinks(programme.panchayat);
    const [link = ''] = links;
    const asked = await api.request('GET', link);
    expect(asked.status).toBe(200);
    expect(text(asked.body)).toContain('lang="bn"');
    expect(text(asked.body)).toContain('Hingalganj');
    expect(text(asked.body)).toContain('<form method="post">');
    expect(text(asked.body)).toContain(`href="tel:${COORDINATOR_PHONE}"`);
    expect(text(asked.body)).toContain('href="tel:1098"');
    expect(asked.headers['content-security-policy']).toContain("frame-ancestors 'none'");
    expect(asked.headers['x-content-type-options']).toBe('nosniff');
    expect(asked.headers['cache-control']).toBe('no-store');
    expect(text(asked.body)).not.toContain('Rina');
  });

  test('POST answers 303 to the status page; a double tap records one acknowledgement, with the note, and says you confirmed', async () => {
    const { id, links } = await reportWithLinks(programme.police);
    const [link = ''] = links;
    const [first, second] = await Promise.all([api.request('POST', link, form('Going now')), api.request('POST', link, form('Going now'))]);
    for (const answer of [first, second]) {
      expect(answer.status).toBe(303);
      expect(answer.headers.location).toBe(`${link}/status`);
    }
    const history = await table.stores().incidents.history(id);
    expect(history.filter((entry) => entry.to === 'acknowledged')).toEqual([expect.objectContaining({ note: 'Going now' })]);
    const status = await api.request('GET', `${link}/status`);
    expect(status.status).toBe(200);
    expect(text(status.body)).toMatch(/You confirmed this alert at \d{1,2} \w{3}, \d{2}:\d{2}/);
    // Opened again, the link shows what is true now instead of the button.
    const again = await api.request('GET', link);
    expect(text(again.body)).not.toContain('<form');
    expect(text(again.body)).toContain('You confirmed this alert');
  });

  test('a second acknowledger is recorded and sees who acknowledged before', async () => {
    const { id, links } = await reportWithLinks(programme.panchayat, programme.vlcpc);
    const [panchayatLink = '', vlcpcLink = ''] = links;
    await api.request('POST', panchayatLink);
    await api.request('POST', vlcpcLink);
    const incident = await table.stores().incidents.get(id);
    expect(incident?.acknowledgements.map((each) => each.kind)).toEqual(['panchayat', 'vlcpc']);
    expect(text((await api.request('GET', `${vlcpcLink}/status`)).body)).toContain('সাড়া দিয়েছে: পঞ্চায়েত');
  });
});

describe('what is true now', () => {
  test('a case marked a duplicate, never acknowledged, says so and offers no button', async () => {
    const { id, links } = await reportWithLinks(programme.police);
    const [link = ''] = links;
    const coordinator = await api.tokenFor({ role: 'coordinator' });
    const original = await reportWithLinks();
    await api.request('POST', `/incidents/${id}/transitions`, {
      token: coordinator,
      body: { to: 'duplicate', duplicateOf: original.id },
      headers: { 'if-match': '"1"' },
    });
    const page = text((await api.request('GET', link)).body);
    expect(page).toContain('Marked as a duplicate');
    expect(page).not.toContain('<form');
    expect(page).not.toContain('already acknowledged');
  });

  test('an unknown link is a 404 page, Bengali first, with the numbers to call', async () => {
    const missing = await api.request('GET', '/a/unknown-token-00000000000');
    expect(missing.status).toBe(404);
    expect(text(missing.body).indexOf('lang="bn"')).toBeLessThan(text(missing.body).indexOf('lang="en"'));
    expect(text(missing.body)).toContain('href="tel:1098"');
  });
});

test('robots.txt disallows everything, the links above all', async () => {
  const robots = await api.request('GET', '/robots.txt');
  expect(robots.status).toBe(200);
  expect(robots.headers['content-type']).toContain('text/plain');
  expect(robots.body).toBe('User-agent: *\nDisallow: /\n');
});

test('HEAD answers wherever GET does, with the GET’s status and headers and no body', async () => {
  const { links } = await reportWithLinks(programme.panchayat);
  const [link = ''] = links;
  const page = await api.request('HEAD', link);
  expect(page.status).toBe(200);
  expect(page.headers['content-type']).toContain('text/html');
  expect(page.headers['content-security-policy']).toContain("frame-ancestors 'none'");
  expect(page.body).toBe('');
  const list = await api.request('HEAD', '/incidents', { token: await api.tokenFor({ role: 'coordinator' }) });
  expect([list.status, list.body]).toEqual([200, '']);
  const wrong = await api.request('DELETE', '/incidents', { token: await api.tokenFor({ role: 'coordinator' }) });
  expect(wrong.status).toBe(405);
  expect(wrong.headers.allow?.split(/,\s*/).sort()).toEqual(['GET', 'HEAD', 'POST']);
});
