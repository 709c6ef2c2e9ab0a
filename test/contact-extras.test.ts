// A contact's photo upload, its projects, the quick lists with each contact's next task, and the
// mass mail, against the fake portal over real HTTP: what is sent, what comes back, and every
// refusal sending nothing.
import {
  createCrmClient,
  NotFoundError,
  type CrmClient,
  type ContactWithTask,
  type MailProgress,
  type QuickCompany,
  type QuickPerson,
} from "../src";
import { startFakePortal, type FakePortal } from "../src/testing";
import { sentAt } from "./requests";

let portal: FakePortal;
let crm: CrmClient;

beforeEach(async () => {
  portal = await startFakePortal();
  crm = createCrmClient({ baseUrl: portal.url, token: portal.token, retryDelay: { baseMs: 1 } });
});
afterEach(() => portal.close());

const sent = (index: number) => sentAt(portal, index);
const writes = () => portal.requests.filter((r) => r.method !== "GET");
const png = () =>
  new Blob([new Uint8Array([137, 80, 78, 71, 13, 10, 26, 10])], { type: "image/png" });

describe("setContactPhoto", () => {
  it("PUTs the image as a multipart file part and resolves to the stored photo's URL", async () => {
    const url = await crm.setContactPhoto(8, png());
    const [request] = portal.requests;
    expect(sent(0)).toMatchObject({ method: "PUT", path: "/api/2.0/crm/contact/8/changephoto" });
    expect(request?.headers["content-type"]).toMatch(/^multipart\/form-data; boundary=/);
    expect(request?.body).toMatch(/name="photo"; filename="[^"]*"\r\nContent-Type: image\/png/);
    expect(url).toBe("/storage/crm/photos/8/contact_8_200_200.jpg");
  });

  it("the fake portal serves the stored photo, byte for byte, to a signed-in user only", async () => {
    const bytes = new Uint8Array([137, 80, 78, 71, 13, 10, 26, 10, 0, 255, 128, 13, 10]);
    const url = await crm.setContactPhoto(8, new Blob([bytes], { type: "image/png" }));
    const photo = await fetch(new URL(url, portal.url), {
      headers: { Authorization: portal.token },
    });
    expect(photo.status).toBe(200);
    expect(photo.headers.get("content-type")).toBe("image/png");
    expect(new Uint8Array(await photo.arrayBuffer())).toEqual(bytes);
    expect((await fetch(new URL(url, portal.url))).status).toBe(401);
    await crm.deleteContactPhoto(8);
    const gone = await fetch(new URL(url, portal.url), {
      headers: { Authorization: portal.token },
    });
    expect(gone.status).toBe(404);
  });

  it("takes a JPEG File too", async () => {
    const file = new File(["\xff\xd8\xff"], "ben.jpg", { type: "image/jpeg" });
    await expect(crm.setContactPhoto(8, file)).resolves.toMatch(/contact_8_200_200/);
    expect(portal.requests[0]?.body).toMatch(/filename="ben.jpg"/);
  });

  it("a Blob without a type is typed by its first bytes (fs.openAsBlob, the CLI's @file)", async () => {
    const bytes = new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 0, 16]);
    await expect(crm.setContactPhoto(8, new Blob([bytes]))).resolves.toMatch(/contact_8_200_200/);
    expect(portal.requests[0]?.body).toMatch(
      /name="photo"; filename="photo.jpg"\r\nContent-Type: image\/jpeg/,
    );
  });

  it("a hidden contact is a NotFoundError", async () => {
    await expect(crm.setContactPhoto(11, png())).rejects.toBeInstanceOf(NotFoundError);
  });

  it.each([
    ["not a Blob", "photo.png", /must be a Blob or a File/],
    ["an empty Blob", new Blob([], { type: "image/png" }), /empty/],
    ["a GIF", new Blob(["GIF89a"], { type: "image/gif" }), /PNG or JPEG/],
    ["a Blob without a type", new Blob(["x"]), /PNG or JPEG/],
  ])("refuses %s and sends nothing", async (_what, image, message) => {
    await expect(crm.setContactPhoto(8, image as never)).rejects.toThrow(message);
    expect(portal.requests).toHaveLength(0);
  });

  it("the portal itself answers 403 to a file that is not an image", async () => {
    const form = new FormData();
    form.append("photo", new Blob(["text"], { type: "text/plain" }), "a.txt");
    const response = await fetch(`${portal.url}/api/2.0/crm/contact/8/changephoto`, {
      method: "PUT",
      headers: { Authorization: portal.token },
      body: form,
    });
    expect(response.status).toBe(403);
  });
});

