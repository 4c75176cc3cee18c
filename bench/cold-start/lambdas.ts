// Every Lambda the stack deploys, found in the stack itself (prod settings with WhatsApp on, so that no
// optional function is missing), each named after its handler module and paired with its floor.
import { basename } from 'node:path';
import type { CfnFunction } from 'aws-cdk-lib/aws-lambda';
import { SurakshaFunction, type SurakshaFunctionProps } from '../../lib/suraksha-function.js';
import { synthesizeStack, WHATSAPP_CONTEXT } from '../../test/infra/stack-fixture.js';

export interface LambdaEntry {
  name: string;
  /** Relative to the repository root, as SurakshaFunction takes it. */
  entry: string;
  /** A bundle built the same way that only constructs the AWS SDK clients this function constructs. */
  floor: string;
  /** What the stack builds it from: its bundle is built from the same. */
  props: SurakshaFunctionProps;
}

/** The setting that tells a function where a service is, so the client it constructs at init for it. */
const CLIENT_OF_SETTING: Record<string, string> = {
  TABLE_NAME: 'dynamodb',
  SMS_SENDER_ID: 'sns',
  WHATSAPP_PHONE_NUMBER_ID: 'socialmessaging',
  SES_FROM_ADDRESS: 'sesv2',
};

export function stackLambdas(): LambdaEntry[] {
  const { stack } = synthesizeStack({ stage: 'prod', context: WHATSAPP_CONTEXT });
  const functions = stack.node.findAll().filter((construct): construct is SurakshaFunction => construct instanceof SurakshaFunction);
  const byEntry = new Map(
    functions.map((fn) => {
      const settings = Object.keys(stack.resolve((fn.node.defaultChild as CfnFunction).environment)?.variables ?? {});
      const clients = settings.flatMap((setting) => CLIENT_OF_SETTING[setting] ?? []).sort();
      const floor = `bench/cold-start/floors/${clients.length > 0 ? clients.join('-') : 'none'}.ts`;
      return [fn.entry, { name: basename(fn.entry, '.ts'), entry: fn.entry, floor, props: fn.props }];
    }),
  );
  return [...byEntry.values()];
}
