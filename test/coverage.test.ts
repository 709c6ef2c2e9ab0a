// The spec against the server's routes (openapi/server-routes.json, from scripts/server-routes.mjs):
// every route covered or listed with its reason, parameters where the server reads them, response
// members as the server sends them. The rules are in scripts/coverage.cjs.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "yaml";
import { coverage } from "../scripts/coverage.cjs";

const read = (path: string): string => readFileSync(join(__dirname, "..", path), "utf8");
const spec = parse(read("openapi/onlyoffice-crm.yaml"));
const server = JSON.parse(read("openapi/server-routes.json"));
const exceptions = parse(read("openapi/coverage-exceptions.yaml"));
const result = coverage(spec, server, exceptions);
const figure = `${result.covered} of ${result.total}`;

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Spec = any;
const mutated = (change: (copy: Spec) => void): string[] => {
  const copy = structuredClone(spec);
  change(copy);
  return coverage(copy, server, exceptions).differences;
};

describe("the spec covers the server's routes", () => {
  it(`covers ${figure} CRM routes, and lists the rest with a reason`, () => {
    expect(result.differences).toEqual([]);
    expect(result.total).toBe(server.routes.length);
    expect(result.covered).toBeGreaterThan(0);
    const listed = Object.keys(exceptions.notCovered);
    expect(result.covered + listed.length).toBe(result.total);
    for (const reason of Object.values(exceptions.notCovered)) expect(reason).toMatch(/\S/);
  });

  it("names the server's tag", () => {
    expect(server.tag).toBe("v12.7.1");
    expect(server.routeCount).toBe(server.routes.length);
  });

  it("reports an operation removed from the spec", () => {
    const differences = mutated((copy) => {
      delete copy.paths["/api/2.0/crm/case/{caseid}/reopen"].put;
    });
    expect(differences).toEqual([
      expect.stringMatching(/^PUT case\/\{caseid\}\/reopen: a server route \(ReOpenCases/),
    ]);
  });

  it("reports a stale entry in the list of routes not covered", () => {
    const copy = structuredClone(exceptions);
    copy.notCovered["PUT case/{caseid}/reopen"] = "not yet covered";
    expect(coverage(spec, server, copy).differences).toEqual([
      expect.stringMatching(
        /^PUT case\/\{caseid\}\/reopen: covered by operation reopenCase.*stale/,
      ),
    ]);
  });

  it("reports a renamed query parameter", () => {
    const differences = mutated((copy) => {
      const prefix = copy.paths["/api/2.0/crm/case/byprefix"].get.parameters.find(
        (p: { name?: string }) => p.name === "prefix",
      );
      prefix.name = "search";
    });
    expect(differences).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/searchCases.*server parameter prefix .*not a query parameter/),
        expect.stringMatching(/searchCases.*query parameter search is not a parameter of/),
      ]),
    );
  });

  it("reports a response member dropped from a schema", () => {
    const differences = mutated((copy) => {
      delete copy.components.schemas.Case.properties.isClosed;
      copy.components.schemas.Case.required = copy.components.schemas.Case.required.filter(
        (name: string) => name !== "isClosed",
      );
    });
    expect(differences).toContainEqual(
      expect.stringMatching(/\(reopenCase\) 200 response: member isClosed .* is missing/),
    );
  });

  it("reports a member that is always sent but optional, and one left out by default but required", () => {
    const differences = mutated((copy) => {
      const task = copy.components.schemas.Task;
      task.required = [...task.required.filter((n: string) => n !== "id"), "description"];
    });
    expect(differences).toEqual(
      expect.arrayContaining([
        expect.stringMatching(
          /\(getTask\) 200 response: member id is always sent .* but not required/,
        ),
        expect.stringMatching(
          /\(getTask\) 200 response: member description is left out when default/,
        ),
      ]),
    );
  });

  it("reports a list where the server sends one object", () => {
    const differences = mutated((copy) => {
      copy.paths["/api/2.0/crm/case/{caseid}"].get.responses["200"].content[
        "application/json"
      ].schema = { $ref: "#/components/schemas/CaseListEnvelope" };
    });
    expect(differences).toContainEqual(
      expect.stringMatching(/\(getCase\) 200 response: the server sends a single value/),
    );
  });

  it("reports a spec operation the server does not have", () => {
    const differences = mutated((copy) => {
      copy.paths["/api/2.0/crm/case/{caseid}/archive"] = {
        put: { operationId: "archiveCase", responses: {} },
      };
    });
    expect(differences).toContainEqual(
      expect.stringMatching(
        /^PUT case\/\{caseid\}\/archive \(archiveCase\): a spec operation with no server route/,
      ),
    );
  });

  it("the README states the figure, with a link to what is not covered and why", () => {
    const readme = read("README.md");
    expect(readme).toContain(
      `Covers **${figure}** CRM routes ([what is not covered, and why](openapi/coverage-exceptions.yaml)).`,
    );
  });
});
