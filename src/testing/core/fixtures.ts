// Seed data for the fake portal, shaped exactly as a portal sends it: camelCase, integer enums,
// a private case with its access list, contacts whose privacy agrees with their sharing, photo
// URLs as the portal's handler URLs, a heading custom field with no value, a user without a title.
import type { components } from "../../../generated/schema";
import type { EventRow, ListItemRow, PortalState, TaskRow } from "./state";
import { seedFiles } from "../parts/files";

type Case = components["schemas"]["Case"];
type Contact = components["schemas"]["Contact"];
type Employee = components["schemas"]["Employee"];
type Person = components["schemas"]["Person"];
type Company = components["schemas"]["Company"];
type CustomField = components["schemas"]["CustomField"];
type ContactInfo = components["schemas"]["ContactInfo"];

const avatar = "/skins/default/images/default_user_photo_size_32-32.png";
const profile = (user: string) =>
  `https://portal.example.com/Products/People/Profile.aspx?user=${user}`;

/** The portal user the fake portal's token belongs to (not an admin). */
export const CURRENT_USER: Employee = {
  id: "9a4f1d2e-6b3c-4e8a-9f10-2c7d5b8e1a34",
  displayName: "Anna O&#39;Brien",
  title: "Support lead",
  avatarSmall: avatar,
  profileUrl: profile("anna.obrien"),
};

/** A user with no job title: the portal leaves `title` out. */
export const USER_WITHOUT_TITLE: Employee = {
  id: "0b1c2d3e-4f50-4617-8899-aabbccddeeff",
  displayName: "Carl Night",
  avatarSmall: avatar,
  profileUrl: profile("carl.night"),
};

/** A third portal user, for access lists. */
export const THIRD_USER: Employee = {
  id: "5e6f7a8b-9c0d-4e1f-a2b3-c4d5e6f7a8b9",
  displayName: "Mia Svensson",
  title: "Field engineer",
  avatarSmall: avatar,
  profileUrl: profile("mia.svensson"),
};

/** The portal's users, by whom access lists are resolved. */
export function seedUsers(): Employee[] {
  return [CURRENT_USER, USER_WITHOUT_TITLE, THIRD_USER].map((user) => ({ ...user }));
}

/** A contact photo: the portal's root-relative handler URL (`Wrappers/ContactWrapper.cs:412-413`). */
export const photoUrl = (id: number, isCompany: boolean, size: 1 | 2) =>
  `/Products/CRM/HttpHandlers/filehandler.ashx?action=contactphotoulr&cid=${id}&isc=${isCompany ? "True" : "False"}&ps=${size}`;

const euro = {
  title: "Euro",
  symbol: "€",
  abbreviation: "EUR",
  cultureName: "de-DE",
  isConvertable: true,
  isBasic: true,
};

/**
 * A phone (infoType 0) or an email (1), Work by default: category 1 is Work for both, 2 a Mobile
 * phone (CRM/Core/Enums/ContactInfoCategoryEnum.cs, CRM/Core/Entities/ContactInfo.cs:57-68).
 */
const info = (
  id: number,
  infoType: 0 | 1,
  data: string,
  isPrimary = true,
  category: 1 | 2 = 1,
): ContactInfo => ({
  id,
  infoType,
  category,
  data,
  categoryName: category === 1 ? "Work" : "Mobile",
  isPrimary,
});

/** The fields of a contact's short form (`ContactBaseWrapper`), with privacy as sharing says. */
function base(
  id: number,
  displayName: string,
  isCompany: boolean,
  shareType: 0 | 1 | 2,
  accessList: Employee[] = [],
): Contact {
  return {
    id,
    displayName,
    isCompany,
    // isPrivate ⇔ shareType == None ⇔ !isShared (CRMSecutiry.cs:519-522, ContactWrapper.cs:395-417)
    isPrivate: shareType === 0,
    isShared: shareType !== 0,
    shareType,
    currency: isCompany ? { ...euro } : null,
    canEdit: true,
    canDelete: true,
    smallFotoUrl: photoUrl(id, isCompany, 1),
    mediumFotoUrl: photoUrl(id, isCompany, 2),
    ...(shareType === 0 && { accessList: accessList.map((user) => ({ ...user })) }),
  };
}

