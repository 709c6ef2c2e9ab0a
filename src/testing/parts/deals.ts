// The fake portal's Deals controller: the 18 routes of `CRMApi.Deals.cs` (module/ASC.Api/ASC.Api.CRM/),
// with the portal's checks, silent drops and quirks, and the seeded stages and deals. Line
// numbers are of that file unless named; `Dao/` = web/studio/ASC.Web.Studio/Products/CRM/Core/Dao/.
import type { components } from "../../../generated/schema";
import { contactListForm } from "./contacts";
import type { Route } from "../core/routes";
import { shortForm, type DealRow, type PortalState, type StageRow } from "../core/state";
import {
  accessDenied,
  badArgument,
  notFound,
  serverError,
  type Args,
  type Paging,
} from "../core/wire";

type Deal = components["schemas"]["Deal"];
type Currency = components["schemas"]["Currency"];

/** The currencies the fake portal knows (`CurrencyProvider`); EUR is its default. */
export const CURRENCIES: Record<string, Currency> = {
  EUR: {
    title: "Euro",
    symbol: "€",
    abbreviation: "EUR",
    cultureName: "de-DE",
    isConvertable: true,
    isBasic: true,
  },
  USD: {
    title: "US Dollar",
    symbol: "$",
    abbreviation: "USD",
    cultureName: "en-US",
    isConvertable: true,
    isBasic: false,
  },
};

/** The portal's "no date" as a deal shows it (`(ApiDateTime)DateTime.MinValue`, OpportunityWrapper.cs:48). */
export const NO_DATE = "0001-01-01T00:00:00.0000000Z";

/** The stages a new portal has, in pipeline order (CRM/Classes/InitialSetup or so). */
export function seedStages(): StageRow[] {
  const stage = (id: number, title: string, color: string, probability: number, status = 0) => ({
    id,
    title,
    description: "",
    color,
    sortOrder: id - 1,
    probability,
    status,
  });
  return [
    stage(1, "Initial contact", "#e3e9ef", 10),
    stage(2, "Proposal", "#ffd267", 50),
    stage(3, "Won", "#6bbd72", 100, 1),
    stage(4, "Lost", "#f2a9be", 0, 2),
  ];
}

/** A few deals linked to the seeded contacts (7 Contoso, 9 Fabrikam, 10 Dana, 8 Ben). */
export function seedDeals(state: PortalState): void {
  for (const row of seedStages()) state.stages.set(row.id, row);
  const other = "0b1c2d3e-4f50-4617-8899-aabbccddeeff";
  const deal = (row: Partial<DealRow> & Pick<DealRow, "id" | "title" | "stageId">): DealRow => ({
    description: "",
    responsibleId: state.me.id,
    contactId: 0,
    members: [],
    bidType: 0,
    bidValue: 0,
    bidCurrency: "EUR",
    perPeriodValue: 0,
    probability: state.stages.get(row.stageId)!.probability,
    actualCloseDate: null,
    expectedCloseDate: null,
    created: "2023-11-20T09:15:00.0000000+03:00",
    createBy: state.me.id,
    accessList: null,
    fields: new Map(),
    ...row,
  });
  for (const row of [
    deal({
      id: 21,
      title: "Printers for Contoso",
      stageId: 1,
      contactId: 7,
      members: [7, 8],
      bidValue: 1500,
      expectedCloseDate: "2024-01-31T00:00:00.0000000+03:00",
    }),
    deal({
      id: 22,
      title: "Service contract Fabrikam",
      stageId: 2,
      contactId: 9,
      members: [9, 10],
      bidType: 4,
      bidValue: 200,
      perPeriodValue: 12,
      accessList: [state.me.id, other],
    }),
    deal({
      id: 23,
      title: "Scanner upgrade",
      stageId: 3,
      contactId: 10,
      members: [10],
      bidValue: 900,
      bidCurrency: "USD",
      actualCloseDate: "2023-12-01T00:00:00.0000000+03:00",
    }),
    // A private deal of another user: hidden from the fake portal's user.
    deal({ id: 24, title: "Hidden deal", stageId: 1, createBy: other, accessList: [other] }),
  ]) {
    state.deals.set(row.id, row);
  }
  // Deal fields (field IDs are shared by every entity type's fields).
  state.dealFields.push(
    { id: 31, label: "Budget approved", fieldType: 3, position: 0, mask: "" },
    { id: 32, label: "Region", fieldType: 2, position: 1, mask: '["North","South"]' },
  );
  state.deals.get(21)!.fields.set(32, "North");
  state.tags.set("opportunity:21", ["printer"]);
  state.tagTitles.set("opportunity", ["printer"]);
}

