// A part of a cold start, timed alone: the route table, which builds every route's schemas (zod included) at import.
import { ROUTES } from '../../../functions/http/routes.js';

export const routes = Object.keys(ROUTES).length;
