// `npm run spec:diff -- [git-ref]`: what changed in openapi/onlyoffice-crm.yaml between <git-ref>
// (default: the merge base with main) and the working tree, and is it breaking?
//
// Two sources of verdicts:
// - `redocly diff` rates wire compatibility (a response property removed, a type changed, a
//   parameter made required, ...). It is direction-aware: it does not flag changes that narrow
//   a response.
// - This package also exports the types generated from the spec, so some response changes that
//   the wire tolerates still break its users' code: an enum value or enum name removed
//   (`ShareType.Read` no longer compiles), a property made required (fixtures and fakes that
//   build a `Case` no longer compile), a schema removed or renamed. Those are checked here.
//
// A change flagged as breaking that a reviewer judged compatible can be listed, with a reason,
// in spec-diff-accepted.yaml (rule + location); it is then reported as ACCEPTED. An entry that
// matches nothing any more (the base already has the change) is reported as stale.
//
// Exits 1 on a breaking change unless package.json's version was bumped past the caret range of
// the base version (so 0.1.x -> 0.2.0 and 1.x -> 2.0.0 allow breaking changes; see CONTRIBUTING.md),
// and 2 when it cannot compare at all.
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import YAML from "yaml";

const tool = fileURLToPath(new URL("..", import.meta.url));
const SPEC = "openapi/onlyoffice-crm.yaml";
const ACCEPTED = "spec-diff-accepted.yaml";

const git = (...args) => execFileSync("git", args, { encoding: "utf8", stdio: "pipe" }).trim();
const gitShow = (ref, file) => {
  try {
    return git("show", `${ref}:${file}`);
  } catch {
    return undefined;
  }
};

function defaultRef() {
  for (const branch of ["main", "origin/main"]) {
    try {
      return git("merge-base", "HEAD", branch);
    } catch {
      // try the next candidate
    }
  }
  throw new Error("no branch `main` or `origin/main` to take a merge base from; pass a git ref");
}

// --- versions: is the working tree's version outside the base version's caret range? ---
function parseVersion(text) {
  const match = /^(\d+)\.(\d+)\.(\d+)/.exec(text ?? "");
  return match ? match.slice(1, 4).map(Number) : [0, 0, 0];
}
// ^0.0.z pins z, ^0.y.z pins y, ^x.y.z pins x: the first non-zero part is the "major".
function breakingBumpAllowed(base, revision) {
  const [a, b] = [parseVersion(base), parseVersion(revision)];
  const level = a[0] > 0 ? 0 : a[1] > 0 ? 1 : 2;
  for (let i = 0; i < level; i += 1) if (a[i] !== b[i]) return b[i] > a[i];
  return b[level] > a[level];
}

// --- wire compatibility, from redocly diff ---
function redoclyDiff(baseFile, revisionFile) {
  const result = spawnSync(
    join(tool, "node_modules/.bin/redocly"),
    [
      "diff",
      baseFile,
      revisionFile,
      "--config",
      join(tool, "scripts/spec-diff.redocly.yaml"),
      "--format",
      "json",
      "--fail-on",
      "none",
    ],
    { encoding: "utf8", env: { ...process.env, REDOCLY_TELEMETRY: "off" } },
  );
  try {
    return JSON.parse(result.stdout);
  } catch {
    process.stderr.write(result.stderr);
    throw new Error(`redocly diff failed (exit ${result.status})`);
  }
}

