// Every Lambda the stack deploys: one per route group, found in the route table as the stack finds
// them, plus the stream notifier and the scheduled jobs. Each is paired with its floor: a bundle that
// only constructs the AWS SDK clients the function cannot do without.
import { ROUTE_GROUPS } from '../../functions/http/routes.js';

export const FLOORS = {
  none: 'bench/cold-start/floors/none.ts',
  dynamodb: 'bench/cold-start/floors/dynamodb.ts',
  'dynamodb+sns': 'bench/cold-start/floors/dynamodb-sns.ts',
  'dynamodb+sesv2': 'bench/cold-start/floors/dynamodb-sesv2.ts',
} as const;
export type Floor = keyof typeof FLOORS;

export interface LambdaEntry {
  name: string;
  /** Relative to the repository root, as SurakshaFunction takes it. */
  entry: string;
  floor: Floor;
}

export const LAMBDAS: readonly LambdaEntry[] = [
  ...Object.entries(ROUTE_GROUPS).map(([name, group]) => ({
    name,
    entry: group.entry,
    floor: group.access === 'none' ? ('none' as const) : ('dynamodb' as const),
  })),
  { name: 'notifier', entry: 'functions/stream/notifier.ts', floor: 'dynamodb+sns' },
  { name: 'escalation', entry: 'functions/schedule/escalate.ts', floor: 'dynamodb' },
  { name: 'weekly-summary', entry: 'functions/schedule/weekly-summary.ts', floor: 'dynamodb+sesv2' },
];
