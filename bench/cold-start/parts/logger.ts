// A part of a cold start, timed alone: what every function wraps its handler in, the Powertools logger in middy.
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import { logger } from '../../../functions/observability/logger.js';

export const handler = middy()
  .use(injectLambdaContext(logger))
  .handler(async () => undefined);