const mayRead = (state: PortalState, d: DealRow) =>
  d.accessList === null || d.accessList.includes(state.me.id);
/** `CanEdit` for a non-admin: the creator, or what they may read. */
const mayEdit = (state: PortalState, d: DealRow) => d.createBy === state.me.id || mayRead(state, d);
const mayShare = (state: PortalState, d: DealRow) => d.createBy === state.me.id;

/** The wrapper's own fields (`new OpportunityWrapper(deal)`, OpportunityWrapper.cs:36-51): 0 and false left out. */
function base(state: PortalState, d: DealRow): Deal {
  return {
    id: d.id,
    createBy: state.user(d.createBy),
    created: d.created,
    title: d.title,
    ...(d.description !== null && { description: d.description }),
    responsible: state.user(d.responsibleId),
    ...(d.bidType && { bidType: d.bidType as Deal["bidType"] }),
    ...(d.bidValue && { bidValue: d.bidValue }),
    ...(d.perPeriodValue && { perPeriodValue: d.perPeriodValue }),
    ...(d.probability && { successProbability: d.probability }),
    actualCloseDate: d.actualCloseDate ?? NO_DATE,
    expectedCloseDate: d.expectedCloseDate ?? NO_DATE,
    isPrivate: d.accessList !== null,
    canEdit: mayEdit(state, d),
    members: [],
    customFields: [],
  };
}

function stageForm(row: StageRow) {
  // `DealMilestoneBaseWrapper` never sets sortOrder (ListItemWrapper.cs:99-139).
  const { id, title, description, color, probability, status } = row;
  return { id, title, description, color, successProbability: probability, stageType: status as 0 };
}

/** Values of the deal's fields; the single form adds the headings with no value (entityId 0). */
function fieldsOf(state: PortalState, d: DealRow, headings: boolean) {
  return state.dealFields
    .filter((field) => d.fields.has(field.id) || (headings && field.fieldType === 4))
    .sort((a, b) => a.position - b.position)
    .map((field) => ({
      ...field,
      entityId: d.fields.has(field.id) ? d.id : 0,
      fieldValue: d.fields.get(field.id) ?? "",
    }));
}

/** The single form (`ToOpportunityWrapper`, :973-1015). */
export function dealSingleForm(state: PortalState, d: DealRow): Deal {
  const wrapper = base(state, d);
  const contact = state.contacts.get(d.contactId);
  if (contact) wrapper.contact = shortForm(contact); // no read check (:977-978)
  if (d.stageId > 0) {
    const stage = state.stages.get(d.stageId);
    if (!stage) throw notFound(); // a dangling stage (:984-985)
    wrapper.stage = stageForm(stage);
  }
  wrapper.accessList = (d.accessList ?? []).map((id) => state.user(id)); // always (:990-991)
  const currency = d.bidCurrency && CURRENCIES[d.bidCurrency];
  if (currency) wrapper.bidCurrency = { ...currency };
  wrapper.customFields = fieldsOf(state, d, true);
  // GetContacts drops the contacts the user may not see (Dao/ContactDao.cs:1419-1426).
  wrapper.members = d.members.flatMap((id) => {
    const member = state.visibleContact(id);
    return member ? [shortForm(member)] : [];
  });
  return wrapper;
}

