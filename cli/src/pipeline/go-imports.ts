/**
 * Go dependencies at file level, for the central-file ranking: an import names a package
 * (a folder), and here it goes to the files that declare what the importer uses.
 *
 * Read by dependencies.ts; reads the importers' text through the SourceReader.
 */
import { posix } from "node:path";
import type { CodeMap, MapFile, SourceReader } from "../types.ts";
import {
  declaredNames,
  goMainFile,
  goModules,
  goPackageName,
  goPackages,
  importPathDirs,
} from "./go-packages.ts";

/** Go files read at most to resolve identifiers; past it, imports go to each package's main file. */
const MAX_GO_FILES_READ = 6_000;

/** What the resolution of one file needs to know of the repository's packages. */
interface GoRepository {
  packages: Map<string, MapFile[]>;
  /** dir -> name -> the file declaring it. */
  declaredIn: Map<string, Map<string, string>>;
  /** dir -> the package's main file. */
  main: Map<string, string>;
  /** import path -> dir. */
  dirOfImport: Map<string, string>;
}

/**
 * Go dependencies at file level. The map resolves an import to one file of the package (the
 * folder); here it goes to the files that declare what the importer uses, found by reading
 * the importer: `alias.Name` for imported packages, bare names for its own package's
 * siblings. Without a hit, an import counts for the package's main file: the one named after
 * the package, else the one declaring the most exported identifiers, else the largest.
 */
export async function goDependencies(
  map: CodeMap,
  go: MapFile[],
  reader: SourceReader,
): Promise<Map<string, Set<string>>> {
  const packages = goPackages(go);
  const main = new Map<string, string>();
  for (const [dir, files] of packages) main.set(dir, goMainFile(dir, files));
  const repo: GoRepository = {
    packages,
    declaredIn: declaredNames(packages),
    main,
    dirOfImport: importPathDirs(packages, await goModules(map, reader)),
  };

  const deps = new Map<string, Set<string>>();
  const readAll = go.length <= MAX_GO_FILES_READ;
  for (const f of go) {
    const dir = posix.dirname(f.path);
    const targetDirs = new Set(
      f.imports.map((i) => posix.dirname(i)).filter((d) => packages.has(d) && d !== dir),
    );
    if (!readAll) {
      deps.set(f.path, new Set([...targetDirs].map((d) => main.get(d) as string)));
      continue;
    }
    const text = stripGoComments(await reader.read(f.path));
    deps.set(f.path, fileDependencies(f, text, targetDirs, repo));
  }
  return deps;
}

/**
 * One file's dependencies from its text: siblings whose names it uses, then for each
 * import the files declaring the `qualifier.Name`s it uses (or the package's main file),
 * then the main file of every imported package its import lines did not name.
 */
function fileDependencies(
  f: MapFile,
  text: string,
  targetDirs: Set<string>,
  repo: GoRepository,
): Set<string> {
  const dir = posix.dirname(f.path);
  const out = new Set<string>();
  // Its own package: names its siblings declare.
  const words = new Set(text.match(/\b[A-Za-z_]\w*\b/g) ?? []);
  const own = repo.declaredIn.get(dir) as Map<string, string>;
  for (const w of words) {
    const at = own.get(w);
    if (at && at !== f.path) out.add(at);
  }
  // Imported packages: `qualifier.Name`, the qualifier being the alias or the package name.
  for (const imp of goImports(text)) {
    const target =
      repo.dirOfImport.get(imp.path) ?? [...targetDirs].find((d) => imp.path.endsWith(`/${d}`));
    if (!target || target === dir) continue;
    targetDirs.delete(target);
    const used = qualifiedUses(text, imp.alias ?? goPackageName(imp.path));
    const names = repo.declaredIn.get(target) as Map<string, string>;
    let hit = false;
    for (const name of used) {
      const at = names.get(name);
      if (at) {
        out.add(at);
        hit = true;
      }
    }
    if (!hit) out.add(repo.main.get(target) as string);
  }
  for (const d of targetDirs) out.add(repo.main.get(d) as string);
  return out;
}

/** Exported names the text uses through a qualifier (`pkg.Name`; "." : bare; "_": none). */
function qualifiedUses(text: string, qualifier: string): string[] {
  if (!qualifier || qualifier === "_") return [];
  const pattern =
    qualifier === "." ? /\b([A-Z]\w*)\b/g : new RegExp(`\\b${qualifier}\\.([A-Z]\\w*)`, "g");
  return [...text.matchAll(pattern)].map((m) => m[1] as string);
}

/** The import specs at the top of a Go file, with their alias when one is given. */
function goImports(text: string): Array<{ alias?: string; path: string }> {
  const out: Array<{ alias?: string; path: string }> = [];
  const spec = /^\s*(?:import\s+)?([A-Za-z_.]\w*\s+)?"([^"]+)"/;
  let inGroup = false;
  for (const line of text.split("\n")) {
    if (/^import\s*\(/.test(line)) {
      inGroup = true;
      continue;
    }
    if (inGroup && /^\)/.test(line)) {
      inGroup = false;
      continue;
    }
    if (inGroup || /^import\s/.test(line)) {
      const m = spec.exec(line.replace(/^import\s+/, ""));
      if (m) {
        const alias = m[1]?.trim();
        out.push(alias ? { alias, path: m[2] as string } : { path: m[2] as string });
      }
    }
    if (/^(func|type|var|const)\s/.test(line)) break;
  }
  return out;
}

function stripGoComments(text: string): string {
  return text.replace(/\/\*[\s\S]*?\*\//g, " ").replace(/\/\/[^\n]*/g, "");
}
