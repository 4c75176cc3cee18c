// The data-protection routes of the table (access log, audit records, legal holds, erasure, exports), each bound to its use case.
import { auditTrail } from '../../use-cases/audit.js';
import {
  eraseChild,
  eraseIncidentOnRequest,
  exportChild,
  exportIncident,
  incidentAccessLog,
  liftLegalHold,
  setLegalHold,
} from '../../use-cases/data-protection.js';
import type { Dependencies } from '../../use-cases/dependencies.js';
import { type BoundRoute, bind } from '../kit/route.js';
import { pagingOf } from '../queries.js';
import { ROUTE } from '../routes.js';

export function dataProtectionRoutes(deps: Dependencies): BoundRoute[] {
  return [
    bind(ROUTE.incidentAccessLog, ({ caller, params, query }) => incidentAccessLog(deps, caller, params.id, pagingOf(query).page)),
    bind(ROUTE.auditTrail, ({ query }) => {
      const { page, filter } = pagingOf(query);
      return auditTrail(deps, filter, page);
    }),
    bind(ROUTE.setLegalHold, ({ caller, params, body }) => setLegalHold(deps, caller, params.id, body)),
    bind(ROUTE.liftLegalHold, ({ caller, params }) => liftLegalHold(deps, caller, params.id)),
    bind(ROUTE.eraseIncident, ({ caller, params, body }) => eraseIncidentOnRequest(deps, caller, params.id, body.reason)),
    bind(ROUTE.exportIncident, ({ caller, params, via }) => exportIncident(deps, caller, params.id, via)),
    bind(ROUTE.exportChild, ({ caller, params, via }) => exportChild(deps, caller, params.childRef, via)),
    bind(ROUTE.eraseChild, ({ caller, params, body }) => eraseChild(deps, caller, params.childRef, body.reason)),
  ];
}
