// The portal's setup lists (deal stages, contact statuses and types, task and history categories)
// against the fake portal over real HTTP: each ID found in its own list before a write,
// full-replace updates resolving to the stored row, in-use refusals, reorders naming every item
// once, and what is sent.
import {
  createCrmClient,
  createCrmClientFor,
  NotFoundError,
  PermissionDeniedError,
  NotInListError,
  setup,
  type CrmClient,
  type NewDealStage,
} from "../src";
import { startFakePortal, type FakePortal } from "../src/testing";

let portal: FakePortal;
let crm: CrmClient;

beforeEach(async () => {
  portal = await startFakePortal({ admin: true });
  crm = createCrmClient({ baseUrl: portal.url, token: portal.token, retryDelay: { baseMs: 1 } });
});
afterEach(() => portal.close());

const calls = () => portal.requests.map((r) => `${r.method} ${r.url}`);
const bodyAt = (i: number) => JSON.parse(portal.requests[i]!.body || "null");
const writes = () => portal.requests.filter((r) => r.method !== "GET");

describe("deal stages", () => {
  it("listDealStages and getDealStage", async () => {
    const stages = await crm.listDealStages();
    expect(stages.map((s) => [s.id, s.title, s.relativeItemsCount])).toEqual([
      [1, "Initial contact", 2], // a hidden deal counts too
      [2, "Proposal", 1],
      [3, "Won", 1],
      [4, "Lost", undefined],
    ]);
    expect(await crm.getDealStage(4)).toMatchObject({ title: "Lost", stageType: 2 });
    expect(calls()).toEqual([
      "GET /api/2.0/crm/opportunity/stage",
      "GET /api/2.0/crm/opportunity/stage",
      "GET /api/2.0/crm/opportunity/stage/4",
    ]);
    await expect(crm.getDealStage(77)).rejects.toBeInstanceOf(NotInListError);
  });

  it("createDealStage sends the portal's names and the stage type as a number", async () => {
    const stage = await crm.createDealStage({
      title: "Negotiation",
      color: "#aabbcc",
      successProbability: 70,
      stageType: "open",
    });
    expect(calls()).toEqual(["POST /api/2.0/crm/opportunity/stage"]);
    expect(bodyAt(0)).toEqual({
      title: "Negotiation",
      color: "#aabbcc",
      successProbability: 70,
      stageType: 0,
    });
    expect(stage).toMatchObject({ title: "Negotiation", successProbability: 70 });
    // A deal created in it takes its probability.
    const deal = await crm.createDeal({
      title: "Big one",
      responsibleId: "9a4f1d2e-6b3c-4e8a-9f10-2c7d5b8e1a34",
      stageId: stage.id,
      bidCurrency: "EUR",
    });
    expect(deal.successProbability).toBe(70);
  });

  it("createDealStage refuses a bad colour, probability or type", async () => {
    const base: NewDealStage = { title: "X", color: "#fff" };
    await expect(crm.createDealStage({ ...base, color: "red" })).rejects.toThrow(/colour/);
    await expect(crm.createDealStage({ ...base, successProbability: 101 })).rejects.toThrow(
      RangeError,
    );
    await expect(crm.createDealStage({ ...base, stageType: "closed" as "won" })).rejects.toThrow(
      /open, won, lost/,
    );
    expect(portal.requests).toHaveLength(0);
  });

  it("updateDealStage reads first, sends every field, and resolves to the stored stage", async () => {
    const created = await crm.createDealStage({
      title: "Tmp",
      color: "#123456",
      successProbability: 30,
    });
    const stage = await crm.updateDealStage(created.id, { title: "Qualified" });
    expect(calls().slice(1)).toEqual([
      "GET /api/2.0/crm/opportunity/stage",
      `PUT /api/2.0/crm/opportunity/stage/${created.id}`,
      "GET /api/2.0/crm/opportunity/stage",
    ]);
    expect(bodyAt(2)).toEqual({
      title: "Qualified",
      color: "#123456",
      description: "",
      successProbability: 30,
      stageType: 0,
    });
    expect(stage).toMatchObject({ id: created.id, title: "Qualified", successProbability: 30 });
  });

  it("refuses to edit or delete a stage with deals, and an ID of no stage", async () => {
    await expect(crm.updateDealStage(1, { title: "x" })).rejects.toThrow(/in use by 2 deals/);
    await expect(crm.deleteDealStage(1)).rejects.toThrow(/in use/);
    await expect(crm.setDealStageColor(77, "#fff")).rejects.toBeInstanceOf(NotInListError);
    expect(writes()).toHaveLength(0);
    await expect(crm.setDealStageColor(1, "#000")).resolves.toMatchObject({ id: 1, color: "#000" });
    expect(bodyAt(last())).toEqual({ color: "#000" });
    await expect(crm.deleteDealStage(4)).resolves.toMatchObject({ id: 4 });
    expect(calls()[last()]).toBe("DELETE /api/2.0/crm/opportunity/stage/4");
  });

  it("reorderDealStages needs every stage once and sends the IDs", async () => {
    await expect(crm.reorderDealStages([2, 1])).rejects.toThrow(/every deal stage once/);
    await expect(crm.reorderDealStages([1, 1, 2, 3])).rejects.toThrow(/once/);
    expect(writes()).toHaveLength(0);
    const stages = await crm.reorderDealStages([4, 3, 2, 1]);
    expect(bodyAt(last())).toEqual({ ids: [4, 3, 2, 1] });
    expect(stages.map((s) => s.id)).toEqual([4, 3, 2, 1]);
    expect((await crm.listDealStages()).map((s) => s.id)).toEqual([4, 3, 2, 1]);
  });
});

