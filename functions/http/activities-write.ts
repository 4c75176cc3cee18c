// Lambda entry point for the activities-write routes (see routes.ts).

import { httpDependencies } from '../wiring.js';
import { activityRoutes } from './controllers/activities.js';
import { httpHandler } from './kit/http-handler.js';
import { handlersFor } from './kit/route.js';

export const handler = httpHandler(handlersFor('activities-write', activityRoutes(httpDependencies())));
