// zod as every schema module uses it: zod/mini, a third of zod's size in each bundle (npm run bench),
// with English messages, which only the full build loads by itself ("Invalid input" otherwise).
import * as z from 'zod/mini';
import en from 'zod/v4/locales/en.js';

z.config(en());

export * from 'zod/mini';
