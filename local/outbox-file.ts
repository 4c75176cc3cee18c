// An outbox file of the local runtime: one JSON line per message sent, appended one after another so
// that concurrent sends never interleave their lines. The file keeps full numbers (a local dev
// artefact), so it is made owner-only, like everything else under .local/.
import { appendFile, mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';

export class OutboxFile {
  private appended: Promise<void> = Promise.resolve();

  constructor(private readonly path: string) {}

  async append(entry: object): Promise<void> {
    const append = this.appended.then(async () => {
      await mkdir(dirname(this.path), { recursive: true, mode: 0o700 });
      await appendFile(this.path, `${JSON.stringify(entry)}\n`, { encoding: 'utf8', mode: 0o600 });
    });
    // A failed append must not block the ones after it; this send still reports it.
    this.appended = append.catch(() => undefined);
    await append;
  }
}

/** Names, or their last digits, whose messages locally never arrive: `+919000000012,0013`. */
export function parseUndelivered(value: string | undefined): string[] {
  return (value ?? '')
    .split(',')
    .map((entry) => entry.replace(/\s+/g, ''))
    .filter((entry) => entry !== '');
}

/** Whether a number is one of those `parseUndelivered` read: the number itself or its last digits. */
export const isUndelivered = (phone: string, undelivered: readonly string[] = []) => undelivered.some((suffix) => phone.endsWith(suffix));

/** Runs `emit` later: a delivery status comes back about a second after a message locally. */
export const afterASecond = (emit: () => Promise<void>) => {
  setTimeout(() => void emit(), 1_000);
};

/** A number as the local console shows it: its last 4 digits. */
export const masked = (phone: string) => `…${phone.slice(-4)}`;
