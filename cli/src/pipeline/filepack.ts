/**
 * Source files as the model reads them: numbered so that it can cite exact
 * `path:start-end` ranges, and packed to a token budget (never the whole repository).
 *
 * Read by the steps that send files: the overview (centrality.ts `overviewFiles`) and,
 * through mapview.ts, the lesson writers and their tests.
 */
import { estimateTokens } from "../llm/tokens.ts";
import type { CodeMap, MapFile, SourceReader } from "../types.ts";

/**
 * Share of a request's file budget one file may take. Below the budget, a file is sent
 * whole; a file larger than this share is cut (at a line) so that others still fit. The
 * cut follows the budget, not a line count: with a 1M-token model's budgets a 2,000-line
 * file goes whole, with the small default budgets it is cut near half the budget.
 */
export const FILE_SHARE = 0.6;
/** Smallest part of a file worth sending when the whole does not fit. */
const MIN_USEFUL_TOKENS = 200;

/**
 * One numbered source file, as the model sees it: whole when it fits `maxTokens`, else its
 * first lines up to that size, with the header's range saying which lines these are.
 */
export async function fileBlock(
  reader: SourceReader,
  file: MapFile,
  maxTokens = Number.POSITIVE_INFINITY,
): Promise<{ text: string; end: number; cut: boolean }> {
  const all = file.lines > 0 ? await reader.lines(file.path, 1, file.lines) : [];
  const width = String(all.length).length;
  const numbered = all.map((l, i) => `${String(i + 1).padStart(width, " ")}| ${l}`);
  const head = (end: number) => `<file path="${file.path}" lines="1-${end}" total="${file.lines}">`;
  const end = linesThatFit(numbered, head(numbered.length).length, maxTokens * 4);
  const body = numbered.slice(0, end).join("\n");
  const more = all.length > end ? `\n… (${all.length - end} more lines not shown)` : "";
  return { text: `${head(end)}\n${body}${more}\n</file>`, end, cut: end < all.length };
}

/** How many of the numbered lines fit in `limit` characters (as estimateTokens counts them). */
function linesThatFit(numbered: string[], headChars: number, limit: number): number {
  const whole = headChars + numbered.reduce((n, l) => n + l.length + 1, 0) + 8;
  if (whole <= limit) return numbered.length;
  const footer = 40; // "… (N more lines not shown)" and the closing tag
  let chars = headChars + footer;
  let end = 0;
  while (end < numbered.length && chars + (numbered[end] as string).length + 1 <= limit) {
    chars += (numbered[end] as string).length + 1;
    end++;
  }
  return end;
}

export interface FileSelection {
  /** Path first, then priority; higher priority is packed first. */
  paths: Array<{ path: string; priority: number }>;
  budgetTokens: number;
}

export interface PackedFiles {
  text: string;
  included: string[];
  truncated: string[];
  dropped: string[];
  tokens: number;
}

/**
 * Read the selected files and pack them to the budget (never the whole repository), in
 * priority order: each file whole when it fits in what is left and in FILE_SHARE of the
 * budget, else its first lines up to that, else (under MIN_USEFUL_TOKENS left) not at all.
 */
export async function packFiles(
  map: CodeMap,
  reader: SourceReader,
  selection: FileSelection,
): Promise<PackedFiles> {
  const byPath = new Map(map.files.map((f) => [f.path, f]));
  const perFile = Math.max(MIN_USEFUL_TOKENS, Math.floor(selection.budgetTokens * FILE_SHARE));
  const blocks: Array<{ path: string; order: number; text: string }> = [];
  const truncated: string[] = [];
  const dropped: string[] = [];
  let tokens = 0;
  for (const p of inPackingOrder(selection, byPath)) {
    const file = byPath.get(p.path) as MapFile;
    const left = selection.budgetTokens - tokens;
    if (left < MIN_USEFUL_TOKENS) {
      dropped.push(p.path);
      continue;
    }
    const block = await fileBlock(reader, file, Math.min(left, perFile));
    if (block.end === 0 && file.lines > 0) {
      dropped.push(p.path);
      continue;
    }
    if (block.cut) truncated.push(p.path);
    // +1: the newline that joins blocks.
    tokens += estimateTokens(block.text) + 1;
    blocks.push({ path: p.path, order: p.order, text: block.text });
  }
  // Packed by priority, sent in the order asked.
  blocks.sort((a, b) => a.order - b.order);
  return {
    text: blocks.map((b) => b.text).join("\n"),
    included: blocks.map((b) => b.path),
    truncated,
    dropped,
    tokens,
  };
}

/** The selection's files of the map, each once, highest priority first (ties: as asked). */
function inPackingOrder(
  selection: FileSelection,
  byPath: Map<string, MapFile>,
): Array<{ path: string; priority: number; order: number }> {
  const seen = new Set<string>();
  return selection.paths
    .map((p, order) => ({ ...p, order }))
    .filter((p) => byPath.has(p.path) && !seen.has(p.path) && seen.add(p.path))
    .sort((a, b) => b.priority - a.priority || a.order - b.order);
}
