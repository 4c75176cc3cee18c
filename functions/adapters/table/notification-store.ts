// Notices waiting to be delivered, notification records (one per incident, step and recipient,
// claimed as a lease before sending), and acknowledgement links.
import type { PlannedNotice } from '../../domain/notification-plan.js';
import { type AckLinkStore, AlreadyExistsError, type NotificationStore, type Page, type PageRequest } from '../../domain/ports.js';
import type { RetentionSchedule } from '../../domain/retention.js';
import type { AckToken, NotificationRecord } from '../../domain/schemas.js';
import type { NotificationChannel, NotificationStatus } from '../../domain/vocabulary.js';
import { putNew } from './creates.js';
import {
  ackTokenItem,
  DUE_SHARDS,
  dueSortKey,
  keyOf,
  messageIdItem,
  NOTICE_PREFIX,
  NOTIFICATION_PREFIX,
  noticeItem,
  noticeSweepKey,
  notificationItem,
  partitionOf,
} from './items.js';
import type { Pager } from './paging.js';
import { ConditionFailedError, TransactionCancelledError } from './table.js';

/** What a stored notice carries besides its plan. */
const NOTICE_STORAGE = ['GSI3PK', 'GSI3SK'];

export class TableNotificationStore implements NotificationStore {
  constructor(private readonly pager: Pager) {}

  async claim(record: NotificationRecord, villageId: string): Promise<void> {
    try {
      await this.pager.table.write(putNew(notificationItem(record, villageId)));
    } catch (error) {
      if (error instanceof ConditionFailedError) throw new AlreadyExistsError('this notification was already claimed');
      throw error;
    }
  }

  async takeOver(earlier: NotificationRecord, next: NotificationRecord, villageId: string): Promise<boolean> {
    // Records from before leases have none: their id, which a takeover keeps, stands in.
    const unchanged: Record<string, string> = earlier.leaseUntil
      ? { status: 'pending', leaseUntil: earlier.leaseUntil }
      : { status: 'pending', id: earlier.id };
    try {
      await this.pager.table.write({ put: notificationItem(next, villageId), condition: { kind: 'exists', equals: unchanged } });
      return true;
    } catch (error) {
      if (error instanceof ConditionFailedError) return false;
      throw error;
    }
  }

  get(incidentId: string, step: string, contactId: string, channel: NotificationChannel = 'sms'): Promise<NotificationRecord | undefined> {
    return this.pager.getEntity<NotificationRecord>(keyOf.notification(incidentId, step, contactId, channel), ['villageId']);
  }

  /** The record, and with a provider's message id the lookup item that lets its receipt find it. */
  async update(record: NotificationRecord, villageId: string): Promise<void> {
    const put = { put: notificationItem(record, villageId), condition: { kind: 'exists' } } as const;
    if (!record.messageId) return this.pager.table.write(put);
    try {
      await this.pager.table.transact([put, { put: messageIdItem(record) }]);
    } catch (error) {
      if (error instanceof TransactionCancelledError && error.reasons[0]?.code === 'ConditionalCheckFailed')
        throw new ConditionFailedError();
      throw error;
    }
  }

  async recordReceipt(record: NotificationRecord, villageId: string, from: NotificationStatus = 'sent'): Promise<boolean> {
    // The provider's lookup item is already there: it was written with the `sent` record.
    const unchanged = { status: from, messageId: String(record.messageId) };
    const put = { put: notificationItem(record, villageId), condition: { kind: 'exists', equals: unchanged } } as const;
    const { providerMessageId } = record;
    try {
      if (!providerMessageId) await this.pager.table.write(put);
      else await this.pager.table.transact([put, { put: messageIdItem(record, providerMessageId) }]);
      return true;
    } catch (error) {
      if (error instanceof ConditionFailedError) return false;
      if (error instanceof TransactionCancelledError && error.reasons[0]?.code === 'ConditionalCheckFailed') return false;
      throw error;
    }
  }

  async findByMessageId(messageId: string): Promise<NotificationRecord | undefined> {
    const reference = await this.pager.table.get(keyOf.messageId(messageId));
    if (!reference) return undefined;
    // References from before WhatsApp name no channel: they are all SMS.
    const channel = reference.channel === 'whatsapp' ? 'whatsapp' : 'sms';
    return this.get(String(reference.incidentId), String(reference.step), String(reference.contactId), channel);
  }

  listForIncident(incidentId: string): Promise<NotificationRecord[]> {
    return this.pager.all<NotificationRecord>(keyOf.incident(incidentId).PK, NOTIFICATION_PREFIX, ['villageId']);
  }

  outstanding(incidentId: string): Promise<PlannedNotice[]> {
    return this.pager.all<PlannedNotice>(keyOf.incident(incidentId).PK, NOTICE_PREFIX, NOTICE_STORAGE);
  }

  async plan(notice: PlannedNotice): Promise<PlannedNotice> {
    try {
      await this.pager.table.write(putNew(noticeItem(notice)));
      return notice;
    } catch (error) {
      if (!(error instanceof ConditionFailedError)) throw error;
    }
    const stored = await this.pager.getEntity<PlannedNotice>(keyOf.notice(notice.incidentId, notice.step), NOTICE_STORAGE);
    return stored ?? notice;
  }

  listDueNotices(instant: Date, page: PageRequest): Promise<Page<PlannedNotice>> {
    return this.pager.page<PlannedNotice>('due', DUE_SHARDS.map(partitionOf.sweep), { upTo: dueSortKey(instant) }, page, NOTICE_STORAGE);
  }

  async postpone(notice: PlannedNotice, at: Date): Promise<void> {
    try {
      await this.pager.table.write({
        update: keyOf.notice(notice.incidentId, notice.step),
        set: { GSI3SK: noticeSweepKey(notice, at) },
        condition: { kind: 'exists', equals: { plannedAt: notice.plannedAt } },
      });
    } catch (error) {
      // Finished, or planned again since: that one keeps its own time.
      if (!(error instanceof ConditionFailedError)) throw error;
    }
  }

  async finish(notice: PlannedNotice): Promise<void> {
    try {
      await this.pager.table.write({
        delete: keyOf.notice(notice.incidentId, notice.step),
        condition: { kind: 'exists', equals: { plannedAt: notice.plannedAt } },
      });
    } catch (error) {
      // Finished by another delivery, or planned again since: either way not this one's to remove.
      if (!(error instanceof ConditionFailedError)) throw error;
    }
  }
}

export class TableAckLinkStore implements AckLinkStore {
  constructor(
    private readonly pager: Pager,
    private readonly retention: RetentionSchedule,
  ) {}

  async put(token: AckToken): Promise<void> {
    await this.pager.table.write(putNew(ackTokenItem(token, this.retention.ackLinkDaysAfterExpiry)));
  }

  get(token: string): Promise<AckToken | undefined> {
    return this.pager.getEntity<AckToken>(keyOf.ackToken(token));
  }
}
