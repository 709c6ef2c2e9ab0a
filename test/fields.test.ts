// listCaseFieldDefinitions and setCaseField against the fake portal over real HTTP: the routes
// with the entity type `case` as a path segment, clearing a value, and the reads before a write.
import {
  createCrmClient,
  CustomFieldType,
  NotFoundError,
  PermissionDeniedError,
  type CrmClient,
} from "../src";
import { startFakePortal, type FakePortal } from "../src/testing";

let portal: FakePortal;
let crm: CrmClient;

beforeEach(async () => {
  portal = await startFakePortal();
  crm = createCrmClient({ baseUrl: portal.url, token: portal.token });
});
afterEach(() => portal.close());

const sent = () =>
  portal.requests.map((r) => ({
    method: r.method,
    url: r.url,
    body: r.body,
    type: r.headers["content-type"],
  }));

const valueOf = async (caseId: number, fieldId: number) =>
  (await crm.getCase(caseId)).customFields.find((f) => f.id === fieldId)?.fieldValue;

describe("listCaseFieldDefinitions", () => {
  it("is GET case/customfield/definitions: the case fields by position, with no value", async () => {
    const fields = await crm.listCaseFieldDefinitions();
    expect(sent()).toEqual([
      {
        method: "GET",
        url: "/api/2.0/crm/case/customfield/definitions",
        body: "",
        type: undefined,
      },
    ]);
    expect(fields.map((f) => [f.id, f.label, f.fieldType, f.position])).toEqual([
      [3, "Due", 5, 0],
      [4, "On site", 3, 1],
      [6, "Details", 4, 2],
      [5, "Priority", 2, 3],
    ]);
    expect(fields[3]).toEqual({
      id: 5,
      entityId: -1,
      label: "Priority",
      fieldValue: " ",
      fieldType: 2,
      position: 3,
      mask: '["Low","Normal","High"]',
      relativeItemsCount: 0,
    });
    expect(fields[0]?.relativeItemsCount).toBe(1); // case 42's Due
  });
});

describe("setCaseField", () => {
  it("reads the case and the fields, then POSTs the value as JSON; resolves to the field", async () => {
    const field = await crm.setCaseField(7, 5, "High");
    expect(field).toEqual({
      id: 5,
      entityId: 7,
      label: "Priority",
      fieldValue: "High",
      fieldType: 2,
      position: 3,
      mask: '["Low","Normal","High"]',
      value: "High",
    });
    const requests = sent();
    expect(requests.slice(0, 2).map((r) => `${r.method} ${r.url}`)).toEqual([
      "GET /api/2.0/crm/case/7",
      "GET /api/2.0/crm/case/customfield/definitions",
    ]);
    expect(requests[2]).toEqual({
      method: "POST",
      url: "/api/2.0/crm/case/7/customfield/5",
      body: '{"fieldValue":"High"}',
      type: "application/json",
    });
    expect(await valueOf(7, 5)).toBe("High");
    expect((await crm.listCaseFieldDefinitions())[3]?.relativeItemsCount).toBe(1);
  });

  it('clears a value with "" (the only way: updateCase skips empty values)', async () => {
    expect(await valueOf(42, 3)).toBe("2024-03-12T00:00:00.0000000+03:00");
    const cleared = await crm.setCaseField(42, 3, "");
    expect(cleared.fieldValue).toBe("");
    expect(sent().find((r) => r.method === "POST")?.body).toBe('{"fieldValue":""}');
    expect(await valueOf(42, 3)).toBeUndefined();
    expect((await crm.listCaseFieldDefinitions())[0]?.relativeItemsCount).toBe(0);
  });

  it("the portal trims what it stores, but answers the value as sent", async () => {
    await expect(crm.setCaseField(7, 5, "  Low ")).resolves.toMatchObject({ fieldValue: "  Low " });
    expect(await valueOf(7, 5)).toBe("Low");
  });

  it("refuses a missing case and one the user may not see: the portal would write anyway", async () => {
    await expect(crm.setCaseField(404404, 5, "High")).rejects.toBeInstanceOf(NotFoundError);
    await expect(crm.setCaseField(99, 5, "High")).rejects.toBeInstanceOf(NotFoundError);
    expect(sent().filter((r) => r.method === "POST")).toEqual([]);
    expect(portal.cases.get(99)?.customFields.some((f) => f.id === 5)).toBe(false);
  });

  it("the fake portal itself writes a hidden case's field: no check at all", async () => {
    const response = await fetch(`${portal.url}/api/2.0/crm/case/99/customfield/5`, {
      method: "POST",
      headers: { Authorization: portal.token, "Content-Type": "application/json" },
      body: JSON.stringify({ fieldValue: "High" }),
    });
    expect(response.status).toBe(201);
    expect(portal.cases.get(99)?.customFields.find((f) => f.id === 5)?.fieldValue).toBe("High");
  });

  it.each([
    [77, /^fieldId 77 is not a case field$/],
    [6, /^value: field 6 is a heading, which has no value$/],
  ])("refuses field %p after reading, and writes nothing", async (fieldId, message) => {
    await expect(crm.setCaseField(42, fieldId, "x")).rejects.toThrow(message);
    expect(sent().map((r) => r.method)).toEqual(["GET", "GET"]);
  });

  it.each([
    [[0, 3, "x"], RangeError, /caseId must be/],
    [["42", 3, "x"], TypeError, /caseId must be/],
    [[42, 0, "x"], RangeError, /fieldId must be/],
    [[42, 3, {}], TypeError, /value must be a string, a number, a boolean or a Date, got object/],
    [[42, 3, null], TypeError, /value must be a string, a number/],
    [[42, 3], TypeError, /value must be a string, a number/],
    [[42, 3, NaN], RangeError, /value must be a finite number/],
    [[42, 3, new Date(NaN)], RangeError, /value must be a date/],
  ] as const)("refuses %j before anything is sent", async (args, type, message) => {
    const call = (crm.setCaseField as (...a: unknown[]) => Promise<unknown>)(...args);
    await expect(call).rejects.toThrow(type);
    await expect(call).rejects.toThrow(message);
    expect(portal.requests).toHaveLength(0);
  });

  it("is not retried after a 503 without Retry-After (it may have run)", async () => {
    const quick = createCrmClient({
      baseUrl: portal.url,
      token: portal.token,
      retryDelay: { baseMs: 1 },
      fetch: (request) => {
        if (request.method === "POST") portal.queue((_req, res) => res.writeHead(503).end("busy"));
        return fetch(request);
      },
    });
    await expect(quick.setCaseField(7, 5, "High")).rejects.toMatchObject({ status: 503 });
    expect(sent().map((r) => r.method)).toEqual(["GET", "GET", "POST"]);
  });
});

