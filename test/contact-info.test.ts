// The ContactInfo methods against the fake portal over real HTTP: categories typed per info type
// (names where the portal reads names, numbers where it reads numbers), addresses as objects, the
// ownership checks the portal lacks, and every refusal sending nothing.
import fc from "fast-check";
import {
  createCrmClient,
  INFO_CATEGORIES,
  INFO_TYPES,
  type CrmClient,
  type InfoType,
  type NewContactInfo,
} from "../src";
import { startFakePortal, type FakePortal } from "../src/testing";

let portal: FakePortal;
let crm: CrmClient;

beforeEach(async () => {
  portal = await startFakePortal();
  crm = createCrmClient({ baseUrl: portal.url, token: portal.token, retryDelay: { baseMs: 1 } });
});
afterEach(() => portal.close());

function sent(index: number) {
  const request = portal.requests[index]!;
  return {
    method: request.method,
    path: new URL(request.url, portal.url).pathname,
    body: request.body ? JSON.parse(request.body) : undefined,
  };
}
const last = () => sent(portal.requests.length - 1);
const writes = () => portal.requests.filter((r) => r.method !== "GET");

describe("listContactInfo and getContactInfo", () => {
  it("is GET contact/{id}/data, newest first", async () => {
    const items = await crm.listContactInfo(7);
    expect(sent(0)).toEqual({
      method: "GET",
      path: "/api/2.0/crm/contact/7/data",
      body: undefined,
    });
    expect(items.map((i) => i.id)).toEqual([72, 71, 70]);
    expect(items[2]).toMatchObject({ infoType: 0, category: 1, data: "+49 30 1234567" });
  });

  it("getContactInfo is GET contact/{id}/data/{id}; another contact's item is a 400", async () => {
    expect((await crm.getContactInfo(7, 71)).data).toBe("support@contoso.example");
    expect(last().path).toBe("/api/2.0/crm/contact/7/data/71");
    await expect(crm.getContactInfo(7, 100)).rejects.toMatchObject({ status: 400 });
  });

  it("404 for a hidden contact", async () => {
    await expect(crm.listContactInfo(11)).rejects.toMatchObject({ status: 404 });
  });
});

describe("addContactInfo", () => {
  it("sends the type and the category by the portal's exact names", async () => {
    const added = await crm.addContactInfo(8, {
      type: "phone",
      value: "+49 170 5550199",
      category: "mobile",
      isPrimary: true,
    });
    expect(sent(0)).toEqual({
      method: "POST",
      path: "/api/2.0/crm/contact/8/data",
      body: { infoType: "Phone", data: "+49 170 5550199", category: "Mobile", isPrimary: true },
    });
    expect(added).toMatchObject({
      infoType: 0,
      category: 2,
      categoryName: "Mobile",
      isPrimary: true,
    });
    expect((await crm.getContact(8)).commonData.map((i) => i.id)).toContain(added.id);
  });

  it("the same word is another number per type: work is 1 for an email", async () => {
    const added = await crm.addContactInfo(8, {
      type: "email",
      value: "b@x.example",
      category: "work",
    });
    expect(sent(0).body).toEqual({ infoType: "Email", data: "b@x.example", category: "Work" });
    expect(added.category).toBe(1);
  });

  it("the portal's trap: a category by number or in lower case is a 400", async () => {
    for (const category of ["1", "work"]) {
      const response = await fetch(`${portal.url}/api/2.0/crm/contact/8/data`, {
        method: "POST",
        headers: { Authorization: portal.token, "Content-Type": "application/json" },
        body: JSON.stringify({ infoType: "Email", data: "x@y.example", category }),
      });
      expect(response.status).toBe(400);
    }
  });

  it.each([
    [
      { type: "email", value: "a@b.example", category: "mobile" },
      /category must be a category of email: one of home, work, other/,
    ],
    [{ type: "address", value: "x", category: "home" }, /addContactAddress/],
    [{ type: "fax", value: "1", category: "home" }, /type must be one of phone, email/],
    [{ type: "phone", value: "", category: "home" }, /value must not be empty/],
    [{ type: "phone", value: "1", category: "home", label: "x" }, /has no field label/],
    [{ type: "phone", value: "1" }, /category must be a category of phone/],
  ])("refuses %j and sends nothing", async (item, message) => {
    await expect(crm.addContactInfo(8, item as never)).rejects.toThrow(message);
    expect(portal.requests).toHaveLength(0);
  });
});

