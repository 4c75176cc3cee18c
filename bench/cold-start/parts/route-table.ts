// A part of a cold start, timed alone: the route table as a Lambda imports it, zod included, each
// route's schemas standing in until a request uses them (functions/domain/lazily.ts).
import { ROUTES } from '../../../functions/http/routes.js';

export const routes = Object.keys(ROUTES).length;
