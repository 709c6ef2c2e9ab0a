// The fake portal's ContactInfo controller: a contact's phones, emails, addresses and other
// details. A contact's items are its `commonData` and, for addresses (type 7), the rows in
// `state.addressRows`, whose `data` is the address as a JSON string; the single form's `addresses`
// are read from those rows. Line numbers are of module/ASC.Api/ASC.Api.CRM/CRMApi.ContactInfo.cs
// unless named; `W/` = module/ASC.Api/ASC.Api.CRM/Wrappers/.
import type { components } from "../../../generated/schema";
import type { Route } from "../core/routes";
import type { FullContact, PortalState } from "../core/state";
import { badArgument, notFound, serverError, type Args } from "../core/wire";
import { mayEditContact } from "./contacts";

type ContactInfo = components["schemas"]["ContactInfo"];
type Address = components["schemas"]["Address"];

const ADDRESS = 7;
const TYPES = [
  "Phone",
  "Email",
  "Website",
  "Skype",
  "Twitter",
  "LinkedIn",
  "Facebook",
  "Address",
  "LiveJournal",
  "MySpace",
  "GMail",
  "Blogger",
  "Yahoo",
  "MSN",
  "ICQ",
  "Jabber",
  "AIM",
  "VK",
];
// CRM/Core/Enums/ContactInfoCategoryEnum.cs, chosen by ContactInfo.GetCategory (CRM/Core/Entities/ContactInfo.cs:70-81).
const PHONE = ["Home", "Work", "Mobile", "Fax", "Direct", "Other"];
const ADDRESS_CATEGORIES = ["Home", "Postal", "Office", "Billing", "Other", "Work"];
const BASE = ["Home", "Work", "Other"];
const categoriesOf = (type: number) =>
  type === 0 ? PHONE : type === ADDRESS ? ADDRESS_CATEGORIES : BASE;
const ENUM_NAMES = (type: number) =>
  type === 0 ? "PhoneCategory" : type === ADDRESS ? "AddressCategory" : "ContactInfoBaseCategory";
/** The localized name; out of range, the resource key (CRM/Classes/LocalizedEnumConverter.cs:105-113). */
const categoryName = (type: number, category: number) =>
  categoriesOf(type)[category] ?? `${ENUM_NAMES(type).replace("ContactInfoBase", "")}_${category}`;

/** `ContactInfoType` by `LocalizedEnumConverter`: a name in any case, or any number. */
function infoTypeOf(text: string | undefined): number {
  if (text === undefined) return 0; // left out: Phone
  if (/^\s*[+-]?\d+\s*$/.test(text)) return Number(text);
  const found = TYPES.findIndex((name) => name.toLowerCase() === text.trim().toLowerCase());
  if (found < 0) throw badArgument(`Requested value '${text.slice(0, 40)}' was not found.`);
  return found;
}

/** Every item of a contact, addresses included. */
function itemsOf(state: PortalState, contact: FullContact): ContactInfo[] {
  return [...contact.commonData, ...(state.addressRows.get(contact.id) ?? [])];
}

/** Writes a contact's items back: addresses as rows, the rest as `commonData`. */
function setItems(state: PortalState, contact: FullContact, items: ContactInfo[]): void {
  contact.commonData = items.filter((i) => i.infoType !== ADDRESS);
  const rows = items.filter((i) => i.infoType === ADDRESS);
  state.addressRows.set(contact.id, rows);
  contact.addresses = rows.map(readAddress);
}

/** The item `id` and the contact that has it, whoever that is. */
function findItem(state: PortalState, id: number) {
  for (const contact of state.contacts.values()) {
    const item = itemsOf(state, contact).find((i) => i.id === id);
    if (item) return { contact, item };
  }
  return undefined;
}

let lastId = 0;
function newItemId(state: PortalState): number {
  const ids = [...state.contacts.values()].flatMap((c) => itemsOf(state, c).map((i) => i.id));
  lastId = Math.max(lastId, 1000, ...ids) + 1;
  return lastId;
}

