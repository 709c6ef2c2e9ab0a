// When to try again: exponential backoff with jitter, or what the server asked for in Retry-After.
// Pure functions of their inputs (the clock and the dice are parameters), so tests need no timers.

export interface RetryDelay {
  /** The first retry waits about this long; each further one twice as long. Default 500. */
  baseMs: number;
  /** No computed wait is longer than this. Default 8 000. */
  maxMs: number;
  /** No Retry-After wait is longer than this. Default 60 000. */
  retryAfterMaxMs: number;
}

export const DEFAULT_RETRY_DELAY: RetryDelay = {
  baseMs: 500,
  maxMs: 8_000,
  retryAfterMaxMs: 60_000,
};

/**
 * Milliseconds a `Retry-After` header asks for: delay-seconds (`120`) or an HTTP date. `undefined`
 * when absent or unreadable; never negative (a date in the past means "now").
 */
export function parseRetryAfter(value: string | null | undefined, now: number): number | undefined {
  const text = value?.trim() ?? "";
  // Seconds, or an HTTP date; "-1", "1.5" or "" are neither (NaN fails the comparison).
  const at = /^\d+$/.test(text)
    ? now + Number(text) * 1000
    : /[a-z]/i.test(text)
      ? Date.parse(text)
      : NaN;
  return at >= 0 ? Math.max(0, at - now) : undefined;
}

/**
 * How long to wait before retry number `retry` (0 for the first retry). A readable Retry-After
 * wins (capped at `retryAfterMaxMs`); otherwise `baseMs · 2^retry`, capped at `maxMs`, minus up
 * to 25 % jitter so that many clients do not come back in lockstep.
 */
export function retryDelayMs(
  retry: number,
  retryAfter: string | null | undefined,
  delay: RetryDelay,
  random: () => number = Math.random,
  now: number = Date.now(),
): number {
  const asked = parseRetryAfter(retryAfter, now);
  if (asked !== undefined) return Math.min(asked, delay.retryAfterMaxMs);
  const backoff = Math.min(delay.baseMs * 2 ** retry, delay.maxMs);
  return backoff * (1 - 0.25 * random()); // setTimeout accepts a fractional delay
}

/** Whether an HTTP status is worth another try: 408, 429 and every 5xx. */
export function isRetryableStatus(status: number): boolean {
  return status === 408 || status === 429 || status >= 500;
}
