// A portal HTML-encodes the text it sends back in names and titles (`O'Brien` arrives as
// `O&#39;Brien`, `R&D` as `R&amp;D`): the server runs `HtmlUtil`/`HttpUtility.HtmlEncode` over
// display names, first and last names, titles and departments.

const named: Record<string, string> = { quot: '"', apos: "'", lt: "<", gt: ">", amp: "&" };

/**
 * `text` with the HTML entities a portal writes decoded, in one pass (`&amp;lt;` is `&lt;`, not
 * `<`): `&#39;`, `&#x27;`, `&quot;`, `&apos;`, `&lt;`, `&gt;`, `&amp;`. Anything else is kept.
 */
export function decodeHtml(text: string): string {
  return text.replace(/&(#x[\da-f]+|#\d+|[a-z]+);/gi, (entity, name: string) => {
    if (name[0] !== "#") return named[name.toLowerCase()] ?? entity;
    const code =
      name[1] === "x" || name[1] === "X" ? parseInt(name.slice(2), 16) : Number(name.slice(1));
    return code <= 0x10ffff ? String.fromCodePoint(code) : "\ufffd"; // &#99999999; is no character
  });
}