/** The list form (`ToListOpportunityWrapper`, :886-970): readable contacts only, no headings. */
export function dealListForm(state: PortalState, d: DealRow): Deal {
  const wrapper = base(state, d);
  const contact = state.visibleContact(d.contactId);
  if (contact) wrapper.contact = shortForm(contact);
  const stage = state.stages.get(d.stageId);
  if (stage) wrapper.stage = stageForm(stage);
  if (d.accessList) wrapper.accessList = d.accessList.map((id) => state.user(id));
  const currency = d.bidCurrency && CURRENCIES[d.bidCurrency];
  if (currency) wrapper.bidCurrency = { ...currency };
  wrapper.customFields = fieldsOf(state, d, false);
  wrapper.members = d.members.flatMap((id) => {
    const member = state.visibleContact(id);
    return member ? [shortForm(member)] : [];
  });
  return wrapper;
}

/** An ApiDateTime parameter: a date the portal parses, or a 400; missing is no date. */
function apiDate(args: Args, name: string): string | null {
  const text = args.string(name);
  if (text === undefined || text === "") return null;
  if (!/^\d{4}-\d\d-\d\d(T\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)?)?$/.test(text)) {
    throw badArgument(`invalid date time format: ${text.slice(0, 40)}`);
  }
  return /^0001-01-01/.test(text) ? null : text;
}
const when = (text: string | null) =>
  text === null
    ? NaN
    : Date.parse(text.slice(0, 23) + (text.match(/(Z|[+-]\d\d:\d\d)$/)?.[0] ?? "Z"));

/** `close_date`: the expected close date in an open stage, the actual one otherwise (Dao/DealDao.cs:812-817). */
function closeTime(state: PortalState, d: DealRow): number {
  const status = state.stages.get(d.stageId)?.status ?? 0;
  return when(status === 0 ? d.expectedCloseDate : d.actualCloseDate);
}

/** `DealDao.GetDeals`' filter (Dao/DealDao.cs:259-360, :543-583); `null` means "[]" (a lone date, :582-583). */
export function matchingDeals(state: PortalState, args: Args, paging: Paging): DealRow[] {
  const responsible = args.string("responsibleid");
  if (responsible !== undefined) args.guids("responsibleid"); // an invalid GUID is a 400
  const stageId = args.int("opportunityStagesid");
  const tags = args.strings("tags").map((tag) => tag.trim().toLowerCase());
  const contactId = args.int("contactid");
  const stageTypeText = args.string("stageType");
  const stageType = stageTypeText === undefined ? undefined : Number(stageTypeText);
  const asMember = args.bool("contactAlsoIsParticipant");
  const from = apiDate(args, "fromDate");
  const to = apiDate(args, "toDate");
  const words = paging.filterValue?.trim().toLowerCase().split(/ +/).filter(Boolean) ?? [];
  const other =
    !!responsible ||
    stageId > 0 ||
    tags.length > 0 ||
    contactId > 0 ||
    stageType !== undefined ||
    words.length > 0;
  // One date alone: with no other filter `[]`, else ignored (:580-583).
  if ((from === null) !== (to === null) && !other) return [];
  const closeDate = (d: DealRow) => closeTime(state, d);
  return [...state.deals.values()].filter((d) => {
    const text = `${d.title} ${d.description ?? ""}`.toLowerCase();
    const dealTags = state.tagsOf(`opportunity:${d.id}`).map((tag) => tag.toLowerCase());
    const linked =
      contactId <= 0 ||
      (asMember
        ? // Members; a contact with no memberships at all falls back to the primary one (:297-325).
          d.members.includes(contactId) ||
          (![...state.deals.values()].some((x) => x.members.includes(contactId)) &&
            d.contactId === contactId)
        : d.contactId === contactId);
    return (
      mayRead(state, d) &&
      (!responsible || d.responsibleId === responsible.toLowerCase()) &&
      (stageId <= 0 || d.stageId === stageId) &&
      (stageType === undefined || state.stages.get(d.stageId)?.status === stageType) &&
      tags.every((tag) => dealTags.includes(tag)) &&
      linked &&
      (from === null || to === null || (closeDate(d) >= when(from) && closeDate(d) <= when(to))) &&
      words.every((word) => text.startsWith(word) || text.includes(` ${word}`))
    );
  });
}

/** `DealSortedByType` {Title, Responsible, Stage, BidValue, DateAndTime, Id}, by name or number (SortedByTypeEnum.cs:31-39). */
const SORT_NAMES = ["title", "responsible", "stage", "bidvalue", "dateandtime", "id"];