describe("projects", () => {
  it("listProjectContacts is GET contact/project/{id}: the linked contacts you may see", async () => {
    expect((await crm.listProjectContacts(1)).map((c) => c.id)).toEqual([7]); // 11 is hidden
    expect(sent(0)).toMatchObject({ method: "GET", path: "/api/2.0/crm/contact/project/1" });
    await expect(crm.listProjectContacts(77)).resolves.toEqual([]); // not checked to exist
  });

  it("linkContactsToProject sends contactid; unknown and hidden contacts are dropped", async () => {
    const linked = await crm.linkContactsToProject(1, [8, 11, 999]);
    expect(sent(0)).toEqual({
      method: "POST",
      path: "/api/2.0/crm/contact/project/1",
      query: [],
      body: { contactid: [8, 11, 999] },
    });
    expect(linked.map((c) => c.id)).toEqual([8]);
    expect((await crm.listProjectContacts(1)).map((c) => c.id)).toEqual([7, 8]);
  });

  it("a project you may not change is a 403, an unknown one a 404", async () => {
    await expect(crm.linkContactsToProject(2, [8])).rejects.toMatchObject({ status: 403 });
    await expect(crm.linkContactsToProject(77, [8])).rejects.toBeInstanceOf(NotFoundError);
  });

  it("linkContactToProject and unlinkContactFromProject name the contact first", async () => {
    const dana = await crm.linkContactToProject(10, 1);
    expect(sent(0)).toMatchObject({ method: "POST", path: "/api/2.0/crm/contact/10/project/1" });
    expect(dana).toMatchObject({ id: 10, isCompany: false });
    expect((await crm.listProjectContacts(1)).map((c) => c.id)).toEqual([7, 10]);
    const short = await crm.unlinkContactFromProject(10, 1);
    expect(sent(2)).toMatchObject({ method: "DELETE", path: "/api/2.0/crm/contact/10/project/1" });
    expect(short).toMatchObject({ id: 10, displayName: "Dana Scully" });
    expect(short).not.toHaveProperty("commonData"); // the short form
    expect((await crm.listProjectContacts(1)).map((c) => c.id)).toEqual([7]);
    await expect(crm.unlinkContactFromProject(10, 1)).resolves.toMatchObject({ id: 10 }); // no link: fine
  });

  it("unlinking from a project you may not change is a 404, not a 403", async () => {
    await expect(crm.unlinkContactFromProject(9, 2)).rejects.toBeInstanceOf(NotFoundError);
  });

  it("a merge moves the project links", async () => {
    await crm.mergeContacts(9, 7);
    expect((await crm.listProjectContacts(2)).map((c) => c.id)).toEqual([7]);
  });

  it("refuses bad IDs and an empty list, sending nothing", async () => {
    await expect(crm.linkContactsToProject(1, [])).rejects.toThrow(/contactIds must not be empty/);
    await expect(crm.linkContactToProject(0, 1)).rejects.toThrow(/contactId/);
    await expect(crm.unlinkContactFromProject(8, -1)).rejects.toThrow(/projectId/);
    await expect(crm.listProjectContacts(1.5)).rejects.toThrow(/projectId/);
    expect(portal.requests).toHaveLength(0);
  });
});

