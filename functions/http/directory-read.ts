// Lambda entry point for the directory-read routes (see routes.ts).
import { directoryRoutes } from './controllers/directory.js';
import { lambdaDependencies } from './dependencies.js';
import { handlersFor } from './kit/group.js';
import { httpHandler } from './kit/http-handler.js';

export const handler = httpHandler(handlersFor('directory-read', directoryRoutes(lambdaDependencies())));
