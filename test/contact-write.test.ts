// createPerson, createCompany, createPeople, createCompanies, updatePerson, updateCompany,
// deleteContact, deleteContacts, deleteContactsWhere and mergeContacts against the fake portal over
// real HTTP: what is sent, what comes back, what the portal does to its other records, and that
// every refusal sends nothing.
import { createCrmClient, NotFoundError, type Company, type CrmClient, type Person } from "../src";
import { CURRENT_USER, startFakePortal, THIRD_USER, type FakePortal } from "../src/testing";
import { sentAt } from "./requests";

let portal: FakePortal;
let crm: CrmClient;

beforeEach(async () => {
  portal = await startFakePortal();
  crm = createCrmClient({ baseUrl: portal.url, token: portal.token, retryDelay: { baseMs: 1 } });
});
afterEach(() => portal.close());

const sent = (index: number) => sentAt(portal, index);
const last = () => sent(portal.requests.length - 1);
const ids = (contacts: { id: number }[]) => contacts.map((c) => c.id);

describe("createPerson", () => {
  it("is POST contact/person with the sharing as the portal's number, and resolves to the person", async () => {
    const person = await crm.createPerson({
      firstName: " Fox ",
      lastName: "Mulder",
      jobTitle: "Agent",
      shareType: "readWrite",
      customFields: { 12: "x" },
    });
    expect(sent(0)).toEqual({
      method: "POST",
      path: "/api/2.0/crm/contact/person",
      query: [],
      body: {
        firstName: " Fox ",
        lastName: "Mulder",
        jobTitle: "Agent",
        about: "", // sent so that the answer has it (the portal's leaves out what was not sent)
        shareType: 1,
        customFieldList: [{ key: 12, value: "x" }],
      },
    });
    expect(person).toMatchObject({ isCompany: false, firstName: " Fox ", shareType: 1, about: "" });
    // Stored trimmed.
    expect(await crm.getContact(person.id)).toMatchObject({ firstName: "Fox", about: "" });
  });

  it("shareType none with managers: only they may see it", async () => {
    const mine = await crm.createPerson({
      firstName: "A",
      lastName: "B",
      shareType: "none",
      managers: [CURRENT_USER.id],
    });
    expect(sent(0).body).toMatchObject({ shareType: 0, managerList: [CURRENT_USER.id] });
    expect(mine).toMatchObject({ isPrivate: true, accessList: [{ id: CURRENT_USER.id }] });
    const theirs = await crm.createPerson({
      firstName: "C",
      lastName: "D",
      shareType: "none",
      managers: [THIRD_USER.id],
    });
    await expect(crm.getContact(theirs.id)).rejects.toBeInstanceOf(NotFoundError);
  });

  it("the portal's default without shareType: visible to admins only (why the client refuses it)", async () => {
    const response = await fetch(`${portal.url}/api/2.0/crm/contact/person`, {
      method: "POST",
      headers: { Authorization: portal.token, "Content-Type": "application/json" },
      body: JSON.stringify({ firstName: "Lost", lastName: "One" }),
    });
    const { response: created } = await response.json();
    expect(created.shareType).toBe(0);
    await expect(crm.getContact(created.id)).rejects.toBeInstanceOf(NotFoundError);
  });

  it("reads the company first: a person's ID is refused, a company's is sent", async () => {
    await expect(
      crm.createPerson({ firstName: "A", lastName: "B", shareType: "read", companyId: 10 }),
    ).rejects.toThrow(/companyId 10 is a person/);
    expect(portal.requests.map((r) => r.method)).toEqual(["GET"]);
    const person = await crm.createPerson({
      firstName: "A",
      lastName: "B",
      shareType: "read",
      companyId: 9,
    });
    expect(person.company?.id).toBe(9);
    expect(((await crm.getContact(9)) as Company).personsCount).toBe(2);
  });

  it.each([
    [{ firstName: "A", lastName: "B" }, TypeError, /input.shareType is required/],
    [
      { firstName: "A", lastName: "B", shareType: "none" },
      RangeError,
      /needs a non-empty managers/,
    ],
    [
      { firstName: "A", lastName: "B", shareType: "none", managers: [] },
      RangeError,
      /managers must not be empty/,
    ],
    [
      { firstName: "A", lastName: "B", shareType: "read", managers: [CURRENT_USER.id] },
      RangeError,
      /managers apply only with shareType "none"/,
    ],
    [{ firstName: "A", lastName: "B", shareType: "public" }, RangeError, /must be one of none/],
    [{ firstName: " ", lastName: "B", shareType: "read" }, RangeError, /firstName must not be/],
    [{ firstName: "A", shareType: "read" }, TypeError, /input.lastName is required/],
    [
      { firstName: "A", lastName: "B", shareType: "read", customFields: { 3: " " } },
      RangeError,
      /customFields\[3\] is empty/,
    ],
    [{ firstName: "A", lastName: "B", shareType: "read", companyId: 0 }, RangeError, /companyId/],
  ] as const)("refuses %j and sends nothing", async (input, type, message) => {
    const created = crm.createPerson(input as never);
    await expect(created).rejects.toThrow(type);
    await expect(created).rejects.toThrow(message);
    expect(portal.requests).toHaveLength(0);
  });
});

