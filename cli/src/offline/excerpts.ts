/**
 * Reads the declarations a chapter or tutorial quotes (ranked by core.ts) and picks a few of
 * them, preferring different files. A citation always covers the whole declaration; one
 * longer than MAX_EXCERPT_LINES is quoted as an outline: its first lines, a comment saying
 * how many lines are left out, then its last line (elide.ts).
 */
import type { Citation } from "@fondation/shared";
import type { MapFile, OutlineItem, SourceReader } from "../types.ts";
import { elidedExcerpt } from "./elide.ts";

/** Lines quoted at most; a longer declaration is quoted as an outline of this many lines. */
export const MAX_EXCERPT_LINES = 30;

export interface Excerpt {
  file: MapFile;
  item: OutlineItem;
  /** The whole declaration, whatever is quoted of it. */
  citation: Citation;
  code: string;
  /** Lines of the declaration left out of `code` (0: quoted whole). */
  elided: number;
}

const FENCE: Record<string, string> = {
  typescript: "ts",
  javascript: "js",
  python: "python",
  go: "go",
  rust: "rust",
  java: "java",
  kotlin: "kotlin",
  csharp: "csharp",
  ruby: "ruby",
  php: "php",
  swift: "swift",
  c: "c",
  cpp: "cpp",
  shell: "sh",
};

export function fenceLanguage(language: string | null): string {
  return (language && FENCE[language]) || "";
}

/** A declaration's citation: from its first line to its last (within the file). */
export function wholeCitation(file: MapFile, item: { line: number; endLine?: number }): Citation {
  return {
    path: file.path,
    startLine: item.line,
    endLine: Math.min(Math.max(item.endLine ?? item.line, item.line), file.lines),
  };
}

export async function readExcerpt(
  reader: SourceReader,
  file: MapFile,
  item: OutlineItem,
): Promise<Excerpt | null> {
  if (item.line < 1 || item.line > file.lines) return null;
  const citation = wholeCitation(file, item);
  const { startLine: start, endLine: end } = citation;
  try {
    if (end - start + 1 <= MAX_EXCERPT_LINES) {
      const lines = await reader.lines(file.path, start, end);
      return { file, item, citation, code: lines.join("\n"), elided: 0 };
    }
    // The head, one line more to see what the cut falls on, and the closing line.
    const head = await reader.lines(file.path, start, start + MAX_EXCERPT_LINES - 2);
    const last = (await reader.lines(file.path, end, end))[0] ?? "";
    const outline = elidedExcerpt(head, last, end - start + 1, file.language);
    return { file, item, citation, ...outline };
  } catch {
    return null;
  }
}

/** Pick up to `count` excerpts, preferring different files. */
export async function pickExcerpts(
  reader: SourceReader,
  ranked: { file: MapFile; item: OutlineItem }[],
  count: number,
): Promise<Excerpt[]> {
  const chosen: Excerpt[] = [];
  const files = new Set<string>();
  for (const pass of [0, 1]) {
    for (const { file, item } of ranked) {
      if (chosen.length >= count) return chosen;
      if (pass === 0 && files.has(file.path)) continue;
      if (chosen.some((c) => c.item === item)) continue;
      if (item.kind === "variable" && !item.doc) continue;
      const excerpt = await readExcerpt(reader, file, item);
      if (!excerpt || excerpt.code.trim() === "") continue;
      chosen.push(excerpt);
      files.add(file.path);
    }
  }
  return chosen;
}

/** A code block safe to embed: the fence is longer than any backtick run inside. */
export function codeBlock(code: string, language: string): string {
  // A loop, not Math.max(...runs): spreading a long excerpt's runs overflows the stack.
  let longest = 2;
  for (const m of code.matchAll(/`+/g)) longest = Math.max(longest, m[0].length);
  const fence = "`".repeat(longest + 1);
  return `${fence}${language}\n${code}\n${fence}`;
}
