// 2. API overhead beyond I/O: POST /incidents and GET /incidents/{id} through their Lambda handlers
// in-process, each interleaved with the same DynamoDB calls issued directly (the caller's standing and
// the read's audit record included), against the same DynamoDB Local table.
import { randomUUID } from 'node:crypto';
import { monotonicFactory } from 'ulid';
import { auditItem } from '../../functions/adapters/table/items.js';
import { DEFAULT_RETENTION } from '../../functions/domain/retention.js';
import { bodyHash } from '../../functions/http/kit/request.js';
import { httpEvent, lambdaContext } from '../../test/support/lambda.js';
import { seedProgramme } from '../../test/support/programme.js';
import { required } from '../../test/support/required.js';
import { directRead, directReport, type ReportTemplate } from '../api/direct-report.js';
import { type DynamoDbCall, operationOf, recordCalls } from '../support/dynamodb-calls.js';
import { type BenchTable, withBenchTable } from '../support/local-dynamodb.js';
import { ms, ratio, type Section, target, verdict } from '../support/report.js';
import { percentile } from '../support/stats.js';

const WARM_UP = 30;
/** Per side and route: enough for a p99 that is not one sample's. */
const REQUESTS = 2_000;
const RATIO_TARGET = 1.2;

/** A round trip as compared between the two sides: the operation, its index, a transaction's size. */
function roundTrip(call: DynamoDbCall): string {
  const operation = operationOf(call);
  const { input } = call;
  if ('IndexName' in input && input.IndexName) return `${operation} on ${input.IndexName}`;
  if ('TransactItems' in input && input.TransactItems) return `${operation} (${input.TransactItems.length} items)`;
  return operation;
}

/** Round trips per request, by kind: `{ 'GetItem': 1, 'Query on lookup': 4, ... }`. */
function perRequest(requests: readonly DynamoDbCall[][]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const call of requests.flat()) counts[roundTrip(call)] = (counts[roundTrip(call)] ?? 0) + 1;
  return Object.fromEntries(Object.entries(counts).map(([kind, count]) => [kind, count / requests.length]));
}

const describe = (counts: Record<string, number>) =>
  Object.entries(counts)
    .map(([kind, count]) => `${kind} x${Number(count.toFixed(2))}`)
    .join(', ');

export function measureApiOverhead(): Promise<Section> {
  return withBenchTable('bench-api-overhead', measure);
}

interface Comparison {
  name: string;
  samples: Record<Side, number[]>;
  calls: Record<Side, DynamoDbCall[][]>;
}
type Side = 'handler' | 'direct';

/** The two sides one after the other, `REQUESTS` times, alternating which goes first so neither always follows the other's writes. */
async function compare(name: string, sides: Record<Side, () => Promise<unknown>>): Promise<Comparison> {
  const samples: Record<Side, number[]> = { handler: [], direct: [] };
  const calls: Record<Side, DynamoDbCall[][]> = { handler: [], direct: [] };
  for (let round = 0; round < WARM_UP + REQUESTS; round++) {
    const order = round % 2 === 0 ? (['handler', 'direct'] as const) : (['direct', 'handler'] as const);
    for (const side of order) {
      const started = performance.now();
      const recorded = await recordCalls(sides[side]);
      const elapsed = performance.now() - started;
      if (round < WARM_UP) continue;
      samples[side].push(elapsed);
      calls[side].push(recorded.calls);
    }
  }
  return { name, samples, calls };
}

