// `npm run --silent token -- --role ROLE [--villages v1,v2] [--contact ID] [--sub ID]`: prints a token
// the running local stack accepts, with the claims a Cognito ID token would carry.
import './environment.js';
import { parseArgs } from 'node:util';
import { RoleSchema, UlidSchema, VillageIdSchema } from '../functions/domain/schemas.js';
import { ROLES } from '../functions/domain/vocabulary.js';
import { type LocalIdentity, mintLocalToken } from './auth/local-tokens.js';
import { exitWithError, requireRunningStack } from './running-stack.js';
import { readLocalSecrets } from './secrets.js';

const USAGE = 'usage: npm run --silent token -- --role ROLE [--villages v1,v2] [--contact ULID] [--sub ID]';

function identityFrom(args: string[]): LocalIdentity {
  const { values } = parseArgs({
    args,
    options: { role: { type: 'string' }, villages: { type: 'string' }, contact: { type: 'string' }, sub: { type: 'string' } },
  });
  const role = RoleSchema.safeParse(values.role);
  if (!role.success) throw new Error(`--role must be one of ${ROLES.join(', ')} (${USAGE})`);
  const villages = values.villages?.split(',').map((id) => id.trim()) ?? [];
  if (!villages.every((id) => VillageIdSchema.safeParse(id).success)) {
    throw new Error('--villages must be village ids like v-hingalganj-1, separated by commas');
  }
  if (values.contact !== undefined && !UlidSchema.safeParse(values.contact).success) {
    throw new Error('--contact must be a contact id (a ULID like 01JD3M6X6W0000000000000000)');
  }
  if (values.sub !== undefined && values.sub.trim() === '') throw new Error('--sub must not be empty');
  return {
    role: role.data,
    villages,
    ...(values.contact ? { contactId: values.contact } : {}),
    ...(values.sub ? { sub: values.sub } : {}),
  };
}

async function main(): Promise<void> {
  const identity = identityFrom(process.argv.slice(2));
  await requireRunningStack();
  console.log(await mintLocalToken(identity, readLocalSecrets().jwtKey));
}

main().catch((error: unknown) => exitWithError(`token: ${error instanceof Error ? error.message : String(error)}`));
