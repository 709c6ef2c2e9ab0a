// The facade's hooks for a part of the portal, over real HTTP: `of` (a method calling an operation
// of another name), `after` (what a method resolves to), `errors` (the error the user sees),
// `composites` (methods that are not one request), and multipart bodies (FORM).
import { createServer, type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";
import {
  casesOperations,
  customFieldsOperations,
  FORM,
  invoicesOperations,
} from "../generated/operations";
import { deals } from "../src/parts/deals";
import { fieldDefinitions } from "../src/parts/field-values";
import { Case } from "../generated/validate";
import { createCrmClientFor, NotFoundError, type Area, type Case as CaseT } from "../src";
import { entity, id } from "../src/core/guards";
import { hooks } from "../src/core/hooks";
import { formData } from "../src/core/shapes";
import { startFakePortal, type FakePortal } from "../src/testing";

let portal: FakePortal;
beforeEach(async () => {
  portal = await startFakePortal();
});
afterEach(() => portal.close());

interface Methods {
  caseTitle(caseId: number): Promise<string>;
  titles(caseIds: number[]): Promise<string[]>;
}

class CaseGone extends Error {}

const area: Area<Methods> = {
  operations: casesOperations,
  lines: { caseTitle: [["caseId", "caseid", id]] },
  of: { caseTitle: "getCase" },
  after: {
    caseTitle: (found: CaseT, { args }) => `${found.title} (#${String(args[0])}, ${args.length})`,
  },
  errors: {
    caseTitle: (error, { args }) =>
      error instanceof NotFoundError ? new CaseGone(`case ${String(args[0])} is gone`) : undefined,
  },
  composites: {
    titles: async ({ crm }, caseIds: number[]) => {
      const { caseTitle } = crm as Methods;
      return Promise.all(caseIds.map((caseId) => caseTitle(caseId)));
    },
  },
  hooks,
};

describe("a part's hooks", () => {
  it("of, after: the method calls getCase and resolves to what `after` makes of the case", async () => {
    const crm = createCrmClientFor([area], { baseUrl: portal.url, token: portal.token });
    await expect(crm.caseTitle(42)).resolves.toBe("Printer on floor 3 jams again (#42, 1)");
    expect(portal.requests.map((r) => `${r.method} ${r.url}`)).toEqual([
      "GET /api/2.0/crm/case/42",
    ]);
  });

  it("errors: the part's error instead of the NotFoundError; other errors unchanged", async () => {
    const crm = createCrmClientFor([area], {
      baseUrl: portal.url,
      token: portal.token,
      maxRetries: 0,
    });
    await expect(crm.caseTitle(404404)).rejects.toThrow(new CaseGone("case 404404 is gone"));
    await expect(crm.caseTitle(0)).rejects.toBeInstanceOf(RangeError);
    expect(portal.requests).toHaveLength(1);
  });

  it("composites call the client's methods", async () => {
    const crm = createCrmClientFor([area], { baseUrl: portal.url, token: portal.token });
    await expect(crm.titles([42, 13])).resolves.toHaveLength(2);
    expect(portal.requests).toHaveLength(2);
  });

  it("entity(): the user's word becomes the portal's, anything else is refused", () => {
    const check = entity({ contact: "contact", deal: "opportunity" });
    expect(check("entity", "deal")).toBe("opportunity");
    expect(() => check("entity", "opportunity")).toThrow("entity must be one of contact, deal");
    expect(() => check("entity", "toString")).toThrow(RangeError);
  });
});

describe("a multipart body (FORM)", () => {
  it("sends a Blob as a file part and the rest as fields, with fetch's boundary", async () => {
    const received: { type?: string; body: string }[] = [];
    const server = createServer((req: IncomingMessage, res) => {
      let body = "";
      req.on("data", (chunk: Buffer) => (body += chunk.toString("latin1")));
      req.on("end", () => {
        received.push({ type: req.headers["content-type"], body });
        res.writeHead(201, { "Content-Type": "application/json" });
        res.end(JSON.stringify({ status: 0, statusCode: 201, count: 1, response: sample }));
      });
    });
    // What the server answers: the portal's case 42, as the fake portal serves it.
    const answer = await fetch(`${portal.url}/api/2.0/crm/case/42`, {
      headers: { Authorization: portal.token },
    });
    const sample = ((await answer.json()) as { response: unknown }).response;
    await new Promise<void>((done) => server.listen(0, "127.0.0.1", done));
    try {
      const upload: Area<{
        upload(caseId: number, file: { file: Blob; note: string }): Promise<CaseT>;
      }> = {
        operations: {
          upload: ["crm/case/{caseid}/upload", FORM | (3 << 3), Case], // POST: METHODS[3]
        },
        form: formData,
        lines: {
          upload: [
            ["caseId", "caseid", id],
            { name: "file", fields: { file: ["file", (_, v) => v], note: ["note", (_, v) => v] } },
          ],
        },
      };
      const { port } = server.address() as AddressInfo;
      const crm = createCrmClientFor([upload], {
        baseUrl: `http://127.0.0.1:${port}`,
        token: "t0ken-for-test",
      });
      const file = new File(["%PDF-1.4 x"], "contract.pdf", { type: "application/pdf" });
      await expect(crm.upload(7, { file, note: "signed" })).resolves.toMatchObject({ id: 42 });
      const [{ type, body }] = received as [{ type: string; body: string }];
      const boundary = /^multipart\/form-data; boundary=(.+)$/.exec(type)?.[1];
      expect(boundary).toBeTruthy();
      expect(body).toContain('name="file"; filename="contract.pdf"');
      expect(body).toContain("Content-Type: application/pdf");
      expect(body).toContain("%PDF-1.4 x");
      expect(body).toContain(`name="note"\r\n\r\nsigned\r\n--${boundary}`);
    } finally {
      server.close();
    }
  });
});

it("a part's own copy of a generated row (to bundle one row, not a table) is that row", () => {
  // src/parts/field-values.ts copies listFieldDefinitions so that invoices and deals do not
  // bundle the whole Custom fields table; the table's format may change under it.
  expect(fieldDefinitions.operations.listFieldDefinitions).toEqual(
    customFieldsOperations.listFieldDefinitions,
  );
});

it("the Deals part's own row of GET invoice/sample (its currency only) has that route's path and flags", () => {
  // src/parts/deals.ts reads the portal's default currency without bundling the invoices table.
  const sample = (deals.needs ?? []).find((area) => area.operations.getInvoiceSample);
  expect(sample?.operations.getInvoiceSample?.slice(0, 2)).toEqual(
    invoicesOperations.getInvoiceSample.slice(0, 2),
  );
});
