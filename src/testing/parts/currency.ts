// The fake portal's currency routes: the manual rates (CRMApi.CurrencyRates.cs; `Dao/` =
// web/studio/ASC.Web.Studio/Products/CRM/Core/Dao/) and the currency settings of CRMApi.Utils.cs.
// Rates are upserted by pair, `rate: 0` on an existing pair deletes it, and the scraped rates
// are off (the shipped web.appsettings.config:16), so converting between two currencies is a 500.
import type { Route } from "../core/routes";
import type { PortalState } from "../core/state";
import { accessDenied, badArgument, serverError, type Args } from "../core/wire";
import { amount, billingOf, storedAmount, type Billing } from "./invoices";

type RateRow = Billing["rates"] extends Map<number, infer R> ? R : never;

/** The answer echoes what was sent (CurrencyRateWrapper of the in-memory object). */
const rateWire = (row: RateRow, sentRate?: number) => ({
  id: row.id,
  fromCurrency: row.fromCurrency,
  toCurrency: row.toCurrency,
  rate: sentRate ?? amount(row.rate),
});

/** `ValidateRate` (:311-315): 0 to 99 999 999.99, on the value as sent. */
function validRate(args: Args, name = "rate"): { stored: number; sent: number } {
  const text = args.string(name) ?? "0";
  const sent = Number(text);
  if (!(sent >= 0 && sent <= 99999999.99)) throw badArgument(`Invalid currency rate: ${text}`);
  return { stored: storedAmount(text), sent };
}

/** `ValidateCurrencies` (:298-309): every code listed, compared case-sensitively. */
function validCodes(billing: Billing, codes: (string | undefined)[]): void {
  if (codes.some((c) => !c)) throw badArgument();
  const unknown = codes.filter((c) => !billing.currencies.has(c!));
  if (unknown.length) throw badArgument(`Unknown currency: ${unknown.join(",")}`);
}

/** `CurrencyRateDao.SaveOrUpdate` (:58-114): by ID, else by pair; 0 on an existing row deletes it. */
function saveRate(state: PortalState, billing: Billing, row: RateRow): number {
  let existing = row.id > 0 ? billing.rates.get(row.id) : undefined;
  existing ??= [...billing.rates.values()].find(
    (r) =>
      r.fromCurrency === row.fromCurrency.toUpperCase() &&
      r.toCurrency === row.toCurrency.toUpperCase(),
  );
  if (existing && row.rate === 0) {
    billing.rates.delete(existing.id);
    return existing.id;
  }
  const id = existing?.id ?? state.newId(billing.rates);
  billing.rates.set(id, {
    id,
    fromCurrency: row.fromCurrency.toUpperCase(),
    toCurrency: row.toCurrency.toUpperCase(),
    rate: row.rate,
  });
  return id;
}

/** `List<CurrencyRate> rates`: element names bind case-sensitively (Binder.cs:182-209). */
function boundRates(args: Args): (RateRow & { sent: number })[] {
  const body = args.json as Record<string, unknown> | undefined;
  const given = body && Array.isArray(body.rates) ? body.rates : [];
  return given.map((element: unknown) => {
    const e = (element ?? {}) as Record<string, unknown>;
    const get = (cs: string) => {
      for (const n of [cs, cs[0]!.toLowerCase() + cs.slice(1), cs.toLowerCase()]) {
        if (e[n] !== undefined && e[n] !== null) return String(e[n]);
      }
      return undefined;
    };
    const text = get("Rate") ?? "0";
    const sent = Number(text);
    if (!(sent >= 0 && sent <= 99999999.99)) throw badArgument(`Invalid currency rate: ${text}`);
    return {
      id: Number(get("ID") ?? get("Id") ?? 0) || 0,
      fromCurrency: get("FromCurrency") ?? "",
      toCurrency: get("ToCurrency") ?? "",
      rate: storedAmount(text),
      sent,
    };
  });
}