/**
 * `new Address(contactInfo)` (W/ContactInfoWrapper.cs:39-58): city, country, state, street, zip
 * read in that order; the first missing key stops it, and the category and isPrimary go too.
 */
function readAddress(item: ContactInfo): Address {
  let parsed: Record<string, unknown>;
  try {
    parsed = JSON.parse(item.data) as Record<string, unknown>;
  } catch {
    return {};
  }
  const read: Record<string, string> = {};
  for (const key of ["city", "country", "state", "street", "zip"]) {
    if (typeof parsed[key] !== "string") return read;
    read[key] = parsed[key] as string;
  }
  return {
    street: read.street!,
    city: read.city!,
    state: read.state!,
    zip: read.zip!,
    country: read.country!,
    ...(item.category && { category: item.category }),
    categoryName: categoryName(ADDRESS, item.category),
    ...(item.isPrimary && { isPrimary: true }),
  };
}

/** `Address.TryParse`: any JSON object deserializes (W/ContactInfoWrapper.cs:60-82). */
function parsesAsAddress(data: string): boolean {
  try {
    const value = JSON.parse(data);
    return typeof value === "object" && value !== null && !Array.isArray(value);
  } catch {
    return false;
  }
}

/**
 * The address body (`address[street]`, …) as I6 stores it: camelCase, indented, `""` for a
 * missing part, the category's name and isPrimary (left out when 0 or false) (:216-241).
 */
function addressData(
  args: Args,
  empty: "" | undefined,
): { data: string; category: number; isPrimary: boolean } {
  const part = (key: string) => args.string(`address[${key}]`) ?? empty;
  const keys = ["street", "city", "state", "zip", "country", "category", "isPrimary"];
  if (keys.every((key) => args.string(`address[${key}]`) === undefined)) {
    throw badArgument("Value cannot be null.\r\nParameter name: address");
  }
  const category = args.int("address[category]");
  if (category < 0 || category > 5) throw badArgument(); // AddressCategory 0-5
  const isPrimary = args.bool("address[isPrimary]") ?? false;
  const stored: Record<string, unknown> = {};
  for (const key of ["street", "city", "state", "zip", "country"]) {
    const value = part(key);
    if (value !== undefined) stored[key] = value; // left out when null (EmitDefaultValue=false)
  }
  if (category) stored.category = category;
  stored.categoryName = categoryName(ADDRESS, category);
  if (isPrimary) stored.isPrimary = true;
  return { data: JSON.stringify(stored, null, 2), category, isPrimary };
}

/** A contact the user may edit (404 otherwise, not 403: :151-158, :213). */
function editable(state: PortalState, args: Args): FullContact {
  const contactId = args.int("contactid");
  if (contactId <= 0) throw badArgument();
  const contact = state.contacts.get(contactId);
  if (!contact || !state.maySeeContact(contact) || !mayEditContact(state, contact)) {
    throw notFound();
  }
  return contact;
}

function readable(state: PortalState, args: Args): FullContact {
  const contactId = args.int("contactid");
  if (contactId <= 0) throw badArgument();
  const contact = state.visibleContact(contactId);
  if (!contact) throw notFound();
  return contact;
}

/** `items[i][…]` of a batch (CreateBatchContactInfo, :273-303): nothing checked but addresses. */
function batchItems(state: PortalState, args: Args): ContactInfo[] {
  const items: ContactInfo[] = [];
  for (let i = 0; ; i++) {
    const at = (key: string) => args.string(`items[${i}][${key}]`);
    if (["infoType", "category", "data", "isPrimary"].every((key) => at(key) === undefined)) break;
    const infoType = infoTypeOf(at("infoType"));
    const data = at("data");
    if (data === undefined) throw serverError("Column 'data' cannot be null"); // NOT NULL (SQL:450-463)
    if (infoType === ADDRESS && !parsesAsAddress(data)) throw badArgument();
    items.push({
      id: 0,
      infoType: infoType as ContactInfo["infoType"],
      category: args.int(`items[${i}][category]`),
      data,
      // The echo keeps what was sent: null when no name was sent (:297-302).
      categoryName: at("categoryName") ?? (null as unknown as string),
      isPrimary: args.bool(`items[${i}][isPrimary]`) ?? false,
    });
  }
  for (const item of items) item.id = newItemId(state);
  return items;
}

