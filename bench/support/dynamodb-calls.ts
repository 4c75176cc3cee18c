// Every DynamoDB round trip made through a document client in this process, the handlers' own
// clients included (they are built inside the Lambda modules, out of reach): lib-dynamodb's send is
// wrapped once, when this module loads, and a recording collects the calls made while it runs.
// Recordings never overlap. Every call asks for its consumed capacity (ReturnConsumedCapacity TOTAL),
// recorded or not, so the bench can price what each operation costs in request units.
import { DynamoDBDocumentClient, type ServiceInputTypes, type ServiceOutputTypes } from '@aws-sdk/lib-dynamodb';
import { sum } from './stats.js';

export interface DynamoDbCall {
  /** The lib-dynamodb command: GetCommand, QueryCommand, TransactWriteCommand, ... */
  command: string;
  input: ServiceInputTypes;
  output?: ServiceOutputTypes;
  /** How long the round trip took. */
  ms?: number;
}

let recording: DynamoDbCall[] | undefined;

const OPERATIONS: Record<string, string> = {
  GetCommand: 'GetItem',
  PutCommand: 'PutItem',
  UpdateCommand: 'UpdateItem',
  DeleteCommand: 'DeleteItem',
  BatchGetCommand: 'BatchGetItem',
  BatchWriteCommand: 'BatchWriteItem',
  TransactGetCommand: 'TransactGetItems',
  TransactWriteCommand: 'TransactWriteItems',
  QueryCommand: 'Query',
  ScanCommand: 'Scan',
};

/** The operations whose capacity is billed as reads; every other data operation is billed as writes. */
const READ_OPERATIONS = new Set(['GetItem', 'BatchGetItem', 'TransactGetItems', 'Query', 'Scan']);

function wrapSend(): void {
  const send = DynamoDBDocumentClient.prototype.send;
  DynamoDBDocumentClient.prototype.send = async function (
    this: DynamoDBDocumentClient,
    command: { input: ServiceInputTypes },
    ...rest: unknown[]
  ) {
    // Every data operation takes it; what a request costs is what DynamoDB says it consumed.
    if (command.constructor.name in OPERATIONS) Object.assign(command.input, { ReturnConsumedCapacity: 'TOTAL' });
    const call: DynamoDbCall = { command: command.constructor.name, input: command.input };
    recording?.push(call);
    const started = performance.now();
    call.output = await (send as (...args: unknown[]) => Promise<ServiceOutputTypes>).call(this, command, ...rest);
    call.ms = performance.now() - started;
    return call.output;
  } as typeof send;
}
wrapSend();

/** DynamoDB's name for the operation a lib-dynamodb command makes (GetCommand is GetItem). */
export const operationOf = (call: DynamoDbCall) => OPERATIONS[call.command] ?? call.command;

export async function recordCalls<T>(run: () => Promise<T>): Promise<{ result: T; calls: DynamoDbCall[] }> {
  if (recording) throw new Error('recordings must not overlap');
  const calls: DynamoDbCall[] = [];
  recording = calls;
  try {
    return { result: await run(), calls };
  } finally {
    recording = undefined;
  }
}

/** Items DynamoDB read for the calls: a Query's scanned items, the items a get returned. */
export function itemsRead(calls: readonly DynamoDbCall[]): number {
  return sum(
    calls.map((call) => {
      const { output } = call;
      if (!output) return 0;
      if (operationOf(call) === 'Query' && ('ScannedCount' in output || 'Count' in output)) return output.ScannedCount ?? output.Count ?? 0;
      if (operationOf(call) === 'GetItem' && 'Item' in output) return output.Item ? 1 : 0;
      if (operationOf(call) === 'BatchGetItem' && 'Responses' in output)
        return sum(Object.values(output.Responses ?? {}).map((items) => (items as unknown[]).length));
      return 0;
    }),
  );
}

/**
 * DynamoDB Local reports nothing consumed for a query that finds nothing; DynamoDB bills any read at
 * least half a unit (an eventually consistent read of up to 4 KB), and so does the bench.
 */
const LEAST_READ_UNITS = 0.5;

/** Read and write request units the calls consumed, as DynamoDB reported them (index writes included). */
export function requestUnits(calls: readonly DynamoDbCall[]): { read: number; write: number } {
  const units = { read: 0, write: 0 };
  for (const call of calls) {
    const consumed = call.output && 'ConsumedCapacity' in call.output ? call.output.ConsumedCapacity : undefined;
    // Batches and transactions answer one entry per table, single-item calls one object.
    const reported = sum(
      (Array.isArray(consumed) ? consumed : consumed ? [consumed] : []).map((entry) =>
        'CapacityUnits' in entry ? (entry.CapacityUnits ?? 0) : 0,
      ),
    );
    if (READ_OPERATIONS.has(operationOf(call))) units.read += Math.max(reported, LEAST_READ_UNITS);
    else units.write += reported;
  }
  return units;
}
