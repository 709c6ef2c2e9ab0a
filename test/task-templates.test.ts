// Task templates (containers, templates, applyTaskTemplates) against the fake portal over real
// HTTP: what goes out, what comes back, what is refused before anything is sent.
import {
  createCrmClient,
  InternalServerError,
  NotFoundError,
  offsetOf,
  type AppliedTemplate,
  type CrmClient,
} from "../src";
import { CURRENT_USER, startFakePortal, type FakePortal } from "../src/testing";

import { sent } from "./requests";

let portal: FakePortal;
let crm: CrmClient;

beforeEach(async () => {
  portal = await startFakePortal();
  crm = createCrmClient({ baseUrl: portal.url, token: portal.token });
});
afterEach(() => portal.close());

const body = (i: number) => JSON.parse(portal.requests[i]?.body || "null");
const TEN_DAYS = 8_640_000_000_000;

async function container(entity: "contact" | "deal" | "case" = "deal") {
  const made = await crm.createTaskTemplateContainer(entity, "Onboarding");
  await crm.createTaskTemplate(made.id, {
    title: "Kick-off call",
    categoryId: 1,
    responsibleId: CURRENT_USER.id,
    offset: { days: 10 },
  });
  await crm.createTaskTemplate(made.id, {
    title: "Send welcome pack",
    categoryId: 2,
    offset: { hours: 2, minutes: 30 },
  });
  portal.requests.length = 0;
  return made.id;
}

describe("containers", () => {
  it("create, list, get, rename, delete; the entity is the user's word, sent as the portal's", async () => {
    const made = await crm.createTaskTemplateContainer("deal", "Big deals");
    expect(sent(portal.requests[0])).toEqual({
      method: "POST",
      path: "/api/2.0/crm/opportunity/tasktemplatecontainer",
      query: {},
    });
    expect(body(0)).toEqual({ title: "Big deals" });
    // The answer's entity type is the user's word too, not the portal's enum name (Opportunity).
    expect(made).toEqual({ id: made.id, title: "Big deals", entityType: "deal" });
    expect(await crm.listTaskTemplateContainers("deal")).toEqual([made]);
    expect(await crm.listTaskTemplateContainers("person")).toEqual([]);
    expect(sent(portal.requests[2]).path).toBe("/api/2.0/crm/person/tasktemplatecontainer");
    expect(await crm.getTaskTemplateContainer(made.id)).toEqual(made);
    const renamed = await crm.renameTaskTemplateContainer(made.id, "Huge deals");
    expect(sent(portal.requests[4])).toEqual({
      method: "PUT",
      path: `/api/2.0/crm/tasktemplatecontainer/${made.id}`,
      query: {},
    });
    expect(renamed.title).toBe("Huge deals");
    await crm.deleteTaskTemplateContainer(made.id);
    expect(sent(portal.requests[5]).method).toBe("DELETE");
    await expect(crm.getTaskTemplateContainer(made.id)).rejects.toBeInstanceOf(NotFoundError);
    // A missing container's delete is the portal's 500, and it is not repeated.
    const before = portal.requests.length;
    await expect(crm.deleteTaskTemplateContainer(made.id)).rejects.toBeInstanceOf(
      InternalServerError,
    );
    expect(portal.requests.length - before).toBe(1);
  });
});

describe("a container's kind, both ways", () => {
  it("each word goes out as the route's and comes back as the same word", async () => {
    const words = ["contact", "person", "company", "deal", "case"] as const;
    const paths = ["contact", "person", "company", "opportunity", "case"];
    for (const [i, word] of words.entries()) {
      const made = await crm.createTaskTemplateContainer(word, `For ${word}`);
      expect(sent(portal.requests.at(-1)).path).toBe(
        `/api/2.0/crm/${paths[i]}/tasktemplatecontainer`,
      );
      expect(made.entityType).toBe(word);
      expect((await crm.listTaskTemplateContainers(word)).map((c) => c.entityType)).toEqual([word]);
      expect((await crm.getTaskTemplateContainer(made.id)).entityType).toBe(word);
      expect((await crm.renameTaskTemplateContainer(made.id, "x")).entityType).toBe(word);
    }
    // On the wire it is the portal's enum name: only the client turns it into the word.
    const raw = await fetch(`${portal.url}/api/2.0/crm/opportunity/tasktemplatecontainer`, {
      headers: { Authorization: portal.token },
    }).then((r) => r.json());
    expect(raw.response[0].entityType).toBe("Opportunity");
    const gone = await crm.deleteTaskTemplateContainer(
      (await crm.listTaskTemplateContainers("company"))[0]!.id,
    );
    expect(gone.entityType).toBe("company");
  });

  it("refuses the portal's own words and unknown ones before sending", async () => {
    for (const bad of ["opportunity", "Opportunity", "Deal", "", "task"]) {
      await expect(crm.listTaskTemplateContainers(bad as never)).rejects.toThrow(
        /entity must be one of contact, person, company, deal, case/,
      );
    }
    expect(portal.requests).toHaveLength(0);
  });

  it("types: entityType is the user's word", async () => {
    const { entityType } = await crm.createTaskTemplateContainer("deal", "Typed");
    const word: "contact" | "person" | "company" | "deal" | "case" = entityType;
    // @ts-expect-error the portal's enum name is not what the client gives back
    const name: "Opportunity" = entityType;
    // @ts-expect-error the route's word is not the user's
    const call = () => crm.listTaskTemplateContainers("opportunity");
    expect([word, name, call]).toHaveLength(3);
  });
});

