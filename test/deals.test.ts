// The deal methods against the fake portal over real HTTP: what is sent (path, query, body) and
// what comes back, and every refusal sending nothing.
import {
  createCrmClient,
  createCrmClientFor,
  deals,
  BadRequestError,
  NotFoundError,
  type CrmClient,
  type DealListFilter,
  type NewDeal,
} from "../src";
import { startFakePortal, type FakePortal } from "../src/testing";
import { sent } from "./requests";
import fc from "fast-check";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "yaml";
import {
  DealStageType as PortalStageType,
  type ComponentsParametersDealSortBy,
} from "../generated/schema";
import type { DealStageType } from "../src/parts/deals";

const ME = "9a4f1d2e-6b3c-4e8a-9f10-2c7d5b8e1a34";
const OTHER = "0b1c2d3e-4f50-4617-8899-aabbccddeeff";
const THIRD = "5e6f7a8b-9c0d-4e1f-a2b3-c4d5e6f7a8b9";
const NO_DATE = "0001-01-01T00:00:00.0000000Z";

let portal: FakePortal;
let crm: CrmClient;

beforeEach(async () => {
  portal = await startFakePortal();
  crm = createCrmClient({ baseUrl: portal.url, token: portal.token, retryDelay: { baseMs: 1 } });
});
afterEach(() => portal.close());

const body = (index: number) => JSON.parse(portal.requests[index]!.body || "null");
const last = () => portal.requests.length - 1;

const newDeal: NewDeal = {
  title: "Laptops",
  responsibleId: ME,
  stageId: 2,
  bidCurrency: "eur",
};

describe("getDeal", () => {
  it("is GET opportunity/{id} and resolves to the deal in its single form", async () => {
    const deal = await crm.getDeal(21);
    expect(sent(portal.requests[0])).toEqual({
      method: "GET",
      path: "/api/2.0/crm/opportunity/21",
      query: {},
    });
    expect(deal).toMatchObject({
      id: 21,
      title: "Printers for Contoso",
      description: "",
      bidValue: 1500,
      bidCurrency: { abbreviation: "EUR" },
      stage: { id: 1, title: "Initial contact", successProbability: 10, stageType: 0 },
      successProbability: 10,
      contact: { id: 7, displayName: "Contoso Ltd" },
      actualCloseDate: NO_DATE,
      isPrivate: false,
      accessList: [],
      canEdit: true,
    });
    expect(deal.members.map((m) => m.id)).toEqual([7, 8]);
    expect(deal.customFields).toEqual([
      expect.objectContaining({ id: 32, entityId: 21, fieldValue: "North" }),
    ]);
    expect(deal).not.toHaveProperty("bidType"); // 0, a fixed bid, is left out
    expect(deal.stage).not.toHaveProperty("sortOrder");
  });

  it("404 for a missing deal and for one the user may not see; 0 is refused", async () => {
    await expect(crm.getDeal(404)).rejects.toBeInstanceOf(NotFoundError);
    await expect(crm.getDeal(24)).rejects.toBeInstanceOf(NotFoundError);
    await expect(crm.getDeal(0)).rejects.toThrow(RangeError);
    expect(portal.requests).toHaveLength(2);
  });
});

