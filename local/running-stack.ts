// The commands that talk to a running `npm start` (token, seed, job) check it is there first, and
// otherwise say so in one line.
import { localApiUrl } from './aws-local.js';

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