const last = () => portal.requests.length - 1;

describe("contact statuses and types", () => {
  it("createContactStatus: an existing title is that status, resolved as stored", async () => {
    const status = await crm.createContactStatus({ title: "warm", color: "#000000" });
    expect(bodyAt(0)).toEqual({ title: "warm", color: "#000000" });
    expect(status).toMatchObject({ id: 31, title: "Warm", color: "#ffd267" }); // not the echo
    const fresh = await crm.createContactStatus({ title: "Lost", color: "#cccccc" });
    expect(fresh).toMatchObject({ title: "Lost", color: "#cccccc" });
  });

  it("updateContactStatus: read first, full send, stored row; another list's ID is refused", async () => {
    const status = await crm.updateContactStatus(30, { description: "Not interested yet" });
    expect(calls()).toEqual([
      "GET /api/2.0/crm/contact/status",
      "PUT /api/2.0/crm/contact/status/30",
      "GET /api/2.0/crm/contact/status",
    ]);
    expect(bodyAt(1)).toEqual({
      title: "Cold",
      color: "#8a98d8",
      description: "Not interested yet",
    });
    expect(status).toMatchObject({
      id: 30,
      title: "Cold",
      description: "Not interested yet",
      sortOrder: 1,
    });
    // 20 is a history category: the portal would rewrite it.
    await expect(crm.updateContactStatus(20, { title: "x" })).rejects.toThrow(
      "contact status 20 not found: no such item in the contact status list",
    );
    expect(writes()).toHaveLength(1);
  });

  it("setContactStatusColor, getContactStatus and deleteContactStatus check the list", async () => {
    await expect(crm.setContactStatusColor(31, "#00ff00")).resolves.toMatchObject({
      color: "#00ff00",
    });
    expect(calls()[1]).toBe("PUT /api/2.0/crm/contact/status/31/color");
    await expect(crm.getContactStatus(40)).rejects.toBeInstanceOf(NotInListError); // a type
    await expect(crm.deleteContactStatus(32)).resolves.toMatchObject({ id: 32 });
    expect(calls()[last()]).toBe("DELETE /api/2.0/crm/contact/status/32");
  });

  it("reorderContactStatuses takes IDs and sends titles", async () => {
    const statuses = await crm.reorderContactStatuses([32, 31, 30]);
    expect(bodyAt(1)).toEqual({ titles: ["Hot", "Warm", "Cold"] });
    expect(statuses.map((s) => s.id)).toEqual([32, 31, 30]);
    // As a portal answers: read before the reorder, with the old positions; the list has the new.
    expect(statuses.map((s) => s.sortOrder)).toEqual([3, 2, 1]);
    expect((await crm.listContactStatuses()).map((s) => s.sortOrder)).toEqual([undefined, 1, 2]);
    await expect(crm.reorderContactStatuses([30])).rejects.toThrow(/every contact status once/);
  });

  it("contact types: list, get, create, update, reorder, delete", async () => {
    expect((await crm.listContactTypes()).map((t) => t.title)).toEqual([
      "Client",
      "Supplier",
      "Partner",
    ]);
    expect(await crm.getContactType(41)).toMatchObject({ title: "Supplier" });
    const created = await crm.createContactType({ title: "Reseller" });
    expect(created.title).toBe("Reseller");
    const renamed = await crm.updateContactType(created.id, { title: "Distributor" });
    expect(bodyAt(last() - 1)).toEqual({ title: "Distributor" });
    expect(renamed).toMatchObject({ id: created.id, title: "Distributor" });
    await crm.reorderContactTypes([created.id, 42, 41, 40]);
    expect((await crm.listContactTypes())[0]!.id).toBe(created.id);
    await crm.deleteContactType(created.id);
    await expect(crm.getContactType(created.id)).rejects.toBeInstanceOf(NotInListError);
  });

  it("the last item of a list is refused", async () => {
    await crm.deleteContactType(40);
    await crm.deleteContactType(41);
    await expect(crm.deleteContactType(42)).rejects.toThrow(/the last one/);
  });
});

