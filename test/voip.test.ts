// VoIP (queue settings, token) against the fake portal over real HTTP: a portal without Twilio
// keys, an admin's settings in minutes both ways, and what is refused before anything is sent.
import fc from "fast-check";
import {
  BadRequestError,
  createCrmClient,
  InternalServerError,
  NotFoundError,
  PermissionDeniedError,
  VoipNotConfiguredError,
  type CrmClient,
  type VoipAgent,
  type VoipCall,
  type VoipPhone,
} from "../src";
import {
  CURRENT_USER,
  startFakePortal,
  THIRD_USER,
  type FakePortal,
  type VoipCallRow,
  type VoipOptions,
} from "../src/testing";

import { sent } from "./requests";

let portal: FakePortal;
let crm: CrmClient;

async function start(voip?: VoipOptions) {
  portal = await startFakePortal({ voip });
  crm = createCrmClient({ baseUrl: portal.url, token: portal.token });
}
afterEach(() => portal.close());

describe("a portal without Twilio keys (the default)", () => {
  it("getVoipToken: the 400 accountSid is a VoipNotConfiguredError with a clear message", async () => {
    await start();
    const error = await crm.getVoipToken().catch((e: unknown) => e);
    expect(sent(portal.requests[0])).toEqual({
      method: "GET",
      path: "/api/2.0/crm/voip/token",
      query: {},
    });
    expect(error).toBeInstanceOf(VoipNotConfiguredError);
    expect(error).toBeInstanceOf(BadRequestError);
    expect(String(error)).toMatch(/Twilio account SID and auth token/);
    // It names the call, as every ApiError of a method does.
    expect(error).toMatchObject({ call: "getVoipToken()", status: 400 });
    expect((error as Error).message).toMatch(/^getVoipToken\(\): VoIP is not configured/);
  });

  it("the settings are for admins only (403); the portal-wide admin option counts", async () => {
    await start();
    await expect(crm.getVoipSettings()).rejects.toBeInstanceOf(PermissionDeniedError);
    await portal.close();
    portal = await startFakePortal({ admin: true });
    crm = createCrmClient({ baseUrl: portal.url, token: portal.token });
    await expect(crm.getVoipSettings()).resolves.toMatchObject({ pause: false });
  });

  it("an admin reads the default queue; an update with no numbers stores nothing", async () => {
    await start({ admin: true });
    await expect(crm.getVoipSettings()).resolves.toEqual({
      queue: { id: null, name: "Default", size: 5, waitUrl: "", waitTime: 5 },
      pause: false,
    });
    await crm.updateVoipSettings({ size: 8 });
    await expect(crm.getVoipSettings()).resolves.toMatchObject({ queue: { size: 5 } });
  });
});

describe("a simulated provider (Twilio keys set, one number)", () => {
  beforeEach(() => start({ admin: true, twilio: true }));

  it("getVoipSettings gives waitTime in minutes (the portal answers the stored seconds)", async () => {
    const settings = await crm.getVoipSettings();
    expect(settings.queue).toMatchObject({ id: "QU0001", waitTime: 5 });
    const raw = await fetch(`${portal.url}/api/2.0/crm/voip/numbers/settings`, {
      headers: { Authorization: portal.token },
    }).then((r) => r.json() as Promise<{ response: { queue: { waitTime: number } } }>);
    expect(raw.response.queue.waitTime).toBe(300);
  });

  it("updateVoipSettings reads first, sends queue with pause, minutes both ways: no inflation", async () => {
    const updated = await crm.updateVoipSettings({ pause: true });
    expect(portal.requests.map((r) => `${r.method} ${sent(r).path}`)).toEqual([
      "GET /api/2.0/crm/voip/numbers/settings",
      "PUT /api/2.0/crm/voip/numbers/settings",
    ]);
    expect(JSON.parse(portal.requests[1]!.body)).toEqual({
      queue: { size: 5, waitTime: 5 },
      pause: true,
    });
    expect(updated.pause).toBe(true);
    // Read-modify-write twice: the wait time stays 5 minutes.
    await crm.updateVoipSettings({ size: 6 });
    await crm.updateVoipSettings({ size: 7 });
    await expect(crm.getVoipSettings()).resolves.toMatchObject({
      queue: { size: 7, waitTime: 5 },
      pause: true,
    });
    await crm.updateVoipSettings({ waitTime: 3 });
    await expect(crm.getVoipSettings()).resolves.toMatchObject({ queue: { waitTime: 3 } });
  });

  it("refuses bad settings before sending anything, the read included", async () => {
    const bad: [unknown, ErrorConstructor][] = [
      [{}, RangeError],
      [{ waitTime: 0 }, RangeError],
      [{ waitTime: 1.5 }, RangeError],
      [{ waitUrl: "music.mp3" }, TypeError],
      [{ queue: {} }, TypeError],
    ];
    for (const [changes, ErrorClass] of bad) {
      await expect(crm.updateVoipSettings(changes as never)).rejects.toThrow(ErrorClass);
    }
    expect(portal.requests).toHaveLength(0);
  });
});

