// The portal's API framework, as the fake portal copies it: how a request's values are bound
// (route, then query, then body), how answers are wrapped (the envelope, `\/` escapes, 201 for
// POST), how exceptions become statuses, and how lists are paged. Each rule names the server
// source it copies (ONLYOFFICE/CommunityServer v12.7.1, `M/` = module/ASC.Api/).
import type { IncomingMessage, ServerResponse } from "node:http";

// The portal escapes every `/` in strings; valid JSON that any parser reads back.
export function portalJson(value: unknown): string {
  return JSON.stringify(value).replace(/\//g, "\\/");
}

export function send(
  res: ServerResponse,
  status: number,
  body: string,
  type = "application/json; charset=UTF-8",
): void {
  res.writeHead(status, { "Content-Type": type, "Content-Length": Buffer.byteLength(body) });
  res.end(body);
}

/**
 * An exception a controller throws, with the status and hresult the framework gives it
 * (M/ASC.Api/Impl/ApiHttpHandler.cs:100-135; hresults by .NET exception type).
 */
export class PortalError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly hresult: number,
  ) {
    super(message);
  }
}

/** `ItemNotFoundException`, an `HttpException(404, "Not found")`: E_FAIL (M/ASC.Api/Exceptions/ItemNotFound.cs:25-30). */
export const notFound = () => new PortalError(404, "Not found", -2147467259);
/** `ArgumentException`: 400; a bare one says "Value does not fall within the expected range.". */
export const badArgument = (message = "Value does not fall within the expected range.") =>
  new PortalError(400, message, -2147024809);
/** `SecurityException("Access Denied")`: 403 (CRM/Resources/CRMErrorsResource.resx:120-122). */
export const accessDenied = () => new PortalError(403, "Access Denied", -2146233078);
/** Anything else (a NullReferenceException, say): 500. */
export const serverError = (message: string, hresult = -2147467261) =>
  new PortalError(500, message, hresult);

/** The error envelope (M/ASC.Api/Interfaces/IApiStandartResponce.cs:51-83). */
export function sendError(res: ServerResponse, error: PortalError, startIndex = 0): void {
  send(
    res,
    error.status,
    portalJson({
      ...(startIndex > 0 && { startIndex }),
      status: 1,
      statusCode: error.status,
      error: { message: error.message, hresult: error.hresult, data: {} },
    }),
  );
}

/** A 404 from the web server itself: an unknown URL never reaches the API (no JSON, no auth). */
export function sendHostNotFound(res: ServerResponse): void {
  send(res, 404, "<html><body><h1>404 Not Found</h1></body></html>", "text/html");
}

type Values = Map<string, string[]>;

function add(values: Values, name: string, value: string): void {
  const key = name.toLowerCase(); // NameValueCollection: names match case-insensitively
  values.set(key, [...(values.get(key) ?? []), value]);
}

/** A JSON body flattened as `JsonConvert.DeserializeXNode` + the binder see it: `a[b]`, `a[0][b]`, repeated keys for lists of scalars, `null` as "" (M/ASC.Api/Impl/ApiArgumentBuilder.cs:180-207). */
function flatten(values: Values, value: unknown, name: string): void {
  if (Array.isArray(value)) {
    value.forEach((item, i) =>
      typeof item === "object" && item !== null
        ? flatten(values, item, `${name}[${i}]`)
        : flatten(values, item, name),
    );
  } else if (typeof value === "object" && value !== null) {
    for (const [key, item] of Object.entries(value))
      flatten(values, item, name ? `${name}[${key}]` : key);
  } else {
    add(values, name, value === null ? "" : String(value));
  }
}

/** The request as a controller method's parameters see it. */
export class Args {
  private readonly route = new Map<string, string>();
  private readonly query: Values = new Map();
  private readonly body: Values = new Map();
  /**
   * The JSON body as sent, names in their own case: an array of objects binds its elements'
   * properties case-sensitively (M/ASC.Api/Utils/Binder.cs:182-209), which `all` cannot tell.
   */
  json: unknown;

  constructor(req: IncomingMessage, url: URL, rawBody: string, route: Record<string, string>) {
    for (const [key, value] of Object.entries(route)) this.route.set(key.toLowerCase(), value);
    for (const [key, value] of url.searchParams) add(this.query, key.replace(/\[\]$/, ""), value);
    const type = (req.headers["content-type"] ?? "").split(";")[0]!.trim().toLowerCase();
    if (type === "application/json" && rawBody) {
      let parsed: unknown;
      try {
        parsed = JSON.parse(rawBody);
      } catch (error) {
        // Malformed JSON is an ArgumentException whose innermost message is the parser's.
        throw badArgument((error as Error).message);
      }
      flatten(this.body, parsed, "");
      this.json = parsed;
    } else if (req.method !== "GET" && rawBody) {
      // Any other media type on a non-GET request: the form (ApiArgumentBuilder.cs:209-218).
      for (const [key, value] of new URLSearchParams(rawBody))
        add(this.body, key.replace(/\[\]$/, ""), value);
    }
  }

  /** Every value bound to `name`: route beats query, query beats body. */
  all(name: string): string[] | undefined {
    const key = name.toLowerCase();
    const routed = this.route.get(key);
    return routed !== undefined ? [routed] : (this.query.get(key) ?? this.body.get(key));
  }

