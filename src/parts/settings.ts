// The CRM's portal-wide settings and the organisation shown on invoices (CRMApi.Utils.cs).
// Portal-wide switches need no admin on the portal (facts §7 trap 12); `PUT settings` rotates the
// web-form key when it is left out, so the client always sends the one the caller gives.
import { settingsOperations } from "../../generated/operations";
import { flag, id, text, userId, wrongType, type Check } from "../core/guards";
import { hooks } from "../core/hooks";
import { isObject } from "../core/envelope";
import type { RequestOptions } from "../core/options";
import type { Area, LinesFor, ReadFirst } from "../core/shapes";

/** The organisation's address as the invoices show it; a part left out is stored as null. */
export interface OrganisationAddress {
  street?: string;
  city?: string;
  state?: string;
  zip?: string;
  country?: string;
}

export interface SettingsMethods {
  /** `PUT contact/status/settings` (portal-wide): a contact's status change moves its group's too. */
  setContactStatusAutoChange(on: boolean, options?: RequestOptions): Promise<boolean>;
  /** `PUT contact/mailtohistory/settings` (portal-wide): mail is written to contacts' history. */
  setMailToHistoryAuto(on: boolean, options?: RequestOptions): Promise<boolean>;
  /** `PUT contact/tag/settings` (portal-wide): a company's tags go to its people too. */
  setCompanyTagToPeopleAuto(on: boolean, options?: RequestOptions): Promise<boolean>;
  /**
   * `PUT settings` (admin): whether the CRM is configured. `webFormKey` is required: left out,
   * the portal would make a new one and break the site's web-to-lead forms.
   */
  setPortalConfigured(
    input: { configured: boolean; webFormKey: string },
    options?: RequestOptions,
  ): Promise<boolean>;
  /** `PUT settings/webformkey/change` (admin): a new web-to-lead form key; resolves to it. */
  changeWebFormKey(options?: RequestOptions): Promise<string>;
  /** `PUT settings/organisation/base` (admin): the organisation's name on invoices. */
  setOrganisationName(name: string, options?: RequestOptions): Promise<string>;
  /** `PUT settings/organisation/address` (admin): replaces the whole address; resolves to it as stored. */
  setOrganisationAddress(
    address: OrganisationAddress,
    options?: RequestOptions,
  ): Promise<OrganisationAddress>;
  /**
   * `PUT settings/organisation/logo` (admin): `"uploaded"` takes the image last uploaded to the
   * portal's logo handler (a 500 when there is none), `"none"` removes the logo. Resolves to its ID.
   */
  setOrganisationLogo(logo: "uploaded" | "none", options?: RequestOptions): Promise<number>;
  /** `GET settings/organisation/logo`: a logo as base64 (`""` for none); the portal's own without `logoId`. */
  getOrganisationLogo(logoId?: number, options?: RequestOptions): Promise<string>;
}

const str: Check<string> = (name, value) => {
  if (typeof value !== "string") throw wrongType(name, "a string", value);
  return value;
};

/** An optional ID: left out, nothing is sent (the portal's own logo). */
const logoId: ReadFirst = async (value, wire) => {
  if (value !== undefined) wire.id = id("logoId", value);
};

export const settingsLines = {
  setContactStatusAutoChange: [["on", "changeContactStatusGroupAuto", flag]],
  setMailToHistoryAuto: [["on", "writeMailToHistoryAuto", flag]],
  setCompanyTagToPeopleAuto: [["on", "addTagToContactGroupAuto", flag]],
  setPortalConfigured: [
    {
      name: "input",
      fields: { configured: ["configured", flag], webFormKey: ["webFormKey", userId] },
      required: ["configured", "webFormKey"],
    },
  ],
  changeWebFormKey: [],
  setOrganisationName: [["name", "companyName", text]],
  setOrganisationAddress: [
    {
      name: "address",
      fields: {
        street: ["street", str],
        city: ["city", str],
        state: ["state", str],
        zip: ["zip", str],
        country: ["country", str],
      },
    },
  ],
  setOrganisationLogo: [["logo", "reset", logoWord]],
  getOrganisationLogo: [logoId],
} satisfies LinesFor<typeof settingsOperations, SettingsMethods>;

/** `"uploaded"` → `reset: false`, `"none"` → `reset: true`. */
function logoWord(name: string, value: unknown): boolean {
  if (value !== "uploaded" && value !== "none") {
    throw new RangeError(`${name} must be "uploaded" or "none"`);
  }
  return value === "none";
}

/** The stored address, a JSON string (`{type:"Billing",street,…}`), as an object. */
function parseAddress(stored: string): OrganisationAddress {
  try {
    const data: unknown = JSON.parse(stored);
    if (isObject(data)) {
      const out: OrganisationAddress = {};
      for (const key of ["street", "city", "state", "zip", "country"] as const) {
        if (typeof data[key] === "string") out[key] = data[key] as string;
      }
      return out;
    }
  } catch {} // not JSON: no address we can read
  return {};
}

/** CRM settings and the organisation: pass it to `createCrmClientFor`. */
export const settings: Area<SettingsMethods> = {
  operations: settingsOperations,
  lines: settingsLines,
  after: { setOrganisationAddress: (stored: string) => parseAddress(stored) },
  hooks,
};
