// Reports against the fake portal over real HTTP: what goes out, what comes back, the 403 that
// names both causes, the state handed out once, and waitForReport.
import {
  createCrmClient,
  InternalServerError,
  PermissionDeniedError,
  ReportFailedError,
  ReportsUnavailableError,
  type CrmClient,
  type ReportState,
} from "../src";
import { CURRENT_USER, startFakePortal, type FakePortal } from "../src/testing";

import { sent } from "./requests";

let portal: FakePortal;
let crm: CrmClient;

async function start(reports?: { runMs?: number; fail?: string }) {
  portal = await startFakePortal({ reports });
  crm = createCrmClient({ baseUrl: portal.url, token: portal.token });
}
afterEach(() => portal.close());

describe("without reports (not an admin, or no document builder)", () => {
  it("every route's 403 becomes a ReportsUnavailableError naming both causes", async () => {
    await start();
    const error = await crm.listReportFiles().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ReportsUnavailableError);
    expect(error).toBeInstanceOf(PermissionDeniedError);
    expect(String(error)).toMatch(/not a portal administrator.*no document builder/);
    // It names the call, as every ApiError of a method does.
    expect(error).toMatchObject({ call: "listReportFiles()", status: 403 });
    expect((error as Error).message).toMatch(/^listReportFiles\(\): Reports are unavailable/);
    await expect(crm.checkReport("salesFunnel", "today")).rejects.toBeInstanceOf(
      ReportsUnavailableError,
    );
    await expect(crm.getReportStatus()).rejects.toBeInstanceOf(ReportsUnavailableError);
  });
});

describe("with reports", () => {
  beforeEach(() => start({ runMs: 30 }));

  it("checkReport is POST report/check with the enums as numbers", async () => {
    const check = await crm.checkReport("salesByManagers", "currentMonth", [CURRENT_USER.id]);
    expect(sent(portal.requests[0])).toEqual({
      method: "POST",
      path: "/api/2.0/crm/report/check",
      query: {},
    });
    expect(JSON.parse(portal.requests[0]!.body)).toEqual({
      type: 0,
      timePeriod: 6,
      managers: [CURRENT_USER.id],
    });
    expect(check).toEqual({ hasData: true, missingRates: [] });
  });

  it("the finished state comes once from getReportStatus, then {}", async () => {
    const queued = await crm.generateReport("workloadByTasks", "duringAllTime");
    expect(JSON.parse(portal.requests[0]!.body)).toEqual({ type: 4, timePeriod: 15 });
    expect(queued).toMatchObject({
      status: 0,
      fileId: 0,
      reportType: 4,
      exception: null,
      obj: null,
    });
    await new Promise((r) => setTimeout(r, 60));
    const done = await crm.getReportStatus();
    expect(done).toMatchObject({ status: 2 });
    expect(done.fileId).toBeGreaterThan(0);
    await expect(crm.getReportStatus()).resolves.toEqual({});
    expect((await crm.listReportFiles()).map((f) => f.id)).toEqual([done.fileId]);
    await crm.deleteReportFile(done.fileId!);
    expect(sent(portal.requests.at(-1)).path).toBe(`/api/2.0/crm/report/file/${done.fileId}`);
    await expect(crm.listReportFiles()).resolves.toEqual([]);
  });

  it("waitForReport generates, polls and keeps the finished state with its file", async () => {
    const state: ReportState = await crm.waitForReport("salesFunnel", "today", undefined, {
      intervalMs: 10,
    });
    expect(state.status).toBe(2);
    expect(state.fileId).toBeGreaterThan(0);
    expect(portal.requests[0]?.method).toBe("POST");
    expect(
      portal.requests.slice(1).every((r) => sent(r).path === "/api/2.0/crm/report/status"),
    ).toBe(true);
  });

  it("getReportStatus is not repeated after a 502: the portal hands a finished state out once", async () => {
    crm = createCrmClient({
      baseUrl: portal.url,
      token: portal.token,
      retryDelay: { baseMs: 1, maxMs: 1 },
    });
    await crm.generateReport("salesFunnel", "today");
    await new Promise((r) => setTimeout(r, 40)); // built by now
    // The portal took the finished state from its queue, but the answer is lost on the way.
    portal.queue((_req, res) => res.writeHead(502).end());
    const before = portal.requests.length;
    await expect(crm.getReportStatus()).rejects.toBeInstanceOf(InternalServerError);
    expect(portal.requests.length - before).toBe(1);
    // A 503 with Retry-After was refused before it ran: that one is repeated.
    portal.queue((_req, res) => res.writeHead(503, { "Retry-After": "0" }).end());
    await expect(crm.getReportStatus()).resolves.toMatchObject({ status: 2 });
    expect(portal.requests.length - before).toBe(3);
  });

  it("stopReport is GET report/terminate", async () => {
    await crm.generateReport("salesFunnel", "today");
    await crm.stopReport();
    expect(sent(portal.requests[1])).toEqual({
      method: "GET",
      path: "/api/2.0/crm/report/terminate",
      query: {},
    });
    await expect(crm.getReportStatus()).resolves.toEqual({});
  });

  it("waitForReport ends on its signal, leaving no timer", async () => {
    await portal.close();
    await start({ runMs: 60_000 });
    const controller = new AbortController();
    const waiting = crm.waitForReport("salesFunnel", "today", undefined, {
      intervalMs: 1_000_000,
      signal: controller.signal,
    });
    await new Promise((r) => setTimeout(r, 50));
    const timers = () => process.getActiveResourcesInfo().filter((r) => r === "Timeout").length;
    const waitingTimers = timers(); // the poll's sleep among them
    controller.abort(new Error("stop"));
    await expect(waiting).rejects.toThrow("stop");
    expect(timers()).toBe(waitingTimers - 1);
    expect(portal.requests).toHaveLength(1);
  });

  it("refuses unknown types, periods and managers before sending", async () => {
    await expect(crm.checkReport("sales" as never, "today")).rejects.toThrow(RangeError);
    await expect(crm.generateReport("salesFunnel", "lastWeek" as never)).rejects.toThrow(
      RangeError,
    );
    await expect(crm.waitForReport("salesFunnel", "today", ["anna"])).rejects.toThrow(RangeError);
    expect(portal.requests).toHaveLength(0);
  });
});

it("a failed report is a ReportFailedError with the portal's reason", async () => {
  await start({ runMs: 1, fail: "Document builder timed out" });
  const error = await crm
    .waitForReport("salesFunnel", "today", undefined, { intervalMs: 5 })
    .catch((e: unknown) => e);
  expect(error).toBeInstanceOf(ReportFailedError);
  expect(String(error)).toContain("Document builder timed out");
});
