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

/**
 * The client's reporter: called once per call with its method and path, it gives the call's
 * `Note`, which the request loop tells of each step of each attempt.
 */
export type Report = (method: string, path: string) => Note;

/**
 * One call's steps: `WAIT` before it takes its place in line, `SENT` as an attempt goes,
 * `ANSWERED` with its status (0: no answer), `RETRY` with the status, the delay and whether the
 * portal refused it. The times and the attempt number are counted here, not in the request loop.
 */
export type Note = (step: Step, status?: number, delayMs?: number, refused?: boolean) => void;
export type Step = 0 | 1 | 2 | 3;

// Each level's rank: from `debug` (0) up.
const LEVELS = { debug: 0, info: 1, warn: 2, error: 3, off: 4 };

/**
 * The client's reporter; undefined when nothing listens (no hooks, level above debug/info).
 * A client has it when `logging` is among its parts (`createCrmClient` has it always).
 */
export function reporter(
  level: unknown = "warn",
  logger: Logger = console,
  hooks: Hooks = {},
): Report | undefined {
  const at = checked("logLevel", level, LEVELS) as number;
  if (at > 1 && !hooks.onRequest && !hooks.onResponse && !hooks.onRetry) return undefined;
  return (method, path) => {
    const head = `onlyoffice-crm: ${method} ${path}`;
    let attempt = 0;
    let from = 0; // when the wait in line, then the attempt, began
    let facts: RequestFacts;
    return (step, status = 0, delayMs = 0, refused = false) => {
      const now = Date.now();
      if (!step) return void (from = now);
      if (step < 2) {
        facts = { method, path, attempt: ++attempt, waitedMs: now - from };
        from = now;
        return hooks.onRequest?.({ ...facts });
      }
      const ms = now - from;
      if (step < 3) {
        hooks.onResponse?.({ ...facts, status, ms });
        if (!at)
          logger.debug(
            `${head} → ${status || "no answer"} (attempt ${attempt}, ${ms} ms, waited ${facts.waitedMs} ms in line)`,
          );
        return;
      }
      hooks.onRetry?.({ ...facts, status, ms, delayMs, refused });
      if (at < 2)
        logger.info(
          `${head}: attempt ${attempt + 1} in ${Math.round(delayMs)} ms` +
            (refused ? ` (the portal refused: ${status}, Retry-After; every call waits)` : ""),
        );
    };
  };
}

/**
 * Logging and hooks for `createCrmClientFor`: `createCrmClientFor([cases, logging], { logLevel,
 * logger, hooks })`. Without it such a client neither logs nor reports (and so bundles none of
 * this), and refuses those options; `createCrmClient` always has it.
 */
export const logging: Feature = { report: reporter };

/** Machinery a client takes among its parts (`logging`): it adds no methods. */
export interface Feature {
  readonly report: typeof reporter;
}
