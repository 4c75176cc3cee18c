// How a function reaches the table: its name, the cursor key and the retention schedule in the
// environment, and a grant whose cdk-nag findings are acknowledged here, once, for every function that gets one.
import { type CfnElement, Stack, Validations } from 'aws-cdk-lib';
import type { Table } from 'aws-cdk-lib/aws-dynamodb';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import type { ISecret } from 'aws-cdk-lib/aws-secretsmanager';
import { AUDIT_PARTITION_PATTERN } from '../functions/adapters/table/table-design.js';
import type { RetentionSchedule } from '../functions/domain/retention.js';
import type { SurakshaFunction } from './suraksha-function.js';

/** `read-audit`: reads, and writes audit records only (the items whose partition key is an audit record's). */
export type TableAccess = 'read' | 'read-audit' | 'read-write';

export interface TableConnection {
  readonly table: Table;
  /** Signs list cursors; every function that reads the table builds or checks them through the store. */
  readonly cursorSecret: ISecret;
  /** How long items are kept: the TTLs the stores set, and when the retention job erases. */
  readonly retention: RetentionSchedule;
}

/** The retention schedule as the functions read it (functions/wiring.ts). */
export const retentionEnvironment = (retention: RetentionSchedule): Record<string, string> => ({
  RETENTION_SCHEDULE: JSON.stringify(retention),
});

export function giveTableAccess(fn: SurakshaFunction, { table, cursorSecret, retention }: TableConnection, access: TableAccess): void {
  fn.addEnvironment('TABLE_NAME', table.tableName);
  for (const [name, value] of Object.entries(retentionEnvironment(retention))) fn.addEnvironment(name, value);
  // A CloudFormation dynamic reference, resolved at deploy: the value is not in the template.
  // It does sit in the function's configuration, which is acceptable for a key that only signs
  // pagination cursors; Lambda encrypts its environment at rest with KMS.
  fn.addEnvironment('CURSOR_SECRET', cursorSecret.secretValue.unsafeUnwrap());

  if (access === 'read-write') table.grantReadWriteData(fn);
  else table.grantReadData(fn);
  if (access === 'read-audit') {
    // Only items whose partition key is an audit record's: a read is recorded, nothing else written.
    fn.addToRolePolicy(
      new PolicyStatement({
        actions: ['dynamodb:PutItem', 'dynamodb:BatchWriteItem'],
        resources: [table.tableArn],
        conditions: { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': [AUDIT_PARTITION_PATTERN] } },
      }),
    );
    table.encryptionKey?.grantEncrypt(fn);
  }

  const acknowledge = (finding: string, reason: string) =>
    Validations.of(fn.role).acknowledge({ id: `AwsSolutions-IAM5[${finding}]`, reason });
  // cdk-nag names the table's ARN in a finding by its logical id, as in `<DataTableFDBAD0F2.Arn>`.
  const tableArn = `<${Stack.of(table).getLogicalId(table.node.defaultChild as CfnElement)}.Arn>`;
  acknowledge(
    `Resource::${tableArn}/index/*`,
    "The table's grant covers its own global secondary indexes, which the list queries use (TABLE_DESIGN); it reaches no other table.",
  );
  if (access !== 'read') {
    for (const action of ['kms:ReEncrypt*', 'kms:GenerateDataKey*']) {
      acknowledge(
        `Action::${action}`,
        "Writing items to a table under a customer-managed key needs the key's data-key actions; the statement names only that one key.",
      );
    }
  }
}
