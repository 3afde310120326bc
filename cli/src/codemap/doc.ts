/**
 * Text helpers every outliner shares: the first paragraph of a doc comment, shortening to a
 * budget, and detaching a string from the file it was cut from.
 */
import { isBoilerplate } from "../offline/prose/boilerplate.ts";

/** First paragraph of a doc comment, without comment markers, stopping at `@tags`. */
export function docText(raw: string, maxChars = 240): string {
  const lines = raw.split("\n").map((l) =>
    l
      .replace(/^\s*\*+ ?/, "")
      .replace(/^\s*\/\/\/? ?/, "")
      .trimEnd(),
  );
  const kept: string[] = [];
  for (const l of lines) {
    if (/^\s*@\w/.test(l)) break;
    // First paragraph only; a license banner or an RST title (`Title` / `~~~~`) is skipped.
    if (l.trim() === "" && kept.length > 0 && !isBoilerplate(kept)) break;
    if (l.trim() === "") kept.length = 0;
    else kept.push(l.trim());
  }
  if (isBoilerplate(kept)) return "";
  return shorten(kept.join(" "), maxChars);
}

/** Whitespace collapsed, cut at a sentence or word boundary with an ellipsis. */
export function shorten(text: string, maxChars: number): string {
  const clean = text.replace(/\s+/g, " ").trim();
  if (clean.length <= maxChars) return detach(clean);
  const cut = clean.slice(0, maxChars);
  const sentence = cut.lastIndexOf(". ");
  return detach(
    sentence > maxChars / 2 ? cut.slice(0, sentence + 1) : `${cut.slice(0, cut.lastIndexOf(" "))}…`,
  );
}

/**
 * A line without a trailing `{` (and the spaces around it): what
 * `.trim().replace(/\s*\{\s*$/, "")` gives, without that pattern's retries from every
 * space of a long run (quadratic). `mark` is the character to drop (`{` or `=`).
 */
export function withoutTrailing(line: string, mark: "{" | "="): string {
  const text = line.trim();
  return text.endsWith(mark) ? text.slice(0, -1).trimEnd() : text;
}

/**
 * A copy of `text` that does not point into a larger string. V8 keeps substrings of 13+
 * characters as views on their parent, so a name or signature cut from a file would keep the
 * whole file alive for as long as the code map lives (tens of MB on a large tree).
 */
export function detach(text: string): string {
  return text.length < 13 ? text : ` ${text}`.slice(1);
}