// Custom fields of every kind of record, and their definitions.
const calls = () => portal.requests.map((r) => `${r.method} ${r.url}`);
const bodyAt = (i: number) => JSON.parse(portal.requests[i]!.body || "null");

async function asAdmin() {
  await portal.close();
  portal = await startFakePortal({ admin: true });
  crm = createCrmClient({ baseUrl: portal.url, token: portal.token });
}

describe("typed values (setCaseField, setDealField, setContactField)", () => {
  const posted = () => portal.requests.filter((r) => r.method === "POST").map((r) => r.body);

  it("a check box takes a boolean, sent as the portal's pages store it, read back a boolean", async () => {
    const on = await crm.setCaseField(7, 4, true);
    const off = await crm.setCaseField(42, 4, false);
    expect(posted()).toEqual(['{"fieldValue":"true"}', '{"fieldValue":"false"}']);
    expect([on.value, off.value]).toEqual([true, false]);
    expect(await valueOf(7, 4)).toBe("true");
    const listed = await crm.listCaseFields(7);
    expect(listed.find((f) => f.id === 4)).toMatchObject({ fieldValue: "true", value: true });
  });

  it("a date takes a Date or an ISO date, through the date guard; read back a Date", async () => {
    const field = await crm.setCaseField(7, 3, new Date("2025-06-30T17:00:00Z"));
    await crm.setCaseField(42, 3, "2025-07-01");
    expect(posted()).toEqual([
      '{"fieldValue":"2025-06-30T17:00:00.000Z"}',
      '{"fieldValue":"2025-07-01T00:00:00.000Z"}',
    ]);
    expect(field.value).toEqual(new Date("2025-06-30T17:00:00Z"));
    // A value read back: an ApiDateTime with the portal's offset is a Date too.
    portal.cases.get(42)!.customFields.find((f) => f.id === 3)!.fieldValue =
      "2024-03-12T00:00:00.0000000+03:00";
    const seeded = await crm.listCaseFields(42);
    expect(seeded.find((f) => f.id === 3)?.value).toEqual(new Date("2024-03-11T21:00:00Z"));
    // What the portal's own date picker wrote (the user's format) stays text.
    portal.cases.get(7)!.customFields.find((f) => f.id === 3)!.fieldValue = "30.06.2025";
    expect((await crm.listCaseFields(7)).find((f) => f.id === 3)?.value).toBe("30.06.2025");
  });

  it("a select box takes one of its options only", async () => {
    await expect(crm.setCaseField(7, 5, "Urgent")).rejects.toThrow(
      'value is not an option of select box 5: use one of ["Low","Normal","High"]',
    );
    await expect(crm.setDealField(22, 32, "West")).rejects.toThrow(
      /not an option of select box 32/,
    );
    expect(posted()).toEqual([]);
    await expect(crm.setDealField(22, 32, "South")).resolves.toMatchObject({ value: "South" });
  });

  it.each([
    [4, "true", /value must be a boolean \(field 4 is a check box\), got string/],
    [4, 1, /must be a boolean/],
    [3, 20250630, /value must be a Date or an ISO date \(field 3 is a date\), got number/],
    [3, true, /must be a Date or an ISO date/],
    [3, "2025-02-31", /value must be a date in the years 1 to 9999/],
    [3, "next week", /must be a date/],
    [5, 2, /one of the options \(field 5 is a select box\), got number/],
    [5, false, /select box/],
  ])(
    "case field %p refuses %p after reading, and writes nothing",
    async (fieldId, value, message) => {
      await expect(crm.setCaseField(7, fieldId, value as never)).rejects.toThrow(message);
      expect(portal.requests.map((r) => r.method)).toEqual(["GET", "GET"]);
    },
  );

  it("a text field takes a string or a number (sent as its digits), not a boolean", async () => {
    const field = await crm.setContactField(10, 41, 12.5);
    expect(posted()).toEqual(['{"fieldValue":"12.5"}']);
    expect(field.value).toBe("12.5");
    await expect(crm.setContactField(10, 41, true)).rejects.toThrow(
      /value must be a string or a number \(field 41 is text\), got boolean/,
    );
    await expect(crm.setContactField(10, 42, "yes")).rejects.toThrow(/field 42 is a check box/);
    expect(posted()).toHaveLength(1);
  });

  it('"" clears a field of any kind', async () => {
    await crm.setCaseField(7, 4, true);
    await crm.setCaseField(7, 4, "");
    expect(posted()).toEqual(['{"fieldValue":"true"}', '{"fieldValue":""}']);
    expect(await valueOf(7, 4)).toBeUndefined();
  });

  it("types: values by kind, and the typed value narrowed by the field's kind", async () => {
    const field = await crm.setCaseField(7, 4, true);
    if (field.fieldType === CustomFieldType.CheckBox) {
      const on: boolean = field.value;
      expect(on).toBe(true);
    }
    // @ts-expect-error a value is a string, a number, a boolean or a Date
    await expect(crm.setCaseField(7, 4, { on: true })).rejects.toThrow(TypeError);
    // @ts-expect-error a check box's value is a boolean, not a string
    const wrong: boolean = (await crm.setCaseField(7, 5, "Low")).value;
    expect(wrong).toBe("Low");
  });
});