function sorter(state: PortalState, key: string): (a: DealRow, b: DealRow) => number {
  const order = (d: DealRow) => state.stages.get(d.stageId)?.sortOrder ?? 0;
  const byStage = (a: DealRow, b: DealRow) =>
    order(a) - order(b) || a.contactId - b.contactId || a.title.localeCompare(b.title);
  switch (key) {
    case "title":
      return (a, b) => a.title.localeCompare(b.title);
    case "responsible":
      return (a, b) => a.responsibleId.localeCompare(b.responsibleId) || byStage(a, b);
    case "bidvalue":
      return (a, b) => a.bidValue - b.bidValue;
    case "dateandtime": {
      // By `close_date` (Dao/DealDao.cs:619-620); no date is DateTime.MinValue, before any other.
      const time = (d: DealRow) => closeTime(state, d) || -Infinity;
      return (a, b) => time(a) - time(b) || 0;
    }
    case "id":
      return (a, b) => a.id - b.id;
    default:
      return byStage;
  }
}

/** Access as `SetAccessToDeal` writes it: private with the caller added, or public (:125-157). */
function setAccess(state: PortalState, d: DealRow, isPrivate: boolean, list: string[]): void {
  const ids = [...new Set(list)];
  if (isPrivate && ids.length) {
    if (!ids.includes(state.me.id)) ids.push(state.me.id);
    d.accessList = ids;
  } else d.accessList = null;
}

/** Deleting a deal takes its values, links, history, tasks and tags (Dao/DealDao.cs:685-765). */
function deleteDeal(state: PortalState, d: DealRow): Deal {
  state.deals.delete(d.id);
  state.tags.delete(`opportunity:${d.id}`);
  for (const table of [state.events, state.tasks]) {
    for (const [id, row] of table) {
      if (row.entityType === "opportunity" && row.entityId === d.id) table.delete(id);
    }
  }
  // Built after the delete: no members, no access entries, only headings (:468-479).
  const gone = { ...d, members: [], accessList: null, fields: new Map<number, string>() };
  return { ...dealSingleForm(state, gone), accessList: [] };
}

/** Create and update's checks (`DemandCreateOrUpdate`, CRM/Core/Security/CRMSecutiry.cs:681-713). */
function demand(
  state: PortalState,
  args: Args,
): Omit<DealRow, "id" | "created" | "createBy" | "accessList" | "members" | "fields"> {
  const title = args.string("title");
  const responsible = args.string("responsibleid");
  const stageId = args.int("stageid");
  const currency = args.string("bidCurrencyAbbr");
  if (!title) throw badArgument();
  const [responsibleId] = responsible === undefined ? [] : args.guids("responsibleid");
  if (!responsibleId || /^0{8}-(0{4}-){3}0{12}$/.test(responsibleId)) throw badArgument();
  if (stageId <= 0 || !state.stages.has(stageId)) throw badArgument("DealMilestoneNotFound");
  if (!currency || !CURRENCIES[currency.toUpperCase()]) throw badArgument();
  const contactId = args.int("contactid");
  if (contactId !== 0) {
    const contact = state.contacts.get(contactId);
    if (!contact) throw badArgument();
    if (!state.maySeeContact(contact)) throw accessDenied();
  }
  const bidTypeText = args.string("bidType");
  const probability = args.int("successProbability");
  return {
    title,
    description: args.string("description") ?? null,
    responsibleId,
    stageId,
    contactId,
    bidType: bidTypeText === undefined ? 0 : Number(bidTypeText),
    bidValue: Number(args.string("bidValue") ?? 0),
    bidCurrency: currency.toUpperCase(),
    perPeriodValue: args.int("perPeriodValue"),
    // Clamped to 0–100, not taken from the stage (:538).
    probability: Math.min(100, Math.max(0, probability)),
    actualCloseDate: apiDate(args, "actualCloseDate"),
    expectedCloseDate: apiDate(args, "expectedCloseDate"),
  };
}

