// What a client's machinery is, for the features that live apart from the facade (batch): kept
// by client, so that an app that does not use them bundles none of their code.
import type { ResolvedOptions } from "./options";
import type { Area } from "./shapes";

export interface ClientInternals {
  settings: ResolvedOptions;
  areas: Set<Area>;
}

export const internals = new WeakMap<object, ClientInternals>();
