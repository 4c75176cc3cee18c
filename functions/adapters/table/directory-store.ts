// Villages and contacts on the single table. A contact has a copy per village it covers, so
// "contacts of these kinds in this village" is one query per kind.

import { type StoredContact, upgradeContact } from '../../domain/contact-channels.js';
import { NOTICE_GRACE_MS } from '../../domain/notification-plan.js';
import {
  allPages,
  type CoveringContact,
  type CreateResult,
  type DirectoryStore,
  type IdempotencyClaim,
  type Page,
  type PageRequest,
} from '../../domain/ports.js';
import type { Contact, Village } from '../../domain/schemas.js';
import { type ContactKind, isProgrammeWideKind } from '../../domain/vocabulary.js';
import { createWith, putNew, replaceVersioned, type StoreContext } from './creates.js';
import {
  COVERAGE_PREFIX,
  contactItem,
  coverageItem,
  DUE_SHARDS,
  dueSortKey,
  entityOf,
  keyOf,
  PHONE_CONTACT_PREFIX,
  partitionOf,
  phoneItem,
  villageItem,
} from './items.js';
import type { Pager } from './paging.js';
import { ConditionFailedError, type Item } from './table.js';

export class TableDirectoryStore implements DirectoryStore {
  constructor(
    private readonly pager: Pager,
    private readonly context: StoreContext,
  ) {}

  async putVillage(village: Village): Promise<Village> {
    await this.pager.table.write({ put: villageItem(village) });
    return village;
  }

  getVillage(id: string): Promise<Village | undefined> {
    return this.pager.getEntity<Village>(keyOf.village(id));
  }

  async getVillages(ids: readonly string[]): Promise<Village[]> {
    return (await this.pager.table.batchGet(ids.map(keyOf.village))).map((item) => entityOf<Village>(item));
  }

  listVillages(page: PageRequest): Promise<Page<Village>> {
    return this.pager.page<Village>('timeline', partitionOf.allVillages, {}, page);
  }

  /**
   * The contact (and its Idempotency-Key) in one transaction, its per-village copies after it, as
   * many as it covers; until they are written it waits in the due index, so that a crash between
   * the two leaves the sweeper something to finish.
   */
  async createContact(contact: Contact, idempotency?: IdempotencyClaim<Contact>): Promise<CreateResult<Contact>> {
    const writes = [putNew(contactItem(contact, this.syncDeadline()))];
    const result = await createWith(this.pager.table, this.context, contact, writes, idempotency);
    if (!result.replayed) await this.syncCoverage(contact);
    return result;
  }

  async getContact(id: string): Promise<Contact | undefined> {
    const stored = await this.pager.getEntity<StoredContact<Contact>>(keyOf.contact(id));
    return stored && upgradeContact(stored);
  }

  /** The new state under a version check, then its per-village copies (those of dropped villages removed). */
  async updateContact(next: Contact, previous: Contact): Promise<Contact> {
    const oldNumber = previous.phone && previous.phone !== next.phone ? [{ delete: keyOf.phone(previous.phone, previous.id) }] : [];
    await replaceVersioned(this.pager.table, contactItem(next, this.syncDeadline()), previous.version, oldNumber);
    await this.syncCoverage(next);
    return next;
  }

  async listContactsToSync(instant: Date, page: PageRequest): Promise<Page<Contact>> {
    return upgraded(
      await this.pager.page<StoredContact<Contact>>('due', DUE_SHARDS.map(partitionOf.coverageSync), { upTo: dueSortKey(instant) }, page),
    );
  }

  /** Makes the contact's per-village copies and its phone reference match it, then takes it out of the due index. */
  async syncCoverage(contact: Contact): Promise<void> {
    const dropped = (await this.coveredVillages(contact.id)).filter((villageId) => !contact.villages.includes(villageId));
    const { phone } = contact;
    await this.pager.table.writeBatch([
      ...contact.villages.map((villageId) => ({ put: coverageItem(contact, villageId) })),
      ...dropped.map((villageId) => ({ delete: keyOf.coverage(contact.id, villageId) })),
      ...(phone ? [{ put: phoneItem({ id: contact.id, phone }) }] : []),
    ]);
    try {
      // Unchanged since: a newer change syncs itself, and its own entry in the due index stays.
      await this.pager.table.write({ put: contactItem(contact), condition: { kind: 'exists', equals: { version: contact.version } } });
    } catch (error) {
      if (!(error instanceof ConditionFailedError)) throw error;
    }
  }

  private async coveredVillages(contactId: string): Promise<string[]> {
    const villages: string[] = [];
    let startKey: Item | undefined;
    do {
      const page = await this.pager.table.query({
        index: 'table',
        partition: keyOf.contact(contactId).PK,
        prefix: COVERAGE_PREFIX,
        ...(startKey ? { startKey } : {}),
      });
      villages.push(...page.items.map((item) => String(item.SK).slice(COVERAGE_PREFIX.length)));
      startKey = page.lastKey;
    } while (startKey);
    return villages;
  }

  /** A sync not done by then was cut short: the sweeper does it. */
  private syncDeadline(): Date {
    return new Date(this.context.clock().getTime() + NOTICE_GRACE_MS);
  }

  async listContacts(filter: { villageId?: string; kind?: ContactKind }, page: PageRequest): Promise<Page<Contact>> {
    const { villageId, kind } = filter;
    // A village's lists hold the per-village copies, which lack the village list: answered whole.
    const whole = (index: 'lookup' | 'timeline', partition: string) =>
      this.pager.references<StoredContact<Contact> & { id: string }>(index, partition, (copy) => String(copy.id), keyOf.contact, {}, page);
    if (villageId && kind) return upgraded(await whole('lookup', partitionOf.villageContactsOfKind(villageId, kind)));
    if (villageId) return upgraded(await whole('timeline', partitionOf.villageContacts(villageId)));
    if (kind) return upgraded(await this.pager.page<StoredContact<Contact>>('lookup', partitionOf.contactsOfKind(kind), {}, page));
    return upgraded(await this.pager.page<StoredContact<Contact>>('timeline', partitionOf.allContacts, {}, page));
  }

  async contactsCovering(villageId: string, kinds: readonly ContactKind[]): Promise<CoveringContact[]> {
    const partitions = kinds.map((kind) =>
      isProgrammeWideKind(kind) ? partitionOf.contactsOfKind(kind) : partitionOf.villageContactsOfKind(villageId, kind),
    );
    const lists = await Promise.all(
      partitions.map((partition) => allPages((page) => this.pager.page<StoredContact<CoveringContact>>('lookup', partition, {}, page))),
    );
    return lists.flat().map((contact) => upgradeContact<CoveringContact>(contact));
  }

  async contactsWithPhone(phone: string): Promise<Contact[]> {
    const references = await this.pager.all<{ contactId: string }>(partitionOf.phone(phone), PHONE_CONTACT_PREFIX);
    const contacts = await Promise.all(references.map(({ contactId }) => this.getContact(contactId)));
    // A reference outlives a change of number only until the change's own write removes it.
    return contacts.filter((contact): contact is Contact => contact?.phone === phone);
  }
}

function upgraded(page: Page<StoredContact<Contact>>): Page<Contact> {
  return { ...page, items: page.items.map((contact) => upgradeContact<Contact>(contact)) };
}
