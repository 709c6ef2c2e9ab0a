// Access (getContactAccess, setContactAccess, setContactsAccess, setContactsAccessWhere), a
// company's persons, creation and modification dates, and a contact's deals, against the fake
// portal over real HTTP: what is sent, what comes back, and every refusal sending nothing.
import fc from "fast-check";
import { createCrmClient, NotFoundError, type CrmClient, type Person } from "../src";
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
const writes = () => portal.requests.filter((r) => r.method !== "GET");

describe("getContactAccess", () => {
  it("lists a private contact's users; a shared one has none", async () => {
    expect((await crm.getContactAccess(8)).map((u) => u.id)).toEqual([CURRENT_USER.id]);
    expect(sent(0).path).toBe("/api/2.0/crm/contact/8/access");
    expect(await crm.getContactAccess(7)).toEqual([]);
    await expect(crm.getContactAccess(11)).rejects.toMatchObject({ status: 403 });
  });
});

describe("setContactAccess", () => {
  it("none with managers is isShared false; resolves to the contact read again", async () => {
    const contoso = await crm.setContactAccess(7, {
      shareType: "none",
      managers: [CURRENT_USER.id, THIRD_USER.id],
    });
    expect(sent(0)).toEqual({
      method: "PUT",
      path: "/api/2.0/crm/contact/7/access",
      query: [],
      body: { isShared: false, managerList: [CURRENT_USER.id, THIRD_USER.id] },
    });
    expect(sent(1)).toMatchObject({ method: "GET", path: "/api/2.0/crm/contact/7" });
    expect(contoso).toMatchObject({ shareType: 0, isPrivate: true });
    expect(contoso.accessList?.map((u) => u.id)).toEqual([CURRENT_USER.id, THIRD_USER.id]);
  });

  it("readWrite shares it with everyone", async () => {
    const ben = await crm.setContactAccess(8, { shareType: "readWrite" });
    expect(sent(0).body).toEqual({ isShared: true });
    expect(ben).toMatchObject({ shareType: 1, isShared: true });
  });

  it("the portal's answer alone shows the old sharing", async () => {
    const response = await fetch(`${portal.url}/api/2.0/crm/contact/8/access`, {
      method: "PUT",
      headers: { Authorization: portal.token, "Content-Type": "application/json" },
      body: JSON.stringify({ isShared: true }),
    });
    expect((await response.json()).response.shareType).toBe(0);
  });

  it.each([
    [{ shareType: "none" }, /needs a non-empty managers/],
    [{ shareType: "none", managers: [] }, /managers must not be empty/],
    [{ shareType: "readWrite", managers: [CURRENT_USER.id] }, /managers apply only/],
    [{ shareType: "read" }, /must be one of none, readWrite/],
    [{ isPrivate: true }, /has no field isPrivate/],
  ])("refuses %j and sends nothing", async (access, message) => {
    await expect(crm.setContactAccess(7, access as never)).rejects.toThrow(message);
    expect(portal.requests).toHaveLength(0);
  });
});

describe("setContactsAccess", () => {
  it("is PUT contact/access with contactid; resolves to the contacts read again", async () => {
    const changed = await crm.setContactsAccess([7, 9], {
      shareType: "none",
      managers: [CURRENT_USER.id],
    });
    expect(sent(0)).toEqual({
      method: "PUT",
      path: "/api/2.0/crm/contact/access",
      query: [],
      body: { contactid: [7, 9], isShared: false, managerList: [CURRENT_USER.id] },
    });
    expect(changed.map((c) => [c.id, c.shareType])).toEqual([
      [7, 0],
      [9, 0],
    ]);
  });

  it("the portal stops at the first contact it may not change, the earlier ones changed", async () => {
    await expect(
      crm.setContactsAccess([7, 11, 9], { shareType: "readWrite" }),
    ).rejects.toMatchObject({ status: 403 });
    expect((await crm.getContact(7)).shareType).toBe(1);
  });

  it("refuses an empty list", async () => {
    await expect(crm.setContactsAccess([], { shareType: "readWrite" })).rejects.toThrow(
      /contactIds must not be empty/,
    );
    expect(portal.requests).toHaveLength(0);
  });
});

