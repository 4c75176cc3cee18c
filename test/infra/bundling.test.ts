// The one test that really bundles: proves NodejsFunction finds the local esbuild (no Docker here)
// and that the ESM bundle, with the createRequire banner, loads and answers on Node.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { synthesizeStack } from './stack-fixture.js';

function healthBundleDirectory(): string {
  // Prepare
  // Path and asset metadata, as the CDK CLI turns them on, say which directory holds the bundle.
  const { app, template } = synthesizeStack({
    bundle: true,
    context: { 'aws:cdk:enable-path-metadata': true, 'aws:cdk:enable-asset-metadata': true },
  });
  const [health] = Object.values(
    template.findResources('AWS::Lambda::Function', { Metadata: { 'aws:cdk:path': 'Suraksha-dev/Http/Health/Resource' } }),
  );
  // Act: the assembly is already synthesized; synth() hands back the same one.
  return join(app.synth().directory, health?.Metadata['aws:asset:path']);
}

describe('bundling with the local esbuild', () => {
  const bundleDirectory = healthBundleDirectory();
  const bundle = join(bundleDirectory, 'index.mjs');

  test('emits a minified ESM bundle with its source map and the createRequire banner', () => {
    expect(existsSync(`${bundle}.map`)).toBe(true);
    expect(readFileSync(bundle, 'utf8')).toMatch(/^import \{ createRequire \} from 'module'; const require = createRequire\(import\.meta\.url\);/);
  });

  test('the bundled health handler answers 200 ok', () => {
    // Act
    const output = execFileSync(process.execPath, [
      '--input-type=module',
      '--eval',
      `const { handler } = await import(${JSON.stringify(pathToFileURL(bundle).href)}); console.log(JSON.stringify(await handler()));`,
    ]);

    // Assess
    expect(JSON.parse(output.toString())).toEqual({
      statusCode: 200,
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ status: 'ok' }),
    });
  });
});