const unescape = (segment) => segment.replace(/~1/g, "/").replace(/~0/g, "~");
function where(change) {
  const parts = change.path.replace(/^#\//, "").split("/").map(unescape);
  if (parts[0] === "paths" && parts.length >= 3) {
    return { group: `${parts[2].toUpperCase()} ${parts[1]}`, detail: parts.slice(3).join("/") };
  }
  return { group: "document", detail: parts.join("/") };
}
const show = (value) => (value === undefined ? "(none)" : JSON.stringify(value));

// --- the package's type surface: components/schemas as openapi-typescript renders them ---
function typeSurface(base, revision) {
  const found = [];
  const baseSchemas = base.components?.schemas ?? {};
  const revisionSchemas = revision.components?.schemas ?? {};
  const walk = (a, b, at) => {
    if (!a || !b || typeof a !== "object" || typeof b !== "object") return;
    const newlyRequired = (b.required ?? []).filter((name) => !(a.required ?? []).includes(name));
    const add = (rule, message) => found.push({ rule, at, message: `${at}: ${message}` });
    if (newlyRequired.length > 0)
      add("type-required-added", `became required: ${newlyRequired.join(", ")}`);
    if (Array.isArray(a.enum)) {
      const lost = a.enum.filter((value) => !(b.enum ?? []).includes(value));
      if (lost.length > 0)
        add("type-enum-value-removed", `enum lost values: ${lost.map(show).join(", ")}`);
    }
    if (Array.isArray(a["x-enum-varnames"])) {
      const names = b["x-enum-varnames"] ?? [];
      const lost = a["x-enum-varnames"].filter((name) => !names.includes(name));
      if (lost.length > 0) add("type-enum-name-removed", `enum lost names: ${lost.join(", ")}`);
    }
    for (const [name, child] of Object.entries(a.properties ?? {})) {
      walk(child, b.properties?.[name], `${at}.${name}`);
    }
    walk(a.items, b.items, `${at}[]`);
    for (const key of ["allOf", "anyOf", "oneOf"]) {
      (a[key] ?? []).forEach((child, i) => walk(child, b[key]?.[i], `${at}/${key}/${i}`));
    }
  };
  for (const [name, schema] of Object.entries(baseSchemas)) {
    if (!(name in revisionSchemas)) {
      found.push({
        rule: "type-schema-removed",
        at: name,
        message: `${name}: schema removed or renamed`,
      });
    } else walk(schema, revisionSchemas[name], name);
  }
  return found;
}

function main() {
  const ref = process.argv[2] || defaultRef();
  const name = process.argv[2] ? ref : "merge base with main";
  const root = git("rev-parse", "--show-toplevel");
  process.chdir(root);
  let commit;
  try {
    commit = git("rev-parse", "--short", `${ref}^{commit}`);
  } catch {
    throw new Error(`unknown git ref: ${ref}`);
  }
  const baseText = gitShow(commit, SPEC);
  if (baseText === undefined) {
    console.log(`${SPEC} does not exist at ${ref}: nothing to compare.`);
    return 0;
  }
  const baseVersion = JSON.parse(gitShow(commit, "package.json") ?? "{}").version ?? "0.0.0";
  const revisionVersion = JSON.parse(readFileSync("package.json", "utf8")).version;

  const dir = mkdtempSync(join(tmpdir(), "spec-diff-"));
  let report;
  try {
    const baseFile = join(dir, `base-${commit}.yaml`);
    writeFileSync(baseFile, baseText);
    report = redoclyDiff(baseFile, join(root, SPEC));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  const types = typeSurface(YAML.parse(baseText), YAML.parse(readFileSync(SPEC, "utf8")));
  const accepted = existsSync(ACCEPTED) ? (YAML.parse(readFileSync(ACCEPTED, "utf8")) ?? []) : [];

  // One flat list of findings: redocly's changes (one line per verdict), then the type surface.
  const findings = [];
  for (const change of report.changes) {
    const { group, detail } = where(change);
    if (change.verdicts.length === 0) {
      const values =
        change.kind === "modified" && change.property !== "key"
          ? `: ${show(change.base?.value)} -> ${show(change.revision?.value)}`
          : "";
      const property = change.property ? ` · ${change.property}` : "";
      findings.push({
        group,
        impact: change.impact,
        message: `${change.kind} ${detail}${property}${values}`,
      });
    }
    for (const v of change.verdicts) {
      const at = v.location?.pointer ?? change.path;
      findings.push({
        group,
        impact: v.impact,
        rule: v.ruleId,
        at,
        message: `${v.message} (${v.ruleId} at ${at})`,
      });
    }
  }
  for (const t of types) {
    findings.push({ group: "Exported types (generated/schema.ts)", impact: "major", ...t });
  }
  const used = new Set();
  for (const f of findings) {
    const entry = accepted.find((a) => f.impact === "major" && a.rule === f.rule && a.at === f.at);
    if (entry) {
      f.impact = "accepted";
      f.message += ` — accepted in ${ACCEPTED}: ${entry.reason}`;
      used.add(entry);
    }
  }

  console.log(`Spec changes: ${name} (${commit}) -> working tree`);
  console.log(`package.json version: ${baseVersion} -> ${revisionVersion}\n`);
  const label = { major: "BREAKING", minor: "minor", patch: "patch", accepted: "ACCEPTED" };
  const groups = new Map(); // Map.groupBy needs Node 21
  for (const f of findings) groups.set(f.group, [...(groups.get(f.group) ?? []), f]);
  for (const [group, list] of groups) {
    console.log(group);
    for (const f of list) console.log(`  ${(label[f.impact] ?? f.impact).padEnd(8)} ${f.message}`);
    console.log("");
  }
  for (const entry of accepted.filter((a) => !used.has(a))) {
    console.warn(
      `stale entry in ${ACCEPTED} (matches no breaking change): ${entry.rule} at ${entry.at}`,
    );
  }

  const count = (impact) => findings.filter((f) => f.impact === impact).length;
  const breaking = count("major");
  console.log(
    `${breaking} breaking, ${count("accepted")} accepted, ${count("minor")} minor, ${count("patch")} patch.`,
  );
  if (breaking === 0) return 0;
  if (breakingBumpAllowed(baseVersion, revisionVersion)) {
    console.log(
      `Breaking changes allowed: ${baseVersion} -> ${revisionVersion} leaves ^${baseVersion}.`,
    );
    return 0;
  }
  console.error(
    `spec:diff: breaking changes need a breaking version bump (${baseVersion} -> ` +
      `${revisionVersion} stays within ^${baseVersion}; see CONTRIBUTING.md).`,
  );
  return 1;
}

try {
  process.exitCode = main();
} catch (error) {
  console.error(`spec:diff: ${error.message}`);
  process.exitCode = 2;
}
