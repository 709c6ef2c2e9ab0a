// VoIP (queue settings, token) against the fake portal over real HTTP: a portal without Twilio
// keys, an admin's settings in minutes both ways, and what is refused before anything is sent.
import {
  BadRequestError,
  createCrmClient,
  PermissionDeniedError,
  VoipNotConfiguredError,
  type CrmClient,
} from "../src";
import { startFakePortal, type FakePortal } from "../src/testing";

import { sent } from "./requests";

let portal: FakePortal;
let crm: CrmClient;

async function start(voip?: { admin?: boolean; twilio?: boolean }) {
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
