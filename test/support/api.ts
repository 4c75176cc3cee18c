// The API in-process for a test file: the local dev server (API Gateway and its JWT authorizer) on a
// free loopback port, in front of the real handlers and this file's own table.
import { type ApiRequestOptions, type ApiResponse, callApi } from '../../local/api-client.js';
import { type JwtClaims, signHs256 } from '../../local/auth/jwt.js';
import { type LocalIdentity, mintLocalToken } from '../../local/auth/local-tokens.js';
import { startDevServer } from '../../local/dev-server.js';
import { randomSecret } from '../../local/secrets.js';
import { TEST_CURSOR_SECRET, type TestTable } from './dynamodb.js';

export interface TestApi {
  baseUrl: string;
  /** The token the local stack would mint for this identity now (`mintLocalToken`), signed with the server's key. */
  tokenFor(identity: LocalIdentity): Promise<string>;
  /** Any claims at all, signed with the server's key: for tests of the authorizer itself. */
  signClaims(claims: JwtClaims): Promise<string>;
  request(method: string, path: string, options?: ApiRequestOptions): Promise<ApiResponse>;
  stop(): Promise<void>;
}

/**
 * One per test file: the handlers read TABLE_NAME and CURSOR_SECRET once, when the dev server first
 * loads them, and Jest gives every test file a module registry of its own.
 */
export async function startTestApi(table: TestTable, env: Record<string, string> = {}): Promise<TestApi> {
  const jwtKey = randomSecret();
  const server = await startDevServer({
    port: 0,
    jwtKey,
    env: { TABLE_NAME: table.tableName, CURSOR_SECRET: TEST_CURSOR_SECRET, ...env },
    log: () => {},
  });
  return {
    baseUrl: server.url,
    tokenFor: (identity) => mintLocalToken(identity, jwtKey),
    signClaims: (claims) => signHs256(claims, jwtKey),
    request: (method, path, options) => callApi(server.url, method, path, options),
    stop: () => server.close(),
  };
}
