// Local email survives a restart: aws-ses-v2-local forgets its store, so every email sent locally is
// kept under .local/emails/ and `npm start` sends the kept ones to the new SES again.
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, test } from '@jest/globals';
import { freePort } from '../../local/dynamodb/dynamodb-local.js';
import { KeepingMailer, replayKeptEmails } from '../../local/email-outbox.js';
import { localSesMailer, startSesLocal } from '../../local/ses-local.js';

const directory = join(mkdtempSync(join(tmpdir(), 'suraksha-emails-')), 'emails');
afterAll(() => rmSync(directory, { recursive: true, force: true }));

const storedSubjects = async (endpoint: string) =>
  ((await (await fetch(`${endpoint}/store`)).json()) as { emails: { subject: string }[] }).emails.map(({ subject }) => subject);

test('an email sent before a restart of aws-ses-v2-local is shown again after it, once, in the order sent', async () => {
  // Prepare: two emails sent through the first SES, then that SES stopped.
  const port = await freePort();
  const first = await startSesLocal(port);
  const keeping = new KeepingMailer(localSesMailer(first.endpoint), directory);
  for (const subject of ['Week 48', 'Week 49']) await keeping.send({ to: 'po@funder.example.org', subject, html: '<p>x</p>', text: 'x\n' });
  expect(await storedSubjects(first.endpoint)).toEqual(['Week 48', 'Week 49']);
  await first.stop();

  // Act: a new SES on the same port, as after Ctrl-C and npm start, and the replay.
  const second = await startSesLocal(port);
  try {
    expect(await storedSubjects(second.endpoint)).toEqual([]);
    expect(await replayKeptEmails(localSesMailer(second.endpoint), directory)).toBe(2);

    // Assess: both back, in order; the kept files are the owner's only.
    expect(await storedSubjects(second.endpoint)).toEqual(['Week 48', 'Week 49']);
    expect(readdirSync(directory)).toHaveLength(2);
    expect(statSync(directory).mode & 0o777).toBe(0o700);
  } finally {
    await second.stop();
  }
});

test('nothing kept, nothing replayed', async () => {
  expect(await replayKeptEmails(localSesMailer('http://127.0.0.1:9'), join(directory, 'none'))).toBe(0);
});
