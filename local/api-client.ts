// A small JSON client for the local API, shared by `npm run seed` and the API tests.
export interface ApiRequestOptions {
  token?: string;
  /** JSON-encoded unless it is already a string. */
  body?: unknown;
  headers?: Record<string, string>;
}

export interface ApiResponse {
  status: number;
  headers: Record<string, string>;
  /** Parsed when the answer is JSON or problem+json, text otherwise; callers know what their route answers. */
  // biome-ignore lint/suspicious/noExplicitAny: a deliberately loose client; seed and tests read the route's answer shape freely
  body: any;
}

export async function callApi(baseUrl: string, method: string, path: string, options: ApiRequestOptions = {}): Promise<ApiResponse> {
  const headers = new Headers(options.headers);
  if (options.token) headers.set('authorization', `Bearer ${options.token}`);
  let body: string | undefined;
  if (options.body !== undefined) {
    body = typeof options.body === 'string' ? options.body : JSON.stringify(options.body);
    if (!headers.has('content-type')) headers.set('content-type', 'application/json');
  }
  // Redirects are answers too (a confirmation's 303): shown, never followed.
  const response = await fetch(`${baseUrl}${path}`, { method, headers, redirect: 'manual', ...(body !== undefined ? { body } : {}) });
  const text = await response.text();
  const isJson = /^application\/([\w.-]+\+)?json\b/.test(response.headers.get('content-type') ?? '');
  return { status: response.status, headers: Object.fromEntries(response.headers), body: isJson && text !== '' ? JSON.parse(text) : text };
}
