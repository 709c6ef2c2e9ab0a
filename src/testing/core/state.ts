// What the fake portal holds, shared by every route: cases and contacts in their single wire
// form, tags, users, and the access rules a portal applies (CRM/Core/Security/CRMSecutiry.cs).
import type { components } from "../../../generated/schema";
import { CURRENT_USER } from "./fixtures";
import type { VoipState } from "../parts/voip";

type Case = components["schemas"]["Case"];
type Contact = components["schemas"]["Contact"];
type Employee = components["schemas"]["Employee"];
type Person = components["schemas"]["Person"];
type Company = components["schemas"]["Company"];
type CustomField = components["schemas"]["CustomField"];

export type FullContact = Person | Company;
export type FieldDefinition = Omit<CustomField, "entityId" | "fieldValue">;

/** What an event or a task belongs to besides a contact: `""` is the portal's `EntityType.Any`. */
export type EntityKind = "" | "case" | "opportunity";

/** A history event as `crm_relationship_event` holds it (CRM/Core/Dao/RelationshipEventDao.cs:550-564). */
export interface EventRow {
  id: number;
  /** 0: none. */
  contactId: number;
  entityType: EntityKind;
  /** 0: none. */
  entityId: number;
  content: string;
  categoryId: number;
  /** An ApiDateTime. */
  created: string;
  /** A user ID. */
  createBy: string;
}

/** A task as `crm_task` holds it (CRM/Core/Dao/TaskDao.cs:982-1000). */
export interface TaskRow {
  id: number;
  title: string;
  /** `null` when none was sent (the database then reads back `""`). */
  description: string | null;
  /** An ApiDateTime. */
  deadline: string;
  /** A user ID; the empty GUID for nobody. */
  responsibleId: string;
  categoryId: number;
  contactId: number;
  entityType: EntityKind;
  entityId: number;
  isClosed: boolean;
  /** Minutes before the deadline; 0 for none. */
  alertValue: number;
  created: string;
  createBy: string;
}

/** A `crm_list_item` row: task categories are list 2, history categories list 3 (CRM/Core/Enums/ListTypeEnum.cs). */
export interface ListItemRow {
  id: number;
  listType: number;
  title: string;
  description: string;
  color: string;
  sortOrder: number;
  /** The icon's file name (`additional_params`); `""` for none. */
  icon: string;
}

/** A deal as `crm_deal` and its links hold it (CRM/Core/Dao/DealDao.cs). */
export interface DealRow {
  id: number;
  title: string;
  /** `null` when none was sent (the database then reads back `""`). */
  description: string | null;
  responsibleId: string;
  stageId: number;
  /** The primary contact; 0 for none. */
  contactId: number;
  /** `crm_entity_contact`: the members. */
  members: number[];
  bidType: number;
  bidValue: number;
  /** An ISO code, upper-case; `null` for none. */
  bidCurrency: string | null;
  perPeriodValue: number;
  probability: number;
  /** ApiDateTime strings; `null` for the portal's no date. */
  actualCloseDate: string | null;
  expectedCloseDate: string | null;
  created: string;
  createBy: string;
  /** The access list of a private deal; `null` when public. */
  accessList: string[] | null;
  /** Custom field values by field ID. */
  fields: Map<number, string>;
}

/** A deal stage as `crm_deal_milestone` holds it (CRM/Core/Dao/DealMilestoneDao.cs). */
export interface StageRow {
  id: number;
  title: string;
  description: string;
  color: string;
  sortOrder: number;
  probability: number;
  /** 0 Open, 1 ClosedAndWon, 2 ClosedAndLost. */
  status: number;
}

/** A Documents file as the fake keeps it. */
export interface FileRow {
  id: number;
  title: string;
  folderId: number;
  content: string;
  created: string;
  createBy: string;
}

/** A `crm_task_template_container` row; `entityType` is the enum's name (`Opportunity`). */
export interface TemplateContainerRow {
  id: number;
  title: string;
  entityType: string;
}

/** A `crm_task_template` row (CRM/Core/Dao/TaskTemplateContainerDao.cs). */
export interface TaskTemplateRow {
  id: number;
  containerId: number;
  title: string;
  /** `null` when none was sent. */
  description: string | null;
  responsibleId: string;
  categoryId: number;
  isNotify: boolean;
  offsetTicks: number;
  deadLineIsFixed: boolean;
}

/** The portal's lost user (`Constants.LostUser`). */
export const LOST_USER_ID = "4a515a15-d4d6-4b8e-828e-e0586f18f3a3";

