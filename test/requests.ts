// What a recorded request sent, for assertions: its method, path, and query as one value a name.
import type { RecordedRequest } from "../src/testing";

export function sent(request: RecordedRequest | undefined) {
  const url = new URL(request?.url ?? "/", "http://portal");
  return {
    method: request?.method,
    path: url.pathname,
    query: Object.fromEntries(url.searchParams),
  };
}
