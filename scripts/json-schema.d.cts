/** Rewrites OpenAPI 3.0 `nullable: true` as JSON Schema `anyOf: [schema, {type: "null"}]`. */
export declare function nullableToAnyOf<T>(node: T): T;
/** The spec's `components.schemas` as JSON Schemas for a standalone Ajv validator (refs into `$defs`). */
export declare function validatorSchemas(spec: unknown): Record<string, Record<string, unknown>>;
