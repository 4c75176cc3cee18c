// One-off, after a stack deployed before data protection is upgraded: dates its closed incidents'
// erasure and lists its linkages under their child (functions/adapters/table/data-protection-migration.ts).
// With the deploying account's credentials, and the stack's retention schedule if it sets one:
// TABLE_NAME=<the stack's DataTable> AWS_REGION=ap-south-1 npx tsx bin/migrate-data-protection.ts
// Locally the same runs as `npm run job -- migrate-data-protection`.
import { randomBytes } from 'node:crypto';
import { createDocumentClient } from '../functions/adapters/dynamodb/client.js';
import { DynamoDbTable } from '../functions/adapters/dynamodb/dynamodb-table.js';
import { migrateDataProtection } from '../functions/adapters/table/data-protection-migration.js';
import { tableStores } from '../functions/adapters/table/stores.js';
import { requiredEnvironment } from '../functions/observability/environment.js';
import { retentionSchedule } from '../functions/settings.js';
import { allVillageIds } from '../functions/use-cases/dependencies.js';

const table = new DynamoDbTable({ client: createDocumentClient(), tableName: requiredEnvironment('TABLE_NAME') });
// Listing villages needs a cursor secret; the cursors never leave this process.
const { directory } = tableStores(table, { cursorSecret: randomBytes(24).toString('base64url') });
const run = await migrateDataProtection(table, await allVillageIds(directory), retentionSchedule());
console.log(`dated the erasure of ${run.dated} closed incident(s); listed ${run.indexed} linkage(s) under their child`);
