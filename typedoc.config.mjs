// TypeDoc for the facade (`npm run docs` -> docs/reference). The generated bindings document
// their members with `@description` (openapi-typescript's style), so that tag is declared here
// rather than silenced; any other warning fails the build.
import { readFileSync } from "node:fs";
import { OptionDefaults } from "typedoc";

// openapi-typescript also makes enums of the wire's parameter values (`sortBy=dateandtime`); the
// facade takes the user's words instead, so those enums are not part of the public API.
const parameterEnums = [
  ...readFileSync(new URL("generated/schema.ts", import.meta.url), "utf8").matchAll(
    /^export enum ((?:ComponentsParameters|Paths)\w+)/gm,
  ),
].map((match) => match[1]);

/** @type {Partial<import("typedoc").TypeDocOptions>} */
export default {
  entryPoints: ["src/index.ts"],
  tsconfig: "tsconfig.json",
  out: "docs/reference",
  blockTags: [...OptionDefaults.blockTags, "@description"],
  // The exported `components` type mentions the envelope's status enum; the facade unwraps the
  // envelope, so the enum is deliberately not part of the public API.
  // An Area's members (its table, its lines of arguments) are the facade's own data: a user only
  // passes areas to createCrmClientFor, so their types are not part of the public API.
  intentionallyNotExported: [
    "EnvelopeStatus",
    ...parameterEnums,
    "UnionToIntersection",
    "Wire",
    "Arg",
    "Operation",
  ],
  // Source links need a hosted git remote; a clone (CI's too) may have none.
  disableSources: true,
  treatWarningsAsErrors: true,
};
