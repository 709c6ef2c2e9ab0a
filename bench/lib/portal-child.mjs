// Runs the fake portal in its own process (so it does not share the client's event loop) and
// tells the parent its URL and token over IPC. Exits when the parent says "stop" or goes away.
// argv[2], when given, is the JSON of extra `startFakePortal` options (e.g. `{ rateLimit }`).
import { pathToFileURL } from "node:url";
import { distTesting } from "./common.mjs";

const { startFakePortal } = await import(pathToFileURL(distTesting).href);
const portal = await startFakePortal(JSON.parse(process.argv[2] ?? "{}"));
// The portal records every request; forget them so a long run does not grow this process.
setInterval(() => void (portal.requests.length = 0), 200).unref();
process.send({ url: portal.url, token: portal.token });
const stop = async () => {
  await portal.close();
  process.exit(0);
};
process.on("message", (message) => message === "stop" && stop());
process.on("disconnect", stop);
