/**
 * Citations: `path:start-end` ranges a lesson quotes. The writer accepts a lesson only when
 * every cited path is a kept file of the code map and the range lies inside it.
 */
import type { Citation } from "@fondation/shared";
import type { CodeMap } from "../types.ts";

/** Citations written in the markdown itself, as inline code: `src/a.ts:10-24` or `src/a.ts:7`. */
export function citationsInMarkdown(markdown: string): Citation[] {
  const found: Citation[] = [];
  // A path has a folder or a letter extension: `localhost:3000` or `10.0.0.1:80` are not citations.
  const re =
    /`((?:[\w@.+-]+\/)*[\w@+-][\w@.+-]*\.[A-Za-z]\w*|(?:[\w@.+-]+\/)+[\w@.+-]+):(\d+)(?:-(\d+))?`/g;
  for (let m = re.exec(markdown); m; m = re.exec(markdown)) {
    const startLine = Number(m[2]);
    found.push({ path: m[1] as string, startLine, endLine: m[3] ? Number(m[3]) : startLine });
  }
  return found;
}

export function citationKey(c: Citation): string {
  return `${c.path}:${c.startLine}-${c.endLine}`;
}

/** Problems with the citations, as sentences (empty when all are valid). */
export function citationProblems(citations: Citation[], map: CodeMap): string[] {
  const lines = new Map(map.files.map((f) => [f.path, f.lines]));
  const problems: string[] = [];
  for (const c of citations) {
    const count = lines.get(c.path);
    if (count === undefined)
      problems.push(`cites ${citationKey(c)} but ${c.path} is not a file of the repository`);
    else if (c.startLine < 1 || c.endLine < c.startLine || c.endLine > count)
      problems.push(`cites ${citationKey(c)} but ${c.path} has ${count} lines`);
  }
  return problems;
}

/** Union of two citation lists, first occurrence wins. */
export function mergeCitations(...lists: Citation[][]): Citation[] {
  const seen = new Map<string, Citation>();
  for (const list of lists)
    for (const c of list) if (!seen.has(citationKey(c))) seen.set(citationKey(c), c);
  return [...seen.values()];
}
