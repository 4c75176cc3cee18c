// The served OpenAPI document passes `redocly lint` with the recommended ruleset: no error, and only
// the warnings below, each kept for its reason. Offline: telemetry and the update check are off,
// and it runs in an empty folder, so no redocly.yaml of the machine is read.
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { openApiDocument } from '../../functions/http/openapi.js';

const require = createRequire(import.meta.url);
const REDOCLY = require.resolve('@redocly/cli/bin/cli.js');

interface LintReport {
  totals: { errors: number; warnings: number; ignored: number };
  version: string;
  problems: { ruleId: string; severity: 'error' | 'warn'; message: string; location: { pointer: string }[] }[];
}

/** The warnings the document keeps, by rule and place, each true of the API and kept for its reason. */
const ACCEPTED_WARNINGS: Record<string, string> = {
  'info-license-strict #/info/license': 'No open licence has been chosen: an SPDX id or a URL would be a decision nobody made.',
  ...Object.fromEntries(
    ['health', 'openapi.json', 'robots.txt'].flatMap((path) =>
      ['get', 'head'].map((method) => [
        `operation-4xx-response #/paths/~1${path}/${method}/responses`,
        `/${path} needs no input and reads no data: it answers only 200 (another method is the path's 405).`,
      ]),
    ),
  ),
  'operation-2xx-response #/paths/~1a~1{token}/post/responses':
    'A confirmation answers 303 to its status page, so a reload never confirms again.',
  'no-unused-components #/components/responses/405':
    "OpenAPI has no place for the methods a path does not take: each path item's description points to this 405.",
};

let report: LintReport;
let workDir: string;

beforeAll(async () => {
  workDir = await mkdtemp(join(tmpdir(), 'suraksha-openapi-lint-'));
  await writeFile(join(workDir, 'openapi.json'), JSON.stringify(openApiDocument()));
  const { stdout } = await promisify(execFile)(
    process.execPath,
    [REDOCLY, 'lint', 'openapi.json', '--extends=recommended', '--format=json', '--lint-config=off', '--max-problems=1000'],
    {
      cwd: workDir,
      env: { PATH: process.env.PATH ?? '', HOME: workDir, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true', NO_COLOR: '1' },
      timeout: 20_000,
    },
  );
  report = JSON.parse(stdout) as LintReport;
}, 30_000);

afterAll(async () => {
  if (workDir) await rm(workDir, { recursive: true, force: true });
});

describe('redocly lint, recommended ruleset', () => {
  it('is the pinned redocly', () => {
    expect(report.version).toBe('2.77.0');
  });

  it('finds no error', () => {
    expect(report.problems.filter((problem) => problem.severity === 'error')).toEqual([]);
    expect(report.totals.errors).toBe(0);
  });

  it('warns only where the document is true and the rule expects otherwise', () => {
    const warnings = report.problems.map((problem) => `${problem.ruleId} ${problem.location[0]?.pointer ?? ''}`);
    expect(warnings.sort()).toEqual(Object.keys(ACCEPTED_WARNINGS).sort());
  });
});
