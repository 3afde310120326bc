/**
 * Go packages as the ranking sees them: files grouped by folder, each package's main file,
 * the repository's modules (go.mod) and the names its files declare.
 *
 * Read by go-imports.ts (file-level dependencies) and entrypoints.ts (main packages and
 * module roots); reads go.mod files through the SourceReader.
 */
import { posix } from "node:path";
import type { CodeMap, MapFile, SourceReader } from "../types.ts";
import { isAuxiliaryPath } from "./auxiliary.ts";
import { readOr } from "./source-text.ts";

/** Outline kinds that declare a package-level name another file can use. */
const GO_DECLARED = new Set([
  "function",
  "struct",
  "interface",
  "type",
  "const",
  "variable",
  "class",
  "enum",
]);

/** Go files by package (their folder), in map order. */
export function goPackages(go: MapFile[]): Map<string, MapFile[]> {
  const packages = new Map<string, MapFile[]>();
  for (const f of go) {
    const dir = posix.dirname(f.path);
    packages.set(dir, [...(packages.get(dir) ?? []), f]);
  }
  return packages;
}

/** For each package, which file declares each package-level name (the first one wins). */
export function declaredNames(packages: Map<string, MapFile[]>): Map<string, Map<string, string>> {
  const declaredIn = new Map<string, Map<string, string>>(); // dir -> name -> file
  for (const [dir, files] of packages) {
    const names = new Map<string, string>();
    for (const f of files)
      for (const o of f.outline)
        if (
          GO_DECLARED.has(o.kind) &&
          !o.name.includes(".") &&
          o.name !== "init" &&
          o.name !== "main" &&
          o.name !== "_"
        )
          if (!names.has(o.name)) names.set(o.name, f.path);
    declaredIn.set(dir, names);
  }
  return declaredIn;
}

/**
 * A package's main file: the one named after the package, else the one declaring the most
 * exported identifiers, else the largest.
 */
export function goMainFile(dir: string, files: MapFile[]): string {
  const base = dir === "." ? "" : posix.basename(dir);
  const named = files.find((f) => posix.basename(f.path) === `${base}.go`);
  if (named) return named.path;
  const exported = (f: MapFile) => f.outline.filter((o) => o.exported).length;
  return [...files].sort((a, b) => exported(b) - exported(a) || b.lines - a.lines)[0]
    ?.path as string;
}

/** The package name Go code uses for an import: the last path element, minus a version suffix. */
export function goPackageName(importPath: string): string {
  const parts = importPath.split("/");
  let last = parts[parts.length - 1] as string;
  if (/^v\d+$/.test(last) && parts.length > 1) last = parts[parts.length - 2] as string;
  return last.replace(/^go-/, "").replace(/[.-]/g, "_");
}

export interface GoModule {
  /** The go.mod's folder, "" at the repository's root. */
  dir: string;
  module: string;
}

/** Go modules of the repository (go.mod files), longest module path first. */
export async function goModules(map: CodeMap, reader: SourceReader): Promise<GoModule[]> {
  const out: GoModule[] = [];
  for (const f of map.files) {
    if (posix.basename(f.path) !== "go.mod" || isAuxiliaryPath(f.path)) continue;
    const m = /^module\s+(\S+)/m.exec(await readOr(reader, f.path));
    if (m)
      out.push({
        dir: posix.dirname(f.path) === "." ? "" : posix.dirname(f.path),
        module: m[1] as string,
      });
  }
  return out.sort((a, b) => b.module.length - a.module.length);
}

/** Which package folder each import path names, from the modules' paths. */
export function importPathDirs(
  packages: Map<string, MapFile[]>,
  modules: GoModule[],
): Map<string, string> {
  const importPathsOf = (dir: string): string[] =>
    modules
      .map((m) => {
        const rel =
          m.dir === ""
            ? dir
            : dir.startsWith(`${m.dir}/`)
              ? dir.slice(m.dir.length + 1)
              : dir === m.dir
                ? "."
                : null;
        return rel === null ? "" : rel === "." ? m.module : `${m.module}/${rel}`;
      })
      .filter((p) => p !== "");
  const dirOfImport = new Map<string, string>();
  for (const dir of packages.keys()) for (const p of importPathsOf(dir)) dirOfImport.set(p, dir);
  return dirOfImport;
}
