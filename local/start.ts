// `npm start`: the whole backend on this machine, offline, bound to 127.0.0.1.
// `npm start -- --fresh` starts from an empty database. Ctrl-C stops everything.

import './environment.js';
import { rmSync } from 'node:fs';
import { join, relative } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { createNotifierHandler } from '../functions/stream/notifier-handler.js';
import {
  LOCAL_CREDENTIALS,
  LOCAL_REGION,
  LOCAL_STATE_DIRECTORY,
  LOCAL_TABLE_NAME,
  localApiPort,
  localApiUrl,
  localDynamoDbPort,
} from './aws-local.js';
import { localCoordinatorPhone } from './demo-programme.js';
import { startDevServer } from './dev-server.js';
import { startDynamoDbLocal } from './dynamodb/dynamodb-local.js';
import { hasUsableJava, JAVA_MISSING } from './dynamodb/java.js';
import { ensureTable } from './dynamodb/table.js';
import { LOCAL_EMAIL_DIRECTORY, replayKeptEmails } from './email-outbox.js';
import { divertFunctionLogs, LOCAL_FUNCTION_LOG_PATH } from './function-logs.js';
import { localStack, startScheduler } from './jobs.js';
import { exitWithError, requireFreePorts } from './running-stack.js';
import { loadOrCreateLocalSecrets } from './secrets.js';
import { localSesMailer, startSesLocal } from './ses-local.js';
import { LOCAL_SMS_OUTBOX_PATH } from './sms-outbox.js';
import { startStreamPump } from './stream-pump.js';
import { LOCAL_WHATSAPP_OUTBOX_PATH } from './whatsapp-outbox.js';

/** What is running, stopped in reverse order on Ctrl-C or when a later piece fails to start. */
const running: (() => Promise<void>)[] = [];
const stopAll = async () => {
  for (const stop of running.reverse()) await stop();
};

