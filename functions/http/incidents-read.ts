// Lambda entry point for the incidents-read routes (see routes.ts).
import { incidentRoutes } from './controllers/incidents.js';
import { lambdaDependencies } from './dependencies.js';
import { handlersFor } from './kit/group.js';
import { httpHandler } from './kit/http-handler.js';

export const handler = httpHandler(handlersFor('incidents-read', incidentRoutes(lambdaDependencies())));
