/**
 * Line numbers for a code excerpt in a lesson (read by rehypeCodeLines.ts): the numbers of
 * the lines in the source file the excerpt quotes. The CLI cites an excerpt's range
 * (`path:12-40`) and may shorten a long one: its first lines, then a comment
 * `… N lines …` (in the language's comment syntax), then the real last line, sometimes with
 * a line of its own closing a docstring cut open just before the comment. The comment line
 * and that closing line are not in the source and get no number. Without a range, or with
 * one that does not fit the lines, they are numbered 1..n.
 */

export interface SourceRange {
  path: string;
  start: number;
  end: number;
}

const RANGE = /^(?<path>[^\s:`]+):(?<start>\d+)-(?<end>\d+)$/;
/** `// … 12 lines …`, `# … 12 lines …`, `(* … 12 lines … *)`… */
const ELISION = /^\s*\S{1,3}\s+…\s+(\d+)\s+lines\s+…/;

export function parseRange(text: string): SourceRange | null {
  const g = RANGE.exec(text.trim())?.groups;
  if (!g) return null;
  const start = Number(g.start);
  const end = Number(g.end);
  if (!(start >= 1 && end >= start)) return null;
  return { path: g.path ?? "", start, end };
}

/** One entry per line of `code`: its line number in the source, or null for a line not in it. */
export function lineNumbers(code: string, range: SourceRange | null): (number | null)[] {
  const lines = code.replace(/\n$/, "").split("\n");
  const sequential = (from: number) => lines.map((_, i) => from + i);
  if (!range) return sequential(1);
  const markerAt = lines.findIndex((l) => ELISION.test(l));
  const total = range.end - range.start + 1;
  // A range that does not fit the block's lines names other code: no source numbers.
  if (markerAt < 0) return lines.length === total ? sequential(range.start) : sequential(1);
  const elided = Number(ELISION.exec(lines[markerAt] ?? "")?.[1]);
  const before = markerAt;
  const after = lines.length - markerAt - 1;
  if (before + elided + after !== total && before + elided + after !== total + 1) {
    return sequential(1);
  }
  // One line more than the source explains: the line closing a cut docstring, just before.
  const synthetic = before + elided + after === total + 1 ? markerAt - 1 : -1;
  return lines.map((_, i) => {
    if (i === markerAt || i === synthetic) return null;
    // Lines after the comment end at the range's last line.
    if (i > markerAt) return range.end - (lines.length - 1 - i);
    return range.start + i;
  });
}