const details = (created: string, commonData: ContactInfo[]) => ({
  createBy: { ...CURRENT_USER },
  created,
  about: "",
  industry: "",
  addresses: [],
  commonData,
  customFields: [],
  haveLateTasks: false,
});

/**
 * Fresh copies of the seeded contacts, in their single form, oldest first: companies 7 (Contoso
 * Ltd: a primary phone and a second one that is not) and 9 (Fabrikam Inc); persons 8 (Ben Weber,
 * private to the current user; his only phone is not primary), 10 (Dana Scully, at Fabrikam) and
 * 11 (Eve Adams, private to someone else, so hidden from the current user; an email, no phone).
 */
export function seedContacts(): (Person | Company)[] {
  const company = (
    id: number,
    name: string,
    created: string,
    commonData: ContactInfo[],
    personsCount = 0,
  ): Company => ({
    ...base(id, name, true, 1),
    ...details(created, commonData),
    isCompany: true,
    companyName: name,
    ...(personsCount > 0 && { personsCount }),
  });
  const person = (
    id: number,
    first: string,
    last: string,
    shareType: 0 | 1 | 2,
    created: string,
    commonData: ContactInfo[],
    extra: Partial<Person> = {},
    accessList?: Employee[],
  ): Person => ({
    ...base(id, `${first} ${last}`, false, shareType, accessList),
    ...details(created, commonData),
    isCompany: false,
    firstName: first,
    lastName: last,
    title: "",
    ...extra,
  });
  const fabrikam = company(
    9,
    "Fabrikam Inc",
    "2023-06-15T10:00:00.0000000+03:00",
    [info(90, 0, "+1 425 555 0100"), info(91, 1, "office@fabrikam.example")],
    1,
  );
  return [
    company(7, "Contoso Ltd", "2023-06-01T09:00:00.0000000+03:00", [
      info(70, 0, "+49 30 1234567"),
      info(71, 1, "support@contoso.example"),
      info(72, 0, "+49 171 5550107", false, 2),
    ]),
    person(
      8,
      "Ben",
      "Weber",
      0,
      "2023-09-14T11:30:00.0000000+03:00",
      [info(80, 0, "+49 170 5550108", false, 2), info(81, 1, "ben.weber@contoso.example")],
      {},
      [CURRENT_USER],
    ),
    fabrikam,
    person(
      10,
      "Dana",
      "Scully",
      1,
      "2023-10-02T16:45:00.0000000+03:00",
      [info(100, 0, "+1 425 555 0142"), info(101, 1, "dana@fabrikam.example")],
      {
        title: "IT manager",
        company: base(9, "Fabrikam Inc", true, 1),
      },
    ),
    person(
      11,
      "Eve",
      "Adams",
      0,
      "2024-01-10T08:05:00.0000000+03:00",
      [info(110, 1, "eve@example.org")],
      {},
      [USER_WITHOUT_TITLE],
    ),
  ];
}

/** The case custom fields (`GET case/customfield/definitions`): id, label, type, mask, position. */
export function seedCaseFields(): Omit<CustomField, "entityId" | "fieldValue">[] {
  return [
    { id: 3, label: "Due", fieldType: 5, position: 0, mask: "" },
    { id: 4, label: "On site", fieldType: 3, position: 1, mask: "" },
    { id: 6, label: "Details", fieldType: 4, position: 2, mask: "" },
    { id: 5, label: "Priority", fieldType: 2, position: 3, mask: '["Low","Normal","High"]' },
  ];
}

/** The short form of a seeded contact, as a case's `members` lists it. */
function member(contact: Person | Company): Contact {
  return base(
    contact.id,
    contact.displayName,
    contact.isCompany,
    contact.shareType as 0 | 1 | 2,
    contact.accessList ?? [],
  );
}

/**
 * Fresh copies of the seeded cases, in their single form (a heading field comes with
 * `entityId: 0` and `fieldValue: ""`, `CustomFieldDao.cs:402-436`): 42 closed and private, 7 open
 * and public, 99 private to someone else, 12 and 13 about printers.
 */
