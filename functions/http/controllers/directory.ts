// HTTP ↔ use case for the directory: villages and contacts.
import { ContactInputSchema, ContactPatchSchema, VillageIdSchema, VillageInputSchema } from '../../domain/schemas.js';
import type { Dependencies } from '../../use-cases/dependencies.js';
import { createContact, listContacts, listVillages, patchContact, putVillage } from '../../use-cases/directory.js';
import { callerFrom } from '../kit/caller.js';
import { etag, json, type RouteHandler } from '../kit/http-handler.js';
import { optionalIfMatch, readBody, readCreateRequest, readPathId, readPathParameter, readQuery } from '../kit/request.js';
import { ContactListQuerySchema, NoQuerySchema, PlainListQuerySchema, pagingOf } from '../queries.js';

export function directoryRoutes(deps: Dependencies): Record<string, RouteHandler> {
  return {
    'PUT /villages/{villageId}': async (event) => {
      const caller = callerFrom(event);
      const id = readPathParameter(event, 'villageId', VillageIdSchema);
      const { body } = readBody(event, VillageInputSchema);
      const { created, village } = await putVillage(deps, caller, id, body);
      return json(created ? 201 : 200, village);
    },
    'GET /villages': async (event) => {
      const caller = callerFrom(event);
      const { page } = pagingOf(readQuery(event, PlainListQuerySchema));
      return json(200, await listVillages(deps, caller, page));
    },
    'POST /contacts': async (event) => {
      const caller = callerFrom(event);
      const { body, idempotency } = readCreateRequest(event, ContactInputSchema);
      const response = await createContact(deps, caller, body, idempotency);
      return json(response.statusCode, response.body, etag((response.body as { version: number }).version));
    },
    'GET /contacts': async (event) => {
      const caller = callerFrom(event);
      const { page, filter } = pagingOf(readQuery(event, ContactListQuerySchema));
      return json(200, await listContacts(deps, caller, filter, page));
    },
    'PATCH /contacts/{id}': async (event) => {
      const caller = callerFrom(event);
      const id = readPathId(event);
      readQuery(event, NoQuerySchema);
      const { body } = readBody(event, ContactPatchSchema);
      const contact = await patchContact(deps, caller, id, body, optionalIfMatch(event));
      return json(200, contact, etag(contact.version));
    },
  };
}
