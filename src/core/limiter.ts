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
//
// A call's time limit runs while it waits for a place in flight (the portal is slow to answer
// the calls ahead): past it, the call rejects with TimeoutError and is never sent. It does not
// run while the client itself holds the line back for the rate limit or a portal's pause (a
// bulk job of thousands of calls would otherwise time out in its own queue).
import { TimeoutError } from "./errors";

export interface RateLimit {
  /** How many attempts may reach the portal… */
  requests: number;
  /** …in any window of this many milliseconds. */
  perMs: number;
}

export interface Limiter {
  /**
   * Waits for a place; resolves to the function that gives it back (call it once the answer is
   * read, or the attempt failed), with `waited`: the milliseconds of the wait that count towards
   * `timeoutMs`. Rejects with the signal's reason when it aborts first, and with TimeoutError
   * when the wait for a place in flight alone reaches `timeoutMs`.
   */
  take(signal: AbortSignal | undefined, timeoutMs?: number): Promise<Place>;
  /** Holds every attempt not yet started back for `ms`. */
  pause(ms: number): void;
}

/** A place in line: call it to give it back. */
export type Place = (() => void) & { waited: number };

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
  // How long the line has been held back by the rate limit or a pause (not counted against the
  // waiting calls' time limits): `held` ms before, plus now − `heldSince` while it is held.
  let held = 0;
  let heldSince = 0;
  const heldAt = (now: number) => held + (heldSince && now - heldSince);

  // The line stops with a place free only when the rate limit or a pause holds it: from then
  // until it next moves, the time is `held`.
  const run = () => {
    const now = Date.now();
    if (heldSince) ((held += now - heldSince), (heldSince = 0));
    while (queue[0] && active < maxConcurrency) {
      if (rateLimit) while (ends[0]! <= now - rateLimit.perMs) ends.shift();
      const full = rateLimit && active + ends.length >= rateLimit.requests;
      // Full with every place in flight: the next answer read calls this again.
      if (full && !ends.length) return void (heldSince = now);
      const wait = Math.max(until - now, full ? ends[0]! + rateLimit.perMs - now : 0);
      if (wait > 0) {
        heldSince = now;
        timer ??= setTimeout(() => {
          timer = undefined;
          run();
        }, wait);
        return;
      }
      active++;
      queue.shift()!();
    }
  };

  return {
    take: (signal, timeoutMs) =>
      new Promise((resolve, reject) => {
        const since = Date.now();
        const heldBefore = heldAt(since);
        let limit: ReturnType<typeof setTimeout> | undefined;
        /** The part of the wait that counts: not the time the line was held back. */
        const counted = (now: number) => now - since - (heldAt(now) - heldBefore);
        const leave = (reason: unknown) => {
          signal?.removeEventListener("abort", onAbort);
          clearTimeout(limit);
          queue.splice(queue.indexOf(go), 1);
          if (!queue[0]) {
            clearTimeout(timer); // nothing waits: nothing may keep the process alive
            timer = undefined;
          }
          run();
          reject(reason);
        };
        const onAbort = () => leave(signal!.reason);
        // Fires when the limit would be reached with nothing held back; checks, and waits on.
        const check = () => {
          const left = timeoutMs! - counted(Date.now());
          if (left > 0) limit = setTimeout(check, left);
          else
            leave(
              new TimeoutError(
                `No answer from the portal within ${timeoutMs} ms to the calls in flight ahead ` +
                  `(${active}): not sent`,
              ),
            );
        };
        const go = () => {
          signal?.removeEventListener("abort", onAbort);
          clearTimeout(limit);
          const place = () => {
            active--;
            if (rateLimit) ends.push(Date.now());
            run();
          };
          resolve(Object.assign(place, { waited: counted(Date.now()) }));
        };
        signal?.addEventListener("abort", onAbort, { once: true });
        if (timeoutMs !== undefined) limit = setTimeout(check, timeoutMs); // `go` clears it
        queue.push(go);
        run();
      }),
    pause(ms) {
      until = Math.max(until, Date.now() + ms);
    },
  };
}
