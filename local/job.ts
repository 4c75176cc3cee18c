// `npm run job -- NAME [--now ISO] [--week YYYY-Www] [--preview] [--from ISO --to ISO [--actor SUB]]`: runs one job now against the running
// local stack; the stream pump of `npm start` then sends whatever SMS it calls for (the sweeper sends
// its own here), and the weekly summary lands in aws-ses-v2-local.
import './environment.js';
import { parseArgs } from 'node:util';
import { localApiUrl, localDynamoDbEndpoint } from './aws-local.js';
import { divertFunctionLogs } from './function-logs.js';
import { LOCAL_JOBS, localStack } from './jobs.js';
import { exitWithError, requireRunningStack } from './running-stack.js';
import { readLocalSecrets } from './secrets.js';

async function main(): Promise<void> {
  const { positionals, values } = parseArgs({
    allowPositionals: true,
    options: {
      now: { type: 'string' },
      week: { type: 'string' },
      preview: { type: 'boolean' },
      from: { type: 'string' },
      to: { type: 'string' },
      actor: { type: 'string' },
    },
  });
  const [name] = positionals;
  const job = name ? LOCAL_JOBS[name] : undefined;
  if (!job)
    exitWithError(
      `Usage: npm run job -- ${Object.keys(LOCAL_JOBS).join('|')} [--now 2026-11-29T10:00:00Z] [--week 2026-W48] [--preview] [--from ISO --to ISO [--actor SUB]]`,
    );
  const now = values.now ? new Date(values.now) : new Date();
  if (Number.isNaN(now.getTime())) exitWithError('--now must be an ISO 8601 instant, like 2026-11-29T10:00:00Z');
  // The window as the audit records' keys compare it: canonical ISO instants.
  const instant = (name: 'from' | 'to') => {
    const given = values[name];
    if (given === undefined) return {};
    const parsed = new Date(given);
    if (Number.isNaN(parsed.getTime())) exitWithError(`--${name} must be an ISO 8601 instant, like 2026-11-29T10:00:00Z`);
    return { [name]: parsed.toISOString() };
  };

  await requireRunningStack();
  // The functions' log lines (the receipts of the SMS a sweep sends) go where npm start keeps them.
  divertFunctionLogs();
  const stack = localStack({
    endpoint: localDynamoDbEndpoint(),
    cursorSecret: readLocalSecrets().cursorSecret,
    ackBaseUrl: localApiUrl(),
    log: (line) => console.log(line),
  });
  const result = await job.run(stack, {
    now,
    preview: values.preview === true,
    ...(values.week ? { week: values.week } : {}),
    ...instant('from'),
    ...instant('to'),
    ...(values.actor ? { actor: values.actor } : {}),
  });
  console.log(`${name} at ${now.toISOString()}: ${JSON.stringify(result)}`);
}

main().catch((error: unknown) => exitWithError(`job failed: ${(error as Error).message}`));
