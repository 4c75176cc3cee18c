// How a function reaches the table: its name and the cursor key in the environment, and a grant whose
// cdk-nag findings are acknowledged here, once, for every function that gets one.
import { type CfnElement, Stack, Validations } from 'aws-cdk-lib';
import type { Table } from 'aws-cdk-lib/aws-dynamodb';
import type { ISecret } from 'aws-cdk-lib/aws-secretsmanager';
import type { SurakshaFunction } from './suraksha-function.js';

export type TableAccess = 'read' | 'read-write';

export interface TableConnection {
  readonly table: Table;
  /** Signs list cursors; every function that reads the table builds or checks them through the store. */
  readonly cursorSecret: ISecret;
}

export function giveTableAccess(fn: SurakshaFunction, { table, cursorSecret }: TableConnection, access: TableAccess): void {
  fn.addEnvironment('TABLE_NAME', table.tableName);
  // A CloudFormation dynamic reference, resolved at deploy: the value is not in the template.
  // It does sit in the function's configuration, which is acceptable for a key that only signs
  // pagination cursors; Lambda encrypts its environment at rest with KMS.
  fn.addEnvironment('CURSOR_SECRET', cursorSecret.secretValue.unsafeUnwrap());

  if (access === 'read') table.grantReadData(fn);
  else table.grantReadWriteData(fn);

  const acknowledge = (finding: string, reason: string) =>
    Validations.of(fn.role).acknowledge({ id: `AwsSolutions-IAM5[${finding}]`, reason });
  // cdk-nag names the table's ARN in a finding by its logical id, as in `<DataTableFDBAD0F2.Arn>`.
  const tableArn = `<${Stack.of(table).getLogicalId(table.node.defaultChild as CfnElement)}.Arn>`;
  acknowledge(
    `Resource::${tableArn}/index/*`,
    "The table's grant covers its own global secondary indexes, which the list queries use (TABLE_DESIGN); it reaches no other table.",
  );
  if (access === 'read-write') {
    for (const action of ['kms:ReEncrypt*', 'kms:GenerateDataKey*']) {
      acknowledge(
        `Action::${action}`,
        "Writing items to a table under a customer-managed key needs the key's data-key actions; the statement names only that one key.",
      );
    }
  }
}
