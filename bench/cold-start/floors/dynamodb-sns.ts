// Floor of the notifier: the table's client and the SMS client, constructed as at init.
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SNSClient } from '@aws-sdk/client-sns';

export const clients = [new DynamoDBClient({}), new SNSClient({})];
