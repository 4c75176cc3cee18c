// The incident routes of the table, each bound to its use case.
import type { Dependencies } from '../../use-cases/dependencies.js';
import {
  getIncident,
  incidentHistory,
  incidentNotifications,
  listIncidents,
  reportIncident,
  transitionIncident,
} from '../../use-cases/incidents.js';
import { type BoundRoute, bind } from '../kit/route.js';
import { pagingOf } from '../queries.js';
import { ROUTE } from '../routes.js';

export function incidentRoutes(deps: Dependencies): BoundRoute[] {
  return [
    bind(ROUTE.reportIncident, ({ caller, body, idempotency }) => reportIncident(deps, caller, body, idempotency)),
    bind(ROUTE.listIncidents, ({ caller, query }) => {
      const { page, filter } = pagingOf(query);
      return listIncidents(deps, caller, filter, page);
    }),
    bind(ROUTE.getIncident, ({ caller, params }) => getIncident(deps, caller, params.id)),
    bind(ROUTE.incidentHistory, async ({ caller, params }) => ({ items: await incidentHistory(deps, caller, params.id) })),
    bind(ROUTE.incidentNotifications, async ({ caller, params }) => ({ items: await incidentNotifications(deps, caller, params.id) })),
    bind(ROUTE.transitionIncident, ({ caller, params, body, ifMatch }) => transitionIncident(deps, caller, params.id, body, ifMatch)),
  ];
}
