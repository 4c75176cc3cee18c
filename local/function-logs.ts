// Locally the functions run inside `npm start`, so their JSON log lines (what CloudWatch Logs holds
// in AWS: the jobs' runs, the receipts handler's counts) would interleave with the
// console's requests, SMS and jobs. They go to a file instead, one JSON line each, with nothing
// dropped; warnings and errors are written to stderr and stay on the console.
import { appendFileSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { LOCAL_STATE_DIRECTORY } from './aws-local.js';

export const LOCAL_FUNCTION_LOG_PATH = join(LOCAL_STATE_DIRECTORY, 'function-logs.jsonl');

/** Powertools writes each entry as one JSON object on its own line, starting with its level. */
const isFunctionLogLine = (text: string) => text.startsWith('{"level":');

/** Sends the function log lines written to `stream` to `path`; answers how to put it back. */
export function divertFunctionLogs(stream: NodeJS.WriteStream = process.stdout, path = LOCAL_FUNCTION_LOG_PATH): () => void {
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  const write = stream.write;
  stream.write = function (this: NodeJS.WriteStream, chunk: unknown, ...rest: unknown[]): boolean {
    const text = typeof chunk === 'string' ? chunk : Buffer.isBuffer(chunk) ? chunk.toString('utf8') : undefined;
    if (text === undefined || !isFunctionLogLine(text)) return (write as (...args: unknown[]) => boolean).call(this, chunk, ...rest);
    appendFileSync(path, text, { mode: 0o600 });
    const done = rest.find((argument) => typeof argument === 'function') as (() => void) | undefined;
    done?.();
    return true;
  } as NodeJS.WriteStream['write'];
  return () => {
    stream.write = write;
  };
}