describe("listDeals", () => {
  it("is GET opportunity/filter with the filter under the portal's names, paged", async () => {
    const page = await crm.listDeals(
      {
        responsibleId: ME,
        stageType: "open",
        tags: ["printer"],
        contactId: 7,
        contactAsMember: true,
        search: "printers",
        sortBy: "closeDate",
        sortOrder: "desc",
      },
      { pageSize: 5 },
    );
    expect(sent(portal.requests[0])).toEqual({
      method: "GET",
      path: "/api/2.0/crm/opportunity/filter",
      query: {
        responsibleid: ME,
        stageType: "0",
        tags: "printer",
        contactid: "7",
        contactAlsoIsParticipant: "true",
        filterValue: "printers",
        sortBy: "dateandtime",
        sortOrder: "descending",
        startIndex: "0",
        count: "5",
      },
    });
    expect(page.items.map((d) => d.id)).toEqual([21]);
  });

  it("sorts by close date as the portal does: the expected one in an open stage, the actual one otherwise", async () => {
    // Deal 23 is won (closed 2023-12-01); an expected close date later than deal 21's changes nothing.
    await crm.updateDeal(23, { expectedCloseDate: "2025-06-30T00:00:00.000Z" });
    const page = await crm.listDeals({ sortBy: "closeDate" });
    expect(page.items.map((d) => d.id)).toEqual([22, 23, 21]); // 22 has none: first
    const desc = await crm.listDeals({ sortBy: "closeDate", sortOrder: "desc" });
    expect(desc.items.map((d) => d.id)).toEqual([21, 23, 22]);
  });

  it("sorts by stage by default, hides private deals of others, and pages with for await", async () => {
    const page = await crm.listDeals();
    expect(page.items.map((d) => d.id)).toEqual([21, 22, 23]);
    const ids: number[] = [];
    for await (const deal of crm.listDeals({ sortBy: "id" }, { pageSize: 1 })) ids.push(deal.id);
    expect(ids).toEqual([21, 22, 23]);
    expect(portal.requests.length).toBeGreaterThanOrEqual(4);
  });

  it("the list form: accessList only for a private deal, no heading fields", async () => {
    const [, privateDeal] = (await crm.listDeals({ sortBy: "id" })).items;
    expect(privateDeal!.isPrivate).toBe(true);
    expect(privateDeal!.accessList!.map((u) => u.id).sort()).toEqual([OTHER, ME].sort());
    const [open] = (await crm.listDeals({ sortBy: "id" })).items;
    expect(open).not.toHaveProperty("accessList");
  });

  it("filters by a close-date range with both ends, and by stage", async () => {
    const page = await crm.listDeals({
      from: "2024-01-01T00:00:00Z",
      until: "2024-02-01T00:00:00Z",
    });
    expect(page.items.map((d) => d.id)).toEqual([21]);
    expect(sent(portal.requests[0]).query).toMatchObject({
      fromDate: "2024-01-01T00:00:00.000Z",
      toDate: "2024-02-01T00:00:00.000Z",
    });
    expect((await crm.listDeals({ stageId: 3 })).items.map((d) => d.id)).toEqual([23]);
  });

  it("refuses one end of a date range, an unknown sortBy or field, and a comma in search", async () => {
    await expect(crm.listDeals({ from: new Date() })).rejects.toThrow(/both from and until/);
    await expect(crm.listDeals({ until: new Date() })).rejects.toThrow(/both from and until/);
    await expect(crm.listDeals({ sortBy: "created" } as unknown as DealListFilter)).rejects.toThrow(
      RangeError,
    );
    await expect(crm.listDeals({ stage: 1 } as unknown as DealListFilter)).rejects.toThrow(
      /has no field stage/,
    );
    await expect(crm.listDeals({ search: "a,b" })).rejects.toThrow(/comma/);
    expect(portal.requests).toHaveLength(0);
  });
});

describe("searchDeals and listContactDeals", () => {
  it("searchDeals is GET opportunity/byprefix; with a contact it sends internalSearch=true", async () => {
    expect((await crm.searchDeals("contract")).map((d) => d.id)).toEqual([22]);
    expect(sent(portal.requests[0]).query).toEqual({ prefix: "contract" });
    const found = await crm.searchDeals("Scanner", { contactId: 10 });
    expect(found.map((d) => d.id)).toEqual([23]);
    expect(sent(portal.requests[1]).query).toEqual({
      prefix: "Scanner",
      contactID: "10",
      internalSearch: "true",
    });
  });

  it("listContactDeals is GET opportunity/bycontact/{id}: the contact's deals by title", async () => {
    const found = await crm.listContactDeals(10);
    expect(sent(portal.requests[0]).path).toBe("/api/2.0/crm/opportunity/bycontact/10");
    expect(found.map((d) => d.title)).toEqual(["Scanner upgrade", "Service contract Fabrikam"]);
    expect(await crm.listContactDeals(404)).toEqual([]);
  });
});

