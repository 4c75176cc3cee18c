// Floor of the weekly summary job: the table's client and the email client, constructed as at init.
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SESv2Client } from '@aws-sdk/client-sesv2';

export const clients = [new DynamoDBClient({}), new SESv2Client({})];
