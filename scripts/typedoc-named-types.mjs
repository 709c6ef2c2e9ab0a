// A TypeDoc plugin (typedoc.config.mjs) for the types named after the spec's schemas:
// - `export type Case = components["schemas"]["Case"]` is shown with its fields, not as the
//   indexed access it is written as (TypeDoc would print `components["schemas"]["Case"]`);
// - a method's return type is shown as written (`Promise<Case>`, a link), not as the resolved
//   type, which TypeDoc writes out in full (`Promise<{ accessList?: …; … }>`: CaseMethods.html
//   was 860 KB);
// - a part's or the fake portal's own alias of a schema (`type CustomField = …` in a part's
//   file) links to the exported type of that name, where there is one; so does a field typed
//   `components["schemas"]["Employee"]`.
import ts from "typescript";
import { Converter, ReferenceType, ReflectionKind } from "typedoc";

/** The generated bindings' types, whose indexed accesses are resolved to named types below. */
const GENERATED = new Set(["components", "paths", "operations"]);

/** `X` of a converted `components["schemas"]["X"]`, or undefined. */
function schemaName(type) {
  const literal = (t) => (t?.type === "literal" ? t.value : undefined);
  if (type?.type !== "indexedAccess" || type.objectType?.type !== "indexedAccess") return;
  const outer = type.objectType;
  if (outer.objectType?.name !== "components" || literal(outer.indexType) !== "schemas") return;
  return literal(type.indexType);
}

/** @param {import("typedoc").Application} app */
export function load(app) {
  const converter = app.converter;
  const convertType = converter.convertType.bind(converter);
  converter.convertType = (context, typeOrNode, maybeNode) => {
    // Signatures pass both the resolved type and the node they were declared with: take the node.
    if (maybeNode && !("kind" in typeOrNode)) return converter.convertType(context, maybeNode);
    // An alias written as an indexed access: its fields, when it is an object type.
    if (
      typeOrNode &&
      "kind" in typeOrNode &&
      ts.isIndexedAccessTypeNode(typeOrNode) &&
      typeOrNode.parent &&
      ts.isTypeAliasDeclaration(typeOrNode.parent)
    ) {
      const type = context.checker.getTypeAtLocation(typeOrNode.parent.name);
      if (type.flags & ts.TypeFlags.Object) return convertType(context, type);
    }
    // `Local["value"]` on a part's own alias: what it is, since the alias has no page of its own.
    if (typeOrNode && "kind" in typeOrNode && ts.isIndexedAccessTypeNode(typeOrNode)) {
      let root = typeOrNode;
      while (ts.isIndexedAccessTypeNode(root)) root = root.objectType;
      if (!ts.isTypeReferenceNode(root) || !GENERATED.has(root.typeName.getText())) {
        return convertType(context, context.checker.getTypeAtLocation(typeOrNode));
      }
    }
    return convertType(context, typeOrNode, maybeNode);
  };

  converter.on(Converter.EVENT_RESOLVE_END, (context) => {
    const project = context.project;
    const named = new Map();
    for (const reflection of project.getReflectionsByKind(
      ReflectionKind.TypeAlias | ReflectionKind.Interface,
    )) {
      // The main entry's type wins over the fake portal's.
      if (!named.has(reflection.name) || reflection.parent?.name === "index") {
        named.set(reflection.name, reflection);
      }
    }
    const seen = new Set();
    const visit = (value) => {
      if (!value || typeof value !== "object" || seen.has(value)) return;
      seen.add(value);
      if (value.type === "reference" && !value.reflection && !value.externalUrl) {
        const target = named.get(value.name);
        if (target) value._target = target.id;
      }
      for (const [key, child] of Object.entries(value)) {
        if (key === "parent" || key === "_project" || key === "project") continue;
        const schema = schemaName(child);
        if (schema && named.has(schema)) {
          value[key] = ReferenceType.createResolvedReference(schema, named.get(schema), project);
        } else visit(child);
      }
    };
    for (const reflection of Object.values(project.reflections)) visit(reflection);
  });
}
