// The ContactInfo controller: a contact's phones, emails, websites, addresses and other details.
// A category is typed per info type (the same word is a different number per type, and some
// routes read it as a name, others as a number); an address is an object, never a JSON string the
// user builds. Updates and deletes read the contact's items first: the portal does not check that
// an item belongs to the contact it is named with.
import { hooks } from "../core/hooks";
import { contactInfoOperations } from "../../generated/operations";
import type { components } from "../../generated/schema";
import { isObject } from "../core/envelope";
import { anyText, flag, id, list, text, wrongType, type Check } from "../core/guards";
import type { RequestOptions } from "../core/options";
import {
  shaped,
  type Arg,
  type Area,
  type Call,
  type Fields,
  type LinesFor,
  type ReadFirst,
  type Shape,
  type Wire,
} from "../core/shapes";

/** A contact-info item as the portal sends it (an address's `data` is a JSON string). */
export type ContactInfo = components["schemas"]["ContactInfo"];
/** An item a batch echoes: what was sent, with its new ID. */
export type ContactInfoEcho = components["schemas"]["ContactInfoEcho"];

/** The kinds of contact info (the portal's `ContactInfoType`, in its order). */
export const INFO_TYPES = [
  "phone",
  "email",
  "website",
  "skype",
  "twitter",
  "linkedIn",
  "facebook",
  "address",
  "liveJournal",
  "mySpace",
  "gmail",
  "blogger",
  "yahoo",
  "msn",
  "icq",
  "jabber",
  "aim",
  "vk",
] as const;
export type InfoType = (typeof INFO_TYPES)[number];

/** Each info type's categories, in the portal's order (their numbers), as the user names them. */
export const INFO_CATEGORIES = {
  phone: ["home", "work", "mobile", "fax", "direct", "other"],
  address: ["home", "postal", "office", "billing", "other", "work"],
  other: ["home", "work", "other"],
} as const;
export type PhoneCategory = (typeof INFO_CATEGORIES.phone)[number];
export type AddressCategory = (typeof INFO_CATEGORIES.address)[number];
export type BaseCategory = (typeof INFO_CATEGORIES.other)[number];
/** The categories of info type `T`: a category of another type does not compile. */
export type InfoCategory<T extends InfoType> = T extends "phone"
  ? PhoneCategory
  : T extends "address"
    ? AddressCategory
    : BaseCategory;

/** Every type but addresses, with its own categories. */
export type NewContactInfo = {
  [T in Exclude<InfoType, "address">]: {
    type: T;
    value: string;
    category: InfoCategory<T>;
    /** Default false. A portal does not demote another primary item of the type. */
    isPrimary?: boolean;
  };
}[Exclude<InfoType, "address">];

/** A postal address's parts; every part left out is sent as `""`. */
export interface AddressParts {
  street?: string;
  city?: string;
  state?: string;
  zip?: string;
  country?: string;
}

export interface NewAddress extends AddressParts {
  category: AddressCategory;
  isPrimary?: boolean;
}

/** An item of `addContactInfos` and `replaceContactInfo`: a detail, or an address. */
export type ContactInfoInput = NewContactInfo | ({ type: "address" } & NewAddress);

/** A change to an item that is not an address; a new `type` needs a `category` of that type. */
export type ContactInfoChanges =
  | { value?: string; isPrimary?: boolean; category?: PhoneCategory | AddressCategory }
  | {
      [T in Exclude<InfoType, "address">]: {
        type: T;
        category: InfoCategory<T>;
        value?: string;
        isPrimary?: boolean;
      };
    }[Exclude<InfoType, "address">];

/** An item as the client gives it: an address item also has its address parsed. */
export type ContactInfoEntry = ContactInfo & {
  /** Only on an address item (`infoType` 7): its parts, parsed from `data`. */
  address?: AddressParts;
};

