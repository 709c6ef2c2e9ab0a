// Type-level tests: `npm run typecheck` fails if an @ts-expect-error line stops being an error.
import {
  createCrmClient,
  createRawClient,
  CustomFieldType,
  ShareType,
  type Case,
  type Contact,
  type Employee,
  type HistoryCategory,
  type NewTask,
  type RelationshipEvent,
  type Task,
  type TaskCategory,
} from "../src";

function typeChecks(
  crm: ReturnType<typeof createCrmClient>,
  raw: ReturnType<typeof createRawClient>,
): void {
  // @ts-expect-error a case ID is a number, not a string
  void crm.reopenCase("42");
  // @ts-expect-error the ID is required
  void crm.reopenCase();
  // @ts-expect-error options take a signal, nothing else unknown
  void crm.reopenCase(42, { retries: 3 });

  void crm.reopenCase(42, { maxRetries: 0, timeoutMs: 5_000, validateResponses: false });
  // @ts-expect-error timeoutMs is a number of milliseconds
  void crm.reopenCase(42, { timeoutMs: "5s" });
  void createCrmClient({ maxRetries: 5, timeoutMs: 10_000, retryDelay: { baseMs: 100 } });

  const reopened: Promise<Case> = crm.reopenCase(42);
  void reopened.then((c) => {
    const closed: boolean = c.isClosed;
    // @ts-expect-error the wire is camelCase: the reference page's PascalCase does not exist
    void c.IsClosed;
    // @ts-expect-error nor `ID`
    void c.ID;
    // @ts-expect-error accessList is only sent for private cases
    const list: Employee[] = c.accessList;
    const member: Contact | undefined = c.members[0];
    // @ts-expect-error currency may be null
    const code: string = member!.currency.abbreviation;
    // @ts-expect-error an employee's title may be absent
    const title: string = c.createBy.title;
    // @ts-expect-error shareType is the enum, not any number
    const share: ShareType = 7;
    void [closed, list, code, title, share];
  });

  // @ts-expect-error the raw client knows the spec's paths
  void raw.PUT("/api/2.0/crm/case/{caseid}/reopn", { params: { path: { caseid: 1 } } });
  // @ts-expect-error and its parameter types
  void raw.PUT("/api/2.0/crm/case/{caseid}/reopen", { params: { path: { caseid: "1" } } });
}

function activityTypeChecks(crm: ReturnType<typeof createCrmClient>): void {
  const task: NewTask = { title: "Call back", deadline: new Date(), categoryId: 1 };
  void crm.createTask(task);
  void crm.createTask({ ...task, deadline: "2024-03-14T18:00:00.0000000+03:00", caseId: 42 });
  // @ts-expect-error a task needs a deadline
  void crm.createTask({ title: "Call back", categoryId: 1 });
  // @ts-expect-error and a category
  void crm.createTask({ title: "Call back", deadline: new Date() });
  // @ts-expect-error a deadline is a Date or an ApiDateTime string, not a timestamp
  void crm.createTask({ ...task, deadline: Date.now() });
  // @ts-expect-error the reminder is named for the user (alertMinutes), not the wire's alertValue
  void crm.createTask({ ...task, alertValue: 5 });
  void crm.updateTask(301, { title: "Only the title" }); // changes are partial
  // @ts-expect-error a task ID is a number
  void crm.getTask("301");
  // @ts-expect-error the task filter names the deadline, not the creation date
  void crm.listTasks({ createdFrom: new Date() });
  // @ts-expect-error sortBy is one of the portal's own keys
  void crm.listTasks({ sortBy: "created" });
  void crm.listTasks({ caseId: 42, sortBy: "responsible", sortOrder: "desc" });
  // @ts-expect-error a note needs a category
  void crm.addCaseNote(42, { content: "Called back" });
  void crm.listCaseHistory(42, { createdFrom: new Date(), sortBy: "createdBy" });
  // @ts-expect-error the history has its own sort keys
  void crm.listCaseHistory(42, { sortBy: "deadline" });

  void crm.getTask(301).then((t: Task) => {
    // @ts-expect-error isClosed is left out when false
    const closed: boolean = t.isClosed;
    // @ts-expect-error so are canEdit and alertValue
    const minutes: number = t.alertValue;
    // @ts-expect-error a task may have no category
    const category: TaskCategory = t.category;
    const due: string = t.deadLine; // the server's spelling, always there
    // @ts-expect-error not `deadline`
    void t.deadline;
    const email = t.contact?.email?.data;
    void [closed, minutes, category, due, email];
  });
  void crm.listCaseHistory(42).then((page) => {
    const event: RelationshipEvent | undefined = page.items[0];
    // @ts-expect-error entity is null on an event about a contact only
    const title: string = event!.entity.entityTitle;
    // @ts-expect-error a history category's imagePath may be null
    const icon: string = (event!.category as HistoryCategory).imagePath;
    const files: unknown[] = event!.files; // always a list
    void [title, icon, files];
  });
}

