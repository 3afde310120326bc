/**
 * Reads the declarations a chapter quotes (ranked by core.ts) and picks a few of them,
 * preferring different files.
 */
import type { Citation } from "@fondation/shared";
import type { MapFile, OutlineItem, SourceReader } from "../types.ts";

export const MAX_EXCERPT_LINES = 30;

export interface Excerpt {
  file: MapFile;
  item: OutlineItem;
  citation: Citation;
  code: string;
  truncated: boolean;
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

export async function readExcerpt(
  reader: SourceReader,
  file: MapFile,
  item: OutlineItem,
): Promise<Excerpt | null> {
  const start = item.line;
  const declaredEnd = Math.min(item.endLine ?? start, file.lines);
  const end = Math.min(declaredEnd, start + MAX_EXCERPT_LINES - 1);
  if (start < 1 || start > file.lines) return null;
  try {
    const lines = await reader.lines(file.path, start, end);
    return {
      file,
      item,
      citation: { path: file.path, startLine: start, endLine: end },
      code: lines.join("\n"),
      truncated: end < declaredEnd,
    };
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