describe("task and history categories", () => {
  it("refuses to edit or delete a category in use; the icon may change", async () => {
    const [used] = (await crm.listTaskCategories()).filter((c) => c.relativeItemsCount);
    await expect(crm.updateTaskCategory(used!.id, { title: "x" })).rejects.toThrow(/in use/);
    await expect(crm.deleteTaskCategory(used!.id)).rejects.toThrow(/moveTasksTo/);
    expect(writes()).toHaveLength(0);
    const changed = await crm.setTaskCategoryIcon(used!.id, "task_category_fax.png");
    expect(bodyAt(last())).toEqual({ imageName: "task_category_fax.png" });
    expect(changed.imagePath).toMatch(/task_category_fax\.png$/);
  });

  it("deleteTaskCategory moves the tasks to another task category", async () => {
    const categories = await crm.listTaskCategories();
    const used = categories.find((c) => c.relativeItemsCount)!;
    const other = categories.find((c) => c.id !== used.id)!;
    await expect(crm.deleteTaskCategory(used.id, { moveTasksTo: 20 })).rejects.toBeInstanceOf(
      NotInListError,
    ); // a history category
    await crm.deleteTaskCategory(used.id, { moveTasksTo: other.id });
    expect(calls()[last()]).toBe(
      `DELETE /api/2.0/crm/task/category/${used.id}?newcategoryid=${other.id}`,
    );
    const after = await crm.listTaskCategories();
    expect(after.find((c) => c.id === other.id)!.relativeItemsCount).toBe(
      (other.relativeItemsCount ?? 0) + used.relativeItemsCount!,
    );
  });

  it("createTaskCategory and updateTaskCategory send the icon's file name", async () => {
    const created = await crm.createTaskCategory({
      title: "Visit",
      icon: "task_category_meeting.png",
    });
    expect(bodyAt(0)).toEqual({ title: "Visit", imageName: "task_category_meeting.png" });
    expect(created.title).toBe("Visit");
    const updated = await crm.updateTaskCategory(created.id, { description: "On site" });
    expect(bodyAt(3)).toEqual({
      title: "Visit",
      imageName: "task_category_meeting.png",
      description: "On site",
    });
    expect(updated).toMatchObject({ id: created.id, description: "On site" });
    expect(await crm.getTaskCategory(created.id)).toMatchObject({ title: "Visit" });
    await expect(crm.createTaskCategory({ title: "x", icon: "../x.png" })).rejects.toThrow(
      /file name/,
    );
  });

  it("history categories: create, update, icon, reorder, delete", async () => {
    const created = await crm.createHistoryCategory({
      title: "Visit",
      icon: "event_category_note.png",
    });
    const updated = await crm.updateHistoryCategory(created.id, { title: "Site visit" });
    expect(updated.title).toBe("Site visit");
    await crm.setHistoryCategoryIcon(created.id, "event_category_email.png");
    const ids = (await crm.listHistoryCategories()).map((c) => c.id).reverse();
    const reordered = await crm.reorderHistoryCategories(ids);
    expect(reordered.map((c) => c.id)).toEqual(ids);
    await crm.deleteHistoryCategory(created.id);
    expect(calls()[last()]).toBe(`DELETE /api/2.0/crm/history/category/${created.id}`);
    await expect(crm.updateHistoryCategory(30, { title: "x" })).rejects.toBeInstanceOf(
      NotInListError,
    ); // a contact status
  });
});

