/**
 * A lesson's markdown as plain-text sections for the search index (lessonSearch.ts), and
 * the snippet of a hit (search.ts). Pure functions: no markdown syntax reaches a snippet,
 * and each section knows the reader's id of the heading it sits under (headingIds in shared/,
 * the same sequence the reader's renderer runs, so a hit can jump to its heading).
 */
import { anchorSequence, headingId } from "@fondation/shared/core";

export interface LessonSection {
  /** Element id of the heading above this text in the reader; null before the first heading. */
  headingId: string | null;
  heading: string;
  /** Plain text: prose, list items, table cells and code, whitespace collapsed. */
  text: string;
}

/** Characters of one indexed section at most; a longer one is split into several rows. */
export const MAX_SECTION_CHARS = 2_000;
/** Rows of one lesson at most (a lesson part is ≤ 200k characters, 20 parts at most). */
export const MAX_SECTIONS_PER_LESSON = 400;
/** Characters of a snippet at most (before the ellipses). */
export const SNIPPET_CHARS = 180;

const FENCE = /^ {0,3}(`{3,}|~{3,})/;
const ATX = /^ {0,3}#{1,6}(?:\s+(.*?))?\s*#*\s*$/;
const SETEXT = /^ {0,3}(?:=+|-+)\s*$/;
const TABLE_RULE = /^[\s|:-]+$/;

/** A markdown line's inline syntax removed: link and image text kept, emphasis and tags dropped. */
export function plainInline(line: string): string {
  return line
    .replace(/!\[([^\]]*)\]\([^)]*\)/g, "$1")
    .replace(/\[([^\]]*)\]\([^)]*\)/g, "$1")
    .replace(/<[^>]*>/g, " ")
    .replace(/\*\*|__|~~|[*`]/g, "")
    .replace(/^\s*(?:>\s*)+/, "")
    .replace(/^\s*(?:[-*+]|\d+[.)])\s+(?:\[[ xX]\]\s+)?/, "")
    .replace(/\|/g, " ");
}

function collapse(text: string): string {
  return text.replace(/\s+/g, " ").trim();
}

/** Splits a long text at word boundaries into pieces of at most MAX_SECTION_CHARS. */
function chunks(text: string): string[] {
  const out: string[] = [];
  let rest = text;
  while (rest.length > MAX_SECTION_CHARS) {
    const cut = rest.lastIndexOf(" ", MAX_SECTION_CHARS);
    const at = cut > MAX_SECTION_CHARS / 2 ? cut : MAX_SECTION_CHARS;
    out.push(rest.slice(0, at));
    rest = rest.slice(at).trimStart();
  }
  out.push(rest);
  return out;
}

/** The lesson cut at its headings, each section's text plain and bounded. */
export function lessonSections(markdown: string): LessonSection[] {
  const nextAnchor = anchorSequence();
  const sections: LessonSection[] = [];
  let current = { headingId: null as string | null, heading: "", lines: [] as string[] };
  const flush = () => {
    const text = collapse(current.lines.join(" "));
    if (text === "" && current.heading === "") return;
    for (const piece of chunks(text)) {
      sections.push({ headingId: current.headingId, heading: current.heading, text: piece });
    }
  };
  const startSection = (title: string) => {
    flush();
    const heading = collapse(plainInline(title));
    current = { headingId: headingId(nextAnchor(heading)), heading, lines: [] };
  };
  let fence: string | null = null;
  for (const line of markdown.split(/\r?\n/)) {
    const marker = FENCE.exec(line)?.[1];
    if (fence !== null) {
      if (marker !== undefined && marker[0] === fence[0] && marker.length >= fence.length)
        fence = null;
      else current.lines.push(line);
      continue;
    }
    if (marker) {
      fence = marker;
      continue;
    }
    const atx = ATX.exec(line);
    if (atx) {
      startSection(atx[1] ?? "");
      continue;
    }
    const previous = current.lines.at(-1);
    if (SETEXT.test(line) && previous !== undefined && previous.trim() !== "") {
      current.lines.pop();
      startSection(previous);
      continue;
    }
    if (TABLE_RULE.test(line) && line.includes("-")) continue;
    current.lines.push(plainInline(line));
  }
  flush();
  return sections.slice(0, MAX_SECTIONS_PER_LESSON);
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/**
 * About SNIPPET_CHARS of `text` around the first word that starts with one of `terms`
 * (the start of the text when none does, e.g. a hit on the title), cut at spaces.
 */
export function snippetAround(text: string, terms: readonly string[]): string {
  let at = 0;
  if (terms.length > 0) {
    const pattern = new RegExp(`(?<![\\p{L}\\p{N}])(?:${terms.map(escapeRegExp).join("|")})`, "iu");
    at = pattern.exec(text)?.index ?? 0;
  }
  let start = Math.max(0, at - SNIPPET_CHARS / 3);
  if (start > 0) {
    const space = text.indexOf(" ", start);
    start = space === -1 || space >= at ? start : space + 1;
  }
  let end = Math.min(text.length, start + SNIPPET_CHARS);
  if (end < text.length) {
    const space = text.lastIndexOf(" ", end);
    if (space > at) end = space;
  }
  return `${start > 0 ? "…" : ""}${text.slice(start, end)}${end < text.length ? "…" : ""}`;
}
