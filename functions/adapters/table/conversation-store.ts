// WhatsApp reports under way, one conversation per reporter, each change under a version check in
// the same transaction as the mark that its message was handled, so a redelivered message moves
// nothing twice. Idle ones wait in the due index for the sweeper.
import type { Conversation, ConversationStore, Page, PageRequest } from '../../domain/ports.js';
import { putNew } from './creates.js';
import { conversationItem, DUE_SHARDS, dueSortKey, inboundMessageItem, keyOf, partitionOf } from './items.js';
import type { Pager } from './paging.js';
import { ConditionFailedError, TransactionCancelledError, type WriteAction } from './table.js';

export class TableConversationStore implements ConversationStore {
  constructor(
    private readonly pager: Pager,
    private readonly clock: () => Date,
  ) {}

  get(contactId: string): Promise<Conversation | undefined> {
    return this.pager.getEntity<Conversation>(keyOf.conversation(contactId));
  }

  save(conversation: Conversation, messageId: string): Promise<boolean> {
    const put = conversationItem(conversation);
    return this.allOrNothing([
      conversation.version === 1 ? putNew(put) : { put, condition: { kind: 'exists', equals: { version: conversation.version - 1 } } },
      putNew(inboundMessageItem(messageId, this.clock())),
    ]);
  }

  end(conversation: Conversation, messageId?: string): Promise<boolean> {
    return this.allOrNothing([
      { delete: keyOf.conversation(conversation.contactId), condition: { kind: 'exists', equals: { version: conversation.version } } },
      ...(messageId ? [putNew(inboundMessageItem(messageId, this.clock()))] : []),
    ]);
  }

  async markHandled(messageId: string): Promise<boolean> {
    try {
      await this.pager.table.write(putNew(inboundMessageItem(messageId, this.clock())));
      return true;
    } catch (error) {
      if (error instanceof ConditionFailedError) return false;
      throw error;
    }
  }

  async wasHandled(messageId: string): Promise<boolean> {
    return (await this.pager.table.get(keyOf.inboundMessage(messageId))) !== undefined;
  }

  listIdle(instant: Date, page: PageRequest): Promise<Page<Conversation>> {
    return this.pager.page<Conversation>('due', DUE_SHARDS.map(partitionOf.conversationsIdle), { upTo: dueSortKey(instant) }, page);
  }

  private async allOrNothing(actions: WriteAction[]): Promise<boolean> {
    try {
      await this.pager.table.transact(actions);
      return true;
    } catch (error) {
      if (error instanceof TransactionCancelledError && error.reasons.some((reason) => reason.code === 'ConditionalCheckFailed'))
        return false;
      throw error;
    }
  }
}