describe("admin routes and a setup-only client", () => {
  it("another user gets the portal's 403", async () => {
    await portal.close();
    portal = await startFakePortal();
    crm = createCrmClient({ baseUrl: portal.url, token: portal.token });
    await expect(crm.createContactType({ title: "x" })).rejects.toBeInstanceOf(
      PermissionDeniedError,
    );
  });

  it("a setup-only client has the list methods it needs for its checks", async () => {
    const only = createCrmClientFor([setup], { baseUrl: portal.url, token: portal.token });
    await expect(only.getTaskCategory(1)).resolves.toMatchObject({ id: 1 });
    await expect(only.getDealStage(0)).rejects.toThrow(RangeError);
    // @ts-expect-error: not a setup method
    expect(only.getCase).toBeUndefined();
    expect(NotFoundError).toBeDefined();
  });
});

// Each write on a list item, given another list's ID: the portal's IDs are type-blind
// (crm_list_item holds statuses, types and categories; CRMApi.ListItem.cs), so it would rewrite
// or delete that other item. Each is refused after reading its own list, and nothing is written.
describe("every write finds its ID in its own list first", () => {
  type Write = (crm: CrmClient) => Promise<unknown>;
  it.each<[string, string, Write]>([
    ["getDealStage(30)", "deal stage 30", (c) => c.getDealStage(30)],
    ["updateDealStage(30)", "deal stage 30", (c) => c.updateDealStage(30, { title: "x" })],
    ["setDealStageColor(40)", "deal stage 40", (c) => c.setDealStageColor(40, "#fff")],
    ["deleteDealStage(20)", "deal stage 20", (c) => c.deleteDealStage(20)],
    ["getContactStatus(20)", "contact status 20", (c) => c.getContactStatus(20)],
    ["setContactStatusColor(40)", "contact status 40", (c) => c.setContactStatusColor(40, "#fff")],
    ["deleteContactStatus(40)", "contact status 40", (c) => c.deleteContactStatus(40)],
    ["getContactType(30)", "contact type 30", (c) => c.getContactType(30)],
    ["updateContactType(30)", "contact type 30", (c) => c.updateContactType(30, { title: "x" })],
    ["deleteContactType(20)", "contact type 20", (c) => c.deleteContactType(20)],
    ["getTaskCategory(40)", "task category 40", (c) => c.getTaskCategory(40)],
    ["updateTaskCategory(20)", "task category 20", (c) => c.updateTaskCategory(20, { title: "x" })],
    ["setTaskCategoryIcon(30)", "task category 30", (c) => c.setTaskCategoryIcon(30, "a.png")],
    ["deleteTaskCategory(20)", "task category 20", (c) => c.deleteTaskCategory(20)],
    [
      "deleteTaskCategory(3, { moveTasksTo: 20 })",
      "task category 20",
      (c) => c.deleteTaskCategory(3, { moveTasksTo: 20 }),
    ],
    [
      "updateHistoryCategory(5)",
      "history category 5",
      (c) => c.updateHistoryCategory(5, { title: "x" }),
    ],
    [
      "setHistoryCategoryIcon(30)",
      "history category 30",
      (c) => c.setHistoryCategoryIcon(30, "a.png"),
    ],
    ["deleteHistoryCategory(1)", "history category 1", (c) => c.deleteHistoryCategory(1)],
  ])("%s is a NotInListError naming its list; nothing is written", async (_, what, write) => {
    const refused = write(crm);
    await expect(refused).rejects.toBeInstanceOf(NotInListError);
    await expect(refused).rejects.toThrow(
      `${what} not found: no such item in the ${what.replace(/ \d+$/, "")} list`,
    );
    expect(writes()).toHaveLength(0);
  });
});

