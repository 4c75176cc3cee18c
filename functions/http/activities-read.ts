// Lambda entry point for the activities-read routes (see routes.ts).
import { activityRoutes } from './controllers/activities.js';
import { lambdaDependencies } from './dependencies.js';
import { handlersFor } from './kit/group.js';
import { httpHandler } from './kit/http-handler.js';

export const handler = httpHandler(handlersFor('activities-read', activityRoutes(lambdaDependencies())));