  /** A string parameter (`null` → undefined). */
  string(name: string): string | undefined {
    return this.all(name)?.[0];
  }

  /** An `int`: missing is 0, one that does not convert is an ApiArgumentMismatchException (400). */
  int(name: string): number {
    const text = this.string(name);
    if (text === undefined) return 0;
    return toInt(text);
  }

  /** A `bool?`: missing is undefined; `bool` callers use `?? false`. */
  bool(name: string): boolean | undefined {
    const text = this.string(name);
    if (text === undefined) return undefined;
    if (/^true$/i.test(text.trim())) return true;
    if (/^false$/i.test(text.trim())) return false;
    throw badArgument(`String was not recognized as a valid Boolean.`);
  }

  /** An `IEnumerable<int>`: missing is `[]` (never null); a value that does not convert is 400. */
  ints(name: string): number[] {
    return (this.all(name) ?? []).map(toInt);
  }

  strings(name: string): string[] {
    return this.all(name) ?? [];
  }

  /** An `IEnumerable<Guid>`; `""` (a JSON null) does not convert: 400. */
  guids(name: string): string[] {
    return this.strings(name).map((text) => {
      if (!/^[\da-f]{8}-([\da-f]{4}-){3}[\da-f]{12}$/i.test(text.trim())) {
        throw badArgument(
          "Guid should contain 32 digits with 4 dashes (xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx).",
        );
      }
      return text.trim().toLowerCase();
    });
  }

  /** An `IEnumerable<ItemKeyValuePair<int, string>>`: `name[i][key]`, `name[i][value]`. */
  pairs(name: string): { key: number; value: string }[] {
    const found: { key: number; value: string }[] = [];
    for (let i = 0; ; i++) {
      const key = this.string(`${name}[${i}][key]`);
      if (key === undefined) return found;
      found.push({ key: toInt(key), value: this.string(`${name}[${i}][value]`) ?? "" });
    }
  }
}

function toInt(text: string): number {
  if (!/^\s*[+-]?\d+\s*$/.test(text))
    throw badArgument(`${text.slice(0, 20)} is not a valid value for Int32.`);
  const value = Number(text);
  if (value > 2 ** 31 - 1 || value < -(2 ** 31)) {
    throw badArgument("Value was either too large or too small for an Int32.");
  }
  return value;
}

/**
 * Paging as `ApiContext` reads it, from the query string only (M/ASC.Api/Impl/ApiContext.cs:48-122):
 * `count` is cut to the page limit of 1000 (the default, too); `filterValue` is its first
 * comma-separated piece; `sortOrder` is descending only for the exact word `descending`.
 */
export function pagingOf(url: URL) {
  const query = url.searchParams;
  const countText = query.get("count");
  const count = countText && /^\d+$/.test(countText) ? Math.min(1000, Number(countText)) : 1000;
  const startText = query.get("startIndex");
  const startIndex = startText && /^-?\d+$/.test(startText) ? Math.max(0, Number(startText)) : 0;
  const filterValue = (query.getAll("filterValue[]")[0] ?? query.getAll("filterValue")[0])?.split(
    ",",
  )[0];
  return {
    count,
    startIndex,
    sortBy: query.get("sortBy") ?? undefined,
    descending: query.get("sortOrder") === "descending",
    filterValue: filterValue || undefined,
  };
}

export type Paging = ReturnType<typeof pagingOf>;

/** What a route answers: a value, or a list with how the method paged it. */
export interface Answer {
  value: unknown;
  /** The method paged in the database (`SetDataPaginated`): the list holds up to count + 1 rows. */
  paginated?: boolean;
  /** `SetTotalCount`. */
  total?: number;
}

/**
 * The success envelope, after the smart-list filter pages what the method did not
 * (M/ASC.Api/Impl/ApiHttpHandlerBase.cs:165-200, ApiSmartListResponceFilter.cs:66-85).
 */
export function sendAnswer(
  res: ServerResponse,
  method: string,
  paging: Paging,
  answer: Answer,
): void {
  const status = method === "POST" ? 201 : 200;
  let { value } = answer;
  let total = answer.total;
  let nextIndex: number | undefined;
  if (Array.isArray(value)) {
    const before = value.length;
    const skip = answer.paginated ? 0 : paging.startIndex; // SetDataPaginated resets StartIndex
    if (total === undefined && paging.count < before) total = before; // the filter counts it
    value = value.slice(skip, skip + paging.count);
    const count = (value as unknown[]).length;
    if (count === paging.count && before - skip > paging.count) {
      nextIndex = paging.startIndex + paging.count + 1; // one past the next page's start
    }
  }
  // `count` is the collection's Count, a string's Length, else 1; left out when 0 (Binder.cs:313-326).
  // A void method (value undefined) answers `{}` with no count (ApiHttpHandlerBase.cs:195-199).
  const count =
    value === undefined
      ? 0
      : Array.isArray(value)
        ? value.length
        : typeof value === "string"
          ? value.length
          : 1;
  send(
    res,
    status,
    portalJson({
      ...(count > 0 && { count }),
      ...(paging.startIndex > 0 && { startIndex: paging.startIndex }),
      ...(nextIndex !== undefined && { nextIndex }),
      ...(total !== undefined && { total }),
      status: 0,
      statusCode: status,
      response: value ?? {},
    }),
  );
}
