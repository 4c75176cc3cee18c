// 1. Cold start: every Lambda of the stack bundled as CDK deploys it, beside its floor (the SDK clients
// constructs, and nothing else) and `node -e 0`, each timed in fresh Node processes, interleaved
// so drift hits all alike; each bundle's bytes by what they are, to show where the time goes.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { LOCAL_DLT_TEMPLATE_IDS } from '../../functions/domain/sms/templates.js';
import { required } from '../../test/support/required.js';
import { type Bundle, bundleEntries } from '../cold-start/bundle.js';
import { type InitTiming, timeColdStart } from '../cold-start/init-time.js';
import { stackLambdas } from '../cold-start/lambdas.js';
import { kib, ms, ratio, type Section, target, verdict } from '../support/report.js';
import { median } from '../support/stats.js';

const RUNS = 11;
/** Parts of a cold start timed alone, each against the empty bundle, to show where the time goes. */
const PARTS = {
  'zod alone': 'bench/cold-start/parts/zod.ts',
  'the route table (zod, no schema built)': 'bench/cold-start/parts/route-table.ts',
  'the route table with every schema built': 'bench/cold-start/parts/every-schema.ts',
  'Powertools logger in middy': 'bench/cold-start/parts/logger.ts',
} as const;
const EMPTY_BUNDLE = 'bench/cold-start/floors/none.ts';
const RATIO_TARGET = 1.25;

/** What the functions read at load (every one's settings, dummies); Lambda sets AWS_REGION itself. */
const FUNCTION_SETTINGS = {
  AWS_REGION: 'ap-south-1',
  TABLE_NAME: 'bench-table',
  CURSOR_SECRET: 'bench-cursor-secret-0123456789',
  SMS_SENDER_ID: 'SRKSHA',
  DLT_ENTITY_ID: '1001000000000000001',
  DLT_TEMPLATE_IDS: JSON.stringify(LOCAL_DLT_TEMPLATE_IDS),
  ACK_BASE_URL: 'https://a.example.org',
  SES_FROM_ADDRESS: 'summary@example.org',
  WHATSAPP_PHONE_NUMBER_ID: 'phone-number-id-0123456789abcdef0123456789abcdef',
  COORDINATOR_PHONE: '+919812345678',
  // Lambda runs Node 24; the SDK's warning about this machine's older Node is not part of a cold start.
  AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
};

/** What a bundle holds beyond its floor, largest first. */
function bytesBeyond(bundle: Bundle, floor: Bundle): [string, number][] {
  return [...bundle.bytesBySource]
    .map(([source, bytes]): [string, number] => [source, bytes - (floor.bytesBySource.get(source) ?? 0)])
    .filter(([, bytes]) => bytes > 0)
    .sort((a, b) => b[1] - a[1]);
}

interface Candidate {
  label: string;
  bundlePath: string | undefined;
  environment: Record<string, string>;
}

