// Every aggregate's store on one table: DynamoDB in Lambda and locally, the in-memory twin in tests.
import type { Stores } from '../../domain/ports.js';
import { TableActivityStore } from './activity-store.js';
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
  /** Injected so a test can force short-code collisions. */
  shortCodes?: () => string;
  /** Told when a committed change's route items could not be written (its notices' delivery writes them). */
  onRouteItemsDeferred?: () => void;
}

export function tableStores(table: Table, options: StoreOptions): Stores {
  const pager = new Pager(table, options.cursorSecret);
  const clock = options.clock ?? (() => new Date());
  return {
    incidents: new TableIncidentStore(pager, {
      clock,
      ...(options.shortCodes ? { shortCodes: options.shortCodes } : {}),
      ...(options.onRouteItemsDeferred ? { onRouteItemsDeferred: options.onRouteItemsDeferred } : {}),
    }),
    directory: new TableDirectoryStore(pager, clock),
    activities: new TableActivityStore(pager, clock),
    notifications: new TableNotificationStore(pager),
    ackLinks: new TableAckLinkStore(pager),
    metrics: new TableMetricsStore(pager),
    conversations: new TableConversationStore(pager, clock),
  };
}
