// Where alarms go when context names an alarmEmail: an SNS topic with that email subscribed.
import { RemovalPolicy } from 'aws-cdk-lib';
import { ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Key } from 'aws-cdk-lib/aws-kms';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { EmailSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import { Construct } from 'constructs';

export interface AlarmTopicProps {
  readonly email: string;
}

export class AlarmTopic extends Construct {
  readonly topic: Topic;

  constructor(scope: Construct, id: string, props: AlarmTopicProps) {
    super(scope, id);

    // A key of our own: CloudWatch can publish to an encrypted topic only if the key policy lets it,
    // which the AWS-managed SNS key's does not. It protects only notifications in transit, so it goes with the stack.
    const key = new Key(this, 'Key', {
      description: 'Encrypts Suraksha alarm notifications',
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    this.topic = new Topic(this, 'Topic', { displayName: 'Suraksha alarms', masterKey: key, enforceSSL: true });
    this.topic.grantPublish(new ServicePrincipal('cloudwatch.amazonaws.com'));
    this.topic.addSubscription(new EmailSubscription(props.email));
  }
}
