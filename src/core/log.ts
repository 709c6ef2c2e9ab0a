// What the client tells about its requests: a line per attempt to a logger (`logLevel`, `logger`,
// `ONLYOFFICE_LOG`) and the same facts, as plain objects, to the caller's hooks. The facts hold
// the method, the path (no query string: it may hold what the caller searched for), statuses,
// counts and times: never a header, a body, the token, a password or a code.

import { checked } from "./shapes";

/** How much the client logs: `debug` a line per attempt; `info` retries and pauses too. */
export type LogLevel = "debug" | "info" | "warn" | "error" | "off";

/** Where the lines go; default `console`. */
export interface Logger {
  debug(message: string): void;
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

/** An attempt about to be sent. */
export interface RequestFacts {
  method: string;
  /** The URL's path, without the query string. */
  path: string;
  /** 1 for the first attempt. */
  attempt: number;
  /** How long it waited in the client's line (concurrency, rate limit, a pause), in ms. */
  waitedMs: number;
}

/** An attempt's outcome. */
export interface ResponseFacts extends RequestFacts {
  /** The HTTP status; 0 when there was no answer (connection failed, time-out). */
  status: number;
  /** From sending to the answer read, in ms. */
  ms: number;
}

/** A retry about to wait. */
export interface RetryFacts extends ResponseFacts {
  /** How long it waits before the next attempt, in ms. */
  delayMs: number;
  /** The portal refused before running it (429, or 503 with Retry-After): every call pauses. */
  refused: boolean;
}

/** The caller's hooks, for metrics: each gets a fresh plain object. */
export interface Hooks {
  onRequest?(facts: RequestFacts): void;
  onResponse?(facts: ResponseFacts): void;
  onRetry?(facts: RetryFacts): void;
}

export type Report = <K extends keyof Hooks>(
  kind: K,
  facts: Parameters<Required<Hooks>[K]>[0],
) => void;

// Each level's rank: from `debug` (0) up.
const LEVELS = { debug: 0, info: 1, warn: 2, error: 3, off: 4 };

/** The client's reporter; undefined when nothing listens (no hooks, level above debug/info). */
export function reporter(
  level: unknown = "warn",
  logger: Logger = console,
  hooks: Hooks = {},
): Report | undefined {
  const at = checked("logLevel", level, LEVELS) as number;
  if (at > 1 && !hooks.onRequest && !hooks.onResponse && !hooks.onRetry) return undefined;
  return (kind, facts) => {
    hooks[kind]?.({ ...facts } as never);
    const { method, path, attempt, waitedMs, status, ms, delayMs, refused } = facts as RetryFacts;
    const head = `onlyoffice-crm: ${method} ${path}`;
    if (kind === "onResponse" && !at)
      logger.debug(
        `${head} → ${status || "no answer"} (attempt ${attempt}, ${ms} ms, waited ${waitedMs} ms in line)`,
      );
    if (kind === "onRetry" && at < 2)
      logger.info(
        `${head}: attempt ${attempt + 1} in ${Math.round(delayMs)} ms` +
          (refused ? ` (the portal refused: ${status}, Retry-After; every call waits)` : ""),
      );
  };
}
