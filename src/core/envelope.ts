// The portal wraps every answer: `{status: 0, statusCode, count?, response}` on success and
// `{status: 1, statusCode, error: {message, hresult}}` on failure. A 401 is plain text and a
// proxy may answer anything, so nothing here assumes JSON.
import { apiErrorFor, InvalidResponseError, type ApiError, type PortalErrorBody } from "./errors";

const EXCERPT_LENGTH = 200;

/** The start of a body, on one line. */
export function excerpt(text: string): string {
  return text.replace(/\s+/g, " ").trim().slice(0, EXCERPT_LENGTH);
}

/** A JSON object: not null, not an array. */
export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** A success envelope (`response` holds the answer); throws InvalidResponseError for anything else. */
export function unwrapEnvelope(text: string | undefined, status: number): Record<string, unknown> {
  let body: unknown;
  try {
    body = JSON.parse(text ?? "");
  } catch {
    throw new InvalidResponseError(
      `HTTP ${status} but the body is not JSON${text ? `: ${excerpt(text)}` : " (empty)"}`,
      status,
      text ? excerpt(text) : undefined,
    );
  }
  if (isObject(body) && body.status === 1) {
    const error = portalError(body);
    throw new InvalidResponseError(
      `HTTP ${status} but the envelope says status 1 (error)${error ? `: ${error.message}` : ""}`,
      status,
    );
  }
  if (!isObject(body) || body.status !== 0 || !("response" in body)) {
    throw new InvalidResponseError(
      `HTTP ${status} but the body is not the portal's envelope`,
      status,
      excerpt(text ?? ""),
    );
  }
  return body;
}

/** The `error` of a portal's error envelope, when it has a message. */
function portalError(body: unknown): { message: string; hresult?: unknown } | undefined {
  const error = isObject(body) && (body as PortalErrorBody).error;
  return isObject(error) && typeof error.message === "string"
    ? (error as { message: string })
    : undefined;
}

/** The ApiError for a non-2xx answer: the portal's JSON error, or the start of another body. */
export function errorFromBody(status: number, body: string): ApiError {
  let error;
  try {
    error = portalError(JSON.parse(body));
  } catch {
    // not JSON: a 401's plain text, a proxy's page
  }
  if (error) {
    const { message: portalMessage, hresult } = error;
    return apiErrorFor({ status, portalMessage, ...(typeof hresult === "number" && { hresult }) });
  }
  return apiErrorFor({ status, bodyExcerpt: excerpt(body) || undefined });
}