export interface ContactInfoMethods {
  /** `GET contact/{contactid}/data`: every item, newest first; addresses with `address` parsed. */
  listContactInfo(contactId: number, options?: RequestOptions): Promise<ContactInfoEntry[]>;
  /** `GET contact/{contactid}/data/{id}`: one item (a 400 when it is not the contact's). */
  getContactInfo(
    contactId: number,
    infoId: number,
    options?: RequestOptions,
  ): Promise<ContactInfoEntry>;
  /** The values of one type (`listContactInfo`, kept to that type). Addresses: `listContactInfo`. */
  listContactInfoValues(
    contactId: number,
    type: Exclude<InfoType, "address">,
    options?: RequestOptions,
  ): Promise<string[]>;
  /** `POST contact/{contactid}/data`: adds a phone, an email, … Not retried. */
  addContactInfo(
    contactId: number,
    item: NewContactInfo,
    options?: RequestOptions,
  ): Promise<ContactInfoEntry>;
  /** `POST contact/{contactid}/addressdata`: adds an address (every part left out is `""`). */
  addContactAddress(
    contactId: number,
    address: NewAddress,
    options?: RequestOptions,
  ): Promise<ContactInfoEntry>;
  /** `POST contact/{contactid}/batch`: adds several items; resolves to them with their IDs. */
  addContactInfos(
    contactId: number,
    items: ContactInfoInput[],
    options?: RequestOptions,
  ): Promise<ContactInfoEcho[]>;
  /**
   * `PUT contact/{contactid}/batch`: **replaces every item** of the contact (phones, emails,
   * addresses) with `items`; every item gets a new ID.
   */
  replaceContactInfo(
    contactId: number,
    items: ContactInfoInput[],
    options?: RequestOptions,
  ): Promise<ContactInfoEcho[]>;
  /**
   * `PUT contact/{contactid}/data/{id}`: reads the contact's items first, refuses one that is not
   * its own (the portal would move it), and sends what `changes` leaves out as it is.
   */
  updateContactInfo(
    contactId: number,
    infoId: number,
    changes: ContactInfoChanges,
    options?: RequestOptions,
  ): Promise<ContactInfoEntry>;
  /** `PUT contact/{contactid}/addressdata/{id}`: changes the parts given, keeps the others. */
  updateContactAddress(
    contactId: number,
    infoId: number,
    changes: Partial<NewAddress>,
    options?: RequestOptions,
  ): Promise<ContactInfoEntry>;
  /** `DELETE contact/{contactid}/data/{id}`: refuses an item that is not the contact's own. */
  deleteContactInfo(
    contactId: number,
    infoId: number,
    options?: RequestOptions,
  ): Promise<ContactInfoEntry>;
  /** `GET contact/data/infoType`: the portal's info type names (`Phone`, `Email`, …). */
  listContactInfoTypes(options?: RequestOptions): Promise<string[]>;
  /** `GET contact/data/{infoType}/category`: the portal's category names of an info type. */
  listContactInfoCategories(type: InfoType, options?: RequestOptions): Promise<string[]>;
}

const ADDRESS = 7;
const PARTS = ["street", "city", "state", "zip", "country"] as const;
/** A word with its first letter upper-case: the portal's names (`linkedIn` → `LinkedIn`). */
const capital = (word: string) => word[0]!.toUpperCase() + word.slice(1);
/** The portal's name of an info type: `linkedIn` → `LinkedIn`, `gmail` → `GMail`, `msn` → `MSN`. */
const PORTAL_TYPES = /* @__PURE__ */ INFO_TYPES.map((word) =>
  word === "gmail" ? "GMail" : word.length < 4 ? word.toUpperCase() : capital(word),
);

const categoriesOf = (type: number): readonly string[] =>
  type === 0
    ? INFO_CATEGORIES.phone
    : type === ADDRESS
      ? INFO_CATEGORIES.address
      : INFO_CATEGORIES.other;

/** The user's word for an info type → its number. */
export function typeNumber(name: string, value: unknown): number {
  const found = INFO_TYPES.indexOf(value as InfoType);
  if (found < 0) throw new RangeError(`${name} must be one of ${INFO_TYPES.join(", ")}`);
  return found;
}

/** A category of info type `type` → its number in that type's list (a typo is refused). */
export function categoryNumber(name: string, type: number, value: unknown): number {
  const list = categoriesOf(type);
  const found = list.indexOf(value as string);
  if (found < 0) {
    throw new RangeError(
      `${name} must be a category of ${INFO_TYPES[type]}: one of ${list.join(", ")}`,
    );
  }
  return found;
}

/** The portal's exact, case-sensitive category name (`Work`): `addContactInfo` reads names. */
const categoryName = (type: number, category: number) => capital(categoriesOf(type)[category]!);

/** An item's fields, as `addContactInfo` and `updateContactInfo` take them. */
const itemFields: Fields = {
  type: ["infoType", typeNumber],
  value: ["data", text],
  category: ["category", anyText],
  isPrimary: ["isPrimary", flag],
};

