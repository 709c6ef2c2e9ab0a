// The Deals controller (the portal calls deals opportunities): what a user writes, checked and
// mapped onto the portal's names. One line per operation in `dealLines`; the route, the retry rule
// and the answer's schema come from the spec (generated/operations.ts).
import { dealsOperations, IDEMPOTENT } from "../../generated/operations";
import type { components } from "../../generated/schema";
import { Currency } from "../../generated/validate";
import {
  anyText,
  checkWhole,
  date,
  flag,
  id,
  ids,
  searchText,
  text,
  texts,
  userId,
  userIds,
  wrongType,
  type Check,
} from "../core/guards";
import type { RequestOptions } from "../core/options";
import type { PageOptions, PagedList } from "../core/paging";
import {
  shaped,
  type Arg,
  type Area,
  type Call,
  type Done,
  type Fields,
  type LinesFor,
  type ReadFirst,
  type Shape,
  type Wire,
} from "../core/shapes";
import { accessFields, privacyRule } from "../core/access";
import { hooks } from "../core/hooks";
import { isObject } from "../core/envelope";
import { currentUserId } from "../core/me";
import type { Company, Person } from "./cases";
import { currencyCode } from "./money";
import { checkFieldList, customFieldList, fieldDefinitions, type FieldValue } from "./field-values";

/** A deal (the portal's opportunity). */
export type Deal = components["schemas"]["Deal"];
/** A deal stage as a deal shows it. */
export type DealStageBase = components["schemas"]["DealStageBase"];

/** A stage's kind, in the user's words (the portal's 0, 1, 2). */
export type DealStageType = "open" | "won" | "lost";
/** How a bid is counted (the portal's 0–5). */
export type BidType = "fixed" | "perHour" | "perDay" | "perWeek" | "perMonth" | "perYear";

/** Which deals: every field given must match. */
export interface DealFilter {
  /** Only deals of this responsible user (a GUID). */
  responsibleId?: string;
  /** Only deals in this stage. */
  stageId?: number;
  /** Only deals in an open, won or lost stage. */
  stageType?: DealStageType;
  /** Only deals with every one of these tags. */
  tags?: string[];
  /** Only deals whose primary contact is this one (with `contactAsMember`, where it is a member). */
  contactId?: number;
  /** With `contactId`: match the contact as a member too. */
  contactAsMember?: boolean;
  /**
   * Close dates from `from` to `until` (the expected one for open stages, the actual one
   * otherwise). Both or neither: the portal ignores one alone.
   */
  from?: Date | string;
  until?: Date | string;
  /** Words that start words of the title or the description. No commas. */
  search?: string;
}

/** A filter for `listDeals`, with an order. */
export interface DealListFilter extends DealFilter {
  /** The order; default `stage` (the pipeline's order). `id` is the stable order for a sync. */
  sortBy?: "title" | "responsible" | "stage" | "bidValue" | "closeDate" | "id";
  /** Default `asc`. */
  sortOrder?: "asc" | "desc";
}

/** Who may see a deal. */
export interface DealAccess {
  /** Private to `accessList` (plus you), or public. */
  isPrivate: boolean;
  /** User IDs (GUIDs); required, and not empty, when `isPrivate` is true. */
  accessList?: string[];
}

export interface NewDeal {
  title: string;
  /** The responsible user (a GUID), or `"me"` (the signed-in user, asked once per client). */
  responsibleId: string;
  /** The stage (`listDealStages` lists them). */
  stageId: number;
  /** The primary contact (also added to the members), or 0 for none (on an update: clears it). */
  contactId?: number;
  /** Contact IDs. Contacts you may not see, or that do not exist, are dropped by the portal. */
  members?: number[];
  description?: string;
  /** Default `fixed`. */
  bidType?: BidType;
  /** The amount (per period unless `fixed`). */
  bidValue?: number;
  /**
   * An ISO code the portal knows (`EUR`). Default: the portal's default currency (the portal
   * refuses a deal without one; the client asks `GET invoice/sample` for it and keeps it per
   * client: only calls made before the first answer ask too).
   */
  bidCurrency?: string;
  /** How many periods, for a bid per period. */
  perPeriodValue?: number;
  /** 0–100. Default: the stage's probability (the portal's own default is 0). */
  successProbability?: number;
  expectedCloseDate?: Date | string;
  actualCloseDate?: Date | string;
  /**
   * Custom-field values by field ID (`listFieldDefinitions("deal")` lists the fields), checked
   * against the fields read first: a select box takes one of its options, a check box a boolean,
   * a date a `Date` or an ISO date, a text field a string or a number.
   */
  customFields?: Record<number, FieldValue>;
  /** Default false. When true, `accessList` is required. */
  isPrivate?: boolean;
  accessList?: string[];
  /** Mail the users on `accessList` about the deal. */
  notify?: boolean;
}

