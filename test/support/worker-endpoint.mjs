// Each Jest worker talks to its own DynamoDB Local (global-setup.mjs starts one per worker).
const endpoints = (process.env.DYNAMODB_ENDPOINTS ?? '').split(',').filter(Boolean);
const worker = Number(process.env.JEST_WORKER_ID ?? '1');
if (endpoints.length > 0) process.env.DYNAMODB_ENDPOINT = endpoints[(worker - 1) % endpoints.length];
