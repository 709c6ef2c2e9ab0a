// The currency rate commands (`rates …`): the portal's manual rates. A rate is a decimal string
// (the library's money guard: above 0, two decimals); `rates set` upserts one pair, never the
// destructive `setCurrencyRates`.
import type { CurrencyRate } from "../../index";
import { table } from "../format";
import { currencyCode, positiveMoney } from "../../parts/money";
import { UsageError, type Command, type Context } from "./shared";

const HEADER = ["ID", "FROM", "TO", "RATE"];
const row = (rate: CurrencyRate) => [
  rate.id,
  rate.fromCurrency,
  rate.toCurrency,
  String(rate.rate),
];

function print(context: Context, rate: CurrencyRate) {
  if (context.flags.json) return context.out(JSON.stringify(rate, null, 2));
  context.out(`1 ${rate.fromCurrency} = ${rate.rate} ${rate.toCurrency} (rate ${rate.id}).`);
}

export const money: Command[] = [
  {
    name: "rates list",
    args: [],
    help: "list the portal's currency rates",
    run: async (context) => {
      const rates = await context.crm().listCurrencyRates();
      if (context.flags.json) return context.out(JSON.stringify(rates, null, 2));
      context.out(rates.length ? table(HEADER, rates.map(row)) : "No currency rates.");
    },
  },
  {
    name: "rates set",
    args: [
      ["text", "FROM", "currency code, e.g. EUR"],
      ["text", "TO", "currency code, e.g. USD"],
      ["text", "RATE", "1 FROM in TO: above 0, at most two decimals (1.08)"],
    ],
    help: "set the rate of one currency pair (kept: every other rate)",
    run: async (context) => {
      const [from, to, rate] = context.args as string[];
      let input;
      try {
        input = {
          from: currencyCode("FROM", from),
          to: currencyCode("TO", to),
          rate: positiveMoney("RATE", rate),
        };
      } catch (error) {
        throw new UsageError((error as Error).message);
      }
      print(context, await context.crm().createCurrencyRate(input));
    },
  },
];
