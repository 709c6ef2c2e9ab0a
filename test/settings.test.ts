// The CRM settings and organisation methods against the fake portal over real HTTP: the names
// and values sent, what comes back, and the refusals (a missing web-form key) sending nothing.
import { createCrmClient, createCrmClientFor, settings, type CrmClient } from "../src";
import { startFakePortal, type FakePortal } from "../src/testing";
import { sent } from "./requests";

let portal: FakePortal;
let crm: CrmClient;

beforeEach(async () => {
  portal = await startFakePortal();
  crm = createCrmClient({ baseUrl: portal.url, token: portal.token, retryDelay: { baseMs: 1 } });
});
afterEach(() => portal.close());

const last = () => portal.requests.at(-1)!;
const lastBody = () => JSON.parse(last().body) as unknown;

describe("portal-wide switches", () => {
  it("send the portal's names and resolve to the value", async () => {
    expect(await crm.setContactStatusAutoChange(true)).toBe(true);
    expect(sent(last())).toMatchObject({
      method: "PUT",
      path: "/api/2.0/crm/contact/status/settings",
    });
    expect(lastBody()).toEqual({ changeContactStatusGroupAuto: true });
    expect(await crm.setMailToHistoryAuto(false)).toBe(false);
    expect(sent(last()).path).toBe("/api/2.0/crm/contact/mailtohistory/settings");
    expect(lastBody()).toEqual({ writeMailToHistoryAuto: false });
    expect(await crm.setCompanyTagToPeopleAuto(true)).toBe(true);
    expect(sent(last()).path).toBe("/api/2.0/crm/contact/tag/settings");
    expect(lastBody()).toEqual({ addTagToContactGroupAuto: true });
  });

  it("refuse a value that is not a boolean (a missing one would save null)", async () => {
    // @ts-expect-error: a boolean is required
    await expect(crm.setContactStatusAutoChange()).rejects.toThrow(TypeError);
    // @ts-expect-error: not a boolean
    await expect(crm.setCompanyTagToPeopleAuto("yes")).rejects.toThrow(TypeError);
    expect(portal.requests).toHaveLength(0);
  });
});

describe("setPortalConfigured and the web-form key", () => {
  it("always sends the key the caller gives; changeWebFormKey makes a new one", async () => {
    const key = await crm.changeWebFormKey();
    expect(sent(last())).toMatchObject({
      method: "PUT",
      path: "/api/2.0/crm/settings/webformkey/change",
    });
    expect(key).toMatch(/^[\da-f-]{36}$/);
    expect(await crm.setPortalConfigured({ configured: true, webFormKey: key })).toBe(true);
    expect(sent(last())).toMatchObject({ method: "PUT", path: "/api/2.0/crm/settings" });
    expect(lastBody()).toEqual({ configured: true, webFormKey: key });
  });

  it("refuses a call without the key, or with one that is not a GUID", async () => {
    // @ts-expect-error: the key is required
    await expect(crm.setPortalConfigured({ configured: true })).rejects.toThrow(
      /webFormKey is required/,
    );
    await expect(crm.setPortalConfigured({ configured: true, webFormKey: "abc" })).rejects.toThrow(
      /GUID/,
    );
    expect(portal.requests).toHaveLength(0);
  });
});

describe("the organisation on invoices", () => {
  it("setOrganisationName shows in the invoice settings", async () => {
    expect(await crm.setOrganisationName("Contoso Billing")).toBe("Contoso Billing");
    expect(lastBody()).toEqual({ companyName: "Contoso Billing" });
    expect((await crm.getInvoiceSettings()).companyName).toBe("Contoso Billing");
    await expect(crm.setOrganisationName(" ")).rejects.toThrow(/must not be empty/);
  });

  it("setOrganisationAddress sends the parts and resolves to the address parsed", async () => {
    const address = await crm.setOrganisationAddress({
      street: "1 Main St",
      city: "Berlin",
      country: "DE",
    });
    expect(sent(last())).toMatchObject({
      method: "PUT",
      path: "/api/2.0/crm/settings/organisation/address",
    });
    expect(lastBody()).toEqual({ street: "1 Main St", city: "Berlin", country: "DE" });
    expect(address).toEqual({ street: "1 Main St", city: "Berlin", country: "DE" });
    expect(JSON.parse((await crm.getInvoiceSettings()).companyAddress!)).toMatchObject({
      type: "Billing",
      zip: null,
    });
    // @ts-expect-error: not a part of an address
    await expect(crm.setOrganisationAddress({ street: "x", town: "y" })).rejects.toThrow(
      /no field town/,
    );
  });

  it("setOrganisationLogo: none resets, uploaded without an upload is the portal's 500; getOrganisationLogo", async () => {
    expect(await crm.setOrganisationLogo("none")).toBe(0);
    expect(lastBody()).toEqual({ reset: true });
    await expect(crm.setOrganisationLogo("uploaded")).rejects.toMatchObject({ status: 500 });
    expect(lastBody()).toEqual({ reset: false });
    // @ts-expect-error: only "uploaded" or "none"
    await expect(crm.setOrganisationLogo(true)).rejects.toThrow(/"uploaded" or "none"/);
    expect(await crm.getOrganisationLogo()).toBe("");
    expect(sent(last())).toEqual({
      method: "GET",
      path: "/api/2.0/crm/settings/organisation/logo",
      query: {},
    });
    await crm.getOrganisationLogo(7);
    expect(sent(last()).query).toEqual({ id: "7" });
  });

  it("a settings-only client has these methods only", () => {
    const only = createCrmClientFor([settings], { baseUrl: portal.url, token: portal.token });
    expect(typeof only.changeWebFormKey).toBe("function");
    // @ts-expect-error: not a settings method
    expect(only.getInvoice).toBeUndefined();
  });
});
