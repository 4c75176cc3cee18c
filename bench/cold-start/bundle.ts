// Bundles entries through SurakshaFunction itself, so the esbuild options are exactly the ones the
// stack deploys with (a copy of them here could drift). CDK writes the bundles under a temp directory.
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { App, type CfnElement, Stack } from 'aws-cdk-lib';
import { SurakshaFunction, type SurakshaFunctionProps } from '../../lib/suraksha-function.js';

export interface Bundle {
  /** The bundle's index.mjs. */
  path: string;
  bytes: number;
  /** The environment the construct gives every function (NODE_OPTIONS and the like). */
  environment: Record<string, string>;
  /** Bytes in the bundle by package (`zod`, `@aws-sdk/client-sns`) or, for our own code, by top folder (`functions/domain`). */
  bytesBySource: Map<string, number>;
}

interface Metafile {
  outputs: Record<string, { inputs: Record<string, { bytesInOutput: number }> }>;
}

function bytesBySource(metafilePath: string): Map<string, number> {
  const metafile = JSON.parse(readFileSync(metafilePath, 'utf8')) as Metafile;
  const totals = new Map<string, number>();
  for (const output of Object.values(metafile.outputs)) {
    for (const [input, { bytesInOutput }] of Object.entries(output.inputs)) {
      const source = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(input)?.[1] ?? input.split('/').slice(0, 2).join('/');
      totals.set(source, (totals.get(source) ?? 0) + bytesInOutput);
    }
  }
  return totals;
}

/** Each function as its props say (the stack's own, for a function of the stack), or an entry alone; by entry. */
export function bundleEntries(entries: readonly (string | SurakshaFunctionProps)[], outdir: string): Map<string, Bundle> {
  // Asset metadata, as the CDK CLI turns it on, says which directory holds each bundle.
  const app = new App({ outdir, context: { 'aws:cdk:enable-asset-metadata': true } });
  const stack = new Stack(app, 'Bench');
  // Named after the entry (construct ids take no '/'), so CDK's progress lines say what it bundles.
  const functions = entries.map((given) => {
    // Without the stack's environment: its values name the stack's resources, and the bench sets dummies.
    const { environment: _stackSettings, ...props } = typeof given === 'string' ? { entry: given } : given;
    return [props.entry, new SurakshaFunction(stack, props.entry.replaceAll('/', '-'), { ...props, metafile: true })] as const;
  });

  const assembly = app.synth();

  const resources = assembly.getStackByName(stack.stackName).template.Resources;
  return new Map(
    functions.map(([entry, fn]) => {
      const resource = resources[stack.getLogicalId(fn.node.defaultChild as CfnElement)];
      const directory = join(assembly.directory, resource.Metadata['aws:asset:path']);
      const path = join(directory, 'index.mjs');
      return [
        entry,
        {
          path,
          bytes: statSync(path).size,
          environment: resource.Properties.Environment.Variables,
          bytesBySource: bytesBySource(join(directory, 'index.meta.json')),
        },
      ];
    }),
  );
}
