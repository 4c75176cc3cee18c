import { spawnSync } from 'node:child_process';

export const JAVA_MISSING =
  'Java 17 or newer is required to run DynamoDB Local: install it (Debian/Ubuntu: apt-get install openjdk-17-jre-headless; macOS: brew install openjdk@17) and make sure `java` is on PATH.';

/** The major version of the `java` on PATH, or undefined when there is none. */
export function javaMajorVersion(): number | undefined {
  const result = spawnSync('java', ['-version'], { encoding: 'utf8' });
  if (result.error || result.status !== 0) return undefined;
  const match = /version "(\d+)(?:\.(\d+))?/.exec(result.stderr);
  if (!match) return undefined;
  const first = Number(match[1]);
  // Java 8 and older report themselves as "1.x".
  return first === 1 ? Number(match[2]) : first;
}

export function hasUsableJava(): boolean {
  const major = javaMajorVersion();
  return major !== undefined && major >= 17;
}
