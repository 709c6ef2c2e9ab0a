// Reading from the person at the terminal, or from stdin when it is not a terminal.
import { createInterface } from "node:readline/promises";

/** Ctrl-C or Ctrl-D at a prompt: exit code 130. */
export class Interrupted extends Error {}

export const interactive = () => process.stdin.isTTY === true;

export async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

/** The first line of stdin, without its line ending. */
export async function firstLine(): Promise<string> {
  return (await readStdin()).split(/\r?\n/, 1)[0] ?? "";
}

export async function ask(question: string): Promise<string> {
  const rl = createInterface({ input: process.stdin, output: process.stderr, terminal: true });
  try {
    return (await rl.question(question)).trim();
  } finally {
    rl.close();
  }
}

/** A yes/no question on the terminal; anything but y or yes is no. */
export async function confirm(question: string): Promise<boolean> {
  return /^y(es)?$/i.test(await ask(`${question} [y/N] `));
}

/** Reads a line from the terminal in raw mode, echoing nothing. */
export function askHidden(question: string): Promise<string> {
  const stdin = process.stdin;
  process.stderr.write(question);
  return new Promise((resolve, reject) => {
    let typed = "";
    const finish = (error?: Error) => {
      stdin.off("data", onData);
      stdin.setRawMode(false);
      stdin.pause();
      process.stderr.write("\n");
      if (error) reject(error);
      else resolve(typed);
    };
    const onData = (chunk: Buffer) => {
      for (const char of chunk.toString("utf8")) {
        if (char === "\r" || char === "\n") return finish();
        if (char === "\u0003") return finish(new Interrupted());
        if (char === "\u0004") return finish(typed === "" ? new Interrupted() : undefined);
        if (char === "\u007f" || char === "\b") typed = typed.slice(0, -1);
        else if (char === "\u0015")
          typed = ""; // Ctrl-U
        else if (char >= " ") typed += char;
      }
    };
    stdin.setRawMode(true);
    stdin.resume();
    stdin.on("data", onData);
  });
}