/** An address's fields, as `addContactAddress` and `updateContactAddress` take them. */
const addressFields: Fields = {
  category: ["category", anyText],
  isPrimary: ["isPrimary", flag],
  street: ["street", anyText],
  city: ["city", anyText],
  state: ["state", anyText],
  zip: ["zip", anyText],
  country: ["country", anyText],
};

/** An address as the portal stores it: all five parts (a reader stops at the first missing one). */
function addressParts(name: string, value: Record<string, unknown>, base: AddressParts = {}) {
  const parts: Record<string, string> = {};
  for (const part of PARTS) {
    parts[part] =
      value[part] === undefined ? (base[part] ?? "") : anyText(`${name}.${part}`, value[part]);
  }
  if (PARTS.every((part) => !parts[part]!.trim())) {
    throw new RangeError(`${name} must have at least one of ${PARTS.join(", ")}`);
  }
  return parts;
}

/** One item of a batch, as the portal's `items[i]`: numbers for the type and the category. */
const batchItem: Check = (name, value) => {
  if (!isObject(value)) throw wrongType(name, "an object", value);
  const type = typeNumber(`${name}.type`, (value as Wire).type);
  const item = shaped(
    { name, fields: type === ADDRESS ? { type: itemFields.type!, ...addressFields } : itemFields },
    value,
  );
  return {
    infoType: type,
    category: categoryNumber(`${name}.category`, type, item.category),
    data:
      type === ADDRESS
        ? JSON.stringify(addressParts(name, item))
        : text(`${name}.value`, item.data),
    isPrimary: item.isPrimary ?? false,
  };
};

/** A non-empty batch: an empty one wipes every item on `PUT …/batch`. */
const batch: Check = (name, value) => {
  if (Array.isArray(value) && !value.length) {
    throw new RangeError(
      `${name} is empty: replaceContactInfo would delete every item of the contact (use deleteContactInfo for one)`,
    );
  }
  return list(name, value, batchItem);
};

/** An item of `addContactInfo`: the category by its exact name, as the route reads it. */
const newItem: Shape = {
  name: "item",
  fields: itemFields,
  required: ["type"],
  rule: (written) => {
    const type = written.infoType as number;
    if (type === ADDRESS) {
      throw new RangeError("item.type address: add an address with addContactAddress (an object)");
    }
    text("item.value", written.data);
    written.infoType = PORTAL_TYPES[type];
    written.category = categoryName(type, categoryNumber("item.category", type, written.category));
  },
};

const newAddress: ReadFirst = async (value, wire) => {
  if (!isObject(value)) throw wrongType("address", "an object", value);
  const given = shaped({ name: "address", fields: addressFields }, value);
  wire.address = {
    ...addressParts("address", given),
    category: categoryNumber("address.category", ADDRESS, given.category),
    ...(given.isPrimary !== undefined && { isPrimary: given.isPrimary }),
  };
};

/** The contact's own item `infoId`, read first: the portal would act on any contact's item. */
async function ownItem(wire: Wire, call: Call): Promise<ContactInfoEntry> {
  const contactId = wire.contactid as number;
  const items = await (call.crm as ContactInfoMethods).listContactInfo(contactId, call.options);
  const item = items.find((i) => i.id === wire.id);
  if (!item) {
    throw new RangeError(
      `item ${String(wire.id)} is not contact ${contactId}'s: the portal would act on another contact's item`,
    );
  }
  return item;
}

const infoShape: Shape = {
  name: "changes",
  fields: itemFields,
  rule: ({ infoType, category }) => {
    if (infoType === ADDRESS)
      throw new RangeError("changes.type address: use updateContactAddress");
    if (infoType !== undefined) {
      // The portal keeps the old number, read through the new type's list.
      if (category === undefined) {
        throw new RangeError("changes.type needs a changes.category of that type");
      }
      categoryNumber("changes.category", infoType as number, category);
    }
  },
};

