// The per-call variants, each `() => Promise<case>` over the same canned fetch, so that what
// differs between them is only the client code.
import {
  BASE_URL,
  CASE_ID,
  RESPONSE_HEADERS,
  TOKEN,
  UNTHROTTLED,
  cannedBody,
  cannedFetch,
  loadPackage,
  openapiFetchReopen,
  rawReopen,
} from "./common.mjs";
import { loadTypescriptFetch } from "./typescript-fetch.mjs";

/** The option that turns response validation off (the reliability branch); override to try another name. */
export const VALIDATION_OPTION = process.env.BENCH_VALIDATION_OPTION || "validateResponses";

/**
 * Whether the built facade validates responses, and whether `{ [VALIDATION_OPTION]: false }`
 * turns that off. Told by behaviour, not by reading types: a body whose `id` is a string must
 * be rejected by a validating client and accepted by one with validation off.
 */
export async function detectValidation(facade, testing) {
  const wrong = JSON.parse(cannedBody(testing));
  wrong.response.id = "forty-two";
  const fetch = cannedFetch(JSON.stringify(wrong));
  const accepts = async (extra) => {
    try {
      const crm = facade.createCrmClient({ baseUrl: BASE_URL, token: TOKEN, fetch, ...extra });
      await crm.reopenCase(CASE_ID); // one call: the default rate limit does not matter
      return true;
    } catch {
      return false;
    }
  };
  const validates = !(await accepts({}));
  const offWorks = validates && (await accepts({ [VALIDATION_OPTION]: false }));
  return { validates, offWorks, option: VALIDATION_OPTION };
}

/**
 * Builds the variants. Each is `{ key, label, call, note? }`; the first is the baseline.
 * `only` (keys) limits which are built; typescript-fetch is skipped with a note without Java.
 */
export async function buildVariants({ only, typescriptFetch = true } = {}) {
  const { facade, testing } = await loadPackage();
  const body = cannedBody(testing);
  const fetch = cannedFetch(body);
  const want = (key) => !only || only.includes(key);
  const variants = [];
  const notes = [];

  if (want("raw")) {
    variants.push({
      key: "raw",
      label: "raw fetch + JSON.parse",
      call: rawReopen(fetch, BASE_URL, TOKEN),
    });
  }
  if (want("openapi-fetch")) {
    variants.push({
      key: "openapi-fetch",
      label: "bare openapi-fetch (PUT, parseAs json)",
      call: openapiFetchReopen(fetch, BASE_URL, TOKEN),
    });
  }

  const validation = await detectValidation(facade, testing);
  const makeFacade = (extra) =>
    facade.createCrmClient({ baseUrl: BASE_URL, token: TOKEN, fetch, ...UNTHROTTLED, ...extra });
  if (want("facade")) {
    const crm = makeFacade({});
    variants.push({
      key: "facade",
      label: validation.validates
        ? "facade, validation on (default)"
        : "facade (no response validation in this build)",
      call: () => crm.reopenCase(CASE_ID),
    });
  }
  if (want("facade-novalidate")) {
    if (validation.offWorks) {
      const crm = makeFacade({ [VALIDATION_OPTION]: false });
      variants.push({
        key: "facade-novalidate",
        label: `facade, ${VALIDATION_OPTION}: false`,
        call: () => crm.reopenCase(CASE_ID),
      });
    } else {
      notes.push(
        validation.validates
          ? `facade validates, but { ${VALIDATION_OPTION}: false } did not turn it off: variant skipped`
          : `facade, ${VALIDATION_OPTION}: false — skipped: this build has no response validation ` +
              `(the row "facade" is the no-validation cost); re-run after the reliability branch lands`,
      );
    }
  }

  if (want("typescript-fetch") && typescriptFetch) {
    const generated = await loadTypescriptFetch();
    if (generated.skipped) {
      notes.push(`OpenAPI Generator typescript-fetch — skipped: ${generated.skipped}`);
    } else {
      const { CasesApi, Configuration } = generated.module;
      const api = new CasesApi(
        new Configuration({ basePath: BASE_URL, fetchApi: fetch, apiKey: () => TOKEN }),
      );
      const request = { caseid: CASE_ID };
      variants.push({
        key: "typescript-fetch",
        label: `OpenAPI Generator ${generated.version} typescript-fetch`,
        call: async () => (await api.reopenCase(request)).response,
      });
    }
  }

  return { variants, notes, validation, body, facade, testing, RESPONSE_HEADERS };
}
