// What people send to the programme's WhatsApp number (DOMAIN.md "WhatsApp"): a volunteer's or
// coordinator's guided report, a duty bearer's tap on an alert's Acknowledge button, STOP. Everyone
// else is refused politely with the coordinator's number, and nothing of theirs is stored; photos,
// voice notes and locations are refused and never read. Replies go inside the 24-hour window the
// person's own message opens, so they need no template. Nothing a person typed is ever put into a
// reply or a log line.
import { createHash } from 'node:crypto';
import type { Caller } from '../domain/access.js';
import { channelsAfter } from '../domain/contact-channels.js';
import { RefusedError } from '../domain/decision.js';
import { AccessEndedError, type Conversation, NotFoundError, VersionConflictError, type WhatsAppSender } from '../domain/ports.js';
import { Created } from '../domain/results.js';
import type { Contact, IncidentReport } from '../domain/schemas.js';
import { SMS_LABELS, smsFactsOf } from '../domain/sms/templates.js';
import type { Language } from '../domain/vocabulary.js';
import { ackTokenOf } from '../domain/whatsapp/acknowledgement.js';
import { type ChatContext, type ChatReply, type ChatReport, continueChat, startChat } from '../domain/whatsapp/chat.js';
import { type ChatTextId, chatText } from '../domain/whatsapp/chat-texts.js';
import { buttonsMessage, type CloudApiMessage, listMessage, textMessage } from '../domain/whatsapp/cloud-api.js';
import type { InboundMessage } from '../domain/whatsapp/events.js';
import { loggableError, logger } from '../observability/logger.js';
import { confirmAckLink, resolveAckLink } from './ack-links.js';
import type { Dependencies } from './dependencies.js';
import { reportIncident } from './incidents.js';

/** A conversation with no message for this long is dropped, and the reporter told. */
export const CHAT_IDLE_MS = 30 * 60_000;

export interface WhatsAppChatDependencies extends Dependencies {
  whatsapp: WhatsAppSender;
  /** The programme's coordinator line, offered to whoever cannot report here (E.164). */
  coordinatorPhone: string;
  /** Where the privacy notice is served. */
  privacyUrl: string;
}

export type InboundResult =
  | 'reported'
  | 'continued'
  | 'cancelled'
  | 'acknowledged'
  | 'opted_out'
  | 'refused'
  | 'already_handled'
  | 'ignored';

export async function handleInboundMessage(deps: WhatsAppChatDependencies, message: InboundMessage): Promise<InboundResult> {
  const contacts = (await deps.directory.contactsWithPhone(message.from)).filter((contact) => contact.active);
  const [known] = contacts;
  const { content } = message;
  if (content.kind === 'quick_reply') return acknowledgeByButton(deps, message, content.payload, known?.language);
  if (content.kind === 'text' && isStop(content.text)) return known ? optOut(deps, message, contacts) : 'ignored';

  const reporters = contacts.filter((contact) => contact.kind === 'volunteer' || contact.kind === 'coordinator');
  const reporter = reporters.find((contact) => contact.channels.whatsapp.optIn);
  if (!reporter) {
    // A volunteer not yet opted in is told how to be; anyone else that this number takes volunteers' reports.
    await reply(deps, message.from, [
      text(reporters[0] ? 'notOptedIn' : 'unknownNumber', known?.language, { phone: deps.coordinatorPhone }),
    ]);
    return 'refused';
  }
  if (content.kind === 'media') {
    await reply(deps, message.from, [text('noMedia', reporter.language)]);
    return 'refused';
  }
  if (await deps.conversations.wasHandled(message.id)) return 'already_handled';
  return converse(deps, message, reporter);
}

// ── the guided report ────────────────────────────────────────────────────────────────────────────
async function converse(deps: WhatsAppChatDependencies, message: InboundMessage, reporter: Contact): Promise<InboundResult> {
  const now = deps.clock();
  const context = await chatContextOf(deps, reporter, now);
  const idleUntil = new Date(now.getTime() + CHAT_IDLE_MS).toISOString();
  const replies: ChatReply[] = [];
  let conversation = await deps.conversations.get(reporter.id);
  if (conversation && conversation.idleUntil <= now.toISOString()) {
    // The sweeper drops an idle conversation within a minute; this one came first.
    if (await deps.conversations.end(conversation)) replies.push({ kind: 'text', body: chatText('idleDropped', reporter.language) });
    conversation = undefined;
  }
  if (!conversation) {
    const started = startChat(context);
    const fresh: Conversation = { ...started.next, contactId: reporter.id, startedAt: now.toISOString(), idleUntil, version: 1 };
    if (!(await deps.conversations.save(fresh, message.id))) return 'already_handled';
    await reply(deps, message.from, [...replies, ...started.replies]);
    return 'continued';
  }

  const outcome = continueChat(conversation, message.content, context);
  if ('next' in outcome) {
    const next: Conversation = { ...conversation, ...outcome.next, idleUntil, version: conversation.version + 1 };
    if (!outcome.next.villagePage) delete next.villagePage;
    if (!(await deps.conversations.save(next, message.id))) return 'already_handled';
    await reply(deps, message.from, outcome.replies);
    return 'continued';
  }
  if ('cancelled' in outcome) {
    if (!(await deps.conversations.end(conversation, message.id))) return 'already_handled';
    await reply(deps, message.from, outcome.cancelled);
    return 'cancelled';
  }
  return submit(deps, message, reporter, conversation, outcome.submit);
}

