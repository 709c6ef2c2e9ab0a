// The fake portal's CRM settings and organisation routes (module/ASC.Api/ASC.Api.CRM/CRMApi.Utils.cs).
// The switches need no admin; `PUT settings` without a key makes a new one (:188-198).
import { randomUUID } from "node:crypto";
import type { Route } from "../core/routes";
import { accessDenied, badArgument, serverError, type Args } from "../core/wire";
import { billingOf, type Billing } from "./invoices";

const admin = (billing: Billing) => {
  if (!billing.admin) throw accessDenied();
};

/** A `Boolean?` switch: saved as sent, null when left out (:117-173). */
const toggle = (
  path: string,
  name: string,
  key: "changeContactStatusGroupAuto" | "addTagToContactGroupAuto",
): Route => [
  "PUT",
  path,
  ({ state, args }) => {
    const value = args.bool(name) ?? null;
    billingOf(state).crm[key] = value;
    return { value };
  },
];

const text = (args: Args, name: string) => args.string(name) ?? null;

export const settingsRoutes: Route[] = [
  toggle("contact/status/settings", "changeContactStatusGroupAuto", "changeContactStatusGroupAuto"),
  toggle("contact/tag/settings", "addTagToContactGroupAuto", "addTagToContactGroupAuto"),
  [
    "PUT",
    "contact/mailtohistory/settings",
    ({ state, args }) => {
      const value = args.bool("writeMailToHistoryAuto") ?? false; // a `Boolean`: missing is false
      billingOf(state).crm.writeMailToHistoryAuto = value;
      return { value };
    },
  ],
  [
    "PUT",
    "settings",
    ({ state, args }) => {
      const billing = billingOf(state);
      admin(billing);
      const key = args.guids("webFormKey")[0];
      billing.crm.isConfiguredPortal = args.bool("configured") ?? true;
      billing.crm.webFormKey = key ?? randomUUID(); // left out: a new key (:194)
      return { value: billing.crm.isConfiguredPortal };
    },
  ],
  [
    "PUT",
    "settings/webformkey/change",
    ({ state }) => {
      const billing = billingOf(state);
      admin(billing);
      billing.crm.webFormKey = randomUUID();
      return { value: billing.crm.webFormKey };
    },
  ],
  [
    "PUT",
    "settings/organisation/base",
    ({ state, args }) => {
      const billing = billingOf(state);
      admin(billing);
      billing.settings.companyName = args.string("companyName") ?? "";
      return { value: args.string("companyName") ?? null };
    },
  ],
  [
    "PUT",
    "settings/organisation/address",
    ({ state, args }) => {
      const billing = billingOf(state);
      admin(billing);
      // Newtonsoft of an anonymous object: every part, null when left out (:253-261).
      const address = JSON.stringify({
        type: "Billing",
        street: text(args, "street"),
        city: text(args, "city"),
        state: text(args, "state"),
        zip: text(args, "zip"),
        country: text(args, "country"),
      });
      billing.settings.companyAddress = address;
      return { value: address };
    },
  ],
  [
    "PUT",
    "settings/organisation/logo",
    ({ state, args }) => {
      const billing = billingOf(state);
      admin(billing);
      let logoId = 0;
      if (!(args.bool("reset") ?? false)) {
        // The image uploaded to the logo handler; none: a bare Exception, 500 (:293-296).
        if (!billing.uploadedLogo) throw serverError("Downloaded image not found");
        logoId = 100 + billing.logos.size;
        billing.logos.set(logoId, billing.uploadedLogo);
        billing.uploadedLogo = undefined;
      }
      billing.settings.companyLogoID = logoId;
      return { value: logoId };
    },
  ],
  [
    "GET",
    "settings/organisation/logo",
    ({ state, args }) => {
      const billing = billingOf(state);
      const id = args.int("id") || billing.settings.companyLogoID;
      if (id < 0) throw badArgument();
      return { value: billing.logos.get(id) ?? "" };
    },
  ],
];