describe("every reorder names each item of its list once", () => {
  type Reorder = (crm: CrmClient, ids: number[]) => Promise<unknown>;
  it.each<[string, number[], Reorder, string]>([
    ["reorderDealStages", [1, 2, 3, 4], (c, ids) => c.reorderDealStages(ids), "deal stage"],
    [
      "reorderContactStatuses",
      [30, 31, 32],
      (c, ids) => c.reorderContactStatuses(ids),
      "contact status",
    ],
    ["reorderContactTypes", [40, 41, 42], (c, ids) => c.reorderContactTypes(ids), "contact type"],
    [
      "reorderHistoryCategories",
      [20, 21, 22, 23],
      (c, ids) => c.reorderHistoryCategories(ids),
      "history category",
    ],
  ])(
    "%s refuses a missing, repeated or unknown ID, writing nothing",
    async (_, all, reorder, what) => {
      const [first, ...rest] = all;
      for (const ids of [
        rest,
        [first!, first!, ...rest],
        [...rest, 99],
        [...all, 30 === first ? 40 : 30],
      ]) {
        await expect(reorder(crm, ids)).rejects.toThrow(`must name every ${what} once`);
      }
      expect(writes()).toHaveLength(0);
      await reorder(crm, [...rest, first!]);
      expect(writes()).toHaveLength(1);
    },
  );

  it("reorderTaskCategories too, and sends titles", async () => {
    const all = (await crm.listTaskCategories()).map((c) => c.id);
    await expect(crm.reorderTaskCategories(all.slice(1))).rejects.toThrow(
      /every task category once/,
    );
    await expect(crm.reorderTaskCategories([...all.slice(1), 20])).rejects.toThrow(/once/);
    expect(writes()).toHaveLength(0);
    await crm.reorderTaskCategories([...all].reverse());
    expect(writes()[0]!.body).toContain('"titles":["Expression of gratitude"');
  });
});

describe("an item in use", () => {
  it("a contact status in use is refused for edit and delete, saying so; its colour may change", async () => {
    await crm.setContactStatus(10, 31);
    portal.requests.length = 0;
    await expect(crm.updateContactStatus(31, { title: "Lukewarm" })).rejects.toThrow(
      "contact status 31 is in use by 1 contacts: the portal refuses to edit it (give those contacts another status first; setContactStatusColor still works)",
    );
    await expect(crm.deleteContactStatus(31)).rejects.toThrow(
      /in use by 1 contacts: the portal refuses to delete it/,
    );
    expect(writes()).toHaveLength(0);
    await expect(crm.setContactStatusColor(31, "#123456")).resolves.toMatchObject({
      color: "#123456",
    });
  });

  it("a contact shows its status as it is now: after a colour change and a reorder", async () => {
    await crm.setContactStatus(10, 31);
    await crm.setContactStatusColor(31, "#123456");
    expect((await crm.getContact(10)).contactStatus).toMatchObject({ id: 31, color: "#123456" });
    await crm.reorderContactStatuses([32, 30, 31]);
    expect((await crm.getContact(10)).contactStatus).toMatchObject({ id: 31, sortOrder: 2 });
  });
});
