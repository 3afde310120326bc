/**
 * What the model sees of the repository: the code map rendered to a token budget (the
 * shared, cached prefix of every request) and source files read on demand, numbered so the
 * model can cite exact `path:start-end` ranges.
 */
import { estimateTokens, type PackItem, packToBudget } from "../llm/index.ts";
import type { CodeMap, MapFile, SourceReader } from "../types.ts";

/** Render the map as lines `path (language, N lines) — doc`, degrading detail to fit. */
export function renderCodeMap(map: CodeMap, budgetTokens: number): string {
  const files = [...map.files].sort((a, b) => a.path.localeCompare(b.path));
  const header = `<code_map repository="${map.name}" files="${map.files.length}">`;
  for (const detail of ["full", "exports", "docs", "paths"] as const) {
    const body = files.map((f) => renderFile(f, detail)).join("\n");
    const text = `${header}\n${body}\n</code_map>`;
    if (estimateTokens(text) <= budgetTokens) return text;
  }
  // Still too large (tens of thousands of files): keep the most imported files.
  const central = rankByCentrality(map);
  const lines: string[] = [];
  let tokens = estimateTokens(header) + 20;
  for (const f of central) {
    const line = renderFile(f, "paths");
    tokens += estimateTokens(line) + 1;
    if (tokens > budgetTokens) break;
    lines.push(line);
  }
  lines.sort();
  return `${header}\n${lines.join("\n")}\n… ${map.files.length - lines.length} more files not listed\n</code_map>`;
}

function renderFile(f: MapFile, detail: "full" | "exports" | "docs" | "paths"): string {
  const head = `${f.path} (${f.language ?? "text"}, ${f.lines} lines)`;
  if (detail === "paths") return head;
  const doc = f.doc ? ` — ${oneLine(f.doc, 160)}` : "";
  if (detail === "docs") return head + doc;
  const items = f.outline
    .filter((o) => detail === "full" || o.exported)
    .map((o) => {
      const what = o.signature ? oneLine(o.signature, 120) : `${o.kind} ${o.name}`;
      const doc = detail === "full" && o.doc ? ` — ${oneLine(o.doc, 100)}` : "";
      return `  ${o.exported ? "export " : ""}${what} L${o.line}${doc}`;
    });
  const imports =
    detail === "full" && f.imports.length > 0 ? [`  imports: ${f.imports.join(", ")}`] : [];
  return [head + doc, ...items, ...imports].join("\n");
}

function oneLine(text: string, max: number): string {
  const line = text.replace(/\s+/g, " ").trim();
  return line.length > max ? `${line.slice(0, max - 1)}…` : line;
}

/** Files sorted by how many other files import them (then by size), most central first. */
export function rankByCentrality(map: CodeMap): MapFile[] {
  const inDegree = new Map<string, number>();
  for (const f of map.files) for (const i of f.imports) inDegree.set(i, (inDegree.get(i) ?? 0) + 1);
  return [...map.files].sort(
    (a, b) =>
      (inDegree.get(b.path) ?? 0) - (inDegree.get(a.path) ?? 0) ||
      b.outline.length - a.outline.length,
  );
}

/** Files a set of files imports, and files that import them, excluding the set itself. */
export function importNeighbours(
  map: CodeMap,
  paths: string[],
): { imports: string[]; importers: string[] } {
  const set = new Set(paths);
  const imports = new Set<string>();
  const importers = new Set<string>();
  for (const f of map.files) {
    if (set.has(f.path))
      for (const i of f.imports)
        if (!set.has(i)) imports.add(i);
        else if (f.imports.some((i) => set.has(i))) importers.add(f.path);
  }
  return { imports: [...imports].sort(), importers: [...importers].sort() };
}

/** Lines a single file may contribute to one request, whatever the budget left. */
const MAX_LINES_PER_FILE = 400;

/** One numbered source file, as the model sees it. */
export async function fileBlock(
  reader: SourceReader,
  file: MapFile,
  maxLines = MAX_LINES_PER_FILE,
): Promise<string> {
  const end = Math.min(file.lines, maxLines);
  const lines = end > 0 ? await reader.lines(file.path, 1, end) : [];
  const width = String(end).length;
  const body = lines.map((l, i) => `${String(i + 1).padStart(width, " ")}| ${l}`).join("\n");
  const more = file.lines > end ? `\n… (${file.lines - end} more lines not shown)` : "";
  return `<file path="${file.path}" lines="1-${end}" total="${file.lines}">\n${body}${more}\n</file>`;
}

export interface FileSelection {
  /** Path first, then priority; higher priority is packed first. */
  paths: Array<{ path: string; priority: number }>;
  budgetTokens: number;
}

/** Read the selected files and pack them to the budget (never the whole repository). */
export async function packFiles(
  map: CodeMap,
  reader: SourceReader,
  selection: FileSelection,
): Promise<{
  text: string;
  included: string[];
  truncated: string[];
  dropped: string[];
  tokens: number;
}> {
  const byPath = new Map(map.files.map((f) => [f.path, f]));
  const items: PackItem[] = [];
  let estimated = 0;
  for (const { path, priority } of selection.paths) {
    const file = byPath.get(path);
    if (!file || items.some((i) => i.key === path)) continue;
    // Skip reading files that cannot fit anyway (the map's token estimate is enough).
    if (estimated > selection.budgetTokens * 1.5) {
      items.push({ key: path, text: "", priority: -1 });
      continue;
    }
    const text = await fileBlock(reader, file);
    estimated += estimateTokens(text);
    items.push({ key: path, text, priority });
  }
  const packed = packToBudget(
    items.filter((i) => i.priority >= 0),
    selection.budgetTokens,
  );
  const order = new Map(selection.paths.map((p, i) => [p.path, i]));
  const included = [...packed.included].sort(
    (a, b) => (order.get(a.key) ?? 0) - (order.get(b.key) ?? 0),
  );
  return {
    text: included
      .map((i) =>
        packed.truncated.includes(i.key) ? `${i.text}\n… (cut to fit)\n</file>` : i.text,
      )
      .join("\n"),
    included: included.map((i) => i.key),
    truncated: packed.truncated,
    dropped: [...packed.dropped, ...items.filter((i) => i.priority < 0).map((i) => i.key)],
    tokens: packed.tokens,
  };
}