/** What to change; everything left out keeps its current value. */
export interface DealChanges extends Partial<
  Omit<NewDeal, "expectedCloseDate" | "actualCloseDate">
> {
  /** `null` clears it. */
  expectedCloseDate?: Date | string | null;
  /** `null` clears it. */
  actualCloseDate?: Date | string | null;
}

type Contact = Person | Company;

export interface DealMethods {
  /** `GET opportunity/{id}`. A deal you may not see is a NotFoundError (404), like a missing one. */
  getDeal(dealId: number, options?: RequestOptions): Promise<Deal>;
  /**
   * `GET opportunity/filter`: `await` it for one page, or `for await` it for every deal. A date
   * range needs both `from` and `until`.
   */
  listDeals(filter?: DealListFilter, page?: PageOptions): PagedList<Deal>;
  /**
   * `GET opportunity/byprefix`: deals whose title contains every word of `text` (at most 30);
   * with `contactId`, that contact's deals whose title contains `text` (case-sensitive).
   */
  searchDeals(
    text: string,
    search?: { contactId?: number },
    options?: RequestOptions,
  ): Promise<Deal[]>;
  /** `GET opportunity/bycontact/{id}`: the contact's deals, by title (`[]` for a missing contact). */
  listContactDeals(contactId: number, options?: RequestOptions): Promise<Deal[]>;
  /**
   * `POST opportunity`. Without `successProbability` the deal gets its stage's (the portal
   * would store 0): then the client sets it right after (`updateDeal`). Not retried after it may
   * have been created.
   */
  createDeal(input: NewDeal, options?: RequestOptions): Promise<Deal>;
  /**
   * `PUT opportunity/{id}`: reads the deal first and sends it back whole with `changes`
   * applied, because the portal resets what an update leaves out (the primary contact, the bid,
   * the dates, the probability) and makes a private deal public. A close date `null` clears it.
   * `members: []` and empty field values are refused (the portal would ignore them).
   */
  updateDeal(dealId: number, changes: DealChanges, options?: RequestOptions): Promise<Deal>;
  /**
   * `PUT opportunity/{id}/stage/{stageId}`: moves the deal; its probability becomes the
   * stage's, and a won or lost stage sets the close date to now. Not retried after it may have run.
   */
  setDealStage(dealId: number, stageId: number, options?: RequestOptions): Promise<Deal>;
  /** `DELETE opportunity/{id}`: deletes the deal with its history, tasks and tags; resolves to it. */
  deleteDeal(dealId: number, options?: RequestOptions): Promise<Deal>;
  /** `PUT opportunity` (a batch delete): the deals you may delete among `dealIds`; resolves to those deleted. */
  deleteDeals(dealIds: number[], options?: RequestOptions): Promise<Deal[]>;
  /** `DELETE opportunity/filter`: deletes every deal matching `filter`, which must not be empty. */
  deleteDealsWhere(filter: DealFilter, options?: RequestOptions): Promise<Deal[]>;
  /** `PUT opportunity/{id}/access` (only an admin or the deal's creator may). */
  setDealAccess(dealId: number, access: DealAccess, options?: RequestOptions): Promise<Deal>;
  /** `PUT opportunity/access`: resolves to the deals changed (the portal skips those you did not create). */
  setDealsAccess(dealIds: number[], access: DealAccess, options?: RequestOptions): Promise<Deal[]>;
  /** `PUT opportunity/filter/access`: every deal matching `filter`, which must not be empty. */
  setDealsAccessWhere(
    filter: DealFilter,
    access: DealAccess,
    options?: RequestOptions,
  ): Promise<Deal[]>;
  /** `GET opportunity/{id}/contact`: the deal's contacts you may see. */
  listDealMembers(dealId: number, options?: RequestOptions): Promise<Contact[]>;
  /** `POST opportunity/{id}/contact/{contactId}`: links a contact; resolves to it. */
  addDealMember(dealId: number, contactId: number, options?: RequestOptions): Promise<Contact>;
  /** `DELETE opportunity/{id}/contact/{contactId}`: unlinks a contact (the primary one too); resolves to it. */
  removeDealMember(dealId: number, contactId: number, options?: RequestOptions): Promise<Contact>;
  /** `PUT opportunity/{id}/creationdate`: rewrites when the deal was created. */
  setDealCreated(dealId: number, date: Date | string, options?: RequestOptions): Promise<void>;
  /** `PUT opportunity/{id}/lastmodifeddate`: rewrites when the deal was last modified. */
  setDealModified(dealId: number, date: Date | string, options?: RequestOptions): Promise<void>;
}

