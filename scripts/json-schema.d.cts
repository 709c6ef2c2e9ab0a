/** Rewrites OpenAPI 3.0 `nullable: true` as JSON Schema `anyOf: [schema, {type: "null"}]`. */
export declare function nullableToAnyOf<T>(node: T): T;
