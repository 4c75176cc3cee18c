// 2. API overhead beyond I/O: POST /incidents through the incidents-write Lambda handler in-process,
// interleaved with the same DynamoDB calls issued directly, against the same DynamoDB Local table.
import { randomUUID } from 'node:crypto';
import { bodyHash } from '../../functions/http/kit/request.js';
import { httpEvent, lambdaContext } from '../../test/support/lambda.js';
import { seedProgramme } from '../../test/support/programme.js';
import { required } from '../../test/support/required.js';
import { directReport, type ReportTemplate } from '../api/direct-report.js';
import { type DynamoDbCall, operationOf, recordCalls } from '../support/dynamodb-calls.js';
import { type BenchTable, withBenchTable } from '../support/local-dynamodb.js';
import { ms, ratio, type Section, target, verdict } from '../support/report.js';
import { percentile } from '../support/stats.js';

const WARM_UP = 30;
const REQUESTS = 500;
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

async function measure(table: BenchTable): Promise<Section> {
  await seedProgramme(table.stores);
  // Imported only now: the module builds its store from the environment at import, as in Lambda.
  const { handler } = await import('../../functions/http/incidents-write.js');

  const reportEvent = () => httpEvent('http/post-incident.json', { headers: { 'idempotency-key': randomUUID() } });
  const report = async () => {
    const result = await handler(reportEvent(), lambdaContext('incidents-write'));
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
  const direct = directReport(table.client, table.tableName, template);

  const sides: Record<'handler' | 'direct', () => Promise<unknown>> = { handler: report, direct: () => direct(randomUUID()) };
  const samples = { handler: [] as number[], direct: [] as number[] };
  const calls = { handler: [] as DynamoDbCall[][], direct: [] as DynamoDbCall[][] };
  for (let round = 0; round < WARM_UP + REQUESTS; round++) {
    // Alternate which side goes first, so neither always follows the other's writes.
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

  const handlerTrips = perRequest(calls.handler);
  const directTrips = perRequest(calls.direct);
  const total = (counts: Record<string, number>) => Object.values(counts).reduce((sum, count) => sum + count, 0);
  const extra = Object.entries(handlerTrips)
    .map(([kind, count]) => [kind, count - (directTrips[kind] ?? 0)] as const)
    .filter(([, surplus]) => surplus > 0);
  const p50 = { handler: percentile(samples.handler, 50), direct: percentile(samples.direct, 50) };
  const p99 = { handler: percentile(samples.handler, 99), direct: percentile(samples.direct, 99) };
  const p50Target = target('API p50 handler / direct', p50.handler / p50.direct, RATIO_TARGET);
  const targets = [p50Target, target('API round trips per request not in the direct set', total(Object.fromEntries(extra)), 0)];

  return {
    title: `2. API overhead beyond I/O (POST /incidents, ${REQUESTS} each, interleaved)`,
    columns: ['path', 'p50 ms', 'p99 ms', 'round trips / request', 'by operation'],
    rows: [
      ['incidents-write handler', ms(p50.handler), ms(p99.handler), total(handlerTrips).toFixed(2), describe(handlerTrips)],
      ['same DynamoDB calls, direct', ms(p50.direct), ms(p99.direct), total(directTrips).toFixed(2), describe(directTrips)],
      [
        'handler / direct',
        `${ratio(p50.handler / p50.direct)} ${verdict(p50Target.pass)}`,
        ratio(p99.handler / p99.direct),
        extra.length === 0 ? 'no extra round trip' : `EXTRA: ${describe(Object.fromEntries(extra))}`,
        '',
      ],
    ],
    notes: [
      'handler: the Lambda module in this process (middy, Powertools logger, zod, use case, store), an API Gateway v2 event with a fresh Idempotency-Key each;',
      'direct: GetItem village + the routing Queries in parallel, then one TransactWriteItems built with items.ts and the route items after it, through a client made by createDocumentClient.',
      `Round trips counted by wrapping lib-dynamodb's send; target: p50 ratio <= ${RATIO_TARGET} and no round trip outside the direct set.`,
      'Locally the handler writes no EMF metric line (local/environment.ts sets POWERTOOLS_METRICS_DISABLED); in Lambda it writes one per report.',
    ],
    targets,
    figures: { requests: REQUESTS, p50, p99, roundTrips: { handler: handlerTrips, direct: directTrips, extra: Object.fromEntries(extra) } },
  };
}