export async function measureColdStart(): Promise<Section> {
  const outdir = mkdtempSync(join(tmpdir(), 'suraksha-bench-bundles-'));
  try {
    const lambdas = stackLambdas();
    const functionBundles = bundleEntries(
      lambdas.map((lambda) => lambda.props),
      join(outdir, 'functions'),
    );
    const bundleOf = (entry: string) => required(bundles.get(entry), `the bundle of ${entry}`);
    const floors = [...new Set(lambdas.map((lambda) => lambda.floor))];
    const floorsAndParts = [...new Set([...floors, EMPTY_BUNDLE]), ...Object.values(PARTS)];
    const bundles = new Map([...functionBundles, ...bundleEntries(floorsAndParts, join(outdir, 'floors'))]);
    const entries = [...lambdas.map((lambda) => lambda.entry), ...floorsAndParts];
    const candidates: Candidate[] = [
      ...entries.map((entry) => ({
        label: entry,
        bundlePath: bundleOf(entry).path,
        environment: { PATH: process.env.PATH ?? '', ...bundleOf(entry).environment, ...FUNCTION_SETTINGS },
      })),
      { label: 'node -e 0', bundlePath: undefined, environment: { PATH: process.env.PATH ?? '' } },
    ];

    const timings = new Map<string, InitTiming[]>(candidates.map((candidate) => [candidate.label, []]));
    // One unmeasured round first: it warms the file cache for every bundle alike.
    for (let round = 0; round <= RUNS; round++) {
      for (const candidate of candidates) {
        const timing = await timeColdStart(candidate.bundlePath, candidate.environment);
        if (round > 0) required(timings.get(candidate.label), `the timings of ${candidate.label}`).push(timing);
      }
    }
    const medianOf = (label: string, pick: (timing: InitTiming) => number | undefined) =>
      median(required(timings.get(label), `the timings of ${label}`).map((timing) => pick(timing) ?? 0));
    const processMs = (label: string) => medianOf(label, (timing) => timing.processMs);
    const importMs = (label: string) => medianOf(label, (timing) => timing.importMs);

    const results = lambdas.map((lambda) => {
      const { floor } = lambda;
      const bundle = bundleOf(lambda.entry);
      return {
        name: lambda.name,
        entry: lambda.entry,
        floor: basename(floor, '.ts'),
        bytes: bundle.bytes,
        floorBytes: bundleOf(floor).bytes,
        beyondFloor: bytesBeyond(bundle, bundleOf(floor)),
        initMs: processMs(lambda.entry),
        floorMs: processMs(floor),
        importMs: importMs(lambda.entry),
        floorImportMs: importMs(floor),
        ratio: processMs(lambda.entry) / processMs(floor),
      };
    });
    const nodeAlone = processMs('node -e 0');
    const parts = Object.entries(PARTS).map(([name, entry]) => ({
      name,
      bytes: bundleOf(entry).bytes,
      costMs: processMs(entry) - processMs(EMPTY_BUNDLE),
    }));
    const targets = results.map((result) => target(`cold start ${result.name} / floor`, result.ratio, RATIO_TARGET));

    return {
      title: `1. Cold start (fresh Node process importing the CDK bundle, median of ${RUNS} runs)`,
      columns: [
        'function',
        'bundle',
        'floor (clients)',
        'floor bundle',
        'init ms',
        'floor ms',
        'ratio',
        'import ms',
        'floor import ms',
        'largest beyond the floor',
      ],
      rows: [
        ...results.map((result, index) => [
          result.name,
          kib(result.bytes),
          result.floor,
          kib(result.floorBytes),
          ms(result.initMs),
          ms(result.floorMs),
          `${ratio(result.ratio)} ${verdict(required(targets[index], `the target of ${result.name}`).pass)}`,
          ms(result.importMs),
          ms(result.floorImportMs),
          result.beyondFloor
            .slice(0, 4)
            .map(([source, bytes]) => `${source} ${kib(bytes)}`)
            .join(', '),
        ]),
        ['node -e 0', '', '', '', ms(nodeAlone), '', '', '', '', ''],
        ...parts.map((part) => [`part: ${part.name}`, kib(part.bytes), 'none', '', `+${ms(part.costMs)}`, '', '', '', '', '']),
      ],
      notes: [
        'init ms: spawn to exit of `node -e "await import(bundle)"` with the environment CDK sets and dummy settings;',
        `floor: a bundle built the same way that only constructs the SDK clients the function constructs (the services its settings name); ratio = init / floor (target <= ${RATIO_TARGET}).`,
        'import ms: the import alone, timed inside the process (Node itself is the `node -e 0` row).',
        'largest beyond the floor: what the bundle holds that its floor does not, by package or by folder of our own code (esbuild metafile).',
        'part: a piece of the functions bundled alone; init ms is what it adds to the empty bundle (bench/cold-start/parts).',
      ],
      targets,
      figures: { runs: RUNS, nodeAloneMs: nodeAlone, functions: results, parts },
    };
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}