const dealId: Arg = ["dealId", "opportunityid", id];

/** What the deal and contact methods of a route with an `{entityType}` segment send as it. */
export const dealBound: Wire = { entityType: "opportunity" };
export const contactBound: Wire = { entityType: "contact" };

/** The deal's words for a stage's kind → the portal's `DealMilestoneStatus`. */
export const STAGE_TYPES = { open: 0, won: 1, lost: 2 };
const BID_TYPES = {
  fixed: 0,
  perHour: 1,
  perDay: 2,
  perWeek: 3,
  perMonth: 4,
  perYear: 5,
};

/** An amount: a finite number ≥ 0 (the portal's decimal). */
const amount: Check<number> = (name, value) => {
  if (typeof value !== "number") throw wrongType(name, "a number", value);
  if (!(value >= 0 && Number.isFinite(value))) throw new RangeError(`${name} must be 0 or more`);
  return value;
};
/** 0–100: the portal clamps anything else silently. */
export const probability: Check<number> = (name, value) => checkWhole(name, value, 0, 100);

const where: Fields = {
  responsibleId: ["responsibleid", userId],
  stageId: ["opportunityStagesid", id],
  stageType: ["stageType", STAGE_TYPES],
  tags: ["tags", texts],
  contactId: ["contactid", id],
  contactAsMember: ["contactAlsoIsParticipant", flag],
  from: ["fromDate", date],
  until: ["toDate", date],
  search: ["filterValue", searchText],
};

/** The portal filters by dates only when both ends are given (DealDao.cs:580-583). */
function dateRange(written: Wire): void {
  if ((written.fromDate === undefined) !== (written.toDate === undefined)) {
    throw new RangeError(
      "filter needs both from and until: with one alone the portal ignores the range or finds nothing",
    );
  }
}

/**
 * A filter that acts on every record it matches (`what`: "deal"): an empty one would match them
 * all. `dates`: the check of its date range (a deal's needs both ends; a contact's does not).
 */
export function whereShape(fields: Fields, what: string, dates = dateRange): Shape {
  return {
    name: "filter",
    fields,
    rule: (written) => {
      dates(written);
      if (!Object.keys(written).length) {
        throw new RangeError(
          `filter is empty: the portal would act on every ${what} you can reach. Give at least one of ${Object.keys(fields).join(", ")}`,
        );
      }
    },
  };
}

/** A filter that acts on every deal it matches (also what `tagDealsWhere` tags). */
export const dealWhere = /* @__PURE__ */ whereShape(where, "deal");

/** A private deal with nobody on its list is made public by a portal: refused. */
const privacy = /* @__PURE__ */ privacyRule("deal");

const access: Shape = {
  name: "access",
  fields: accessFields,
  required: ["isPrivate"],
  rule: privacy,
};

/** Members: an empty list means "unchanged" to a portal, so it cannot clear them. */
const members: Check<number[]> = (name, value) => {
  if (Array.isArray(value) && !value.length) {
    throw new RangeError(
      `${name} is empty, which a portal ignores: remove members with removeDealMember`,
    );
  }
  return ids(name, value);
};

