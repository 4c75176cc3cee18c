// Lambda entry point of the escalation job (EventBridge schedule, every 5 minutes).
import { createDocumentClient } from '../adapters/dynamodb/client.js';
import { DynamoDbStore } from '../adapters/dynamodb/dynamodb-store.js';
import { requiredEnvironment } from '../observability/environment.js';
import { createEscalationHandler } from './escalation-handler.js';

export const handler = createEscalationHandler(
  new DynamoDbStore({
    client: createDocumentClient(),
    tableName: requiredEnvironment('TABLE_NAME'),
    cursorSecret: requiredEnvironment('CURSOR_SECRET'),
  }),
);
