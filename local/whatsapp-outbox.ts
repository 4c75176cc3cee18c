// The local WhatsApp port (DESIGN.md "Channels"): each message is appended to
// .local/whatsapp-outbox.jsonl and shown as one console line (`WA → panchayat …0003 [template … bn] …`).
// About a second later its statuses come back as End User Messaging Social delivers them (an SNS
// notification around Meta's webhook entry) through the same handler as in AWS: sent, then delivered,
// except for the numbers WHATSAPP_LOCAL_UNDELIVERED names, whose messages are sent and never delivered
// (so the alert goes by SMS when its failover time comes).
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import type { Context, SNSEvent } from 'aws-lambda';
import type { SendResult, WhatsAppOutgoing, WhatsAppSender } from '../functions/domain/ports.js';
import { messageKind } from '../functions/domain/whatsapp/cloud-api.js';
import { lambdaContext } from './api-gateway/lambda-context.js';
import { LOCAL_STATE_DIRECTORY } from './aws-local.js';
import { afterASecond, isUndelivered, masked, OutboxFile } from './outbox-file.js';
import { statusEvent } from './whatsapp-events.js';

export const LOCAL_WHATSAPP_OUTBOX_PATH = join(LOCAL_STATE_DIRECTORY, 'whatsapp-outbox.jsonl');

export interface WhatsAppOutboxEntry extends WhatsAppOutgoing {
  at: string;
  /** What SendWhatsAppMessage would answer. */
  messageId: string;
  /** Meta's id of the message, which its statuses carry. */
  metaMessageId: string;
}

export interface LocalStatuses {
  /** The WhatsApp events handler, invoked as the business account's SNS topic invokes it in AWS. */
  handler: (event: SNSEvent, context: Context) => Promise<unknown>;
  /** Phone numbers, or their last digits, whose messages are never delivered (`WHATSAPP_LOCAL_UNDELIVERED`). */
  undelivered?: readonly string[];
  /** Runs `emit` later: after about a second by default; tests pass their own. */
  schedule?: (emit: () => Promise<void>) => void;
}

export function whatsAppConsoleLine(outgoing: WhatsAppOutgoing): string {
  return `WA → ${outgoing.kind ? `${outgoing.kind} ` : ''}${masked(outgoing.to)} [${messageKind(outgoing.message)}] ${outgoing.preview}`;
}

export class WhatsAppOutbox implements WhatsAppSender {
  private readonly file: OutboxFile;

  constructor(
    path: string,
    private readonly writeLine: (line: string) => void,
    private readonly now: () => Date = () => new Date(),
    private readonly statuses?: LocalStatuses,
  ) {
    this.file = new OutboxFile(path);
  }

  async send(outgoing: WhatsAppOutgoing): Promise<SendResult> {
    const entry: WhatsAppOutboxEntry = {
      ...outgoing,
      at: this.now().toISOString(),
      messageId: randomUUID(),
      metaMessageId: `wamid.LOCAL${randomUUID().replaceAll('-', '')}`,
    };
    await this.file.append(entry);
    this.writeLine(whatsAppConsoleLine(outgoing));
    const statuses = this.statuses;
    if (statuses) (statuses.schedule ?? afterASecond)(() => this.emitStatuses(statuses, entry));
    return { status: 'sent', messageId: entry.messageId };
  }

  /** Sent, then delivered (or never, for an undelivered number), through the events handler; a failure is a console line. */
  private async emitStatuses(statuses: LocalStatuses, entry: WhatsAppOutboxEntry): Promise<void> {
    const undelivered = isUndelivered(entry.to, statuses.undelivered);
    const { messageId, metaMessageId, to: recipient } = entry;
    for (const status of undelivered ? (['sent'] as const) : (['sent', 'delivered'] as const)) {
      try {
        await statuses.handler(
          statusEvent({ messageId, metaMessageId, recipient, status, at: this.now() }),
          lambdaContext('whatsapp-events'),
        );
      } catch (error) {
        this.writeLine(`WA status (${status} ${masked(recipient)}) failed: ${(error as Error).name}`);
        return;
      }
    }
    // Only the alerts' statuses say anything worth a line: a reply's are read and ignored.
    if (entry.kind) this.writeLine(`WA status: ${undelivered ? 'sent, never delivered' : 'delivered'} ${masked(recipient)}`);
  }
}
