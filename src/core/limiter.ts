// One line per client, in front of every attempt: at most `maxConcurrency` attempts in flight,
// at most `requests` attempts in any `perMs` (a sliding window, the strictest reading of "500
// requests per 10 seconds"), and a pause for everyone when the portal asks for one.
//
// The window counts an attempt from the moment it goes until `perMs` after its answer was read.
// A portal counts a request when it arrives, some time between those two, so no `perMs` of the
// portal's can see more than `requests` of this client's, however long the network takes. (Counted
// from the start instead, a slow first answer lets the next window's attempts arrive too close.)
//
// A timer exists only while calls wait for time to pass, and goes when the last of them leaves.

export interface RateLimit {
  /** How many attempts may reach the portal… */
  requests: number;
  /** …in any window of this many milliseconds. */
  perMs: number;
}

export interface Limiter {
  /**
   * Waits for a place; resolves to the function that gives it back (call it once the answer is
   * read, or the attempt failed). Rejects with the signal's reason when it aborts first.
   */
  take(signal: AbortSignal | undefined): Promise<() => void>;
  /** Holds every attempt not yet started back for `ms`. */
  pause(ms: number): void;
}

export function createLimiter({
  maxConcurrency,
  rateLimit,
}: {
  maxConcurrency: number;
  rateLimit: RateLimit | false;
}): Limiter {
  const queue: (() => void)[] = [];
  const ends: number[] = []; // when the answers of the last window were read, oldest first
  let active = 0; // attempts in flight
  let until = 0; // paused until then
  let timer: ReturnType<typeof setTimeout> | undefined;

  const pump = () => {
    while (queue[0] && active < maxConcurrency) {
      const now = Date.now();
      if (rateLimit) while (ends[0]! <= now - rateLimit.perMs) ends.shift();
      const full = rateLimit && active + ends.length >= rateLimit.requests;
      // Full with every place in flight: the next answer read calls this again.
      if (full && !ends.length) return;
      const wait = Math.max(until - now, full ? ends[0]! + rateLimit.perMs - now : 0);
      if (wait > 0) {
        timer ??= setTimeout(() => {
          timer = undefined;
          pump();
        }, wait);
        return;
      }
      active++;
      queue.shift()!();
    }
  };

  return {
    take: (signal) =>
      new Promise((resolve, reject) => {
        const onAbort = () => {
          queue.splice(queue.indexOf(go), 1);
          if (!queue[0]) {
            clearTimeout(timer); // nothing waits: nothing may keep the process alive
            timer = undefined;
          }
          reject(signal!.reason);
        };
        const go = () => {
          signal?.removeEventListener("abort", onAbort);
          resolve(() => {
            active--;
            if (rateLimit) ends.push(Date.now());
            pump();
          });
        };
        signal?.addEventListener("abort", onAbort, { once: true });
        queue.push(go);
        pump();
      }),
    pause(ms) {
      until = Math.max(until, Date.now() + ms);
    },
  };
}
