// Notification records (one per incident, step and recipient) and acknowledgement links.
import { type AckLinkStore, AlreadyExistsError, type NotificationStore } from '../../domain/ports.js';
import type { AckToken, NotificationRecord } from '../../domain/schemas.js';
import { putNew } from './creates.js';
import { ackTokenItem, keyOf, NOTIFICATION_PREFIX, notificationItem } from './items.js';
import type { Pager } from './paging.js';
import { ConditionFailedError } from './table.js';

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

  get(incidentId: string, step: string, contactId: string): Promise<NotificationRecord | undefined> {
    return this.pager.getEntity<NotificationRecord>(keyOf.notification(incidentId, step, contactId), ['villageId']);
  }

  async update(record: NotificationRecord, villageId: string): Promise<void> {
    await this.pager.table.write({ put: notificationItem(record, villageId), condition: { kind: 'exists' } });
  }

  listForIncident(incidentId: string): Promise<NotificationRecord[]> {
    return this.pager.all<NotificationRecord>(keyOf.incident(incidentId).PK, NOTIFICATION_PREFIX, ['villageId']);
  }
}

export class TableAckLinkStore implements AckLinkStore {
  constructor(private readonly pager: Pager) {}

  async put(token: AckToken): Promise<void> {
    await this.pager.table.write(putNew(ackTokenItem(token)));
  }

  get(token: string): Promise<AckToken | undefined> {
    return this.pager.getEntity<AckToken>(keyOf.ackToken(token));
  }
}
