// Money as the portal stores it: every amount column is DECIMAL(10,2) (build/sql/onlyoffice.sql:
// 479, 585, 605-606, 627-629, 640), so more than two decimals are rounded and anything above
// 99 999 999.99 overflows, after a partial write. A JSON number passes through a double on the
// server (ApiArgumentBuilder.cs:192), a JSON string is parsed exactly: amounts go as strings.
import { text, wrongType, type Check } from "../core/guards";

/** An amount as a user gives it: a number, or a decimal string such as `"19.99"`. */
export type Amount = number | string;

/** The largest amount a DECIMAL(10,2) column holds. */
export const MAX_AMOUNT = "99999999.99";

// Leading zeros are dropped (`007.50` → `7.50`); at most 8 digits are left before the point. A
// minus is read by the same expression, so that only a number or a string can carry one.
const DECIMAL = /^(-?)0*(\d{1,8})(\.\d{1,2})?$/;

/**
 * `value` (a number or a decimal string, 0 to 99 999 999.99, at most two decimals) as the
 * decimal string sent to the portal: `19.9` → `"19.9"`, `"007.50"` → `"7.50"`. A number is
 * written in its shortest exact form (`String`, which writes -0 as `0`), so `0.1 + 0.2`
 * (0.30000000000000004) is refused rather than rounded; so are NaN and the infinities. Below 0
 * too when `signed` (-0 and "-0.00" lose their minus).
 */
export const money = (name: string, value: unknown, signed?: boolean): string => {
  if (typeof value !== "number" && typeof value !== "string") {
    throw wrongType(name, "an amount (a number or a decimal string)", value);
  }
  const match = DECIMAL.exec(String(value).trim());
  if (!match || (match[1] && !signed)) {
    throw new RangeError(
      `${name} must be an amount from ${signed ? "-" + MAX_AMOUNT : 0} to ${MAX_AMOUNT} with at ` +
        "most two decimals: the portal's DECIMAL(10,2) column would round the rest or overflow",
    );
  }
  const digits = match[2]! + (match[3] ?? "");
  return (/[1-9]/.test(digits) ? match[1] : "") + digits;
};

/** An amount above 0 (an exchange rate, a currency rate: 0 would be refused or delete the rate). */
export const positiveMoney: Check<string> = (name, value) => {
  const text = money(name, value);
  if (!/[1-9]/.test(text)) throw new RangeError(`${name} must be above 0`);
  return text;
};

/** A percentage from 0 to 100 with at most two decimals (a discount). */
export const percent: Check<string> = (name, value) => {
  const text = money(name, value);
  if (Number(text) > 100) throw new RangeError(`${name} must be a percentage from 0 to 100`);
  return text;
};

/** An ISO currency code, upper-cased (the portal's codes are; lower case fails some routes). */
export const currencyCode: Check<string> = (name, value) => {
  const code = text(name, value).trim().toUpperCase();
  if (!/^[A-Z]{3}$/.test(code))
    throw new RangeError(`${name} must be a three-letter currency code`);
  return code;
};

/**
 * An amount that may be below 0, for values read back and sent again: a tracked item's stock goes
 * negative when invoices sell more than it holds (CRMApi.Invoices.cs:282-352 moves it unchecked).
 */
export const signedMoney: Check<string> = (name, value) => money(name, value, true);
