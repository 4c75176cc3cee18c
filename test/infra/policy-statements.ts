// What a function or role may do, read from the template: the statements of every IAM policy on the role.
import { Match, type Template } from 'aws-cdk-lib/assertions';

export interface PolicyStatement {
  readonly Effect: string;
  readonly Action: string | string[];
  readonly Resource: unknown;
}

export function policyStatementsOfRole(template: Template, roleId: string): PolicyStatement[] {
  const policies = template.findResources('AWS::IAM::Policy', { Properties: { Roles: Match.arrayWith([{ Ref: roleId }]) } });
  return Object.values(policies).flatMap((policy) => policy.Properties.PolicyDocument.Statement);
}

/** The statements on a function's execution role. */
export function policyStatementsOf(template: Template, functionId: string): PolicyStatement[] {
  const [role] = template.toJSON().Resources[functionId].Properties.Role['Fn::GetAtt'];
  return policyStatementsOfRole(template, role);
}

export function allowedActionsOf(template: Template, functionId: string): string[] {
  return policyStatementsOf(template, functionId)
    .filter((statement) => statement.Effect === 'Allow')
    .flatMap((statement) => [statement.Action].flat());
}
