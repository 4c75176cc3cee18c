// The single DynamoDB table, built from TABLE_DESIGN so the deployed table and DynamoDB Local cannot drift.
import { RemovalPolicy } from 'aws-cdk-lib';
import { AttributeType, BillingMode, ProjectionType, StreamViewType, Table, TableEncryption } from 'aws-cdk-lib/aws-dynamodb';
import { Key } from 'aws-cdk-lib/aws-kms';
import { Construct } from 'constructs';
import { TABLE_DESIGN } from '../functions/adapters/table/table-design.js';

export interface DataTableProps {
  /** Production data: deletion protection on, and table and key survive a stack deletion. */
  readonly protectData: boolean;
}

export class DataTable extends Construct {
  readonly table: Table;
  readonly encryptionKey: Key;

  constructor(scope: Construct, id: string, props: DataTableProps) {
    super(scope, id);
    // The key must outlive a retained table, or the retained data could never be read again.
    const removalPolicy = props.protectData ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY;

    this.encryptionKey = new Key(this, 'Key', {
      description: 'Encrypts the Suraksha table: incident records about children',
      enableKeyRotation: true,
      removalPolicy,
    });

    // Table, not TableV2: one region only, and cdk-nag's PITR rule (AwsSolutions-DDB3) inspects AWS::DynamoDB::Table.
    this.table = new Table(this, 'Table', {
      partitionKey: { name: TABLE_DESIGN.partitionKey, type: AttributeType.STRING },
      sortKey: { name: TABLE_DESIGN.sortKey, type: AttributeType.STRING },
      billingMode: BillingMode.PAY_PER_REQUEST,
      stream: StreamViewType[TABLE_DESIGN.streamViewType],
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      encryption: TableEncryption.CUSTOMER_MANAGED,
      encryptionKey: this.encryptionKey,
      timeToLiveAttribute: TABLE_DESIGN.ttlAttribute,
      deletionProtection: props.protectData,
      removalPolicy,
    });

    for (const index of Object.values(TABLE_DESIGN.indexes)) {
      this.table.addGlobalSecondaryIndex({
        indexName: index.indexName,
        partitionKey: { name: index.partitionKey, type: AttributeType.STRING },
        sortKey: { name: index.sortKey, type: AttributeType.STRING },
        projectionType: ProjectionType.ALL,
      });
    }
  }
}
