// The commands that belong to no part of the portal: signing in, and a fake portal to try on.
import { signIn, TwoFactorRequiredError } from "../../index";
import { startFakePortal } from "../../testing";
import { plain, when } from "../format";
import { ask, askHidden, firstLine, interactive } from "../prompt";
import { UsageError, type Command } from "./shared";

function shellQuote(text: string): string {
  return /^[\w@.+-]+$/.test(text) ? text : `'${text.replace(/'/g, "'\\''")}'`;
}

export const general: Command[] = [
  {
    name: "login",
    args: [],
    flags: {
      user: { type: "string", value: "NAME", help: "the user name or email (asked on a terminal)" },
      "print-token": { type: "boolean", help: "print the token, and only the token, on stdout" },
      code: { type: "string", value: "CODE", help: "the two-factor code (asked on a terminal)" },
    },
    help: "sign in with a user name and password, get a token",
    run: async (context) => {
      const { flags } = context;
      if (flags.json && flags["print-token"])
        throw new UsageError("use either --json or --print-token");
      const baseUrl = context.url();
      let userName = flags.user as string | undefined;
      if (userName === undefined) {
        if (!interactive()) throw new UsageError("--user is required when stdin is not a terminal");
        userName = await ask("User name: ");
      }
      if (!userName) throw new UsageError("the user name is empty");
      // On a terminal without echo; otherwise the first line of stdin.
      const password = interactive() ? await askHidden("Password: ") : await firstLine();
      if (!password) throw new UsageError("the password is empty (none typed or on stdin)");
      context.secret(password);
      let result;
      try {
        const code = flags.code as string | undefined;
        result = await signIn({
          baseUrl,
          userName,
          password,
          ...(code !== undefined && { code }),
        }).catch(async (error: unknown) => {
          // Two-factor sign-in: ask for the code on a terminal, then sign in with it.
          if (
            !(error instanceof TwoFactorRequiredError) ||
            !interactive() ||
            (error.method === "sms" && !error.phoneNoise)
          ) {
            throw error;
          }
          context.err(
            error.method === "sms"
              ? `A code went by SMS to ${error.phoneNoise}.`
              : "Open your authenticator app.",
          );
          const key = error.tfaKey();
          if (key) context.err(`No app is connected yet: add this setup key to one first: ${key}`);
          return signIn({ baseUrl, userName, password, code: await ask("Code: ") });
        });
      } catch (error) {
        if (error instanceof TypeError || error instanceof RangeError)
          throw new UsageError(error.message);
        throw error;
      }
      context.secret(result.token);
      const expires = when(result.expires);
      if (flags["print-token"]) {
        context.out(result.token);
        return context.err(`Signed in as ${plain(userName)}; the token expires ${expires}.`);
      }
      if (flags.json) {
        return context.out(
          JSON.stringify({ signedIn: true, userName, expires: result.expires ?? null }, null, 2),
        );
      }
      context.out(`Signed in to ${baseUrl} as ${plain(userName)}. The token expires ${expires}.`);
      context.out("The token was not printed. To keep one in this shell, run:");
      context.out(
        `  export ONLYOFFICE_TOKEN="$(onlyoffice-crm login --url ${baseUrl} --user ${shellQuote(userName)} --print-token)"`,
      );
    },
  },
  {
    name: "fake-portal",
    args: [],
    help: "start a fake portal to try commands on; prints its URL and token",
    details:
      "The package's fake portal (onlyoffice-crm-client/testing) on 127.0.0.1, with sample\n" +
      "cases, contacts, tasks and history; it runs until Ctrl-C. It accepts the --token given\n" +
      "(default: a random one), and keeps nothing when it stops.",
    run: async (context) => {
      const token = context.flags.token as string | undefined;
      const portal = await startFakePortal(token ? { token } : {});
      // Listening before printing: a script may signal as soon as it has read the URL.
      const stopped = new Promise<void>((resolve) => {
        for (const signal of ["SIGINT", "SIGTERM"] as const) process.once(signal, resolve);
      });
      const { url, token: accepted, userName, password } = portal;
      if (context.flags.json) {
        context.out(JSON.stringify({ url, token: accepted, userName, password }));
      } else {
        context.out(`A fake portal is running at ${url} (Ctrl-C stops it).`);
        context.out("In another shell:");
        context.out(`  export ONLYOFFICE_URL=${url}`);
        context.out(`  export ONLYOFFICE_TOKEN=${accepted}`);
        context.out("  onlyoffice-crm case list");
        context.out(`Its sign-in (for \`login\`): user ${userName}, password ${password}`);
      }
      await stopped;
      await portal.close();
    },
  },
];
