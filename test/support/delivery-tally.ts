// Who was told what, from the store and the SMS outbox, for the resilience tests and the bench: for
// every routed recipient of every incident but its reporter (nobody is sent a message about their own
// action), exactly one final first-alert record; a first-alert SMS in the outbox for each one sent;
// more than one only where the record flags a possible duplicate (an attempt cut mid-send); no notice
// left outstanding (the coordinators' notices of a kind nobody covers included).
import { existsSync, readFileSync } from 'node:fs';
import type { Stores } from '../../functions/domain/ports.js';
import type { NotificationRecord } from '../../functions/domain/schemas.js';
import { LOCAL_DLT_TEMPLATE_IDS } from '../../functions/domain/sms/templates.js';
import type { NotificationStatus } from '../../functions/domain/vocabulary.js';

/** The first alert's step: the alert every report plans (besides a coverage gap's notice to the coordinators). */
const FIRST_ALERT = 'first_alert';
/** The templates a first alert is sent with (the local DLT ids the outbox notifier uses). */
const FIRST_ALERT_TEMPLATES = new Set(
  (['first_alert_responder', 'first_alert_informed', 'first_alert_possible_duplicate'] as const).flatMap((id) =>
    Object.values(LOCAL_DLT_TEMPLATE_IDS[id]),
  ),
);
/** What a record of a recipient who was told ends as (a delivery receipt may turn sent into delivered). */
export const TOLD: readonly NotificationStatus[] = ['sent', 'delivered'];

export interface DeliveryTally {
  incidents: number;
  /** Routed recipients over every incident, its reporter aside. */
  recipients: number;
  /** Of those, with a final record in an expected status and, when told, their SMS in the outbox. */
  told: number;
  /** Routed recipients with no record, a pending one, or one sent whose SMS is not in the outbox. */
  lost: number;
  /** SMS in the outbox beyond one per recipient. */
  duplicates: number;
  /** Records flagged as possible duplicates (an attempt was cut mid-send and another sent again). */
  flagged: number;
  /** Everything that breaks the guarantee, one line each (empty when it holds). */
  problems: string[];
}

interface OutboxLine {
  incidentId: string;
  contactId: string;
  messageId: string;
  dltTemplateId: string;
  /** When it was appended (ISO). */
  at: string;
}

/** The outbox's SMS, by incident and recipient; only those of these DLT templates when given. */
export function readOutbox(outboxPath: string, templates?: ReadonlySet<string>): Map<string, OutboxLine[]> {
  const byRecipient = new Map<string, OutboxLine[]>();
  if (!existsSync(outboxPath)) return byRecipient;
  for (const line of readFileSync(outboxPath, 'utf8').split('\n')) {
    if (!line) continue;
    const entry = JSON.parse(line) as OutboxLine;
    if (templates && !templates.has(entry.dltTemplateId)) continue;
    const key = recipientKey(entry.incidentId, entry.contactId);
    byRecipient.set(key, [...(byRecipient.get(key) ?? []), entry]);
  }
  return byRecipient;
}

/** How many SMS the outbox holds. */
export function outboxSize(outboxPath: string): number {
  if (!existsSync(outboxPath)) return 0;
  return readFileSync(outboxPath, 'utf8').split('\n').filter(Boolean).length;
}

const recipientKey = (incidentId: string, contactId: string) => `${incidentId} ${contactId}`;

export async function tallyDelivery(
  stores: Stores,
  incidentIds: readonly string[],
  outboxPath: string,
  /** The statuses a recipient's record may end in; told (sent or delivered) for everyone by default. */
  expected: (contactId: string) => readonly NotificationStatus[] = () => TOLD,
): Promise<DeliveryTally> {
  const outbox = readOutbox(outboxPath, FIRST_ALERT_TEMPLATES);
  const tally: DeliveryTally = { incidents: 0, recipients: 0, told: 0, lost: 0, duplicates: 0, flagged: 0, problems: [] };
  const problem = (line: string) => tally.problems.push(line);
  for (const incidentId of incidentIds) {
    const incident = await stores.incidents.get(incidentId);
    if (!incident) {
      problem(`${incidentId}: no such incident`);
      continue;
    }
    tally.incidents++;
    const records = (await stores.notifications.listForIncident(incidentId)).filter((record) => record.step === FIRST_ALERT);
    for (const notice of await stores.notifications.outstanding(incidentId))
      problem(`${incidentId}: notice ${notice.step} still outstanding`);
    // The reporter is routed (they may read it) but is not alerted about their own report.
    const alerted = incident.routedTo.filter((contactId) => contactId !== incident.reportedBy.contactId);
    for (const record of records) {
      if (!alerted.includes(record.contactId)) problem(`${incidentId}: a record for ${record.contactId}, who was not to be alerted`);
    }
    for (const [key, lines] of outbox) {
      const [lineIncident, contactId = ''] = key.split(' ');
      if (lineIncident === incidentId && !alerted.includes(contactId))
        problem(`${incidentId}: ${lines.length} SMS to ${contactId}, who was not to be alerted`);
    }
    for (const contactId of alerted) {
      tally.recipients++;
      const mine = records.filter((record) => record.contactId === contactId);
      const lines = outbox.get(recipientKey(incidentId, contactId)) ?? [];
      tally.duplicates += Math.max(0, lines.length - 1);
      const record = mine[0];
      if (mine.length !== 1 || !record) {
        tally.lost++;
        problem(`${incidentId} → ${contactId}: ${mine.length} records`);
        continue;
      }
      if (record.possibleDuplicate) tally.flagged++;
      const broken = recipientProblem(record, lines, expected(contactId));
      if (broken) {
        if (record.status === 'pending' || lines.length === 0) tally.lost++;
        problem(`${incidentId} → ${contactId}: ${broken}`);
      } else tally.told++;
    }
  }
  return tally;
}

function recipientProblem(
  record: NotificationRecord,
  lines: readonly OutboxLine[],
  expected: readonly NotificationStatus[],
): string | undefined {
  if (!expected.includes(record.status))
    return `status ${record.status}${record.reason ? ` (${record.reason})` : ''}, expected ${expected.join(' or ')}`;
  const told = TOLD.includes(record.status);
  if (!told) return lines.length === 0 ? undefined : `${record.status}, yet ${lines.length} SMS in the outbox`;
  if (lines.length === 0) return `${record.status}, yet no SMS in the outbox`;
  if (!lines.some((line) => line.messageId === record.messageId)) return `its message ${record.messageId} is not in the outbox`;
  if (lines.length > 1 && !record.possibleDuplicate) return `${lines.length} SMS, and the record does not flag a possible duplicate`;
  if (lines.length > (record.attempts ?? 1)) return `${lines.length} SMS in ${record.attempts ?? 1} attempts`;
  return undefined;
}
