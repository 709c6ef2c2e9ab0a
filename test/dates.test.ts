import { parseApiDateTime, NO_DATE } from "../src";

describe("parseApiDateTime", () => {
  it("reads the portal's offset and the instant", () => {
    const parsed = parseApiDateTime("2024-03-05T14:07:31.1234567+03:00");
    expect(parsed?.date.toISOString()).toBe("2024-03-05T11:07:31.123Z");
    expect(parsed).toMatchObject({ offsetMinutes: 180, offset: "+03:00" });
  });

  it("reads Z and negative offsets", () => {
    expect(parseApiDateTime("2023-11-20T09:15:00.0000000Z")).toMatchObject({
      offsetMinutes: 0,
      offset: "Z",
    });
    const west = parseApiDateTime("2023-12-31T23:30:00.0000000-05:30");
    expect(west?.date.toISOString()).toBe("2024-01-01T05:00:00.000Z");
    expect(west?.offsetMinutes).toBe(-330);
  });

  it("turns the portal's 'no date' into null", () => {
    expect(parseApiDateTime(NO_DATE)).toBeNull();
  });

  it("keeps years before 100 as they are", () => {
    expect(parseApiDateTime("0050-06-01T00:00:00.0000000Z")?.date.getUTCFullYear()).toBe(50);
  });

  it.each([
    "",
    "2024-03-05",
    "2024-13-05T00:00:00.0000000Z",
    "2024-02-30T00:00:00Z",
    "2024-03-05T14:07:61Z",
    "yesterday",
  ])("rejects %p", (bad) => {
    expect(() => parseApiDateTime(bad)).toThrow(RangeError);
  });
});
