// Who am I: getCurrentUser, `responsibleId: "me"` (asked once per client), and the HTML decoder,
// over real HTTP against the fake portal.
import { createCrmClient, createCrmClientFor, decodeHtml, people, tasks } from "../src";
import { CURRENT_USER, THIRD_USER } from "../src/testing/core/fixtures";
import { startFakePortal, type FakePortal } from "../src/testing";

let portal: FakePortal;
beforeEach(async () => {
  portal = await startFakePortal();
});
afterEach(() => portal.close());

const client = () => createCrmClient({ baseUrl: portal.url, token: portal.token });
const paths = () => portal.requests.map((r) => `${r.method} ${r.url}`);
const task = { title: "Call back", deadline: "2024-03-14T15:00:00.000Z", categoryId: 2 };

describe("getCurrentUser", () => {
  it("is GET people/@self: the signed-in user's profile, checked against the spec", async () => {
    const me = await client().getCurrentUser();
    expect(paths()).toEqual(["GET /api/2.0/people/@self"]);
    expect(portal.requests[0]!.headers.authorization).toBe(portal.token);
    expect(me).toMatchObject({
      id: CURRENT_USER.id,
      displayName: "Anna O&#39;Brien",
      isVisitor: false,
      terminated: null,
    });
    expect(decodeHtml(me.displayName)).toBe("Anna O'Brien");
  });

  it("a client of the People part alone has it", async () => {
    const crm = createCrmClientFor([people], { baseUrl: portal.url, token: portal.token });
    await expect(crm.getCurrentUser()).resolves.toMatchObject({ id: CURRENT_USER.id });
  });
});

describe('responsibleId: "me"', () => {
  it("is the signed-in user's ID, asked once per client however many tasks", async () => {
    const crm = client();
    const made = await Promise.all([
      crm.createTask({ ...task, responsibleId: "me" }),
      crm.createTask({ ...task, responsibleId: "me" }),
    ]);
    await crm.createTask({ ...task, responsibleId: "me" });
    expect(made.every((t) => t.responsible.id === CURRENT_USER.id)).toBe(true);
    expect(paths().filter((p) => p.endsWith("@self"))).toHaveLength(1);
    const bodies = portal.requests
      .filter((r) => r.url === "/api/2.0/crm/task")
      .map((r) => JSON.parse(r.body));
    expect(bodies.map((b) => b.responsibleId)).toEqual([
      CURRENT_USER.id,
      CURRENT_USER.id,
      CURRENT_USER.id,
    ]);
  });

  it("one call's abort does not fail another waiting for the same read", async () => {
    const crm = client();
    const aborted = new AbortController();
    const first = crm.createTask({ ...task, responsibleId: "me" }, { signal: aborted.signal });
    const second = crm.createTask({ ...task, responsibleId: "me" });
    aborted.abort();
    await expect(first).rejects.toThrow(/abort/i);
    expect((await second).responsible.id).toBe(CURRENT_USER.id);
    expect(paths().filter((p) => p.endsWith("@self"))).toHaveLength(1);
  });

  it("another client asks again; a real ID asks nothing", async () => {
    await client().createTask({ ...task, responsibleId: "me" });
    await client().createTask({ ...task, responsibleId: "me" });
    await client().createTask({ ...task, responsibleId: THIRD_USER.id });
    expect(paths().filter((p) => p.endsWith("@self"))).toHaveLength(2);
  });

  it("a bad input with it is refused before anything is sent", async () => {
    await expect(client().createTask({ ...task, title: "", responsibleId: "me" })).rejects.toThrow(
      /input.title/,
    );
    await expect(client().createTask({ ...task, responsibleId: "you" })).rejects.toThrow(/user ID/);
    expect(portal.requests).toHaveLength(0);
  });

  it("updateTask takes it too", async () => {
    const crm = createCrmClientFor([tasks], { baseUrl: portal.url, token: portal.token });
    const created = await crm.createTask({ ...task, responsibleId: THIRD_USER.id });
    const updated = await crm.updateTask(created.id, { responsibleId: "me" });
    expect(updated.responsible.id).toBe(CURRENT_USER.id);
  });
});

describe("decodeHtml", () => {
  it.each([
    ["Anna O&#39;Brien", "Anna O'Brien"],
    ["R&amp;D &lt;team&gt; &quot;A&quot; &apos;b&apos; &#x27;c&#X27;", `R&D <team> "A" 'b' 'c'`],
    ["&amp;lt; stays &lt;", "&lt; stays <"], // one pass: never decoded twice
    ["&#99999999; &nbsp; & ;", "\ufffd &nbsp; & ;"],
  ])("%p → %p", (encoded, decoded) => expect(decodeHtml(encoded)).toBe(decoded));
});