describe("types", () => {
  it("enums are real runtime values with the page's names", () => {
    expect(ShareType).toMatchObject({ None: 0, ReadWrite: 1, Read: 2 });
    expect(CustomFieldType).toMatchObject({
      TextField: 0,
      TextArea: 1,
      SelectBox: 2,
      CheckBox: 3,
      Heading: 4,
      Date: 5,
    });
    expect(typeof typeChecks).toBe("function");
    expect(typeof activityTypeChecks).toBe("function");
  });
});

// ---- Contacts, tags and custom fields ----
import type { ContactWithPhone, CustomFieldDefinition, TagCount } from "../src";

function contactTypeChecks(crm: ReturnType<typeof createCrmClient>): void {
  void crm.getContact(7).then((c) => {
    if (c.isCompany) {
      const name: string = c.companyName;
      // @ts-expect-error a company has no firstName
      void c.firstName;
      // @ts-expect-error personsCount is left out when 0
      const persons: number = c.personsCount;
      void [name, persons];
    } else {
      const first: string = c.firstName;
      // @ts-expect-error a person's company is left out when there is none
      const company: Contact = c.company;
      void [first, company];
    }
  });
  void crm.listContacts({ createdFrom: new Date(), createdTo: "2024-03-05T00:00:00Z" });
  // @ts-expect-error the filter has the user's names, not the portal's
  void crm.listContacts({ fromDate: "2024-01-01T00:00:00Z" });
  // @ts-expect-error a date is a Date or an ApiDateTime string, not a number
  void crm.listContacts({ createdFrom: 1_700_000_000_000 });
  // @ts-expect-error sortBy is the user's word for the portal's key
  void crm.listContacts({ sortBy: "contacttype" });
  // @ts-expect-error listContacts' type has no "any": leave it out
  void crm.listContacts({ type: "any" });
  void crm.listContacts().then((page) => {
    const more: boolean = page.hasNextPage();
    const isCompany: boolean = page.items[0]!.isCompany;
    void [more, isCompany];
  });

  void crm.searchContacts("ben", { type: "any" }).then((found: ContactWithPhone[]) => {
    // @ts-expect-error phone is left out when there is no primary phone
    const phone: string = found[0]!.phone.data;
    // @ts-expect-error the short form has no commonData
    void found[0]!.commonData;
    void phone;
  });
  // @ts-expect-error searchContacts' type has no withOpportunity
  void crm.searchContacts("ben", { type: "withOpportunity" });

  const tags: Promise<string[]> = crm.listCaseTags(42);
  const added: Promise<string> = crm.addCaseTag(42, "printer");
  // @ts-expect-error one tag at a time
  void crm.addCaseTag(42, ["printer"]);
  // @ts-expect-error the case methods bind the entity type: there is no argument for it
  void crm.listCaseTags("contact", 7);
  void crm.listAllCaseTags().then((all: TagCount[]) => {
    const title: string = all[0]!.title;
    // @ts-expect-error the count is left out for a tag no case carries
    const uses: number = all[0]!.relativeItemsCount;
    void [title, uses];
  });

  void crm.listCaseFieldDefinitions().then((fields: CustomFieldDefinition[]) => {
    const uses: number = fields[0]!.relativeItemsCount;
    const kind: CustomFieldType = fields[0]!.fieldType;
    void [uses, kind];
  });
  void crm.setCaseField(42, 3, "").then((field) => void field.fieldValue.length);
  // @ts-expect-error a value is a string ("" clears it), never null
  void crm.setCaseField(42, 3, null);
  void [tags, added];
}

