// The sweeper, the safety net of the delivery guarantee (DESIGN.md): every notice still stored a
// short while after it was planned (the stream missed it, failed on it, or an attempt died holding
// a lease) is delivered through the same use case as the stream's, every contact whose per-village
// copies were cut short is finished, and every WhatsApp report left idle is dropped, its reporter told.
// It reads the due index's shards, so a run costs what is due plus a fixed number of queries, however
// large the table.
import { allPages } from '../domain/ports.js';
import { chatText } from '../domain/whatsapp/chat-texts.js';
import { loggableError, logger } from '../observability/logger.js';
import { deliverNotice, type NotifierDependencies } from './notify.js';
import { tellProviders } from './providers.js';
import { reply } from './whatsapp-inbound.js';

export interface SweepSummary {
  /** Notices found due. */
  examined: number;
  /** Of those, every recipient's record is now final. */
  delivered: number;
  /** Still waiting: another attempt holds a lease, or delivery failed this time; the next run retries. */
  outstanding: number;
  /** Contacts whose per-village copies a cut-short write had left unfinished. */
  contactsSynced: number;
  /** WhatsApp reports left unfinished for 30 minutes: dropped, nothing of them kept. */
  chatsDropped: number;
  /** Providers told that consent for a linkage was withdrawn (or found unreachable, for the coordinator to phone). */
  providersTold: number;
}

export async function runSweep(deps: NotifierDependencies, now: Date): Promise<SweepSummary> {
  const summary: SweepSummary = { examined: 0, delivered: 0, outstanding: 0, contactsSynced: 0, chatsDropped: 0, providersTold: 0 };
  let cursor: string | undefined;
  do {
    const page = await deps.notifications.listDueNotices(now, { limit: 100, ...(cursor ? { cursor } : {}) });
    for (const notice of page.items) {
      summary.examined++;
      // One notice that fails must not hold up the others: it stays due for the next run.
      const delivery = await deliverNotice(deps, notice).catch((error: unknown) => {
        logger.warn('notice not delivered by the sweeper', {
          incidentId: notice.incidentId,
          step: notice.step,
          error: loggableError(error),
        });
        return 'outstanding' as const;
      });
      summary[delivery]++;
    }
    cursor = page.nextCursor;
  } while (cursor);
  summary.contactsSynced = await syncContacts(deps, now);
  summary.chatsDropped = await dropIdleChats(deps, now);
  summary.providersTold = await tellProviders(deps, now);
  return summary;
}

/** Each conversation idle past its time is ended, and its reporter told in their language that nothing was kept. */
async function dropIdleChats(deps: NotifierDependencies, now: Date): Promise<number> {
  const idle = await allPages((page) => deps.conversations.listIdle(now, page));
  let dropped = 0;
  for (const conversation of idle) {
    // A message that came meanwhile moved it on: it is no longer idle.
    if (!(await deps.conversations.end(conversation))) continue;
    dropped++;
    const contact = await deps.directory.getContact(conversation.contactId);
    if (contact?.phone && deps.whatsapp) {
      await reply({ whatsapp: deps.whatsapp.sender }, contact.phone, [{ kind: 'text', body: chatText('idleDropped', contact.language) }]);
    }
  }
  return dropped;
}

async function syncContacts(deps: NotifierDependencies, now: Date): Promise<number> {
  let synced = 0;
  let cursor: string | undefined;
  do {
    const page = await deps.directory.listContactsToSync(now, { limit: 100, ...(cursor ? { cursor } : {}) });
    for (const contact of page.items) {
      await deps.directory.syncCoverage(contact);
      synced++;
    }
    cursor = page.nextCursor;
  } while (cursor);
  return synced;
}
