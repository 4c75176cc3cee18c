// Bundles entries through SurakshaFunction itself, so the esbuild options are exactly the ones the
// stack deploys with (a copy of them here could drift). CDK writes the bundles under a temp directory.
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { App, type CfnElement, Stack } from 'aws-cdk-lib';
import { SurakshaFunction } from '../../lib/suraksha-function.js';

export interface Bundle {
  /** The bundle's index.mjs. */
  path: string;
  bytes: number;
  /** The environment the construct gives every function (NODE_OPTIONS and the like). */
  environment: Record<string, string>;
}

export function bundleEntries(entries: readonly string[], outdir: string): Map<string, Bundle> {
  // Asset metadata, as the CDK CLI turns it on, says which directory holds each bundle.
  const app = new App({ outdir, context: { 'aws:cdk:enable-asset-metadata': true } });
  const stack = new Stack(app, 'Bench');
  // Named after the entry (construct ids take no '/'), so CDK's progress lines say what it bundles.
  const functions = entries.map((entry) => [entry, new SurakshaFunction(stack, entry.replaceAll('/', '-'), { entry })] as const);

  const assembly = app.synth();

  const resources = assembly.getStackByName(stack.stackName).template.Resources;
  return new Map(
    functions.map(([entry, fn]) => {
      const resource = resources[stack.getLogicalId(fn.node.defaultChild as CfnElement)];
      const path = join(assembly.directory, resource.Metadata['aws:asset:path'], 'index.mjs');
      return [entry, { path, bytes: statSync(path).size, environment: resource.Properties.Environment.Variables }];
    }),
  );
}
