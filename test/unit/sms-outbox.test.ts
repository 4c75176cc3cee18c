// The local SMS port: one JSON line per SMS in the outbox file, one readable console line each.
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { SmsMessage } from '../../functions/domain/ports.js';
import { SmsOutbox } from '../../local/sms-outbox.js';

const NOW = new Date('2026-11-29T05:40:00.000Z');
const message: SmsMessage = {
  to: '+919812345678',
  text: 'Suraksha K7QM2P: Child marriage in Dulduli (high). Please act and confirm: https://sk.example.in/a/AbCdEfGhIjKlMnOp',
  dltTemplateId: '1007000000000000002',
  segments: 1,
  incidentId: '01JDQ7Z3K4M5N6P7Q8R9S0T1V2',
  contactId: '01JDQ7Z3K4M5N6P7Q8R9S0T1V3',
  kind: 'panchayat',
};

let directory: string;
let path: string;
let lines: string[];
let outbox: SmsOutbox;

beforeEach(async () => {
  directory = await mkdtemp(join(tmpdir(), 'sms-outbox-'));
  // A directory that does not exist yet, as .local/ on a fresh clone.
  path = join(directory, 'state', 'sms-outbox.jsonl');
  lines = [];
  outbox = new SmsOutbox(
    path,
    (line) => lines.push(line),
    () => NOW,
  );
});
afterEach(() => rm(directory, { recursive: true, force: true }));

const readOutbox = async () =>
  (await readFile(path, 'utf8'))
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as Record<string, unknown>);

describe('SmsOutbox', () => {
  test('appends the SMS as one JSON line and reports it sent with a local message id', async () => {
    const result = await outbox.send(message);

    expect(result).toEqual({ status: 'sent', messageId: expect.stringMatching(/^local-[0-9a-f-]{36}$/) });
    const { messageId } = result as { messageId: string };
    expect(await readOutbox()).toEqual([{ ...message, at: NOW.toISOString(), messageId }]);
  });

  test('prints one readable line with the number masked to its last 4 digits', async () => {
    await outbox.send(message);
    await outbox.send({ ...message, segments: 2 });

    expect(lines).toEqual([`SMS → panchayat …5678 [1 seg] ${message.text}`, `SMS → panchayat …5678 [2 segs] ${message.text}`]);
    expect(lines.join('\n')).not.toContain('98123');
  });

  test('concurrent sends each get a whole line, in the order they were sent', async () => {
    const contacts = Array.from({ length: 25 }, (_, index) => `contact-${index}`);

    await Promise.all(contacts.map((contactId) => outbox.send({ ...message, contactId })));

    const entries = await readOutbox();
    expect(entries.map((entry) => entry.contactId)).toEqual(contacts);
    expect(new Set(entries.map((entry) => entry.messageId)).size).toBe(contacts.length);
  });

  test('a failed append fails its own send only', async () => {
    // The outbox's directory is a file for a moment: mkdir fails, then works once it is gone.
    await writeFile(join(directory, 'state'), '');
    await expect(outbox.send(message)).rejects.toThrow();
    await rm(join(directory, 'state'));

    await expect(outbox.send(message)).resolves.toMatchObject({ status: 'sent' });
    expect(await readOutbox()).toHaveLength(1);
    expect(lines).toHaveLength(1);
  });

  test('a later outbox on the same file appends rather than overwrites', async () => {
    await outbox.send(message);
    await new SmsOutbox(
      path,
      () => undefined,
      () => NOW,
    ).send({ ...message, contactId: 'another' });

    expect((await readOutbox()).map((entry) => entry.contactId)).toEqual([message.contactId, 'another']);
  });
});