// ---------------------------------------------------------------------------------------------
// Numbers, audio, operators and calls (issue 20's telephony).

const PN1 = `PN${"1".padStart(32, "0")}`;
const PN2 = `PN${"2".padStart(32, "0")}`;
const ME = CURRENT_USER.id;
const OTHER = THIRD_USER.id;

/** The last request: method, path, query, and its JSON body (or undefined). */
function last() {
  const request = portal.requests.at(-1);
  return { ...sent(request), body: request?.body ? JSON.parse(request.body) : undefined };
}
const routes = () => portal.requests.map((r) => `${r.method} ${sent(r).path.slice(13)}`);

describe("numbers, audio, operators and calls on a portal without Twilio keys", () => {
  it("the provider routes answer a VoipNotConfiguredError; buying reads first and sends no POST", async () => {
    await start({ admin: true });
    for (const attempt of [
      () => crm.listUnlinkedVoipNumbers(),
      () => crm.findVoipNumbers("US"),
      () => crm.buyVoipNumber("+15550199"),
    ]) {
      await expect(attempt()).rejects.toBeInstanceOf(VoipNotConfiguredError);
    }
    expect(routes()).toEqual([
      "GET voip/numbers/unlinked",
      "GET voip/numbers/available",
      "GET voip/numbers/existing",
      "GET voip/numbers/unlinked",
    ]);
  });

  it("database reads answer as a portal with no numbers and no calls", async () => {
    await start({ admin: true });
    await expect(crm.listVoipNumbers()).resolves.toEqual([]);
    await expect(crm.getCurrentVoipNumber()).rejects.toBeInstanceOf(NotFoundError);
    await expect(crm.listMissedCalls()).resolves.toEqual([]);
    await expect(crm.listCalls()).resolves.toMatchObject({ items: [] });
    await expect(crm.listVoipUploads()).resolves.toEqual([]);
  });

  it("a user who is not an admin gets 403 on the admin routes", async () => {
    await start();
    await expect(crm.listVoipNumbers()).rejects.toBeInstanceOf(PermissionDeniedError);
    await expect(crm.listVoipUploads()).rejects.toBeInstanceOf(PermissionDeniedError);
  });
});

