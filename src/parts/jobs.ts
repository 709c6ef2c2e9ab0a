// Waiting for the portal's long jobs (import, export, an invoice's PDF): read the progress every
// `intervalMs` until it completes, within `waitMs`, stopping on the caller's signal. Each read is
// an ordinary call, so the client's per-attempt time limit and retries apply to it too.
import { sleep } from "../core/abort";
import { TimeoutError } from "../core/errors";
import { checkWhole } from "../core/guards";
import type { RequestOptions } from "../core/options";

/** How long and how often to wait for a job. */
export interface WaitOptions extends RequestOptions {
  /** Give up after this long (default 10 minutes): a TimeoutError. */
  waitMs?: number;
  /** Between two reads of the progress (default 2 s; at least 250 ms, not to hammer the portal). */
  intervalMs?: number;
}

/** Reads a job's progress until it completes, within `waitMs`, stopping on `signal`. */
export async function waitFor<P extends { isCompleted: boolean }>(
  read: (options: RequestOptions) => Promise<P | null>,
  { waitMs = 600_000, intervalMs = 2_000, ...options }: WaitOptions = {},
): Promise<P> {
  // Checked first: NaN or a negative limit would wait forever or not at all.
  const until = Date.now() + checkWhole("waitMs", waitMs, 1);
  const interval = Math.max(250, checkWhole("intervalMs", intervalMs, 1));
  for (;;) {
    // An aborted signal rejects in the read (the request checks it before sending) or the sleep.
    const progress = await read(options);
    if (progress?.isCompleted) return progress;
    if (Date.now() + interval > until) {
      throw new TimeoutError(`the job did not complete within ${waitMs} ms`);
    }
    await sleep(interval, options.signal); // the client's own wait: it leaves no listener behind
  }
}
