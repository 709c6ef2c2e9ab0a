// getContact, listContacts and searchContacts against the fake portal over real HTTP: what is
// sent (method, path, query, body), what comes back, and that every refusal sends nothing.
import fc from "fast-check";
import {
  createCrmClient,
  InvalidResponseError,
  NotFoundError,
  type Company,
  type CrmClient,
  type Person,
} from "../src";
import {
  CURRENT_USER,
  seedContacts,
  startFakePortal,
  USER_WITHOUT_TITLE,
  type FakePortal,
} from "../src/testing";
import { date } from "../src/core/guards";
import { apiDateTime } from "../src/testing/core/state";

let portal: FakePortal;
let crm: CrmClient;

beforeEach(async () => {
  portal = await startFakePortal();
  crm = createCrmClient({ baseUrl: portal.url, token: portal.token });
});
afterEach(() => portal.close());

/** The one request sent: method, path and query as name/value pairs, body, content type. */
function sent(index = 0) {
  const request = portal.requests[index]!;
  const url = new URL(request.url, portal.url);
  return {
    method: request.method,
    path: url.pathname,
    query: [...url.searchParams],
    body: request.body,
    type: request.headers["content-type"],
  };
}

const ids = (contacts: { id: number }[]) => contacts.map((c) => c.id);

/** A raw call to the fake portal, as a user of `raw` or another client would make it. */
async function raw(path: string) {
  const response = await fetch(`${portal.url}/api/2.0/crm/${path}`, {
    headers: { Authorization: portal.token },
  });
  return { status: response.status, body: await response.json() };
}

describe("getContact", () => {
  it("is GET contact/{id} with no body, and resolves to the person in its single form", async () => {
    const dana = (await crm.getContact(10)) as Person;
    expect(sent()).toEqual({
      method: "GET",
      path: "/api/2.0/crm/contact/10",
      query: [],
      body: "",
      type: undefined,
    });
    expect(dana).toMatchObject({
      id: 10,
      isCompany: false,
      firstName: "Dana",
      title: "IT manager",
    });
    expect(dana.addresses).toEqual([]); // always there in the single form
    expect(dana.tags).toBeUndefined(); // never in the single form
    expect(dana.company).toMatchObject({ id: 9, displayName: "Fabrikam Inc", isCompany: true });
  });

  it("resolves to a company, told apart by isCompany", async () => {
    const fabrikam = await crm.getContact(9);
    expect(fabrikam.isCompany).toBe(true);
    if (fabrikam.isCompany)
      expect(fabrikam).toMatchObject({ companyName: "Fabrikam Inc", personsCount: 1 });
  });

  it("404 for a missing contact and for one the user may not see", async () => {
    await expect(crm.getContact(404404)).rejects.toMatchObject({
      constructor: NotFoundError,
      portalMessage: "Not found",
    });
    await expect(crm.getContact(11)).rejects.toBeInstanceOf(NotFoundError);
  });

  it("keeps a person's hidden company in the single form; the list form drops it", async () => {
    const contacts = seedContacts().map((c) =>
      c.id === 9
        ? { ...c, isPrivate: true, isShared: false, shareType: 0, accessList: [USER_WITHOUT_TITLE] }
        : c,
    ) as (Person | Company)[];
    await portal.close();
    portal = await startFakePortal({ contacts });
    crm = createCrmClient({ baseUrl: portal.url, token: portal.token });
    expect(((await crm.getContact(10)) as Person).company?.id).toBe(9);
    const listed = (await crm.listContacts({ search: "Dana" })).items[0] as Person;
    expect(listed.id).toBe(10);
    expect(listed.company).toBeUndefined();
  });

  it.each([0, -1, 1.5, 2 ** 31, Number.NaN, "10", null])(
    "refuses the ID %p and sends nothing",
    async (id) => {
      await expect(crm.getContact(id as number)).rejects.toThrow(/contactId must be/);
      expect(portal.requests).toHaveLength(0);
    },
  );
});

