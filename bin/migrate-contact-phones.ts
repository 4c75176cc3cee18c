// One-off, after a stack deployed before WhatsApp is upgraded: gives every contact its phone reference
// (and rewrites its per-village copies, which changes nothing), so that a WhatsApp message finds who
// sent it. With the deploying account's credentials:
// TABLE_NAME=<the stack's DataTable> AWS_REGION=ap-south-1 npx tsx bin/migrate-contact-phones.ts
// Locally the same runs as `npm run job -- migrate-contact-phones`.
import { randomBytes } from 'node:crypto';
import { createDocumentClient } from '../functions/adapters/dynamodb/client.js';
import { DynamoDbTable } from '../functions/adapters/dynamodb/dynamodb-table.js';
import { tableStores } from '../functions/adapters/table/stores.js';
import { requiredEnvironment } from '../functions/observability/environment.js';
import { resyncEveryContact } from '../functions/use-cases/directory.js';

const table = new DynamoDbTable({ client: createDocumentClient(), tableName: requiredEnvironment('TABLE_NAME') });
// Listing contacts needs a cursor secret; the cursors never leave this process.
const { directory } = tableStores(table, { cursorSecret: randomBytes(24).toString('base64url') });
console.log(`gave ${await resyncEveryContact(directory)} contact(s) their phone reference`);