describe("createDeal", () => {
  it("is POST opportunity with the portal's names, and takes the stage's probability", async () => {
    const deal = await crm.createDeal({
      ...newDeal,
      contactId: 9,
      members: [10],
      description: "Ten laptops",
      bidType: "perMonth",
      bidValue: 99.5,
      perPeriodValue: 12,
      expectedCloseDate: "2025-03-01T00:00:00Z",
      customFields: { 31: true },
    });
    // The deal fields first, to check the values against them.
    expect(sent(portal.requests[0])).toMatchObject({
      method: "GET",
      path: "/api/2.0/crm/opportunity/customfield/definitions",
    });
    expect(sent(portal.requests[1])).toMatchObject({
      method: "POST",
      path: "/api/2.0/crm/opportunity",
    });
    expect(body(1)).toEqual({
      title: "Laptops",
      responsibleid: ME,
      stageid: 2,
      bidCurrencyAbbr: "EUR",
      contactid: 9,
      members: [10],
      description: "Ten laptops",
      bidType: 4,
      bidValue: 99.5,
      perPeriodValue: 12,
      expectedCloseDate: "2025-03-01T00:00:00.000Z",
      customFieldList: [{ key: 31, value: "true" }],
    });
    // The portal stored 0; the client set the stage's 50 right after (read, then full update).
    expect(
      portal.requests.map((r) => `${r.method} ${new URL(r.url, "http://x").pathname}`),
    ).toEqual([
      "GET /api/2.0/crm/opportunity/customfield/definitions",
      "POST /api/2.0/crm/opportunity",
      `GET /api/2.0/crm/opportunity/${deal.id}`,
      `PUT /api/2.0/crm/opportunity/${deal.id}`,
    ]);
    expect(body(3)).toMatchObject({ successProbability: 50, contactid: 9, bidType: 4, stageid: 2 });
    expect(deal).toMatchObject({
      title: "Laptops",
      successProbability: 50,
      bidType: 4,
      perPeriodValue: 12,
      contact: { id: 9 },
      expectedCloseDate: "2025-03-01T00:00:00.000Z",
    });
    expect(deal.members.map((m) => m.id).sort((a, b) => a - b)).toEqual([9, 10]); // the primary contact joins
  });

  it("keeps a probability the user gave, with one request", async () => {
    const deal = await crm.createDeal({
      ...newDeal,
      successProbability: 0,
      isPrivate: true,
      accessList: [THIRD],
    });
    expect(portal.requests).toHaveLength(1);
    expect(deal).not.toHaveProperty("successProbability");
    expect(deal.isPrivate).toBe(true);
    expect(deal.accessList!.map((u) => u.id).sort()).toEqual([ME, THIRD].sort());
  });

  it("refuses what the portal would refuse or lose, sending nothing", async () => {
    const { title: _t, ...noTitle } = newDeal;
    await expect(crm.createDeal(noTitle as NewDeal)).rejects.toThrow(/input.title is required/);
    const { stageId: _s, ...noStage } = newDeal;
    await expect(crm.createDeal(noStage as NewDeal)).rejects.toThrow(/stageId is required/);
    const { responsibleId: _r, ...noOne } = newDeal;
    await expect(crm.createDeal(noOne as NewDeal)).rejects.toThrow(/responsibleId is required/);
    await expect(crm.createDeal({ ...newDeal, responsibleId: "Anna" })).rejects.toThrow(/GUID/);
    await expect(
      crm.createDeal({ ...newDeal, responsibleId: "me", successProbability: 120 }),
    ).rejects.toThrow(RangeError); // checked before "me" is asked for
    await expect(crm.createDeal({ ...newDeal, customFields: { 31: {} as never } })).rejects.toThrow(
      /customFields\[31\] must be a string, a number, a boolean or a Date/,
    );
    await expect(crm.createDeal({ ...newDeal, isPrivate: true })).rejects.toThrow(/accessList/);
    await expect(crm.createDeal({ ...newDeal, successProbability: 120 })).rejects.toThrow(
      RangeError,
    );
    await expect(crm.createDeal({ ...newDeal, bidCurrency: "euro" })).rejects.toThrow(/currency/);
    await expect(crm.createDeal({ ...newDeal, customFields: { 31: "" } })).rejects.toThrow(
      /setDealField/,
    );
    await expect(
      crm.createDeal({ ...newDeal, bidType: "hourly" } as unknown as NewDeal),
    ).rejects.toThrow(/fixed, perHour/);
    expect(portal.requests).toHaveLength(0);
  });

  it("the portal's 400 for an unknown stage or currency comes through", async () => {
    await expect(crm.createDeal({ ...newDeal, stageId: 77 })).rejects.toBeInstanceOf(
      BadRequestError,
    );
    await expect(crm.createDeal({ ...newDeal, bidCurrency: "XXX" })).rejects.toBeInstanceOf(
      BadRequestError,
    );
  });
});

