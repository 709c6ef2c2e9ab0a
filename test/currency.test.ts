// The currency methods against the fake portal over real HTTP: what is sent, what comes back,
// and every refusal (a zero rate, an empty or unconfirmed setrates, unknown codes) sending
// nothing but the reads that check it.
import {
  createCrmClient,
  currency,
  createCrmClientFor,
  NotFoundError,
  type CrmClient,
} from "../src";
import { startFakePortal, type FakePortal } from "../src/testing";
import { sent } from "./requests";

let portal: FakePortal;
let crm: CrmClient;

beforeEach(async () => {
  portal = await startFakePortal();
  crm = createCrmClient({ baseUrl: portal.url, token: portal.token, retryDelay: { baseMs: 1 } });
});
afterEach(() => portal.close());

const writes = () => portal.requests.filter((r) => r.method !== "GET");
const lastBody = () => JSON.parse(portal.requests.at(-1)!.body) as unknown;

describe("rates", () => {
  it("listCurrencyRates, getCurrencyRate and getCurrencyRateFor read them", async () => {
    expect(await crm.listCurrencyRates()).toEqual([
      { id: 1, fromCurrency: "EUR", toCurrency: "USD", rate: 1.08 },
      { id: 2, fromCurrency: "USD", toCurrency: "EUR", rate: 0.93 },
    ]);
    expect(await crm.getCurrencyRate(2)).toMatchObject({ fromCurrency: "USD" });
    expect(sent(portal.requests[1]).path).toBe("/api/2.0/crm/currency/rates/2");
    const before = portal.requests.length;
    expect(await crm.getCurrencyRateFor("eur", "usd")).toMatchObject({ id: 1 });
    // Both codes checked against one read of the portal's currencies.
    expect(portal.requests.slice(before).map((r) => sent(r).path)).toEqual([
      "/api/2.0/crm/settings/currency",
      "/api/2.0/crm/currency/rates/EUR/USD",
    ]);
    await expect(crm.getCurrencyRateFor("ABC", "usd")).rejects.toThrow(
      "currency ABC is not one the portal knows (see listCurrencies)",
    );
    await expect(crm.getCurrencyRateFor("eur", "XYZ")).rejects.toThrow(/currency XYZ is not one/);
    await expect(crm.getCurrencyRateFor("eu", "usd")).rejects.toThrow(/^from /);
  });

  it("a missing rate is a NotFoundError (the portal answers 500)", async () => {
    await expect(crm.getCurrencyRate(99)).rejects.toBeInstanceOf(NotFoundError);
    await expect(crm.getCurrencyRateFor("GBP", "CHF")).rejects.toBeInstanceOf(NotFoundError);
  });

  it("createCurrencyRate sends upper-case codes and the rate as a decimal string", async () => {
    const rate = await crm.createCurrencyRate({ from: "gbp", to: "eur", rate: "1.17" });
    expect(sent(portal.requests.at(-1))).toMatchObject({
      method: "POST",
      path: "/api/2.0/crm/currency/rates",
    });
    expect(lastBody()).toEqual({ fromCurrency: "GBP", toCurrency: "EUR", rate: "1.17" });
    expect(rate).toMatchObject({ fromCurrency: "GBP", toCurrency: "EUR", rate: 1.17 });
    // An existing pair is updated (the portal's upsert), keeping its ID.
    expect((await crm.createCurrencyRate({ from: "EUR", to: "USD", rate: 1.1 })).id).toBe(1);
    expect((await crm.getCurrencyRate(1)).rate).toBe(1.1);
  });

  it("refuses a zero rate, extra decimals and unknown codes before writing", async () => {
    await expect(crm.createCurrencyRate({ from: "EUR", to: "USD", rate: 0 })).rejects.toThrow(
      /above 0/,
    );
    await expect(crm.createCurrencyRate({ from: "EUR", to: "USD", rate: "1.085" })).rejects.toThrow(
      /two decimals/,
    );
    await expect(crm.createCurrencyRate({ from: "EUR", to: "XYZ", rate: 1 })).rejects.toThrow(
      /XYZ is not one/,
    );
    await expect(crm.updateCurrencyRate(1, { rate: 0 })).rejects.toThrow(/above 0/);
    expect(writes()).toEqual([]);
  });

  it("updateCurrencyRate reads first and sends the rate whole; deleteCurrencyRate", async () => {
    const updated = await crm.updateCurrencyRate(1, { rate: 1.09 });
    expect(sent(portal.requests.at(-1))).toMatchObject({
      method: "PUT",
      path: "/api/2.0/crm/currency/rates/1",
    });
    expect(lastBody()).toEqual({ fromCurrency: "EUR", toCurrency: "USD", rate: "1.09" });
    expect(updated.rate).toBe(1.09);
    expect(await crm.deleteCurrencyRate(1)).toMatchObject({ id: 1 });
    expect(sent(portal.requests.at(-1))).toMatchObject({
      method: "DELETE",
      path: "/api/2.0/crm/currency/rates/1",
    });
    await expect(crm.getCurrencyRate(1)).rejects.toBeInstanceOf(NotFoundError);
  });

  it("setCurrencyRates needs the opt-in and a list, then replaces every rate and the default", async () => {
    await expect(
      // @ts-expect-error: the opt-in is required
      crm.setCurrencyRates("USD", { rates: [{ from: "USD", to: "EUR", rate: 1 }] }),
    ).rejects.toThrow(/replaceEveryRate: true/);
    await expect(
      crm.setCurrencyRates("USD", { rates: [], replaceEveryRate: true }),
    ).rejects.toThrow(/must not be empty/);
    // Refused on the input alone: not even the currencies are read.
    expect(portal.requests).toEqual([]);
    await expect(
      crm.setCurrencyRates("XYZ", {
        rates: [{ from: "USD", to: "GBP", rate: 1 }],
        replaceEveryRate: true,
      }),
    ).rejects.toThrow("currency XYZ is not one the portal knows");
    expect(writes()).toEqual([]);
    const before = portal.requests.length;
    const rates = await crm.setCurrencyRates("usd", {
      rates: [{ from: "USD", to: "GBP", rate: "0.79" }],
      replaceEveryRate: true,
    });
    // The default and the rates' codes checked against one read of the currencies.
    expect(portal.requests.slice(before).map((r) => sent(r).path)).toEqual([
      "/api/2.0/crm/settings/currency",
      "/api/2.0/crm/currency/setrates",
    ]);
    expect(lastBody()).toEqual({
      currency: "USD",
      rates: [{ fromCurrency: "USD", toCurrency: "GBP", rate: "0.79" }],
    });
    expect(rates.map((r) => `${r.fromCurrency}/${r.toCurrency}`)).toEqual(["USD/GBP"]);
    expect((await crm.listCurrencyRates()).length).toBe(1);
    expect((await crm.getInvoiceSample()).currency.abbreviation).toBe("USD");
  });

  it("addCurrencyRates never sends IDs, and keeps the other rates", async () => {
    const all = await crm.addCurrencyRates([
      { from: "EUR", to: "USD", rate: 1.2 },
      { from: "CHF", to: "EUR", rate: "1.05" },
    ]);
    expect(lastBody()).toEqual({
      rates: [
        { fromCurrency: "EUR", toCurrency: "USD", rate: "1.2" },
        { fromCurrency: "CHF", toCurrency: "EUR", rate: "1.05" },
      ],
    });
    expect(all.map((r) => r.rate)).toEqual([1.2, 0.93, 1.05]);
    await expect(
      // @ts-expect-error: an id is not a field of a rate
      crm.addCurrencyRates([{ id: 2, from: "EUR", to: "USD", rate: 1 }]),
    ).rejects.toThrow(/no field id/);
  });
});