describe("addresses", () => {
  it("addContactAddress sends the address object with all five parts and the category number", async () => {
    const added = await crm.addContactAddress(8, {
      city: "Riga",
      country: "Latvia",
      category: "work",
    });
    expect(sent(0)).toEqual({
      method: "POST",
      path: "/api/2.0/crm/contact/8/addressdata",
      body: {
        address: { street: "", city: "Riga", state: "", zip: "", country: "Latvia", category: 5 },
      },
    });
    expect(added).toMatchObject({ infoType: 7, category: 5, categoryName: "Work" });
    expect(added.address).toEqual({
      street: "",
      city: "Riga",
      state: "",
      zip: "",
      country: "Latvia",
    });
    expect(JSON.parse(added.data)).toMatchObject({ city: "Riga", category: 5 });
    const ben = await crm.getContact(8);
    expect(ben.addresses).toEqual([
      expect.objectContaining({
        city: "Riga",
        country: "Latvia",
        category: 5,
        categoryName: "Work",
      }),
    ]);
  });

  it("updateContactAddress reads first and keeps the parts not named", async () => {
    const { id } = await crm.addContactAddress(8, {
      street: "Main 1",
      city: "Riga",
      category: "office",
      isPrimary: true,
    });
    const moved = await crm.updateContactAddress(8, id, { city: "Tallinn" });
    expect(last()).toEqual({
      method: "PUT",
      path: `/api/2.0/crm/contact/8/addressdata/${id}`,
      body: {
        address: {
          street: "Main 1",
          city: "Tallinn",
          state: "",
          zip: "",
          country: "",
          category: 2,
          isPrimary: true,
        },
      },
    });
    expect(moved.address).toMatchObject({ street: "Main 1", city: "Tallinn" });
    expect((await crm.getContact(8)).addresses?.[0]).toMatchObject({
      isPrimary: true,
      category: 2,
    });
  });

  it("the portal's full replace loses what is left out (why the client reads first)", async () => {
    const { id } = await crm.addContactAddress(8, {
      street: "Main 1",
      city: "Riga",
      category: "office",
    });
    await fetch(`${portal.url}/api/2.0/crm/contact/8/addressdata/${id}`, {
      method: "PUT",
      headers: { Authorization: portal.token, "Content-Type": "application/json" },
      body: JSON.stringify({ address: { city: "Tallinn" } }),
    });
    // The reader stops at the first missing part (country) and keeps only the city.
    expect((await crm.getContact(8)).addresses).toEqual([{ city: "Tallinn" }]);
  });

  it.each([
    [{ category: "home" }, /must have at least one of street/],
    [{ city: "Riga", category: "mobile" }, /category must be a category of address/],
    [{ city: 5, category: "home" }, /address.city must be a string/],
  ])("addContactAddress refuses %j and sends nothing", async (address, message) => {
    await expect(crm.addContactAddress(8, address as never)).rejects.toThrow(message);
    expect(portal.requests).toHaveLength(0);
  });
});

describe("addContactInfos and replaceContactInfo", () => {
  it("addContactInfos sends numbers for the type and the category, an address as its JSON", async () => {
    const echoed = await crm.addContactInfos(8, [
      { type: "skype", value: "ben.w", category: "other" },
      { type: "address", city: "Bonn", category: "billing" },
    ]);
    expect(sent(0)).toEqual({
      method: "POST",
      path: "/api/2.0/crm/contact/8/batch",
      body: {
        items: [
          { infoType: 3, category: 2, data: "ben.w", isPrimary: false },
          {
            infoType: 7,
            category: 3,
            data: JSON.stringify({ street: "", city: "Bonn", state: "", zip: "", country: "" }),
            isPrimary: false,
          },
        ],
      },
    });
    expect(echoed[0]).toMatchObject({ infoType: 3, data: "ben.w", categoryName: null });
    expect((await crm.listContactInfo(8)).map((i) => i.infoType)).toEqual([7, 3, 1, 0]);
  });

  it("replaceContactInfo is PUT contact/{id}/batch and replaces every item", async () => {
    await crm.replaceContactInfo(7, [
      { type: "email", value: "new@contoso.example", category: "work" },
    ]);
    expect(last()).toMatchObject({ method: "PUT", path: "/api/2.0/crm/contact/7/batch" });
    const items = await crm.listContactInfo(7);
    expect(items.map((i) => i.data)).toEqual(["new@contoso.example"]);
  });

  it("refuses an empty list, saying it replaces every item, and sends nothing", async () => {
    await expect(crm.replaceContactInfo(7, [])).rejects.toThrow(
      /replaceContactInfo would delete every item of the contact/,
    );
    await expect(crm.addContactInfos(7, [])).rejects.toThrow(/items must not be empty/);
    await expect(
      crm.addContactInfos(7, [{ type: "phone", value: "1", category: "postal" } as never]),
    ).rejects.toThrow(/items\[0\].category must be a category of phone/);
    expect(portal.requests).toHaveLength(0);
  });
});

