// The local SMS port (DESIGN.md "Local runtime"): no faithful local SNS exists for SMS, so each SMS
// is appended to .local/sms-outbox.jsonl and shown as one console line. The outbox is a local dev
// artefact and keeps the full number; the console line masks it to its last 4 digits.
import { randomUUID } from 'node:crypto';
import { appendFile, mkdir } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { SmsMessage, SmsResult, SmsSender } from '../functions/domain/ports.js';
import { LOCAL_STATE_DIRECTORY } from './aws-local.js';

export const LOCAL_SMS_OUTBOX_PATH = join(LOCAL_STATE_DIRECTORY, 'sms-outbox.jsonl');

export interface OutboxEntry extends SmsMessage {
  at: string;
  messageId: string;
}

function smsConsoleLine(message: SmsMessage): string {
  const parts = message.segments === 1 ? '1 seg' : `${message.segments} segs`;
  return `SMS → ${message.kind} …${message.to.slice(-4)} [${parts}] ${message.text}`;
}

export class SmsOutbox implements SmsSender {
  /** Appends run one after another, so concurrent sends never interleave their lines. */
  private appended: Promise<void> = Promise.resolve();

  constructor(
    private readonly path: string,
    private readonly writeLine: (line: string) => void,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async send(message: SmsMessage): Promise<SmsResult> {
    const entry: OutboxEntry = { ...message, at: this.now().toISOString(), messageId: `local-${randomUUID()}` };
    const append = this.appended.then(async () => {
      await mkdir(dirname(this.path), { recursive: true });
      await appendFile(this.path, `${JSON.stringify(entry)}\n`, 'utf8');
    });
    // A failed append must not block the ones after it; this send still reports it.
    this.appended = append.catch(() => undefined);
    await append;
    this.writeLine(smsConsoleLine(message));
    return { status: 'sent', messageId: entry.messageId };
  }
}