describe("createCompany", () => {
  it('sends a check box\'s boolean as "true"/"false" and a Date as an ISO date', async () => {
    await crm.createCompany({
      companyName: "Typed Ltd",
      shareType: "readWrite",
      customFields: { 42: false, 41: new Date("2025-06-30T12:00:00Z") },
    });
    expect(JSON.parse(portal.requests[0]!.body).customFieldList).toEqual([
      { key: 41, value: "2025-06-30T12:00:00.000Z" },
      { key: 42, value: "false" },
    ]);
    await expect(
      crm.createCompany({ companyName: "X", shareType: "none", customFields: { 42: [] as never } }),
    ).rejects.toThrow(
      /customFields\[42\] must be a string, a number, a boolean or a Date, got array/,
    );
    expect(portal.requests).toHaveLength(1);
  });

  it("is POST contact/company, links the persons and resolves to the company", async () => {
    const company = await crm.createCompany({
      companyName: "Initech",
      about: "",
      personIds: [8],
      shareType: "readWrite",
    });
    expect(sent(0)).toMatchObject({
      method: "POST",
      path: "/api/2.0/crm/contact/company",
      body: { companyName: "Initech", about: "", personList: [8], shareType: 1 },
    });
    expect(company).toMatchObject({ isCompany: true, companyName: "Initech", personsCount: 1 });
    expect(((await crm.getContact(8)) as Person).company?.id).toBe(company.id);
  });

  it("the portal's trap: a None company with persons fails after it was created", async () => {
    const before = portal.contacts.size;
    const response = await fetch(`${portal.url}/api/2.0/crm/contact/company`, {
      method: "POST",
      headers: { Authorization: portal.token, "Content-Type": "application/json" },
      body: JSON.stringify({
        companyName: "Orphan",
        shareType: 0,
        personList: [8],
        managerList: [CURRENT_USER.id],
      }),
    });
    expect(response.status).toBe(404);
    expect(portal.contacts.size).toBe(before + 1);
  });

  it.each([
    [{ companyName: "X" }, /input.shareType is required/],
    [{ companyName: "X", shareType: "none" }, /needs a non-empty managers/],
    [
      { companyName: "X", shareType: "none", managers: [CURRENT_USER.id], personIds: [8] },
      /create the company, then addPersonToCompany/,
    ],
    [{ companyName: "", shareType: "read" }, /companyName must not be empty/],
    [{ companyName: "X", shareType: "read", personIds: [] }, /personIds must not be empty/],
  ] as const)("refuses %j and sends nothing", async (input, message) => {
    await expect(crm.createCompany(input as never)).rejects.toThrow(message);
    expect(portal.requests).toHaveLength(0);
  });
});

