// Finds a Lambda function in a template by the entry its description names, as every SurakshaFunction's does.
import type { Template } from 'aws-cdk-lib/assertions';

export function functionBuiltFrom(template: Template, entry: string) {
  const matches = Object.entries(template.findResources('AWS::Lambda::Function')).filter(([, fn]) =>
    String(fn.Properties.Description).includes(`(${entry})`),
  );
  const [match] = matches;
  if (!match || matches.length > 1) throw new Error(`expected one function built from ${entry}`);
  const [id, resource] = match;
  return { id, resource };
}
