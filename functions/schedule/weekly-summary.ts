// Lambda entry point of the funders' weekly summary (EventBridge, Monday 09:00 Asia/Kolkata).
import { SESv2Client } from '@aws-sdk/client-sesv2';
import { SesMailer } from '../adapters/ses/ses-mailer.js';
import { requiredEnvironment } from '../observability/environment.js';
import { PROGRAMME_NAME } from '../use-cases/weekly-summary.js';
import { metricsDependencies } from '../wiring.js';
import { createWeeklySummaryHandler } from './weekly-summary-handler.js';

export const handler = createWeeklySummaryHandler({
  ...metricsDependencies(),
  mailer: new SesMailer({ client: new SESv2Client({}), from: requiredEnvironment('SES_FROM_ADDRESS') }),
  programmeName: process.env.PROGRAMME_NAME ?? PROGRAMME_NAME,
});
