// src/core/validate.ts on its own: the wording of problems and paths that the client tests do not reach.
import { AuthenticationToken, Case } from "../generated/validate";
import { checkResponse, firstProblem, type Schema } from "../src/core/validate";
import { InvalidResponseError } from "../src";

describe("firstProblem", () => {
  const table: Schema = {
    req: { n: "int32", list: { items: { nullable: "string" } } },
    opt: { e: { type: "string", enum: ["a", "b"] } },
  };
  const ok = { n: 1, list: ["x", null], extra: { anything: true } };

  it.each([
    ["a valid value, with extras", ok, undefined],
    [
      "an int32 below its range",
      { ...ok, n: -(2 ** 31) - 1 },
      { path: "response.n", problem: "must be int32 (got integer -2147483649)" },
    ],
    [
      "a fraction",
      { ...ok, n: 1.5 },
      { path: "response.n", problem: "must be int32 (got number)" },
    ],
    [
      "an object that cannot become a number",
      { ...ok, n: JSON.parse('{"toString": 1, "valueOf": 1}') },
      { path: "response.n", problem: "must be int32 (got object)" },
    ],
    [
      "an item of a nullable list",
      { ...ok, list: ["x", 5] },
      { path: "response.list[1]", problem: "must be string or null (got integer 5)" },
    ],
    [
      "a string enum (values from the spec are shown; the value is not)",
      { ...ok, e: "secret" },
      { path: "response.e", problem: "must be one of a, b (got string)" },
    ],
    ["not an object", [ok], { path: "response", problem: "must be object (got array)" }],
  ])("%s", (_name, value, expected) => {
    expect(firstProblem(table, value)).toEqual(expected);
  });

  it("AuthenticationToken: token may be null, not a number", () => {
    expect(firstProblem(AuthenticationToken, { token: null, tfa: true })).toBeUndefined();
    expect(firstProblem(AuthenticationToken, { token: 5 })).toEqual({
      path: "response.token",
      problem: "must be string or null (got integer 5)",
    });
  });
});

describe("checkResponse", () => {
  it("throws InvalidResponseError naming the operation, the path and the problem", () => {
    expect(() => checkResponse(Case, { id: 1 }, 200, "getCase")).toThrow(
      new InvalidResponseError(
        "HTTP 200 but the answer to getCase does not match the spec: response.title is missing",
        200,
      ),
    );
    let thrown: unknown;
    try {
      checkResponse(Case, { id: "1" }, 200, "getCase");
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(InvalidResponseError);
    expect(thrown).toMatchObject({ status: 200, path: "response.id" });
  });
});
