/**
 * Central files: code files ranked by what the package exposes and what its own code
 * imports, and step 1's overview packed from them.
 *
 * Read by plan.ts (step 1), the offline course (offline/core.ts) and mapview.test.ts;
 * reads manifests and sources through the SourceReader (entrypoints.ts, dependencies.ts).
 */
import { isCodeLanguage, isTestPath } from "../codemap/languages.ts";
import type { CodeMap, MapFile, SourceReader } from "../types.ts";
import { isAuxiliaryPath } from "./auxiliary.ts";
import { builtCopies } from "./built-copies.ts";
import { dependencyGraph } from "./dependencies.ts";
import { exposedEntries } from "./entrypoints.ts";
import { type PackedFiles, packFiles } from "./filepack.ts";

type Exposure = "entry" | "exposed";

export interface CentralFile {
  file: MapFile;
  score: number;
  /** Non-auxiliary files that import it (in Go: that use what it declares). */
  importers: number;
  /** "entry": a manifest or package convention exposes it; "exposed": an entry re-exports it. */
  exposure: Exposure | null;
}

/**
 * Code files ranked by how central they are, most central first; auxiliary files are left
 * out. A file's score adds:
 *
 * - exposure: named by a manifest (package.json `main`/`module`/`exports`/`bin`,
 *   pyproject.toml `[project.scripts]` and the project's package, Cargo.toml `[lib]` and
 *   `[[bin]]`), a package root (index files, `__init__.py`, `lib.rs`/`main.rs`), a Go
 *   `main` package or the Go module's root package (entry: +3); imported by an entry, or
 *   declaring exported identifiers of an exposed Go package (+1.5);
 * - importers: one per non-auxiliary file importing it. Go imports name a package (a
 *   folder), so an import counts for the file of that package that declares the
 *   identifiers the importer uses (`pkg.Name`), or for the package's main file when none
 *   is found; a file using what a sibling of its package declares imports that sibling;
 * - size, a little: the logs of its exported declarations and of its length, so that
 *   among files used as much, those that define things come before those that glue them.
 *
 * A small entry that only gathers imports (an index file) passes its entry status on.
 */
export async function rankCentralFiles(map: CodeMap, reader: SourceReader): Promise<CentralFile[]> {
  return (await centralFilesAndGraph(map, reader)).ranked;
}

/**
 * `rankCentralFiles`, with the dependency graph it was computed from (file -> the files it
 * depends on, Go packages and Python modules resolved), for callers that also draw it (the
 * offline course).
 */
export async function centralFilesAndGraph(
  map: CodeMap,
  reader: SourceReader,
): Promise<{ ranked: CentralFile[]; deps: Map<string, Set<string>> }> {
  // Build copies are left out: the manifest's `./v4/index.js` resolves to its source.
  const built = builtCopies(map.files);
  const code = map.files.filter(
    (f) =>
      isCodeLanguage(f.language) &&
      f.language !== "shell" &&
      f.language !== "sql" &&
      !isAuxiliaryPath(f.path) &&
      !built.has(f.path),
  );
  const deps = await dependencyGraph(map, code, reader);
  const entries = await exposedEntries(map, code, reader);
  const importers = importersOf(deps);
  const entry = throughHubs(entries.entry, deps, code);
  const exposure = exposureOf(entry, entries.exposed, deps);
  const ranked = code.map((file) =>
    scored(file, importers.get(file.path)?.size ?? 0, exposure.get(file.path) ?? null),
  );
  ranked.sort(
    (a, b) =>
      b.score - a.score || b.file.lines - a.file.lines || a.file.path.localeCompare(b.file.path),
  );
  return { ranked, deps };
}

/** For each file, the other files that depend on it. */
function importersOf(deps: Map<string, Set<string>>): Map<string, Set<string>> {
  const importers = new Map<string, Set<string>>();
  for (const [from, targets] of deps)
    for (const t of targets) {
      if (t === from) continue;
      const set = importers.get(t) ?? new Set<string>();
      set.add(from);
      importers.set(t, set);
    }
  return importers;
}

/**
 * The entries, plus what their hubs gather: a small entry that only gathers and re-exports
 * (an index file, `module.exports = require(...)`) passes its entry status on.
 */
function throughHubs(
  entries: Set<string>,
  deps: Map<string, Set<string>>,
  code: MapFile[],
): Set<string> {
  const byPath = new Map(code.map((f) => [f.path, f]));
  const isHub = (path: string) => {
    const f = byPath.get(path);
    const n = deps.get(path)?.size ?? 0;
    return f !== undefined && n > 0 && f.lines <= 3 * n + 15;
  };
  const entry = new Set(entries);
  const queue = [...entry];
  for (let path = queue.shift(); path !== undefined; path = queue.shift())
    if (isHub(path))
      for (const t of deps.get(path) ?? [])
        if (!entry.has(t)) {
          entry.add(t);
          queue.push(t);
        }
  return entry;
}

/** Entries are "entry"; what they import, and the exposed Go files, "exposed". */
function exposureOf(
  entry: Set<string>,
  exposed: Set<string>,
  deps: Map<string, Set<string>>,
): Map<string, Exposure> {
  const exposure = new Map<string, Exposure>();
  for (const e of entry) exposure.set(e, "entry");
  for (const e of entry)
    for (const t of deps.get(e) ?? []) if (!exposure.has(t)) exposure.set(t, "exposed");
  for (const e of exposed) if (!exposure.has(e)) exposure.set(e, "exposed");
  return exposure;
}

/** A file's score: exposure, importers, and a little for its exported names and length. */
function scored(file: MapFile, importers: number, exposure: Exposure | null): CentralFile {
  const exported = file.outline.filter((o) => o.exported).length;
  const score =
    (exposure === "entry" ? 3 : exposure === "exposed" ? 1.5 : 0) +
    importers +
    0.5 * Math.log2(1 + exported) +
    0.5 * Math.log2(1 + file.lines / 100);
  return { file, score, importers, exposure };
}

/**
 * Step 1's files: the central code files (no tests, examples or docs) packed to the budget,
 * most central first. When a repository has no such code at all, its auxiliary code files
 * (examples, say) stand in, tests still excluded.
 */
export async function overviewFiles(
  map: CodeMap,
  reader: SourceReader,
  budgetTokens: number,
): Promise<PackedFiles & { ranked: CentralFile[] }> {
  let ranked = await rankCentralFiles(map, reader);
  if (ranked.length === 0)
    ranked = map.files
      .filter((f) => isCodeLanguage(f.language) && !isTestPath(f.path))
      .map((file) => ({ file, score: 0, importers: 0, exposure: null }));
  const packed = await packFiles(map, reader, {
    paths: ranked.map((r, i) => ({ path: r.file.path, priority: ranked.length - i })),
    budgetTokens,
  });
  return { ...packed, ranked };
}
