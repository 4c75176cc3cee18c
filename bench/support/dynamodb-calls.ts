// Every DynamoDB round trip made through a document client in this process, the handlers' own
// clients included (they are built inside the Lambda modules, out of reach): lib-dynamodb's send is
// wrapped once, and a recording collects the calls made while it runs. Recordings never overlap.
import { DynamoDBDocumentClient, type ServiceInputTypes, type ServiceOutputTypes } from '@aws-sdk/lib-dynamodb';

export interface DynamoDbCall {
  /** The lib-dynamodb command: GetCommand, QueryCommand, TransactWriteCommand, ... */
  command: string;
  input: ServiceInputTypes;
  output?: ServiceOutputTypes;
}

let recording: DynamoDbCall[] | undefined;
let wrapped = false;

function wrapSend(): void {
  if (wrapped) return;
  wrapped = true;
  const send = DynamoDBDocumentClient.prototype.send;
  DynamoDBDocumentClient.prototype.send = async function (
    this: DynamoDBDocumentClient,
    command: { input: ServiceInputTypes },
    ...rest: unknown[]
  ) {
    const call: DynamoDbCall = { command: command.constructor.name, input: command.input };
    recording?.push(call);
    call.output = await (send as (...args: unknown[]) => Promise<ServiceOutputTypes>).call(this, command, ...rest);
    return call.output;
  } as typeof send;
}

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

/** DynamoDB's name for the operation a lib-dynamodb command makes (GetCommand is GetItem). */
export const operationOf = (call: DynamoDbCall) => OPERATIONS[call.command] ?? call.command;

export async function recordCalls<T>(run: () => Promise<T>): Promise<{ result: T; calls: DynamoDbCall[] }> {
  wrapSend();
  if (recording) throw new Error('recordings must not overlap');
  const calls: DynamoDbCall[] = [];
  recording = calls;
  try {
    return { result: await run(), calls };
  } finally {
    recording = undefined;
  }
}
