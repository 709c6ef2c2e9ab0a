// Currencies and the portal's currency rates (CRMApi.CurrencyRates.cs, the currency routes of
// CRMApi.Utils.cs). Rate writes are destructive on the portal (facts §7 trap 7): `rate: 0`
// deletes a pair, `currency/setrates` wipes every rate and can switch the default currency. Codes
// are checked against the portal's list (it compares them case-sensitively, in upper case).
import { currencyOperations } from "../../generated/operations";
import type { components } from "../../generated/schema";
import { InternalServerError, NotFoundError } from "../core/errors";
import { hooks } from "../core/hooks";
import { flag, id, list, type Check } from "../core/guards";
import type { RequestOptions } from "../core/options";
import {
  shaped,
  type Area,
  type Fields,
  type LinesFor,
  type ReadFirst,
  type Wire,
} from "../core/shapes";
import { currencyCode, money, positiveMoney, type Amount } from "./money";

export type CurrencyRate = components["schemas"]["CurrencyRate"];
export type CurrencyInfo = components["schemas"]["Currency"];
export type CurrencyRateInfo = components["schemas"]["CurrencyRateInfo"];

/** A rate: 1 `from` = `rate` `to`. Above 0, at most two decimals (the portal stores two). */
export interface NewCurrencyRate {
  from: string;
  to: string;
  rate: Amount;
}

export type CurrencyRateChanges = Partial<NewCurrencyRate>;

export interface CurrencyMethods {
  /** `GET currency/rates`: the portal's manual rates. */
  listCurrencyRates(options?: RequestOptions): Promise<CurrencyRate[]>;
  /** `GET currency/rates/{id}`: a missing rate is a NotFoundError (the portal answers 500). */
  getCurrencyRate(rateId: number, options?: RequestOptions): Promise<CurrencyRate>;
  /** `GET currency/rates/{from}/{to}`: a missing pair is a NotFoundError (the portal answers 500). */
  getCurrencyRateFor(from: string, to: string, options?: RequestOptions): Promise<CurrencyRate>;
  /**
   * `POST currency/rates`: sets the pair's rate (the portal updates an existing pair). `rate` must
   * be above 0: 0 would delete the pair (use `deleteCurrencyRate`).
   */
  createCurrencyRate(input: NewCurrencyRate, options?: RequestOptions): Promise<CurrencyRate>;
  /** `PUT currency/rates/{id}`: reads the rate and sends it whole with `changes`. */
  updateCurrencyRate(
    rateId: number,
    changes: CurrencyRateChanges,
    options?: RequestOptions,
  ): Promise<CurrencyRate>;
  /** `DELETE currency/rates/{id}`. */
  deleteCurrencyRate(rateId: number, options?: RequestOptions): Promise<CurrencyRate>;
  /**
   * `POST currency/setrates` (admin): **replaces every rate of the portal** with `rates` and makes
   * `defaultCurrency` the portal's default currency. Needs `replaceEveryRate: true`.
   */
  setCurrencyRates(
    defaultCurrency: string,
    input: { rates: NewCurrencyRate[]; replaceEveryRate: true },
    options?: RequestOptions,
  ): Promise<CurrencyRate[]>;
  /** `POST currency/addrates` (admin): sets these pairs, keeps the others; resolves to every rate. */
  addCurrencyRates(rates: NewCurrencyRate[], options?: RequestOptions): Promise<CurrencyRate[]>;
  /** `GET settings/currency`: the currencies the portal knows. */
  listCurrencies(options?: RequestOptions): Promise<CurrencyInfo[]>;
  /**
   * `GET settings/currency/convert`: with the portal's scraped rates, not `currency/rates`; a
   * portal with the shipped configuration answers 500 for two different currencies.
   */
  convertAmount(
    amount: Amount,
    from: string,
    to: string,
    options?: RequestOptions,
  ): Promise<number>;
  /** `GET settings/currency/summarytable`: the scraped rates from `currency`. */
  getCurrencySummary(currency: string, options?: RequestOptions): Promise<CurrencyRateInfo[]>;
  /** `PUT settings/currency` (admin): the portal's default currency. Nothing is converted. */
  setDefaultCurrency(currency: string, options?: RequestOptions): Promise<CurrencyInfo>;
}

/** Codes the portal lists; it compares them case-sensitively and refuses others (400 or 500). */
async function listed(codes: unknown[], crm: unknown, options: object): Promise<void> {
  const known = await (crm as CurrencyMethods).listCurrencies(options);
  for (const code of codes as string[]) {
    if (!known.some((c) => c.abbreviation === code)) {
      throw new RangeError(`currency ${code} is not one the portal knows (see listCurrencies)`);
    }
  }
}

