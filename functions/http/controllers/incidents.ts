// The incident routes of the table, each bound to its use case.
import { Created } from '../../domain/results.js';
import type { Dependencies } from '../../use-cases/dependencies.js';
import {
  addNote,
  correctIncident,
  getIncident,
  incidentHistory,
  incidentNotifications,
  listIncidents,
  recordDuty,
  reportIncident,
  transitionIncident,
} from '../../use-cases/incidents.js';
import { type BoundRoute, bind } from '../kit/route.js';
import { pagingOf } from '../queries.js';
import { ROUTE } from '../routes.js';

export function incidentRoutes(deps: Dependencies): BoundRoute[] {
  return [
    bind(ROUTE.reportIncident, ({ caller, body, idempotency }) => reportIncident(deps, caller, body, idempotency)),
    bind(ROUTE.listIncidents, ({ caller, query, via }) => {
      const { page, filter } = pagingOf(query);
      return listIncidents(deps, caller, filter, page, via);
    }),
    bind(ROUTE.getIncident, ({ caller, params, via }) => getIncident(deps, caller, params.id, via)),
    bind(ROUTE.incidentHistory, async ({ caller, params, via }) => ({ items: await incidentHistory(deps, caller, params.id, via) })),
    bind(ROUTE.incidentNotifications, async ({ caller, params, via }) => ({
      items: await incidentNotifications(deps, caller, params.id, via),
    })),
    bind(ROUTE.transitionIncident, ({ caller, params, body, ifMatch }) => transitionIncident(deps, caller, params.id, body, ifMatch)),
    bind(ROUTE.correctIncident, ({ caller, params, body, ifMatch }) => correctIncident(deps, caller, params.id, body, ifMatch)),
    bind(ROUTE.addIncidentNote, async ({ caller, params, body }) => new Created(await addNote(deps, caller, params.id, body.note))),
    bind(ROUTE.recordDuty, ({ caller, params, body, ifMatch }) => recordDuty(deps, caller, params.id, params.dutyId, body, ifMatch)),
  ];
}
