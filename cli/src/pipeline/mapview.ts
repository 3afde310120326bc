/**
 * The code map as the model sees it: one line a file (`path (language, N lines) — doc`),
 * with outlines and imports when the budget allows, rendered to a token budget. It is the
 * shared, cached prefix of every request.
 *
 * Read by context.ts (the prompt prefix) and commands/estimate.ts. It also re-exports the
 * file packing and the map's neighbours for the lesson writers, who import them from here.
 */
import { estimateTokens } from "../llm/tokens.ts";
import type { CodeMap, MapFile } from "../types.ts";
import { rankByCentrality } from "./mapgraph.ts";

export { packFiles } from "./filepack.ts";
export { importNeighbours } from "./mapgraph.ts";

type Detail = "full" | "exports" | "docs" | "paths";

/** Render the map as lines `path (language, N lines) — doc`, degrading detail to fit. */
export function renderCodeMap(map: CodeMap, budgetTokens: number): string {
  const files = [...map.files].sort((a, b) => a.path.localeCompare(b.path));
  const header = `<code_map repository="${map.name}" files="${map.files.length}">`;
  for (const detail of ["full", "exports", "docs", "paths"] as const) {
    const body = files.map((f) => renderFile(f, detail)).join("\n");
    const text = `${header}\n${body}\n</code_map>`;
    if (estimateTokens(text) <= budgetTokens) return text;
  }
  return mostImportedPaths(map, header, budgetTokens);
}

/** Still too large (tens of thousands of files): the paths of the most imported files. */
function mostImportedPaths(map: CodeMap, header: string, budgetTokens: number): string {
  const lines: string[] = [];
  let tokens = estimateTokens(header) + 20;
  for (const f of rankByCentrality(map)) {
    const line = renderFile(f, "paths");
    tokens += estimateTokens(line) + 1;
    if (tokens > budgetTokens) break;
    lines.push(line);
  }
  lines.sort();
  return `${header}\n${lines.join("\n")}\n… ${map.files.length - lines.length} more files not listed\n</code_map>`;
}

function renderFile(f: MapFile, detail: Detail): string {
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
