// The local stream pump and the notifier in a process of their own, so that a test or the bench can
// kill -9 it mid-burst: `node --import tsx test/support/pump-process.ts` with DYNAMODB_ENDPOINT,
// TABLE_NAME, AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, CHECKPOINT_PATH and OUTBOX_PATH set
// (BATCH_SIZE optional). It prints `reading` once the pump reads; on a `drain` line on stdin it
// waits until the stream is read and prints `drained <records handed to the notifier so far>`.
import { createInterface } from 'node:readline';
import { createDocumentClient } from '../../functions/adapters/dynamodb/client.js';
import { notifierDependencies } from '../../functions/alert-wiring.js';
import { LOCAL_DLT_TEMPLATE_IDS } from '../../functions/domain/sms/templates.js';
import { createNotifierHandler } from '../../functions/stream/notifier-handler.js';
import { dynamoDbStores } from '../../functions/wiring.js';
import { LOCAL_REGION } from '../../local/aws-local.js';
import { SmsOutbox } from '../../local/sms-outbox.js';
import { startStreamPump } from '../../local/stream-pump.js';
import { required } from './required.js';

const setting = (name: string) => required(process.env[name], `the environment variable ${name}`);
const endpoint = setting('DYNAMODB_ENDPOINT');
const tableName = setting('TABLE_NAME');
// Handed over by the parent (pump-child.ts): a test file's tables are in the database of its own key.
const credentials = { accessKeyId: setting('AWS_ACCESS_KEY_ID'), secretAccessKey: setting('AWS_SECRET_ACCESS_KEY') };

const stores = dynamoDbStores({
  client: createDocumentClient({ endpoint, region: LOCAL_REGION, credentials }),
  tableName,
  cursorSecret: 'pump-process-cursor-secret-0123456789',
});
const notifier = createNotifierHandler(
  notifierDependencies({
    stores,
    sms: new SmsOutbox(setting('OUTBOX_PATH'), () => undefined),
    ackBaseUrl: 'https://sk.example.in',
    dltTemplateIds: LOCAL_DLT_TEMPLATE_IDS,
  }),
);
let handedOver = 0;
const pump = await startStreamPump({
  endpoint,
  tableName,
  credentials,
  checkpointPath: setting('CHECKPOINT_PATH'),
  intervalMs: 50,
  batchSize: Number(process.env.BATCH_SIZE ?? 100),
  handler: (event, context) => {
    handedOver += event.Records.length;
    return notifier(event, context);
  },
  log: (line) => process.stderr.write(`${line}\n`),
});
process.stdout.write('reading\n');

createInterface({ input: process.stdin }).on('line', (line) => {
  if (line.trim() !== 'drain') return;
  pump.drain().then(
    () => process.stdout.write(`drained ${handedOver}\n`),
    (error: unknown) => process.stderr.write(`drain failed: ${String(error)}\n`),
  );
});
process.once('SIGTERM', () => {
  pump.stop().then(
    () => process.exit(0),
    () => process.exit(1),
  );
});