describe('createDeal: the default currency, "me", typed custom fields', () => {
  const paths = () =>
    portal.requests.map((r) => `${r.method} ${new URL(r.url, "http://x").pathname}`);
  const { bidCurrency: _c, ...noCurrency } = newDeal;

  it("without bidCurrency sends the portal's default, asked from the invoice sample once per client", async () => {
    await crm.setDefaultCurrency("USD");
    portal.requests.length = 0;
    const dealsOnly = createCrmClientFor([deals], { baseUrl: portal.url, token: portal.token });
    const first = await dealsOnly.createDeal({ ...noCurrency, successProbability: 5 });
    await dealsOnly.createDeal({ ...noCurrency, successProbability: 5 });
    expect(paths()).toEqual([
      "GET /api/2.0/crm/invoice/sample",
      "POST /api/2.0/crm/opportunity",
      "POST /api/2.0/crm/opportunity",
    ]);
    expect([body(1).bidCurrencyAbbr, body(2).bidCurrencyAbbr]).toEqual(["USD", "USD"]);
    expect(first.bidCurrency?.abbreviation).toBe("USD");
    // Another client asks again; a currency given is sent without asking.
    portal.requests.length = 0;
    await crm.createDeal({ ...noCurrency, successProbability: 5 });
    await crm.createDeal({ ...newDeal, successProbability: 5 });
    expect(paths()).toEqual([
      "GET /api/2.0/crm/invoice/sample",
      "POST /api/2.0/crm/opportunity",
      "POST /api/2.0/crm/opportunity",
    ]);
    expect(body(2).bidCurrencyAbbr).toBe("EUR");
  });

  it("a failed sample is asked again next time, and nothing is created meanwhile", async () => {
    portal.queue((_req, res) => res.writeHead(403).end());
    await expect(crm.createDeal({ ...noCurrency, successProbability: 5 })).rejects.toThrow();
    expect(paths()).toEqual(["GET /api/2.0/crm/invoice/sample"]);
    await crm.createDeal({ ...noCurrency, successProbability: 5 });
    expect(paths().slice(1)).toEqual([
      "GET /api/2.0/crm/invoice/sample",
      "POST /api/2.0/crm/opportunity",
    ]);
    expect(body(2).bidCurrencyAbbr).toBe("EUR");
  });

  it("one call's abort does not fail another that waits for the same currency", async () => {
    const aborted = new AbortController();
    const first = crm.createDeal(
      { ...noCurrency, successProbability: 5 },
      { signal: aborted.signal },
    );
    const second = crm.createDeal({ ...noCurrency, successProbability: 5 });
    aborted.abort();
    await expect(first).rejects.toThrow(/abort/i);
    expect((await second).bidCurrency?.abbreviation).toBe("EUR");
  });

  it('responsibleId "me" is the signed-in user, asked once per client', async () => {
    const deal = await crm.createDeal({ ...newDeal, responsibleId: "me", successProbability: 5 });
    await crm.createDeal({ ...newDeal, responsibleId: "me", successProbability: 5 });
    expect(paths()).toEqual([
      "GET /api/2.0/people/@self",
      "POST /api/2.0/crm/opportunity",
      "POST /api/2.0/crm/opportunity",
    ]);
    expect(body(1).responsibleid).toBe(ME);
    expect(deal.responsible.id).toBe(ME);
    await crm.updateDeal(deal.id, { responsibleId: "me" });
    expect(body(last()).responsibleid).toBe(ME);
  });

  it("custom fields: a check box's boolean, a select box's option, checked against the fields read first", async () => {
    await crm.createDeal({
      ...newDeal,
      successProbability: 5,
      customFields: { 31: false, 32: "South" },
    });
    expect(body(1).customFieldList).toEqual([
      { key: 31, value: "false" },
      { key: 32, value: "South" },
    ]);
    portal.requests.length = 0;
    for (const [customFields, message] of [
      [
        { 32: "West" },
        /customFields\[32\] is not an option of select box 32: use one of \["North","South"\]/,
      ],
      [
        { 31: "true" },
        /customFields\[31\] must be a boolean \(field 31 is a check box\), got string/,
      ],
      [{ 41: "x" }, /customFields key 41 is not a deal field/],
    ] as const) {
      await expect(
        crm.createDeal({ ...newDeal, customFields: customFields as NewDeal["customFields"] }),
      ).rejects.toThrow(message);
    }
    expect(portal.requests.map((r) => r.method)).toEqual(["GET", "GET", "GET"]);
  });

  it("updateDeal checks the custom fields too, before the deal is read", async () => {
    await expect(crm.updateDeal(21, { customFields: { 32: "West" } })).rejects.toThrow(
      /not an option of select box 32/,
    );
    expect(paths()).toEqual(["GET /api/2.0/crm/opportunity/customfield/definitions"]);
    await crm.updateDeal(21, { customFields: { 31: true } });
    expect(body(last()).customFieldList).toEqual([{ key: 31, value: "true" }]);
  });

  it("types: bidCurrency may be left out; a custom field value is a string, number, boolean or Date", () => {
    const input: NewDeal = {
      title: "t",
      responsibleId: "me",
      stageId: 1,
      customFields: { 1: true, 2: new Date() },
    };
    // @ts-expect-error a custom field's value is not an object
    const wrong: NewDeal = { ...input, customFields: { 1: { on: true } } };
    expect(wrong.title).toBe("t");
  });
});