describe("listContacts", () => {
  it("asks for the first page and gets the newest first; a hidden contact is left out", async () => {
    const page = await crm.listContacts();
    expect(sent()).toEqual({
      method: "GET",
      path: "/api/2.0/crm/contact/filter",
      query: [
        ["startIndex", "0"],
        ["count", "100"],
      ],
      body: "",
      type: undefined,
    });
    expect(ids(page.items)).toEqual([10, 8, 9, 7]);
    expect(page).toMatchObject({ total: 4, startIndex: 0 });
    expect(page.hasNextPage()).toBe(false);
  });

  it("sends every filter field under the portal's name, createdTo as the portal's toDate", async () => {
    await crm.listContacts({
      type: "person",
      tags: ["vip", "b,c"],
      statusId: 0,
      contactTypeId: 3,
      responsibleId: CURRENT_USER.id,
      isShared: false,
      createdFrom: new Date("2023-09-01T00:00:00Z"),
      createdTo: "2023-09-30T23:59:00.0000000+03:00",
      search: "ben weber",
      sortBy: "lastName",
      sortOrder: "desc",
    });
    expect(sent().query).toEqual([
      ["contactListView", "person"],
      ["tags", "vip"],
      ["tags", "b,c"],
      ["contactStage", "0"],
      ["contactType", "3"],
      ["responsibleid", CURRENT_USER.id],
      ["isShared", "false"],
      ["fromDate", "2023-09-01T00:00:00.000Z"],
      // The portal takes up to toDate + 1 day − 1 minute: the client sends createdTo − 23:59.
      ["toDate", "2023-09-29T21:00:00.000Z"],
      ["filterValue", "ben weber"],
      ["sortBy", "lastname"],
      ["sortOrder", "descending"],
      ["startIndex", "0"],
      ["count", "100"],
    ]);
  });

  it.each([
    [{ type: "person" }, [10, 8]],
    [{ type: "company" }, [9, 7]],
    [{ type: "withOpportunity" }, []],
    [{ search: "sc" }, [10]], // the start of a word
    [{ search: "cully" }, []], // not inside one
    [{ responsibleId: CURRENT_USER.id }, [8]],
    [{ isShared: false }, [8]],
    [{ statusId: 0 }, [10, 8, 9, 7]], // none has a status
    [{ statusId: 5 }, []],
    [{ sortBy: "displayName" }, [8, 7, 10, 9]],
    [{ sortBy: "firstName", sortOrder: "desc" }, [10, 8, 7, 9]], // companies tie on ""
    [{ sortBy: "id" }, [7, 8, 9, 10]],
    [{ sortOrder: "asc" }, [7, 9, 8, 10]], // oldest first: sortOrder alone would be ignored
  ] as const)("%j finds %j", async (filter, expected) => {
    expect(ids((await crm.listContacts(filter)).items)).toEqual(expected);
  });

  it("sends sortBy=created with a sortOrder alone (a portal ignores sortOrder without sortBy)", async () => {
    await crm.listContacts({ sortOrder: "asc" });
    expect(sent().query.slice(0, 2)).toEqual([
      ["sortOrder", "ascending"],
      ["sortBy", "created"],
    ]);
  });

  it("createdTo is the last instant taken, though the portal adds a day less a minute", async () => {
    const ben = "2023-09-14T11:30:00.0000000+03:00"; // Ben Weber's `created`
    expect(ids((await crm.listContacts({ createdTo: ben })).items)).toEqual([8, 9, 7]);
    const before = new Date(Date.parse("2023-09-14T08:30:00Z") - 1);
    expect(ids((await crm.listContacts({ createdTo: before })).items)).toEqual([9, 7]);
    expect(ids((await crm.listContacts({ createdFrom: ben, createdTo: ben })).items)).toEqual([8]);
    // The fake portal itself: toDate 2023-09-14 (midnight at +03:00) takes all of that day.
    const { body } = await raw(
      "contact/filter?toDate=2023-09-13T21:00:00.000Z&fromDate=2023-09-14",
    );
    expect(ids(body.response)).toEqual([8]);
  });

  it("filters by tags, and lists them in the list form", async () => {
    const tagged = await fetch(`${portal.url}/api/2.0/crm/contact/7/tag`, {
      method: "POST",
      headers: { Authorization: portal.token, "Content-Type": "application/json" },
      body: JSON.stringify({ tagName: "partner" }),
    });
    expect(tagged.status).toBe(201);
    const page = await crm.listContacts({ tags: ["Partner"] });
    expect(ids(page.items)).toEqual([7]);
    expect(page.items[0]?.tags).toEqual(["partner"]);
    expect((await crm.listContacts({ tags: ["partner", "other"] })).items).toEqual([]);
  });

  it("pages: the next page starts right after this one", async () => {
    const first = await crm.listContacts({}, { pageSize: 2 });
    expect(ids(first.items)).toEqual([10, 8]);
    expect(first.hasNextPage()).toBe(true);
    const second = await first.nextPage();
    expect(ids(second.items)).toEqual([9, 7]);
    expect(second.startIndex).toBe(2);
    expect(sent(1).query).toEqual([
      ["startIndex", "2"],
      ["count", "2"],
    ]);
    expect(second.hasNextPage()).toBe(false);
  });

  it("for await reads every contact once, page by page", async () => {
    const all: number[] = [];
    for await (const contact of crm.listContacts({ sortBy: "id" }, { pageSize: 3 }))
      all.push(contact.id);
    expect(all).toEqual([7, 8, 9, 10]);
    expect(
      portal.requests.map((r) => new URL(r.url, portal.url).searchParams.get("startIndex")),
    ).toEqual(["0", "3"]);
  });

  it("checks every item of a page against the spec", async () => {
    portal.queue((_req, res) =>
      res
        .writeHead(200)
        .end(
          JSON.stringify({ status: 0, statusCode: 200, response: [{ id: 7, isCompany: true }] }),
        ),
    );
    await expect(crm.listContacts()).rejects.toMatchObject({
      constructor: InvalidResponseError,
      path: expect.stringMatching(/^response\[0\]/),
    });
  });

  it.each([
    [{ kind: "person" }, TypeError, /no field kind/],
    [{ type: "persons" }, RangeError, /filter.type must be one of/],
    [{ tags: [] }, RangeError, /filter.tags must not be empty/],
    [{ tags: ["  "] }, RangeError, /filter.tags\[0\] must not be empty/],
    [{ statusId: -1 }, RangeError, /filter.statusId must be a whole number from 0/],
    [{ contactTypeId: 1.5 }, RangeError, /filter.contactTypeId/],
    [{ responsibleId: "anna" }, RangeError, /filter.responsibleId must be a user ID/],
    [{ isShared: "yes" }, TypeError, /filter.isShared must be a boolean/],
    [
      { createdFrom: 1700000000000 },
      TypeError,
      /filter.createdFrom must be a Date or an ApiDateTime/,
    ],
    [
      { createdFrom: "2024-02-31T00:00:00Z" },
      RangeError,
      /filter.createdFrom must be a date in the years 1 to 9999/,
    ],
    [
      { createdFrom: "yesterday" },
      RangeError,
      /filter.createdFrom must be a date in the years 1 to 9999/,
    ],
    [
      { createdFrom: new Date(Number.NaN) },
      RangeError,
      /filter.createdFrom must be a date in the years 1 to 9999/,
    ],
    [
      { createdTo: "0001-01-01T00:00:00.0000000Z" },
      RangeError,
      /filter.createdTo must be a date in the years 1 to 9999/,
    ],
    [{ search: "a,b" }, RangeError, /filter.search must not contain a comma/],
    [{ sortBy: "created_at" }, RangeError, /filter.sortBy must be one of/],
    [{ search: null }, TypeError, /must not be null/],
    ["all", TypeError, /filter must be an object/],
  ] as const)("refuses %j and sends nothing", async (filter, type, message) => {
    const list = crm.listContacts(filter as never);
    await expect(list).rejects.toThrow(type);
    await expect(list).rejects.toThrow(message);
    expect(portal.requests).toHaveLength(0);
  });

  it("refuses a bad page size and sends nothing", async () => {
    await expect(crm.listContacts({}, { pageSize: 1001 })).rejects.toThrow(RangeError);
    expect(portal.requests).toHaveLength(0);
  });
});

