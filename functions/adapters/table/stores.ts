// Every aggregate's store on one table: DynamoDB in Lambda and locally, the in-memory twin in tests.
import type { Stores } from '../../domain/ports.js';
import { DEFAULT_RETENTION, type RetentionSchedule } from '../../domain/retention.js';
import { TableActivityStore } from './activity-store.js';
import { TableAuditStore } from './audit-store.js';
import { TableConversationStore } from './conversation-store.js';
import { TableDirectoryStore } from './directory-store.js';
import { TableIncidentStore } from './incident-store.js';
import { TableMetricsStore } from './metrics-store.js';
import { TableAckLinkStore, TableNotificationStore } from './notification-store.js';
import { Pager } from './paging.js';
import type { Table } from './table.js';

export interface StoreOptions {
  /** Signs list cursors so a tampered or foreign one is refused. */
  cursorSecret: string;
  clock?: () => Date;
  /** How long items are kept before TTL deletes them (idempotency keys, acknowledgement links, audit records). */
  retention?: RetentionSchedule;
  /** Injected so a test can force short-code collisions. */
  shortCodes?: () => string;
  /** Told when a committed change's route items could not be written (its notices' delivery writes them). */
  onRouteItemsDeferred?: () => void;
}

export function tableStores(table: Table, options: StoreOptions): Stores {
  const pager = new Pager(table, options.cursorSecret);
  const context = { clock: options.clock ?? (() => new Date()), retention: options.retention ?? DEFAULT_RETENTION };
  return {
    incidents: new TableIncidentStore(pager, {
      ...context,
      ...(options.shortCodes ? { shortCodes: options.shortCodes } : {}),
      ...(options.onRouteItemsDeferred ? { onRouteItemsDeferred: options.onRouteItemsDeferred } : {}),
    }),
    directory: new TableDirectoryStore(pager, context),
    activities: new TableActivityStore(pager, context),
    notifications: new TableNotificationStore(pager),
    ackLinks: new TableAckLinkStore(pager, context.retention),
    metrics: new TableMetricsStore(pager),
    conversations: new TableConversationStore(pager, context.clock),
    audit: new TableAuditStore(pager, context),
  };
}
