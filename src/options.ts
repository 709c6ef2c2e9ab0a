// Turns what the caller passed (or the environment holds) into checked settings. Everything that
// can be wrong with the configuration fails here, at construction, before any request exists.

/** A token, or a function that returns the current one (called before every request). */
export type TokenSource = string | (() => string | Promise<string>);

/** The `fetch` the client calls; defaults to the global one. */
export type FetchFunction = (input: Request) => Promise<Response>;

export interface CrmClientOptions {
  /** The portal's root URL, e.g. `https://portal.example.com`. Default: `ONLYOFFICE_URL`. */
  baseUrl?: string;
  /** The token from `POST /api/2.0/authentication`. Default: `ONLYOFFICE_TOKEN`. */
  token?: TokenSource;
  /** A custom `fetch` (a proxy agent, instrumentation, a test double). */
  fetch?: FetchFunction;
  /** Extra headers for every request. Put the token in `token`, not here. */
  headers?: Record<string, string>;
  /**
   * Allow a plain `http://` URL that is not loopback. Off by default: the token would cross the
   * network in clear text.
   */
  allowInsecureHttp?: boolean;
}

export interface ResolvedOptions {
  baseUrl: string;
  getToken: () => Promise<string>;
  fetch: FetchFunction | undefined;
  headers: Record<string, string>;
}

// Read without importing `node:process`, so the client runs wherever `fetch` does.
function env(name: string): string | undefined {
  const processLike = (globalThis as { process?: { env?: Record<string, string | undefined> } })
    .process;
  return processLike?.env?.[name];
}

const loopbackHost = /^(localhost|127(\.\d{1,3}){3}|\[::1\])$/i;

export function checkBaseUrl(value: unknown, allowInsecureHttp = false): string {
  if (typeof value !== "string" || value.trim() === "") {
    throw new TypeError("baseUrl is required: pass `baseUrl` or set ONLYOFFICE_URL");
  }
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new TypeError(`baseUrl is not an absolute URL: ${JSON.stringify(value.slice(0, 100))}`);
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") {
    throw new TypeError(`baseUrl must use https (got ${url.protocol})`);
  }
  if (url.username || url.password) {
    throw new TypeError("baseUrl must not contain credentials: pass the token as `token`");
  }
  if (url.search || url.hash) {
    throw new TypeError("baseUrl must not contain a query or a fragment");
  }
  if (url.protocol === "http:" && !loopbackHost.test(url.hostname) && !allowInsecureHttp) {
    throw new TypeError(
      `baseUrl ${url.origin} is plain http: the token would cross the network in clear text. ` +
        "Use https, or pass allowInsecureHttp: true if you really mean it",
    );
  }
  return url.href.replace(/\/+$/, "");
}

// Never put the token itself in a message.
export function checkToken(value: unknown): string {
  if (typeof value !== "string" || value.trim() === "") {
    throw new TypeError("token is required: pass `token` or set ONLYOFFICE_TOKEN");
  }
  if (/[\r\n\0]/.test(value)) {
    throw new TypeError("token contains a line break or NUL, which cannot go in a header");
  }
  return value;
}

export function resolveOptions(options: CrmClientOptions): ResolvedOptions {
  const baseUrl = checkBaseUrl(options.baseUrl ?? env("ONLYOFFICE_URL"), options.allowInsecureHttp);
  const token = options.token ?? env("ONLYOFFICE_TOKEN");
  let getToken: () => Promise<string>;
  if (typeof token === "function") {
    getToken = async () => checkToken(await token());
  } else {
    const checked = checkToken(token);
    getToken = () => Promise.resolve(checked);
  }
  const headers = { ...options.headers };
  if (Object.keys(headers).some((name) => name.toLowerCase() === "authorization")) {
    throw new TypeError("Pass the token as `token`, not as an Authorization header in `headers`");
  }
  if (options.fetch !== undefined && typeof options.fetch !== "function") {
    throw new TypeError("fetch must be a function");
  }
  return { baseUrl, getToken, fetch: options.fetch, headers };
}