async function main(): Promise<void> {
  if (!hasUsableJava()) exitWithError(JAVA_MISSING);
  await requireFreePorts();
  divertFunctionLogs();
  const dbPath = join(LOCAL_STATE_DIRECTORY, 'ddb');
  const checkpointPath = join(LOCAL_STATE_DIRECTORY, 'stream-checkpoints.json');
  if (process.argv.includes('--fresh')) {
    // Everything local together: the data (the weekly claims with it), where the stream was read to,
    // the SMS, WhatsApp messages and emails sent from it, and the functions' log lines about it.
    const local = [
      dbPath,
      checkpointPath,
      LOCAL_SMS_OUTBOX_PATH,
      LOCAL_WHATSAPP_OUTBOX_PATH,
      LOCAL_EMAIL_DIRECTORY,
      LOCAL_FUNCTION_LOG_PATH,
    ];
    for (const path of local) rmSync(path, { recursive: true, force: true });
  }

  const dynamo = await startDynamoDbLocal({ port: localDynamoDbPort(), dbPath });
  running.push(dynamo.stop);
  const client = new DynamoDBClient({ endpoint: dynamo.endpoint, region: LOCAL_REGION, credentials: LOCAL_CREDENTIALS });
  await ensureTable(client, LOCAL_TABLE_NAME);
  client.destroy();

  const secrets = loadOrCreateLocalSecrets();
  // The stream side first, so that no report is accepted before the pump reads the stream: the
  // notifier on DynamoDB Local's stream, its SMS in the outbox and on this console.
  const stack = localStack({
    endpoint: dynamo.endpoint,
    cursorSecret: secrets.cursorSecret,
    ackBaseUrl: localApiUrl(),
    log: (line) => console.log(line),
  });
  const pump = await startStreamPump({
    endpoint: dynamo.endpoint,
    tableName: LOCAL_TABLE_NAME,
    handler: createNotifierHandler(stack.notifier),
    // Durable, so that a restart (or a kill) resumes after the last batch the notifier accepted.
    checkpointPath,
  });
  running.push(pump.stop);

  const api = await startDevServer({
    port: localApiPort(),
    jwtKey: secrets.jwtKey,
    env: {
      TABLE_NAME: LOCAL_TABLE_NAME,
      CURSOR_SECRET: secrets.cursorSecret,
      DYNAMODB_ENDPOINT: dynamo.endpoint,
      AWS_REGION: LOCAL_REGION,
      AWS_ACCESS_KEY_ID: LOCAL_CREDENTIALS.accessKeyId,
      AWS_SECRET_ACCESS_KEY: LOCAL_CREDENTIALS.secretAccessKey,
      // The acknowledgement pages offer to call the demo programme's coordinator (`npm run seed`).
      COORDINATOR_PHONE: localCoordinatorPhone(),
    },
  });
  running.push(api.close);

  const ses = await startSesLocal();
  running.push(ses.stop);
  // aws-ses-v2-local forgets on restart: the emails sent before are shown again.
  const replayed = await replayKeptEmails(localSesMailer(ses.endpoint));
  running.push(startScheduler(stack, (line) => console.log(line)));

  console.log(`Suraksha is running (Ctrl-C stops it)
  API             ${api.url}   GET /health, GET /openapi.json
  DynamoDB Local  ${dynamo.endpoint}   table ${LOCAL_TABLE_NAME}, data in ${relative(process.cwd(), dbPath)}
  SMS             printed here and appended to ${relative(process.cwd(), LOCAL_SMS_OUTBOX_PATH)};
                  each one's delivery receipt comes back a second later (delivered, or undelivered for
                  the numbers or suffixes in SMS_LOCAL_UNDELIVERED, e.g. SMS_LOCAL_UNDELIVERED=0012,0013)
  WhatsApp        to contacts who opted in: printed here (WA → ...) and appended to ${relative(process.cwd(), LOCAL_WHATSAPP_OUTBOX_PATH)};
                  delivered a second later, except to the numbers in WHATSAPP_LOCAL_UNDELIVERED (those get the SMS
                  when the failover time passes); npm run whatsapp -- --from +91... --text "hi" writes to the NGO's number
  Function logs   ${relative(process.cwd(), LOCAL_FUNCTION_LOG_PATH)}   one JSON line each (job runs, receipts' counts), as CloudWatch
                  Logs holds them in AWS: tail -f it to watch; warnings and errors also show here
  SES (emails)    ${ses.endpoint}   the page lists every email sent; GET /store answers them as JSON;
                  each is kept in ${relative(process.cwd(), LOCAL_EMAIL_DIRECTORY)}/ too (${replayed} shown again from there)
  Jobs            sweep and escalate every minute, week-close Mondays 00:05 IST, weekly-summary Mondays 09:00 IST,
                  retention daily 02:30 IST;
                  npm run job -- sweep | escalate | retention | week-close [--now ISO] | weekly-summary [--week YYYY-Www] [--preview] runs one now,
                  npm run job -- breach-scope --from ISO --to ISO [--actor SUB] lists what the audit records say was read

Next, in another terminal:
  npm run seed                                             # the demo programme: 5 villages and their contacts
  TOKEN=$(npm run --silent token -- --role coordinator)
  curl -s -H "Authorization: Bearer $TOKEN" ${api.url}/villages
`);
}

async function shutdown(): Promise<void> {
  console.log('\nStopping Suraksha...');
  await stopAll();
  process.exit(0);
}
// `once`: a second Ctrl-C falls back to Node's default and quits at once.
process.once('SIGINT', shutdown);
process.once('SIGTERM', shutdown);

main().catch(async (error: unknown) => {
  await stopAll();
  const inUse = (error as NodeJS.ErrnoException).code === 'EADDRINUSE';
  exitWithError(inUse ? `Port ${localApiPort()} is in use: stop what holds it or set PORT` : String((error as Error).message ?? error));
});
