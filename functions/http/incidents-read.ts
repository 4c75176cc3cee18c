// Lambda entry point for the incidents-read routes (see routes.ts).

import { httpDependencies } from '../wiring.js';
import { incidentRoutes } from './controllers/incidents.js';
import { httpHandler } from './kit/http-handler.js';
import { handlersFor } from './kit/route.js';

export const handler = httpHandler(handlersFor('incidents-read', incidentRoutes(httpDependencies())));
