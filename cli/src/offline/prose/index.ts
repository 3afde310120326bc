/**
 * Clean prose for the offline course: text taken from the repository (README sections, doc
 * comments, docstrings, package descriptions) as Markdown a learner reads as sentences, with
 * no markup junk (HTML, badges, RST roles and underlines, JSDoc tags, license banners,
 * links to files that are not lessons). Read by the offline chapters and tutorials.
 *
 * - `docProse`: a doc comment or docstring (one paragraph, or a whole comment).
 * - `readmeProse`: a README section (Markdown; fenced code kept as it is).
 */

import { docBlocks } from "./blocks.ts";
import { LICENSE } from "./boilerplate.ts";
import { cutAtFields } from "./docmarkup.ts";
import { markupAsMarkdown, plainOutsideCode } from "./inline.ts";

export { bannerLines, isBoilerplate } from "./boilerplate.ts";
export { cutMarkdown } from "./cut.ts";
export { readmeProse } from "./readme.ts";

/** Sentences that are a license notice, dropped; the rest kept. */
export function withoutLicense(text: string): string {
  if (!LICENSE.test(text)) return text;
  return text
    .split(/(?<=[.!?])\s+(?=[A-Z(`])/)
    .filter((s) => !LICENSE.test(s))
    .join(" ");
}

/**
 * Without a last sentence that announces what the code map cut ("Basic GET usage:", "the
 * following types:"): the list or example it leads to is not there.
 */
function withoutDanglingLead(text: string): string {
  if (!text.endsWith(":")) return text;
  const cut = text.search(/[.!?]\s+[^.!?]*:$/);
  return cut === -1 ? text : text.slice(0, cut + 1);
}

/**
 * `//// base type ////`, `**** Helpers ****`: a comment that divides a file, not a doc (RST's
 * `~~~~` and `====` underlines are titles, cleaned further down).
 */
const SECTION_BANNER = /([/*#])\1{3,}/;
const SECTION_BANNERS = /([/*#])\1{3,}/g;
/** A commented-out statement above a declaration (`// const x = f();`) is not its doc. */
const COMMENTED_CODE =
  /^(?:(?:export\s+)?(?:const|let|var|function|import|return|if|for|while)\b.*[=({;]|.*\S;)$/;

/** One paragraph of doc text as clean inline Markdown ("" when nothing readable is left). */
export function docLine(text: string): string {
  if (COMMENTED_CODE.test(text.trim())) return "";
  // A banner's few words (`base type`) name a section of the file; RST underlines flattened
  // into a longer doc are dropped further down, keeping its sentences.
  if (
    SECTION_BANNER.test(text) &&
    text.replace(SECTION_BANNERS, " ").trim().split(/\s+/).length <= 4
  )
    return "";
  // A code block flattened onto the line (the code map joins a paragraph's lines) is no prose.
  const fence = text.indexOf("```");
  const prose = fence === -1 ? text : text.slice(0, fence);
  const clean = withoutDanglingLead(
    withoutLicense(plainOutsideCode(markupAsMarkdown(cutAtFields(prose))))
      .replace(/^\s*!\s+/, "") // the `!` of a `/*!` banner comment
      .replace(/\s+/g, " ")
      .trim(),
  );
  // A URL alone is not a sentence (a module whose doc is its homepage).
  if (/^<?https?:\/\/\S+>?$/.test(clean) || !/[\p{L}\p{N}]/u.test(clean)) return "";
  return clean;
}

/**
 * A doc comment or docstring as Markdown prose. One line (what the code map keeps) is cleaned
 * as a paragraph; a whole comment also keeps its examples as code blocks in `language`
 * (doctests, `.. code-block::`, rustdoc fences, `@example`) and lists its parameters.
 */
export function docProse(text: string, language: string | null = null): string {
  if (!text.includes("\n")) return docLine(text);
  return docBlocks(text, language, docLine);
}
