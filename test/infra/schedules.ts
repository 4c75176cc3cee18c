// Finds the EventBridge Scheduler schedule that invokes a function, as every ScheduledJob's does.
import type { Template } from 'aws-cdk-lib/assertions';

export function scheduleInvoking(template: Template, functionId: string) {
  const schedules = template.findResources('AWS::Scheduler::Schedule', {
    Properties: { Target: { Arn: { 'Fn::GetAtt': [functionId, 'Arn'] } } },
  });
  const matches = Object.entries(schedules);
  const [match] = matches;
  if (!match || matches.length > 1) throw new Error(`expected one schedule invoking ${functionId}`);
  const [id, resource] = match;
  return { id, properties: resource.Properties };
}