async function chatContextOf(deps: WhatsAppChatDependencies, reporter: Contact, now: Date): Promise<ChatContext> {
  // A coordinator reports anywhere in the programme; a volunteer in the villages the directory gives them now.
  const villages =
    reporter.kind === 'coordinator'
      ? (await deps.directory.listVillages({ limit: 100 })).items
      : await deps.directory.getVillages(reporter.villages);
  return {
    language: reporter.language,
    villages: villages.map(({ id, name }) => ({ id, name })).sort((a, b) => a.name.localeCompare(b.name)),
    now,
    privacyUrl: deps.privacyUrl,
  };
}

/**
 * The report goes through the same use case as POST /incidents, as the reporter's contact, idempotent
 * on the WhatsApp message that sent it: a redelivered "Send" finds the report made the first time.
 */
async function submit(
  deps: WhatsAppChatDependencies,
  message: InboundMessage,
  reporter: Contact,
  conversation: Conversation,
  gathered: ChatReport,
): Promise<InboundResult> {
  const report = reportOf(gathered);
  let answer: { shortCode: string; confidential: boolean };
  try {
    const outcome = await reportIncident(deps, callerOf(reporter), report, {
      key: sha256(`whatsapp:${message.id}`),
      bodyHash: sha256(JSON.stringify(report)),
    });
    answer = (outcome instanceof Created ? outcome.record : outcome.answer) as typeof answer;
  } catch (error) {
    if (!(error instanceof RefusedError)) throw error;
    // The reporter's standing changed under the chat (moved to another village, say).
    await deps.conversations.end(conversation, message.id);
    await reply(deps, message.from, [text('reportNotTaken', reporter.language, { phone: deps.coordinatorPhone })]);
    return 'refused';
  }
  await deps.conversations.end(conversation, message.id);
  await reply(
    deps,
    message.from,
    answer.confidential
      ? [text('reportedConfidential', reporter.language)]
      : [text('reported', reporter.language, { code: answer.shortCode }), text('groupSafe', reporter.language, { code: answer.shortCode })],
  );
  return 'reported';
}

/** The chat's answers as POST /incidents takes them; a planned marriage date stands for the start of that day in India. */
function reportOf(gathered: ChatReport): IncidentReport {
  const { expectedOn, ageBand, gender, ...rest } = gathered;
  return {
    ...rest,
    child: { ageBand, gender },
    ...(expectedOn ? { expectedBy: new Date(`${expectedOn}T00:00:00+05:30`).toISOString() } : {}),
  };
}

/** The reporter as a signed-in caller: their contact, by its kind; their standing is read from the directory as for any caller. */
function callerOf(reporter: Contact): Caller {
  return {
    sub: `whatsapp:${reporter.id}`,
    role: reporter.kind === 'coordinator' ? 'coordinator' : 'volunteer',
    villages: reporter.villages,
    contactId: reporter.id,
  };
}

const sha256 = (value: string) => createHash('sha256').update(value).digest('hex');

