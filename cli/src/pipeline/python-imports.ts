/**
 * Python imports resolved to files, for the central-file ranking.
 *
 * Read by dependencies.ts; reads the importers' text through the SourceReader.
 */
import { posix } from "node:path";
import type { CodeMap, MapFile, SourceReader } from "../types.ts";
import { readOr } from "./source-text.ts";

/**
 * Python imports, resolved strictly: relative ones from the importer's folder, absolute
 * ones only by a module's full dotted name from its package root (`flask.typing`, not
 * `typing`: a bare `import typing` is the standard library, not a nested typing.py).
 * The map's imports are the starting point; an edge is kept when the importer's own
 * import lines name it that way.
 */
export async function pythonDependencies(
  map: CodeMap,
  python: MapFile[],
  reader: SourceReader,
): Promise<Map<string, Set<string>>> {
  const dotted = dottedNames(map, python);
  const moduleFile = moduleFileAmong(new Set(python.map((f) => f.path)));
  const deps = new Map<string, Set<string>>();
  for (const f of python) {
    const out = new Set<string>();
    if (f.imports.length > 0) {
      const text = await readOr(reader, f.path);
      for (const hit of fromImportTargets(text, f.path, dotted, moduleFile)) out.add(hit);
      for (const hit of plainImportTargets(text, dotted)) out.add(hit);
    }
    out.delete(f.path);
    deps.set(f.path, out);
  }
  return deps;
}

/** Each module's full dotted name from its package root (folders with `__init__.py`). */
function dottedNames(map: CodeMap, python: MapFile[]): Map<string, string> {
  const all = new Set(map.files.map((f) => f.path));
  const isPackage = (dir: string) => dir !== "." && all.has(`${dir}/__init__.py`);
  const dotted = new Map<string, string>(); // full dotted name -> file
  for (const f of python) {
    const segments = [posix.basename(f.path).replace(/\.pyi?$/, "")];
    if (segments[0] === "__init__") segments.pop();
    let dir = posix.dirname(f.path);
    while (isPackage(dir)) {
      segments.unshift(posix.basename(dir));
      dir = posix.dirname(dir);
    }
    if (segments.length > 0 && !dotted.has(segments.join(".")))
      dotted.set(segments.join("."), f.path);
  }
  return dotted;
}

/** The file a module path (without extension) names: `x.py`, `x/__init__.py` or `x.pyi`. */
function moduleFileAmong(codeSet: Set<string>): (base: string) => string | undefined {
  return (base) =>
    [`${base}.py`, `${base}/__init__.py`, `${base}.pyi`]
      .map((p) => p.replace(/^\.\//, ""))
      .find((p) => codeSet.has(p));
}

/** One `from <dots><module> import a, b` line: how many leading dots, the module, the names. */
export interface FromImport {
  dots: number;
  module: string;
  names: string[];
}

/**
 * The `from … import …` lines of a Python text. Per line, and the module may not start with
 * a dot the dots before it could take: no run overlaps another, so a hostile line costs its
 * length, not its square (a `^\s*` under the m flag would also run over every blank line).
 */
export function fromImports(text: string): FromImport[] {
  const out: FromImport[] = [];
  for (const line of text.split("\n")) {
    const m = /^[ \t]*from[ \t]+(\.*)(\w[\w.]*)?[ \t]+import[ \t]+\(?([^#]*)/.exec(line);
    if (!m) continue;
    const names = (m[3] as string)
      .split(",")
      .map((n) => n.trim().split(/\s+/)[0] as string)
      .filter((n) => /^\w+$/.test(n));
    out.push({ dots: (m[1] as string).length, module: m[2] ?? "", names });
  }
  return out;
}

/** The modules of the `import a.b, c` lines of a Python text (per line, as above). */
export function plainImports(text: string): string[] {
  const out: string[] = [];
  for (const line of text.split("\n")) {
    const m = /^[ \t]*import[ \t]+([\w., ]+)/.exec(line);
    if (!m) continue;
    for (const part of (m[1] as string).split(",")) out.push(part.trim().split(/\s+/)[0] ?? "");
  }
  return out;
}

/** Files named by `from mod import a, b` lines: the module, and submodules among the names. */
function fromImportTargets(
  text: string,
  importer: string,
  dotted: Map<string, string>,
  moduleFile: (base: string) => string | undefined,
): string[] {
  const out: string[] = [];
  const push = (hit: string | undefined) => {
    if (hit) out.push(hit);
  };
  for (const { dots, module: mod, names } of fromImports(text)) {
    if (dots > 0) {
      let dir = posix.dirname(importer);
      for (let k = 1; k < dots; k++) dir = posix.dirname(dir);
      const base = mod ? posix.join(dir, mod.replace(/\./g, "/")) : dir;
      push(moduleFile(base));
      for (const n of names) push(moduleFile(posix.join(base, n)));
    } else {
      push(dotted.get(mod));
      for (const n of names) push(dotted.get(`${mod}.${n}`));
    }
  }
  return out;
}

/** Files named by `import a.b, c` lines, by their full dotted name. */
function plainImportTargets(text: string, dotted: Map<string, string>): string[] {
  return plainImports(text).flatMap((mod) => {
    const hit = dotted.get(mod);
    return hit ? [hit] : [];
  });
}
