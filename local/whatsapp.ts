// `npm run whatsapp -- --from +9190000000NN (--text "..." | --list ID | --button ID | --ack | --image)`:
// writes to the programme's WhatsApp number as that phone would. The message is wrapped in the SNS
// notification End User Messaging Social delivers (Meta's webhook entry inside) and fed to the same
// handler as in AWS, against the running local stack; the replies print here (`WA → …`) and go to
// .local/whatsapp-outbox.jsonl. `--ack` taps Acknowledge on the last alert sent to that number.
// `npm run whatsapp -- --templates` prints every template as it is submitted to Meta for review.
import './environment.js';
import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { PhoneSchema } from '../functions/domain/schemas.js';
import { DEFAULT_WHATSAPP_TEMPLATE_NAMES, SMS_TEMPLATE_IDS, whatsAppTemplateSubmission } from '../functions/domain/sms/templates.js';
import { LANGUAGES } from '../functions/domain/vocabulary.js';
import { lambdaContext } from './api-gateway/lambda-context.js';
import { localApiUrl, localDynamoDbEndpoint } from './aws-local.js';
import { divertFunctionLogs } from './function-logs.js';
import { localStack } from './jobs.js';
import { exitWithError, requireRunningStack } from './running-stack.js';
import { readLocalSecrets } from './secrets.js';
import { inboundEvent, type LocalInbound } from './whatsapp-events.js';
import { LOCAL_WHATSAPP_OUTBOX_PATH, type WhatsAppOutboxEntry } from './whatsapp-outbox.js';

const USAGE = 'Usage: npm run whatsapp -- --from +9190000000NN (--text "..." | --list ID | --button ID | --ack | --image), or --templates';

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      from: { type: 'string' },
      text: { type: 'string' },
      list: { type: 'string' },
      button: { type: 'string' },
      ack: { type: 'boolean' },
      image: { type: 'boolean' },
      templates: { type: 'boolean' },
    },
  });
  if (values.templates) {
    const submissions = SMS_TEMPLATE_IDS.flatMap((id) =>
      LANGUAGES.map((language) => whatsAppTemplateSubmission(id, language, DEFAULT_WHATSAPP_TEMPLATE_NAMES)),
    );
    console.log(JSON.stringify(submissions, null, 2));
    return;
  }
  const from = PhoneSchema.safeParse(values.from);
  if (!from.success) exitWithError(`${USAGE}\n--from must be an E.164 mobile number like +919000000003`);
  const given = [values.text !== undefined, values.list !== undefined, values.button !== undefined, values.ack, values.image].filter(
    Boolean,
  );
  if (given.length !== 1) exitWithError(`${USAGE}\nSay exactly one thing.`);

  await requireRunningStack();
  // The functions' log lines go where npm start keeps them: this console shows the conversation.
  divertFunctionLogs();
  const inbound: LocalInbound =
    values.text !== undefined
      ? { text: values.text }
      : values.list !== undefined
        ? { list: values.list }
        : values.button !== undefined
          ? { button: values.button }
          : values.ack
            ? await lastAlertTo(from.data)
            : { image: true };
  const stack = localStack({
    endpoint: localDynamoDbEndpoint(),
    cursorSecret: readLocalSecrets().cursorSecret,
    ackBaseUrl: localApiUrl(),
    log: (line) => console.log(line),
  });
  const summary = await stack.whatsAppEvents(inboundEvent(from.data, inbound, new Date()), lambdaContext('whatsapp-events'));
  console.log(`whatsapp from …${from.data.slice(-4)}: ${JSON.stringify(summary)}`);
}

/** A tap on the Acknowledge button of the last alert this number was sent (from the local outbox). */
async function lastAlertTo(phone: string): Promise<LocalInbound> {
  const lines = await readFile(LOCAL_WHATSAPP_OUTBOX_PATH, 'utf8').catch(() => '');
  const entries = lines
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as WhatsAppOutboxEntry);
  for (const entry of entries.reverse()) {
    if (entry.to !== phone || entry.message.type !== 'template') continue;
    const button = entry.message.template.components.find((component) => component.type === 'button');
    const payload = button?.type === 'button' ? button.parameters[0]?.payload : undefined;
    if (payload) return { quickReply: payload, repliesTo: entry.metaMessageId };
  }
  return exitWithError(`No WhatsApp alert with an Acknowledge button was sent to …${phone.slice(-4)} (see ${LOCAL_WHATSAPP_OUTBOX_PATH}).`);
}

main().catch((error: unknown) => exitWithError(`whatsapp: ${(error as Error).message}`));
