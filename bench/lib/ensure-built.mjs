// `node bench/lib/ensure-built.mjs`: builds dist/ only when it is missing or older than src/.
import { ensureBuilt } from "./common.mjs";

ensureBuilt();