/** What is stored of an echoed item: the portal's own category name on later reads. */
const stored = (item: ContactInfo): ContactInfo => ({
  ...item,
  categoryName: categoryName(item.infoType, item.category),
});

export const contactInfoRoutes: Route[] = [
  ["GET", "contact/data/infoType", () => ({ value: [...TYPES] })],
  [
    "GET",
    "contact/data/(?<infoType>[^/]+)/category",
    ({ args }) => {
      const type = infoTypeOf(args.string("infoType"));
      // An undefined number falls to the base list (CRM/Core/Entities/ContactInfo.cs:70-81).
      return { value: [...categoriesOf(type)] };
    },
  ],
  [
    "GET",
    "contact/(?<contactid>[0-9]+)/data",
    ({ state, args }) => {
      const contact = readable(state, args);
      return { value: itemsOf(state, contact).sort((a, b) => b.id - a.id) }; // newest first (:96)
    },
  ],
  // Registered before `…/data/{infoType}`: a number is always an item ID (facts §1.7).
  [
    "GET",
    "contact/(?<contactid>[0-9]+)/data/(?<id>[0-9]+)",
    ({ state, args }) => {
      if (args.int("id") <= 0) throw badArgument();
      const contact = readable(state, args);
      const item = itemsOf(state, contact).find((i) => i.id === args.int("id"));
      if (!item) throw badArgument(); // missing or another contact's: 400 (:121)
      return { value: item };
    },
  ],
  [
    "GET",
    "contact/(?<contactid>[0-9]+)/data/(?<infoType>[^/]+)",
    ({ state, args }) => {
      const contact = readable(state, args);
      const type = infoTypeOf(args.string("infoType"));
      const items = itemsOf(state, contact).filter((i) => i.infoType === type);
      return { value: items.sort((a, b) => a.id - b.id).map((i) => i.data) };
    },
  ],
  [
    "POST",
    "contact/(?<contactid>[0-9]+)/data",
    ({ state, args }) => {
      const data = args.string("data");
      if (!data || args.int("contactid") <= 0) throw badArgument(); // :146
      const type = infoTypeOf(args.string("infoType"));
      const contact = state.contacts.get(args.int("contactid"));
      if (!contact) throw notFound();
      // Twitter needs read access only; anything else edit access, else a 404 (:151-158).
      const allowed =
        state.maySeeContact(contact) && (type === 4 || mayEditContact(state, contact));
      if (!allowed) throw notFound();
      // The exact, case-sensitive name of a category of this type (Enum.IsDefined, :160-161).
      const category = categoriesOf(type).indexOf(args.string("category") ?? "\0");
      if (category < 0) throw badArgument();
      if (type === ADDRESS && !parsesAsAddress(data)) throw badArgument(); // :173-178
      const item: ContactInfo = {
        id: newItemId(state),
        infoType: type as ContactInfo["infoType"],
        category,
        data, // stored as sent, untrimmed and unchecked (Dao/ContactInfoDao.cs:180-192)
        categoryName: categoryName(type, category),
        isPrimary: args.bool("isPrimary") ?? false,
      };
      setItems(state, contact, [...itemsOf(state, contact), item]);
      return { value: item };
    },
  ],
  [
    "POST",
    "contact/(?<contactid>[0-9]+)/addressdata",
    ({ state, args }) => {
      const contact = editable(state, args);
      const { data, category, isPrimary } = addressData(args, "");
      const item: ContactInfo = {
        id: newItemId(state),
        infoType: ADDRESS,
        category,
        data,
        categoryName: categoryName(ADDRESS, category),
        isPrimary,
      };
      setItems(state, contact, [...itemsOf(state, contact), item]);
      return { value: item };
    },
  ],
  [
    "POST",
    "contact/(?<contactid>[0-9]+)/batch",
    ({ state, args }) => {
      const contact = editable(state, args);
      const items = batchItems(state, args);
      setItems(state, contact, [...itemsOf(state, contact), ...items.map(stored)]);
      return { value: items };
    },
  ],
  [
    "PUT",
    "contact/(?<contactid>[0-9]+)/batch",
    ({ state, args }) => {
      const contact = editable(state, args);
      // Every item goes first, in its own step (:467-468): an empty list wipes them all.
      setItems(state, contact, []);
      const items = batchItems(state, args);
      setItems(state, contact, items.map(stored));
      return { value: items };
    },
  ],
  [
    "PUT",
    "contact/(?<contactid>[0-9]+)/data/(?<id>[0-9]+)",
    ({ state, args }) => {
      const data = args.string("data");
      if (args.int("id") <= 0 || !data || args.int("contactid") <= 0) throw badArgument();
      const contact = editable(state, args);
      const found = findItem(state, args.int("id"));
      if (!found) throw serverError("Object reference not set to an instance of an object.");
      const item = { ...found.item };
      const typeText = args.string("infoType");
      if (typeText !== undefined) {
        const type = infoTypeOf(typeText);
        // A category is read only with a type, and a bad name is ignored (:332-342).
        const category = categoriesOf(type).indexOf(args.string("category") ?? "\0");
        if (category >= 0) item.category = category;
        item.infoType = type as ContactInfo["infoType"];
      }
      const isPrimary = args.bool("isPrimary");
      if (isPrimary !== undefined) item.isPrimary = isPrimary;
      item.data = data;
      if (item.infoType === ADDRESS && !parsesAsAddress(data)) throw badArgument();
      item.categoryName = categoryName(item.infoType, item.category);
      // No ownership check: the item moves to this contact (:344, Dao/ContactInfoDao.cs:147).
      setItems(
        state,
        found.contact,
        itemsOf(state, found.contact).filter((i) => i.id !== item.id),
      );
      setItems(state, contact, [...itemsOf(state, contact), item]);
      return { value: item };
    },
  ],
  [
    "PUT",
    "contact/(?<contactid>[0-9]+)/addressdata/(?<id>[0-9]+)",
    ({ state, args }) => {
      if (args.int("id") <= 0) throw badArgument();
      const found = findItem(state, args.int("id"));
      if (!found || found.item.infoType !== ADDRESS) throw notFound(); // checked first (:389-391)
      const contact = editable(state, args);
      if (found.contact.id !== contact.id) throw notFound();
      // A full replace: parts left out are not written at all (no "" here, unlike :216-241).
      const { data, category, isPrimary } = addressData(args, undefined);
      const item = { ...found.item, data, category, isPrimary };
      item.categoryName = categoryName(ADDRESS, category);
      setItems(
        state,
        contact,
        itemsOf(state, contact).map((i) => (i.id === item.id ? item : i)),
      );
      return { value: item };
    },
  ],
  [
    "DELETE",
    "contact/(?<contactid>[0-9]+)/data/(?<id>[0-9]+)",
    ({ state, args }) => {
      if (args.int("id") <= 0) throw badArgument();
      editable(state, args);
      const found = findItem(state, args.int("id"));
      if (!found) throw notFound();
      // No ownership check: any contact's item goes (:525-530).
      setItems(
        state,
        found.contact,
        itemsOf(state, found.contact).filter((i) => i.id !== found.item.id),
      );
      return { value: found.item };
    },
  ],
];
