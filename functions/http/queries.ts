// Query-string schemas: every value arrives as a string; unknown parameters are refused.

import { lazily } from '../domain/lazily.js';
import {
  CategorySchema,
  ContactKindSchema,
  DateSchema,
  IncidentStatusSchema,
  LinkageStatusSchema,
  MeetingTypeSchema,
  TimestampSchema,
  VillageIdSchema,
} from '../domain/schemas.js';
import * as z from '../domain/zod.js';

export const DEFAULT_LIMIT = 25;

const list = lazily(() => ({
  limit: z._default(
    z.pipe(
      z.pipe(
        z
          .string()
          .check(z.regex(/^\d{1,3}$/, 'must be a whole number from 1 to 100'))
          .register(z.globalRegistry, { description: 'Page size, 1 to 100 (default 25).' }),
        z.transform(Number),
      ),
      z.int().check(z.minimum(1, 'must be at least 1'), z.maximum(100, 'must be at most 100')),
    ),
    DEFAULT_LIMIT,
  ),
  cursor: z.optional(z.string().check(z.minLength(1), z.maxLength(2048))),
}));

export const PlainListQuerySchema = lazily(() => z.strictObject(list));

/** A window whose `from` is after its `to` is a client's mistake, not an empty list. */
const orderedWindow = <T extends { from?: string | undefined; to?: string | undefined }>(query: T) =>
  !query.from || !query.to || query.from <= query.to;
const windowError = { error: 'must not be before from', path: ['to'] };
export const IncidentListQuerySchema = lazily(() =>
  z
    .strictObject({
      ...list,
      villageId: z.optional(VillageIdSchema),
      status: z.optional(IncidentStatusSchema),
      category: z.optional(CategorySchema),
      from: z.optional(TimestampSchema),
      to: z.optional(TimestampSchema),
    })
    .check(z.refine(orderedWindow, windowError)),
);
export const ContactListQuerySchema = lazily(() =>
  z.strictObject({
    ...list,
    villageId: z.optional(VillageIdSchema),
    kind: z.optional(ContactKindSchema),
  }),
);
export const MeetingListQuerySchema = lazily(() =>
  z
    .strictObject({
      ...list,
      villageId: z.optional(VillageIdSchema),
      type: z.optional(MeetingTypeSchema),
      from: z.optional(DateSchema),
      to: z.optional(DateSchema),
    })
    .check(z.refine(orderedWindow, windowError)),
);
export const LinkageListQuerySchema = lazily(() =>
  z.strictObject({
    ...list,
    villageId: z.optional(VillageIdSchema),
    status: z.optional(LinkageStatusSchema),
  }),
);
/** Audit records in a window (nothing older than the audit period is kept), by one reader's `sub` when named. */
export const AuditQuerySchema = lazily(() =>
  z
    .strictObject({
      ...list,
      from: z.optional(TimestampSchema),
      to: z.optional(TimestampSchema),
      actor: z.optional(z.string().check(z.regex(/^[\x21-\x7e]{1,128}$/, "must be a reader's sub"))),
    })
    .check(z.refine(orderedWindow, windowError)),
);
export const NoQuerySchema = lazily(() => z.strictObject({}));

/** Splits paging from filtering, dropping absent filters. */
export function pagingOf<Q extends { limit: number; cursor?: string | undefined }>(query: Q) {
  const { limit, cursor, ...filter } = query;
  return {
    page: { limit, ...(cursor ? { cursor } : {}) },
    filter: Object.fromEntries(Object.entries(filter).filter(([, value]) => value !== undefined)) as Omit<Q, 'limit' | 'cursor'>,
  };
}
