// Deployment settings, read once from CDK context (`cdk synth -c stage=prod -c alarmEmail=...`)
// and validated here so a typo fails synth instead of deploying something half-configured.
import type { Node } from 'constructs';

export const STAGES = ['dev', 'prod'] as const;
export type Stage = (typeof STAGES)[number];

/** Indian SMS local routes work only in ap-south-1 or ap-south-2 (DESIGN.md). */
export const DEFAULT_REGION = 'ap-south-1';

export interface Settings {
  readonly stage: Stage;
  /** Undefined keeps the stack environment-agnostic for the account, so synth needs no credentials. */
  readonly account: string | undefined;
  readonly region: string;
  readonly alarmEmail: string | undefined;
  readonly sesFromAddress: string | undefined;
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export function readSettings(node: Node, environment: NodeJS.ProcessEnv = process.env): Settings {
  return {
    stage: readStage(node.tryGetContext('stage')),
    account: optionalText(node.tryGetContext('account'), 'account') ?? environment.CDK_DEFAULT_ACCOUNT,
    region: optionalText(node.tryGetContext('region'), 'region') ?? DEFAULT_REGION,
    alarmEmail: optionalEmail(node.tryGetContext('alarmEmail'), 'alarmEmail'),
    sesFromAddress: optionalEmail(node.tryGetContext('sesFromAddress'), 'sesFromAddress'),
  };
}

function readStage(value: unknown): Stage {
  if (value === undefined) return 'dev';
  const stage = STAGES.find((candidate) => candidate === value);
  if (!stage) throw new Error(`Context "stage" must be one of ${STAGES.join(', ')}; got ${JSON.stringify(value)}`);
  return stage;
}

function optionalText(value: unknown, key: string): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || value.trim() === '') {
    throw new Error(`Context "${key}" must be a non-empty string; got ${JSON.stringify(value)}`);
  }
  return value.trim();
}

function optionalEmail(value: unknown, key: string): string | undefined {
  const text = optionalText(value, key);
  if (text !== undefined && !EMAIL.test(text)) {
    throw new Error(`Context "${key}" must be an email address; got ${JSON.stringify(text)}`);
  }
  return text;
}
