// Every Suraksha Lambda: Node 24 on arm64, an ESM bundle built by the local esbuild with the AWS SDK inside,
// its own log group with retention, X-Ray tracing, and a role that may write only to that log group.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Duration, Stage, Validations } from 'aws-cdk-lib';
import { Metric, type MetricOptions } from 'aws-cdk-lib/aws-cloudwatch';
import { Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Architecture, Runtime, Tracing } from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';

const REPO_ROOT = fileURLToPath(new URL('..', import.meta.url));

/** Powertools' service name, which its metrics also carry as their `service` dimension. */
export const SERVICE_NAME = 'suraksha';

/** A count the functions publish as EMF log lines (functions/observability/metrics.ts); nothing to grant for that. */
export function serviceMetric(metricName: string, options: MetricOptions = {}): Metric {
  return new Metric({ namespace: 'Suraksha', metricName, dimensionsMap: { service: SERVICE_NAME }, ...options });
}

// ESM bundles have no `require`; some CommonJS dependencies inside the bundle still call it.
const CREATE_REQUIRE_BANNER = "import { createRequire } from 'module'; const require = createRequire(import.meta.url);";

export interface SurakshaFunctionProps {
  /** Handler module, relative to the repository root, e.g. `functions/http/public.ts`. */
  readonly entry: string;
  /** Shown in the console and the template, so say what the function serves. */
  readonly description?: string;
  readonly environment?: Record<string, string>;
  /** @default 10 seconds */
  readonly timeout?: Duration;
  /** @default 256 MB */
  readonly memorySize?: number;
  /** esbuild's metafile (index.meta.json) beside the bundle, for the bench to say what a bundle holds (it would ship in the asset). */
  readonly metafile?: boolean;
  /**
   * Files written beside the bundle (name to content), for the handler to read at run time instead of
   * building them at init.
   */
  readonly besideBundle?: Readonly<Record<string, string>>;
  /** esbuild defines: each expression replaced by a value at build time, so code the value rules out is not bundled. */
  readonly define?: Readonly<Record<string, string>>;
}

export class SurakshaFunction extends NodejsFunction {
  /** The function's own role, created below; narrowed from `IRole | undefined` so grants can be acknowledged on it. */
  declare readonly role: Role;
  /** What it was built from, so the bench bundles it exactly as the stack does. */
  readonly props: SurakshaFunctionProps;

  /** The handler module it runs, relative to the repository root. */
  get entry(): string {
    return this.props.entry;
  }

  constructor(scope: Construct, id: string, props: SurakshaFunctionProps) {
    // Built before super() because NodejsFunction takes them as props; hence siblings, not children.
    const logGroup = new LogGroup(scope, `${id}Logs`, { retention: RetentionDays.ONE_MONTH });
    // Own role instead of AWSLambdaBasicExecutionRole, which may create and write any log group in the account.
    const role = new Role(scope, `${id}Role`, { assumedBy: new ServicePrincipal('lambda.amazonaws.com') });
    logGroup.grantWrite(role);

    super(scope, id, {
      entry: join(REPO_ROOT, props.entry),
      description: props.description,
      depsLockFilePath: join(REPO_ROOT, 'package-lock.json'),
      runtime: Runtime.NODEJS_24_X, // the newest this aws-cdk-lib knows, as cdk-nag AwsSolutions-L1 asks
      architecture: Architecture.ARM_64,
      timeout: props.timeout ?? Duration.seconds(10),
      memorySize: props.memorySize ?? 256,
      role,
      logGroup,
      tracing: Tracing.ACTIVE,
      environment: {
        POWERTOOLS_SERVICE_NAME: SERVICE_NAME,
        ...props.environment,
      },
      bundling: {
        format: OutputFormat.ESM,
        target: 'node24', // matches the runtime above
        minify: true,
        // No source maps: parsing one costs ~30 ms of every cold start (npm run bench), and no log
        // line carries a stack trace to map (errors are logged by name only, for privacy).
        sourceMap: false,
        metafile: props.metafile ?? false,
        mainFields: ['module', 'main'],
        banner: CREATE_REQUIRE_BANNER,
        externalModules: [], // bundle @aws-sdk/* too: pinned versions, not whatever the runtime ships
        ...(props.define ? { define: { ...props.define } } : {}),
        ...(props.besideBundle ? { commandHooks: besideBundleHooks(scope, id, props.besideBundle) } : {}),
      },
    });

    this.props = props;
    Validations.of(role).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason:
        'Active tracing adds xray:PutTraceSegments and xray:PutTelemetryRecords, which support no resource-level permissions. ' +
        'This covers every Resource::* on this role: put any other wildcard grant in a Policy of its own with its own acknowledgement.',
    });
  }
}

/**
 * Copies each file into the bundle's directory from a copy in the cloud assembly's own directory,
 * written at synth: a bundling command runs in a shell (local esbuild, as this stack always bundles).
 */
function besideBundleHooks(scope: Construct, id: string, files: Readonly<Record<string, string>>) {
  const outdir = Stage.of(scope)?.outdir;
  if (!outdir) throw new Error(`${id}: a function with files beside its bundle must be in an App`);
  const directory = join(outdir, 'beside-bundle', `${scope.node.path}/${id}`.replaceAll('/', '-'));
  mkdirSync(directory, { recursive: true });
  const sources = Object.entries(files).map(([name, content]) => {
    const source = join(directory, name);
    writeFileSync(source, content);
    return { name, source };
  });
  return {
    beforeBundling: () => [],
    beforeInstall: () => [],
    afterBundling: (_inputDir: string, outputDir: string) => sources.map(({ name, source }) => `cp "${source}" "${join(outputDir, name)}"`),
  };
}