async function measure(table: BenchTable): Promise<Section> {
  await seedProgramme(table.stores);
  // Imported only now: the modules build their stores from the environment at import, as in Lambda.
  const { handler: write } = await import('../../functions/http/incidents-write.js');
  const { handler: read } = await import('../../functions/http/incidents-read.js');

  const reportEvent = () => httpEvent('http/post-incident.json', { headers: { 'idempotency-key': randomUUID() } });
  const report = async () => {
    const result = await write(reportEvent(), lambdaContext('incidents-write'));
    if (result.statusCode !== 201) throw new Error(`POST /incidents answered ${result.statusCode}: ${result.body}`);
    return JSON.parse(String(result.body)) as { id: string } & Record<string, unknown>;
  };

  // The handler's first report is the template the direct calls copy, so both write the same records.
  const first = await report();
  const event = reportEvent();
  const template: ReportTemplate = {
    incident: required(await table.stores.incidents.get(first.id), "the first report's incident"),
    history: required((await table.stores.incidents.history(first.id))[0], "the first report's history entry"),
    answer: first,
    callerSub: String(event.requestContext.authorizer.jwt.claims.sub),
    bodyHash: bodyHash(JSON.parse(String(event.body))),
  };
  const directReportOf = directReport(table.client, table.tableName, template);

  // The read: the panchayat (GET's sample event) reads the first report, routed to it.
  const readEvent = httpEvent('http/get-incident.json', { id: first.id });
  const reader = String(readEvent.requestContext.authorizer.jwt.claims['custom:contactId']);
  const readIncident = async () => {
    const result = await read(readEvent, lambdaContext('incidents-read'));
    if (result.statusCode !== 200) throw new Error(`GET /incidents/{id} answered ${result.statusCode}: ${result.body}`);
  };
  const nextUlid = monotonicFactory();
  const directReadOf = directRead(table.client, table.tableName, (incident) => {
    const at = new Date();
    return auditItem(
      {
        id: nextUlid(at.getTime()),
        at: at.toISOString(),
        actor: { sub: String(readEvent.requestContext.authorizer.jwt.claims.sub), role: 'duty_bearer', contactId: reader },
        record: { type: 'incident', id: incident.id },
        villageId: incident.villageId,
        route: readEvent.routeKey,
      },
      DEFAULT_RETENTION.auditDays,
    );
  });

  const comparisons = [
    await compare('POST /incidents', { handler: report, direct: () => directReportOf(randomUUID()) }),
    await compare('GET /incidents/{id}', { handler: readIncident, direct: () => directReadOf(first.id, reader) }),
  ];

  const total = (counts: Record<string, number>) => Object.values(counts).reduce((sum, count) => sum + count, 0);
  const targets = [];
  const rows: string[][] = [];
  const figures: Record<string, unknown> = {};
  for (const { name, samples, calls } of comparisons) {
    const handlerTrips = perRequest(calls.handler);
    const directTrips = perRequest(calls.direct);
    const extra = Object.entries(handlerTrips)
      .map(([kind, count]) => [kind, count - (directTrips[kind] ?? 0)] as const)
      .filter(([, surplus]) => surplus > 0);
    const p50 = { handler: percentile(samples.handler, 50), direct: percentile(samples.direct, 50) };
    const p99 = { handler: percentile(samples.handler, 99), direct: percentile(samples.direct, 99) };
    const p50Target = target(`API ${name} p50 handler / direct`, p50.handler / p50.direct, RATIO_TARGET);
    const p99Target = target(`API ${name} p99 handler / direct`, p99.handler / p99.direct, RATIO_TARGET);
    targets.push(p50Target, p99Target, target(`API ${name} round trips not in the direct set`, total(Object.fromEntries(extra)), 0));
    rows.push(
      [`${name}: handler`, ms(p50.handler), ms(p99.handler), total(handlerTrips).toFixed(2), describe(handlerTrips)],
      [`${name}: same DynamoDB calls, direct`, ms(p50.direct), ms(p99.direct), total(directTrips).toFixed(2), describe(directTrips)],
      [
        `${name}: handler / direct`,
        `${ratio(p50.handler / p50.direct)} ${verdict(p50Target.pass)}`,
        `${ratio(p99.handler / p99.direct)} ${verdict(p99Target.pass)}`,
        extra.length === 0 ? 'no extra round trip' : `EXTRA: ${describe(Object.fromEntries(extra))}`,
        '',
      ],
    );
    figures[name] = { p50, p99, roundTrips: { handler: handlerTrips, direct: directTrips, extra: Object.fromEntries(extra) } };
  }

  return {
    title: `2. API overhead beyond I/O (${REQUESTS} of each side, interleaved)`,
    columns: ['path', 'p50 ms', 'p99 ms', 'round trips / request', 'by operation'],
    rows,
    notes: [
      'handler: the Lambda module in this process (middy, Powertools logger, zod, use case, store), an API Gateway v2 event (a fresh Idempotency-Key for each report);',
      'direct, a report: the reporter’s contact (their standing), the village, the routing and recent reports at once, then one TransactWriteItems built with items.ts, then the route items in one batch;',
      'direct, a read: the reader’s contact and the incident at once, then its audit record;',
      `Round trips counted by wrapping lib-dynamodb's send; targets: p50 and p99 ratios <= ${RATIO_TARGET} and no round trip outside the direct set.`,
      'Locally the handler writes no EMF metric line (local/environment.ts sets POWERTOOLS_METRICS_DISABLED); in Lambda it writes one per report.',
    ],
    targets,
    figures: { requests: REQUESTS, ...figures },
  };
}
