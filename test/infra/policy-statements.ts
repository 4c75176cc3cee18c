// What a function may do, read from the template: the statements of every IAM policy on its execution role.
import { Match, type Template } from 'aws-cdk-lib/assertions';

export interface PolicyStatement {
  readonly Effect: string;
  readonly Action: string | string[];
  readonly Resource: unknown;
}

export function policyStatementsOf(template: Template, functionId: string): PolicyStatement[] {
  const [role] = template.toJSON().Resources[functionId].Properties.Role['Fn::GetAtt'];
  const policies = template.findResources('AWS::IAM::Policy', { Properties: { Roles: Match.arrayWith([{ Ref: role }]) } });
  return Object.values(policies).flatMap((policy) => policy.Properties.PolicyDocument.Statement);
}

export function allowedActionsOf(template: Template, functionId: string): string[] {
  return policyStatementsOf(template, functionId)
    .filter((statement) => statement.Effect === 'Allow')
    .flatMap((statement) => [statement.Action].flat());
}
