// What the deployed stack holds that is billed by the month or by the run, read from the synthesized
// prod template (with an alarm email and WhatsApp, as a programme runs it), so the cost model follows
// the stack rather than a copy of it: keys, secrets, alarms, schedules and how often each runs, the
// functions' memory, the log groups' retention.
import { ALARM_EMAIL_CONTEXT, synthesizeStack, WHATSAPP_CONTEXT } from '../../test/infra/stack-fixture.js';
import { HOURS_PER_MONTH } from '../support/prices.js';

interface Resource {
  Type: string;
  Properties?: Record<string, unknown>;
}

export interface StackInventory {
  kmsKeys: number;
  secrets: number;
  alarms: number;
  /** Every schedule: what it runs (its description) and how often a month. */
  schedules: { description: string; runsPerMonth: number }[];
  /** The largest memory any function has, in MB (the model prices every invocation at it). */
  memoryMb: number;
  /** The weekly summary function's timeout, in seconds. */
  weeklySummaryTimeoutSeconds: number;
  /** The API's access log group keeps its lines this many days; the functions' groups keep theirs `functionLogDays`. */
  accessLogDays: number;
  functionLogDays: number;
}

const MINUTES_PER_MONTH = HOURS_PER_MONTH * 60;
const UNIT_MINUTES: Record<string, number> = { minute: 1, hour: 60, day: 24 * 60 };

/** Runs a month of an EventBridge Scheduler expression: rate(n unit), or a cron that runs daily or on named weekdays. */
export function runsPerMonth(expression: string): number {
  const rate = /^rate\((\d+) (minute|hour|day)s?\)$/.exec(expression);
  if (rate) return MINUTES_PER_MONTH / (Number(rate[1]) * (UNIT_MINUTES[rate[2] ?? ''] ?? Number.NaN));
  const cron = /^cron\((\S+) (\S+) (\S+) (\S+) (\S+) (\S+)\)$/.exec(expression);
  if (cron && /^\d+$/.test(cron[1] ?? '') && /^\d+$/.test(cron[2] ?? '')) {
    const [, , , dayOfMonth, , dayOfWeek] = cron;
    const days = HOURS_PER_MONTH / 24;
    if (dayOfMonth === '?' && dayOfWeek !== '*' && dayOfWeek !== '?') return (days / 7) * (dayOfWeek ?? '').split(',').length;
    if (dayOfMonth === '*' && (dayOfWeek === '?' || dayOfWeek === '*')) return days;
  }
  throw new Error(`the cost model does not know how often "${expression}" runs`);
}

export function stackInventory(): StackInventory {
  const { template } = synthesizeStack({ stage: 'prod', context: { ...ALARM_EMAIL_CONTEXT, ...WHATSAPP_CONTEXT } });
  const resources = Object.values((template.toJSON() as { Resources: Record<string, Resource> }).Resources);
  const ofType = (type: string) => resources.filter((resource) => resource.Type === type).map((resource) => resource.Properties ?? {});
  const functions = ofType('AWS::Lambda::Function');
  const weekly = functions.find((properties) => String(properties.Description).includes('weekly summary'));
  const retentions = ofType('AWS::Logs::LogGroup').map((properties) => Number(properties.RetentionInDays));
  return {
    kmsKeys: ofType('AWS::KMS::Key').length,
    secrets: ofType('AWS::SecretsManager::Secret').length,
    alarms: ofType('AWS::CloudWatch::Alarm').length,
    schedules: ofType('AWS::Scheduler::Schedule').map((properties) => ({
      description: String(properties.Description),
      runsPerMonth: runsPerMonth(String(properties.ScheduleExpression)),
    })),
    memoryMb: Math.max(...functions.map((properties) => Number(properties.MemorySize ?? 128))),
    weeklySummaryTimeoutSeconds: Number(weekly?.Timeout),
    // The access logs are the one group kept longest (README "Audit records": 400 days); the functions' are the most common.
    accessLogDays: Math.max(...retentions),
    functionLogDays: mostCommon(retentions),
  };
}

function mostCommon(values: readonly number[]): number {
  const counts = new Map<number, number>();
  for (const value of values) counts.set(value, (counts.get(value) ?? 0) + 1);
  return [...counts].sort((a, b) => b[1] - a[1])[0]?.[0] ?? Number.NaN;
}
