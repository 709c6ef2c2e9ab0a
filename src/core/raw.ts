// `createRawClient`: the openapi-fetch client for the spec, for calls the facade's methods do not
// make the way you need (no envelope unwrapping, retries, time limits or errors). A separate
// import, so that an app that does not use it does not carry openapi-fetch (about 2.7 kB).
import createClient, { type Client } from "openapi-fetch";
import type { paths } from "../../generated/schema";
import { resolveOptions, type CrmClientOptions } from "./options";

/**
 * The openapi-fetch client for the spec's paths, with the same options and checks as
 * `createCrmClient`: the base URL, the token on every request, no cookies. It resolves to
 * `{ data, error, response }` and neither unwraps, retries, times out nor throws.
 */
export function createRawClient(options: CrmClientOptions = {}): Client<paths> {
  const { baseUrl, headers, getToken, fetch: custom } = resolveOptions(options);
  return createClient<paths>({
    baseUrl,
    headers,
    credentials: "omit",
    fetch: async (request: Request) => {
      // A portal prefers `asc_auth_key` to the token (SECURITY.md): only the token may go out.
      if (new URL(request.url).searchParams.has("asc_auth_key")) {
        throw new TypeError("asc_auth_key must not be sent: the token authenticates (SECURITY.md)");
      }
      request.headers.set("Authorization", await getToken());
      return (custom ?? fetch)(request);
    },
  });
}
