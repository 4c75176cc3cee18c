// Runs test/support/pump-process.ts as a child process and talks to it: wait until it reads, ask it
// to drain, kill it (-9) or stop it. Every wait is bounded and says what it waited for.
import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { TableStream } from './dynamodb.js';

const SCRIPT = fileURLToPath(new URL('./pump-process.ts', import.meta.url));

/** The credentials are handed over explicitly: a child inherits the worker's environment, not a test file's. */
export interface PumpSettings extends TableStream {
  checkpointPath: string;
  outboxPath: string;
  batchSize?: number;
}

export interface PumpChild {
  /** Resolves once the pump reads the stream. */
  reading: Promise<void>;
  /** Waits until the stream is read; answers how many records this process handed to the notifier. */
  drain(timeoutMs: number): Promise<number>;
  kill(): Promise<void>;
  stop(): Promise<void>;
  /** What it wrote to stderr (the pump's log lines). */
  errors(): string;
}

export function spawnPump(settings: PumpSettings, readyTimeoutMs: number): PumpChild {
  const child = spawn(process.execPath, ['--import', 'tsx', SCRIPT], {
    env: {
      ...process.env,
      DYNAMODB_ENDPOINT: settings.endpoint,
      TABLE_NAME: settings.tableName,
      AWS_ACCESS_KEY_ID: settings.credentials.accessKeyId,
      AWS_SECRET_ACCESS_KEY: settings.credentials.secretAccessKey,
      CHECKPOINT_PATH: settings.checkpointPath,
      OUTBOX_PATH: settings.outboxPath,
      BATCH_SIZE: String(settings.batchSize ?? 100),
    },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  const lineListeners: ((line: string) => void)[] = [];
  child.stdout?.on('data', (chunk: Buffer) => {
    stdout += chunk.toString();
    const lines = stdout.split('\n');
    stdout = lines.pop() ?? '';
    for (const line of lines) for (const listener of [...lineListeners]) listener(line);
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));

  const nextLine = (matches: (line: string) => boolean, timeoutMs: number, what: string) =>
    new Promise<string>((resolve, reject) => {
      const listener = (line: string) => {
        if (!matches(line)) return;
        settle();
        resolve(line);
      };
      const timer = setTimeout(() => {
        settle();
        reject(new Error(`the pump process did not ${what} within ${timeoutMs / 1000} s; its stderr:\n${stderr.slice(-2000)}`));
      }, timeoutMs);
      const onExit = () => {
        settle();
        reject(new Error(`the pump process exited before it could ${what}; its stderr:\n${stderr.slice(-2000)}`));
      };
      const settle = () => {
        clearTimeout(timer);
        lineListeners.splice(lineListeners.indexOf(listener), 1);
        child.off('exit', onExit);
      };
      lineListeners.push(listener);
      child.once('exit', onExit);
    });

  return {
    reading: nextLine((line) => line === 'reading', readyTimeoutMs, 'start reading').then(() => undefined),
    async drain(timeoutMs) {
      const drained = nextLine((line) => line.startsWith('drained '), timeoutMs, 'drain the stream');
      child.stdin?.write('drain\n');
      return Number((await drained).split(' ')[1]);
    },
    kill: () => signal(child, 'SIGKILL', exited),
    stop: () => signal(child, 'SIGTERM', exited),
    errors: () => stderr,
  };
}

function signal(child: ChildProcess, name: NodeJS.Signals, exited: Promise<void>): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  child.kill(name);
  return exited;
}
