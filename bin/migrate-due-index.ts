// One-off, after a stack deployed from the first release is upgraded: moves the open incidents it
// wrote onto the sharded due index (functions/adapters/table/legacy-due-index.ts). With the deploying
// account's credentials: TABLE_NAME=<the stack's DataTable> AWS_REGION=ap-south-1 npx tsx bin/migrate-due-index.ts
// Locally the same runs as `npm run job -- migrate-due-index`.
import { randomBytes } from 'node:crypto';
import { createDocumentClient } from '../functions/adapters/dynamodb/client.js';
import { DynamoDbTable } from '../functions/adapters/dynamodb/dynamodb-table.js';
import { migrateLegacyDueIndex } from '../functions/adapters/table/legacy-due-index.js';
import { tableStores } from '../functions/adapters/table/stores.js';
import { requiredEnvironment } from '../functions/observability/environment.js';
import { allVillageIds } from '../functions/use-cases/dependencies.js';

const table = new DynamoDbTable({ client: createDocumentClient(), tableName: requiredEnvironment('TABLE_NAME') });
// Listing villages needs a cursor secret; the cursors never leave this process.
const { directory } = tableStores(table, { cursorSecret: randomBytes(24).toString('base64url') });
const moved = await migrateLegacyDueIndex(table, await allVillageIds(directory));
console.log(`moved ${moved} open incident(s) onto the sharded due index`);