describe("fields of a record", () => {
  it("listDealFields, listContactFields and listCaseFields bind the entity type", async () => {
    expect((await crm.listDealFields(21)).map((f) => [f.id, f.fieldValue])).toEqual([
      [32, "North"],
    ]);
    await crm.listContactFields(10);
    await crm.listCaseFields(42);
    expect(calls()).toEqual([
      "GET /api/2.0/crm/opportunity/21/customfield",
      "GET /api/2.0/crm/contact/10", // a person: its fields as a person's
      "GET /api/2.0/crm/person/10/customfield",
      "GET /api/2.0/crm/case/42/customfield",
    ]);
    await expect(crm.listDealFields(0)).rejects.toThrow(RangeError); // 0 would list every deal's
  });

  it("setDealField reads the deal and its fields, then sets the value", async () => {
    const field = await crm.setDealField(22, 32, "South");
    expect(calls()).toEqual([
      "GET /api/2.0/crm/opportunity/22",
      "GET /api/2.0/crm/opportunity/customfield/definitions",
      "POST /api/2.0/crm/opportunity/22/customfield/32",
    ]);
    expect(bodyAt(2)).toEqual({ fieldValue: "South" });
    expect(field).toMatchObject({ id: 32, entityId: 22, fieldValue: "South" });
    expect((await crm.getDeal(22)).customFields).toContainEqual(
      expect.objectContaining({ id: 32, fieldValue: "South" }),
    );
  });

  it("setContactField refuses a field of another kind, and a hidden contact", async () => {
    await expect(crm.setContactField(10, 32, "x")).rejects.toThrow(
      "fieldId 32 is not a person field",
    );
    await expect(crm.setContactField(11, 41, "x")).rejects.toBeInstanceOf(NotFoundError);
    expect(portal.requests.filter((r) => r.method === "POST")).toHaveLength(0);
    await crm.setContactField(10, 41, "Enterprise");
    expect((await crm.listContactFields(10)).map((f) => f.fieldValue)).toEqual(["Enterprise"]);
  });
});