describe("updateContactInfo", () => {
  it("reads first and sends the type and the category with the value", async () => {
    const changed = await crm.updateContactInfo(7, 72, { value: "+49 171 5550108" });
    expect(portal.requests.map((r) => r.method)).toEqual(["GET", "PUT"]);
    expect(sent(1)).toEqual({
      method: "PUT",
      path: "/api/2.0/crm/contact/7/data/72",
      body: { infoType: "Phone", category: "Mobile", data: "+49 171 5550108" },
    });
    expect(changed).toMatchObject({ id: 72, category: 2, data: "+49 171 5550108" });
  });

  it("a new type needs its category", async () => {
    const changed = await crm.updateContactInfo(7, 72, { type: "skype", category: "work" });
    expect(last().body).toEqual({ infoType: "Skype", category: "Work", data: "+49 171 5550107" });
    expect(changed).toMatchObject({ infoType: 3, category: 1 });
    await expect(crm.updateContactInfo(7, 72, { type: "email" } as never)).rejects.toThrow(
      /changes.type needs a changes.category/,
    );
  });

  it("refuses another contact's item after reading, and sends no update", async () => {
    await expect(crm.updateContactInfo(7, 100, { value: "x" })).rejects.toThrow(
      /item 100 is not contact 7's: the portal would act on another contact's item/,
    );
    expect(writes()).toHaveLength(0);
  });

  it("the portal's trap: an item of another contact moves", async () => {
    await fetch(`${portal.url}/api/2.0/crm/contact/7/data/100`, {
      method: "PUT",
      headers: { Authorization: portal.token, "Content-Type": "application/json" },
      body: JSON.stringify({ data: "moved" }),
    });
    expect((await crm.listContactInfo(10)).map((i) => i.id)).not.toContain(100);
  });
});

describe("deleteContactInfo", () => {
  it("reads first, then DELETE contact/{id}/data/{id}", async () => {
    const gone = await crm.deleteContactInfo(7, 72);
    expect(last()).toEqual({
      method: "DELETE",
      path: "/api/2.0/crm/contact/7/data/72",
      body: undefined,
    });
    expect(gone.id).toBe(72);
    expect((await crm.listContactInfo(7)).map((i) => i.id)).toEqual([71, 70]);
  });

  it("refuses another contact's item and sends no delete", async () => {
    await expect(crm.deleteContactInfo(7, 100)).rejects.toThrow(/item 100 is not contact 7's/);
    expect(writes()).toHaveLength(0);
    expect((await crm.listContactInfo(10)).map((i) => i.id)).toContain(100);
  });
});

describe("types, categories and values", () => {
  it("listContactInfoTypes and listContactInfoCategories", async () => {
    expect(await crm.listContactInfoTypes()).toHaveLength(18);
    expect(await crm.listContactInfoCategories("address")).toEqual([
      "Home",
      "Postal",
      "Office",
      "Billing",
      "Other",
      "Work",
    ]);
    expect(last().path).toBe("/api/2.0/crm/contact/data/Address/category");
    expect(await crm.listContactInfoCategories("gmail")).toEqual(["Home", "Work", "Other"]);
    expect(last().path).toBe("/api/2.0/crm/contact/data/GMail/category");
  });

  it("listContactInfoValues reads the items and keeps the type's values, oldest first", async () => {
    expect(await crm.listContactInfoValues(7, "phone")).toEqual([
      "+49 30 1234567",
      "+49 171 5550107",
    ]);
    expect(portal.requests.map((r) => new URL(r.url, portal.url).pathname)).toEqual([
      "/api/2.0/crm/contact/7/data",
    ]);
    await expect(crm.listContactInfoValues(7, "address" as never)).rejects.toThrow(
      /listContactInfo/,
    );
    await expect(crm.listContactInfoValues(0, "phone")).rejects.toThrow(
      "contactId must be a whole number from 1",
    );
    expect(portal.requests).toHaveLength(1); // the bad contactId sent nothing
  });

  it("the portal's categories are the client's, in order, for every type (property)", async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...INFO_TYPES), async (type: InfoType) => {
        const key = type === "phone" ? "phone" : type === "address" ? "address" : "other";
        const names = await crm.listContactInfoCategories(type);
        expect(names.map((n) => n.toLowerCase())).toEqual([...INFO_CATEGORIES[key]]);
      }),
      { numRuns: 18 },
    );
  });

  it("any category of a type is stored under its number (property)", async () => {
    const items = fc.constantFrom(...INFO_TYPES.filter((t) => t !== "address")).chain((type) =>
      fc.record({
        type: fc.constant(type),
        category: fc.constantFrom(...INFO_CATEGORIES[type === "phone" ? "phone" : "other"]),
      }),
    );
    await fc.assert(
      fc.asyncProperty(items, async ({ type, category }) => {
        const added = await crm.addContactInfo(8, { type, category, value: "v" } as NewContactInfo);
        const list = INFO_CATEGORIES[type === "phone" ? "phone" : "other"] as readonly string[];
        expect(added.category).toBe(list.indexOf(category));
        expect(added.infoType).toBe(INFO_TYPES.indexOf(type));
      }),
      { numRuns: 25 },
    );
  });

  it("a category of another type does not compile", () => {
    const ok = () => crm.addContactInfo(1, { type: "phone", value: "1", category: "mobile" });
    // @ts-expect-error mobile is a phone category, not an email one
    const bad = () => crm.addContactInfo(1, { type: "email", value: "1", category: "mobile" });
    // @ts-expect-error an address is added with addContactAddress
    const address = () => crm.addContactInfo(1, { type: "address", value: "1", category: "home" });
    // @ts-expect-error postal is an address category
    const phone = () => crm.addContactInfos(1, [{ type: "phone", value: "1", category: "postal" }]);
    expect([ok, bad, address, phone]).toHaveLength(4);
  });
});
