/**
 * Citations: `path:start-end` ranges a lesson quotes. The writer accepts a lesson only when
 * every cited path is a kept file of the code map and the range lies inside it.
 */
import type { Citation } from "@fondation/shared";
import type { CodeMap } from "../types.ts";

/**
 * Citations written in the markdown itself, as inline code: `src/a.ts:10-24` or `src/a.ts:7`.
 * Not inside fenced code: a quoted test or example may hold such text in a string, and the
 * reader shows it as code, not as a link (a course would otherwise fail on its own quote).
 */
export function citationsInMarkdown(markdown: string): Citation[] {
  markdown = outsideFencedCode(markdown);
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

/**
 * The markdown with the lines of fenced code blocks (``` or ~~~, at any indentation: steps
 * of a list hold them too) blanked. A fence closes on the same character, at least as long,
 * with nothing after it (CommonMark); an unclosed fence runs to the end.
 */
export function outsideFencedCode(markdown: string): string {
  let open: { char: string; length: number } | null = null;
  return markdown
    .split("\n")
    .map((line) => {
      const mark = /^\s*(`{3,}|~{3,})(.*)$/.exec(line);
      if (open === null) {
        // A backtick fence's info string may not hold a backtick.
        if (mark && !(mark[1]?.startsWith("`") && mark[2]?.includes("`"))) {
          open = { char: (mark[1] as string)[0] as string, length: (mark[1] as string).length };
          return "";
        }
        return line;
      }
      const fence = mark?.[1] ?? "";
      if (fence[0] === open.char && fence.length >= open.length && mark?.[2]?.trim() === "") {
        open = null;
      }
      return "";
    })
    .join("\n");
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