export class PortalState {
  /** The user the token belongs to (not an admin). */
  readonly me: Employee = CURRENT_USER;
  private lastId: number;
  /** Tags by entity, `"case:42"` → `["printer"]`, in the order they were added. */
  readonly tags = new Map<string, string[]>();
  /**
   * Every tag by entity type (`crm_tag`), `"case"` → `["printer"]`: a tag stays when its last
   * link goes, until an admin deletes the unused ones (CRM/Core/Dao/TagDao.cs:181-233).
   */
  readonly tagTitles = new Map<string, string[]>();
  /** What else goes when a case is deleted (its history, its tasks). */
  readonly caseDeleted: ((caseId: number) => void)[] = [];
  /** History events by ID. */
  readonly events = new Map<number, EventRow>();
  /** Tasks by ID. */
  readonly tasks = new Map<number, TaskRow>();
  /** Every list's items by ID, one table for all lists (CRM/Core/Dao/ListItemDao.cs). */
  readonly listItems = new Map<number, ListItemRow>();
  /** Each table's last ID: an ID is never given out twice, as with the database's auto-increment. */
  private readonly lastIds = new Map<object, number>();

  constructor(
    readonly cases: Map<number, Case>,
    readonly contacts: Map<number, FullContact>,
    readonly users: Employee[],
    readonly caseFields: FieldDefinition[],
    /** The portal's UTC offset, for the dates it writes. */
    readonly offsetMinutes: number,
  ) {
    this.lastId = Math.max(100, ...cases.keys(), ...contacts.keys());
    // A deleted case takes its events and tasks with it (CRM/Core/Dao/CasesDao.cs:258-259).
    this.caseDeleted.push((caseId) => {
      for (const table of [this.events, this.tasks]) {
        for (const [id, row] of table) {
          if (row.entityType === "case" && row.entityId === caseId) table.delete(id);
        }
      }
    });
  }

  /** A new ID for a row of `table` (its own sequence). */
  newId(table: Map<number, unknown>): number {
    const id = Math.max(this.lastIds.get(table) ?? 0, ...table.keys()) + 1;
    this.lastIds.set(table, id);
    return id;
  }

  nextId(): number {
    return ++this.lastId;
  }

  /** Now, as the portal writes it: its wall-clock time with its offset. */
  now(): string {
    return apiDateTime(new Date(), this.offsetMinutes);
  }

  /** An employee by ID; an unknown one shows as the portal's lost user. */
  user(id: string): Employee {
    const found = this.users.find((user) => user.id === id);
    return found
      ? { ...found }
      : {
          // `EmployeeWraper.Get` of an unknown ID is `Constants.LostUser`, with that user's own ID
          // (common/ASC.Core.Common/Users/Constants.cs:99-105).
          id: LOST_USER_ID,
          displayName: "Profile removed",
          avatarSmall: "/skins/default/images/default_user_photo_size_32-32.png",
          profileUrl: "",
        };
  }

  /** `CanAccessTo`: a public case, or one whose list has the user. */
  mayRead(c: Case): boolean {
    return !c.isPrivate || c.accessList?.some((user) => user.id === this.me.id) === true;
  }

  /** `CanEdit` = admin ∨ creator ∨ public ∨ on the list: for a non-admin, what they may read. */
  mayEdit(c: Case): boolean {
    return c.createBy.id === this.me.id || this.mayRead(c);
  }

  /** Only an admin or the creator may change a case's access. */
  mayShare(c: Case): boolean {
    return c.createBy.id === this.me.id;
  }

  maySeeContact(contact: Contact): boolean {
    return (
      !contact.isPrivate || contact.accessList?.some((user) => user.id === this.me.id) === true
    );
  }

  /** A contact the user may see, or undefined. */
  visibleContact(id: number): FullContact | undefined {
    const found = this.contacts.get(id);
    return found && this.maySeeContact(found) ? found : undefined;
  }

  tagsOf(entity: string): string[] {
    return this.tags.get(entity) ?? [];
  }

