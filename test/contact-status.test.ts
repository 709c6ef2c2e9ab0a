// setContactStatus, setCompanyStatus and setPersonStatus against the fake portal over real HTTP,
// and the status that updatePerson and updateCompany put back after the portal resets it.
import { createCrmClient, NotFoundError, type CrmClient } from "../src";
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
const statusOf = async (contactId: number) => (await crm.getContact(contactId)).contactStatus?.id;

describe("setContactStatus", () => {
  it("is PUT contact/{id}/status with contactStatusid, and resolves to the contact", async () => {
    const ben = await crm.setContactStatus(8, 31);
    expect(sent(0)).toEqual({
      method: "PUT",
      path: "/api/2.0/crm/contact/8/status",
      body: { contactStatusid: 31 },
    });
    expect(ben.contactStatus).toEqual({ id: 31, title: "Warm", color: "#ffd267", sortOrder: 2 });
    expect(await statusOf(8)).toBe(31);
  });

  it("0 clears the status", async () => {
    await crm.setContactStatus(8, 31);
    expect((await crm.setContactStatus(8, 0)).contactStatus).toBeUndefined();
    expect(sent(1).body).toEqual({ contactStatusid: 0 });
  });

  it("404 for a status that does not exist; 403 for a contact the user may not edit", async () => {
    await expect(crm.setContactStatus(8, 999)).rejects.toBeInstanceOf(NotFoundError);
    await expect(crm.setContactStatus(11, 31)).rejects.toBeInstanceOf(NotFoundError); // hidden
  });

  it.each([
    [undefined, TypeError],
    [-1, RangeError],
    [1.5, RangeError],
    ["31", TypeError],
  ])("refuses the status %p (a missing one would clear it) and sends nothing", async (s, type) => {
    await expect(crm.setContactStatus(8, s as number)).rejects.toThrow(type);
    await expect(crm.setContactStatus(8, s as number)).rejects.toThrow(/statusId must be/);
    expect(portal.requests).toHaveLength(0);
  });

  it("the portal's trap: a status left out clears it", async () => {
    await crm.setContactStatus(8, 30);
    const response = await fetch(`${portal.url}/api/2.0/crm/contact/8/status`, {
      method: "PUT",
      headers: { Authorization: portal.token, "Content-Type": "application/json" },
      body: "{}",
    });
    expect(response.status).toBe(200);
    expect(await statusOf(8)).toBeUndefined();
  });
});

describe("setCompanyStatus", () => {
  it("sets the company's and its persons' status, and resolves to the company as stored", async () => {
    const fabrikam = await crm.setCompanyStatus(9, 32);
    expect(sent(0)).toEqual({
      method: "PUT",
      path: "/api/2.0/crm/contact/company/9/status",
      body: { contactStatusid: 32 },
    });
    // The portal answers the old status; the client read it again.
    expect(sent(1)).toMatchObject({ method: "GET", path: "/api/2.0/crm/contact/9" });
    expect(fabrikam.contactStatus?.id).toBe(32);
    expect(await statusOf(10)).toBe(32); // Dana works at Fabrikam
    expect(await statusOf(7)).toBeUndefined();
  });

  it("the portal's answer alone shows the old status", async () => {
    const response = await fetch(`${portal.url}/api/2.0/crm/contact/company/9/status`, {
      method: "PUT",
      headers: { Authorization: portal.token, "Content-Type": "application/json" },
      body: JSON.stringify({ contactStatusid: 32 }),
    });
    expect((await response.json()).response.contactStatus).toBeUndefined();
  });

  it("a person's ID is the portal's 500, and nothing changes", async () => {
    await expect(crm.setCompanyStatus(10, 32, { maxRetries: 0 })).rejects.toMatchObject({
      status: 500,
    });
    expect(await statusOf(10)).toBeUndefined();
  });
});

describe("setPersonStatus", () => {
  it("sets the person's company and its persons", async () => {
    const dana = await crm.setPersonStatus(10, 30);
    expect(sent(0)).toEqual({
      method: "PUT",
      path: "/api/2.0/crm/contact/person/10/status",
      body: { contactStatusid: 30 },
    });
    expect(dana.contactStatus?.id).toBe(30);
    expect(await statusOf(9)).toBe(30);
  });

  it("a person without a company: only the person", async () => {
    expect((await crm.setPersonStatus(8, 30)).contactStatus?.id).toBe(30);
  });
});

describe("updatePerson and updateCompany put the status back", () => {
  it("updatePerson: the portal resets the status, the client sets it again", async () => {
    await crm.setContactStatus(10, 31);
    portal.requests.length = 0;
    const dana = await crm.updatePerson(10, { about: "x" });
    const methods = portal.requests.map(
      (r) => `${r.method} ${new URL(r.url, portal.url).pathname}`,
    );
    expect(methods.slice(-2)).toEqual([
      "PUT /api/2.0/crm/contact/person/10",
      "PUT /api/2.0/crm/contact/10/status",
    ]);
    expect(sent(portal.requests.length - 1).body).toEqual({ contactStatusid: 31 });
    expect(dana.contactStatus?.id).toBe(31);
    expect(await statusOf(10)).toBe(31);
  });

  it("updateCompany too; without a status nothing more is sent", async () => {
    await crm.setContactStatus(7, 32);
    const contoso = await crm.updateCompany(7, {
      about: "x",
      clearIndustryTypeAndCurrency: true,
    });
    expect(contoso.contactStatus?.id).toBe(32);
    portal.requests.length = 0;
    await crm.updateCompany(9, { about: "y", clearIndustryTypeAndCurrency: true });
    expect(portal.requests.map((r) => r.method)).toEqual(["GET", "PUT"]);
  });
});
