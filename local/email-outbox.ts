// Every email sent locally is also kept under .local/emails/, one JSON file per message, because
// aws-ses-v2-local holds its store in memory: `npm start` sends the kept ones to it again, so the
// weekly summary is still there to read after a restart (the claims that stop a second send live
// in DynamoDB Local and survive too). `npm start -- --fresh` removes them with the data.
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { EmailMessage, Mailer } from '../functions/domain/ports.js';
import { LOCAL_STATE_DIRECTORY } from './aws-local.js';

export const LOCAL_EMAIL_DIRECTORY = join(LOCAL_STATE_DIRECTORY, 'emails');

interface KeptEmail {
  sentAt: string;
  messageId: string;
  message: EmailMessage;
}

/** Sends through `mailer`, then keeps the message; a message the mailer refused is not kept. */
export class KeepingMailer implements Mailer {
  constructor(
    private readonly mailer: Mailer,
    private readonly directory = LOCAL_EMAIL_DIRECTORY,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  async send(message: EmailMessage): Promise<{ messageId: string }> {
    const sent = await this.mailer.send(message);
    const kept: KeptEmail = { sentAt: this.clock().toISOString(), messageId: sent.messageId, message };
    mkdirSync(this.directory, { recursive: true, mode: 0o700 });
    // Named by time first, so that a listing is in the order they were sent.
    const name = `${kept.sentAt.replace(/[:.]/g, '-')}-${sent.messageId.replace(/[^\w-]/g, '_')}.json`;
    writeFileSync(join(this.directory, name), `${JSON.stringify(kept, null, 2)}\n`, { mode: 0o600 });
    return sent;
  }
}

/** Sends every kept email to `mailer` again, oldest first; answers how many. */
export async function replayKeptEmails(mailer: Mailer, directory = LOCAL_EMAIL_DIRECTORY): Promise<number> {
  let names: string[];
  try {
    names = readdirSync(directory).filter((name) => name.endsWith('.json'));
  } catch {
    return 0;
  }
  for (const name of names.sort()) {
    const { message } = JSON.parse(readFileSync(join(directory, name), 'utf8')) as KeptEmail;
    await mailer.send(message);
  }
  return names.length;
}
