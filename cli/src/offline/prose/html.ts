/**
 * HTML inside Markdown prose (README logos and badge rows, `<p align="center">`, `<br/>`,
 * entities, a tag cut by a length limit) turned into plain Markdown text. Read by the prose
 * cleaners (prose/index.ts). Every pattern has bounded runs and no overlapping quantifiers,
 * so hostile text costs one pass.
 */

const NAMED: Record<string, string> = {
  nbsp: " ",
  ensp: " ",
  emsp: " ",
  amp: "&",
  lt: "<",
  gt: ">",
  quot: '"',
  apos: "'",
  mdash: "—",
  ndash: "–",
  hellip: "…",
  bull: "•",
  middot: "·",
  copy: "©",
  rarr: "→",
  larr: "←",
};

/** `&nbsp;`, `&amp;`, `&#39;`, `&#x2014;` as the characters they stand for. */
export function decodeEntities(text: string): string {
  return text.replace(/&(#[xX][0-9a-fA-F]{1,6}|#\d{1,7}|[a-zA-Z]{2,8});/g, (all, name: string) => {
    if (name.startsWith("#")) {
      const code = /^#[xX]/.test(name)
        ? Number.parseInt(name.slice(2), 16)
        : Number.parseInt(name.slice(1), 10);
      return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : "";
    }
    return NAMED[name.toLowerCase()] ?? all;
  });
}

/** Tag names a README or doc comment uses as HTML (anything else, `<PROGRAM>`, is text). */
const HTML_TAGS = new Set(
  "a abbr b big blockquote br center cite code dd del details dfn div dl dt em figcaption figure font h1 h2 h3 h4 h5 h6 hr i img ins kbd li mark ol p picture pre q s samp small source span strike strong sub summary sup table tbody td tfoot th thead tr tt u ul var video".split(
    " ",
  ),
);
/** Tags that separate blocks: their text goes on its own line. */
const BLOCK =
  /^(p|div|center|h[1-6]|br|hr|li|ul|ol|dl|dt|dd|table|tr|thead|tbody|tfoot|blockquote|pre|figure|figcaption|details|summary|picture|video)$/;

const TAG = /<(\/?)([A-Za-z][\w-]{0,30})(\s[^<>]{0,2000})?\/?>/g;
const ANCHOR = /<a\s[^<>]{0,2000}>([^<]{0,500})<\/a\s*>/gi;
const HREF = /\bhref\s*=\s*["']?(https?:\/\/[^"'\s<>]{1,1000})/i;
const DROPPED = /<(img|source|video)\b[^<>]{0,2000}>/gi;

export function isHtmlTag(name: string): boolean {
  return HTML_TAGS.has(name.toLowerCase());
}

/** Without `<!-- comments -->` (one indexOf per comment: no rescan of the rest). */
export function withoutComments(text: string): string {
  let out = "";
  let from = 0;
  for (;;) {
    const start = text.indexOf("<!--", from);
    if (start === -1) return out + text.slice(from);
    out += text.slice(from, start);
    const end = text.indexOf("-->", start + 4);
    if (end === -1) return out;
    from = end + 3;
  }
}

/**
 * HTML turned into Markdown text: images dropped, `<a href="https://…">text</a>` kept as a
 * link, `<code>` as a code span, block tags as line breaks, other tags dropped with their
 * text kept; a tag cut at the end of the text is dropped. Unknown names (`<PROGRAM>`) stay.
 */
export function htmlToMarkdown(text: string): string {
  let out = withoutComments(text).replace(DROPPED, "");
  out = out.replace(ANCHOR, (all, inner: string) => {
    const label = inner.replace(/\s+/g, " ").trim();
    const href = HREF.exec(all)?.[1];
    if (label === "") return "";
    return href ? `[${label}](${href})` : label;
  });
  out = out.replace(TAG, (all, close: string, name: string) => {
    const tag = name.toLowerCase();
    if (!HTML_TAGS.has(tag)) return all;
    if (tag === "code" || tag === "kbd" || tag === "tt") return "`";
    return BLOCK.test(tag) ? "\n" : close ? "" : "";
  });
  // A tag cut by a length limit: `<a href="https://…` at the very end.
  out = out.replace(/<\/?[A-Za-z][\w-]{0,30}\s[^<>]*$/, (all) => {
    const name = /^<\/?([A-Za-z][\w-]*)/.exec(all)?.[1] ?? "";
    return isHtmlTag(name) ? "" : all;
  });
  return decodeEntities(out);
}
