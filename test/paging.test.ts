// Paging as iteration, as a property: for any number of cases and any page size, `for await`
// yields each case exactly once, in order, with one request per page and no request past the end.
import fc from "fast-check";
import { createCrmClient, type Case } from "../src";
import { seedCases, startFakePortal } from "../src/testing";

function cases(count: number, titles: string[]): Case[] {
  const [template] = seedCases().filter((c) => c.id === 7);
  return Array.from({ length: count }, (_, i) => ({
    ...structuredClone(template!),
    id: 1000 + i * 3,
    title: titles[i % titles.length]!,
    isClosed: i % 4 === 0,
  }));
}

describe("listCases, for any number of cases and page size", () => {
  it("yields each case exactly once, in the portal's order, one request per page", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 0, max: 45 }),
        fc.integer({ min: 1, max: 12 }),
        fc.constantFrom("id" as const, "title" as const),
        fc.array(fc.constantFrom("Alpha", "beta", "Gamma", "alpha"), {
          minLength: 1,
          maxLength: 4,
        }),
        async (count, pageSize, sortBy, titles) => {
          const seeded = cases(count, titles);
          const portal = await startFakePortal({ cases: seeded, caseTags: {} });
          try {
            const crm = createCrmClient({ baseUrl: portal.url, token: portal.token });
            const ids: number[] = [];
            for await (const c of crm.listCases({ sortBy }, { pageSize })) ids.push(c.id);
            // What one unpaged request answers is the order every page must follow.
            const all = await crm.listCases({ sortBy }, { pageSize: 1000 });
            expect(ids).toEqual(all.items.map((c) => c.id));
            expect([...ids].sort()).toEqual(seeded.map((c) => c.id).sort());
            const pages = Math.max(1, Math.ceil(count / pageSize));
            expect(portal.requests).toHaveLength(pages + 1);
          } finally {
            await portal.close();
          }
        },
      ),
      { numRuns: 40 },
    );
  });

  it("with maxItems, yields the first maxItems and asks for no more", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 30 }),
        fc.integer({ min: 1, max: 10 }),
        fc.integer({ min: 1, max: 35 }),
        async (count, pageSize, maxItems) => {
          const portal = await startFakePortal({ cases: cases(count, ["x"]), caseTags: {} });
          try {
            const crm = createCrmClient({ baseUrl: portal.url, token: portal.token });
            const ids: number[] = [];
            for await (const c of crm.listCases({ sortBy: "id" }, { pageSize, maxItems }))
              ids.push(c.id);
            expect(ids).toHaveLength(Math.min(count, maxItems));
            const asked = portal.requests.map((r) =>
              Number(new URL(r.url, "http://p").searchParams.get("count")),
            );
            expect(asked.reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(
              Math.max(maxItems, pageSize),
            );
          } finally {
            await portal.close();
          }
        },
      ),
      { numRuns: 30 },
    );
  });
});

describe("a paged list awaited", () => {
  it("is one page, fetched once however often it is awaited", async () => {
    const portal = await startFakePortal();
    try {
      const crm = createCrmClient({ baseUrl: portal.url, token: portal.token });
      const list = crm.listCases({}, { pageSize: 2 });
      const [a, b] = await Promise.all([list, list]);
      expect(a).toBe(b);
      expect(a.items).toHaveLength(2);
      expect(portal.requests).toHaveLength(1);
    } finally {
      await portal.close();
    }
  });
});
