// What a recorded request sent, for assertions: its method, path, and query as one value a name.
import type { FakePortal, RecordedRequest } from "../src/testing";

export function sent(request: RecordedRequest | undefined) {
  const url = new URL(request?.url ?? "/", "http://portal");
  return {
    method: request?.method,
    path: url.pathname,
    query: Object.fromEntries(url.searchParams),
  };
}

/** The `index`th request `portal` recorded: method, path, query pairs, and a JSON body parsed. */
export function sentAt(portal: FakePortal, index: number) {
  const request = portal.requests[index]!;
  const url = new URL(request.url, portal.url);
  const json = /json/.test(String(request.headers["content-type"]));
  return {
    method: request.method,
    path: url.pathname,
    query: [...url.searchParams],
    body: request.body && json ? JSON.parse(request.body) : undefined,
  };
}
