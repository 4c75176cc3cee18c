// `npm run seed [-- --history]`: loads the demo programme into the running local stack through its
// own API, as a coordinator would. Safe to re-run: villages are PUT (idempotent) and contacts
// already in the directory (same name and kind) are skipped. `--history` adds the last two finished
// weeks of programme activity (local/seed-history.ts).
import './environment.js';
import { createHash } from 'node:crypto';
import { parseArgs } from 'node:util';
import type { ContactView } from '../functions/domain/schemas.js';
import { type ApiRequestOptions, callApi } from './api-client.js';
import { mintLocalToken } from './auth/local-tokens.js';
import { localDynamoDbEndpoint } from './aws-local.js';
import { DEMO_VILLAGES, type DemoContact, demoContacts } from './demo-programme.js';
import { localTable } from './jobs.js';
import { exitWithError, requireRunningStack } from './running-stack.js';
import { readLocalSecrets } from './secrets.js';
import { seedHistory } from './seed-history.js';
import { localSesEndpoint } from './ses-local.js';

type Call = (method: string, path: string, options?: ApiRequestOptions) => Promise<unknown>;
interface ContactPage {
  items: ContactView[];
  nextCursor?: string;
}

const identify = (contact: { kind: string; name: string }) => `${contact.kind}:${contact.name}`;

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { history: { type: 'boolean' } } });
  const baseUrl = await requireRunningStack();
  const token = await mintLocalToken({ role: 'coordinator' }, readLocalSecrets().jwtKey);
  const call: Call = async (method, path, options = {}) => {
    const response = await callApi(baseUrl, method, path, { ...options, token });
    if (response.status >= 300) throw new Error(`${method} ${path} answered ${response.status}: ${JSON.stringify(response.body)}`);
    return response.body;
  };

  for (const { id, volunteers: _volunteers, ...village } of DEMO_VILLAGES) await call('PUT', `/villages/${id}`, { body: village });

  const contacts = new Map((await allContacts(call)).map((contact) => [identify(contact), contact]));
  const planned = demoContacts();
  let added = 0;
  for (const contact of planned) {
    const existing = contacts.get(identify(contact));
    // A directory seeded before WhatsApp gets the demo's opt-ins recorded.
    if (existing && contact.channels?.whatsapp?.optIn && !existing.channels.whatsapp.optIn) {
      contacts.set(
        identify(contact),
        (await call('PATCH', `/contacts/${existing.id}`, { body: { channels: contact.channels } })) as ContactView,
      );
    }
    if (existing) continue;
    contacts.set(
      identify(contact),
      (await call('POST', '/contacts', { body: contact, headers: { 'idempotency-key': idempotencyKey(contact) } })) as ContactView,
    );
    added += 1;
  }

  const find = (kind: string, name: string): ContactView => {
    const contact = contacts.get(identify({ kind, name }));
    if (!contact) throw new Error(`the directory has no ${kind} called ${name}`);
    return contact;
  };
  const [hingalganj] = DEMO_VILLAGES;
  if (!hingalganj) throw new Error('the demo programme has no village');
  const volunteer = find('volunteer', hingalganj.volunteers[0]);
  const panchayat = find('panchayat', `${hingalganj.name} Gram Panchayat Pradhan`);
  console.log(`Seeded ${baseUrl}: ${DEMO_VILLAGES.length} villages, ${planned.length} contacts (${added} added, ${planned.length - added} already there).

Tokens to try:
  # ${volunteer.name}, volunteer in ${hingalganj.id}
  npm run --silent token -- --role volunteer --villages ${hingalganj.id} --contact ${volunteer.id}
  # ${panchayat.name}, duty bearer in ${hingalganj.id}
  npm run --silent token -- --role duty_bearer --villages ${hingalganj.id} --contact ${panchayat.id}
  # the coordinator
  npm run --silent token -- --role coordinator`);
  if (!values.history) return;

  const history = await seedHistory(localTable(localDynamoDbEndpoint()), readLocalSecrets().cursorSecret);
  const { meetings, incidents, linkages, steps } = history.added;
  console.log(`
History of ${history.weeks.join(' and ')}: added ${meetings} meetings, ${incidents} incidents and ${linkages} linkages, and took ${steps} workflow steps (a re-run adds nothing).
The SMS those reports and steps would have sent print on the npm start console as the stream delivers them.
  npm run job -- weekly-summary       # last week's email to the funder, at ${localSesEndpoint()}
  curl -s $API/metrics/weekly/${history.weeks.at(-1) ?? ''} -H "Authorization: Bearer $COORDINATOR"`);
}

/** Every contact in the directory, page by page. */
async function allContacts(call: Call): Promise<ContactView[]> {
  const contacts: ContactView[] = [];
  let cursor: string | undefined;
  do {
    const page = (await call('GET', `/contacts?limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`)) as ContactPage;
    contacts.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor);
  return contacts;
}

/** The same contact always gets the same key, so a seed interrupted mid-POST never adds it twice. */
function idempotencyKey(contact: DemoContact): string {
  return `seed-${createHash('sha256').update(identify(contact)).digest('base64url').slice(0, 32)}`;
}

main().catch((error: unknown) => exitWithError(`seed: ${error instanceof Error ? error.message : String(error)}`));
