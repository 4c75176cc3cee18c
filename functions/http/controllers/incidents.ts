// HTTP ↔ use case for incidents: read the request, call the use case, shape the response.
import { IncidentReportSchema, IncidentTransitionRequestSchema } from '../../domain/schemas.js';
import type { Dependencies } from '../../use-cases/dependencies.js';
import {
  getIncident,
  incidentHistory,
  incidentNotifications,
  listIncidents,
  reportIncident,
  transitionIncident,
} from '../../use-cases/incidents.js';
import { callerFrom } from '../kit/caller.js';
import { etag, json, type RouteHandler } from '../kit/http-handler.js';
import { readBody, readCreateRequest, readIfMatch, readPathId, readQuery } from '../kit/request.js';
import { IncidentListQuerySchema, NoQuerySchema, pagingOf } from '../queries.js';

export function incidentRoutes(deps: Dependencies): Record<string, RouteHandler> {
  return {
    'POST /incidents': async (event) => {
      const caller = callerFrom(event);
      const { body, idempotency } = readCreateRequest(event, IncidentReportSchema);
      const response = await reportIncident(deps, caller, body, idempotency);
      const created = response.body as { version: number };
      return json(response.statusCode, response.body, etag(created.version));
    },
    'GET /incidents': async (event) => {
      const caller = callerFrom(event);
      const { page, filter } = pagingOf(readQuery(event, IncidentListQuerySchema));
      return json(200, await listIncidents(deps, caller, filter, page));
    },
    'GET /incidents/{id}': async (event) => {
      const caller = callerFrom(event);
      const id = readPathId(event);
      readQuery(event, NoQuerySchema);
      const incident = await getIncident(deps, caller, id);
      return json(200, incident, etag(incident.version));
    },
    'GET /incidents/{id}/history': async (event) => {
      const caller = callerFrom(event);
      const id = readPathId(event);
      readQuery(event, NoQuerySchema);
      return json(200, { items: await incidentHistory(deps, caller, id) });
    },
    'GET /incidents/{id}/notifications': async (event) => {
      const caller = callerFrom(event);
      const id = readPathId(event);
      readQuery(event, NoQuerySchema);
      return json(200, { items: await incidentNotifications(deps, caller, id) });
    },
    'POST /incidents/{id}/transitions': async (event) => {
      const caller = callerFrom(event);
      const id = readPathId(event);
      const { body } = readBody(event, IncidentTransitionRequestSchema);
      const incident = await transitionIncident(deps, caller, id, body, readIfMatch(event));
      return json(200, incident, etag(incident.version));
    },
  };
}
