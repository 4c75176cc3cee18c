// What AWS charges in ap-south-1 (Mumbai), in US dollars, for the bench's monthly cost model: one
// named constant per price, its source beside it. The pages were read from stored copies (the
// search tool's pages corpus), where the region selector's tables did not come through: where a
// Mumbai figure was not found the comment says so and what was assumed (the figure the page shows
// for US East, N. Virginia). The SMS and WhatsApp prices are the weekly metrics' own defaults
// (functions/domain/prices.ts), in rupees, converted here. Checked December 2026.
import { DEFAULT_SMS_PRICE_PER_SEGMENT_INR, DEFAULT_WHATSAPP_PRICE_PER_MESSAGE_INR } from '../../functions/domain/prices.js';

/** AWS bills by the hour: its pricing pages take a month as 730 hours. */
export const HOURS_PER_MONTH = 730;

// ── DynamoDB on-demand: aws.amazon.com/dynamodb/pricing/on-demand ──────────────────────────────
// Mumbai not found; US East after the 50% cut of on-demand throughput on 1 November 2024 (the
// figures quoted from the page by airbyte.com's "DynamoDB pricing", July 2025).
export const DYNAMODB_USD_PER_MILLION_WRU = 0.625;
export const DYNAMODB_USD_PER_MILLION_RRU = 0.125;
/** Standard table class, per GB-month past the first 25 GB (aws.amazon.com/dynamodb/pricing: "prices start from $0.25"); US East. */
export const DYNAMODB_USD_PER_GB_MONTH = 0.25;
/**
 * Point-in-time recovery, per GB-month of table size: not found in the stored pages; assumed US
 * East's $0.20 (the stack turns PITR on).
 */
export const DYNAMODB_PITR_USD_PER_GB_MONTH = 0.2;
/** Storage DynamoDB's free tier covers every month, whatever the account's age (aws.amazon.com/dynamodb/pricing). */
export const DYNAMODB_FREE_GB = 25;

// ── Lambda, arm64: aws.amazon.com/lambda/pricing ───────────────────────────────────────────────
// The first tier's figures for Arm (cloudchipr.com's breakdown of the page); Mumbai not found,
// assumed the same as US East. The free tier (1M requests, 400,000 GB-seconds a month) never expires.
export const LAMBDA_USD_PER_MILLION_REQUESTS = 0.2;
export const LAMBDA_ARM_USD_PER_GB_SECOND = 0.0000133334;
export const LAMBDA_FREE_REQUESTS = 1_000_000;
export const LAMBDA_FREE_GB_SECONDS = 400_000;

// ── API Gateway HTTP API: aws.amazon.com/api-gateway/pricing ───────────────────────────────────
/** First 300 million requests a month (US East, as amnic.com and apigatewaycost.com quote the page; Mumbai not found, assumed equal). */
export const HTTP_API_USD_PER_MILLION_REQUESTS = 1.0;

// ── EventBridge Scheduler: aws.amazon.com/eventbridge/pricing ──────────────────────────────────
/** Per million invocations past the 14 million free each month (cloudburn.io's summary of the page, March 2026; "consistent across most commercial regions"). */
export const SCHEDULER_USD_PER_MILLION_INVOCATIONS = 1.0;
export const SCHEDULER_FREE_INVOCATIONS = 14_000_000;

// ── KMS: aws.amazon.com/kms/pricing ────────────────────────────────────────────────────────────
/**
 * Each customer-managed key, per month. With automatic rotation on (the stack's keys have it) each
 * rotated backing key adds $1 a month, for the first two rotations: $1 in a key's first year, $2 in
 * its second, $3 from its third. The model prices the first year.
 */
export const KMS_USD_PER_KEY_MONTH = 1.0;
/** Symmetric requests past the 20,000 free each month (the page; the same in every region). */
export const KMS_USD_PER_10K_REQUESTS = 0.03;
export const KMS_FREE_REQUESTS = 20_000;

// ── Secrets Manager: aws.amazon.com/secrets-manager/pricing ────────────────────────────────────
/**
 * Per secret per month, and $0.05 per 10,000 API calls (as hivebook.wiki quotes the page; Mumbai not
 * found, assumed equal). The cursor secret reaches the functions as a deploy-time reference, so
 * they make no API calls at run time.
 */
export const SECRETS_MANAGER_USD_PER_SECRET_MONTH = 0.4;

// ── CloudWatch: aws.amazon.com/cloudwatch/pricing ──────────────────────────────────────────────
/** A standard-resolution alarm, per month; 10 are free every month (the page's free tier table). Mumbai's figure not found, assumed US East's. */
export const CLOUDWATCH_USD_PER_ALARM_MONTH = 0.1;
export const CLOUDWATCH_FREE_ALARMS = 10;
/** Logs, Standard class: ingestion per GB and storage per GB-month; 5 GB of each free every month (c3x.dev's breakdown of US East, June 2026; Mumbai not found, assumed equal). */
export const CLOUDWATCH_LOGS_USD_PER_GB_INGESTED = 0.5;
export const CLOUDWATCH_LOGS_USD_PER_GB_MONTH_STORED = 0.03;
export const CLOUDWATCH_LOGS_FREE_GB = 5;

// ── X-Ray: aws.amazon.com/xray/pricing (the stack traces every function) ───────────────────────
/** Per trace recorded past the first 100,000 each month ($5.00 per million; the page, in every region). */
export const XRAY_USD_PER_TRACE = 0.000005;
export const XRAY_FREE_TRACES = 100_000;

// ── Messages, in rupees: functions/domain/prices.ts (SNS SMS to India; Meta's utility rate plus End User Messaging Social's fee) ──
/**
 * Rupees to the dollar, as functions/domain/prices.ts converts End User Messaging Social's USD 0.005
 * (about ₹0.43): 86.
 */
export const INR_PER_USD = 86;
export const SMS_USD_PER_SEGMENT = DEFAULT_SMS_PRICE_PER_SEGMENT_INR / INR_PER_USD;
export const WHATSAPP_USD_PER_MESSAGE = DEFAULT_WHATSAPP_PRICE_PER_MESSAGE_INR / INR_PER_USD;
