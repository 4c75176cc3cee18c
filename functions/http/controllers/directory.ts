// The directory routes of the table (villages and contacts), each bound to its use case.

import { villageCoverage } from '../../use-cases/coverage.js';
import type { Dependencies } from '../../use-cases/dependencies.js';
import { createContact, listContacts, listVillages, patchContact, putVillage } from '../../use-cases/directory.js';
import { type BoundRoute, bind } from '../kit/route.js';
import { pagingOf } from '../queries.js';
import { ROUTE } from '../routes.js';

export function directoryRoutes(deps: Dependencies): BoundRoute[] {
  return [
    bind(ROUTE.putVillage, ({ params, body }) => putVillage(deps, params.villageId, body)),
    bind(ROUTE.villageCoverage, ({ params }) => villageCoverage(deps, params.villageId)),
    bind(ROUTE.listVillages, ({ query }) => listVillages(deps, pagingOf(query).page)),
    bind(ROUTE.createContact, ({ caller, body, idempotency }) => createContact(deps, caller, body, idempotency)),
    bind(ROUTE.listContacts, ({ query }) => {
      const { page, filter } = pagingOf(query);
      return listContacts(deps, filter, page);
    }),
    bind(ROUTE.patchContact, ({ params, body, ifMatch }) => patchContact(deps, params.id, body, ifMatch)),
  ];
}