describe("templates", () => {
  it("createTaskTemplate sends the offset as .NET ticks; reads give it back", async () => {
    const { id } = await crm.createTaskTemplateContainer("case", "Support");
    const template = await crm.createTaskTemplate(id, {
      title: "Call back",
      categoryId: 1,
      description: "Within ten days",
      responsibleId: CURRENT_USER.id,
      offset: { days: 10 },
      notify: true,
    });
    expect(sent(portal.requests[1])).toEqual({
      method: "POST",
      path: `/api/2.0/crm/tasktemplatecontainer/${id}/tasktemplate`,
      query: {},
    });
    expect(body(1)).toEqual({
      title: "Call back",
      categoryid: 1,
      description: "Within ten days",
      responsibleid: CURRENT_USER.id,
      offsetTicks: TEN_DAYS,
      isNotify: true,
    });
    expect(template).toMatchObject({
      containerID: id,
      offsetTicks: TEN_DAYS,
      isNotify: true,
      deadLineIsFixed: false,
      category: { id: 1 },
      responsible: { id: CURRENT_USER.id },
    });
    expect(offsetOf(template)).toEqual({ days: 10, hours: 0, minutes: 0 });
    expect(await crm.getTaskTemplate(template.id)).toMatchObject({ id: template.id });
    expect(await crm.listTaskTemplates(id)).toHaveLength(1);
    expect((await crm.getTaskTemplateContainer(id)).items).toHaveLength(1);
  });

  it("updateTaskTemplate reads first and sends the whole template with its ID", async () => {
    const { id } = await crm.createTaskTemplateContainer("case", "Support");
    const t = await crm.createTaskTemplate(id, {
      title: "Call back",
      categoryId: 1,
      description: "keep me",
      offset: { hours: 5 },
    });
    portal.requests.length = 0;
    const updated = await crm.updateTaskTemplate(id, t.id, { title: "Call back soon" });
    expect(portal.requests.map((r) => `${r.method} ${sent(r).path}`)).toEqual([
      `GET /api/2.0/crm/tasktemplatecontainer/tasktemplate/${t.id}`,
      `PUT /api/2.0/crm/tasktemplatecontainer/${id}/tasktemplate`,
    ]);
    expect(body(1)).toMatchObject({
      id: t.id,
      title: "Call back soon",
      description: "keep me",
      categoryid: 1,
      offsetTicks: 5 * 60 * 60 * 10_000_000,
      isNotify: false,
      deadLineIsFixed: false,
    });
    expect(updated).toMatchObject({ title: "Call back soon", description: "keep me" });
    await crm.deleteTaskTemplate(t.id);
    await expect(crm.getTaskTemplate(t.id)).rejects.toBeInstanceOf(NotFoundError);
  });

  it("the portal without an ID answers 500 (why the client always sends it)", async () => {
    const { id } = await crm.createTaskTemplateContainer("case", "Support");
    const res = await fetch(`${portal.url}/api/2.0/crm/tasktemplatecontainer/${id}/tasktemplate`, {
      method: "PUT",
      headers: { Authorization: portal.token, "Content-Type": "application/json" },
      body: JSON.stringify({ title: "x", categoryid: 1 }),
    });
    expect(res.status).toBe(500);
  });

  it("refuses before sending", async () => {
    const bad: [() => PromiseLike<unknown>, ErrorConstructor][] = [
      [() => crm.createTaskTemplateContainer("opportunity" as never, "x"), RangeError],
      [() => crm.createTaskTemplateContainer("case", ""), RangeError],
      [() => crm.createTaskTemplate(1, { title: "x" } as never), TypeError],
      [
        () => crm.createTaskTemplate(1, { title: "x", categoryId: 1, offset: { days: -1 } }),
        RangeError,
      ],
      [
        () =>
          crm.createTaskTemplate(1, { title: "x", categoryId: 1, offset: { weeks: 1 } as never }),
        TypeError,
      ],
      [
        () => crm.createTaskTemplate(1, { title: "x", categoryId: 1, offset: { days: 1.5 } }),
        RangeError,
      ],
      [() => crm.updateTaskTemplate(1, 0, {}), RangeError],
      [() => crm.updateTaskTemplate(1, 2, { title: "" }), RangeError],
      [() => crm.applyTaskTemplates(0, { entity: "deal", id: 5 }), RangeError],
      [() => crm.applyTaskTemplates(1, { entity: "person", id: 5 } as never), RangeError],
      [
        () => crm.applyTaskTemplates(1, { entity: "deal", id: 5, startAt: new Date("x") }),
        RangeError, // the date check: not a date in the years 1 to 9999
      ],
      [() => crm.applyTaskTemplates(1, { entity: "deal", id: 5, startAt: 5 as never }), TypeError],
    ];
    for (const [call, ErrorClass] of bad) await expect(call()).rejects.toThrow(ErrorClass);
    expect(portal.requests).toHaveLength(0);
  });
});

