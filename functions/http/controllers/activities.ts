// The meeting and service-linkage routes of the table, each bound to its use case.
import {
  createLinkage,
  getLinkage,
  listLinkages,
  listMeetings,
  recordMeeting,
  transitionLinkage,
  withdrawConsent,
} from '../../use-cases/activities.js';
import type { Dependencies } from '../../use-cases/dependencies.js';
import { type BoundRoute, bind } from '../kit/route.js';
import { pagingOf } from '../queries.js';
import { ROUTE } from '../routes.js';

export function activityRoutes(deps: Dependencies): BoundRoute[] {
  return [
    bind(ROUTE.recordMeeting, ({ caller, body, idempotency }) => recordMeeting(deps, caller, body, idempotency)),
    bind(ROUTE.listMeetings, ({ caller, query }) => {
      const { page, filter } = pagingOf(query);
      return listMeetings(deps, caller, filter, page);
    }),
    bind(ROUTE.createLinkage, ({ caller, body, idempotency }) => createLinkage(deps, caller, body, idempotency)),
    bind(ROUTE.listLinkages, ({ caller, query, via }) => {
      const { page, filter } = pagingOf(query);
      return listLinkages(deps, caller, filter, page, via);
    }),
    bind(ROUTE.getLinkage, ({ caller, params, via }) => getLinkage(deps, caller, params.id, via)),
    bind(ROUTE.transitionLinkage, ({ caller, params, body, ifMatch }) => transitionLinkage(deps, caller, params.id, body, ifMatch)),
    bind(ROUTE.withdrawConsent, ({ caller, params, body }) => withdrawConsent(deps, caller, params.id, body)),
  ];
}
