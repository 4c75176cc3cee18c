// A part of a cold start, timed alone: the route table with every route's schemas built, as every
// HTTP Lambda built them at import before they were built on first use.
import { ROUTES } from '../../../functions/http/routes.js';

const schemasOf = ({ body, query, form, params, success }: (typeof ROUTES)[number]) => [
  body,
  query,
  form,
  success.schema,
  ...Object.values(params ?? {}),
];
export const built = ROUTES.flatMap(schemasOf).filter((schema) => schema?._zod !== undefined).length;