describe("types of contacts, tags and custom fields", () => {
  it("are checked by npm run typecheck", () => {
    expect(typeof contactTypeChecks).toBe("function");
  });
});

import { ALL_AREAS } from "../src/client";
import type { OperationId } from "../generated/operations";
import * as operationTables from "../generated/operations";
import {
  cases,
  createCrmClientFor,
  history,
  type Company,
  type MethodsOf,
  type NewCase,
  type Page,
  type Person,
} from "../src";

describe("every operation of the spec is reached by a method", () => {
  it("the parts' methods, through `of` where the names differ, reach every operation once listed", () => {
    const reached = new Set<string>();
    for (const area of ALL_AREAS) {
      for (const method in area.lines) {
        const of: Readonly<Record<string, string>> = area.of ?? {};
        const operation = of[method] ?? method;
        expect(Object.keys(area.operations)).toContain(operation);
        reached.add(operation);
      }
    }
    const every = Object.entries(operationTables)
      .filter(([name]) => name.endsWith("Operations"))
      .flatMap(([, table]) => Object.keys(table as object));
    expect([...reached].sort()).toEqual([...every].sort());
  });
});

type Equal<A, B> =
  (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
const assert = <T extends true>(ok: T) => ok;

function caseTypeChecks(crm: ReturnType<typeof createCrmClient>): void {
  // Every method is an operation of the spec or names one through its part's `of` (tested above).

  // @ts-expect-error a new case needs a title
  const untitled: NewCase = { members: [7] };
  void untitled;
  // @ts-expect-error sortBy is the user's word, not the portal's `dateandtime`
  void crm.listCases({ sortBy: "dateandtime" });
  // @ts-expect-error nor any other word
  void crm.listCases({ sortBy: "updated" });
  // @ts-expect-error sortOrder is asc or desc
  void crm.listCases({ sortOrder: "descending" });
  // @ts-expect-error access needs isPrivate
  void crm.setCaseAccess(42, { accessList: [] });
  // @ts-expect-error customFields are values by field ID
  void crm.createCase({ title: "x", customFields: [{ key: 3, value: "x" }] });

  // A paged list: awaited, one page; iterated, every case.
  const page: Promise<Page<Case>> = Promise.resolve(crm.listCases({ isClosed: false }));
  void page;
  void (async () => {
    for await (const c of crm.listCases()) {
      const id: number = c.id;
      void id;
    }
  })();

  // Members are persons or companies, told apart by isCompany.
  void crm.listCaseMembers(42).then(([member]) => {
    if (!member) return;
    if (member.isCompany) {
      const company: Company = member;
      void company.companyName;
      // @ts-expect-error a company has no lastName
      void member.lastName;
    } else {
      const person: Person = member;
      void person.lastName;
    }
  });
}

function areaTypeChecks(): void {
  const lean = createCrmClientFor([cases, history], {
    baseUrl: "https://portal.example.com",
    token: "T",
  });
  void lean.reopenCase(42);
  void lean.addCaseNote(42, { content: "x", categoryId: 20 });
  // @ts-expect-error a client of cases and history has no task methods
  void lean.createTask({ title: "x", deadline: new Date(), categoryId: 1 });
}

describe("types of the Cases API and of the parts of the portal", () => {
  it("are checked by npm run typecheck", () => {
    expect(typeof caseTypeChecks).toBe("function");
    expect(typeof areaTypeChecks).toBe("function");
  });
});
