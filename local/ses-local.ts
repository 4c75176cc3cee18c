// aws-ses-v2-local: a local SES v2 endpoint whose web page shows the emails sent to it, and whose
// GET /store answers them as JSON (the tests read the weekly summary back from there).
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { SESv2Client } from '@aws-sdk/client-sesv2';
import { SesMailer } from '../functions/adapters/ses/ses-mailer.js';
import { LOCAL_CREDENTIALS, LOCAL_HOST, LOCAL_REGION, localPort } from './aws-local.js';

export const localSesPort = () => localPort('SES_PORT', 8005);
export const localSesEndpoint = (port = localSesPort()) => `http://${LOCAL_HOST}:${port}`;

export function localSesClient(endpoint = localSesEndpoint()): SESv2Client {
  return new SESv2Client({ endpoint, region: LOCAL_REGION, credentials: LOCAL_CREDENTIALS });
}

/** The local summary's sender, through aws-ses-v2-local. */
export function localSesMailer(endpoint = localSesEndpoint()): SesMailer {
  return new SesMailer({ client: localSesClient(endpoint), from: 'Suraksha <summary@suraksha.local>' });
}

export async function startSesLocal(port = localSesPort()): Promise<{ endpoint: string; stop(): Promise<void> }> {
  const require = createRequire(import.meta.url);
  const packageJson = require.resolve('aws-ses-v2-local/package.json');
  const { bin } = require(packageJson) as { bin: string | Record<string, string> };
  const entry = typeof bin === 'string' ? bin : Object.values(bin)[0];
  if (!entry) throw new Error('aws-ses-v2-local names no executable');
  const script = join(dirname(packageJson), entry);
  const child = spawn(process.execPath, [script, '--host', LOCAL_HOST, '--port', String(port)], { stdio: ['ignore', 'pipe', 'pipe'] });
  await new Promise<void>((resolve, reject) => {
    let output = '';
    const timer = setTimeout(() => reject(new Error(`aws-ses-v2-local did not start: ${output.slice(-500)}`)), 15_000);
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('server running')) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`aws-ses-v2-local exited with code ${code}: ${output.slice(-500)}`));
    });
  });
  child.removeAllListeners('exit');
  child.stdout.resume();
  child.stderr.resume();
  return {
    endpoint: localSesEndpoint(port),
    stop: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}