describe("listContactsWithTasks", () => {
  it("is GET contact/simple/filter: by display name, quick form, each with its first open task", async () => {
    const page = (await crm.listContactsWithTasks()).items;
    expect(sent(0).path).toBe("/api/2.0/crm/contact/simple/filter");
    expect(page.map((item) => item.contact.displayName)).toEqual([
      "Ben Weber",
      "Contoso Ltd",
      "Dana Scully",
      "Fabrikam Inc",
    ]);
    const contoso = page[1]!;
    expect(contoso.task).toMatchObject({
      id: 301,
      title: "Agree a maintenance window",
      alertValue: 30,
      category: { id: 1, title: "Phone call" },
    });
    expect(contoso.task).not.toHaveProperty("isClosed");
    expect(page[0]!.task).toBeUndefined();
    for (const { contact } of page) {
      expect(contact.haveLateTasks).toBe(false);
      expect(contact).not.toHaveProperty("customFields");
      expect(contact).not.toHaveProperty("addresses");
    }
    expect(page[3]!.contact).not.toHaveProperty("personsCount");
  });

  it("takes listContacts' filter; sortOrder alone sorts by display name", async () => {
    const people = (await crm.listContactsWithTasks({ type: "person", sortOrder: "desc" })).items;
    expect(sent(0).query).toEqual(
      expect.arrayContaining([
        ["contactListView", "person"],
        ["sortOrder", "descending"],
        ["sortBy", "displayname"],
      ]),
    );
    expect(people.map((item) => item.contact.id)).toEqual([10, 8]);
  });

  it("pages with for await", async () => {
    const ids: number[] = [];
    for await (const item of crm.listContactsWithTasks({}, { pageSize: 2 }))
      ids.push(item.contact.id);
    expect(ids).toEqual([8, 7, 10, 9]);
    expect(portal.requests.length).toBeGreaterThanOrEqual(2);
  });

  it("refuses an unknown filter field and sends nothing", async () => {
    await expect(crm.listContactsWithTasks({ name: "x" } as never)).rejects.toThrow(
      /no field name/,
    );
    expect(portal.requests).toHaveLength(0);
  });
});

describe("searchContactsByEmail", () => {
  it("sends term and maxCount; finds by e-mail or name", async () => {
    const found = await crm.searchContactsByEmail("contoso", { max: 10 });
    expect(sent(0)).toEqual({
      method: "GET",
      path: "/api/2.0/crm/contact/simple/byEmail",
      query: [
        ["term", "contoso"],
        ["maxCount", "10"],
      ],
      body: undefined,
    });
    expect(found.map((item) => item.contact.id)).toEqual([7, 8]);
    expect(found[0]!.task?.id).toBe(301);
  });

  it("keeps each contact once, where the portal repeats it per matching e-mail", async () => {
    const contoso = portal.contacts.get(7)!;
    contoso.commonData.push({ ...contoso.commonData[1]!, id: 73, data: "sales@contoso.example" });
    const raw = await fetch(
      `${portal.url}/api/2.0/crm/contact/simple/byEmail?term=contoso&maxCount=10`,
      { headers: { Authorization: portal.token } },
    ).then((r) => r.json());
    expect(raw.response.map((item: ContactWithTask) => item.contact.id)).toEqual([7, 7, 8]);
    const found = await crm.searchContactsByEmail("contoso", { max: 10 });
    expect(found.map((item) => item.contact.id)).toEqual([7, 8]);
  });

  it("the portal answers [] without maxCount", async () => {
    const raw = await fetch(`${portal.url}/api/2.0/crm/contact/simple/byEmail?term=contoso`, {
      headers: { Authorization: portal.token },
    }).then((r) => r.json());
    expect(raw.response).toEqual([]);
  });

  it.each([
    [{} as never, /search.max is required/],
    [undefined as never, /search.max is required/],
    [{ max: 0 }, /max must be a whole number from 1/],
    [{ max: -3 }, /max must be a whole number from 1/],
    [{ max: 2.5 }, /max must be a whole number from 1/],
  ])("refuses %j and sends nothing", async (search, message) => {
    await expect(crm.searchContactsByEmail("contoso", search)).rejects.toThrow(message);
    expect(portal.requests).toHaveLength(0);
  });

  it("refuses a blank text and sends nothing", async () => {
    await expect(crm.searchContactsByEmail("  ", { max: 5 })).rejects.toThrow(
      /text must not be empty/,
    );
    expect(portal.requests).toHaveLength(0);
  });
});

