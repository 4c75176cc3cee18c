// Floor of the functions that send alerts: the table's client, the SMS client and the WhatsApp client, constructed as at init.
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SNSClient } from '@aws-sdk/client-sns';
import { SocialMessagingClient } from '@aws-sdk/client-socialmessaging';

export const clients = [new DynamoDBClient({}), new SNSClient({}), new SocialMessagingClient({})];
