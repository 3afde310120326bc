/**
 * A line diff of two versions of a lesson's markdown (jsdiff's diffLines), as numbered rows,
 * and the same rows cut into hunks: long runs of unchanged lines fold into a count.
 */
import { diffLines } from "diff";

export type DiffKind = "added" | "removed" | "same";

export interface DiffRow {
  kind: DiffKind;
  text: string;
  /** Line number in the older version (null for an added line). */
  oldLine: number | null;
  /** Line number in the newer version (null for a removed line). */
  newLine: number | null;
}

export type DiffBlock = { kind: "rows"; rows: DiffRow[] } | { kind: "folded"; count: number };

function lines(value: string): string[] {
  const parts = value.split("\n");
  if (parts.at(-1) === "") parts.pop();
  return parts;
}

/** Every line of both versions in order; a missing trailing newline is not a change. */
export function lineDiff(before: string, after: string): DiffRow[] {
  const close = (s: string) => (s === "" || s.endsWith("\n") ? s : `${s}\n`);
  const rows: DiffRow[] = [];
  let oldLine = 1;
  let newLine = 1;
  for (const change of diffLines(close(before), close(after))) {
    const kind: DiffKind = change.added ? "added" : change.removed ? "removed" : "same";
    for (const text of lines(change.value)) {
      rows.push({
        kind,
        text,
        oldLine: kind === "added" ? null : oldLine++,
        newLine: kind === "removed" ? null : newLine++,
      });
    }
  }
  return rows;
}

export function diffCounts(rows: readonly DiffRow[]): { added: number; removed: number } {
  let added = 0;
  let removed = 0;
  for (const row of rows) {
    if (row.kind === "added") added++;
    else if (row.kind === "removed") removed++;
  }
  return { added, removed };
}

/** Changed lines with `context` unchanged lines around them; the other unchanged runs folded. */
export function hunks(rows: readonly DiffRow[], context = 3): DiffBlock[] {
  const keep = rows.map(() => false);
  rows.forEach((row, i) => {
    if (row.kind === "same") return;
    for (let j = Math.max(0, i - context); j <= Math.min(rows.length - 1, i + context); j++) {
      keep[j] = true;
    }
  });
  const blocks: DiffBlock[] = [];
  rows.forEach((row, i) => {
    const last = blocks.at(-1);
    if (keep[i]) {
      if (last?.kind === "rows") last.rows.push(row);
      else blocks.push({ kind: "rows", rows: [row] });
    } else if (last?.kind === "folded") last.count++;
    else blocks.push({ kind: "folded", count: 1 });
  });
  return blocks;
}
