// Made at build time from openapi/onlyoffice-crm.yaml by the `spec-summaries` plugin in
// tsup.config.ts (CLI bundle only).
declare module "spec-summaries" {
  const spec: {
    /** Each tag (a part of the portal) and its description. */
    tags: Record<string, string>;
    /** Each operation: its tag and its one-line summary. */
    operations: Record<string, readonly [tag: string, summary: string]>;
  };
  export default spec;
}