const dealFields: Fields = {
  title: ["title", text],
  // `"me"`: the signed-in user, asked for once the rest is checked (dealChecked).
  responsibleId: ["responsibleid", (name, value) => (value === "me" ? value : userId(name, value))],
  stageId: ["stageid", id],
  // 0: no primary contact, the only way to clear it on an update (CRMApi.Deals.cs:640).
  contactId: ["contactid", (name, value) => checkWhole(name, value, 0)],
  members: ["members", members],
  description: ["description", anyText],
  bidType: ["bidType", BID_TYPES],
  bidValue: ["bidValue", amount],
  bidCurrency: ["bidCurrencyAbbr", currencyCode],
  perPeriodValue: ["perPeriodValue", (name, value) => checkWhole(name, value, 0)],
  successProbability: ["successProbability", probability],
  expectedCloseDate: ["expectedCloseDate", date],
  actualCloseDate: ["actualCloseDate", date],
  customFields: [
    "customFieldList",
    (name, value) => customFieldList(name, value, "setDealField(dealId"),
  ],
  ...accessFields,
  notify: ["isNotify", flag],
};
/**
 * `shape` checked (`responsibleId: "me"` passes as it is, so that bad input is refused before the
 * user's ID is asked for), then its custom-field values against the deal fields, read first.
 */
async function dealChecked(shape: Shape, value: unknown, wire: Wire, call: Call): Promise<void> {
  Object.assign(wire, shaped(shape, value));
  if (wire.responsibleid === "me") wire.responsibleid = await currentUserId(call);
  await checkFieldList("deal", value, wire, call);
}

const newDeal: Shape = {
  name: "input",
  fields: dealFields,
  required: ["title", "responsibleId", "stageId"],
  rule: privacy,
};
const changesShape: Shape = { name: "changes", fields: dealFields };

/** The portal's "no date" (`DateTime.MinValue`), which a deal shows for an unset close date. */
const NO_DATE = /^0001-01-01/;
const CLOSE_DATES = ["actualCloseDate", "expectedCloseDate"] as const;

/**
 * `changes` over the deal as it is now: the portal resets on update whatever is left out, so
 * every field the deal has is sent back, with the changes on top.
 */
const dealChanges: ReadFirst = async (value, wire, call) => {
  // A close date given as null is cleared: left out of the update, which a portal clears.
  const changes = (isObject(value) ? { ...value } : value) as Record<string, unknown>;
  const cleared = CLOSE_DATES.filter((key) => changes?.[key] === null && delete changes[key]);
  const given: Wire = {};
  await dealChecked(changesShape, changes, given, call); // refused before anything is sent, the read included
  const current = await (call.crm as DealMethods).getDeal(
    wire.opportunityid as number,
    call.options,
  );
  // (An undefined value is left out of the JSON body.)
  const kept: Wire = {
    title: current.title,
    description: current.description ?? "",
    responsibleid: current.responsible.id,
    stageid: current.stage?.id,
    contactid: current.contact?.id,
    bidType: current.bidType ?? 0,
    bidValue: current.bidValue ?? 0,
    bidCurrencyAbbr: current.bidCurrency?.abbreviation,
    perPeriodValue: current.perPeriodValue ?? 0,
    successProbability: current.successProbability ?? 0,
  };
  for (const key of CLOSE_DATES) {
    if (!NO_DATE.test(current[key]) && !cleared.includes(key)) kept[key] = current[key];
  }
  const isPrivate = given.isPrivate ?? current.isPrivate;
  Object.assign(wire, kept, { isPrivate }, given);
  // A deal that stays private keeps its list unless `changes` gives one.
  if (isPrivate && current.isPrivate && current.accessList?.length) {
    wire.accessList ??= current.accessList.map((u) => u.id);
  }
  privacy(wire);
};

const currencies = new WeakMap<object, string>();

/**
 * The portal's default currency: no setting route tells it, the invoice sample does
 * (CRMApi.Invoices.cs:73-89). Kept per client once known; a read under way is not shared, so that
 * one call's abort or failure is not another's (two calls at once may each ask).
 */
