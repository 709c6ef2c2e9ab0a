// A paged list: `await` it for one page, `for await` it for every item. Each page is one request
// (with the call's retries and time limit). The portal's `total` is never trusted for the end:
// it can be stale and is wrong past the end; a page says there is more with `nextIndex`, and the
// next page starts right after this one (`startIndex + items.length`; `nextIndex` is one past it).
import { checkWhole } from "./guards";
import { InvalidResponseError } from "./errors";
import type { RequestOptions } from "./options";
import { withAnswer } from "./request";

export interface PageOptions extends RequestOptions {
  /** Items per page, 1–1000 (the portal cuts larger pages to 1000 silently). Default 100. */
  pageSize?: number;
  /** Where the first page starts. Default 0. */
  startIndex?: number;
  /** `for await`: stop after this many items (and fetch no more than needed). */
  maxItems?: number;
}

export interface Page<T> {
  readonly items: T[];
  /** The portal's count of all matches; may be stale or absent: do not loop on it. */
  readonly total: number | undefined;
  readonly startIndex: number;
  /** Whether the portal says more items follow. */
  hasNextPage(): boolean;
  /** The next page (a RangeError on the last one). */
  nextPage(): Promise<Page<T>>;
}

/** One page when awaited; every item, page after page as the loop asks, with `for await`. */
export interface PagedList<T> extends PromiseLike<Page<T>>, AsyncIterable<T> {
  /** The first page with the last HTTP `Response` of its request and the attempts it took. */
  withResponse(): Promise<{ data: Page<T>; response: Response; attempts: number }>;
}

/** What one page's request answers: the envelope, its `response` the items. */
export type PageAnswer<T> = {
  response: T[];
  nextIndex?: unknown;
  total?: unknown;
  /** The HTTP answer behind it, for `withResponse`. */
  sent?: { response: Response; attempts: number };
};

export function pagedList<T extends { id: unknown }>(
  fetchPage: (startIndex: number, count: number, options: RequestOptions) => Promise<PageAnswer<T>>,
  { pageSize = 100, startIndex = 0, maxItems, ...options }: PageOptions = {},
): PagedList<T> {
  const checked = () => {
    checkWhole("pageSize", pageSize, 1, 1000); // a portal cuts larger pages to 1000 silently
    checkWhole("startIndex", startIndex, 0);
    if (maxItems !== undefined) checkWhole("maxItems", maxItems, 1);
  };

  let sent: PageAnswer<T>["sent"];
  async function load(start: number, count: number, previous?: string): Promise<Page<T>> {
    const answer = await fetchPage(start, count, options);
    if (previous === undefined) sent = answer.sent; // the first page's, for withResponse
    const { response: items } = answer;
    // Items without an ID (`{ contact, task }`) are compared whole.
    const ids = items.map((item) => item.id ?? JSON.stringify(item)).join();
    if (items.length > count || (items.length && ids === previous)) {
      throw new InvalidResponseError(
        items.length > count
          ? `The portal sent ${items.length} items for a page size of ${count}`
          : `The page at ${start} repeats the previous page`,
        200,
      );
    }
    const more = answer.nextIndex != null && items.length === count;
    return {
      items,
      total: typeof answer.total === "number" ? answer.total : undefined,
      startIndex: start,
      hasNextPage: () => more,
      // `size`: the loop below asks for no more than it will yield.
      nextPage: (size = count) =>
        more
          ? load(start + count, size, ids)
          : Promise.reject(new RangeError("This is the last page: check hasNextPage() first")),
    } as Page<T>;
  }

  let first: Promise<Page<T>> | undefined;
  return {
    then(fulfilled, rejected) {
      first ??= Promise.resolve()
        .then(checked)
        .then(() => load(startIndex, pageSize));
      return first.then(fulfilled, rejected);
    },
    withResponse() {
      return Promise.resolve(this).then((data) => withAnswer(data, sent!));
    },
    async *[Symbol.asyncIterator]() {
      checked();
      let left = maxItems ?? Infinity;
      let page = await load(startIndex, Math.min(pageSize, left));
      for (;;) {
        for (const item of page.items) yield item;
        left -= page.items.length;
        if (!page.hasNextPage() || left <= 0) return;
        options.signal?.throwIfAborted();
        page = await (page.nextPage as (size: number) => Promise<Page<T>>)(
          Math.min(pageSize, left),
        );
      }
    },
  };
}