describe("setContactsAccessWhere", () => {
  it("sends isPrivate true to share (the portal reads it backwards)", async () => {
    const changed = await crm.setContactsAccessWhere(
      { type: "company" },
      { shareType: "none", managers: [CURRENT_USER.id] },
    );
    expect(sent(0)).toEqual({
      method: "PUT",
      path: "/api/2.0/crm/contact/filter/access",
      query: [["contactListView", "company"]],
      body: { isPrivate: false, managerList: [CURRENT_USER.id] },
    });
    expect(changed.map((c) => [c.id, c.isPrivate])).toEqual([
      [7, true],
      [9, true],
    ]);
    await crm.setContactsAccessWhere({ type: "company" }, { shareType: "readWrite" });
    expect(portal.requests.at(-3)?.body).toBe('{"isPrivate":true}');
    expect((await crm.getContact(7)).isShared).toBe(true);
  });

  it("the caller's words hold for any access (property)", async () => {
    await fc.assert(
      fc.asyncProperty(fc.boolean(), async (shared) => {
        const access: Parameters<CrmClient["setContactsAccessWhere"]>[1] = shared
          ? ({ shareType: "readWrite" } as const)
          : ({ shareType: "none", managers: [CURRENT_USER.id] } as const);
        const [first] = await crm.setContactsAccessWhere({ search: "Contoso" }, access);
        expect(first?.isShared).toBe(shared);
        expect((await crm.getContact(7)).isShared).toBe(shared);
      }),
      { numRuns: 6 },
    );
  });

  it("refuses an empty filter and sends nothing", async () => {
    await expect(crm.setContactsAccessWhere({}, { shareType: "readWrite" })).rejects.toThrow(
      /filter is empty/,
    );
    expect(portal.requests).toHaveLength(0);
  });
});

describe("a company's persons", () => {
  it("listCompanyPeople is GET contact/company/{id}/person", async () => {
    expect((await crm.listCompanyPeople(9)).map((c) => c.id)).toEqual([10]);
    expect(sent(0).path).toBe("/api/2.0/crm/contact/company/9/person");
  });

  it("addPersonToCompany reads the company first and the person after", async () => {
    const ben = await crm.addPersonToCompany(7, 8);
    expect(portal.requests.map((r) => r.method)).toEqual(["GET", "POST", "GET"]);
    expect(sent(1)).toEqual({
      method: "POST",
      path: "/api/2.0/crm/contact/company/7/person",
      query: [],
      body: { personid: 8 },
    });
    expect(ben.company?.id).toBe(7); // the portal's answer shows none: read again
    expect((await crm.listCompanyPeople(7)).map((c) => c.id)).toEqual([8]);
  });

  it("refuses a person's ID as the company", async () => {
    await expect(crm.addPersonToCompany(10, 8)).rejects.toThrow(/companyId 10 is a person/);
    expect(writes()).toHaveLength(0);
  });

  it("removePersonFromCompany sends personid in the query, after checking the person is there", async () => {
    const dana = await crm.removePersonFromCompany(9, 10);
    expect(sent(1)).toEqual({
      method: "DELETE",
      path: "/api/2.0/crm/contact/company/9/person",
      query: [["personid", "10"]],
      body: undefined,
    });
    expect((dana as Person).company).toBeUndefined();
    await expect(crm.removePersonFromCompany(7, 8)).rejects.toThrow(
      /contact 8 is not a person of company 7/,
    );
    expect(writes()).toHaveLength(1);
  });
});

describe("dates", () => {
  it("setContactCreated sends creationDate and resolves to nothing", async () => {
    await expect(
      crm.setContactCreated(8, new Date("2020-01-02T03:04:05Z")),
    ).resolves.toBeUndefined();
    expect(sent(0)).toEqual({
      method: "PUT",
      path: "/api/2.0/crm/contact/8/creationdate",
      query: [],
      body: { creationDate: "2020-01-02T03:04:05.000Z" },
    });
    expect((await crm.getContact(8)).created).toBe("2020-01-02T03:04:05.000Z");
  });

  it("setContactModified sends lastModifedDate (the portal's spelling)", async () => {
    await crm.setContactModified(8, "2021-05-06T07:08:09Z");
    expect(sent(0).body).toEqual({ lastModifedDate: "2021-05-06T07:08:09.000Z" });
  });

  it("refuses a missing date (the portal would write the year 1) and sends nothing", async () => {
    await expect(crm.setContactCreated(8, undefined as never)).rejects.toThrow(
      /date is required: without one the portal writes the year 1/,
    );
    await expect(crm.setContactModified(8, "yesterday")).rejects.toThrow(/date must be a date/);
    expect(portal.requests).toHaveLength(0);
  });
});

