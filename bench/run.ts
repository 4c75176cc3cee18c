// npm run bench: every measurement side by side in one run on this machine (loopback only), each
// printed as it finishes, then the targets; the figures go to bench/results.json (git-ignored).
// `npm run bench -- api-overhead sms-segments` runs only the named measurements.
import '../local/environment.js';
import { writeFileSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import { measureApiOverhead } from './measurements/api-overhead.js';
import { measureColdStart } from './measurements/cold-start.js';
import { measureDistrict } from './measurements/district.js';
import { measureResilience } from './measurements/resilience.js';
import { measureSmsSegments } from './measurements/sms-segments.js';
import { measureStreamToSms } from './measurements/stream-to-sms.js';
import { measureWeeklyMetrics } from './measurements/weekly-metrics.js';
import { markdownTable, type Section, verdict } from './support/report.js';

const RESULTS_PATH = new URL('./results.json', import.meta.url);

// One after another, so none competes with another for the two cores; each that needs DynamoDB
// Local starts its own and stops it.
const MEASUREMENTS: Record<string, () => Section | Section[] | Promise<Section | Section[]>> = {
  'cold-start': measureColdStart,
  'api-overhead': measureApiOverhead,
  'stream-to-sms': measureStreamToSms,
  'weekly-metrics': measureWeeklyMetrics,
  'sms-segments': measureSmsSegments,
  resilience: measureResilience,
  district: measureDistrict,
};

function print(section: Section): void {
  console.log(`\n## ${section.title}\n\n${markdownTable(section.columns, section.rows)}\n`);
  for (const note of section.notes) console.log(`- ${note}`);
}

async function main(): Promise<void> {
  const wanted = process.argv.slice(2);
  const unknown = wanted.filter((name) => !(name in MEASUREMENTS));
  if (unknown.length > 0)
    throw new Error(`unknown measurement(s) ${unknown.join(', ')}; choose from ${Object.keys(MEASUREMENTS).join(', ')}`);
  const started = performance.now();
  // Other work on the machine skews timings (ratios less, being interleaved): say how busy it was.
  const [loadAtStart] = loadavg();
  const sections: Record<string, Section[]> = {};
  for (const [name, measure] of Object.entries(MEASUREMENTS)) {
    if (wanted.length > 0 && !wanted.includes(name)) continue;
    const sectionStarted = performance.now();
    sections[name] = [await measure()].flat();
    for (const section of sections[name]) print(section);
    console.log(`(${((performance.now() - sectionStarted) / 1000).toFixed(0)} s)`);
  }

  const targets = Object.values(sections).flatMap((measured) => measured.flatMap((section) => section.targets));
  const wallSeconds = (performance.now() - started) / 1000;
  console.log('\n## Targets\n');
  console.log(
    markdownTable(
      ['target', 'value', 'limit', 'verdict'],
      targets.map((t) => [
        t.name,
        Number.isInteger(t.value) ? String(t.value) : t.value.toFixed(2),
        `${t.strict ? '<' : '<='} ${t.limit}`,
        verdict(t.pass),
      ]),
    ),
  );
  const machine = { node: process.version, cores: availableParallelism(), loadAtStart };
  console.log(
    `\n${targets.filter((t) => t.pass).length} of ${targets.length} targets pass; ${wallSeconds.toFixed(0)} s on ${machine.cores} cores ` +
      `(load average ${loadAtStart?.toFixed(1)} at start), Node ${machine.node}.`,
  );
  writeFileSync(RESULTS_PATH, `${JSON.stringify({ at: new Date().toISOString(), ...machine, wallSeconds, targets, sections }, null, 2)}\n`);
}

await main();
