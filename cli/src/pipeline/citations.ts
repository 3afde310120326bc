/**
 * Code excerpts in lessons. The model cites a range in the fence's info string,
 * e.g. ```ts src/scan/walk.ts:12-30 ; the range is checked against the code map, and the
 * block's body is replaced with the real lines from the reader, so every excerpt is real
 * code and every citation exists. Excerpts stay short.
 */
import type { Citation } from "@fondation/shared";
import type { CodeMap, SourceReader } from "../types.ts";

/** Longest excerpt kept; longer ranges are cut to this many lines. */
export const MAX_EXCERPT_LINES = 30;

const FENCE = /^```([^\n`]*)\n([\s\S]*?)^```[ \t]*$/gm;
const CITATION = /^(?<path>[^\s:]+):(?<start>\d+)-(?<end>\d+)$/;

export interface ExcerptProblem {
  cited: string;
  reason: string;
}

export interface ExcerptResult {
  markdown: string;
  citations: Citation[];
  problems: ExcerptProblem[];
}

/**
 * Check every cited excerpt and fill it with the real source. With `dropInvalid`, blocks
 * with a bad citation are removed; otherwise they are left as they were (and reported).
 */
export async function resolveExcerpts(
  markdown: string,
  map: CodeMap,
  reader: SourceReader,
  options: { dropInvalid: boolean },
): Promise<ExcerptResult> {
  const files = new Map(map.files.map((f) => [f.path, f]));
  const citations: Citation[] = [];
  const problems: ExcerptProblem[] = [];
  const replacements: Array<{ from: number; to: number; text: string }> = [];
  for (const match of markdown.matchAll(FENCE)) {
    const info = (match[1] ?? "").trim().split(/\s+/);
    const lang = info[0] ?? "";
    const cited =
      info.slice(1).find((w) => CITATION.test(w)) ?? (CITATION.test(lang) ? lang : undefined);
    if (!cited) continue; // a plain code block (or a mermaid diagram): not a citation
    const groups = CITATION.exec(cited)?.groups ?? {};
    const path = groups.path ?? "";
    const start = Number(groups.start);
    let end = Number(groups.end);
    const file = files.get(path);
    const reason = !file
      ? "this path is not in the code map"
      : start < 1 || end < start
        ? "the range is empty or reversed"
        : start > file.lines
          ? `the file has only ${file.lines} lines`
          : undefined;
    const from = match.index ?? 0;
    const to = from + match[0].length;
    if (reason || !file) {
      problems.push({ cited, reason: reason ?? "unknown file" });
      if (options.dropInvalid) replacements.push({ from, to, text: "" });
      continue;
    }
    end = Math.min(end, file.lines, start + MAX_EXCERPT_LINES - 1);
    const lines = await reader.lines(path, start, end);
    const fenceLang = lang === cited ? "" : lang;
    citations.push({ path, startLine: start, endLine: end });
    replacements.push({
      from,
      to,
      text: `\`\`\`${fenceLang} ${path}:${start}-${end}\n${lines.join("\n")}\n\`\`\``,
    });
  }
  let out = markdown;
  for (const r of replacements.reverse()) out = out.slice(0, r.from) + r.text + out.slice(r.to);
  return { markdown: out.replace(/\n{3,}/g, "\n\n"), citations: dedupe(citations), problems };
}

function dedupe(citations: Citation[]): Citation[] {
  const seen = new Set<string>();
  return citations.filter((c) => {
    const key = `${c.path}:${c.startLine}-${c.endLine}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
