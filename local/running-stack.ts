// The commands that talk to a running `npm start` (token, seed, job) check it is there first, and
// otherwise say so in one line.
import { createServer } from 'node:net';
import { LOCAL_HOST, localApiPort, localApiUrl, localDynamoDbPort } from './aws-local.js';
import { localSesPort } from './ses-local.js';

/** Prints one line to stderr and exits 1: what every local command does when it cannot go on. */
export function exitWithError(message: string): never {
  console.error(message);
  process.exit(1);
}

/** The running stack's API URL; exits with one line when nothing answers its health check. */
export async function requireRunningStack(): Promise<string> {
  const url = localApiUrl();
  const healthy = await fetch(`${url}/health`, { signal: AbortSignal.timeout(3000) }).then(
    (response) => response.ok,
    () => false,
  );
  if (!healthy) exitWithError(`Suraksha is not running on ${url}: start it with npm start`);
  return url;
}

/** Whether something already listens on the port (binding it fails). */
function portTaken(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = createServer();
    probe.once('error', () => resolve(true));
    probe.listen(port, LOCAL_HOST, () => probe.close(() => resolve(false)));
  });
}

/**
 * Before `npm start` starts anything: every port it needs must be free. A taken one is named in one
 * line, saying whether it is a Suraksha already running (its API answers the health check).
 */
export async function requireFreePorts(): Promise<void> {
  const ports = [
    { port: localApiPort(), variable: 'PORT', what: 'the API' },
    { port: localDynamoDbPort(), variable: 'DDB_PORT', what: 'DynamoDB Local' },
    { port: localSesPort(), variable: 'SES_PORT', what: 'aws-ses-v2-local' },
  ];
  for (const { port, variable, what } of ports) {
    if (!(await portTaken(port))) continue;
    const suraksha = await fetch(`${localApiUrl()}/health`, { signal: AbortSignal.timeout(2000) }).then(
      (response) => response.ok,
      () => false,
    );
    exitWithError(
      suraksha
        ? `Suraksha is already running on ${localApiUrl()} (port ${port}, ${what}, is taken): use that one, or stop it first (Ctrl-C in its terminal).`
        : `Port ${port} (${what}) is taken by another program: stop it, or choose another port with ${variable}=<port> npm start.`,
    );
  }
}