const until = async (check: () => Promise<boolean>) => {
  for (let i = 0; i < 200 && !(await check()); i++) await new Promise((r) => setTimeout(r, 10));
};

describe("the mass mail", () => {
  it("sendContactsMail reads the job first, then POSTs; the job progresses and finishes", async () => {
    const job = await crm.sendContactsMail({
      contactIds: [7, 8, 10],
      subject: "Maintenance",
      body: "Dear $(Person.First Name), …",
      fileIds: [501],
      storeInHistory: true,
    });
    expect(sent(0)).toMatchObject({ method: "GET", path: "/api/2.0/crm/contact/mailsmtp/status" });
    expect(sent(1)).toEqual({
      method: "POST",
      path: "/api/2.0/crm/contact/mailsmtp/send",
      query: [],
      body: {
        contactIds: [7, 8, 10],
        subject: "Maintenance",
        body: "Dear $(Person.First Name), …",
        fileIDs: [501],
        storeInHistory: true,
      },
    });
    expect(job).toMatchObject({ id: 1, isCompleted: false, error: null, percentage: 0 });
    expect(job.status).toMatchObject({ recipientCount: 3, deliveryCount: 0 });
    let last: MailProgress | null = null;
    await until(async () => Boolean((last = await crm.getContactsMailStatus())?.isCompleted));
    expect(last).toMatchObject({ isCompleted: true, percentage: 100, error: "" });
    expect(last!.status).toMatchObject({ recipientCount: 3, deliveryCount: 3 });
    // storeInHistory: an e-mail event on each contact mailed (MailSender.cs:117-150).
    const events = (await crm.listContactHistory(10)).items;
    expect(events[0]).toMatchObject({
      content: 'ONLYOFFICE™ Mass Send Feature: "Maintenance"',
      category: { title: "Email" },
    });
  });

  it("refuses a send while a job is known (the portal would drop it), sending nothing", async () => {
    await crm.sendContactsMail({ contactIds: [7], subject: "a", body: "b" });
    await until(async () => Boolean((await crm.getContactsMailStatus())?.isCompleted));
    const before = writes().length;
    await expect(
      crm.sendContactsMail({ contactIds: [8], subject: "a", body: "b" }),
    ).rejects.toThrow(/finished less than a minute ago.*drop this mail/);
    expect(writes()).toHaveLength(before);
  });

  it("the portal itself answers the running job to a second send and queues nothing", async () => {
    await crm.sendContactsMail({ contactIds: [7, 8], subject: "first", body: "b" });
    const raw = await fetch(`${portal.url}/api/2.0/crm/contact/mailsmtp/send`, {
      method: "POST",
      headers: { Authorization: portal.token, "Content-Type": "application/json" },
      body: JSON.stringify({ contactIds: [10], subject: "second", body: "b" }),
    }).then((r) => r.json());
    expect(raw.response.status.recipientCount).toBe(2);
  });

  it.each([
    [
      { contactIds: Array.from({ length: 51 }, (_, i) => i + 1), subject: "s", body: "b" },
      /51 contacts: the portal mails the first 50 and drops the rest/,
    ],
    [{ contactIds: [], subject: "s", body: "b" }, /contactIds must not be empty/],
    [{ contactIds: [7], subject: "", body: "b" }, /subject must not be empty/],
    [{ contactIds: [7], subject: "s", body: " " }, /body must not be empty/],
    [{ subject: "s", body: "b" }, /contactIds is required/],
    [
      { contactIds: [7], subject: "s", body: "b", storeInHistory: "yes" },
      /storeInHistory must be a boolean/,
    ],
  ])("refuses %j and sends nothing", async (mail, message) => {
    await expect(crm.sendContactsMail(mail as never)).rejects.toThrow(message);
    expect(portal.requests).toHaveLength(0);
  });

  it("50 recipients are sent as they are", async () => {
    const contactIds = Array.from({ length: 50 }, (_, i) => i + 1);
    const job = await crm.sendContactsMail({ contactIds, subject: "s", body: "b" });
    expect(job.status.recipientCount).toBe(50);
    await crm.cancelContactsMail();
  });

  it("is never repeated after it may have taken effect", async () => {
    portal.queue((_req, res) =>
      res.writeHead(200).end(JSON.stringify({ status: 0, statusCode: 200, response: {} })),
    );
    portal.queue((_req, res) => res.writeHead(503).end());
    await expect(
      crm.sendContactsMail({ contactIds: [7], subject: "s", body: "b" }),
    ).rejects.toMatchObject({
      status: 503,
    });
    expect(writes()).toHaveLength(1);
  });

  it("getContactsMailStatus and cancelContactsMail resolve to null when there is no job", async () => {
    await expect(crm.getContactsMailStatus()).resolves.toBeNull();
    await expect(crm.cancelContactsMail()).resolves.toBeNull();
    expect(sent(0)).toMatchObject({ method: "GET", path: "/api/2.0/crm/contact/mailsmtp/status" });
    expect(sent(1)).toMatchObject({ method: "PUT", path: "/api/2.0/crm/contact/mailsmtp/cancel" });
  });

  it("cancelContactsMail stops a running job and resolves to it as it was", async () => {
    const contactIds = Array.from({ length: 50 }, (_, i) => i + 1);
    await crm.sendContactsMail({ contactIds, subject: "s", body: "b" });
    const before = await crm.cancelContactsMail();
    expect(before).toMatchObject({ isCompleted: false });
    await expect(crm.getContactsMailStatus()).resolves.toBeNull();
  });

  it("a cancel asked for while no job runs stops the next one within a minute", async () => {
    await expect(crm.cancelContactsMail()).resolves.toBeNull();
    const job = await crm.sendContactsMail({ contactIds: [7, 8], subject: "s", body: "b" });
    expect(job.status.recipientCount).toBe(2);
    await expect(crm.getContactsMailStatus()).resolves.toBeNull(); // stopped and forgotten
  });

  it("previewContactsMail fills in the template for one contact and sends nothing", async () => {
    const text = await crm.previewContactsMail(
      "Dear $(Person.First Name) of $(Person.Company Name) ($(Person.Email))",
      10,
    );
    expect(sent(0)).toEqual({
      method: "POST",
      path: "/api/2.0/crm/contact/mailsmtp/preview",
      query: [],
      body: {
        template: "Dear $(Person.First Name) of $(Person.Company Name) ($(Person.Email))",
        contactId: 10,
      },
    });
    expect(text).toBe("Dear Dana of Fabrikam Inc (dana@fabrikam.example)");
    await expect(crm.getContactsMailStatus()).resolves.toBeNull();
  });

  it("previewContactsMail refuses an empty template and a bad contact ID, sending nothing", async () => {
    await expect(crm.previewContactsMail("", 10)).rejects.toThrow(/template must not be empty/);
    await expect(crm.previewContactsMail("x", 0)).rejects.toThrow(/contactId/);
    expect(portal.requests).toHaveLength(0);
  });
});

describe("types", () => {
  it("the quick contact is told apart by isCompany; a job's members are all there", () => {
    const check = (item: ContactWithTask): string => {
      const contact = item.contact;
      if (contact.isCompany) {
        const company: QuickCompany = contact;
        return company.companyName;
      }
      const person: QuickPerson = contact;
      // @ts-expect-error a person has no companyName
      void person.companyName;
      return person.firstName;
    };
    const progress = (job: MailProgress): number => job.percentage; // not optional
    expect(typeof check).toBe("function");
    expect(typeof progress).toBe("function");
    // @ts-expect-error max is required
    void (() => crm.searchContactsByEmail("x", {}));
    // @ts-expect-error an image is a Blob
    void (() => crm.setContactPhoto(8, "photo.png"));
  });
});
