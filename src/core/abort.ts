// Timers and signals for one request. Every timer is cleared and every listener removed when its
// job is done, so a finished call leaves nothing behind that keeps the process alive.

/** One attempt's signal: aborts when the caller's signal does, or when `timeoutMs` runs out. */
export interface AttemptScope {
  readonly signal: AbortSignal;
  /** True once the time limit (not the caller) aborted the attempt. */
  readonly timedOut: boolean;
  /** Clears the timer and the listener. Call it when the attempt is over, however it ended. */
  dispose(): void;
}

export function attemptScope(caller: AbortSignal | undefined, timeoutMs: number): AttemptScope {
  const controller = new AbortController();
  const onAbort = () => controller.abort(caller?.reason);
  if (caller?.aborted) onAbort();
  else caller?.addEventListener("abort", onAbort, { once: true });
  const timer = setTimeout(() => {
    scope.timedOut = true;
    controller.abort(); // the request loop turns this into a TimeoutError
  }, timeoutMs);
  const scope = {
    signal: controller.signal,
    timedOut: false,
    dispose() {
      clearTimeout(timer);
      caller?.removeEventListener("abort", onAbort);
    },
  };
  return scope;
}

/** Waits `ms`; rejects with the signal's reason as soon as it aborts (and clears the timer). */
export function sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  const scope = attemptScope(signal, ms);
  return new Promise((resolve, reject) => {
    const done = () => {
      scope.dispose();
      if (scope.timedOut) resolve();
      else reject(signal?.reason);
    };
    if (scope.signal.aborted) done();
    else scope.signal.addEventListener("abort", done, { once: true });
  });
}