function defaultCurrency({ crm, options }: Call): string | Promise<string> {
  return (
    currencies.get(crm as object) ??
    (crm as { getInvoiceSample(o: object): Promise<{ currency: { abbreviation: string } }> })
      .getInvoiceSample(options)
      .then(({ currency }) => {
        currencies.set(crm as object, currency.abbreviation);
        return currency.abbreviation;
      })
  );
}

/**
 * A new deal: checked whole first; then the user's ID for `"me"`, the deal fields (to check the
 * values against them) and the default currency are read, each only when needed.
 */
const dealInput: ReadFirst = async (value, wire, call) => {
  await dealChecked(newDeal, value, wire, call);
  wire.bidCurrencyAbbr ??= await defaultCurrency(call);
};

/** The stage, sent where the portal reads it (`stageid`) and in the path it ignores (`{id}`). */
const stage: ReadFirst = async (value, wire) => {
  wire.id = wire.stageid = id("stageId", value);
};

export const dealLines = {
  getDeal: [dealId],
  listDeals: [
    {
      name: "filter",
      fields: {
        ...where,
        sortBy: [
          "sortBy",
          {
            title: "title",
            responsible: "responsible",
            stage: "stage",
            bidValue: "bidvalue",
            closeDate: "dateandtime",
            id: "id",
          },
        ],
        sortOrder: ["sortOrder", { asc: "ascending", desc: "descending" }],
      },
      rule: dateRange,
    },
  ],
  searchDeals: [
    ["text", "prefix", text],
    {
      name: "search",
      fields: { contactId: ["contactID", id] },
      // Without internalSearch=true the portal answers the deals NOT linked to the contact.
      rule: (written) => void (written.contactID && (written.internalSearch = true)),
    },
  ],
  listContactDeals: [["contactId", "contactid", id]],
  createDeal: [dealInput],
  updateDeal: [dealId, dealChanges],
  setDealStage: [dealId, stage],
  deleteDeal: [dealId],
  deleteDeals: [["dealIds", "opportunityids", ids]],
  deleteDealsWhere: [dealWhere],
  setDealAccess: [dealId, access],
  setDealsAccess: [["dealIds", "opportunityid", ids], access],
  setDealsAccessWhere: [dealWhere, access],
  listDealMembers: [dealId],
  addDealMember: [dealId, ["contactId", "contactid", id]],
  removeDealMember: [dealId, ["contactId", "contactid", id]],
  setDealCreated: [dealId, ["date", "creationDate", date]],
  setDealModified: [dealId, ["date", "lastModifedDate", date]],
} satisfies LinesFor<typeof dealsOperations, DealMethods>;

/**
 * Without a probability of its own a new deal gets 0 from the portal (CRMApi.Deals.cs:538), not
 * its stage's: set the stage's right after, through the read-first update.
 */
async function stageProbability(deal: Deal, { crm, options, args }: Done): Promise<Deal> {
  const wanted = deal.stage?.successProbability;
  if ((args[0] as NewDeal).successProbability !== undefined || !wanted) return deal;
  return (crm as DealMethods).updateDeal(deal.id, { successProbability: wanted }, options);
}

/** `GET invoice/sample`, checked for the currency alone: a deals app needs nothing else of it. */
const invoiceSample: Area = {
  operations: {
    getInvoiceSample: ["crm/invoice/sample", IDEMPOTENT, { req: { currency: Currency } }],
  },
  lines: { getInvoiceSample: [] },
};

/**
 * `GET people/@self`, checked for the ID alone: `responsibleId: "me"` needs nothing else of it (a
 * client made with `people` has its whole getCurrentUser: the user's parts win).
 */
const self: Area = {
  operations: { getCurrentUser: ["people/@self", IDEMPOTENT, { req: { id: "string" } }] },
  lines: { getCurrentUser: [] },
};

/** The Deals controller: pass it to `createCrmClientFor` for a client with these methods only. */
export const deals: Area<DealMethods> = {
  operations: dealsOperations,
  lines: dealLines,
  // `"me"` (the user's ID only), the deal fields, and `GET invoice/sample` (its currency only)
  // for the default currency.
  needs: [self, fieldDefinitions, invoiceSample],
  hooks,
  after: {
    createDeal: stageProbability,
    // A void method answers `{}`: the user gets nothing.
    setDealCreated: () => undefined,
    setDealModified: () => undefined,
  },
};
