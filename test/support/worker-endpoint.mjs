// Each Jest worker talks to its own DynamoDB Local (global-setup.mjs starts one per worker).
const endpoints = (process.env.DYNAMODB_ENDPOINTS ?? '').split(',').filter(Boolean);
const worker = Number(process.env.JEST_WORKER_ID ?? '1');
if (endpoints.length > 0) process.env.DYNAMODB_ENDPOINT = endpoints[(worker - 1) % endpoints.length];

// Each test file signs with an access key of its own, so its tables live in a database of their own
// (global-setup.mjs starts DynamoDB Local without -sharedDb). In a shared database every item written
// to a table with a stream walks the stream records older than its shard's first, those of the
// files before, deleted tables included: by the end of a run a write took 2.5 to 4 times as long.
// Jest gives each file a copy of the environment: a child process does not see this key unless it
// is handed over (pump-child.ts does). DynamoDB Local takes letters and digits only in a key.
process.env.AWS_ACCESS_KEY_ID = `test${worker}x${Date.now().toString(36)}${Math.random().toString(36).slice(2, 10)}`;
