/**
 * Who depends on whom among the code files, for the central-file ranking: the map's
 * imports, with Python imports, Go packages and Rust modules resolved by reading the files.
 *
 * Read by centrality.ts.
 */
import type { CodeMap, MapFile, SourceReader } from "../types.ts";
import { goDependencies } from "./go-imports.ts";
import { pythonDependencies } from "./python-imports.ts";
import { rustModules } from "./rust-modules.ts";

/** Who depends on whom among the code files: the map's imports, with Go packages resolved. */
export async function dependencyGraph(
  map: CodeMap,
  code: MapFile[],
  reader: SourceReader,
): Promise<Map<string, Set<string>>> {
  const codeSet = new Set(code.map((f) => f.path));
  const deps = new Map<string, Set<string>>();
  for (const f of code)
    if (f.language !== "go" && f.language !== "python")
      deps.set(f.path, new Set(f.imports.filter((i) => codeSet.has(i))));
  const python = code.filter((f) => f.language === "python");
  for (const [from, to] of await pythonDependencies(map, python, reader)) deps.set(from, to);
  const go = code.filter((f) => f.language === "go");
  if (go.length > 0)
    for (const [from, to] of await goDependencies(map, go, reader)) deps.set(from, to);
  const rust = code.filter((f) => f.language === "rust");
  for (const [from, to] of await rustModules(rust, reader))
    deps.set(from, new Set([...(deps.get(from) ?? []), ...to]));
  return deps;
}
