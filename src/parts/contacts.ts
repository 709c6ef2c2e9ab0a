// The Contacts controller (persons and companies): what a user writes, checked and mapped onto
// the portal's names. One line per operation in `contactLines`; the route, the retry rule and the
// answer's schema come from the spec (generated/operations.ts).
import { hooks } from "../core/hooks";
import { contactsOperations } from "../../generated/operations";
import type { components } from "../../generated/schema";
import type { Company, Person } from "./cases";
import type { Deal } from "./deals";
import {
  categoryNumber,
  contactId,
  typeNumber,
  type InfoCategory,
  type InfoType,
} from "./contact-info";
import { isObject } from "../core/envelope";
import {
  anyText,
  checkWhole,
  date,
  dateUntil,
  flag,
  id,
  ids,
  list,
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
import { customFieldList, type FieldValue } from "./field-values";
import {
  formData,
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

/** A contact's short form with its primary phone, as `searchContacts` finds it. */
export type ContactWithPhone = components["schemas"]["ContactWithPhone"];

/** A contact's short form (`ContactBaseWrapper`): what batch answers and a person's `company` hold. */
export type ContactBase = components["schemas"]["Contact"];

/**
 * Who may see a contact: `none` (only the managers, and the portal's admins), `readWrite` (every
 * CRM user may see and edit it) or `read` (every CRM user may see it).
 */
export type ShareTypeName = "none" | "readWrite" | "read";

/** A contact's sharing: `managers` (user IDs) are required with `none` and refused otherwise. */
export interface ContactSharing {
  shareType: ShareTypeName;
  /** User IDs (GUIDs) who may see and edit the contact; only with `shareType: "none"`. */
  managers?: string[];
}

export interface NewPerson extends ContactSharing {
  firstName: string;
  /** May be `""` (but then `updatePerson` needs one: a portal refuses an update without it). */
  lastName: string;
  jobTitle?: string;
  /** The person's company (a company's ID, checked by the client: the portal takes any contact). */
  companyId?: number;
  about?: string;
  /**
   * Custom-field values by field ID (a check box's boolean sent `"true"`/`"false"`, a `Date` as an
   * ISO date). Empty values are refused (the portal skips them).
   */
  customFields?: Record<number, FieldValue>;
}

export interface NewCompany extends ContactSharing {
  companyName: string;
  about?: string;
  /** Persons to link to the company (persons you may not see are dropped by the portal). */
  personIds?: number[];
  customFields?: Record<number, FieldValue>;
}

/** What an update must do besides the changes it names. */
export interface UpdateOptions {
  /**
   * Every update resets the contact's industry, contact type and currency, which no route can set
   * back: the client refuses an update of a contact that has any of them unless this is true.
   */
  clearIndustryTypeAndCurrency?: boolean;
}

/** What to change in a person; everything left out keeps its current value. */
export type PersonChanges = Partial<Omit<NewPerson, "shareType">> & {
  shareType?: ShareTypeName;
} & UpdateOptions;

/** What to change in a company; everything left out keeps its current value. */
export type CompanyChanges = Partial<Omit<NewCompany, "shareType" | "personIds">> & {
  shareType?: ShareTypeName;
} & UpdateOptions;

/** A filter that acts on every contact it matches (`deleteContactsWhere`, `setContactsAccessWhere`). */
export interface ContactWhere {
  type?: "person" | "company" | "withOpportunity";
  tags?: string[];
  statusId?: number;
  contactTypeId?: number;
  createdFrom?: Date | string;
  createdTo?: Date | string;
  search?: string;
}

/** Who may see contacts, as the access routes set it: `read` cannot be set there. */
export interface ContactAccess {
  shareType: "none" | "readWrite";
  /** User IDs; required (not empty) with `none`, refused with `readWrite`. */
  managers?: string[];
}

/** A contact's short form with its first primary email. */
export type ContactWithEmail = components["schemas"]["ContactWithEmail"];

/** What `findContactsByInfo` looks for: an item of `type` whose value contains `value`. */
export type ContactInfoQuery = {
  [T in InfoType]: {
    type: T;
    /** Text the value contains (any case; `%` and `_` are wildcards to the portal). */
    value?: string;
    category?: InfoCategory<T>;
    isPrimary?: boolean;
  };
}[InfoType];

/** A portal user as an access list shows it. */
export type Employee = components["schemas"]["Employee"];

/**
 * A contact in its quick form (no custom fields, tags, addresses or status) with its open task
 * of the smallest ID, as `listContactsWithTasks` and `searchContactsByEmail` find it.
 */
export type ContactWithTask = components["schemas"]["ContactWithTask"];
/** A person in the quick form (`ContactWithTask.contact`). */
export type QuickPerson = components["schemas"]["QuickPerson"];
/** A company in the quick form (`ContactWithTask.contact`). */
export type QuickCompany = components["schemas"]["QuickCompany"];
/** A task's short form (`ContactWithTask.task`). */
export type TaskBase = components["schemas"]["TaskBase"];

/** The portal's mass-mail job: every member is sent while there is one. */
export type MailProgress = Required<components["schemas"]["MailProgress"]>;

/** A mass mail to contacts (`sendContactsMail`). */
export interface ContactsMail {
  /** 1 to 50 contacts: each gets the mail at its first primary e-mail (others are skipped). */
  contactIds: number[];
  subject: string;
  /** A template: `$(Person.firstName)` and the like are filled in per contact. */
  body: string;
  /** Documents files to attach, by ID. */
  fileIds?: number[];
  /** Add a history event to each contact mailed. Default false. */
  storeInHistory?: boolean;
}

/** How many contacts `searchContactsByEmail` may find. */
export interface EmailSearch {
  /** Required, at least 1: without it the portal finds nothing. */
  max: number;
}

/** Which contacts, in which order: every field given must match. */
export interface ContactListFilter {
  /** Only persons, only companies, or only contacts linked to an opportunity. Default: all. */
  type?: "person" | "company" | "withOpportunity";
  /** Only contacts with every one of these tags. */
  tags?: string[];
  /** Only contacts with this status (`contactStatus.id`); 0: contacts without a status. */
  statusId?: number;
  /** Only contacts of this contact type (an ID of the portal's list); 0: without a type. */
  contactTypeId?: number;
  /** Only contacts this user (a GUID) manages, i.e. is on the access list of. */
  responsibleId?: string;
  /** Only shared (true) or only private (false) contacts. */
  isShared?: boolean;
  /** Only contacts created at or after this instant (a Date or an ApiDateTime string). */
  createdFrom?: Date | string;
  /**
   * Only contacts created at or before this instant (a Date or an ApiDateTime string). The
   * client sends it as the portal's `toDate` less 23 h 59 min: a portal adds a day less a minute.
   */
  createdTo?: Date | string;
  /** Words that start words of the display name. No commas: a portal searches up to the first. */
  search?: string;
  /**
   * The order; default newest first (`created`, descending). `status` sorts by `contactStatus`;
   * `history` by the latest history event. Only `id` is stable across pages: use it for a sync.
   */
  sortBy?: "displayName" | "status" | "created" | "firstName" | "lastName" | "history" | "id";
  /** Default `asc` with a `sortBy`; given alone, it orders by `created`. */
  sortOrder?: "asc" | "desc";
}

/** Which contacts `searchContacts` looks among. */
export interface ContactSearch {
  /** Default `any` (a portal's own default is companies only). */
  type?: "any" | "person" | "company";
}

export interface ContactMethods {
  /** `GET contact/{contactid}`. A contact you may not see is a NotFoundError, like a missing one. */
  getContact(contactId: number, options?: RequestOptions): Promise<Person | Company>;
  /**
   * `GET contact/filter`: `await` it for one page, or `for await` it for every contact, page
   * after page as the loop asks. `pageSize` is 1–1000 (default 100).
   */
  listContacts(filter?: ContactListFilter, page?: PageOptions): PagedList<Person | Company>;
  /**
   * `GET contact/byprefix`: at most 30 contacts whose display name contains every word of
   * `text` (any case), sorted by name, each with its primary phone.
   */
  searchContacts(
    text: string,
    search?: ContactSearch,
    options?: RequestOptions,
  ): Promise<ContactWithPhone[]>;
  /**
   * `POST contact/person`. `shareType` is required (a portal's default shows the person to its
   * admins only), and `none` needs `managers`. Not retried after it may have been created.
   */
  createPerson(input: NewPerson, options?: RequestOptions): Promise<Person>;
  /**
   * `POST contact/company`. As `createPerson`; `personIds` are linked to it. With `none`, link
   * the persons afterwards with `addPersonToCompany` (the portal would fail after creating it).
   */
  createCompany(input: NewCompany, options?: RequestOptions): Promise<Company>;
  /** `POST contact/person/quick`: one person per name pair, each visible to you only. */
  createPeople(
    people: { firstName: string; lastName: string }[],
    options?: RequestOptions,
  ): Promise<ContactBase[]>;
  /** `POST contact/company/quick`: one company per name, each visible to you only. */
  createCompanies(names: string[], options?: RequestOptions): Promise<ContactBase[]>;
  /**
   * `PUT contact/person/{personid}`, a full replace on the portal: the client reads the person
   * first and sends back everything `changes` leaves out. Refused for a company, and for a person
   * with an industry, contact type or currency (the portal resets them) unless
   * `clearIndustryTypeAndCurrency` is true.
   */
  updatePerson(personId: number, changes: PersonChanges, options?: RequestOptions): Promise<Person>;
  /** `PUT contact/company/{companyid}`: as `updatePerson`, for a company. */
  updateCompany(
    companyId: number,
    changes: CompanyChanges,
    options?: RequestOptions,
  ): Promise<Company>;
  /**
   * `DELETE contact/{contactid}`: deletes the contact and every task and history event that names
   * it (also those of its deals and cases), its contact info, tags and links.
   */
  deleteContact(contactId: number, options?: RequestOptions): Promise<Person | Company>;
  /** `PUT contact` (a batch delete): those you may delete among `contactIds`; resolves to them. */
  deleteContacts(contactIds: number[], options?: RequestOptions): Promise<ContactBase[]>;
  /** `DELETE contact/filter`: every contact matching `filter`, which must not be empty. */
  deleteContactsWhere(filter: ContactWhere, options?: RequestOptions): Promise<ContactBase[]>;
  /**
   * `PUT contact/merge`: moves `fromId`'s tasks, history, deals, cases, tags and contact info to
   * `intoId` and deletes `fromId`. Both must be persons or both companies.
   */
  mergeContacts(
    fromId: number,
    intoId: number,
    options?: RequestOptions,
  ): Promise<Person | Company>;
  /**
   * `PUT contact/{contactid}/status`: `statusId` is a contact status's ID (`0` clears it; a
   * portal takes any list item's ID, so pass one of its contact statuses).
   */
  setContactStatus(
    contactId: number,
    statusId: number,
    options?: RequestOptions,
  ): Promise<Person | Company>;
  /**
   * `PUT contact/company/{companyid}/status`: the company's and its persons' status. Resolves to
   * the company as stored (the portal answers with its old status: the client reads it again).
   */
  setCompanyStatus(companyId: number, statusId: number, options?: RequestOptions): Promise<Company>;
  /** `PUT contact/person/{personid}/status`: the person's status, and its company's and their persons'. */
  setPersonStatus(personId: number, statusId: number, options?: RequestOptions): Promise<Person>;
  /** `GET contact/{contactid}/access`: the users who may see a private contact (`[]` when shared). */
  getContactAccess(contactId: number, options?: RequestOptions): Promise<Employee[]>;
  /**
   * `PUT contact/{contactid}/access`: `none` with managers, or `readWrite`. Resolves to the
   * contact read again (the portal answers its old sharing).
   */
  setContactAccess(
    contactId: number,
    access: ContactAccess,
    options?: RequestOptions,
  ): Promise<Person | Company>;
  /**
   * `PUT contact/access`: each contact in turn; the portal stops at the first it may not change,
   * the earlier ones changed. Resolves to the contacts read again.
   */
  setContactsAccess(
    contactIds: number[],
    access: ContactAccess,
    options?: RequestOptions,
  ): Promise<(Person | Company)[]>;
  /**
   * `PUT contact/filter/access`: every contact matching `filter` (not empty). The portal reads
   * `isPrivate` backwards: the client sends what makes `access` true.
   */
  setContactsAccessWhere(
    filter: ContactWhere,
    access: ContactAccess,
    options?: RequestOptions,
  ): Promise<(Person | Company)[]>;
  /** `GET contact/company/{companyid}/person`: the company's persons you may see. */
  listCompanyPeople(companyId: number, options?: RequestOptions): Promise<(Person | Company)[]>;
  /** `POST contact/company/{companyid}/person`: puts the person in the company; resolves to it as stored. */
  addPersonToCompany(
    companyId: number,
    personId: number,
    options?: RequestOptions,
  ): Promise<Person>;
  /** `DELETE contact/company/{companyid}/person`: refused when the person is not in that company. */
  removePersonFromCompany(
    companyId: number,
    personId: number,
    options?: RequestOptions,
  ): Promise<Person>;
  /** `PUT contact/{contactid}/creationdate`: when the contact was created (a migration helper). */
  setContactCreated(
    contactId: number,
    date: Date | string,
    options?: RequestOptions,
  ): Promise<void>;
  /** `PUT contact/{contactid}/lastmodifeddate`: when it was last changed (a migration helper). */
  setContactModified(
    contactId: number,
    date: Date | string,
    options?: RequestOptions,
  ): Promise<void>;
  /** `POST contact/{contactid}/opportunity/{opportunityid}`: makes the contact a member of the deal. */
  addContactDeal(contactId: number, dealId: number, options?: RequestOptions): Promise<Deal>;
  /** `DELETE contact/{contactid}/opportunity/{opportunityid}`: a deal's primary contact is a 403. */
  removeContactDeal(contactId: number, dealId: number, options?: RequestOptions): Promise<Deal>;
  /** `GET contact/mail`: the contacts you may see among `contactIds`, each with its primary email. */
  listContactEmails(contactIds: number[], options?: RequestOptions): Promise<ContactWithEmail[]>;
  /**
   * `PUT contact/{contactid}/changephotobyurl`: the portal downloads the photo (PNG or JPEG) from
   * `url`, which it must reach; resolves to the stored photo's URL.
   */
  setContactPhotoFromUrl(contactId: number, url: string, options?: RequestOptions): Promise<string>;
  /** `DELETE contact/{contactid}/avatar`: resolves to the default photo's URL. */
  deleteContactPhoto(contactId: number, options?: RequestOptions): Promise<string>;
  /** `GET contact/bycontactinfo`: contacts with an item of that type whose value contains `value`. */
  findContactsByInfo(
    query: ContactInfoQuery,
    options?: RequestOptions,
  ): Promise<(Person | Company)[]>;
  /**
   * `PUT contact/{contactid}/changephoto` (multipart): stores `image`, a PNG or JPEG `Blob` (at
   * most the portal's upload limit, 1 MiB by default; one without a type is typed by its first
   * bytes), as the contact's photo; resolves to the stored photo's URL.
   */
  setContactPhoto(contactId: number, image: Blob, options?: RequestOptions): Promise<string>;
  /**
   * `GET contact/project/{projectid}`: the contacts linked to a project that you may see (`[]`
   * for an unknown project).
   */
  listProjectContacts(projectId: number, options?: RequestOptions): Promise<(Person | Company)[]>;
  /**
   * `POST contact/project/{projectid}`: links the contacts to the project. Contacts unknown or
   * hidden from you are dropped by the portal: resolves to those it linked.
   */
  linkContactsToProject(
    projectId: number,
    contactIds: number[],
    options?: RequestOptions,
  ): Promise<(Person | Company)[]>;
  /** `POST contact/{contactid}/project/{projectid}`: needs the right to change the project (403). */
  linkContactToProject(
    contactId: number,
    projectId: number,
    options?: RequestOptions,
  ): Promise<Person | Company>;
  /**
   * `DELETE contact/{contactid}/project/{projectid}`: succeeds when there was no link; a project
   * you may not change is a 404.
   */
  unlinkContactFromProject(
    contactId: number,
    projectId: number,
    options?: RequestOptions,
  ): Promise<ContactBase>;
  /**
   * `GET contact/simple/filter`: as `listContacts` (the same filter), each contact in its quick
   * form with its open task of the smallest ID. Without `sortBy` it is by display name,
   * ascending. `await` it for one page, `for await` for every item.
   */
  listContactsWithTasks(filter?: ContactListFilter, page?: PageOptions): PagedList<ContactWithTask>;
  /**
   * `GET contact/simple/byEmail`: contacts whose name or an e-mail contains `text`, each once
   * (the portal repeats a contact per matching e-mail, each counting against `max`).
   */
  searchContactsByEmail(
    text: string,
    search: EmailSearch,
    options?: RequestOptions,
  ): Promise<ContactWithTask[]>;
  /**
   * `POST contact/mailsmtp/send`: starts the portal's one mass-mail job (its SMTP settings are
   * needed). Refused with more than 50 contacts (the portal drops the rest silently; the client
   * does not send in chunks, as the portal runs one job at a time), and while a job runs or
   * finished less than a minute ago (read first: the portal would drop this mail). Never
   * retried: a repeat mails everyone again.
   */
  sendContactsMail(mail: ContactsMail, options?: RequestOptions): Promise<MailProgress>;
  /** `POST contact/mailsmtp/preview`: `template` filled in for the contact; sends nothing. */
  previewContactsMail(
    template: string,
    contactId: number,
    options?: RequestOptions,
  ): Promise<string>;
  /** `GET contact/mailsmtp/status`: the mass-mail job, or `null` when there is none. */
  getContactsMailStatus(options?: RequestOptions): Promise<MailProgress | null>;
  /** `PUT contact/mailsmtp/cancel`: cancels the job; resolves to it as it was before, or `null`. */
  cancelContactsMail(options?: RequestOptions): Promise<MailProgress | null>;
}

const whole: Check<number> = (name, value) => checkWhole(name, value, 0);

const contactFilter: Shape = {
  name: "filter",
  fields: {
    type: [
      "contactListView",
      { person: "person", company: "company", withOpportunity: "withopportunity" },
    ],
    tags: ["tags", texts],
    statusId: ["contactStage", whole],
    contactTypeId: ["contactType", whole],
    responsibleId: ["responsibleid", userId],
    isShared: ["isShared", flag],
    createdFrom: ["fromDate", date],
    createdTo: ["toDate", dateUntil],
    search: ["filterValue", searchText],
    sortBy: [
      "sortBy",
      {
        displayName: "displayname",
        status: "contacttype",
        created: "created",
        firstName: "firstname",
        lastName: "lastname",
        history: "history",
        id: "id",
      },
    ],
    sortOrder: ["sortOrder", { asc: "ascending", desc: "descending" }],
  },
  // Without a sortBy a portal ignores sortOrder (newest first): name the default key.
  rule: (written) => void (written.sortOrder && (written.sortBy ??= "created")),
};

const SHARE_TYPES: Record<ShareTypeName, number> = { none: 0, readWrite: 1, read: 2 };

/** `none` without managers is seen by admins only; managers on a shared contact do nothing. */
function sharing(written: Wire): void {
  if (written.shareType === 0 && !written.managerList) {
    throw new RangeError(
      'shareType "none" needs a non-empty managers list: without one only the portal\'s admins could see the contact, you included',
    );
  }
  if (written.shareType !== 0 && written.managerList) {
    throw new RangeError(
      'managers apply only with shareType "none": the portal ignores them otherwise',
    );
  }
}

const customFields: Check = (name, value) =>
  customFieldList(name, value, "setContactField(contactId");

const shareFields: Fields = {
  shareType: ["shareType", SHARE_TYPES as unknown as Record<string, string>],
  managers: ["managerList", userIds],
};
const personFields: Fields = {
  firstName: ["firstName", text],
  lastName: ["lastName", anyText],
  jobTitle: ["jobTitle", anyText],
  companyId: ["companyId", id],
  about: ["about", anyText],
  ...shareFields,
  customFields: ["customFieldList", customFields],
};
const companyFields: Fields = {
  companyName: ["companyName", text],
  about: ["about", anyText],
  ...shareFields,
  customFields: ["customFieldList", customFields],
};
const clearing: Fields = { clearIndustryTypeAndCurrency: ["clear", flag] };

const newPerson: Shape = {
  name: "input",
  fields: personFields,
  required: ["firstName", "lastName", "shareType"],
  rule: (written) => {
    sharing(written);
    // The create answer leaves out a title and about not sent (null); "" is what a portal
    // stores for them anyway, and then the answer has them (CRMApi.Contacts.cs:735-764).
    written.jobTitle ??= "";
    written.about ??= "";
  },
};
const newCompany: Shape = {
  name: "input",
  fields: { ...companyFields, personIds: ["personList", ids] },
  required: ["companyName", "shareType"],
  rule: (written) => {
    sharing(written);
    written.about ??= ""; // as for a person: the answer then has it
    // The portal links the persons (a read check on the new company) before it applies the
    // managers: a non-admin gets a 404 after the company was created (CRMApi.Contacts.cs:992-1007).
    if (written.shareType === 0 && written.personList) {
      throw new RangeError(
        'personIds with shareType "none" fail after the company was created: create the company, then addPersonToCompany',
      );
    }
  },
};

/** The contact, read. */
const read = (contactId: number, call: Call) =>
  (call.crm as ContactMethods).getContact(contactId, call.options);

/** The company a person is put in must be a company: the portal takes a person's ID too. */
async function checkCompany(companyId: unknown, call: Call) {
  if (typeof companyId !== "number") return;
  const company = await read(companyId, call);
  if (!company.isCompany) {
    throw new RangeError(`companyId ${companyId} is a person, not a company`);
  }
}

/** Whether the contact has a contact type: answers never show it, the filter `contactType=0` does. */
async function hasContactType(contact: Person | Company, call: Call): Promise<boolean> {
  const others = (call.crm as ContactMethods).listContacts(
    {
      contactTypeId: 0,
      type: contact.isCompany ? "company" : "person",
      createdFrom: contact.created,
      createdTo: contact.created,
    },
    call.options,
  );
  for await (const other of others) if (other.id === contact.id) return false;
  return true;
}

/** The status each update must put back (the portal resets it), by the call's own options. */
const statusToRestore = new WeakMap<object, number>();

/** After an update: the status the portal reset, put back (`PUT contact/{id}/status`). */
async function restoreStatus(response: Person | Company, done: Done) {
  const statusId = statusToRestore.get(done.options);
  if (!statusId) return response;
  return (done.crm as ContactMethods).setContactStatus(response.id, statusId, done.options);
}

/**
 * `changes` over the contact as it is now: the portal's update is a full replace that clears
 * every field it is not sent and resets the industry, contact type and currency.
 */
function contactChanges(isCompany: boolean): ReadFirst {
  const kind = isCompany ? "company" : "person";
  const shape: Shape = {
    name: "changes",
    fields: { ...(isCompany ? companyFields : personFields), ...clearing },
  };
  return async (value, wire, call) => {
    const given = shaped(shape, value); // refused before anything is sent
    const { clear, ...changes } = given;
    const contactId = wire[isCompany ? "companyid" : "personid"] as number;
    const current = await read(contactId, call);
    if (current.isCompany !== isCompany) {
      throw new RangeError(
        `contact ${contactId} is a ${current.isCompany ? "company" : "person"}: use update${current.isCompany ? "Company" : "Person"} (the portal would damage it)`,
      );
    }
    if (!clear) {
      const lost = [
        current.industry && "industry",
        current.currency && "currency",
        (await hasContactType(current, call)) && "contact type",
      ].filter(Boolean);
      if (lost.length) {
        throw new RangeError(
          `${kind} ${contactId} has its ${lost.join(", ")} set, which the portal resets on every update, for good: pass clearIndustryTypeAndCurrency: true to update it anyway`,
        );
      }
    }
    if (!isCompany) await checkCompany(changes.companyId, call); // when given
    const kept: Wire = isCompany
      ? { companyName: (current as Company).companyName, about: current.about }
      : {
          firstName: (current as Person).firstName,
          lastName: (current as Person).lastName,
          jobTitle: (current as Person).title,
          about: current.about,
          ...((current as Person).company && { companyId: (current as Person).company!.id }),
        };
    const shareType = changes.shareType ?? current.shareType;
    // The portal keeps the access list when none is sent; send it back so the rule holds.
    const managers =
      changes.managerList ??
      (shareType === 0 && current.shareType === 0 && current.accessList?.length
        ? current.accessList.map((user) => user.id)
        : undefined);
    Object.assign(wire, kept, changes, { shareType }, managers && { managerList: managers });
    // Created without one is fine, but an update without a last name is a 400 (CRMApi.Contacts.cs:909).
    if (!isCompany && !wire.lastName) {
      throw new RangeError(
        `changes.lastName must not be empty: the portal refuses to update a person without one`,
      );
    }
    sharing(wire);
    if (current.contactStatus) statusToRestore.set(call.options, current.contactStatus.id);
  };
}

const whereFields: Fields = {
  type: [
    "contactListView",
    { person: "person", company: "company", withOpportunity: "withopportunity" },
  ],
  tags: ["tags", texts],
  statusId: ["contactStage", whole],
  contactTypeId: ["contactType", whole],
  createdFrom: ["fromDate", date],
  createdTo: ["toDate", dateUntil],
  search: ["filterValue", searchText],
};
/** A filter that acts on every contact it matches: an empty one would match them all. */
const contactWhere: Shape = {
  name: "filter",
  fields: whereFields,
  rule: (written) => {
    if (!Object.keys(written).length) {
      throw new RangeError(
        "filter is empty: the portal would act on every contact you may reach. Give at least one of " +
          `${Object.keys(whereFields).join(", ")}`,
      );
    }
  },
};

// The portal skips a pair with an empty first or last name silently (CRMApi.Contacts.cs:1108).
const people: Check = (name, value) =>
  list(name, value, (item, person) => {
    const fields: Fields = { firstName: ["key", text], lastName: ["value", text] };
    return shaped({ name: item, fields, required: ["firstName", "lastName"] }, person);
  });

/** Both contacts are read first: a merge across kinds or into itself is refused. */
const mergeInto: ReadFirst = async (value, wire, call) => {
  const into = id("intoId", value);
  const from = wire.fromcontactid as number;
  if (from === into) {
    throw new RangeError("fromId and intoId are the same contact: nothing to merge");
  }
  const [a, b] = await Promise.all([read(from, call), read(into, call)]);
  if (a.isCompany !== b.isCompany) {
    throw new RangeError(
      `cannot merge a ${a.isCompany ? "company" : "person"} into a ${b.isCompany ? "company" : "person"}: the portal would mix their links`,
    );
  }
  wire.tocontactid = into;
};

/** `ContactAccess` → `isShared` + `managerList`, refusing what would lock everyone out. */
const accessShape: Shape = {
  name: "access",
  fields: {
    shareType: ["isShared", { none: false, readWrite: true }],
    managers: ["managerList", userIds],
  },
  required: ["shareType"],
  rule: (written) => {
    sharing({ shareType: written.isShared ? 1 : 0, managerList: written.managerList });
  },
};
/** The same for `PUT contact/filter/access`, whose `isPrivate` the portal reads as `isShared`. */
const invertedAccess: Shape = {
  ...accessShape,
  rule: (written) => {
    accessShape.rule!(written);
    // CRMApi.Contacts.cs:1536 passes isPrivate into the isShared slot of :1422.
    written.isPrivate = written.isShared;
    delete written.isShared;
  },
};

/** The company's ID, read first: the portal takes a person's ID as a company (:653-667). */
const companyOf: ReadFirst = async (value, wire, call) => {
  wire.companyid = id("companyId", value);
  await checkCompany(wire.companyid, call);
};

/** The person, read first: the portal takes it out of every company, this one or not (:683-697). */
const memberOf: ReadFirst = async (value, wire, call) => {
  const personId = id("personId", value);
  const person = await read(personId, call);
  if (person.isCompany || person.company?.id !== wire.companyid) {
    throw new RangeError(
      `contact ${personId} is not a person of company ${String(wire.companyid)}: the portal would take it out of ${person.isCompany ? "nothing and fail" : "its own company"}`,
    );
  }
  wire.personid = personId;
};

/** A date the portal must be sent: without one it writes 0001-01-01. */
const requiredDate: Check<string> = (name, value) => {
  if (value === undefined) {
    throw new TypeError(`${name} is required: without one the portal writes the year 1`);
  }
  return date(name, value);
};

/** The contacts an access route answered, read again: the portal answers their old sharing. */
const readAgain = (contacts: (Person | Company)[], done: Done) =>
  Promise.all(contacts.map((c) => read(c.id, done)));
/** One contact read again (the portal answers it as it was before the change). */
const reread = (contact: Person | Company, done: Done) => read(contact.id, done);

/** The query's type and category as the portal's numbers (each type numbers its own categories). */
const infoQuery: Shape = {
  name: "query",
  fields: {
    type: ["infoType", typeNumber],
    value: ["data", anyText],
    category: ["category", anyText],
    isPrimary: ["isPrimary", flag],
  },
  rule: (written) => {
    const type = (written.infoType ??= typeNumber("query.type", undefined)) as number;
    if (written.category !== undefined) {
      written.category = categoryNumber("query.category", type, written.category);
    }
  },
};

/** An http(s) URL: the portal fetches any scheme .NET knows, `file:` included. */
const webUrl: Check<string> = (name, value) => {
  let parsed: URL | undefined;
  text(name, value); // outside the try: a number is a TypeError, not "must be a URL"
  try {
    parsed = new URL(value as string);
  } catch {}
  if (!parsed || !/^https?:$/.test(parsed.protocol)) {
    throw new RangeError(`${name} must be an http or https URL the portal can download`);
  }
  return value as string;
};

/** `listContacts`' filter; without a sortBy this route sorts by display name (:462-465). */
const simpleFilter: Shape = {
  ...contactFilter,
  rule: (written) => void (written.sortOrder && (written.sortBy ??= "displayname")),
};

/** The portal mails the first 50 (`crm.mailsender.quotas`, MailSender.cs:518, :563). */
const recipients: Check<number[]> = (name, value) => {
  const checked = ids(name, value);
  if (checked.length > 50) {
    throw new RangeError(
      `${name} has ${checked.length} contacts: the portal mails the first 50 and drops the rest. ` +
        `Send at most 50, the next when getContactsMailStatus() resolves to null`,
    );
  }
  return checked;
};
const mailShape: Shape = {
  name: "mail",
  fields: {
    contactIds: ["contactIds", recipients],
    subject: ["subject", text],
    body: ["body", text],
    fileIds: ["fileIDs", ids],
    storeInHistory: ["storeInHistory", flag],
  },
  required: ["contactIds", "subject", "body"],
};
/** The mail checked, then the portal's job read: while one is known, a send is dropped (:539-546). */
const mail: ReadFirst = async (value, wire, call) => {
  Object.assign(wire, shaped(mailShape, value));
  const job = await (call.crm as ContactMethods).getContactsMailStatus(call.options);
  if (job) {
    throw new RangeError(
      `a mass-mail job ${job.isCompleted ? "finished less than a minute ago" : "is running"}: ` +
        "the portal would drop this mail. Send when getContactsMailStatus() resolves to null",
    );
  }
};

/** A mail job's progress, or `null` for the portal's `{}` (no job). */
const progressOrNull = (progress: Partial<MailProgress>) =>
  progress.id === undefined ? null : (progress as MailProgress);

/** `max` is required: the portal's default 0 finds nothing (Dao/ContactDao.cs:357-358). */
const emailSearch: Shape = {
  name: "search",
  fields: { max: ["maxCount", id] },
  rule: (written) => {
    if (written.maxCount === undefined) {
      throw new TypeError(
        "search.max is required (at least 1): without it the portal answers [] whatever matches",
      );
    }
  },
};

/**
 * A photo the portal stores: a non-empty PNG or JPEG (others are a 403 or a 500, :804-812). A
 * Blob without a type (`fs.openAsBlob`, a file read by the CLI) is typed by its first bytes, as
 * the portal needs an `image/` part.
 */
const photo: ReadFirst = async (value, wire) => {
  if (!(value instanceof Blob)) throw wrongType("image", "a Blob or a File", value);
  if (!value.size) throw new RangeError("image is empty: the portal would answer 403");
  let type = value.type;
  if (!type) {
    // The first bytes of a PNG (\x89PNG) or of a JPEG (\xff\xd8\xff).
    const head = String.fromCharCode(...new Uint8Array(await value.slice(0, 4).arrayBuffer()));
    type = /^\x89PNG/.test(head) ? "image/png" : /^\xff\xd8\xff/.test(head) ? "image/jpeg" : "";
  }
  if (!/^image\/(png|jpeg)$/.test(type)) {
    throw new RangeError(
      `image must be a PNG or JPEG, got ${JSON.stringify(type || "bytes of neither")}: the portal stores no other`,
    );
  }
  const name = (value as File).name ?? `photo.${type === "image/png" ? "png" : "jpg"}`;
  wire.photo = value.type === type ? value : new File([value], name, { type });
};

export const contactLines = {
  getContact: [contactId],
  listContacts: [contactFilter],
  searchContacts: [
    ["text", "prefix", text],
    {
      name: "search",
      fields: { type: ["searchType", { any: "-1", person: "1", company: "0" }] },
      // A portal's default searchType is 0, companies only: send -1 (any) unless told otherwise.
      rule: (written) => void (written.searchType ??= "-1"),
    },
  ],
  createPerson: [
    async (value, wire, call) => {
      Object.assign(wire, shaped(newPerson, value));
      await checkCompany(wire.companyId, call);
    },
  ],
  createCompany: [newCompany],
  createPeople: [["people", "data", people]],
  createCompanies: [["names", "companyName", texts]],
  updatePerson: [["personId", "personid", id], contactChanges(false)],
  updateCompany: [["companyId", "companyid", id], contactChanges(true)],
  deleteContact: [contactId],
  deleteContacts: [["contactIds", "contactids", ids]],
  deleteContactsWhere: [contactWhere],
  mergeContacts: [["fromId", "fromcontactid", id], mergeInto],
  setContactStatus: [contactId, ["statusId", "contactStatusid", whole]],
  setCompanyStatus: [
    ["companyId", "companyid", id],
    ["statusId", "contactStatusid", whole],
  ],
  setPersonStatus: [
    ["personId", "personid", id],
    ["statusId", "contactStatusid", whole],
  ],
  getContactAccess: [contactId],
  setContactAccess: [contactId, accessShape],
  setContactsAccess: [["contactIds", "contactid", ids], accessShape],
  setContactsAccessWhere: [contactWhere, invertedAccess],
  listCompanyPeople: [["companyId", "companyid", id]],
  addPersonToCompany: [companyOf, ["personId", "personid", id]],
  removePersonFromCompany: [["companyId", "companyid", id], memberOf],
  setContactCreated: [contactId, ["date", "creationDate", requiredDate]],
  setContactModified: [contactId, ["date", "lastModifedDate", requiredDate]],
  addContactDeal: [contactId, ["dealId", "opportunityid", id]],
  removeContactDeal: [contactId, ["dealId", "opportunityid", id]],
  listContactEmails: [["contactIds", "contactids", ids]],
  findContactsByInfo: [infoQuery],
  setContactPhotoFromUrl: [contactId, ["url", "photourl", webUrl]],
  deleteContactPhoto: [contactId],
  setContactPhoto: [contactId, photo],
  listProjectContacts: [["projectId", "projectid", id]],
  linkContactsToProject: [
    ["projectId", "projectid", id],
    ["contactIds", "contactid", ids],
  ],
  linkContactToProject: [contactId, ["projectId", "projectid", id]],
  unlinkContactFromProject: [contactId, ["projectId", "projectid", id]],
  listContactsWithTasks: [simpleFilter],
  searchContactsByEmail: [["text", "term", text], emailSearch],
  sendContactsMail: [mail],
  previewContactsMail: [
    ["template", "template", text],
    ["contactId", "contactId", id],
  ],
  getContactsMailStatus: [],
  cancelContactsMail: [],
} satisfies LinesFor<typeof contactsOperations, ContactMethods>;

/** Persons and companies: pass it to `createCrmClientFor`. */
export const contacts: Area<ContactMethods> = {
  operations: contactsOperations,
  lines: contactLines,
  hooks,
  after: {
    updatePerson: restoreStatus,
    updateCompany: restoreStatus,
    // The portal answers the company object it read before the change (CRMApi.Contacts.cs:1284).
    setCompanyStatus: reread,
    setContactAccess: reread,
    setContactsAccess: readAgain,
    setContactsAccessWhere: readAgain,
    // The person as it was before the change: read it again (:653-697).
    addPersonToCompany: reread,
    removePersonFromCompany: reread,
    // The portal answers `{}`.
    setContactCreated: () => undefined,
    setContactModified: () => undefined,
    // One row per matching e-mail (Dao/ContactDao.cs:360-371): each contact once.
    searchContactsByEmail: (found: ContactWithTask[]) =>
      found.filter((item, i) => found.findIndex((o) => o.contact.id === item.contact.id) === i),
    sendContactsMail: (progress: Partial<MailProgress>) => {
      // `{}`: MailSender.Start returned null and nothing was queued (MailSender.cs:555-558).
      const job = progressOrNull(progress);
      if (!job)
        throw new Error("The portal started no mail job (it answered {}): nothing was sent");
      return job;
    },
    getContactsMailStatus: progressOrNull,
    cancelContactsMail: progressOrNull,
  },
  form: formData, // setContactPhoto
};