// ── a duty bearer's Acknowledge button ──────────────────────────────────────────────────────────
/** The same rules as the alert's link: the contact it was sent to, while they still hold the case. */
async function acknowledgeByButton(
  deps: WhatsAppChatDependencies,
  message: InboundMessage,
  payload: string,
  language: Language | undefined,
): Promise<InboundResult> {
  const token = ackTokenOf(payload);
  if (!token) return 'ignored';
  const now = deps.clock();
  const phone = { phone: deps.coordinatorPhone };
  try {
    // A button tapped on another phone than the one it was sent to is no button of this contact's.
    const found = await resolveAckLink(deps, token, now);
    if (found.contact.phone !== message.from) throw new NotFoundError('not this phone’s alert');
    const { target } = await confirmAckLink(deps, token, now, 'Acknowledged with the WhatsApp button');
    if (!(await deps.conversations.markHandled(message.id))) return 'already_handled';
    const village = await deps.directory.getVillage(target.incident.villageId);
    const facts = smsFactsOf(target.incident, village?.name ?? target.incident.villageId);
    const mine = target.incident.acknowledgements.some(({ contactId }) => contactId === target.contact.id);
    const { language: theirs } = target.contact;
    await reply(deps, message.from, [
      text(mine ? 'acknowledged' : 'alreadyAcknowledged', theirs, {
        code: facts.shortCode,
        category: SMS_LABELS[theirs].category[facts.category],
        village: facts.villageName,
      }),
    ]);
    return 'acknowledged';
  } catch (error) {
    if (!(error instanceof NotFoundError || error instanceof AccessEndedError || error instanceof RefusedError)) throw error;
    if (!(await deps.conversations.markHandled(message.id))) return 'already_handled';
    await reply(deps, message.from, [text(error instanceof NotFoundError ? 'ackExpired' : 'ackNoLongerYours', language, phone)]);
    return 'refused';
  }
}

// ── STOP ─────────────────────────────────────────────────────────────────────────────────────────
const STOP_WORDS = new Set(['stop', 'বন্ধ']);
const isStop = (typed: string) => STOP_WORDS.has(typed.trim().toLowerCase());

/** Every contact on this number stops getting WhatsApp messages (alerts go by SMS); a report under way is dropped. */
async function optOut(deps: WhatsAppChatDependencies, message: InboundMessage, contacts: Contact[]): Promise<InboundResult> {
  if (!(await deps.conversations.markHandled(message.id))) return 'already_handled';
  const now = deps.clock();
  for (const contact of contacts) {
    await optOutOfWhatsApp(deps, contact.id, now);
    const conversation = await deps.conversations.get(contact.id);
    if (conversation) await deps.conversations.end(conversation);
  }
  await reply(deps, message.from, [text('stopped', contacts[0]?.language)]);
  return 'opted_out';
}

async function optOutOfWhatsApp(deps: WhatsAppChatDependencies, contactId: string, now: Date): Promise<void> {
  for (let attempt = 0; attempt < 3; attempt++) {
    const current = await deps.directory.getContact(contactId);
    if (!current?.channels.whatsapp.optIn) return;
    const channels = channelsAfter({ channels: { whatsapp: { optIn: false } } }, current.channels, now);
    try {
      await deps.directory.updateContact({ ...current, channels, version: current.version + 1, updatedAt: now.toISOString() }, current);
      return;
    } catch (error) {
      // A coordinator changed the contact at the same moment: read it again.
      if (!(error instanceof VersionConflictError)) throw error;
    }
  }
}

// ── replies ──────────────────────────────────────────────────────────────────────────────────────
/** A text in the person's language; for a number we do not know, Bengali first, then English. */
function text(id: ChatTextId, language: Language | undefined, values?: Record<string, string>): ChatReply {
  const body = language ? chatText(id, language, values) : `${chatText(id, 'bn', values)}\n\n${chatText(id, 'en', values)}`;
  return { kind: 'text', body };
}

function cloudMessageOf(to: string, chatReply: ChatReply): CloudApiMessage {
  if (chatReply.kind === 'text') return textMessage(to, chatReply.body);
  if (chatReply.kind === 'list') return listMessage(to, chatReply.body, chatReply.button, chatReply.title, chatReply.rows);
  return buttonsMessage(to, chatReply.body, chatReply.buttons);
}

/** What the person sees, for the local console: our words, and the choices offered. */
function previewOf(chatReply: ChatReply): string {
  if (chatReply.kind === 'text') return chatReply.body;
  const choices = chatReply.kind === 'list' ? chatReply.rows : chatReply.buttons;
  return `${chatReply.body} [${choices.map(({ id, title }) => `${id} ${title}`).join(' | ')}]`;
}

/** Sends the replies in order; one that fails is logged (by kind, never its words) and the rest still go. */
export async function reply(deps: Pick<WhatsAppChatDependencies, 'whatsapp'>, to: string, replies: readonly ChatReply[]): Promise<void> {
  for (const chatReply of replies) {
    const result = await deps.whatsapp
      .send({ to, message: cloudMessageOf(to, chatReply), preview: previewOf(chatReply) })
      .catch((error: unknown) => ({ status: 'failed' as const, reason: loggableError(error).name }));
    if (result.status === 'failed') logger.warn('WhatsApp reply not sent', { kind: chatReply.kind, reason: result.reason });
  }
}