describe("a contact's deals", () => {
  it("addContactDeal links; removeContactDeal unlinks", async () => {
    const deal = await crm.addContactDeal(8, 23);
    expect(sent(0)).toMatchObject({
      method: "POST",
      path: "/api/2.0/crm/contact/8/opportunity/23",
    });
    expect(deal.members.map((m) => m.id)).toContain(8);
    const after = await crm.removeContactDeal(8, 23);
    expect(sent(1)).toMatchObject({
      method: "DELETE",
      path: "/api/2.0/crm/contact/8/opportunity/23",
    });
    expect(after.members.map((m) => m.id)).not.toContain(8);
  });

  it("the deal's primary contact cannot be unlinked (403)", async () => {
    await expect(crm.removeContactDeal(7, 21)).rejects.toMatchObject({ status: 403 });
  });

  it("deleting a contact takes it off its deals", async () => {
    await crm.deleteContact(7);
    const deal = await crm.getDeal(21);
    expect(deal.contact).toBeUndefined();
    expect(deal.members.map((m) => m.id)).not.toContain(7);
  });

  it("404 for a missing deal", async () => {
    await expect(crm.addContactDeal(8, 404404)).rejects.toBeInstanceOf(NotFoundError);
  });
});

describe("listContactEmails and findContactsByInfo", () => {
  it("listContactEmails sends contactids repeated; hidden contacts are dropped", async () => {
    const found = await crm.listContactEmails([10, 11, 8]);
    expect(sent(0)).toEqual({
      method: "GET",
      path: "/api/2.0/crm/contact/mail",
      query: [
        ["contactids", "10"],
        ["contactids", "11"],
        ["contactids", "8"],
      ],
      body: undefined,
    });
    expect(found.map((c) => [c.id, c.email?.data])).toEqual([
      [8, "ben.weber@contoso.example"],
      [10, "dana@fabrikam.example"],
    ]);
    await expect(crm.listContactEmails([])).rejects.toThrow(/contactIds must not be empty/);
    expect(portal.requests).toHaveLength(1);
  });

  it("findContactsByInfo sends the type and the category as the portal's numbers", async () => {
    const found = await crm.findContactsByInfo({ type: "phone", value: "555", category: "mobile" });
    expect(sent(0)).toMatchObject({
      method: "GET",
      path: "/api/2.0/crm/contact/bycontactinfo",
      query: [
        ["infoType", "0"],
        ["data", "555"],
        ["category", "2"],
      ],
    });
    expect(found.map((c) => c.id)).toEqual([7, 8]);
    const emails = await crm.findContactsByInfo({ type: "email", value: "FABRIKAM" });
    expect(emails.map((c) => c.id)).toEqual([9, 10]);
  });

  it.each([
    [{ value: "x" }, /query.type must be one of/],
    [{ type: "email", category: "mobile" }, /query.category must be a category of email/],
    [{ type: "email", label: "x" }, /query has no field label/],
  ])("findContactsByInfo refuses %j and sends nothing", async (query, message) => {
    await expect(crm.findContactsByInfo(query as never)).rejects.toThrow(message);
    expect(portal.requests).toHaveLength(0);
  });
});

describe("photos", () => {
  it("setContactPhotoFromUrl sends photourl and resolves to the stored photo's URL", async () => {
    const url = await crm.setContactPhotoFromUrl(8, "https://example.org/ben.jpg");
    expect(sent(0)).toEqual({
      method: "PUT",
      path: "/api/2.0/crm/contact/8/changephotobyurl",
      query: [],
      body: { photourl: "https://example.org/ben.jpg" },
    });
    expect(url).toMatch(/contact_8_200_200/);
  });

  it.each(["file:///etc/passwd", "ftp://x/y.png", "not a url", ""])(
    "refuses the URL %p (the portal fetches any scheme) and sends nothing",
    async (url) => {
      await expect(crm.setContactPhotoFromUrl(8, url)).rejects.toThrow(/photo|url/i);
      expect(portal.requests).toHaveLength(0);
    },
  );

  it("a URL that is not a string is a TypeError saying so, and sends nothing", async () => {
    await expect(crm.setContactPhotoFromUrl(8, 5 as never)).rejects.toThrow(
      new TypeError("url must be a string, got number"),
    );
    expect(portal.requests).toHaveLength(0);
  });

  it("deleteContactPhoto is DELETE contact/{id}/avatar and resolves to the default photo", async () => {
    expect(await crm.deleteContactPhoto(8)).toMatch(/empty_people_logo/);
    expect(sent(0)).toEqual({
      method: "DELETE",
      path: "/api/2.0/crm/contact/8/avatar",
      query: [],
      body: undefined,
    });
    await expect(crm.deleteContactPhoto(11)).rejects.toBeInstanceOf(NotFoundError);
  });
});
