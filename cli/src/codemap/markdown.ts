/**
 * Markdown: the sections of a README (headings outside code fences, with their text), and
 * the first paragraph of any markdown file as its doc.
 */
import type { ReadmeSection } from "../types.ts";
import { shorten } from "./doc.ts";

const MAX_SECTION_CHARS = 2_000;
const MAX_SECTIONS = 60;

export function readmeSections(source: string): ReadmeSection[] {
  const sections: ReadmeSection[] = [];
  let current: ReadmeSection | null = null;
  let body: string[] = [];
  let fence: string | null = null;
  const flush = () => {
    if (current) {
      current.text = body.join("\n").trim().slice(0, MAX_SECTION_CHARS);
      sections.push(current);
    }
    body = [];
  };
  for (const line of source.split(/\r?\n/)) {
    const fenceMark = /^\s*(```+|~~~+)/.exec(line);
    if (fenceMark) {
      const mark = (fenceMark[1] as string).slice(0, 3);
      if (fence === null) fence = mark;
      else if (mark === fence) fence = null;
    }
    const heading = fence === null && !fenceMark ? atxHeading(line) : null;
    if (heading) {
      flush();
      if (sections.length >= MAX_SECTIONS) return sections;
      current = { title: stripInline(heading.title), depth: heading.depth, text: "" };
      continue;
    }
    if (!current && line.trim() !== "") current = { title: "", depth: 0, text: "" };
    body.push(line);
  }
  flush();
  return sections.filter((s) => s.title !== "" || s.text !== "");
}

/** First prose paragraph of a markdown file (skipping headings, badges and HTML). */
export function markdownDoc(source: string): string | undefined {
  const para: string[] = [];
  let fence = false;
  for (const line of source.split(/\r?\n/)) {
    if (/^\s*(```|~~~)/.test(line)) {
      fence = !fence;
      continue;
    }
    if (fence) continue;
    const t = line.trim();
    if (t === "") {
      if (para.length > 0) break;
      continue;
    }
    if (/^(#|<|!\[|\[!\[|>|\||---|===)/.test(t)) {
      if (para.length > 0) break;
      continue;
    }
    para.push(t);
  }
  const text = shorten(stripInline(para.join(" ")), 300);
  return text || undefined;
}

/**
 * Images dropped, links reduced to their text, emphasis and code marks removed. This is
 * what `.replace(/!\[[^\]]*\]\([^)]*\)/g, "")`, then `.replace(/\[([^\]]*)\]\([^)]*\)/g, "$1")`
 * did, in one linear pass each: those patterns rescan the rest of the text from every `[`
 * that has no `](…)` after it, which made 400 KB of `[` cost minutes.
 */
export function stripInline(text: string): string {
  return replaceLinks(replaceLinks(text, "!["), "[").replace(/[*_`]/g, "").trim();
}

/**
 * Every `<open>text](target)` (text without `]`, target without `)`) replaced by its text,
 * or dropped for images (`![`), leftmost first, as the global regex would. One pass: when
 * the `]` after a start is not followed by `(`, no start before that `]` can match either
 * (they all meet the same `]`), so the search resumes after it; when no `]` or no `)` is
 * left, nothing further can match.
 */
function replaceLinks(text: string, open: "![" | "["): string {
  let out = "";
  let done = 0; // text before this offset is in `out`
  let from = 0; // where the next start is looked for
  for (;;) {
    const start = text.indexOf(open, from);
    if (start === -1) break;
    const close = text.indexOf("]", start + open.length);
    if (close === -1) break;
    if (text.charCodeAt(close + 1) !== 40 /* ( */) {
      from = close + 1;
      continue;
    }
    const end = text.indexOf(")", close + 2);
    if (end === -1) break;
    out += text.slice(done, start);
    if (open === "[") out += text.slice(start + 1, close);
    done = end + 1;
    from = end + 1;
  }
  return done === 0 ? text : out + text.slice(done);
}

const LINE_TERMINATOR = /[\n\r\u2028\u2029]/;
const SPACE = /\s/;

/**
 * An ATX heading (`## Title ##`): what `/^(#{1,6})\s+(.+?)\s*#*\s*$/` matches, computed
 * without backtracking (that pattern is quadratic in a line's runs of spaces). The title is
 * the shortest non-empty text after the marks and spaces that leaves only spaces, closing
 * `#`s and spaces after it; `.` does not match a line terminator, so a title holding a
 * lone `\r` is no heading.
 */
export function atxHeading(line: string): { depth: number; title: string } | null {
  let depth = 0;
  while (depth < line.length && line.charCodeAt(depth) === 35 /* # */) depth++;
  if (depth < 1 || depth > 6) return null;
  let rest = depth;
  while (rest < line.length && SPACE.test(line.charAt(rest))) rest++;
  if (rest === depth) return null;
  if (rest === line.length) {
    // Spaces only: the pattern gives back spaces until the title can be one (not a line
    // terminator), keeping at least one after the marks; the rest are trailing spaces.
    for (let k = rest - 1; k > depth; k--) {
      const title = line.charAt(k);
      if (!LINE_TERMINATOR.test(title)) return { depth, title };
    }
    return null;
  }
  let end = line.length;
  while (end > rest && SPACE.test(line.charAt(end - 1))) end--;
  while (end > rest && line.charCodeAt(end - 1) === 35) end--;
  while (end > rest && SPACE.test(line.charAt(end - 1))) end--;
  const title = line.slice(rest, Math.max(end, rest + 1));
  return LINE_TERMINATOR.test(title) ? null : { depth, title };
}