export function seedCases(): Case[] {
  const [contoso, ben, , dana] = seedContacts() as [Company, Person, Company, Person];
  const heading: CustomField = {
    id: 6,
    entityId: 0,
    label: "Details",
    fieldValue: "",
    fieldType: 4,
    position: 2,
    mask: "",
  };
  return [
    {
      id: 42,
      title: "Printer on floor 3 jams again",
      created: "2024-03-05T14:07:31.0000000+03:00",
      createBy: { ...CURRENT_USER },
      isClosed: true,
      isPrivate: true,
      canEdit: true,
      members: [member(contoso), member(ben)],
      customFields: [
        {
          id: 3,
          entityId: 42,
          label: "Due",
          fieldValue: "2024-03-12T00:00:00.0000000+03:00",
          fieldType: 5,
          position: 0,
          mask: "",
        },
        {
          id: 4,
          entityId: 42,
          label: "On site",
          fieldValue: "true",
          fieldType: 3,
          position: 1,
          mask: "",
        },
        heading,
      ],
      accessList: [{ ...CURRENT_USER }, { ...USER_WITHOUT_TITLE }],
    },
    {
      id: 7,
      title: "Onboarding call for Fabrikam",
      created: "2023-11-20T09:15:00.0000000Z",
      createBy: { ...USER_WITHOUT_TITLE },
      isClosed: false,
      isPrivate: false,
      canEdit: true,
      members: [],
      customFields: [{ ...heading }],
    },
    {
      id: 99,
      title: "Salary review",
      created: "2024-01-02T08:00:00.0000000+03:00",
      createBy: { ...USER_WITHOUT_TITLE },
      isClosed: true,
      isPrivate: true,
      canEdit: true,
      members: [],
      customFields: [{ ...heading }],
      accessList: [{ ...USER_WITHOUT_TITLE }],
    },
    {
      id: 12,
      title: "Printer toner order",
      created: "2024-02-01T10:00:00.0000000+03:00",
      createBy: { ...USER_WITHOUT_TITLE },
      isClosed: false,
      isPrivate: false,
      canEdit: true,
      members: [member(dana)],
      customFields: [{ ...heading }],
    },
    {
      id: 13,
      title: "Printer on floor 5 offline",
      created: "2024-04-10T08:20:00.0000000+03:00",
      createBy: { ...CURRENT_USER },
      isClosed: true,
      isPrivate: false,
      canEdit: true,
      members: [member(dana)],
      customFields: [{ ...heading }],
    },
  ];
}

/**
 * The portal's default task categories (list 2, IDs 1-12, each with its icon, in the order a new
 * portal creates them: CRM/Configuration/ProductEntryPoint.cs:128-139) and history categories
 * (list 3, IDs 20-23: :234-237), after the contact statuses and types took 13-19. The history
 * list was reordered once, which numbers from 0 (ListItemDao.cs:524-535); new items count from 1.
 */
export function seedListItems(): ListItemRow[] {
  const item = (id: number, listType: number, title: string, icon: string, sortOrder: number) => ({
    id,
    listType,
    title,
    description: "",
    color: "",
    sortOrder,
    icon,
  });
  const tasks = [
    ["Phone call", "call"],
    ["Opportunity", "deal"],
    ["Demo", "demo"],
    ["Email", "email"],
    ["Fax", "fax"],
    ["Execution control", "follow_up"],
    ["Lunch", "lunch"],
    ["Appointment", "meeting"],
    ["Note", "note"],
    ["Delivery", "ship"],
    ["Social networks", "social_networks"],
    ["Expression of gratitude", "thank_you"],
  ].map(([title, icon], i) => item(i + 1, 2, title!, `task_category_${icon}.png`, i + 1));
  const history = [
    ["Note", "note"],
    ["Email", "email"],
    ["Phone call", "call"],
    ["Appointment", "meeting"],
  ].map(([title, icon], i) => item(i + 20, 3, title!, `event_category_${icon}.png`, i));
  return [...tasks, ...history];
}