describe("numbers on a simulated provider", () => {
  beforeEach(() => start({ admin: true, twilio: true }));

  it("listVoipNumbers: the stored number with its operators, the caller, waitTime in minutes", async () => {
    const [phone, ...rest] = await crm.listVoipNumbers();
    expect(last()).toMatchObject({ method: "GET", path: "/api/2.0/crm/voip/numbers/existing" });
    expect(rest).toEqual([]);
    expect(phone).toMatchObject({
      id: PN1,
      number: "15550100",
      alias: "Support",
      caller: { id: ME, clientID: "15550100100", postFix: "100", status: 2, answer: 2 },
      settings: { queue: { id: "QU0001", waitTime: 5 }, allowOutgoingCalls: true, record: true },
    });
    expect(phone!.settings.operators.map((o) => o.id)).toEqual([ME]);
  });

  it("listUnlinkedVoipNumbers and findVoipNumbers: what the account has and what is for sale", async () => {
    await expect(crm.listUnlinkedVoipNumbers()).resolves.toMatchObject([
      { id: PN2, number: "+15550101", alias: null, caller: null },
    ]);
    const local = await crm.findVoipNumbers("US");
    expect(last()).toMatchObject({ query: { isoCountryCode: "US" } });
    expect(local.map((p) => p.number)).toEqual(["+15550199", "+15550198"]);
    const free = await crm.findVoipNumbers("US", "tollFree");
    expect(last()).toMatchObject({ query: { isoCountryCode: "US", numberType: "1" } });
    expect(free.map((p) => p.number)).toEqual(["+18005550100"]);
  });

  it("buyVoipNumber reads the portal's and the account's numbers, then buys once", async () => {
    const bought = await crm.buyVoipNumber("+15550199");
    expect(routes()).toEqual([
      "GET voip/numbers/existing",
      "GET voip/numbers/unlinked",
      "POST voip/numbers",
    ]);
    expect(last().body).toEqual({ number: "+15550199" });
    // A new queue holds 5 seconds (TwilioProvider.cs:101): 1/12 of a minute.
    expect(bought).toMatchObject({ number: "15550199", settings: { queue: { waitTime: 5 / 60 } } });
    expect((await crm.listVoipNumbers()).map((p) => p.number)).toEqual(["15550100", "15550199"]);
  });

  it("buyVoipNumber refuses a number the portal or the account has, and a malformed one", async () => {
    await expect(crm.buyVoipNumber("+15550100")).rejects.toThrow(/already the portal's/);
    await expect(crm.buyVoipNumber("+15550101")).rejects.toThrow(/linkVoipNumber/);
    expect(routes()).toEqual([
      "GET voip/numbers/existing",
      "GET voip/numbers/existing",
      "GET voip/numbers/unlinked",
    ]);
    portal.requests.length = 0;
    for (const bad of ["15550199", "+1 555 0199", "", 15550199]) {
      await expect(crm.buyVoipNumber(bad as string)).rejects.toThrow(/E\.164|string|empty/);
    }
    expect(portal.requests).toHaveLength(0);
  });

  it("linkVoipNumber links an account number, and refuses one the portal has", async () => {
    const linked = await crm.linkVoipNumber(PN2);
    expect(routes()).toEqual(["GET voip/numbers/existing", "POST voip/numbers/link"]);
    expect(last().body).toEqual({ id: PN2 });
    expect(linked).toMatchObject({ id: PN2, number: "15550101", settings: { operators: [] } });
    portal.requests.length = 0;
    await expect(crm.linkVoipNumber(PN1)).rejects.toThrow(/wipe its operators/);
    expect(routes()).toEqual(["GET voip/numbers/existing"]);
    await expect(crm.linkVoipNumber("PN 1")).rejects.toThrow(RangeError);
    expect(portal.requests).toHaveLength(1);
  });

  it("getVoipNumber by SID or number, getCurrentVoipNumber, and a 404", async () => {
    await expect(crm.getVoipNumber(PN1)).resolves.toMatchObject({ id: PN1 });
    expect(last()).toMatchObject({ method: "GET", path: `/api/2.0/crm/voip/numbers/${PN1}` });
    await expect(crm.getVoipNumber("15550100")).resolves.toMatchObject({ id: PN1 });
    await expect(crm.getCurrentVoipNumber()).resolves.toMatchObject({
      id: PN1,
      caller: { id: ME },
    });
    expect(last().path).toBe("/api/2.0/crm/voip/numbers/current");
    await expect(crm.getVoipNumber("PN404")).rejects.toBeInstanceOf(NotFoundError);
    const before = portal.requests.length;
    await expect(crm.getVoipNumber("+15550100")).rejects.toThrow(RangeError);
    expect(portal.requests).toHaveLength(before);
  });

  it("deleteVoipNumber removes it from the portal; it stays on the account (not released)", async () => {
    await expect(crm.deleteVoipNumber(PN1)).resolves.toMatchObject({ id: PN1 });
    expect(last()).toMatchObject({ method: "DELETE", path: `/api/2.0/crm/voip/numbers/${PN1}` });
    await expect(crm.listVoipNumbers()).resolves.toEqual([]);
    const unlinked = await crm.listUnlinkedVoipNumbers();
    expect(unlinked.map((p) => p.id)).toEqual([PN1, PN2]);
  });

  it("deleteVoipNumber takes the SID only: by the digits a portal answers 200 and keeps the number", async () => {
    await expect(crm.deleteVoipNumber("15550100")).rejects.toThrow(/Twilio SID/);
    expect(portal.requests).toHaveLength(0);
    // What the client prevents: the portal finds the number by its digits, deletes by SID.
    const raw = await fetch(`${portal.url}/api/2.0/crm/voip/numbers/15550100`, {
      method: "DELETE",
      headers: { Authorization: portal.token },
    });
    expect(raw.status).toBe(200);
    await expect(crm.listVoipNumbers()).resolves.toMatchObject([{ id: PN1 }]);
  });

  it("updateVoipNumberSettings sends the changes, working hours whole, as the portal names them", async () => {
    const changed = await crm.updateVoipNumberSettings(PN1, {
      alias: "Sales",
      workingHours: { enabled: true, from: "09:00", to: "18:00" },
      record: false,
    });
    expect(last()).toMatchObject({
      method: "PUT",
      path: `/api/2.0/crm/voip/numbers/${PN1}/settings`,
      body: {
        alias: "Sales",
        workingHours: { enabled: true, from: "09:00:00", to: "18:00:00" },
        record: false,
      },
    });
    expect(changed).toMatchObject({
      alias: "Sales",
      settings: {
        workingHours: { enabled: true, from: "09:00:00", to: "18:00:00" },
        record: false,
      },
    });
    // record=false switches it off for every operator too (VO:300-303).
    expect(changed.settings.operators.every((o) => !o.record)).toBe(true);
  });

  it("updateVoipNumberSettings refuses what the portal would ignore or lose", async () => {
    const bad: [unknown, ErrorConstructor][] = [
      [{}, RangeError],
      [{ alias: "" }, RangeError],
      [{ alias: "  " }, RangeError],
      [{ greeting: "hello.mp3" }, TypeError],
      [{ workingHours: { enabled: false } }, TypeError],
      [{ workingHours: { enabled: true, from: "9:00", to: "18:00" } }, RangeError],
      // A time that is not a string is a wrong type, as everywhere else.
      [{ workingHours: { enabled: true, from: 900, to: "18:00" } }, TypeError],
      [{ queue: {} }, TypeError],
    ];
    for (const [changes, ErrorClass] of bad) {
      await expect(crm.updateVoipNumberSettings(PN1, changes as never)).rejects.toThrow(ErrorClass);
    }
    expect(portal.requests).toHaveLength(0);
  });
});

describe("audio files on a simulated provider", () => {
  beforeEach(() => start({ admin: true, twilio: true }));

  it("listVoipUploads: per type, the uploads then the defaults", async () => {
    const uploads = await crm.listVoipUploads();
    expect(last().path).toBe("/api/2.0/crm/voip/uploads");
    expect(uploads.map((u) => [u.audioType, u.name, u.isDefault])).toEqual([
      [0, "hello.mp3", false],
      [0, "greeting.mp3", true],
      [1, "old-music.mp3", false],
      [3, "queue.mp3", true],
    ]);
    expect(uploads[0]!.path).toMatch(/^https:\/\/.*\/greeting\/hello\.mp3$/);
  });

  it("deleteVoipUpload sends the type's number and the name; the number falls back to the default", async () => {
    await expect(crm.deleteVoipUpload("greeting", "hello.mp3")).resolves.toMatchObject({
      name: "hello.mp3",
      audioType: 0,
    });
    expect(last()).toMatchObject({
      method: "DELETE",
      path: "/api/2.0/crm/voip/uploads",
      query: { audioType: "0", fileName: "hello.mp3" },
    });
    const [phone] = await crm.listVoipNumbers();
    expect(phone!.settings.greetingAudio).toMatch(/default\/greeting\/greeting\.mp3$/);
    await expect(crm.deleteVoipUpload("greeting", "hello.mp3")).rejects.toBeInstanceOf(
      NotFoundError,
    );
  });

  it("deleteVoipUpload refuses an unknown type and a path, sending nothing", async () => {
    await expect(crm.deleteVoipUpload("music" as never, "a.mp3")).rejects.toThrow(RangeError);
    for (const name of ["../a.mp3", "x/a.mp3", "x\\a.mp3", ""]) {
      await expect(crm.deleteVoipUpload("holdUp", name)).rejects.toThrow(RangeError);
    }
    expect(portal.requests).toHaveLength(0);
  });
});

describe("operators on a simulated provider", () => {
  beforeEach(() => start({ admin: true, twilio: true }));

  it("list, add (postfixes continue), a repeat is the portal's Duplicate, remove renumbers", async () => {
    await expect(crm.listVoipOperators(PN1)).resolves.toEqual([ME]);
    expect(last().path).toBe(`/api/2.0/crm/voip/numbers/${PN1}/oper`);
    const added = await crm.addVoipOperators(PN1, [OTHER]);
    expect(last()).toMatchObject({ method: "PUT", body: { operators: [OTHER] } });
    expect(added).toMatchObject([{ id: OTHER, postFix: "101", clientID: "15550100101" }]);
    const again = await crm.addVoipOperators(PN1, [OTHER]).catch((e: unknown) => e);
    expect(again).toBeInstanceOf(BadRequestError);
    expect(again).not.toBeInstanceOf(VoipNotConfiguredError);
    await expect(crm.removeVoipOperator(PN1, ME)).resolves.toBe(ME);
    expect(last()).toMatchObject({ method: "DELETE", query: { oper: ME } });
    const [phone] = await crm.listVoipNumbers();
    expect(phone!.settings.operators).toMatchObject([{ id: OTHER, postFix: "100" }]);
  });

  it("refuses an empty list, a user twice, a non-GUID, sending nothing", async () => {
    await expect(crm.addVoipOperators(PN1, [])).rejects.toThrow(/^userIds must not be empty$/);
    await expect(crm.addVoipOperators(PN1, [OTHER, OTHER.toUpperCase()])).rejects.toThrow(/twice/);
    await expect(crm.addVoipOperators(PN1, ["anna"])).rejects.toThrow(/GUID/);
    await expect(crm.removeVoipOperator(PN1, "anna")).rejects.toThrow(/GUID/);
    expect(portal.requests).toHaveLength(0);
  });

  it("updateVoipOperator sends enums as numbers; refuses unknown words and no change", async () => {
    const agent = await crm.updateVoipOperator(ME, { status: "online", answerType: "number" });
    expect(last()).toMatchObject({
      method: "PUT",
      path: `/api/2.0/crm/voip/opers/${ME}`,
      body: { status: 0, answerType: 0 },
    });
    expect(agent).toMatchObject({ id: ME, status: 0, answer: 0 });
    portal.requests.length = 0;
    await expect(crm.updateVoipOperator(ME, {})).rejects.toThrow(RangeError);
    await expect(crm.updateVoipOperator(ME, { status: "busy" as never })).rejects.toThrow(
      /online, paused, offline/,
    );
    await expect(crm.updateVoipOperator(ME, { redirectToNumber: "" })).rejects.toThrow();
    expect(portal.requests).toHaveLength(0);
  });
});

describe("calls on a simulated provider", () => {
  beforeEach(() => start({ admin: true, twilio: true }));

  it("listCalls: one page, legs folded, sparse contacts, the filter under the portal's names", async () => {
    const page = await crm.listCalls();
    expect(last()).toMatchObject({
      path: "/api/2.0/crm/voip/call",
      query: { startIndex: "0", count: "100" },
    });
    expect(page.items.map((c) => c.id)).toEqual(["CA10", "CA20", "CA30", "CA40", "CA50"]);
    expect(page.items[0]).toMatchObject({
      calls: [{ id: "CA05", contact: null }],
      contact: { id: 10, displayName: "Dana Scully", isCompany: false },
      cost: 0.035,
    });
    expect(page.items[1]!.contact).toMatchObject({ id: 9, isCompany: false }); // a company
    expect(page.items[3]!.contact).toMatchObject({ id: -1, displayName: null });
    await crm.listCalls({ type: "missed", sortBy: "date", sortOrder: "desc", agent: ME });
    expect(last().query).toEqual({
      callType: "missed",
      sortBy: "date",
      sortOrder: "descending",
      agent: ME,
      startIndex: "0",
      count: "100",
    });
    const missed = await crm.listCalls({ type: "missed", sortOrder: "asc" });
    expect(last().query).toMatchObject({ sortBy: "date", sortOrder: "ascending" });
    expect(missed.items.map((c) => c.id)).toEqual(["CA20", "CA40"]);
    await crm.listCalls({
      contactId: 10,
      search: "CA1",
      from: new Date(0),
      to: "2100-01-01T00:00:00.000Z",
    });
    expect(last().query).toMatchObject({
      contactID: "10",
      filterValue: "CA1",
      from: "1970-01-01T00:00:00.000Z",
      to: "2099-12-31T00:00:00.001Z",
    });
  });

  it("listCalls drops the calls a portal repeats across pages (it pages by raw rows)", async () => {
    const ids: string[] = [];
    for await (const call of crm.listCalls({}, { pageSize: 1 })) ids.push(call.id);
    expect(ids).toEqual(["CA10", "CA20", "CA30", "CA40", "CA50"]);
    // The portal did repeat: its second page (rows from 1) is CA10 again.
    const raw = await fetch(`${portal.url}/api/2.0/crm/voip/call?startIndex=1&count=1`, {
      headers: { Authorization: portal.token },
    }).then((r) => r.json() as Promise<{ response: { id: string }[] }>);
    expect(raw.response.map((c) => c.id)).toEqual(["CA10"]);
    // nextPage() chains drop them too.
    const first = await crm.listCalls({}, { pageSize: 1 });
    const second = await first.nextPage();
    expect([first.items.map((c) => c.id), second.items]).toEqual([["CA10"], []]);
  });

  it("listCalls with maxItems yields no more; a bad maxItems is refused, sending nothing", async () => {
    const ids: string[] = [];
    for await (const call of crm.listCalls({}, { pageSize: 1, maxItems: 2 })) ids.push(call.id);
    expect(ids).toEqual(["CA10", "CA20"]);
    portal.requests.length = 0;
    for (const maxItems of [0, 1.5, "2"]) {
      const iterate = async () => {
        for await (const _ of crm.listCalls({}, { maxItems } as never));
      };
      await expect(iterate()).rejects.toThrow(/maxItems must be a whole number from 1/);
    }
    expect(portal.requests).toHaveLength(0);
  });

  it("listCalls refuses an unknown call type or order, sending nothing", async () => {
    for (const filter of [
      { type: "Missed" },
      { type: "incoming" },
      { sortBy: "cost" },
      { sortBy: "Date" },
      { contactId: 0 },
      { agent: "anna" },
      { search: "a,b" },
      { client: 3 },
    ]) {
      await expect(crm.listCalls(filter as never)).rejects.toThrow();
    }
    expect(portal.requests).toHaveLength(0);
  });

  it("listMissedCalls: the caller's recent missed calls", async () => {
    const missed = await crm.listMissedCalls();
    expect(last().path).toBe("/api/2.0/crm/voip/call/missed");
    expect(missed.map((c) => c.id).sort()).toEqual(["CA20", "CA40"]);
  });

  it("getCall: the call with its legs and full contact", async () => {
    const call = await crm.getCall("CA10");
    expect(last().path).toBe("/api/2.0/crm/voip/call/CA10");
    expect(call).toMatchObject({
      id: "CA10",
      status: 2,
      answeredBy: { id: ME },
      contact: { id: 10, firstName: "Dana", lastName: "Scully" },
      calls: [{ id: "CA05" }],
      recordDuration: 118,
    });
    await expect(crm.getCall("CA-1")).rejects.toThrow(RangeError);
    expect(portal.requests).toHaveLength(1);
  });

  it("makeCall sends the number (and the contact as text); an unknown number makes a person", async () => {
    const known = await crm.makeCall("+14255550142");
    expect(last()).toMatchObject({
      method: "POST",
      path: "/api/2.0/crm/voip/call",
      body: { to: "+14255550142" },
    });
    expect(known).toMatchObject({ to: "+14255550142", status: 1, contact: { id: 10 } });
    await crm.makeCall("+4917055501080", { contactId: 8 });
    expect(last().body).toEqual({ to: "+4917055501080", contactId: "8" });
    const stranger = await crm.makeCall("+15551112222");
    expect(stranger.contact).toMatchObject({ displayName: "15551112222", isPrivate: true });
    portal.requests.length = 0;
    for (const [to, input] of [
      ["call me", {}],
      ["+1555", { contactId: 0 }],
      ["+1#", {}],
    ] as const) {
      await expect(crm.makeCall(to, input)).rejects.toThrow(RangeError);
    }
    expect(portal.requests).toHaveLength(0);
  });

  it("answerCall, rejectCall, redirectCall: the route and the stored call", async () => {
    await expect(crm.answerCall("CA40")).resolves.toMatchObject({ id: "CA40", contact: null });
    expect(last()).toMatchObject({ method: "POST", path: "/api/2.0/crm/voip/call/CA40/answer" });
    await expect(crm.rejectCall("CA40")).resolves.toMatchObject({ id: "CA40" });
    expect(last().path).toBe("/api/2.0/crm/voip/call/CA40/reject");
    await expect(crm.redirectCall("CA10", OTHER)).resolves.toMatchObject({ id: "CA10" });
    expect(last()).toMatchObject({
      path: "/api/2.0/crm/voip/call/CA10/redirect",
      body: { to: OTHER },
    });
    await expect(crm.answerCall("CA404")).rejects.toBeInstanceOf(NotFoundError);
    const before = portal.requests.length;
    await expect(crm.redirectCall("CA10", "+15550100")).rejects.toThrow(/GUID/);
    expect(portal.requests).toHaveLength(before);
  });

  it("saveCall sends the record under the portal's names; saveCallPrice resolves to nothing", async () => {
    const saved = await crm.saveCall("CA99", {
      from: "+15550001",
      to: "+15550100",
      status: "incoming",
      contactId: 10,
      price: 0.5,
      answeredBy: ME,
    });
    expect(last()).toMatchObject({
      method: "POST",
      path: "/api/2.0/crm/voip/call/CA99",
      body: {
        from: "+15550001",
        to: "+15550100",
        status: 0,
        contactId: "10",
        price: 0.5,
        answeredBy: ME,
      },
    });
    expect(saved).toMatchObject({ id: "CA99", status: 0, cost: 0.5, contact: { id: 10 } });
    await expect(crm.saveCallPrice("CA99")).resolves.toBeUndefined();
    expect(last()).toMatchObject({ method: "POST", path: "/api/2.0/crm/voip/price/CA99" });
    portal.requests.length = 0;
    await expect(crm.saveCall("CA99", {})).rejects.toThrow(RangeError);
    await expect(crm.saveCall("CA99", { status: "ringing" as never })).rejects.toThrow(RangeError);
    await expect(crm.saveCall("CA99", { price: -1 })).rejects.toThrow(RangeError);
    expect(portal.requests).toHaveLength(0);
  });

  it("makeCall and deleteVoipNumber are not retried after a 500; getCall is", async () => {
    crm = createCrmClient({
      baseUrl: portal.url,
      token: portal.token,
      retryDelay: { baseMs: 1, maxMs: 1 },
    });
    const fail = (_req: unknown, res: import("node:http").ServerResponse) =>
      void res.writeHead(500).end();
    portal.queue(fail);
    await expect(crm.makeCall("+14255550142")).rejects.toBeInstanceOf(InternalServerError);
    portal.queue(fail);
    await expect(crm.deleteVoipNumber(PN1)).rejects.toBeInstanceOf(InternalServerError);
    expect(portal.requests).toHaveLength(2);
    portal.queue(fail);
    await expect(crm.getCall("CA10")).resolves.toMatchObject({ id: "CA10" });
    expect(portal.requests).toHaveLength(4);
  });
});

describe("listCalls, for any call log and page size", () => {
  it("yields each call once, only calls the portal has, and every call when none has legs", async () => {
    await start(); // closed after the test, as every other test's
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.tuple(fc.nat(40), fc.boolean()), { maxLength: 14 }),
        fc.integer({ min: 1, max: 6 }),
        fc.constantFrom(undefined, "date" as const),
        async (spec, pageSize, sortBy) => {
          const rows: VoipCallRow[] = [];
          spec.forEach(([order, hasLeg], i) => {
            const id = `CA${String(i).padStart(3, "0")}`;
            rows.push(callRow(id, "", order));
            if (hasLeg)
              rows.push(callRow(`CA${String(40 - order).padStart(3, "0")}L${i}`, id, order));
          });
          const fake = await startFakePortal({ voip: { calls: rows } });
          try {
            const client = createCrmClient({ baseUrl: fake.url, token: fake.token });
            const ids: string[] = [];
            for await (const call of client.listCalls({ sortBy }, { pageSize })) ids.push(call.id);
            const parents = rows.filter((r) => !r.parentId).map((r) => r.id);
            expect(new Set(ids).size).toBe(ids.length);
            for (const id of ids) expect(parents).toContain(id);
            if (rows.length === parents.length)
              expect([...ids].sort()).toEqual([...parents].sort());
          } finally {
            await fake.close();
          }
        },
      ),
      { numRuns: 40 },
    );
  });
});

