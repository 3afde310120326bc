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
    const heading = fence === null && !fenceMark ? /^(#{1,6})\s+(.+?)\s*#*\s*$/.exec(line) : null;
    if (heading) {
      flush();
      if (sections.length >= MAX_SECTIONS) return sections;
      current = {
        title: stripInline(heading[2] as string),
        depth: (heading[1] as string).length,
        text: "",
      };
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

function stripInline(text: string): string {
  return text
    .replace(/!\[[^\]]*\]\([^)]*\)/g, "")
    .replace(/\[([^\]]*)\]\([^)]*\)/g, "$1")
    .replace(/[*_`]/g, "")
    .trim();
}