describe("updateDeal", () => {
  it("reads the deal first and sends it back whole with the changes, access included", async () => {
    const deal = await crm.updateDeal(22, { title: "Service contract 2024" });
    expect(sent(portal.requests[0])).toMatchObject({
      method: "GET",
      path: "/api/2.0/crm/opportunity/22",
    });
    expect(sent(portal.requests[1])).toMatchObject({
      method: "PUT",
      path: "/api/2.0/crm/opportunity/22",
    });
    expect(body(1)).toEqual({
      title: "Service contract 2024",
      description: "",
      responsibleid: ME,
      stageid: 2,
      contactid: 9,
      bidType: 4,
      bidValue: 200,
      bidCurrencyAbbr: "EUR",
      perPeriodValue: 12,
      successProbability: 50,
      isPrivate: true,
      accessList: expect.arrayContaining([ME, OTHER]),
    });
    expect(deal).toMatchObject({
      title: "Service contract 2024",
      isPrivate: true,
      contact: { id: 9 },
      bidType: 4,
      perPeriodValue: 12,
      successProbability: 50,
    });
  });

  it("keeps the close dates that are set, and sends none for the portal's no date", async () => {
    await crm.updateDeal(23, { description: "Done" });
    expect(body(1).actualCloseDate).toBe("2023-12-01T00:00:00.0000000+03:00");
    expect(body(1)).not.toHaveProperty("expectedCloseDate");
    expect((await crm.getDeal(23)).actualCloseDate).toBe("2023-12-01T00:00:00.0000000+03:00");
  });

  it("clears the primary contact with contactId 0 (the members stay); below 0 is refused", async () => {
    const deal = await crm.updateDeal(21, { contactId: 0 });
    expect(body(1).contactid).toBe(0);
    expect(deal).not.toHaveProperty("contact");
    expect(deal.members.map((m) => m.id)).toEqual([7, 8]);
    expect((await crm.getDeal(21)).contact).toBeUndefined();
    const before = portal.requests.length;
    await expect(crm.updateDeal(21, { contactId: -1 })).rejects.toBeInstanceOf(RangeError);
    expect(portal.requests).toHaveLength(before);
  });

  it("clears a close date given as null (left out of the update), and keeps the other", async () => {
    await crm.updateDeal(21, { expectedCloseDate: "2024-03-31T00:00:00.000Z" });
    await crm.setDealStage(21, 3); // closed now: both dates set
    const before = portal.requests.length;
    const deal = await crm.updateDeal(21, { actualCloseDate: null });
    expect(body(before + 1)).not.toHaveProperty("actualCloseDate");
    expect(body(before + 1).expectedCloseDate).toBe("2024-03-31T00:00:00.000Z");
    expect(deal.actualCloseDate).toBe(NO_DATE);
    expect((await crm.updateDeal(21, { expectedCloseDate: null })).expectedCloseDate).toBe(NO_DATE);
    // Not a date, nor null: refused before anything is sent.
    const sentBefore = portal.requests.length;
    await expect(crm.updateDeal(21, { actualCloseDate: 5 as never })).rejects.toBeInstanceOf(
      TypeError,
    );
    expect(portal.requests).toHaveLength(sentBefore);
  });

  it("makes a deal public only when asked", async () => {
    const deal = await crm.updateDeal(22, { isPrivate: false });
    expect(body(1).isPrivate).toBe(false);
    expect(body(1)).not.toHaveProperty("accessList");
    expect(deal.isPrivate).toBe(false);
  });

  it("refuses empty members and empty field values before reading", async () => {
    await expect(crm.updateDeal(21, { members: [] })).rejects.toThrow(/removeDealMember/);
    await expect(crm.updateDeal(21, { customFields: { 32: "" } })).rejects.toThrow(/setDealField/);
    expect(portal.requests).toHaveLength(0);
    // An access list for a deal that stays public: refused after the read, nothing written.
    await expect(crm.updateDeal(21, { accessList: [THIRD] })).rejects.toThrow(/isPrivate: true/);
    expect(portal.requests.map((r) => r.method)).toEqual(["GET"]);
  });

  it("sends the deal back as it is when changes are left out (no TypeError)", async () => {
    await crm.updateDeal(23, undefined as unknown as NewDeal);
    expect(portal.requests.map((r) => r.method)).toEqual(["GET", "PUT"]);
    expect(body(1)).toMatchObject({ title: expect.any(String), stageid: expect.any(Number) });
  });

  it("404 for a hidden deal, and nothing is written", async () => {
    await expect(crm.updateDeal(24, { title: "x" })).rejects.toBeInstanceOf(NotFoundError);
    expect(portal.requests).toHaveLength(1);
  });
});

