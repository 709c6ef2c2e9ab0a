// A route of the fake portal: a method, a path below `/api/2.0/crm/` with the portal's route
// constraints as named groups, and the controller method. Every route also answers with a
// `.json` suffix (M/ASC.Api/Impl/Routing/ApiRouteRegistrator.cs:37-48).
import type { PortalState } from "./state";
import type { Answer, Args, Paging } from "./wire";

export interface RouteContext {
  state: PortalState;
  args: Args;
  paging: Paging;
  /** The raw request, for a route that reads a file from it (`files/upload`). */
  /** `raw`: the body's bytes, for a file upload (`body` is them read as UTF-8). */
  request: { contentType: string; contentDisposition: string; body: string; raw?: Uint8Array };
}

export type Route = [method: string, path: string, handle: (context: RouteContext) => Answer];

/** Finds the route for `method` and `path` (below `/api/2.0/crm/`) and its route values. */
export function matchRoute(
  routes: readonly Route[],
  method: string,
  path: string,
): { handle: Route[2]; values: Record<string, string> } | undefined {
  for (const [verb, pattern, handle] of routes) {
    if (verb !== method) continue;
    const match = new RegExp(`^${pattern}(?:\\.json)?$`).exec(path);
    if (match) return { handle, values: { ...match.groups } };
  }
  return undefined;
}
