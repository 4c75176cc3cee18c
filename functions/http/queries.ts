// Query-string schemas: every value arrives as a string; unknown parameters are refused.
import * as z from 'zod';
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

export const DEFAULT_LIMIT = 25;

const list = lazily(() => ({
  limit: z
    .string()
    .regex(/^\d{1,3}$/, 'must be a whole number from 1 to 100')
    .meta({ description: 'Page size, 1 to 100 (default 25).' })
    .transform(Number)
    .pipe(z.int().min(1, 'must be at least 1').max(100, 'must be at most 100'))
    .default(DEFAULT_LIMIT),
  cursor: z.string().min(1).max(2048).optional(),
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
      villageId: VillageIdSchema.optional(),
      status: IncidentStatusSchema.optional(),
      category: CategorySchema.optional(),
      from: TimestampSchema.optional(),
      to: TimestampSchema.optional(),
    })
    .refine(orderedWindow, windowError),
);
export const ContactListQuerySchema = lazily(() =>
  z.strictObject({
    ...list,
    villageId: VillageIdSchema.optional(),
    kind: ContactKindSchema.optional(),
  }),
);
export const MeetingListQuerySchema = lazily(() =>
  z
    .strictObject({
      ...list,
      villageId: VillageIdSchema.optional(),
      type: MeetingTypeSchema.optional(),
      from: DateSchema.optional(),
      to: DateSchema.optional(),
    })
    .refine(orderedWindow, windowError),
);
export const LinkageListQuerySchema = lazily(() =>
  z.strictObject({
    ...list,
    villageId: VillageIdSchema.optional(),
    status: LinkageStatusSchema.optional(),
  }),
);
/** Audit records in a window (nothing older than the audit period is kept), by one reader's `sub` when named. */
export const AuditQuerySchema = lazily(() =>
  z
    .strictObject({
      ...list,
      from: TimestampSchema.optional(),
      to: TimestampSchema.optional(),
      actor: z
        .string()
        .regex(/^[\x21-\x7e]{1,128}$/, "must be a reader's sub")
        .optional(),
    })
    .refine(orderedWindow, windowError),
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