function callRow(id: string, parentId: string, minutesAgo: number): VoipCallRow {
  return {
    id,
    parentId,
    from: "+15550100",
    to: "+15550199",
    answeredBy: ME,
    dialDate: Date.now() - minutesAgo * 60_000,
    dialDuration: 10,
    status: 2,
    price: 0,
    contactId: 0,
    recordUrl: null,
    recordDuration: 0,
    recordPrice: 0,
  };
}

// Types: what the compiler refuses (checked by typecheck; the function never runs).
export function voipTypes(client: CrmClient): void {
  const phone: Promise<VoipPhone> = client.buyVoipNumber("+15550199");
  const calls: Promise<VoipCall[]> = client.listMissedCalls();
  const agents: Promise<VoipAgent[]> = client.addVoipOperators(PN1, [OTHER]);
  const nothing: Promise<void> = client.saveCallPrice("CA10");
  void [phone, calls, agents, nothing];
  // @ts-expect-error incoming calls cannot be asked for
  void client.listCalls({ type: "incoming" });
  // @ts-expect-error the portal sorts by date, duration or price only
  void client.listCalls({ sortBy: "cost" });
  // @ts-expect-error the portal ignores `client`
  void client.listCalls({ client: 3 });
  // @ts-expect-error local or tollFree
  void client.findVoipNumbers("US", "mobile");
  // @ts-expect-error an audio type by name
  void client.deleteVoipUpload(1, "a.mp3");
  // @ts-expect-error an operator status by name
  void client.updateVoipOperator(ME, { status: 0 });
  // @ts-expect-error working hours go whole
  void client.updateVoipNumberSettings(PN1, { workingHours: { enabled: false } });
  // @ts-expect-error a contact ID is a number
  void client.makeCall("+15550100", { contactId: "8" });
  // @ts-expect-error a list is paged: no array
  void client.listCalls().then((calls: VoipCall[]) => calls);
}
