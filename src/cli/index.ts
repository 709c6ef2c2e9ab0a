// The `onlyoffice-crm` command's entry point (package.json `bin`, built to dist/cli.cjs).
// Node only. The commands are listed in src/cli/commands/ (one file per part of the portal);
// src/cli/main.ts runs them.
import { main } from "./main";

// A reader that closed early (`onlyoffice-crm call listCases --json | head`) has what it wanted:
// stop quietly, rather than with an unhandled EPIPE and its stack.
process.stdout.on("error", (error: NodeJS.ErrnoException) => {
  if (error.code === "EPIPE") process.exit(0);
  throw error;
});

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    // main() turns every error into a message; this is only reached by a bug in it.
    process.stderr.write(`onlyoffice-crm: ${String(error)}\n`);
    process.exitCode = 1;
  },
);