describe("currencies", () => {
  it("listCurrencies, setDefaultCurrency, getCurrencySummary", async () => {
    const list = await crm.listCurrencies();
    expect(list.map((c) => c.abbreviation)).toEqual(["CHF", "EUR", "GBP", "RUB", "USD"]);
    expect(await crm.setDefaultCurrency("gbp")).toMatchObject({ abbreviation: "GBP" });
    expect(sent(portal.requests.at(-1))).toMatchObject({
      method: "PUT",
      path: "/api/2.0/crm/settings/currency",
    });
    expect(lastBody()).toEqual({ currency: "GBP" });
    const summary = await crm.getCurrencySummary("eur");
    expect(sent(portal.requests.at(-1))).toEqual({
      method: "GET",
      path: "/api/2.0/crm/settings/currency/summarytable",
      query: { currency: "EUR" },
    });
    expect(summary).toEqual([expect.objectContaining({ abbreviation: "EUR", rate: 1 })]);
    await expect(crm.setDefaultCurrency("ABC")).rejects.toThrow(/ABC is not one/);
  });

  it("convertAmount sends an exact amount; the scraped rates are off (500 between currencies)", async () => {
    const before = portal.requests.length;
    expect(await crm.convertAmount("12.50", "eur", "EUR")).toBe(12.5);
    expect(portal.requests.length - before).toBe(2); // one read of the currencies, then the call
    expect(sent(portal.requests.at(-1))).toEqual({
      method: "GET",
      path: "/api/2.0/crm/settings/currency/convert",
      query: { amount: "12.50", fromcurrency: "EUR", tocurrency: "EUR" },
    });
    await expect(crm.convertAmount(1, "EUR", "USD")).rejects.toMatchObject({ status: 500 });
    await expect(crm.convertAmount("1.001", "EUR", "USD")).rejects.toThrow(/two decimals/);
  });

  it("a currency-only client has the currency methods only", () => {
    const only = createCrmClientFor([currency], { baseUrl: portal.url, token: portal.token });
    expect(typeof only.listCurrencyRates).toBe("function");
    // @ts-expect-error: not a currency method
    expect(only.getInvoice).toBeUndefined();
  });
});