/**
 * A currency code, upper-cased and checked against `listCurrencies`, with the codes of the
 * call's earlier arguments (`before`, their wire names): one read for the call.
 */
const codeArg =
  (name: string, wireName: string, ...before: string[]): ReadFirst =>
  async (value, wire, { crm, options }) => {
    const code = currencyCode(name, value);
    await listed([...before.map((b) => wire[b]), code], crm, options);
    wire[wireName] = code;
  };

const rateFields: Fields = {
  from: ["fromCurrency", currencyCode],
  to: ["toCurrency", currencyCode],
  rate: ["rate", positiveMoney],
};

/** One rate of a list, under the names the portal binds in an array (never an `id`). */
const rateItem: Check<Wire> = (name, value) => {
  // A shape reads nothing first: it needs no client.
  const written = shaped({ name, fields: rateFields, required: ["from", "to", "rate"] }, value);
  return written;
};

const rateList = (name: string, value: unknown) => list(name, value, rateItem);

const newRate: ReadFirst = async (value, wire, { crm, options }) => {
  Object.assign(wire, rateItem("input", value));
  await listed([wire.fromCurrency, wire.toCurrency], crm, options);
};

const rateChanges: ReadFirst = async (value, wire, { crm, options }) => {
  const given = shaped({ name: "changes", fields: rateFields }, value);
  const now = await (crm as CurrencyMethods).getCurrencyRate(wire.id as number, options);
  Object.assign(
    wire,
    { fromCurrency: now.fromCurrency, toCurrency: now.toCurrency, rate: money("rate", now.rate) },
    given,
  );
  await listed([wire.fromCurrency, wire.toCurrency], crm, options);
};

/** The opt-in and the list: `setrates` replaces every rate and may switch the default currency. */
const replaceAll: ReadFirst = async (value, wire, { crm, options }) => {
  Object.assign(
    wire,
    shaped(
      {
        name: "input",
        fields: { rates: ["rates", rateList], replaceEveryRate: ["replaceEveryRate", flag] },
        required: ["rates"],
        rule: (written) => {
          if (written.replaceEveryRate !== true) {
            throw new RangeError(
              "setCurrencyRates deletes every rate of the portal and may change its default currency: " +
                "pass replaceEveryRate: true to do so, or use addCurrencyRates to set some rates",
            );
          }
          delete written.replaceEveryRate; // the client's opt-in, not the portal's
        },
      },
      value,
    ),
  );
  // The default currency with the rates' codes: refused input sends nothing, then one read.
  const rates = wire.rates as Wire[];
  await listed(
    [wire.currency, ...rates.flatMap((r) => [r.fromCurrency, r.toCurrency])],
    crm,
    options,
  );
};

const addRates: ReadFirst = async (value, wire, { crm, options }) => {
  wire.rates = rateList("rates", value);
  const rates = wire.rates as Wire[];
  await listed(
    rates.flatMap((r) => [r.fromCurrency, r.toCurrency]),
    crm,
    options,
  );
};

/** A 500 from a rate read is the portal's null dereference for a missing rate. */
const missing = (error: unknown) =>
  error instanceof InternalServerError
    ? new NotFoundError({
        status: 500,
        portalMessage: "no such currency rate (the portal answered 500)",
      })
    : undefined;

const rateId: ["rateId", "id", typeof id] = ["rateId", "id", id];

export const currencyLines = {
  listCurrencyRates: [],
  getCurrencyRate: [rateId],
  getCurrencyRateFor: [
    ["from", "fromCurrency", currencyCode],
    codeArg("to", "toCurrency", "fromCurrency"),
  ],
  createCurrencyRate: [newRate],
  updateCurrencyRate: [rateId, rateChanges],
  deleteCurrencyRate: [rateId],
  setCurrencyRates: [["defaultCurrency", "currency", currencyCode], replaceAll],
  addCurrencyRates: [addRates],
  listCurrencies: [],
  convertAmount: [
    ["amount", "amount", money],
    ["from", "fromcurrency", currencyCode],
    codeArg("to", "tocurrency", "fromcurrency"),
  ],
  getCurrencySummary: [codeArg("currency", "currency")],
  setDefaultCurrency: [codeArg("currency", "currency")],
} satisfies LinesFor<typeof currencyOperations, CurrencyMethods>;

/** Currencies and rates: pass it to `createCrmClientFor`. */
export const currency: Area<CurrencyMethods> = {
  operations: currencyOperations,
  lines: currencyLines,
  errors: { getCurrencyRate: missing, getCurrencyRateFor: missing },
  hooks,
};