  /**
   * What else goes when a contact is deleted, for the parts that hold rows naming it (deals, …):
   * the Contacts part runs these (CRM/Core/Dao/ContactDao.cs:1474-1563).
   */
  readonly contactDeleted: ((contactId: number) => void)[] = [];
  /** What moves when a contact is merged into another (CRM/Core/Dao/ContactDao.cs:1594-1766). */
  readonly contactMerged: ((fromId: number, toId: number) => void)[] = [];
  /**
   * Each contact's address items (`infoType` 7) as rows, `data` the address as a JSON string; a
   * contact's `addresses` are read from them (ContactInfo part).
   */
  readonly addressRows = new Map<number, components["schemas"]["ContactInfo"][]>();
  /** Deals by ID (seeded by the deals part). */
  readonly deals = new Map<number, DealRow>();
  /** Deal stages by ID (seeded by the deals part). */
  readonly stages = new Map<number, StageRow>();
  /** The deal custom fields (`crm_field_description`, entity type Opportunity). */
  readonly dealFields: FieldDefinition[] = [];
  /** The contact custom fields (entity type Contact: persons' and companies' too). */
  readonly contactFields: FieldDefinition[] = [];
  /** Whether the token's user is a CRM administrator, for the admin-only routes. */
  admin = false;

  /** Documents files by ID: the CRM folder's and the user's own (src/testing/parts/files.ts). */
  readonly files = new Map<number, FileRow>();
  /** The file IDs attached to each event (`crm_relationship_event` → `files_link`). */
  readonly eventFiles = new Map<number, number[]>();
  /** The user's Documents setting "store original files", which `files/upload` overwrites. */
  storeOriginalFiles = true;
  /** When each task was last changed, where `PUT task/{id}/lastmodifeddate` set it (no wrapper shows it). */
  readonly taskModified = new Map<number, string>();
  /** Task template containers and templates by ID (src/testing/parts/task-templates.ts). */
  readonly templateContainers = new Map<number, TemplateContainerRow>();
  readonly taskTemplates = new Map<number, TaskTemplateRow>();
  /**
   * Reports: off (403, as for a user who is not an admin or a portal without a document builder)
   * unless the portal was started with `reports` (src/testing/parts/reports.ts).
   */
  reportBuilder: { runMs: number; fail?: string } | undefined;
  /** The user's one report job (`<tenant>_<user>_0`) and when it is done. */
  reportJob: { state: Record<string, unknown>; readyAt: number; fail?: string } | undefined;
  /** The user's report files (IDs in `files`). */
  readonly reportFiles: number[] = [];
  /**
   * VoIP (src/testing/parts/voip.ts): by default a portal without Twilio keys whose user is not
   * an admin, with no numbers, calls or audio; `twilio` simulates a provider (seeded there).
   */
  voip: VoipState = {
    admin: false,
    twilio: false,
    numbers: [],
    account: [],
    calls: [],
    uploads: [],
  };
  /**
   * `crm_projects`: the contact IDs linked to each Projects module project (seeded: Contoso 7 and
   * the hidden Eve Adams 11 to project 1, Fabrikam 9 to project 2; src/testing/parts/contact-extras.ts).
   */
  readonly projectLinks = new Map<number, Set<number>>([
    [1, new Set([7, 11])],
    [2, new Set([9])],
  ]);
  /**
   * What the portal's storage serves to a signed-in user, by URL path (the CRM's store has
   * `WebItemStoreValidator`, web.storage.config:28): the contacts' uploaded photos.
   */
  readonly stored = new Map<string, { type: string; bytes: Uint8Array }>();
}

/** An ApiDateTime: wall-clock time at `offsetMinutes`, seven fraction digits, `Z` for zero. */
export function apiDateTime(date: Date, offsetMinutes: number): string {
  const local = new Date(date.getTime() + offsetMinutes * 60_000).toISOString().slice(0, 23);
  const sign = offsetMinutes < 0 ? "-" : "+";
  const abs = Math.abs(offsetMinutes);
  const offset =
    offsetMinutes === 0
      ? "Z"
      : `${sign}${String(Math.floor(abs / 60)).padStart(2, "0")}:${String(abs % 60).padStart(2, "0")}`;
  return `${local}0000${offset}`;
}

// The fields of a contact's short form (`ContactBaseWrapper`), in the order a portal writes them.
const SHORT_FORM = [
  "id",
  "displayName",
  "isCompany",
  "isPrivate",
  "isShared",
  "shareType",
  "currency",
  "canEdit",
  "canDelete",
  "smallFotoUrl",
  "mediumFotoUrl",
  "accessList",
] as const;

/** A contact's short form (`ContactBaseWrapper`), as a case's `members` and a person's `company` show it. */
export function shortForm(contact: FullContact): Contact {
  const entries = SHORT_FORM.filter((key) => contact[key] !== undefined).map((key) => [
    key,
    contact[key],
  ]);
  return Object.fromEntries(entries) as Contact;
}
