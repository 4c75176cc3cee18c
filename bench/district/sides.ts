// One programme of the district scenario as the bench drives it: its table and directory, the
// incidents Lambdas' handlers on it (built as their entry modules build them, on this table's
// stores), the use cases on a clock the bench sets, and what each measured call cost.
import { monotonicFactory } from 'ulid';
import { DynamoDbTable } from '../../functions/adapters/dynamodb/dynamodb-table.js';
import { tableStores } from '../../functions/adapters/table/stores.js';
import { notifierDependencies } from '../../functions/alert-wiring.js';
import type { Caller } from '../../functions/domain/access.js';
import type { Mailer, SmsMessage, SmsSender } from '../../functions/domain/ports.js';
import { DEFAULT_SMS_PRICE_PER_SEGMENT_INR } from '../../functions/domain/prices.js';
import { DEFAULT_RETENTION } from '../../functions/domain/retention.js';
import { LOCAL_DLT_TEMPLATE_IDS } from '../../functions/domain/sms/templates.js';
import { incidentRoutes } from '../../functions/http/controllers/incidents.js';
import { type HttpEvent, type HttpResult, httpHandler } from '../../functions/http/kit/http-handler.js';
import { handlersFor } from '../../functions/http/kit/route.js';
import type { Dependencies } from '../../functions/use-cases/dependencies.js';
import type { NotifierDependencies } from '../../functions/use-cases/notify.js';
import { PROGRAMME_NAME, type SummaryDependencies } from '../../functions/use-cases/weekly-summary.js';
import { httpDependencies } from '../../functions/wiring.js';
import { lambdaContext } from '../../test/support/lambda.js';
import { type DynamoDbCall, itemsRead, operationOf, recordCalls, requestUnits } from '../support/dynamodb-calls.js';
import { type BenchTable, CURSOR_SECRET } from '../support/local-dynamodb.js';
import type { BenchProgramme } from './programme.js';

/** What one measured call cost: its time, round trips and items read, and the capacity DynamoDB reported. */
export interface Cost {
  ms: number;
  roundTrips: number;
  queries: number;
  /** Queries on the due index, and the items they read. */
  dueQueries: number;
  dueItems: number;
  itemsRead: number;
  read: number;
  write: number;
  /** Time spent in DynamoDB round trips, by operation (calls in parallel each count whole). */
  dynamoDbMs: Record<string, number>;
}

export function costOf(ms: number, calls: readonly DynamoDbCall[]): Cost {
  const due = calls.filter((call) => 'IndexName' in call.input && call.input.IndexName === 'due');
  return {
    ms,
    roundTrips: calls.length,
    queries: calls.filter((call) => operationOf(call) === 'Query').length,
    dueQueries: due.length,
    dueItems: itemsRead(due),
    itemsRead: itemsRead(calls),
    ...requestUnits(calls),
    dynamoDbMs: calls.reduce<Record<string, number>>((byOperation, call) => {
      byOperation[operationOf(call)] = (byOperation[operationOf(call)] ?? 0) + (call.ms ?? 0);
      return byOperation;
    }, {}),
  };
}

/** Runs `work` and answers what it cost. */
export async function measured<T>(work: () => Promise<T>): Promise<{ result: T; cost: Cost }> {
  const started = performance.now();
  const { result, calls } = await recordCalls(work);
  return { result, cost: costOf(performance.now() - started, calls) };
}

/** Counts the SMS and their segments instead of sending them. */
class SmsCounter implements SmsSender {
  messages = 0;
  segments = 0;
  async send(message: SmsMessage) {
    this.messages++;
    this.segments += message.segments;
    return { status: 'sent' as const, messageId: `bench-${this.messages}` };
  }
}

const noMail: Mailer = { send: async () => ({ messageId: 'bench-email' }) };

export interface Side {
  name: string;
  table: BenchTable;
  programme: BenchProgramme;
  /** The incidents-write and incidents-read Lambdas' handlers on this table. */
  invoke(group: 'incidents-write' | 'incidents-read', event: HttpEvent): Promise<HttpResult>;
  /** The use cases' dependencies at an instant the bench sets. */
  at(instant: Date): { deps: Dependencies; notifier: NotifierDependencies; summary: SummaryDependencies };
  sms: SmsCounter;
}

export function sideOf(name: string, table: BenchTable, programme: BenchProgramme): Side {
  const http = httpDependencies(table.stores);
  const handlers = {
    'incidents-write': httpHandler(handlersFor('incidents-write', incidentRoutes(http))),
    'incidents-read': httpHandler(handlersFor('incidents-read', incidentRoutes(http))),
  };
  let now = new Date();
  const clock = () => new Date(now);
  const stores = tableStores(new DynamoDbTable({ client: table.client, tableName: table.tableName }), {
    cursorSecret: CURSOR_SECRET,
    clock,
  });
  const nextUlid = monotonicFactory();
  const deps: Dependencies = { ...stores, clock, newId: (instant) => nextUlid(instant.getTime()), retention: DEFAULT_RETENTION };
  const sms = new SmsCounter();
  const notifier = notifierDependencies({
    stores,
    sms,
    ackBaseUrl: 'https://sk.example.in',
    dltTemplateIds: LOCAL_DLT_TEMPLATE_IDS,
    clock,
  });
  const summary: SummaryDependencies = {
    ...stores,
    clock,
    pricePerSegmentInr: DEFAULT_SMS_PRICE_PER_SEGMENT_INR,
    mailer: noMail,
    programmeName: PROGRAMME_NAME,
  };
  return {
    name,
    table,
    programme,
    invoke: (group, event) => handlers[group](event, lambdaContext(group)),
    at(instant) {
      now = new Date(instant);
      return { deps, notifier, summary };
    },
    sms,
  };
}

/** A village's first contact of a kind, as the caller its token names. */
export function callerOf(contact: { id: string; kind: string; villages: string[] }): Caller {
  return {
    sub: `sub-${contact.id}`,
    role: contact.kind === 'volunteer' ? 'volunteer' : contact.kind === 'coordinator' ? 'coordinator' : 'duty_bearer',
    villages: contact.villages,
    contactId: contact.id,
  };
}
