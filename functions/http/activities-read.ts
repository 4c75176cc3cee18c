// Lambda entry point for the activities-read routes (see routes.ts).
import { activityRoutes } from './controllers/activities.js';
import { lambdaDependencies } from './dependencies.js';
import { httpHandler } from './kit/http-handler.js';
import { handlersFor } from './kit/route.js';

export const handler = httpHandler(handlersFor('activities-read', activityRoutes(lambdaDependencies())));
