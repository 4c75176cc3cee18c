// One cold start: a fresh Node process that imports a bundle and exits once the module has evaluated,
// timed from spawn to exit; the process also reports how long the import itself took.
import { spawn } from 'node:child_process';
import { pathToFileURL } from 'node:url';

export interface InitTiming {
  /** Spawn to exit, as seen from here: Node's own start, the import, and the exit. */
  processMs: number;
  /** The import alone, as the process measured it; undefined when nothing is imported. */
  importMs: number | undefined;
}

const IMPORT_MARK = 'IMPORT_MS=';

function importScript(bundlePath: string): string {
  return [
    'const start = performance.now();',
    `await import(${JSON.stringify(pathToFileURL(bundlePath).href)});`,
    `process.stdout.write('${IMPORT_MARK}' + (performance.now() - start));`,
  ].join('\n');
}

/** `bundlePath` undefined times `node -e 0`: Node itself. */
export function timeColdStart(bundlePath: string | undefined, environment: Record<string, string>): Promise<InitTiming> {
  const args = bundlePath ? ['--input-type=module', '--eval', importScript(bundlePath)] : ['-e', '0'];
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(process.execPath, args, { env: environment, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.once('error', reject);
    child.once('close', (code) => {
      const processMs = performance.now() - started;
      if (code !== 0) return reject(new Error(`cold start of ${bundlePath ?? 'node -e 0'} exited with ${code}: ${stderr.slice(-1000)}`));
      const mark = stdout.lastIndexOf(IMPORT_MARK);
      resolve({ processMs, importMs: mark >= 0 ? Number(stdout.slice(mark + IMPORT_MARK.length)) : undefined });
    });
  });
}
