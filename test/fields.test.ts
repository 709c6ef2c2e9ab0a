// listCaseFieldDefinitions and setCaseField against the fake portal over real HTTP: the routes
// with the entity type `case` as a path segment, clearing a value, and the reads before a write.
import { createCrmClient, NotFoundError, type CrmClient } from "../src";
import { startFakePortal, type FakePortal } from "../src/testing";

let portal: FakePortal;
let crm: CrmClient;

beforeEach(async () => {
  portal = await startFakePortal();
  crm = createCrmClient({ baseUrl: portal.url, token: portal.token });
});
afterEach(() => portal.close());

const sent = () =>
  portal.requests.map((r) => ({
    method: r.method,
    url: r.url,
    body: r.body,
    type: r.headers["content-type"],
  }));

const valueOf = async (caseId: number, fieldId: number) =>
  (await crm.getCase(caseId)).customFields.find((f) => f.id === fieldId)?.fieldValue;

describe("listCaseFieldDefinitions", () => {
  it("is GET case/customfield/definitions: the case fields by position, with no value", async () => {
    const fields = await crm.listCaseFieldDefinitions();
    expect(sent()).toEqual([
      {
        method: "GET",
        url: "/api/2.0/crm/case/customfield/definitions",
        body: "",
        type: undefined,
      },
    ]);
    expect(fields.map((f) => [f.id, f.label, f.fieldType, f.position])).toEqual([
      [3, "Due", 5, 0],
      [4, "On site", 3, 1],
      [6, "Details", 4, 2],
      [5, "Priority", 2, 3],
    ]);
    expect(fields[3]).toEqual({
      id: 5,
      entityId: -1,
      label: "Priority",
      fieldValue: " ",
      fieldType: 2,
      position: 3,
      mask: '["Low","Normal","High"]',
      relativeItemsCount: 0,
    });
    expect(fields[0]?.relativeItemsCount).toBe(1); // case 42's Due
  });
});

describe("setCaseField", () => {
  it("reads the case and the fields, then POSTs the value as JSON; resolves to the field", async () => {
    const field = await crm.setCaseField(7, 5, "High");
    expect(field).toEqual({
      id: 5,
      entityId: 7,
      label: "Priority",
      fieldValue: "High",
      fieldType: 2,
      position: 3,
      mask: '["Low","Normal","High"]',
    });
    const requests = sent();
    expect(requests.slice(0, 2).map((r) => `${r.method} ${r.url}`)).toEqual([
      "GET /api/2.0/crm/case/7",
      "GET /api/2.0/crm/case/customfield/definitions",
    ]);
    expect(requests[2]).toEqual({
      method: "POST",
      url: "/api/2.0/crm/case/7/customfield/5",
      body: '{"fieldValue":"High"}',
      type: "application/json",
    });
    expect(await valueOf(7, 5)).toBe("High");
    expect((await crm.listCaseFieldDefinitions())[3]?.relativeItemsCount).toBe(1);
  });

  it('clears a value with "" (the only way: updateCase skips empty values)', async () => {
    expect(await valueOf(42, 3)).toBe("2024-03-12T00:00:00.0000000+03:00");
    const cleared = await crm.setCaseField(42, 3, "");
    expect(cleared.fieldValue).toBe("");
    expect(sent().find((r) => r.method === "POST")?.body).toBe('{"fieldValue":""}');
    expect(await valueOf(42, 3)).toBeUndefined();
    expect((await crm.listCaseFieldDefinitions())[0]?.relativeItemsCount).toBe(0);
  });

  it("the portal trims what it stores, but answers the value as sent", async () => {
    await expect(crm.setCaseField(7, 5, "  Low ")).resolves.toMatchObject({ fieldValue: "  Low " });
    expect(await valueOf(7, 5)).toBe("Low");
  });

  it("refuses a missing case and one the user may not see: the portal would write anyway", async () => {
    await expect(crm.setCaseField(404404, 5, "High")).rejects.toBeInstanceOf(NotFoundError);
    await expect(crm.setCaseField(99, 5, "High")).rejects.toBeInstanceOf(NotFoundError);
    expect(sent().filter((r) => r.method === "POST")).toEqual([]);
    expect(portal.cases.get(99)?.customFields.some((f) => f.id === 5)).toBe(false);
  });

  it("the fake portal itself writes a hidden case's field: no check at all", async () => {
    const response = await fetch(`${portal.url}/api/2.0/crm/case/99/customfield/5`, {
      method: "POST",
      headers: { Authorization: portal.token, "Content-Type": "application/json" },
      body: JSON.stringify({ fieldValue: "High" }),
    });
    expect(response.status).toBe(201);
    expect(portal.cases.get(99)?.customFields.find((f) => f.id === 5)?.fieldValue).toBe("High");
  });

  it.each([
    [77, /^fieldId 77 is not a case field$/],
    [6, /^fieldId 6 is a heading, which has no value$/],
  ])("refuses field %p after reading, and writes nothing", async (fieldId, message) => {
    await expect(crm.setCaseField(42, fieldId, "x")).rejects.toThrow(message);
    expect(sent().map((r) => r.method)).toEqual(["GET", "GET"]);
  });

  it.each([
    [[0, 3, "x"], RangeError, /caseId must be/],
    [["42", 3, "x"], TypeError, /caseId must be/],
    [[42, 0, "x"], RangeError, /fieldId must be/],
    [[42, 3, 5], TypeError, /value must be a string/],
    [[42, 3, null], TypeError, /value must be a string/],
    [[42, 3], TypeError, /value must be a string/],
  ] as const)("refuses %j before anything is sent", async (args, type, message) => {
    const call = (crm.setCaseField as (...a: unknown[]) => Promise<unknown>)(...args);
    await expect(call).rejects.toThrow(type);
    await expect(call).rejects.toThrow(message);
    expect(portal.requests).toHaveLength(0);
  });

  it("is not retried after a 503 without Retry-After (it may have run)", async () => {
    const quick = createCrmClient({
      baseUrl: portal.url,
      token: portal.token,
      retryDelay: { baseMs: 1 },
      fetch: (request) => {
        if (request.method === "POST") portal.queue((_req, res) => res.writeHead(503).end("busy"));
        return fetch(request);
      },
    });
    await expect(quick.setCaseField(7, 5, "High")).rejects.toMatchObject({ status: 503 });
    expect(sent().map((r) => r.method)).toEqual(["GET", "GET", "POST"]);
  });
});
