import { Match } from 'aws-cdk-lib/assertions';
import { TABLE_DESIGN } from '../../functions/adapters/table/table-design.js';
import { synthesizeStack } from './stack-fixture.js';

// Prepare and Act: synthesize each stage once; the tests below assess the templates.
const dev = synthesizeStack({ stage: 'dev' });
const prod = synthesizeStack({ stage: 'prod' });

describe('data table', () => {
  test('is on-demand, streams new and old images, and has point-in-time recovery', () => {
    dev.template.hasResourceProperties('AWS::DynamoDB::Table', {
      BillingMode: 'PAY_PER_REQUEST',
      StreamSpecification: { StreamViewType: TABLE_DESIGN.streamViewType },
      PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
    });
  });

  test('is encrypted with a customer-managed key that rotates', () => {
    // Prepare
    const [keyId] = Object.keys(dev.template.findResources('AWS::KMS::Key', { Properties: { EnableKeyRotation: true } }));

    // Assess
    expect(keyId).toBeDefined();
    dev.template.hasResourceProperties('AWS::DynamoDB::Table', {
      SSESpecification: { SSEEnabled: true, SSEType: 'KMS', KMSMasterKeyId: { 'Fn::GetAtt': [keyId, 'Arn'] } },
    });
  });

  test('keys and TTL come from TABLE_DESIGN', () => {
    dev.template.hasResourceProperties('AWS::DynamoDB::Table', {
      KeySchema: [
        { AttributeName: TABLE_DESIGN.partitionKey, KeyType: 'HASH' },
        { AttributeName: TABLE_DESIGN.sortKey, KeyType: 'RANGE' },
      ],
      TimeToLiveSpecification: { AttributeName: TABLE_DESIGN.ttlAttribute, Enabled: true },
    });
  });

  test.each(Object.values(TABLE_DESIGN.indexes))('has the $indexName index from TABLE_DESIGN, projecting all attributes', (index) => {
    dev.template.hasResourceProperties('AWS::DynamoDB::Table', {
      GlobalSecondaryIndexes: Match.arrayWith([
        {
          IndexName: index.indexName,
          KeySchema: [
            { AttributeName: index.partitionKey, KeyType: 'HASH' },
            { AttributeName: index.sortKey, KeyType: 'RANGE' },
          ],
          Projection: { ProjectionType: 'ALL' },
        },
      ]),
    });
  });

  test('prod keeps table and key on stack deletion and turns deletion protection on', () => {
    prod.template.hasResource('AWS::DynamoDB::Table', {
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
      Properties: Match.objectLike({ DeletionProtectionEnabled: true }),
    });
    prod.template.hasResource('AWS::KMS::Key', { DeletionPolicy: 'Retain' });
  });

  test('dev can be torn down: no deletion protection, table and key deleted with the stack', () => {
    dev.template.hasResource('AWS::DynamoDB::Table', {
      DeletionPolicy: 'Delete',
      Properties: Match.objectLike({ DeletionProtectionEnabled: false }),
    });
    dev.template.hasResource('AWS::KMS::Key', { DeletionPolicy: 'Delete' });
  });
});