export const currencyRoutes: Route[] = [
  [
    "GET",
    "currency/rates",
    ({ state }) => ({ value: [...billingOf(state).rates.values()].map((r) => rateWire(r)) }),
  ],
  [
    "GET",
    "currency/rates/(?<id>[0-9]+)",
    ({ state, args }) => {
      const id = args.int("id");
      if (id <= 0) throw badArgument();
      const row = billingOf(state).rates.get(id);
      // A missing rate: the wrapper dereferences null (CurrencyRateWrapper.cs:40-46).
      if (!row) throw serverError("Object reference not set to an instance of an object.");
      return { value: rateWire(row) };
    },
  ],
  [
    "GET",
    "currency/rates/(?<fromCurrency>[^/]+)/(?<toCurrency>[^/]+)",
    ({ state, args }) => {
      const from = args.string("fromCurrency")?.toUpperCase();
      const to = args.string("toCurrency")?.toUpperCase();
      const row = [...billingOf(state).rates.values()].find(
        (r) => r.fromCurrency === from && r.toCurrency === to,
      );
      if (!row) throw serverError("Object reference not set to an instance of an object.");
      return { value: rateWire(row) };
    },
  ],
  [
    "POST",
    "currency/rates",
    ({ state, args }) => {
      const billing = billingOf(state);
      const { stored, sent } = validRate(args);
      const fromCurrency = args.string("fromCurrency");
      const toCurrency = args.string("toCurrency");
      validCodes(billing, [fromCurrency, toCurrency]);
      const row = { id: 0, fromCurrency: fromCurrency!, toCurrency: toCurrency!, rate: stored };
      row.id = saveRate(state, billing, row);
      return { value: rateWire(row, sent) }; // rate 0: deleted, yet shown (facts C4)
    },
  ],
  [
    "PUT",
    "currency/rates/(?<id>[0-9]+)",
    ({ state, args }) => {
      const billing = billingOf(state);
      const id = args.int("id");
      if (id <= 0) throw badArgument();
      const { stored, sent } = validRate(args);
      const fromCurrency = args.string("fromCurrency");
      const toCurrency = args.string("toCurrency");
      validCodes(billing, [fromCurrency, toCurrency]);
      if (!billing.rates.has(id)) throw badArgument(); // :155
      const row = { id, fromCurrency: fromCurrency!, toCurrency: toCurrency!, rate: stored };
      saveRate(state, billing, row);
      return { value: rateWire(row, sent) };
    },
  ],
  [
    "DELETE",
    "currency/rates/(?<id>[0-9]+)",
    ({ state, args }) => {
      const billing = billingOf(state);
      const id = args.int("id");
      const row = billing.rates.get(id);
      if (id <= 0 || !row) throw badArgument(); // :271-276
      billing.rates.delete(id);
      return { value: rateWire(row) };
    },
  ],
  [
    "POST",
    "currency/setrates",
    ({ state, args }) => {
      const billing = billingOf(state);
      if (!billing.admin) throw accessDenied();
      const currency = args.string("currency");
      if (!currency) throw badArgument();
      const rates = boundRates(args);
      validCodes(
        billing,
        rates.flatMap((r) => [r.fromCurrency, r.toCurrency]),
      );
      const code = currency.toUpperCase();
      if (code !== billing.defaultCurrency) {
        if (!billing.currencies.has(code)) throw badArgument();
        billing.defaultCurrency = code; // the portal's default switches (:195-201)
      }
      billing.rates.clear(); // every rate goes (Dao/CurrencyRateDao.cs SetCurrencyRates)
      const value = rates.map((r) => {
        const row = { id: 0, fromCurrency: r.fromCurrency, toCurrency: r.toCurrency, rate: r.rate };
        row.id = saveRate(state, billing, row);
        return rateWire(row, r.sent);
      });
      return { value };
    },
  ],
  [
    "POST",
    "currency/addrates",
    ({ state, args }) => {
      const billing = billingOf(state);
      if (!billing.admin) throw accessDenied();
      const rates = boundRates(args);
      validCodes(
        billing,
        rates.flatMap((r) => [r.fromCurrency, r.toCurrency]),
      );
      for (const r of rates) {
        // An existing pair (exact, case-sensitive compare :236) is updated, else inserted; an
        // element's `id` goes to SaveOrUpdate and overwrites that row.
        const same = [...billing.rates.values()].find(
          (x) => x.fromCurrency === r.fromCurrency && x.toCurrency === r.toCurrency,
        );
        saveRate(state, billing, {
          id: same?.id ?? r.id,
          fromCurrency: r.fromCurrency,
          toCurrency: r.toCurrency,
          rate: r.rate,
        });
      }
      return { value: [...billing.rates.values()].map((r) => rateWire(r)) };
    },
  ],
  [
    "GET",
    "settings/currency",
    ({ state }) => ({
      value: [...billingOf(state).currencies.values()].sort((a, b) =>
        a.abbreviation < b.abbreviation ? -1 : 1,
      ),
    }),
  ],
  [
    "PUT",
    "settings/currency",
    ({ state, args }) => {
      const billing = billingOf(state);
      if (!billing.admin) throw accessDenied();
      const code = args.string("currency")?.toUpperCase();
      if (!code || !billing.currencies.has(code)) throw badArgument();
      billing.defaultCurrency = code;
      return { value: billing.currencies.get(code) };
    },
  ],
  [
    "GET",
    "settings/currency/convert",
    ({ args }) => {
      const text = args.string("amount") ?? "0";
      if (!/^-?\d*(\.\d+)?$/.test(text)) throw badArgument(); // InvariantCulture: `1,5` is a 400
      const from = args.string("fromcurrency") ?? "";
      const to = args.string("tocurrency") ?? "";
      // The same currency (any case) or an empty one: the amount (CurrencyProvider.cs:166-177).
      if (!from || !to || from.toUpperCase() === to.toUpperCase()) return { value: Number(text) };
      // No scraped rates with the shipped configuration: KeyNotFoundException.
      throw serverError("The given key was not present in the dictionary.");
    },
  ],
  [
    "GET",
    "settings/currency/summarytable",
    ({ state, args }) => {
      const billing = billingOf(state);
      const code = args.string("currency")?.toUpperCase();
      if (!code || !billing.currencies.has(code)) throw badArgument();
      return { value: [{ ...billing.currencies.get(code)!, rate: 1 }] }; // only itself without scraped rates
    },
  ],
];
