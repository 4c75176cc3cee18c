// The local SMS port (DESIGN.md "Local runtime"): no faithful local SNS exists for SMS, so each SMS
// is appended to .local/sms-outbox.jsonl and shown as one console line. The outbox is a local dev
// artefact and keeps the full number; the console line masks it to its last 4 digits.
//
// With `receipts`, about a second after each SMS the outbox writes what SNS would log about it (a
// delivery status record, SUCCESS, or FAILURE for the numbers SMS_LOCAL_UNDELIVERED names) and hands
// it, in a CloudWatch Logs subscription event (gzip, base64), to the same receipts handler as in AWS.
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import type { CloudWatchLogsEvent, Context } from 'aws-lambda';
import { encodeLogsEvent } from '../functions/adapters/cloudwatch/logs-subscription.js';
import type { SendResult, SmsMessage, SmsSender } from '../functions/domain/ports.js';
import { lambdaContext } from './api-gateway/lambda-context.js';
import { LOCAL_REGION, LOCAL_STATE_DIRECTORY } from './aws-local.js';
import { afterASecond, isUndelivered, masked, OutboxFile } from './outbox-file.js';

export const LOCAL_SMS_OUTBOX_PATH = join(LOCAL_STATE_DIRECTORY, 'sms-outbox.jsonl');

export interface OutboxEntry extends SmsMessage {
  at: string;
  messageId: string;
}

/** The receipts side of the outbox: where its delivery status records go, and which come back undelivered. */
export interface LocalReceipts {
  /** The receipts handler, invoked as CloudWatch Logs invokes it in AWS. */
  handler: (event: CloudWatchLogsEvent, context: Context) => Promise<unknown>;
  /** Phone numbers, or their last digits, whose SMS are undelivered (`SMS_LOCAL_UNDELIVERED`). */
  undelivered?: readonly string[];
  /** Runs `emit` later: after about a second by default; tests pass their own to run it when they choose. */
  schedule?: (emit: () => Promise<void>) => void;
}

/** The account id the local log group names carry (SNS names them `sns/<region>/<account>/...`). */
const LOCAL_ACCOUNT = '000000000000';

/** SNS's timestamp format in delivery status records: UTC, `YYYY-MM-DD HH:mm:ss.SSS`. */
const snsTimestamp = (at: Date) => at.toISOString().replace('T', ' ').replace('Z', '');

function smsConsoleLine(message: SmsMessage): string {
  const parts = message.segments === 1 ? '1 seg' : `${message.segments} segs`;
  return `SMS → ${message.kind} ${masked(message.to)} [${parts}] ${message.text}`;
}

export class SmsOutbox implements SmsSender {
  private readonly file: OutboxFile;

  constructor(
    path: string,
    private readonly writeLine: (line: string) => void,
    private readonly now: () => Date = () => new Date(),
    private readonly receipts?: LocalReceipts,
  ) {
    this.file = new OutboxFile(path);
  }

  async send(message: SmsMessage): Promise<SendResult> {
    const entry: OutboxEntry = { ...message, at: this.now().toISOString(), messageId: `local-${randomUUID()}` };
    await this.file.append(entry);
    this.writeLine(smsConsoleLine(message));
    const receipts = this.receipts;
    if (receipts) (receipts.schedule ?? afterASecond)(() => this.emitReceipt(receipts, entry));
    return { status: 'sent', messageId: entry.messageId };
  }

  /** What SNS would log about the SMS, through the receipts handler; a failure is a console line, never thrown. */
  private async emitReceipt(receipts: LocalReceipts, entry: OutboxEntry): Promise<void> {
    const undelivered = isUndelivered(entry.to, receipts.undelivered);
    const sentAt = new Date(entry.at);
    const record = {
      notification: { messageId: entry.messageId, timestamp: snsTimestamp(sentAt) },
      delivery: {
        destination: entry.to,
        smsType: 'Transactional',
        providerResponse: undelivered ? 'Phone is currently unreachable/unavailable' : 'Message has been accepted by phone carrier',
        dwellTimeMs: 400,
        dwellTimeMsUntilDeviceAck: 900,
      },
      status: undelivered ? 'FAILURE' : 'SUCCESS',
    };
    const logGroup = `sns/${LOCAL_REGION}/${LOCAL_ACCOUNT}/DirectPublishToPhoneNumber${undelivered ? '/Failure' : ''}`;
    const event = encodeLogsEvent({
      messageType: 'DATA_MESSAGE',
      owner: LOCAL_ACCOUNT,
      logGroup,
      logStream: randomUUID(),
      subscriptionFilters: ['SmsReceipts'],
      logEvents: [{ id: randomUUID(), timestamp: this.now().getTime(), message: JSON.stringify(record) }],
    });
    const outcome = undelivered ? 'undelivered' : 'delivered';
    try {
      await receipts.handler(event, lambdaContext('sms-receipts'));
      this.writeLine(`SMS receipt: ${outcome} ${masked(entry.to)}`);
    } catch (error) {
      this.writeLine(`SMS receipt (${outcome} ${masked(entry.to)}) failed: ${(error as Error).name}`);
    }
  }
}
