// Runs the built `onlyoffice-crm` (dist/cli.cjs) in a child process, as users run it, for the
// CLI tests (`npm run build` first).
import { spawn, type ChildProcessWithoutNullStreams } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";

export const cli = join(__dirname, "..", "dist/cli.cjs");

export interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Fails fast, with the fix, when the binary is not built. */
export function requireBuilt(): void {
  if (!existsSync(cli)) throw new Error("dist/cli.cjs is missing: run `npm run build` first");
}

/** Starts the CLI with `env` (and none of the caller's ONLYOFFICE_ variables). */
export function start(args: string[], env: Record<string, string> = {}) {
  const { ONLYOFFICE_URL: _url, ONLYOFFICE_TOKEN: _token, ...inherited } = process.env;
  return spawn(process.execPath, [cli, ...args], {
    env: { ...inherited, ...env },
    stdio: ["pipe", "pipe", "pipe"],
  }) as ChildProcessWithoutNullStreams;
}

/** Runs the CLI to its end, `input` on its stdin. */
export function run(
  args: string[],
  options: { env?: Record<string, string>; input?: string } = {},
): Promise<Run> {
  const child = start(args, options.env);
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (chunk) => (stdout += chunk));
  child.stderr.on("data", (chunk) => (stderr += chunk));
  child.stdin.end(options.input ?? "");
  return new Promise((resolve, reject) => {
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout, stderr }));
  });
}

/** Whether util-linux `script` is here to give the CLI a pseudo-terminal (`onTerminal`). */
export const scriptAvailable = existsSync("/usr/bin/script");

/**
 * The CLI on a pseudo-terminal (util-linux `script`), with `env` over the caller's: `until(text)`
 * waits for a prompt, so that keystrokes arrive once it is up (raw mode on); `done` is the exit code.
 */
export function onTerminal(args: string, env: Record<string, string>) {
  const child = spawn(
    "/usr/bin/script",
    ["-qec", `"${process.execPath}" "${cli}" ${args}`, "/dev/null"],
    { env: { ...process.env, ...env } },
  );
  const session = {
    output: "",
    type: (keys: string) => void child.stdin.write(keys),
    until: async (text: string) => {
      for (let i = 0; i < 200 && !session.output.includes(text); i++) {
        await new Promise((resolve) => setTimeout(resolve, 25));
      }
      expect(session.output).toContain(text);
    },
    done: new Promise((resolve) => child.on("close", resolve)),
  };
  child.stdout.on("data", (chunk) => (session.output += chunk));
  return session;
}