describe("applyTaskTemplates", () => {
  it("makes each template's task on the record, with its deadline from startAt + offset", async () => {
    const cid = await container("deal");
    const startAt = new Date("2024-06-01T08:00:00.000Z");
    const done: AppliedTemplate[] = await crm.applyTaskTemplates(cid, {
      entity: "deal",
      id: 21,
      startAt,
    });
    expect(done.map((d) => [d.template.title, d.created])).toEqual([
      ["Kick-off call", true],
      ["Send welcome pack", true],
    ]);
    const posts = portal.requests.filter((r) => r.method === "POST");
    expect(posts.map((r) => sent(r).path)).toEqual(["/api/2.0/crm/task", "/api/2.0/crm/task"]);
    expect(JSON.parse(posts[0]!.body)).toEqual({
      title: "Kick-off call",
      deadline: "2024-06-11T08:00:00.000Z",
      categoryId: 1,
      responsibleId: CURRENT_USER.id,
      entityType: "opportunity",
      entityId: 21,
    });
    expect(JSON.parse(posts[1]!.body).deadline).toBe("2024-06-01T10:30:00.000Z");
    expect(done[0]!.task.entity).toMatchObject({ entityType: "opportunity", entityId: 21 });
  });

  it("run twice, makes each task once", async () => {
    const cid = await container("contact");
    await crm.applyTaskTemplates(cid, { entity: "contact", id: 8 });
    const posts = () => portal.requests.filter((r) => r.method === "POST").length;
    expect(posts()).toBe(2);
    const again = await crm.applyTaskTemplates(cid, { entity: "contact", id: 8 });
    expect(posts()).toBe(2);
    expect(again.map((d) => d.created)).toEqual([false, false]);
    expect((await crm.listTasks({ contactId: 8 })).items).toHaveLength(2);
    // Another record gets its own tasks.
    await crm.applyTaskTemplates(cid, { entity: "contact", id: 7 });
    expect(posts()).toBe(4);
  });

  it("a company gets its own tasks: its persons' tasks, which its task list holds, do not count", async () => {
    const cid = await container("contact");
    await crm.applyTaskTemplates(cid, { entity: "contact", id: 10 }); // Dana, of company 9
    const company = await crm.applyTaskTemplates(cid, { entity: "contact", id: 9 });
    expect(company.map((d) => [d.created, d.task.contact?.id])).toEqual([
      [true, 9],
      [true, 9],
    ]);
    const again = await crm.applyTaskTemplates(cid, { entity: "contact", id: 9 });
    expect(again.map((d) => d.task.id)).toEqual(company.map((d) => d.task.id));
  });

  it("two alike templates make two tasks, and a repeat finds both", async () => {
    const { id } = await crm.createTaskTemplateContainer("case", "Follow-ups");
    for (const days of [1, 7]) {
      await crm.createTaskTemplate(id, { title: "Call back", categoryId: 1, offset: { days } });
    }
    const first = await crm.applyTaskTemplates(id, { entity: "case", id: 42 });
    expect(first.map((d) => d.created)).toEqual([true, true]);
    expect(new Set(first.map((d) => d.task.id)).size).toBe(2);
    const again = await crm.applyTaskTemplates(id, { entity: "case", id: 42 });
    expect(again.map((d) => d.created)).toEqual([false, false]);
    expect(again.map((d) => d.task.id)).toEqual(first.map((d) => d.task.id));
  });

  it("refuses a container of another kind of record, after reading it", async () => {
    const cid = await container("case");
    await expect(crm.applyTaskTemplates(cid, { entity: "deal", id: 5 })).rejects.toThrow(
      /for case, not for a deal/,
    );
    expect(portal.requests.filter((r) => r.method === "POST")).toHaveLength(0);
  });
});
