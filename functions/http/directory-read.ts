// Lambda entry point for the directory-read routes (see routes.ts).

import { httpDependencies } from '../wiring.js';
import { directoryRoutes } from './controllers/directory.js';
import { httpHandler } from './kit/http-handler.js';
import { handlersFor } from './kit/route.js';

export const handler = httpHandler(handlersFor('directory-read', directoryRoutes(httpDependencies())));