describe("createPeople and createCompanies", () => {
  it("createPeople sends {key: first, value: last} pairs; each person is yours only", async () => {
    const created = await crm.createPeople([
      { firstName: "Walter", lastName: "Skinner" },
      { firstName: "Monica", lastName: "Reyes" },
    ]);
    expect(sent(0)).toEqual({
      method: "POST",
      path: "/api/2.0/crm/contact/person/quick",
      query: [],
      body: {
        data: [
          { key: "Walter", value: "Skinner" },
          { key: "Monica", value: "Reyes" },
        ],
      },
    });
    expect(created.map((c) => c.displayName)).toEqual(["Walter Skinner", "Monica Reyes"]);
    expect(created[0]).toMatchObject({ isCompany: false, shareType: 0, isPrivate: true });
    expect(created[0]?.accessList?.map((u) => u.id)).toEqual([CURRENT_USER.id]);
  });

  it("createCompanies sends the names as companyName", async () => {
    const created = await crm.createCompanies(["Acme", "Globex"]);
    expect(sent(0).body).toEqual({ companyName: ["Acme", "Globex"] });
    expect(created.map((c) => [c.displayName, c.isCompany])).toEqual([
      ["Acme", true],
      ["Globex", true],
    ]);
  });

  it.each([
    [() => crm.createPeople([]), /people must not be empty/],
    [() => crm.createPeople([{ firstName: "A", lastName: "" }]), /people\[0\].lastName must not/],
    [() => crm.createPeople([{ firstName: "A" } as never]), /people\[0\].lastName is required/],
    [
      () => crm.createPeople([{ firstName: "A", lastName: "B", title: "x" } as never]),
      /people\[0\] has no field title/,
    ],
    [() => crm.createCompanies([]), /names must not be empty/],
    [() => crm.createCompanies(["A", " "]), /names\[1\] must not be empty/],
  ])("refuses bad input and sends nothing (%#)", async (call, message) => {
    await expect(call()).rejects.toThrow(message);
    expect(portal.requests).toHaveLength(0);
  });
});

describe("updatePerson", () => {
  it("reads first and sends everything the change leaves out", async () => {
    const dana = await crm.updatePerson(10, { about: "Skeptic" });
    const put = portal.requests.findIndex((r) => r.method === "PUT");
    expect(sent(put)).toEqual({
      method: "PUT",
      path: "/api/2.0/crm/contact/person/10",
      query: [],
      body: {
        firstName: "Dana",
        lastName: "Scully",
        jobTitle: "IT manager",
        about: "Skeptic",
        companyId: 9,
        shareType: 1,
      },
    });
    expect(dana).toMatchObject({ title: "IT manager", about: "Skeptic", company: { id: 9 } });
  });

  it("keeps a private person's managers", async () => {
    await crm.updatePerson(8, { jobTitle: "Buyer" });
    expect(last().body).toMatchObject({ shareType: 0, managerList: [CURRENT_USER.id] });
    expect(await crm.getContact(8)).toMatchObject({ title: "Buyer", isPrivate: true });
  });

  it("a person created without a last name needs one given: the portal's update refuses none", async () => {
    const { id } = await crm.createPerson({
      firstName: "Cher",
      lastName: "",
      shareType: "readWrite",
    });
    await expect(crm.updatePerson(id, { about: "Singer" })).rejects.toThrow(
      /changes.lastName must not be empty/,
    );
    expect(portal.requests.some((r) => r.method === "PUT")).toBe(false);
    const cher = await crm.updatePerson(id, { about: "Singer", lastName: "Sarkisian" });
    expect(cher).toMatchObject({ about: "Singer", lastName: "Sarkisian" });
  });

  it("refuses a company's ID after reading it, and sends no update", async () => {
    await expect(crm.updatePerson(9, { about: "x" })).rejects.toThrow(
      /contact 9 is a company: use updateCompany/,
    );
    expect(portal.requests.every((r) => r.method === "GET")).toBe(true);
  });

  it("refuses to lose an industry unless told to, then clears it", async () => {
    (portal.contacts.get(10) as Person).industry = "Government";
    await expect(crm.updatePerson(10, { about: "x" })).rejects.toThrow(
      /person 10 has its industry set, which the portal resets.*clearIndustryTypeAndCurrency: true/,
    );
    expect(portal.requests.some((r) => r.method === "PUT")).toBe(false);
    const dana = await crm.updatePerson(10, { about: "x", clearIndustryTypeAndCurrency: true });
    expect(dana.industry).toBe("");
    expect(last().body).not.toHaveProperty("clear");
  });

  it("the portal's full replace: what is left out is cleared (why the client reads first)", async () => {
    const response = await fetch(`${portal.url}/api/2.0/crm/contact/person/10`, {
      method: "PUT",
      headers: { Authorization: portal.token, "Content-Type": "application/json" },
      body: JSON.stringify({ firstName: "Dana", lastName: "Scully" }),
    });
    const { response: dana } = await response.json();
    expect(dana).toMatchObject({ title: "", shareType: 0, isPrivate: true });
    expect(dana).not.toHaveProperty("company");
  });

  it.each([
    [0, {}, /personId must be/],
    [10, { firstName: "" }, /changes.firstName must not be empty/],
    [10, { shareType: "none" }, /needs a non-empty managers/],
    [10, { nickname: "x" }, /changes has no field nickname/],
    [10, { companyId: null }, /must not be null/],
    [10, { lastName: "" }, /changes.lastName must not be empty: the portal refuses/],
  ] as const)("refuses %p %j and sends nothing", async (personId, changes, message) => {
    await expect(crm.updatePerson(personId, changes as never)).rejects.toThrow(message);
    expect(portal.requests.some((r) => r.method === "PUT")).toBe(false);
  });
});

