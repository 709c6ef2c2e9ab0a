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
import { APP_BUILD } from "./bundle.mjs";
import { root } from "./common.mjs";

/** The reopen app, with a client of the Cases part (`cases`) or of every part (`all`). */
const app = (
  client,
) => `import { cases, createCrmClient, createCrmClientFor } from "./src/index.ts";
const crm = ${client === "all" ? "createCrmClient(" : "createCrmClientFor([cases], "}{ baseUrl: "https://portal.example.com", token: "TOKEN" });
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

async function gzipSize(keep, client = "cases") {
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
    ...APP_BUILD,
    stdin: { contents: app(client), resolveDir: root, loader: "js" },
    plugins: [plugin],
  });
  if (process.env.OP_BYTES_DUMP && keep)
    writeFileSync(process.env.OP_BYTES_DUMP, result.outputFiles[0].contents);
  return gzipSync(result.outputFiles[0].contents, { level: 9 }).length;
}

/**
 * @param base the operations kept in the small bundle (default: the three of 0.1)
 * @returns gzipped bytes of the reopen app: `small` (a Cases client cut down to `base`),
 *   `cases` (the Cases client, every case operation), `all` (`createCrmClient`, every part), and
 *   the operations each holds, with the bytes per operation in between
 */
export async function measureOperationBytes(base = ["getCase", "closeCase", "reopenCase"]) {
  const table = readFileSync(join(root, "generated/operations.ts"), "utf8");
  const tables = Object.fromEntries(
    [...table.matchAll(/^export const (\w+Operations) = \{\n([\s\S]*?)\n\}/gm)].map((m) => [
      m[1],
      [...m[2].matchAll(/^ {2}(\w+): \[/gm)].length,
    ]),
  );
  const total = Object.values(tables).reduce((a, b) => a + b, 0);
  const counts = { small: base.length, cases: tables.casesOperations, all: total };
  const sizes = {
    small: await gzipSize(new Set(base)),
    cases: await gzipSize(undefined),
    all: await gzipSize(undefined, "all"),
  };
  return {
    counts,
    sizes,
    perCaseOperation: (sizes.cases - sizes.small) / (counts.cases - counts.small),
    perOtherOperation: (sizes.all - sizes.cases) / (counts.all - counts.cases),
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { counts, sizes, perCaseOperation, perOtherOperation } = await measureOperationBytes();
  console.log(
    `the app that reopens a case, gzipped: ${sizes.small} B with a Cases client cut down to ` +
      `${counts.small} operations; ${sizes.cases} B with all ${counts.cases} case operations ` +
      `(${perCaseOperation.toFixed(0)} B each); ${sizes.all} B with createCrmClient, all ` +
      `${counts.all} operations (${perOtherOperation.toFixed(0)} B for each operation of the other parts)`,
  );
}