describe("setDealStage", () => {
  it("sends the stage in the body (read by the portal) and in the path (ignored)", async () => {
    const deal = await crm.setDealStage(21, 3);
    expect(sent(portal.requests[0])).toMatchObject({
      method: "PUT",
      path: "/api/2.0/crm/opportunity/21/stage/3",
    });
    expect(body(0)).toEqual({ stageid: 3 });
    expect(deal.stage).toMatchObject({ id: 3, stageType: 1 });
    expect(deal.successProbability).toBe(100);
    expect(deal.actualCloseDate).not.toBe(NO_DATE); // a won stage closes the deal now
    const reopened = await crm.setDealStage(21, 1);
    expect(reopened.actualCloseDate).toBe(NO_DATE);
  });

  it("404 for an unknown stage; a bad ID is refused", async () => {
    await expect(crm.setDealStage(21, 77)).rejects.toBeInstanceOf(NotFoundError);
    await expect(crm.setDealStage(21, -1)).rejects.toThrow(RangeError);
    expect(portal.requests).toHaveLength(1);
  });
});

describe("deleting deals", () => {
  it("deleteDeal is DELETE opportunity/{id} and takes the tags with it", async () => {
    const deleted = await crm.deleteDeal(21);
    expect(sent(portal.requests[0])).toMatchObject({
      method: "DELETE",
      path: "/api/2.0/crm/opportunity/21",
    });
    expect(deleted).toMatchObject({ id: 21, members: [], accessList: [], isPrivate: false });
    await expect(crm.getDeal(21)).rejects.toBeInstanceOf(NotFoundError);
    expect((await crm.listDeals({ tags: ["printer"] })).items).toEqual([]);
  });

  it("deleteDeals is PUT opportunity with opportunityids; an empty list is refused", async () => {
    const deleted = await crm.deleteDeals([21, 24, 404]);
    expect(sent(portal.requests[0])).toMatchObject({
      method: "PUT",
      path: "/api/2.0/crm/opportunity",
    });
    expect(body(0)).toEqual({ opportunityids: [21, 24, 404] });
    expect(deleted.map((d) => d.id)).toEqual([21]);
    await expect(crm.deleteDeals([])).rejects.toThrow(RangeError);
    expect(portal.requests).toHaveLength(1);
  });

  it("deleteDealsWhere is DELETE opportunity/filter with the filter in the query", async () => {
    const deleted = await crm.deleteDealsWhere({ stageType: "won" });
    expect(sent(portal.requests[0])).toEqual({
      method: "DELETE",
      path: "/api/2.0/crm/opportunity/filter",
      query: { stageType: "1" },
    });
    expect(deleted.map((d) => d.id)).toEqual([23]);
  });

  it("the batch deletes answer a private deal as public, its access gone, as the portal does", async () => {
    const [byId] = await crm.deleteDeals([22]);
    expect(byId).toMatchObject({ id: 22, isPrivate: false });
    expect(byId).not.toHaveProperty("accessList");
    await crm.setDealAccess(21, { isPrivate: true, accessList: [THIRD] });
    const [byFilter] = await crm.deleteDealsWhere({ contactId: 7 });
    expect(byFilter).toMatchObject({ id: 21, isPrivate: false });
    expect(byFilter).not.toHaveProperty("accessList");
  });

  it("deleteDealsWhere refuses an empty filter and a lone date", async () => {
    await expect(crm.deleteDealsWhere({})).rejects.toThrow(/filter is empty/);
    await expect(crm.deleteDealsWhere({ from: new Date() })).rejects.toThrow(/both from/);
    expect(portal.requests).toHaveLength(0);
  });
});

describe("access", () => {
  it("setDealAccess is PUT opportunity/{id}/access; the caller joins the list", async () => {
    const deal = await crm.setDealAccess(21, { isPrivate: true, accessList: [THIRD] });
    expect(sent(portal.requests[0]).path).toBe("/api/2.0/crm/opportunity/21/access");
    expect(body(0)).toEqual({ isPrivate: true, accessList: [THIRD] });
    expect(deal.accessList!.map((u) => u.id).sort()).toEqual([ME, THIRD].sort());
  });

  it("setDealsAccess is PUT opportunity/access with opportunityid", async () => {
    const changed = await crm.setDealsAccess([21, 23], { isPrivate: false });
    expect(body(0)).toEqual({ opportunityid: [21, 23], isPrivate: false });
    expect(changed.map((d) => d.id)).toEqual([21, 23]);
  });

  it("setDealsAccessWhere: the filter in the query, the access in the body", async () => {
    const changed = await crm.setDealsAccessWhere(
      { contactId: 10, contactAsMember: true },
      { isPrivate: true, accessList: [OTHER] },
    );
    expect(sent(portal.requests[0])).toEqual({
      method: "PUT",
      path: "/api/2.0/crm/opportunity/filter/access",
      query: { contactid: "10", contactAlsoIsParticipant: "true" },
    });
    expect(body(0)).toEqual({ isPrivate: true, accessList: [OTHER] });
    expect(changed.map((d) => d.id).sort()).toEqual([22, 23]);
  });

  it("refuses private without a list, and an empty filter", async () => {
    await expect(crm.setDealAccess(21, { isPrivate: true })).rejects.toThrow(/public/);
    await expect(crm.setDealsAccess([21], { isPrivate: true, accessList: [] })).rejects.toThrow(
      /must not be empty/,
    );
    await expect(crm.setDealsAccessWhere({}, { isPrivate: false })).rejects.toThrow(/empty/);
    expect(portal.requests).toHaveLength(0);
  });
});

