// Settings shared by everything that talks to the local stack. Its DynamoDB Local shares one database
// (-sharedDb) whatever a client signs with; these fake credentials are what local clients sign with.
// (The tests' DynamoDB Local keeps a database per key instead: each test file signs with its own.)
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const LOCAL_REGION = 'ap-south-1';
export const LOCAL_CREDENTIALS = { accessKeyId: 'local', secretAccessKey: 'local' } as const;
export const LOCAL_HOST = '127.0.0.1';
export const LOCAL_TABLE_NAME = 'suraksha-local';
/** Local state (database files, secrets, SMS outbox) lives in the repository's .local/, never committed. */
export const LOCAL_STATE_DIRECTORY = join(dirname(fileURLToPath(import.meta.url)), '..', '.local');

export function localPort(variable: string, fallback: number): number {
  const raw = process.env[variable];
  if (raw === undefined || raw === '') return fallback;
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    throw new Error(`${variable} must be a TCP port number (1-65535)`);
  }
  return port;
}

/** Where `npm start` serves the API, and where `npm run token`, `seed` and `job` look for it. */
export const localApiPort = () => localPort('PORT', 3000);
export const localApiUrl = () => `http://${LOCAL_HOST}:${localApiPort()}`;

/** Where `npm start` runs DynamoDB Local. */
export const localDynamoDbPort = () => localPort('DDB_PORT', 8000);
export const localDynamoDbEndpoint = () => `http://${LOCAL_HOST}:${localDynamoDbPort()}`;