/**
 * History events: 201-203 on case 42 (202 also about Contoso, 7), 204 on case 7, 205 on the
 * hidden case 99, and 206 about Ben Weber (8) only, so its `entity` is `null`.
 */
export function seedHistory(): EventRow[] {
  const anna = CURRENT_USER.id;
  const carl = USER_WITHOUT_TITLE.id;
  const row = (
    id: number,
    entityId: number,
    contactId: number,
    categoryId: number,
    created: string,
    createBy: string,
    content: string,
  ): EventRow => ({
    id,
    contactId,
    entityType: entityId ? "case" : "",
    entityId,
    content,
    categoryId,
    created,
    createBy,
  });
  return [
    row(
      201,
      42,
      0,
      20,
      "2024-03-05T15:00:00.0000000+03:00",
      carl,
      "Jams on every second print job.",
    ),
    row(
      202,
      42,
      7,
      22,
      "2024-03-06T16:05:00.0000000+03:00",
      carl,
      "Called Contoso about a maintenance window.",
    ),
    row(
      203,
      42,
      0,
      20,
      "2024-03-07T09:30:00.0000000+03:00",
      anna,
      "Replaced the fuser unit; jams stopped.",
    ),
    row(204, 7, 0, 21, "2023-11-21T10:00:00.0000000Z", carl, "Sent the onboarding agenda."),
    row(205, 99, 0, 20, "2024-01-03T09:00:00.0000000+03:00", carl, "Review scheduled."),
    row(206, 0, 8, 22, "2024-02-20T11:00:00.0000000+03:00", anna, "Ben asked for a call back."),
  ];
}

/**
 * Tasks: 301 (open, with Contoso and a reminder) and 302 (closed) on case 42; 303 on case 7 and
 * 305 on nothing, both Carl's (so not editable by the current user); 304 on the hidden case 99;
 * 306 the current user's, about Eve Adams (11), whom the current user may not see.
 */
export function seedTasks(): TaskRow[] {
  const anna = CURRENT_USER.id;
  const carl = USER_WITHOUT_TITLE.id;
  const row = (
    id: number,
    title: string,
    deadline: string,
    categoryId: number,
    responsibleId: string,
    createBy: string,
    entityId: number,
    more: Partial<TaskRow> = {},
  ): TaskRow => ({
    id,
    title,
    description: "",
    deadline,
    responsibleId,
    categoryId,
    contactId: 0,
    entityType: entityId ? "case" : "",
    entityId,
    isClosed: false,
    alertValue: 0,
    created: "2024-03-05T15:10:00.0000000+03:00",
    createBy,
    ...more,
  });
  return [
    row(301, "Agree a maintenance window", "2024-03-08T12:00:00.0000000+03:00", 1, anna, anna, 42, {
      contactId: 7,
      alertValue: 30,
      description: "Ask for two hours on a Friday.",
    }),
    row(
      302,
      "Replace the fuser unit",
      "2024-03-07T18:00:00.0000000+03:00",
      6,
      THIRD_USER.id,
      anna,
      42,
      {
        isClosed: true,
      },
    ),
    row(303, "Send the onboarding agenda", "2023-11-24T17:00:00.0000000Z", 4, carl, carl, 7),
    row(304, "Prepare the salary figures", "2024-01-10T12:00:00.0000000+03:00", 9, carl, carl, 99),
    row(305, "Renew the toner contract", "2024-04-30T12:00:00.0000000+03:00", 2, carl, carl, 0),
    row(306, "Thank Eve for the referral", "2024-03-20T10:00:00.0000000+03:00", 12, anna, anna, 0, {
      contactId: 11,
    }),
  ];
}

/** Puts the seeded lists, events and tasks into `state`, only those whose case it holds. */
export function seedActivity(state: PortalState): void {
  for (const item of seedListItems()) state.listItems.set(item.id, item);
  const kept = (row: { entityType: string; entityId: number }) =>
    row.entityType !== "case" || state.cases.has(row.entityId);
  for (const row of seedHistory()) if (kept(row)) state.events.set(row.id, row);
  for (const row of seedTasks()) if (kept(row)) state.tasks.set(row.id, row);
  seedFiles(state);
}
