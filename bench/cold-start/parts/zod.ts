// A part of a cold start, timed alone: the zod library, loaded as the functions import it, with one schema.
import * as z from 'zod';

export const schema = z.string();