describe("searchContacts", () => {
  it("is GET contact/byprefix with searchType -1: persons and companies, each with its primary phone", async () => {
    const found = await crm.searchContacts("a");
    expect(sent()).toEqual({
      method: "GET",
      path: "/api/2.0/crm/contact/byprefix",
      query: [
        ["prefix", "a"],
        ["searchType", "-1"],
      ],
      body: "",
      type: undefined,
    });
    expect(ids(found)).toEqual([10, 9]); // Dana Scully, Fabrikam Inc; Eve Adams is hidden
    expect(found[0]?.phone).toMatchObject({
      data: "+1 425 555 0142",
      infoType: 0,
      isPrimary: true,
    });
    expect(Object.keys(found[0]!)).not.toContain("commonData"); // the short form
  });

  it("the portal's own default is companies only: why the client sends -1", async () => {
    const { body } = await raw("contact/byprefix?prefix=a");
    expect(ids(body.response)).toEqual([9]);
  });

  it.each([
    ["person", "1", [8, 10]],
    ["company", "0", [7, 9]],
    ["any", "-1", [8, 7, 10, 9]],
  ] as const)("type %s is searchType %s", async (type, searchType, expected) => {
    const found = await crm.searchContacts("n", { type });
    expect(sent().query).toEqual([
      ["prefix", "n"],
      ["searchType", searchType],
    ]);
    expect(ids(found)).toEqual(expected);
  });

  it("the primary phone only: another phone does not count, and no primary phone means none", async () => {
    const [contoso] = await crm.searchContacts("contoso");
    expect(contoso?.phone?.data).toBe("+49 30 1234567");
    const [ben] = await crm.searchContacts("ben");
    expect(ben?.id).toBe(8);
    expect(ben).not.toHaveProperty("phone");
  });

  it("every word, anywhere in the name, any case; at most 30, by name", async () => {
    expect(ids(await crm.searchContacts("SCUL dan"))).toEqual([10]);
    const many = Array.from({ length: 40 }, (_, i) => {
      const person = structuredClone(seedContacts()[3]!) as Person;
      return { ...person, id: 1000 + i, displayName: `Zed ${String(i).padStart(2, "0")}` };
    });
    await portal.close();
    portal = await startFakePortal({ contacts: many });
    crm = createCrmClient({ baseUrl: portal.url, token: portal.token });
    const found = await crm.searchContacts("zed");
    expect(found).toHaveLength(30);
    expect(found[29]?.displayName).toBe("Zed 29");
  });

  it.each([
    ["", {}, RangeError, /text must not be empty/],
    ["  ", {}, RangeError, /text must not be empty/],
    [5, {}, TypeError, /text must be a string/],
    ["a", { type: "all" }, RangeError, /search.type must be one of any, person, company/],
    ["a", { caseId: 42 }, TypeError, /search has no field caseId/],
  ] as const)("refuses %j %j and sends nothing", async (text, search, type, message) => {
    const found = crm.searchContacts(text as string, search as never);
    await expect(found).rejects.toThrow(type);
    await expect(found).rejects.toThrow(message);
    expect(portal.requests).toHaveLength(0);
  });
});

