// Lambda entry point for the data-protection routes (see routes.ts).
import { httpDependencies } from '../wiring.js';
import { dataProtectionRoutes } from './controllers/data-protection.js';
import { httpHandler } from './kit/http-handler.js';
import { handlersFor } from './kit/route.js';

export const handler = httpHandler(handlersFor('data-protection', dataProtectionRoutes(httpDependencies())));