describe("updateCompany", () => {
  it("reads first and sends name, about and sharing", async () => {
    const company = await crm.updateCompany(7, {
      about: "Since 1999",
      clearIndustryTypeAndCurrency: true, // Contoso has a currency
    });
    expect(last()).toEqual({
      method: "PUT",
      path: "/api/2.0/crm/contact/company/7",
      query: [],
      body: { companyName: "Contoso Ltd", about: "Since 1999", shareType: 1 },
    });
    expect(company).toMatchObject({ companyName: "Contoso Ltd", about: "Since 1999" });
  });

  it("refuses a person's ID and sends no update", async () => {
    await expect(crm.updateCompany(10, { companyName: "X" })).rejects.toThrow(
      /contact 10 is a person: use updatePerson/,
    );
    expect(portal.requests.some((r) => r.method === "PUT")).toBe(false);
  });

  it("refuses to lose a currency, and the update clears it when told to", async () => {
    expect((await crm.getContact(7)).currency?.abbreviation).toBe("EUR");
    await expect(crm.updateCompany(7, { about: "x" })).rejects.toThrow(
      /company 7 has its currency set/,
    );
    expect(portal.requests.some((r) => r.method === "PUT")).toBe(false);
    const contoso = await crm.updateCompany(7, { about: "x", clearIndustryTypeAndCurrency: true });
    expect(contoso.currency).toBeNull();
  });
});

describe("deleteContact", () => {
  it("is DELETE contact/{id}; the contact's tasks and case links go with it", async () => {
    // Task 301 is about Contoso and belongs to case 42: it goes too.
    expect((await crm.getTask(301)).contact?.id).toBe(7);
    portal.requests.length = 0;
    const contoso = await crm.deleteContact(7);
    expect(sent(0)).toEqual({
      method: "DELETE",
      path: "/api/2.0/crm/contact/7",
      query: [],
      body: undefined,
    });
    expect(contoso).toMatchObject({ id: 7, commonData: [], addresses: [] });
    await expect(crm.getTask(301)).rejects.toBeInstanceOf(NotFoundError);
    expect((await crm.getCase(42)).members.map((m) => m.id)).not.toContain(7);
    await expect(crm.getContact(7)).rejects.toBeInstanceOf(NotFoundError);
  });

  it("a company's persons lose their company", async () => {
    await crm.deleteContact(9);
    expect(await crm.getContact(10)).not.toHaveProperty("company");
  });

  it("403 for a contact the user may not edit", async () => {
    await expect(crm.deleteContact(11)).rejects.toMatchObject({ status: 403 });
    expect(portal.contacts.has(11)).toBe(true);
  });
});

