// Villages and contacts on the single table. A contact has a copy per village it covers, so
// "contacts of these kinds in this village" is one query per kind.
import {
  allPages,
  type CreateResult,
  type DirectoryStore,
  type IdempotencyClaim,
  type Page,
  type PageRequest,
} from '../../domain/ports.js';
import type { Contact, Village } from '../../domain/schemas.js';
import { type ContactKind, isProgrammeWideKind } from '../../domain/vocabulary.js';
import { createWith, putNew, replaceVersioned } from './creates.js';
import { contactItem, coverageItem, keyOf, partitionOf, villageItem } from './items.js';
import type { Pager } from './paging.js';

export class TableDirectoryStore implements DirectoryStore {
  constructor(
    private readonly pager: Pager,
    private readonly clock: () => Date,
  ) {}

  async putVillage(village: Village): Promise<Village> {
    await this.pager.table.write({ put: villageItem(village) });
    return village;
  }

  getVillage(id: string): Promise<Village | undefined> {
    return this.pager.getEntity<Village>(keyOf.village(id));
  }

  listVillages(page: PageRequest): Promise<Page<Village>> {
    return this.pager.page<Village>('timeline', partitionOf.allVillages, {}, page);
  }

  createContact(contact: Contact, idempotency?: IdempotencyClaim<Contact>): Promise<CreateResult<Contact>> {
    const writes = [putNew(contactItem(contact)), ...contact.villages.map((villageId) => putNew(coverageItem(contact, villageId)))];
    return createWith(this.pager.table, this.clock, contact, writes, idempotency);
  }

  getContact(id: string): Promise<Contact | undefined> {
    return this.pager.getEntity<Contact>(keyOf.contact(id));
  }

  /** Rewrites the contact and its per-village copies in one transaction, under a version check. */
  async updateContact(next: Contact, previous: Contact): Promise<Contact> {
    const dropped = previous.villages.filter((villageId) => !next.villages.includes(villageId));
    await replaceVersioned(this.pager.table, contactItem(next), previous.version, [
      ...next.villages.map((villageId) => ({ put: coverageItem(next, villageId) })),
      ...dropped.map((villageId) => ({ delete: keyOf.coverage(next.id, villageId) })),
    ]);
    return next;
  }

  listContacts(filter: { villageId?: string; kind?: ContactKind }, page: PageRequest): Promise<Page<Contact>> {
    const { villageId, kind } = filter;
    if (villageId && kind) return this.pager.page<Contact>('lookup', partitionOf.villageContactsOfKind(villageId, kind), {}, page);
    if (villageId) return this.pager.page<Contact>('timeline', partitionOf.villageContacts(villageId), {}, page);
    if (kind) return this.pager.page<Contact>('lookup', partitionOf.contactsOfKind(kind), {}, page);
    return this.pager.page<Contact>('timeline', partitionOf.allContacts, {}, page);
  }

  async contactsCovering(villageId: string, kinds: readonly ContactKind[]): Promise<Contact[]> {
    const partitions = kinds.map((kind) =>
      isProgrammeWideKind(kind) ? partitionOf.contactsOfKind(kind) : partitionOf.villageContactsOfKind(villageId, kind),
    );
    const lists = await Promise.all(
      partitions.map((partition) => allPages((page) => this.pager.page<Contact>('lookup', partition, {}, page))),
    );
    return lists.flat();
  }
}
