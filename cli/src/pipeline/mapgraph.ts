/**
 * The code map's own import graph, read without opening any file: files ranked by how
 * many others import them, and the neighbours of a set of files.
 *
 * Read by mapview.ts (the map's last-resort listing) and, through mapview.ts, by the lesson
 * writers (neighbours of a chapter's files).
 */
import type { CodeMap, MapFile } from "../types.ts";
import { isAuxiliaryPath } from "./auxiliary.ts";

/**
 * Files most central first, from the map alone (no reading): by how many other files
 * import them, where importers that are tests, examples, benchmarks or docs do not count,
 * then by outline size; auxiliary files (tests, examples...) come after all the others.
 * Used where nothing can be read (the map's last-resort listing); the overview uses
 * `rankCentralFiles` (centrality.ts), which also reads manifests and resolves Go packages.
 */
export function rankByCentrality(map: CodeMap): MapFile[] {
  const inDegree = new Map<string, number>();
  for (const f of map.files) {
    if (isAuxiliaryPath(f.path)) continue;
    for (const i of f.imports) inDegree.set(i, (inDegree.get(i) ?? 0) + 1);
  }
  const aux = (f: MapFile) => (isAuxiliaryPath(f.path) ? 1 : 0);
  return [...map.files].sort(
    (a, b) =>
      aux(a) - aux(b) ||
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
