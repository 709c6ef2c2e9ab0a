// The retry timing, as pure functions: no timers, no clock.
import {
  DEFAULT_RETRY_DELAY,
  isRetryableStatus,
  parseRetryAfter,
  retryDelayMs,
} from "../src/core/backoff";

const now = Date.parse("2024-03-05T12:00:00Z");

describe("parseRetryAfter", () => {
  it.each([
    ["0", 0],
    ["7", 7000],
    [" 120 ", 120_000],
    ["Tue, 05 Mar 2024 12:00:30 GMT", 30_000],
    ["Tue, 05 Mar 2024 11:00:00 GMT", 0], // in the past: now
    [null, undefined],
    [undefined, undefined],
    ["", undefined],
    ["-1", undefined],
    ["1.5", undefined],
    ["soon", undefined],
  ])("%p → %p", (header, ms) => {
    expect(parseRetryAfter(header, now)).toBe(ms);
  });
});

describe("retryDelayMs", () => {
  const noJitter = () => 0;
  const fullJitter = () => 1;

  it("doubles from 500 ms up to 8 s, with up to 25 % jitter taken off", () => {
    expect(
      [0, 1, 2, 3, 4, 5, 10].map((n) => retryDelayMs(n, null, DEFAULT_RETRY_DELAY, noJitter)),
    ).toEqual([500, 1000, 2000, 4000, 8000, 8000, 8000]);
    expect([0, 1, 4].map((n) => retryDelayMs(n, null, DEFAULT_RETRY_DELAY, fullJitter))).toEqual([
      375, 750, 6000,
    ]);
  });

  it("a readable Retry-After wins over backoff, capped at 60 s", () => {
    expect(retryDelayMs(0, "3", DEFAULT_RETRY_DELAY, noJitter, now)).toBe(3000);
    expect(retryDelayMs(5, "0", DEFAULT_RETRY_DELAY, noJitter, now)).toBe(0);
    expect(retryDelayMs(0, "86400", DEFAULT_RETRY_DELAY, noJitter, now)).toBe(60_000);
    expect(
      retryDelayMs(0, "Tue, 05 Mar 2024 12:00:10 GMT", DEFAULT_RETRY_DELAY, noJitter, now),
    ).toBe(10_000);
    expect(retryDelayMs(1, "garbage", DEFAULT_RETRY_DELAY, noJitter, now)).toBe(1000);
  });
});

it("retries 408, 429 and 5xx only", () => {
  const statuses = [400, 401, 402, 403, 404, 405, 408, 409, 410, 422, 429, 500, 502, 503, 504, 599];
  expect(statuses.filter(isRetryableStatus)).toEqual([408, 429, 500, 502, 503, 504, 599]);
});
