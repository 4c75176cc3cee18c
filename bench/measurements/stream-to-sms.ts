// 3. Stream to SMS: reports written one after another while the local stream pump polls DynamoDB
// Local's real stream and invokes the notifier, whose SMS go to an outbox file in a temp directory.
// Per report: from the write's completion to its first SMS appended to the outbox.

import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { monotonicFactory } from 'ulid';
import { notifierDependencies } from '../../functions/alert-wiring.js';
import type { SmsSender } from '../../functions/domain/ports.js';
import { Created } from '../../functions/domain/results.js';
import { DEFAULT_RETENTION } from '../../functions/domain/retention.js';
import { IncidentReportSchema } from '../../functions/domain/schemas.js';
import { LOCAL_DLT_TEMPLATE_IDS } from '../../functions/domain/sms/templates.js';
import { callerFrom } from '../../functions/http/kit/caller.js';
import { createNotifierHandler } from '../../functions/stream/notifier-handler.js';
import type { Dependencies } from '../../functions/use-cases/dependencies.js';
import { reportIncident } from '../../functions/use-cases/incidents.js';
import { SmsOutbox } from '../../local/sms-outbox.js';
import { startStreamPump } from '../../local/stream-pump.js';
import { loadEvent } from '../../test/support/lambda.js';
import { seedProgramme } from '../../test/support/programme.js';
import { type BenchTable, withBenchTable } from '../support/local-dynamodb.js';
import { ms, type Section, target, verdict } from '../support/report.js';
import { percentile } from '../support/stats.js';

const REPORTS = 200;
/** Well above the notifier's time per incident here (see its column), so latency is measured, not a backlog. */
const SPACING_MS = 200;
const POLL_INTERVAL_MS = 250;
/** Past this, a report with no SMS yet counts as lost: the run ends and says so. */
const DEADLINE_MS = 30_000;
const P99_TARGET_MS = 1000;

/** Times the first SMS of each incident, once the outbox holds it. */
class FirstSmsClock implements SmsSender {
  readonly firstAt = new Map<string, number>();
  constructor(private readonly outbox: SmsSender) {}

  async send(message: Parameters<SmsSender['send']>[0]) {
    const result = await this.outbox.send(message);
    if (!this.firstAt.has(message.incidentId)) this.firstAt.set(message.incidentId, performance.now());
    return result;
  }
}

export function measureStreamToSms(): Promise<Section> {
  return withBenchTable('bench-stream-to-sms', measure);
}

async function measure(table: BenchTable): Promise<Section> {
  await seedProgramme(table.stores);
  const outboxDirectory = mkdtempSync(join(tmpdir(), 'suraksha-bench-outbox-'));
  const outboxPath = join(outboxDirectory, 'sms-outbox.jsonl');
  const sms = new FirstSmsClock(new SmsOutbox(outboxPath, () => undefined));
  const notifier = createNotifierHandler(
    notifierDependencies({ stores: table.stores, sms, ackBaseUrl: 'https://sk.example.in', dltTemplateIds: LOCAL_DLT_TEMPLATE_IDS }),
  );
  // How long the notifier is busy per incident: past one report per that long, a backlog builds up.
  const busy = { ms: 0, records: 0 };
  const pump = await startStreamPump({
    endpoint: table.endpoint,
    tableName: table.tableName,
    handler: async (event, context) => {
      const started = performance.now();
      try {
        return await notifier(event, context);
      } finally {
        busy.ms += performance.now() - started;
        busy.records += event.Records.length;
      }
    },
    intervalMs: POLL_INTERVAL_MS,
    log: (line) => console.error(line),
  });

  // The sample report and its volunteer, through the use case the incidents-write Lambda runs.
  const event = loadEvent('http/post-incident.json');
  const caller = callerFrom(event);
  const report = IncidentReportSchema.parse(JSON.parse(String(event.body)));
  const nextUlid = monotonicFactory();
  const deps: Dependencies = {
    ...table.stores,
    clock: () => new Date(),
    newId: (at) => nextUlid(at.getTime()),
    retention: DEFAULT_RETENTION,
  };

  const writtenAt = new Map<string, number>();
  try {
    for (let index = 0; index < REPORTS; index++) {
      const outcome = await reportIncident(deps, caller, report);
      if (!(outcome instanceof Created)) throw new Error('a report without an Idempotency-Key is always created');
      writtenAt.set(outcome.record.id, performance.now());
      await sleep(SPACING_MS);
    }
    const deadline = performance.now() + DEADLINE_MS;
    while (sms.firstAt.size < REPORTS && performance.now() < deadline) await sleep(50);
  } finally {
    await pump.stop();
  }
  const outboxLines = readFileSync(outboxPath, 'utf8').split('\n').filter(Boolean).length;
  rmSync(outboxDirectory, { recursive: true, force: true });

  const latencies = [...writtenAt].flatMap(([id, at]) => {
    const first = sms.firstAt.get(id);
    return first === undefined ? [] : [first - at];
  });
  if (latencies.length === 0) throw new Error(`no report got an SMS within ${DEADLINE_MS / 1000} s: is the stream pump reading?`);
  const missing = REPORTS - latencies.length;
  const p50 = percentile(latencies, 50);
  const p99 = missing > 0 ? Infinity : percentile(latencies, 99);
  const p99Target = target('stream to first SMS p99 ms', p99, P99_TARGET_MS, { strict: true });
  const targets = [p99Target];

  return {
    title: `3. Stream to SMS (${REPORTS} reports ${SPACING_MS} ms apart, pump polling every ${POLL_INTERVAL_MS} ms)`,
    columns: [
      'reports',
      'with an SMS',
      'SMS in outbox',
      'notifier ms / incident',
      'p50 ms',
      'p99 ms',
      'max ms',
      `p99 < ${P99_TARGET_MS} ms`,
    ],
    rows: [
      [
        String(REPORTS),
        String(latencies.length),
        String(outboxLines),
        ms(busy.ms / busy.records),
        ms(p50),
        ms(p99),
        ms(Math.max(...latencies)),
        verdict(p99Target.pass),
      ],
    ],
    notes: [
      'From the report transaction completing to the first SMS of that incident appended to the outbox: stream read, event filter, notifier (claims, template, outbox append).',
      'notifier ms / incident: its busy time per incident record at this pace. It takes one batch at a time, as deployed (one shard, parallelization 1): reports arriving faster than that queue up.',
      ...(missing > 0 ? [`${missing} report(s) had no SMS within ${DEADLINE_MS / 1000} s: p99 counts as infinite.`] : []),
    ],
    targets,
    figures: {
      reports: REPORTS,
      spacingMs: SPACING_MS,
      pollIntervalMs: POLL_INTERVAL_MS,
      outboxLines,
      notifierMsPerIncident: busy.ms / busy.records,
      p50,
      p99,
      latencies,
    },
  };
}
