// `.withResponse()` on every method's promise: the value, the last HTTP response and the attempts,
// over real HTTP against the fake portal.
import {
  createCrmClient,
  createCrmClientFor,
  cases,
  NotFoundError,
  type ApiPromise,
  type Case,
  type Page,
  type WithResponse,
} from "../src";
import { startFakePortal, type FakePortal } from "../src/testing";
import { casesOperations } from "../generated/operations";
import { hooks } from "../src/core/hooks";
import { id } from "../src/core/guards";
import type { Area } from "../src/core/shapes";

let portal: FakePortal;
beforeEach(async () => {
  portal = await startFakePortal();
});
afterEach(() => portal.close());

const options = () => ({
  baseUrl: portal.url,
  token: portal.token,
  retryDelay: { baseMs: 1, maxMs: 1 },
});

describe(".withResponse()", () => {
  it("resolves to the value the method resolves to, the response and one attempt", async () => {
    const crm = createCrmClient(options());
    const alone = await crm.getCase(42);
    const { data, response, attempts } = await crm.getCase(42).withResponse();
    expect(data).toEqual(alone);
    expect(data.id).toBe(42);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toMatch(/application\/json/);
    expect(attempts).toBe(1);
    expect(portal.requests).toHaveLength(2); // one request each, not two for withResponse
  });

  it("counts the attempts: the response is the last one's", async () => {
    const crm = createCrmClientFor([cases], options());
    portal.queue((_req, res) => void res.writeHead(502).end("bad gateway"));
    const { data, response, attempts } = await crm.reopenCase(42).withResponse();
    expect(data.isClosed).toBe(false);
    expect({ status: response.status, attempts }).toEqual({ status: 200, attempts: 2 });
  });

  it("a POST answers 201", async () => {
    const crm = createCrmClient(options());
    const { data, response } = await crm.createCase({ title: "From withResponse" }).withResponse();
    expect(data.title).toBe("From withResponse");
    expect(response.status).toBe(201);
  });

  it("rejects as the method does", async () => {
    const crm = createCrmClient({ ...options(), maxRetries: 0 });
    await expect(crm.getCase(4242).withResponse()).rejects.toBeInstanceOf(NotFoundError);
    // A refused input: nothing is sent.
    await expect(crm.getCase(0).withResponse()).rejects.toBeInstanceOf(RangeError);
    expect(portal.requests).toHaveLength(1);
  });

  it("what a part's `after` makes of the answer is the data", async () => {
    const crm = createCrmClient(options());
    const { data } = await crm.addCaseTag(42, "vip").withResponse();
    expect(data).toBe(await crm.addCaseTag(42, "vip"));
  });

  it("a part's `after` and `errors` hooks: the data is what `after` made; errors mapped", async () => {
    const area: Area<{ caseTitle(caseId: number): Promise<string> }> = {
      operations: casesOperations,
      lines: { caseTitle: [["caseId", "caseid", id]] },
      of: { caseTitle: "getCase" },
      after: { caseTitle: (found: Case) => found.title },
      errors: { caseTitle: () => new Error("gone") },
      hooks,
    };
    const crm = createCrmClientFor([area], { ...options(), maxRetries: 0 });
    const { data, response, attempts } = await crm.caseTitle(42).withResponse();
    expect(data).toBe("Printer on floor 3 jams again");
    expect({ status: response.status, attempts }).toEqual({ status: 200, attempts: 1 });
    await expect(crm.caseTitle(4242).withResponse()).rejects.toThrow("gone");
  });

  it("a paged list: the first page, with total and nextIndex kept on it", async () => {
    const crm = createCrmClient(options());
    const { data, response, attempts } = await crm.listCases({}, { pageSize: 2 }).withResponse();
    expect(data.items).toHaveLength(2);
    expect(data.hasNextPage()).toBe(true);
    expect(typeof data.total).toBe("number");
    expect(response.status).toBe(200);
    expect(attempts).toBe(1);
    const next = await data.nextPage();
    expect(next.startIndex).toBe(2);
  });

  it("types: every method's promise has withResponse, typed", () => {
    const crm = createCrmClient(options());
    const typed: ApiPromise<Case> = crm.getCase(42);
    const meta: Promise<WithResponse<Case>> = typed.withResponse();
    const page: Promise<{ data: Page<Case>; response: Response; attempts: number }> = crm
      .listCases()
      .withResponse();
    // @ts-expect-error data is a Case, not a string
    const wrong: Promise<WithResponse<string>> = crm.getCase(42).withResponse();
    return Promise.all([meta, page, wrong]);
  });
});
