// Lambda entry point for the acknowledgement-link pages (see routes.ts).

import { httpDependencies } from '../wiring.js';
import { ackLinkRoutes } from './controllers/ack-links.js';
import { httpHandler } from './kit/http-handler.js';
import { handlersFor } from './kit/route.js';

// The programme's coordinator line the pages offer to call (deploy setting `coordinatorPhone`).
export const handler = httpHandler(
  handlersFor('ack-links', ackLinkRoutes(httpDependencies(), { coordinatorPhone: process.env.COORDINATOR_PHONE || undefined })),
);