describe("field definitions", () => {
  it("listFieldDefinitions takes the user's word", async () => {
    const fields = await crm.listFieldDefinitions("deal");
    expect(calls()).toEqual(["GET /api/2.0/crm/opportunity/customfield/definitions"]);
    expect(fields.map((f) => [f.id, f.relativeItemsCount])).toEqual([
      [31, 0],
      [32, 1],
    ]);
    await expect(crm.listFieldDefinitions("opportunity" as "deal")).rejects.toThrow(RangeError);
  });

  it("createFieldDefinition sends the options as the portal's JSON mask", async () => {
    await asAdmin();
    const field = await crm.createFieldDefinition("deal", {
      label: "Channel",
      type: "select",
      options: ["Web", "Phone"],
    });
    expect(calls()).toEqual(["POST /api/2.0/crm/opportunity/customfield"]);
    expect(bodyAt(0)).toEqual({ label: "Channel", fieldType: 2, mask: '["Web","Phone"]' });
    expect(field).toMatchObject({ label: "Channel", fieldType: 2, entityId: -1 });
    const text = await crm.createFieldDefinition("contact", {
      label: "Code",
      type: "text",
      size: 10,
    });
    expect(bodyAt(1)).toEqual({ label: "Code", fieldType: 0, mask: '{"size":10}' });
    expect(text.mask).toBe('{"size":10}');
  });

  it("createFieldDefinition refuses a select box without options, and options elsewhere", async () => {
    await expect(crm.createFieldDefinition("deal", { label: "X", type: "select" })).rejects.toThrow(
      /needs options/,
    );
    await expect(
      crm.createFieldDefinition("deal", { label: "X", type: "date", options: ["a"] }),
    ).rejects.toThrow(/only to a select box/);
    await expect(
      crm.createFieldDefinition("deal", { label: "X", type: "number" as "text" }),
    ).rejects.toThrow(/type must be one of/);
    expect(portal.requests).toHaveLength(0);
  });

  it("select box options are a string[], not the portal's JSON string", async () => {
    await expect(
      // @ts-expect-error options are a list of strings
      crm.createFieldDefinition("deal", { label: "X", type: "select", options: '["a","b"]' }),
    ).rejects.toThrow("input.options must be an array, got string");
    await expect(
      crm.createFieldDefinition("deal", { label: "X", type: "select", options: ["a", 2 as never] }),
    ).rejects.toThrow("input.options[1] must be a string, got number");
    await expect(
      // @ts-expect-error options are a list of strings
      crm.updateFieldDefinition("deal", 32, { options: '["North","South","East"]' }),
    ).rejects.toThrow("changes.options must be an array, got string");
    expect(portal.requests).toHaveLength(0);
  });

  it("updateFieldDefinition reads first and sends the whole definition", async () => {
    const field = await crm.updateFieldDefinition("deal", 32, {
      label: "Sales region",
      options: ["North", "South", "East"],
    });
    expect(calls()).toEqual([
      "GET /api/2.0/crm/opportunity/customfield/definitions",
      "PUT /api/2.0/crm/opportunity/customfield/32",
    ]);
    expect(bodyAt(1)).toEqual({
      label: "Sales region",
      fieldType: 2,
      mask: '["North","South","East"]',
    });
    expect(field).toMatchObject({ label: "Sales region", mask: '["North","South","East"]' });
    // A label alone keeps the options.
    await crm.updateFieldDefinition("deal", 32, { label: "Region" });
    expect(bodyAt(3)).toEqual({ label: "Region", fieldType: 2, mask: '["North","South","East"]' });
  });

  it("updateFieldDefinition refuses what the portal would ignore or lose", async () => {
    await expect(crm.updateFieldDefinition("deal", 32, { type: "text" })).rejects.toThrow(
      /ignore the type change/,
    );
    await expect(crm.updateFieldDefinition("deal", 32, { options: ["South"] })).rejects.toThrow(
      /options cannot be removed/,
    );
    await expect(crm.updateFieldDefinition("contact", 32, { label: "x" })).rejects.toThrow(
      "fieldId 32 is not a contact field",
    );
    expect(portal.requests.filter((r) => r.method === "PUT")).toHaveLength(0);
    // A field with no values may change its type.
    const changed = await crm.updateFieldDefinition("deal", 31, { type: "date" });
    expect(changed.fieldType).toBe(5);
  });

  it("deleteFieldDefinition refuses a field with values unless told to delete them", async () => {
    await asAdmin();
    await expect(crm.deleteFieldDefinition("deal", 32)).rejects.toThrow(/deleteValues: true/);
    expect(calls()).toEqual(["GET /api/2.0/crm/opportunity/customfield/definitions"]);
    const deleted = await crm.deleteFieldDefinition("deal", 32, { deleteValues: true });
    expect(calls()[2]).toBe("DELETE /api/2.0/crm/opportunity/customfield/32");
    expect(deleted).toMatchObject({ id: 32, relativeItemsCount: 1 });
    expect((await crm.getDeal(21)).customFields).toEqual([]);
    await crm.deleteFieldDefinition("deal", 31); // no values: no confirmation needed
  });

  it("reorderFieldDefinitions needs every field once and resolves to the new order", async () => {
    await asAdmin();
    await expect(crm.reorderFieldDefinitions("deal", [32])).rejects.toThrow(
      /every deal field once/,
    );
    await expect(crm.reorderFieldDefinitions("deal", [32, 32])).rejects.toThrow(/once/);
    expect(portal.requests.filter((r) => r.method === "PUT")).toHaveLength(0);
    const fields = await crm.reorderFieldDefinitions("deal", [32, 31]);
    expect(bodyAt(3)).toEqual({ fieldids: [32, 31] });
    expect(fields.map((f) => f.id)).toEqual([32, 31]);
  });

  it("the definitions' admin routes are 403 for another user", async () => {
    await expect(
      crm.createFieldDefinition("case", { label: "X", type: "checkbox" }),
    ).rejects.toBeInstanceOf(PermissionDeniedError);
  });
});

