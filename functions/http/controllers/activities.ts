// HTTP ↔ use case for meetings and service linkages.
import { LinkageInputSchema, LinkageTransitionRequestSchema, MeetingInputSchema } from '../../domain/schemas.js';
import { createLinkage, getLinkage, listLinkages, listMeetings, recordMeeting, transitionLinkage } from '../../use-cases/activities.js';
import type { Dependencies } from '../../use-cases/dependencies.js';
import { callerFrom } from '../kit/caller.js';
import { etag, json, type RouteHandler } from '../kit/http-handler.js';
import { readBody, readCreateRequest, readIfMatch, readPathId, readQuery } from '../kit/request.js';
import { LinkageListQuerySchema, MeetingListQuerySchema, NoQuerySchema, pagingOf } from '../queries.js';

export function activityRoutes(deps: Dependencies): Record<string, RouteHandler> {
  return {
    'POST /meetings': async (event) => {
      const caller = callerFrom(event);
      const { body, idempotency } = readCreateRequest(event, MeetingInputSchema);
      const response = await recordMeeting(deps, caller, body, idempotency);
      return json(response.statusCode, response.body);
    },
    'GET /meetings': async (event) => {
      const caller = callerFrom(event);
      const { page, filter } = pagingOf(readQuery(event, MeetingListQuerySchema));
      return json(200, await listMeetings(deps, caller, filter, page));
    },
    'POST /linkages': async (event) => {
      const caller = callerFrom(event);
      const { body, idempotency } = readCreateRequest(event, LinkageInputSchema);
      const response = await createLinkage(deps, caller, body, idempotency);
      return json(response.statusCode, response.body, etag((response.body as { version: number }).version));
    },
    'GET /linkages': async (event) => {
      const caller = callerFrom(event);
      const { page, filter } = pagingOf(readQuery(event, LinkageListQuerySchema));
      return json(200, await listLinkages(deps, caller, filter, page));
    },
    'GET /linkages/{id}': async (event) => {
      const caller = callerFrom(event);
      const id = readPathId(event);
      readQuery(event, NoQuerySchema);
      const linkage = await getLinkage(deps, caller, id);
      return json(200, linkage, etag(linkage.version));
    },
    'POST /linkages/{id}/transitions': async (event) => {
      const caller = callerFrom(event);
      const id = readPathId(event);
      const { body } = readBody(event, LinkageTransitionRequestSchema);
      const linkage = await transitionLinkage(deps, caller, id, body, readIfMatch(event));
      return json(200, linkage, etag(linkage.version));
    },
  };
}
