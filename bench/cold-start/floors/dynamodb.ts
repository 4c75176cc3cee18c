// Floor of a function on the table: the SDK client it cannot do without, constructed as at init.
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';

export const clients = [new DynamoDBClient({})];
