// Type-level tests: `npm run typecheck` fails if an @ts-expect-error line stops being an error.
import {
  createCrmClient,
  createRawClient,
  CustomFieldType,
  ShareType,
  type Case,
  type Contact,
  type Employee,
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
  });
});
