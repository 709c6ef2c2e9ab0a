/** The exports of a module that are parts of the client (`cases`, `caseTags`, …), by name. */
export declare function areasOf(exports: object): Record<string, unknown>;
/** The docs/ pages (by file name) as committed, and the README's list of parts. */
export declare function partDocs(input: {
  root: string;
  spec: unknown;
  areas: Record<string, unknown>;
}): Promise<{ pages: Record<string, string>; readmeParts: string }>;
/** The README with `block` between its `<!-- parts:start -->` and `<!-- parts:end -->`. */
export declare function withParts(readme: string, block: string): string;
/** A tag's page name: `custom fields` → `custom-fields`. */
export declare function slug(tag: string): string;
