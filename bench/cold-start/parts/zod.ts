// A part of a cold start, timed alone: zod as the functions load it (functions/domain/zod.ts), with one schema.
import * as z from '../../../functions/domain/zod.js';

export const schema = z.string();
