/** Values the server's framework reads from the query string on every route. */
export declare const CONTEXT: readonly string[];
/** The spec held against openapi/server-routes.json: the figures and one line per difference. */
export declare function coverage(
  spec: unknown,
  server: unknown,
  exceptions: unknown,
): { total: number; covered: number; differences: string[] };
