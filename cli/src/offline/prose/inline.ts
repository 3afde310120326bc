/**
 * One piece of prose from a repository (a doc comment's paragraph, a README line) cleaned
 * of markup a course reader would show raw: docstring markup first (it wraps code spans),
 * then links and images, then, outside code spans, HTML, RST underlines and tag-shaped
 * words (`<PROGRAM>`, `Vec<T>`: shown as code). Read by prose/index.ts.
 */
import { UNDERLINE } from "./boilerplate.ts";
import { intraDocLinks, jsdocInline, rstInline } from "./docmarkup.ts";
import { htmlToMarkdown } from "./html.ts";
import { cleanLinks } from "./links.ts";

/** A run of 4+ underline characters standing as a word: a flattened RST underline. */
const FLAT_UNDERLINE = /(^|\s)([=~^*#+"'`-])\2{3,}(?=\s|$)/g;

/**
 * Applies `fn` to the text outside `code spans`, leaving the spans as they are: each span
 * stands as a placeholder while `fn` runs once over the whole text.
 */
export function outsideCode(text: string, fn: (prose: string) => string): string {
  const spans: string[] = [];
  const masked = text.replace(/[\uE000\uE001]/g, "").replace(/`[^`\n]*`/g, (span) => {
    spans.push(span);
    return `\uE000${spans.length - 1}\uE001`;
  });
  return fn(masked).replace(/\uE000(\d+)\uE001/g, (_all, i: string) => spans[Number(i)] ?? "");
}

/** Words that still carry `<…>` after HTML is gone are code (`<PROGRAM>_HELP`, `Vec<T>`). */
export function angleWordsAsCode(text: string): string {
  return text
    .split(/(\s+)/)
    .map((word) =>
      /<\/?[A-Za-z]/.test(word) && !/^<(https?:|mailto:)/.test(word) && !/[`\uE000]/.test(word)
        ? `\`${word}\``
        : word,
    )
    .join("");
}

/** Docstring markup (RST, JSDoc, rustdoc, Go doc) and links as Markdown. */
export function markupAsMarkdown(text: string): string {
  return cleanLinks(intraDocLinks(jsdocInline(rstInline(text))));
}

/** HTML, flattened underlines and tag-shaped words, outside code spans. */
export function plainOutsideCode(text: string): string {
  return outsideCode(text, (prose) =>
    angleWordsAsCode(
      htmlToMarkdown(prose)
        .split("\n")
        .map((l) => (UNDERLINE.test(l) ? "" : l.replace(FLAT_UNDERLINE, "$1")))
        .join("\n"),
    ),
  );
}
