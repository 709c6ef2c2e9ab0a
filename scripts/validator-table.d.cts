/** Why the spec cannot be turned into a validator table, with the schema location. */
export declare class SpecError extends Error {}
/**
 * The validator table for `roots` and every schema they reference, dependencies first.
 * Throws SpecError on anything it does not understand.
 */
export declare function validatorTable(
  spec: unknown,
  roots: readonly string[],
): { name: string; node: unknown }[];
/** The table as the TypeScript body of generated/validate.ts. */
export declare function validatorTableSource(spec: unknown, roots: readonly string[]): string;
