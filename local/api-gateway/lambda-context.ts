// The Lambda context the handlers get locally: what Powertools reads (names, request id, memory),
// and a deadline like API Gateway's 30-second integration timeout.

import { randomUUID } from 'node:crypto';
import type { Context } from 'aws-lambda';
import { LOCAL_REGION } from '../aws-local.js';

const TIMEOUT_MS = 29_000;

export function lambdaContext(functionName: string): Context {
  const deadline = Date.now() + TIMEOUT_MS;
  const unsupported = () => {
    throw new Error('the callback-style context methods are not available locally');
  };
  return {
    callbackWaitsForEmptyEventLoop: false,
    functionName,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:${LOCAL_REGION}:000000000000:function:${functionName}`,
    memoryLimitInMB: '256',
    awsRequestId: randomUUID(),
    logGroupName: `/aws/lambda/${functionName}`,
    logStreamName: 'local',
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
    done: unsupported,
    fail: unsupported,
    succeed: unsupported,
  };
}