const infoChanges: ReadFirst = async (value, wire, call) => {
  if (!isObject(value)) throw wrongType("changes", "an object", value);
  const given = shaped(infoShape, value); // refused before anything is sent, the read included
  const item = await ownItem(wire, call);
  if (item.infoType === ADDRESS) {
    throw new RangeError(`item ${item.id} is an address: use updateContactAddress`);
  }
  const type = (given.infoType as number | undefined) ?? item.infoType;
  const category =
    given.category === undefined
      ? item.category
      : categoryNumber("changes.category", type, given.category);
  // `infoType` always, so that the portal reads `category` (it ignores it without one).
  Object.assign(wire, {
    infoType: PORTAL_TYPES[type],
    category: categoryName(type, category),
    data: given.data ?? item.data,
    ...(given.isPrimary !== undefined && { isPrimary: given.isPrimary }),
  });
};

const addressChanges: ReadFirst = async (value, wire, call) => {
  if (!isObject(value)) throw wrongType("changes", "an object", value);
  const given = shaped({ name: "changes", fields: addressFields }, value);
  if (given.category !== undefined) categoryNumber("changes.category", ADDRESS, given.category);
  const item = await ownItem(wire, call);
  if (item.infoType !== ADDRESS) throw new RangeError(`item ${item.id} is not an address`);
  // A full replace: every part, the category and isPrimary, from the address as it is.
  wire.address = {
    ...addressParts("changes", given, item.address),
    category:
      given.category === undefined
        ? item.category
        : categoryNumber("changes.category", ADDRESS, given.category),
    isPrimary: given.isPrimary ?? item.isPrimary,
  };
};

/** The parsed address of an address item, as a portal's reader gets it (ContactInfoWrapper.cs:39-58). */
function withAddress(item: ContactInfo): ContactInfoEntry {
  if (item.infoType !== ADDRESS) return item;
  let parsed: unknown;
  try {
    parsed = JSON.parse(item.data);
  } catch {} // invalid JSON reads as an empty address
  const address: AddressParts = {};
  for (const part of PARTS) {
    // Only an object's strings: anything else JSON holds has none.
    const v = (parsed as Record<string, unknown> | null | undefined)?.[part];
    if (typeof v === "string") address[part] = v;
  }
  return { ...item, address };
}

export const contactId: Arg = ["contactId", "contactid", id];
const infoId: Arg = ["infoId", "id", id];
/** The item's ID, and the item read first: it must be the contact's own. */
const ownInfoId: ReadFirst = async (value, wire, call) => {
  wire.id = id("infoId", value);
  await ownItem(wire, call);
};

type LinedMethods = Omit<ContactInfoMethods, "listContactInfoValues">;

export const contactInfoLines = {
  listContactInfo: [contactId],
  getContactInfo: [contactId, infoId],
  addContactInfo: [contactId, newItem],
  addContactAddress: [contactId, newAddress],
  addContactInfos: [contactId, ["items", "items", (name, value) => list(name, value, batchItem)]],
  replaceContactInfo: [contactId, ["items", "items", batch]],
  updateContactInfo: [contactId, infoId, infoChanges],
  updateContactAddress: [contactId, infoId, addressChanges],
  deleteContactInfo: [contactId, ownInfoId],
  listContactInfoTypes: [],
  listContactInfoCategories: [
    ["type", "infoType", (name, value) => PORTAL_TYPES[typeNumber(name, value)]!],
  ],
} satisfies LinesFor<typeof contactInfoOperations, LinedMethods>;

/** A contact's phones, emails, addresses and other details: pass it to `createCrmClientFor`. */
export const contactInfo: Area<ContactInfoMethods> = {
  operations: contactInfoOperations,
  lines: contactInfoLines,
  hooks,
  after: {
    listContactInfo: (items: ContactInfo[]) => items.map(withAddress),
    getContactInfo: withAddress,
    addContactInfo: withAddress,
    addContactAddress: withAddress,
    updateContactInfo: withAddress,
    updateContactAddress: withAddress,
    deleteContactInfo: withAddress,
  },
  composites: {
    listContactInfoValues: async (
      call: Call,
      contact: unknown,
      type: unknown,
      options?: RequestOptions,
    ) => {
      const number = typeNumber("type", type);
      if (number === ADDRESS) {
        throw new RangeError("type address: listContactInfo gives the addresses as objects");
      }
      const crm = call.crm as ContactInfoMethods;
      const items = await crm.listContactInfo(contact as number, options); // checks contactId
      // By type, then in the database's order (Dao/ContactInfoDao.cs:194-197): oldest first.
      return items
        .filter((item) => item.infoType === number)
        .sort((a, b) => a.id - b.id)
        .map((item) => item.data);
    },
  },
};