describe("deleteContacts", () => {
  it("is PUT contact with contactids; skips what the user may not delete", async () => {
    const deleted = await crm.deleteContacts([7, 11, 404404]);
    expect(sent(0)).toEqual({
      method: "PUT",
      path: "/api/2.0/crm/contact",
      query: [],
      body: { contactids: [7, 11, 404404] },
    });
    expect(ids(deleted)).toEqual([7]);
    expect(portal.contacts.has(11)).toBe(true);
  });

  it("refuses an empty list and sends nothing", async () => {
    await expect(crm.deleteContacts([])).rejects.toThrow(/contactIds must not be empty/);
    expect(portal.requests).toHaveLength(0);
  });
});

describe("deleteContactsWhere", () => {
  it("is DELETE contact/filter with the filter in the query", async () => {
    const deleted = await crm.deleteContactsWhere({ type: "company", search: "contoso" });
    expect(sent(0)).toEqual({
      method: "DELETE",
      path: "/api/2.0/crm/contact/filter",
      query: [
        ["contactListView", "company"],
        ["filterValue", "contoso"],
      ],
      body: undefined,
    });
    expect(ids(deleted)).toEqual([7]);
    expect(portal.contacts.has(9)).toBe(true);
  });

  it("a non-admin deletes nothing when a match is hidden", async () => {
    expect(await crm.deleteContactsWhere({ type: "person" })).toEqual([]);
    expect(portal.contacts.has(10)).toBe(true);
  });

  it.each([{}, undefined])("refuses the empty filter %j and sends nothing", async (filter) => {
    await expect(crm.deleteContactsWhere(filter as never)).rejects.toThrow(
      /filter is empty: the portal would act on every contact/,
    );
    expect(portal.requests).toHaveLength(0);
  });
});

describe("mergeContacts", () => {
  it("reads both, sends PUT contact/merge, and the first goes with its links moved", async () => {
    const merged = await crm.mergeContacts(7, 9);
    expect(portal.requests.map((r) => r.method)).toEqual(["GET", "GET", "PUT"]);
    expect(sent(2)).toEqual({
      method: "PUT",
      path: "/api/2.0/crm/contact/merge",
      query: [],
      body: { fromcontactid: 7, tocontactid: 9 },
    });
    expect(merged.id).toBe(9);
    expect(merged.commonData.map((i) => i.data)).toContain("support@contoso.example");
    expect(portal.contacts.has(7)).toBe(false);
    expect((await crm.getCase(42)).members.map((m) => m.id)).toContain(9);
    expect((await crm.getTask(301)).contact?.id).toBe(9);
  });

  it("refuses a contact into itself before reading, and a person into a company after", async () => {
    await expect(crm.mergeContacts(10, 10)).rejects.toThrow(/the same contact/);
    expect(portal.requests).toHaveLength(0);
    await expect(crm.mergeContacts(10, 9)).rejects.toThrow(/cannot merge a person into a company/);
    expect(portal.requests.every((r) => r.method === "GET")).toBe(true);
    expect(portal.contacts.has(10)).toBe(true);
  });
});

describe("types", () => {
  it("createPerson resolves to a Person, createCompany to a Company", () => {
    const person: () => Promise<Person> = () =>
      crm.createPerson({ firstName: "a", lastName: "b", shareType: "read" });
    const company: () => Promise<Company> = () =>
      crm.createCompany({ companyName: "a", shareType: "read" });
    // @ts-expect-error shareType is required
    const noShare = () => crm.createPerson({ firstName: "a", lastName: "b" });
    // @ts-expect-error a share type the portal does not have
    const badShare = () => crm.createCompany({ companyName: "a", shareType: "public" });
    const newPerson = () => crm.createPerson({ firstName: "a", lastName: "b", shareType: "read" });
    // @ts-expect-error createPerson does not resolve to a Company
    const wrong: () => Promise<Company> = newPerson;
    expect([person, company, noShare, badShare, wrong]).toHaveLength(5);
  });
});