describe("a contact's fields are a person's or a company's", () => {
  it("setContactField sends person/… or company/… as the contact is, with that kind's own fields", async () => {
    const admin = await startFakePortal({ admin: true });
    try {
      const crmA = createCrmClient({ baseUrl: admin.url, token: admin.token });
      const made = (entity: "person" | "company", label: string) =>
        crmA.createFieldDefinition(entity, { label, type: "text" });
      const [birthplace, vat] = [await made("person", "Birthplace"), await made("company", "VAT")];
      admin.requests.length = 0;
      const set = await crmA.setContactField(10, birthplace.id, "Riga"); // Dana, a person
      expect(admin.requests.map((r) => `${r.method} ${r.url}`)).toEqual([
        "GET /api/2.0/crm/contact/10",
        "GET /api/2.0/crm/person/customfield/definitions",
        `POST /api/2.0/crm/person/10/customfield/${birthplace.id}`,
      ]);
      expect(set).toMatchObject({ id: birthplace.id, entityId: 10, value: "Riga" });
      await crmA.setContactField(7, vat.id, "DE123"); // Contoso, a company
      await crmA.setContactField(7, 41, "Enterprise"); // every contact's field
      expect(admin.requests.filter((r) => r.method === "POST").map((r) => r.url)).toEqual([
        `/api/2.0/crm/person/10/customfield/${birthplace.id}`,
        `/api/2.0/crm/company/7/customfield/${vat.id}`,
        "/api/2.0/crm/company/7/customfield/41",
      ]);
      // A person's field on a company: refused, nothing written.
      await expect(crmA.setContactField(7, birthplace.id, "Riga")).rejects.toThrow(
        `fieldId ${birthplace.id} is not a company field`,
      );
      expect(admin.requests.filter((r) => r.method === "POST")).toHaveLength(3);
      const values = (await crmA.getContact(7)).customFields.map((f) => [f.id, f.fieldValue]);
      expect(values).toEqual(
        expect.arrayContaining([
          [vat.id, "DE123"],
          [41, "Enterprise"],
        ]),
      );
      // listContactFields lists them too: a person's or a company's, not only every contact's.
      admin.requests.length = 0;
      const listed = (await crmA.listContactFields(7)).map((f) => [f.id, f.value]);
      expect(listed).toEqual(
        expect.arrayContaining([
          [vat.id, "DE123"],
          [41, "Enterprise"],
        ]),
      );
      expect(admin.requests.map((r) => r.url)).toEqual([
        "/api/2.0/crm/contact/7",
        "/api/2.0/crm/company/7/customfield",
      ]);
      const person = (await crmA.listContactFields(10)).map((f) => [f.id, f.value]);
      expect(person).toEqual(expect.arrayContaining([[birthplace.id, "Riga"]]));
    } finally {
      await admin.close();
    }
  });
});