describe("listContacts pages (property)", () => {
  /** `n` contacts with shuffled IDs, some hidden from the user. */
  const contacts = fc
    .uniqueArray(fc.integer({ min: 1, max: 5000 }), { maxLength: 40 })
    .chain((idList) =>
      fc.tuple(
        fc.constant(idList),
        fc.array(fc.boolean(), { minLength: idList.length, maxLength: idList.length }),
      ),
    )
    .map(([idList, hidden]) =>
      idList.map((id, i) => {
        const person = structuredClone(seedContacts()[hidden[i] ? 4 : 3]!) as Person; // Eve or Dana
        return {
          ...person,
          id,
          displayName: `Person ${id}`,
          smallFotoUrl: `${id}`,
          mediumFotoUrl: `${id}`,
        };
      }),
    );

  it("for await yields each visible contact exactly once, in order, for any page size", async () => {
    await fc.assert(
      fc.asyncProperty(
        contacts,
        fc.integer({ min: 1, max: 12 }),
        fc.constantFrom("id", "displayName", undefined),
        async (list, pageSize, sortBy) => {
          portal.contacts.clear();
          for (const contact of list) portal.contacts.set(contact.id, contact);
          portal.requests.length = 0;
          const visible = list.filter((c) => !c.isPrivate).map((c) => c.id);
          const expected =
            sortBy === "displayName"
              ? [...visible].sort((a, b) => (`Person ${a}` < `Person ${b}` ? -1 : 1))
              : [...visible].sort((a, b) => a - b); // no sortBy: all created at once, ties by ID
          const seen: number[] = [];
          for await (const c of crm.listContacts(sortBy ? { sortBy } : {}, { pageSize }))
            seen.push(c.id);
          expect(seen).toEqual(expected);
          // One request per page: a full last page says there is no more.
          expect(portal.requests).toHaveLength(Math.max(1, Math.ceil(expected.length / pageSize)));
        },
      ),
      { numRuns: 60 },
    );
  });
});

describe("the date guard (property)", () => {
  const instants = fc.date({
    min: new Date("0001-01-01T00:00:00.001Z"),
    max: new Date("9999-12-31T23:59:59.999Z"),
    noInvalidDate: true,
  });

  it("sends a Date as its toISOString()", () => {
    fc.assert(fc.property(instants, (d) => expect(date("d", d)).toBe(d.toISOString())));
  });

  it("reads an ApiDateTime at any offset as the same instant", () => {
    const offsets = fc.integer({ min: -14 * 60, max: 14 * 60 });
    fc.assert(
      fc.property(instants, offsets, (d, offset) => {
        const text = apiDateTime(d, offset); // `…ss.fffffff±hh:mm`, as a portal writes it
        fc.pre(/^\d{4}-/.test(text)); // the wall clock may leave the years 1–9999
        expect(date("d", text)).toBe(d.toISOString());
      }),
    );
  });

  it("refuses a wall clock that does not exist (31 February, 24:00) instead of moving it", () => {
    for (const text of [
      "2024-02-31T10:00:00Z",
      "2023-02-29T00:00:00.0000000+03:00",
      "2024-03-05T24:00:00Z",
    ]) {
      expect(() => date("d", text)).toThrow(RangeError);
    }
  });
});
