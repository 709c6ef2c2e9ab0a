// Every API error names the call: the method and the IDs it was called with (never the token nor
// any other argument), then the status and what it means, over real HTTP against the fake portal.
import {
  ApiError,
  AuthenticationError,
  createCrmClient,
  NotFoundError,
  PermissionDeniedError,
} from "../src";
import { startFakePortal, type FakePortal } from "../src/testing";

let portal: FakePortal;
beforeEach(async () => {
  portal = await startFakePortal();
});
afterEach(() => portal.close());

const client = (token = portal.token) =>
  createCrmClient({ baseUrl: portal.url, token, maxRetries: 0 });

const failure = (promise: Promise<unknown>) =>
  promise.then(
    () => undefined,
    (e: unknown) => e,
  );

describe("an API error names its call", () => {
  it("getCase(4242): HTTP 404: the case was not found", async () => {
    const error = await failure(client().getCase(4242));
    expect(error).toBeInstanceOf(NotFoundError);
    expect(error).toMatchObject({
      message: "getCase(4242): HTTP 404: the case was not found",
      call: "getCase(4242)",
      status: 404,
      portalMessage: "Not found",
    });
  });

  it("two IDs: both shown, both named", async () => {
    const error = await failure(client().removeCaseMember(4242, 7));
    expect((error as Error).message).toMatch(/^removeCaseMember\(4242, 7\): HTTP 404: /);
  });

  it("a list of IDs is shown short; text arguments are never shown", async () => {
    const many = await failure(client().deleteCases([4242, 4243, 4244, 4245, 4246, 4247]));
    // The portal deletes none of them and answers an empty list: not an error.
    expect(many).toBeUndefined();
    const tagged = await failure(client().addCaseTag(4242, "secret customer name"));
    expect(tagged).toBeInstanceOf(ApiError);
    expect((tagged as Error).message).toMatch(/^addCaseTag\(4242\): HTTP \d+/);
    expect(JSON.stringify(tagged)).not.toContain("secret customer name");
  });

  it("403: the portal's words and what they mean", async () => {
    const error = await failure(client().closeCase(99));
    expect(error).toBeInstanceOf(PermissionDeniedError);
    expect((error as Error).message).toBe("closeCase(99): HTTP 403: this user may not do that");
  });

  it("401: readable, and the token is nowhere", async () => {
    const wrong = "WRONG-TOKEN-4a1b2c3d4e5f";
    const error = await failure(client(wrong).getCase(42));
    expect(error).toBeInstanceOf(AuthenticationError);
    expect((error as Error).message).toBe(
      "getCase(42): HTTP 401: the token was refused (wrong or expired)",
    );
    expect(JSON.stringify(error) + String(error)).not.toContain(wrong);
  });

  it("a read-first's error names the read (the call that failed)", async () => {
    const error = await failure(client().updateCase(4242, { title: "New" }));
    expect((error as Error).message).toBe("getCase(4242): HTTP 404: the case was not found");
  });

  it("a paged list names its method", async () => {
    portal.queue((_req, res) => {
      res.writeHead(500, { "Content-Type": "application/json" });
      res.end(JSON.stringify({ status: 1, statusCode: 500, error: { message: "boom" } }));
    });
    const error = await failure(Promise.resolve(client().listCases({ isClosed: true })));
    expect((error as Error).message).toBe("listCases(): HTTP 500: boom");
  });
});
