// What each operation costs in the bundle of an app that only reopens a case: the app is bundled
// from src/ twice, once as it is and once with the operations table and the areas' argument lines
// cut down to a few operations (an esbuild plugin rewrites those two modules through the
// TypeScript compiler's own parser and printer). The difference is what the other operations
// add: their rows, their argument lines, the checks and messages only they use, and the schemas
// only their answers need.
import { gzipSync } from "node:zlib";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import * as esbuild from "esbuild";
import ts from "typescript";
import { root } from "./common.mjs";

const APP = `import { createCrmClient } from "./src/index.ts";
const crm = createCrmClient({ baseUrl: "https://portal.example.com", token: "TOKEN" });
crm.reopenCase(42).then((found) => console.log(found.title));`;

/** `source` with only the `keep` properties left in every object literal bound to `names`. */
function prune(source, file, names, keep) {
  const sourceFile = ts.createSourceFile(
    file,
    source,
    ts.ScriptTarget.ES2022,
    true,
    ts.ScriptKind.TS,
  );
  const transform = (context) => (node) => {
    const visit = (child) => {
      if (
        ts.isVariableDeclaration(child) &&
        ts.isIdentifier(child.name) &&
        names.test(child.name.text) &&
        child.initializer
      ) {
        let literal = child.initializer;
        while (ts.isSatisfiesExpression(literal) || ts.isAsExpression(literal))
          literal = literal.expression;
        if (ts.isObjectLiteralExpression(literal)) {
          const properties = literal.properties.filter(
            (p) => p.name && ts.isIdentifier(p.name) && keep.has(p.name.text),
          );
          return ts.factory.updateVariableDeclaration(
            child,
            child.name,
            child.exclamationToken,
            undefined, // the type annotation would no longer hold
            ts.factory.createObjectLiteralExpression(properties, true),
          );
        }
      }
      // A top-level `const x = withRule(shape(...), ...)` is made of calls that esbuild must keep
      // unless told they are pure: say so (each of them), so that a shape no remaining operation
      // uses goes with its operations.
      if (
        ts.isVariableDeclaration(child) &&
        child.initializer &&
        ts.isSourceFile(child.parent.parent.parent)
      ) {
        const markCalls = (node) => {
          if (ts.isCallExpression(node)) {
            ts.addSyntheticLeadingComment(node, ts.SyntaxKind.MultiLineCommentTrivia, "#__PURE__");
          }
          if (!ts.isFunctionLike(node)) ts.forEachChild(node, markCalls);
        };
        markCalls(child.initializer);
      }
      return ts.visitEachChild(child, visit, context);
    };
    return ts.visitNode(node, visit);
  };
  const [result] = ts.transform(sourceFile, [transform]).transformed;
  return ts.createPrinter().printFile(result);
}

async function gzipSize(keep) {
  const plugin = {
    name: "prune-operations",
    setup(build) {
      build.onLoad({ filter: /(generated[\\/]operations|src[\\/]\w+)\.ts$/ }, (args) => {
        const source = readFileSync(args.path, "utf8");
        if (!keep) return undefined;
        return {
          contents: prune(source, args.path, /^(operations|\w+Lines)$/, keep),
          loader: "ts",
        };
      });
    },
  };
  const result = await esbuild.build({
    stdin: { contents: APP, resolveDir: root, loader: "js" },
    bundle: true,
    write: false,
    minify: true,
    treeShaking: true,
    platform: "browser",
    format: "esm",
    target: "es2022",
    logLevel: "error",
    plugins: [plugin],
  });
  if (process.env.OP_BYTES_DUMP && keep)
    writeFileSync(process.env.OP_BYTES_DUMP, result.outputFiles[0].contents);
  return gzipSync(result.outputFiles[0].contents, { level: 9 }).length;
}

/**
 * @param base the operations kept in the small bundle (default: the three of 0.1)
 * @returns `{ operations, base, full, small, perOperation }` in gzipped bytes
 */
export async function measureOperationBytes(base = ["getCase", "closeCase", "reopenCase"]) {
  const table = readFileSync(join(root, "generated/operations.ts"), "utf8");
  const operations = [...table.matchAll(/^ {2}(\w+): \[/gm)].map((m) => m[1]);
  const full = await gzipSize(undefined);
  const small = await gzipSize(new Set(base));
  const added = operations.length - base.length;
  return {
    operations: operations.length,
    base: base.length,
    full,
    small,
    perOperation: (full - small) / added,
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const r = await measureOperationBytes();
  console.log(
    `an app that reopens a case: ${r.full} B gzipped with all ${r.operations} operations, ` +
      `${r.small} B with only ${r.base}: the other ${r.operations - r.base} cost ` +
      `${r.full - r.small} B, ${r.perOperation.toFixed(0)} B each`,
  );
}
