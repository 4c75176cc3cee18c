// Lambda entry point for the acknowledgement-link pages (see routes.ts).

import { coordinatorPhone } from '../settings.js';
import { httpDependencies } from '../wiring.js';
import { ackLinkRoutes } from './controllers/ack-links.js';
import { httpHandler } from './kit/http-handler.js';
import { handlersFor } from './kit/route.js';

export const handler = httpHandler(handlersFor('ack-links', ackLinkRoutes(httpDependencies(), { coordinatorPhone: coordinatorPhone() })));