/** Members as create and update write them: the readable subset (AbstractDao.cs:139-163). */
function readableMembers(state: PortalState, ids: number[]): number[] {
  return [...new Set(ids)].filter((id) => state.visibleContact(id));
}

/** Field values: empty ones and fields that are not deal fields are skipped (:567-575, :667-675). */
function setFields(state: PortalState, d: DealRow, args: Args): void {
  for (const { key, value } of args.pairs("customFieldList")) {
    const field = state.dealFields.find((f) => f.id === key);
    if (!value || !field) continue;
    if (value.trim()) d.fields.set(key, value.trim());
    else d.fields.delete(key);
  }
}

function readable(state: PortalState, id: number): DealRow {
  const found = state.deals.get(id);
  if (!found || !mayRead(state, found)) throw notFound();
  return found;
}

const dealId = "(?<opportunityid>[0-9]+)";

export const dealRoutes: Route[] = [
  [
    "GET",
    "opportunity/filter",
    ({ state, args, paging }) => {
      const text = paging.sortBy;
      const key =
        text === undefined || text === ""
          ? "stage"
          : /^\d+$/.test(text)
            ? SORT_NAMES[Number(text)]
            : SORT_NAMES.find((name) => name === text.toLowerCase());
      const found = matchingDeals(state, args, paging);
      const { startIndex, count } = paging;
      if (key === undefined) {
        // Not a DealSortedByType: every deal, paged in memory, `total` counted wrong (:423-436).
        return {
          value: found.map((d) => dealListForm(state, d)),
          total: startIndex + found.length,
        };
      }
      const order = sorter(state, key);
      const descending = paging.descending && text !== undefined && text !== "";
      found.sort((a, b) => (descending ? -1 : 1) * order(a, b) || a.id - b.id);
      // LIMIT count + 1 OFFSET startIndex: one more row says whether more follow.
      const rows = found.slice(startIndex, startIndex + count + 1);
      const total = rows.length < count + 1 ? startIndex + rows.length : found.length;
      return { value: rows.map((d) => dealListForm(state, d)), paginated: true, total };
    },
  ],
  [
    "DELETE",
    "opportunity/filter",
    ({ state, args, paging }) => ({
      // No filter: every deal the user may edit (:311-337).
      value: matchingDeals(state, args, paging)
        .filter((d) => mayEdit(state, d))
        // Built after the delete, its access entries gone: public (Dao/DealDao.cs:755).
        .map((d) => dealListForm(state, { ...d, accessList: null }))
        .map((wrapper) => {
          deleteDeal(state, state.deals.get(wrapper.id)!);
          return { ...wrapper, members: [], customFields: [] };
        }),
    }),
  ],
  [
    "PUT",
    "opportunity/filter/access",
    ({ state, args, paging }) => {
      // No filter: every deal the user can see; those they did not create are skipped (:185-222).
      const changed = matchingDeals(state, args, paging).filter((d) => mayShare(state, d));
      for (const d of changed) {
        setAccess(state, d, args.bool("isPrivate") ?? false, args.guids("accessList"));
      }
      return { value: changed.map((d) => dealListForm(state, d)) };
    },
  ],
  [
    "GET",
    "opportunity/byprefix",
    ({ state, args }) => {
      const prefix = args.string("prefix");
      const contactId = args.int("contactID");
      // A missing internalSearch is false, whatever the C# default says (ApiArgumentBuilder.cs:130).
      const internal = args.bool("internalSearch") ?? false;
      const ofContact = (d: DealRow) => d.members.includes(contactId) || d.contactId === contactId;
      if (contactId > 0 && internal) {
        const all = [...state.deals.values()].filter((d) => mayRead(state, d) && ofContact(d));
        if (prefix === undefined && all.length) throw badArgument("Value cannot be null.");
        const found = all.filter((d) => d.title.includes(prefix ?? ""));
        return { value: found.map((d) => dealSingleForm(state, d)), total: found.length };
      }
      if (prefix === undefined)
        throw serverError("Object reference not set to an instance of an object.");
      // Every word anywhere in the title; 30 rows, then access; with a contact, the deals NOT
      // linked to it (Dao/DealDao.cs:645-680).
      const words = prefix.trim().toLowerCase().split(/ +/).filter(Boolean);
      const found = [...state.deals.values()]
        .filter((d) => words.every((word) => d.title.toLowerCase().includes(word)))
        .filter((d) => contactId <= 0 || !ofContact(d))
        .slice(0, 30)
        .filter((d) => mayRead(state, d))
        .sort((a, b) => a.title.localeCompare(b.title));
      return { value: found.map((d) => dealSingleForm(state, d)) };
    },
  ],
  [
    "GET",
    "opportunity/bycontact/(?<contactid>[0-9]+)",
    ({ state, args }) => {
      const contactId = args.int("contactid");
      const all = [...state.deals.values()];
      const memberOf = all.filter((d) => d.members.includes(contactId));
      // Members, or the primary contact when it is a member of none (Dao/DealDao.cs:636-642).
      const found = (memberOf.length ? memberOf : all.filter((d) => d.contactId === contactId))
        .filter((d) => contactId > 0)
        .sort((a, b) => a.title.localeCompare(b.title));
      // A non-admin gets [] as soon as one of them is hidden (facts §1.2).
      if (found.some((d) => !mayRead(state, d))) return { value: [] };
      return { value: found.map((d) => dealListForm(state, d)) };
    },
  ],
  [
    "POST",
    "opportunity",
    ({ state, args }) => {
      const fields = demand(state, args);
      const d: DealRow = {
        id: state.newId(state.deals),
        ...fields,
        created: state.now(),
        createBy: state.me.id,
        accessList: null,
        members: [],
        fields: new Map(),
      };
      state.deals.set(d.id, d);
      setAccess(state, d, args.bool("isPrivate") ?? false, args.guids("accessList"));
      // The primary contact joins the members (:554-564).
      const members = args.ints("members");
      if (d.contactId > 0) members.push(d.contactId);
      d.members = readableMembers(state, members);
      setFields(state, d, args);
      return { value: dealSingleForm(state, d) }; // in memory: no description if none was sent
    },
  ],
  [
    "PUT",
    "opportunity",
    ({ state, args }) => {
      const ids = args.ints("opportunityids");
      if (!ids.length) throw badArgument(); // :282
      // Unreadable or non-editable deals are skipped (Dao/DealDao.cs:704-714).
      const deleted = [...new Set(ids)]
        .map((id) => state.deals.get(id))
        .filter((d): d is DealRow => d !== undefined && mayRead(state, d) && mayEdit(state, d))
        .map((d) => {
          // Built after the delete, its access entries gone: public (Dao/DealDao.cs:755).
          const listed = dealListForm(state, { ...d, accessList: null });
          deleteDeal(state, d);
          return { ...listed, members: [], customFields: [] };
        });
      return { value: deleted };
    },
  ],
  [
    "PUT",
    "opportunity/access",
    ({ state, args }) => {
      // Unreadable deals and those the user did not create are skipped (:240-262).
      const changed = args
        .ints("opportunityid")
        .map((id) => state.deals.get(id))
        .filter((d): d is DealRow => d !== undefined && mayRead(state, d) && mayShare(state, d));
      for (const d of changed) {
        setAccess(state, d, args.bool("isPrivate") ?? false, args.guids("accessList"));
      }
      return { value: changed.map((d) => dealListForm(state, d)) };
    },
  ],
  [
    "GET",
    `opportunity/${dealId}`,
    ({ state, args }) => {
      const id = args.int("opportunityid");
      if (id <= 0) throw badArgument(); // :55
      return { value: dealSingleForm(state, readable(state, id)) };
    },
  ],
  [
    "PUT",
    `opportunity/${dealId}`,
    ({ state, args }) => {
      const d = state.deals.get(args.int("opportunityid"));
      if (!d) throw notFound(); // :630
      const fields = demand(state, args);
      if (!mayEdit(state, d)) throw accessDenied(); // Dao/DealDao.cs:201
      // A full replace: what was left out is reset (Dao/DealDao.cs:210-227).
      Object.assign(d, fields, { description: fields.description ?? "" });
      const members = readableMembers(state, args.ints("members"));
      if (members.length) d.members = members; // without the primary contact (:651-658)
      // Access is rewritten on every update by an admin or the creator (:661-664).
      if (mayShare(state, d)) {
        setAccess(state, d, args.bool("isPrivate") ?? false, args.guids("accessList"));
      }
      setFields(state, d, args);
      return { value: dealSingleForm(state, d) };
    },
  ],
  [
    "DELETE",
    `opportunity/${dealId}`,
    ({ state, args }) => {
      const id = args.int("opportunityid");
      if (id <= 0) throw badArgument();
      const d = readable(state, id);
      if (!mayEdit(state, d)) throw accessDenied();
      return { value: deleteDeal(state, d) };
    },
  ],
  [
    "PUT",
    `opportunity/${dealId}/stage/(?<id>[0-9]+)`,
    ({ state, args }) => {
      // The route's {id} binds to nothing: stageid comes from the query or the body (:77-78).
      const id = args.int("opportunityid");
      const stageId = Number(args.all("stageid")?.[0] ?? 0);
      if (id <= 0 || !(stageId > 0)) throw badArgument();
      const d = state.deals.get(id);
      if (!d || !mayRead(state, d) || !mayEdit(state, d)) throw notFound(); // :83
      const stage = state.stages.get(stageId);
      if (!stage) throw notFound();
      d.stageId = stageId;
      d.probability = stage.probability;
      // Won or lost: closed now; open: no close date (:88-91).
      d.actualCloseDate = stage.status !== 0 ? state.now() : null;
      return { value: dealSingleForm(state, d) };
    },
  ],
  [
    "PUT",
    `opportunity/${dealId}/access`,
    ({ state, args }) => {
      const id = args.int("opportunityid");
      if (id <= 0) throw badArgument();
      const d = state.deals.get(id);
      if (!d) throw notFound();
      if (!mayShare(state, d)) throw accessDenied(); // :122
      setAccess(state, d, args.bool("isPrivate") ?? false, args.guids("accessList"));
      return { value: dealSingleForm(state, d) };
    },
  ],
  [
    "GET",
    `opportunity/${dealId}/contact`,
    ({ state, args }) => {
      const d = readable(state, args.int("opportunityid"));
      // The primary contact cannot be unlinked in the UI: canEdit false (:703).
      const value = d.members.flatMap((id) => {
        const contact = state.visibleContact(id);
        if (!contact) return [];
        const listed = contactListForm(state, contact);
        return [id === d.contactId ? { ...listed, canEdit: false } : listed];
      });
      return { value };
    },
  ],
  [
    "POST",
    `opportunity/${dealId}/contact/(?<contactid>[0-9]+)`,
    ({ state, args }) => {
      const { d, contact } = dealAndContact(state, args);
      if (!d.members.includes(contact.id)) d.members.push(contact.id);
      return { value: contact };
    },
  ],
  [
    "DELETE",
    `opportunity/${dealId}/contact/(?<contactid>[0-9]+)`,
    ({ state, args }) => {
      const { d, contact } = dealAndContact(state, args);
      d.members = d.members.filter((id) => id !== contact.id); // the primary one too (:756-775)
      return { value: contact };
    },
  ],
  [
    "PUT",
    `opportunity/${dealId}/(?<which>creationdate|lastmodifeddate)`,
    ({ state, args }) => {
      const d = readable(state, args.int("opportunityid")); // read access suffices (:851-883)
      const name = args.string("which") === "creationdate" ? "creationDate" : "lastModifedDate";
      const text = apiDate(args, name);
      if (name === "creationDate") d.created = text ?? "0001-01-01T00:00:00.0000000Z";
      return { value: undefined }; // a void method: `{}`
    },
  ],
];

/** Both IDs > 0 (else 400), the deal and the contact readable (else 404) (:721-775). */
function dealAndContact(state: PortalState, args: Args) {
  const id = args.int("opportunityid");
  const contactId = args.int("contactid");
  if (id <= 0 || contactId <= 0) throw badArgument();
  const d = readable(state, id);
  const contact = state.visibleContact(contactId);
  if (!contact) throw notFound();
  return { d, contact };
}