describe("members and dates", () => {
  it("listDealMembers: the primary contact with canEdit false", async () => {
    const members = await crm.listDealMembers(21);
    expect(sent(portal.requests[0]).path).toBe("/api/2.0/crm/opportunity/21/contact");
    expect(members.map((m) => [m.id, m.canEdit])).toEqual([
      [7, false],
      [8, true],
    ]);
  });

  it("addDealMember and removeDealMember use the path, and resolve to the contact", async () => {
    const added = await crm.addDealMember(21, 10);
    expect(sent(portal.requests[0])).toMatchObject({
      method: "POST",
      path: "/api/2.0/crm/opportunity/21/contact/10",
    });
    expect(added.id).toBe(10);
    const removed = await crm.removeDealMember(21, 7);
    expect(sent(portal.requests[1])).toMatchObject({
      method: "DELETE",
      path: "/api/2.0/crm/opportunity/21/contact/7",
    });
    expect(removed.id).toBe(7);
    const deal = await crm.getDeal(21);
    expect(deal.members.map((m) => m.id).sort((a, b) => a - b)).toEqual([8, 10]);
    expect(deal.contact!.id).toBe(7); // still the primary contact
    await expect(crm.addDealMember(21, 11)).rejects.toBeInstanceOf(NotFoundError);
  });

  it("setDealCreated and setDealModified send the date and resolve to nothing", async () => {
    await expect(crm.setDealCreated(21, "2020-05-01T10:00:00Z")).resolves.toBeUndefined();
    expect(sent(portal.requests[0])).toMatchObject({
      method: "PUT",
      path: "/api/2.0/crm/opportunity/21/creationdate",
    });
    expect(body(0)).toEqual({ creationDate: "2020-05-01T10:00:00.000Z" });
    expect((await crm.getDeal(21)).created).toBe("2020-05-01T10:00:00.000Z");
    await expect(crm.setDealModified(21, new Date(0))).resolves.toBeUndefined();
    expect(body(last())).toEqual({ lastModifedDate: "1970-01-01T00:00:00.000Z" });
    await expect(crm.setDealModified(21, "yesterday")).rejects.toThrow(RangeError);
  });
});

describe("a deals-only client", () => {
  it("has the deal methods only", async () => {
    const only = createCrmClientFor([deals], { baseUrl: portal.url, token: portal.token });
    expect((await only.getDeal(23)).bidCurrency!.abbreviation).toBe("USD");
    // @ts-expect-error: a deals-only client has no case methods
    expect(only.getCase).toBeUndefined();
  });

  it("types: sortBy and stageType take the user's words", () => {
    // @ts-expect-error: not a deal sort key
    const bad: DealListFilter = { sortBy: "created" };
    // @ts-expect-error: the portal's number is not the user's word
    const number: DealListFilter = { stageType: 1 };
    const good: DealListFilter = { sortBy: "bidValue", stageType: "lost" };
    expect([bad, number, good]).toHaveLength(3);
  });
});

// The spec's parameters, from the server's enums (DealSortedByType, DealMilestoneStatus).
const spec = parse(readFileSync(join(__dirname, "../openapi/onlyoffice-crm.yaml"), "utf8"));
/** `A` and `B` are the same type (neither has a member the other lacks). */
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;

