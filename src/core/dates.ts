// ApiDateTime: `yyyy-MM-ddTHH:mm:ss.fffffff` then `Z` or `±hh:mm`, the portal's wall-clock time
// with its offset. The client keeps the string (lossless); this helper turns it into a Date.

/** An ApiDateTime string as the portal sends it, e.g. `2024-03-05T14:07:31.0000000+03:00`. */
export type ApiDateTime = string;

export interface ParsedApiDateTime {
  /** The instant. JavaScript keeps milliseconds only; the string keeps all seven digits. */
  date: Date;
  /** The portal's UTC offset in minutes (`+03:00` → 180, `Z` → 0). */
  offsetMinutes: number;
  /** The offset as sent (`Z` or `±hh:mm`). */
  offset: string;
}

const pattern =
  /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,7}))?(Z|[+-]\d{2}:\d{2})$/;

/** The portal's way of saying "no date". */
export const NO_DATE = "0001-01-01T00:00:00.0000000Z";

/**
 * Parses an ApiDateTime into its instant and offset; `null` for the portal's "no date"
 * (`0001-01-01T00:00:00.0000000Z`). Throws a RangeError for anything else that is not one.
 */
export function parseApiDateTime(value: ApiDateTime): ParsedApiDateTime | null {
  const match = typeof value === "string" ? pattern.exec(value) : null;
  if (!match)
    throw new RangeError(`Not an ApiDateTime: ${JSON.stringify(String(value)).slice(0, 60)}`);
  if (value === NO_DATE) return null;
  const [, year, month, day, hour, minute, second, fraction = "", offset = "Z"] = match;
  const offsetMinutes =
    offset === "Z"
      ? 0
      : (offset.startsWith("-") ? -1 : 1) *
        (Number(offset.slice(1, 3)) * 60 + Number(offset.slice(4, 6)));
  // setUTCFullYear, unlike Date.UTC, does not map years 0-99 to 1900-1999.
  const wallClock = new Date(0);
  wallClock.setUTCFullYear(Number(year), Number(month) - 1, Number(day));
  wallClock.setUTCHours(
    Number(hour),
    Number(minute),
    Number(second),
    Number(fraction.padEnd(3, "0").slice(0, 3)),
  );
  // Out-of-range parts (month 13, hour 25) roll over; a real ApiDateTime never has them.
  const back = [
    wallClock.getUTCMonth() + 1,
    wallClock.getUTCDate(),
    wallClock.getUTCHours(),
    wallClock.getUTCMinutes(),
    wallClock.getUTCSeconds(),
  ];
  if (back.some((part, i) => part !== Number([month, day, hour, minute, second][i]))) {
    throw new RangeError(`Not an ApiDateTime: ${JSON.stringify(value)}`);
  }
  const date = new Date(wallClock.getTime() - offsetMinutes * 60_000);
  return { date, offsetMinutes, offset };
}