describe("deal filter words and the server's enums", () => {
  const SORT_WORDS = ["title", "responsible", "stage", "bidValue", "closeDate", "id"] as const;

  it("every sortBy word sends one of DealSortedByType's names, and every name is reachable", async () => {
    const sentKeys: string[] = [];
    for (const sortBy of SORT_WORDS) {
      await crm.listDeals({ sortBy, sortOrder: "desc" });
      const query = new URL(portal.requests[last()]!.url, "http://x").searchParams;
      sentKeys.push(query.get("sortBy")!);
      expect(query.get("sortOrder")).toBe("descending");
    }
    // Title, Responsible, Stage, BidValue, DateAndTime, Id (SortedByTypeEnum.cs:31-39), any case.
    expect(sentKeys).toEqual(spec.components.parameters.dealSortBy.schema.enum);
    expect(sentKeys.map((k) => k.toLowerCase())).toEqual([
      "title",
      "responsible",
      "stage",
      "bidvalue",
      "dateandtime",
      "id",
    ]);
  });

  it("stageType words send DealMilestoneStatus's numbers (open 0, won 1, lost 2)", async () => {
    const sentTypes: number[] = [];
    for (const stageType of ["open", "won", "lost"] as const) {
      const page = await crm.listDeals({ stageType });
      sentTypes.push(
        Number(new URL(portal.requests[last()]!.url, "http://x").searchParams.get("stageType")),
      );
      expect(page.items.every((d) => d.stage?.stageType === sentTypes.at(-1))).toBe(true);
    }
    expect(sentTypes).toEqual([
      PortalStageType.Open,
      PortalStageType.ClosedAndWon,
      PortalStageType.ClosedAndLost,
    ]);
    expect(sentTypes).toEqual(spec.components.schemas.DealStageType.enum);
  });

  it("types: the words are exactly these, and sortBy covers the spec's keys one to one", () => {
    // The spec's sortBy (a string enum generated from DealSortedByType's names).
    type SpecSort = `${ComponentsParametersDealSortBy}`;
    const sortWords: Same<DealListFilter["sortBy"], (typeof SORT_WORDS)[number] | undefined> = true;
    const specKeys: Same<
      SpecSort,
      "title" | "responsible" | "stage" | "bidvalue" | "dateandtime" | "id"
    > = true;
    const stageWords: Same<DealStageType, "open" | "won" | "lost"> = true;
    // @ts-expect-error a word the portal has no key for is not a sort word
    const extra: Same<DealListFilter["sortBy"], "created" | undefined> = true;
    expect([sortWords, specKeys, stageWords, extra]).toEqual([true, true, true, true]);
  });
});

describe("listDeals paging (property)", () => {
  it("for any page size, start and limit, for await yields the list's slice: each deal once, in order", async () => {
    for (let i = 0; i < 9; i++) {
      await crm.createDeal({
        ...newDeal,
        title: `Deal ${i}`,
        stageId: 1 + (i % 3),
        successProbability: 10,
      });
    }
    const sorts = ["title", "stage", "bidValue", "closeDate", "id"] as const;
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 14 }),
        fc.integer({ min: 0, max: 13 }),
        fc.option(fc.integer({ min: 1, max: 13 }), { nil: undefined }),
        fc.constantFrom(...sorts),
        fc.constantFrom("asc" as const, "desc" as const),
        async (pageSize, startIndex, maxItems, sortBy, sortOrder) => {
          const filter = { sortBy, sortOrder };
          const whole = (await crm.listDeals(filter, { pageSize: 1000 })).items.map((d) => d.id);
          expect(whole).toHaveLength(12); // 3 seeded visible + 9 new; the hidden one never comes
          const seen: number[] = [];
          for await (const deal of crm.listDeals(filter, { pageSize, startIndex, maxItems }))
            seen.push(deal.id);
          const end = maxItems === undefined ? undefined : startIndex + maxItems;
          expect(seen).toEqual(whole.slice(startIndex, end));
          expect(new Set(seen).size).toBe(seen.length);
        },
      ),
      { numRuns: 25 },
    );
  });
});

describe("listDeals paging", () => {
  it.each([1, 2, 3, 5, 7, 8, 9])(
    "pages of %i give every visible deal once, in order, whatever the page size",
    async (pageSize) => {
      for (let i = 0; i < 5; i++) {
        await crm.createDeal({ ...newDeal, title: `Deal ${i}`, successProbability: 10 });
      }
      const all = (await crm.listDeals({ sortBy: "id" }, { pageSize: 1000 })).items.map(
        (d) => d.id,
      );
      expect(all).toHaveLength(8); // 3 seeded visible + 5 new; the hidden one never comes
      const seen: number[] = [];
      for await (const deal of crm.listDeals({ sortBy: "id" }, { pageSize })) seen.push(deal.id);
      expect(seen).toEqual(all);
      const pages = portal.requests.filter((r) =>
        r.url.startsWith("/api/2.0/crm/opportunity/filter"),
      );
      expect(pages.length).toBeLessThanOrEqual(Math.ceil(8 / pageSize) + 2);
    },
  );
});
