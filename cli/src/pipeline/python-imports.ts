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
  for (const m of text.matchAll(/^\s*from\s+(\.*)([\w.]*)\s+import\s+\(?([^#\n]*)/gm)) {
    const dots = (m[1] as string).length;
    const mod = m[2] as string;
    const names = (m[3] as string)
      .split(",")
      .map((n) => n.trim().split(/\s+/)[0] as string)
      .filter((n) => /^\w+$/.test(n));
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
  const out: string[] = [];
  for (const m of text.matchAll(/^\s*import\s+([\w., ]+)/gm))
    for (const part of (m[1] as string).split(",")) {
      const mod = part.trim().split(/\s+/)[0] ?? "";
      const hit = dotted.get(mod);
      if (hit) out.push(hit);
    }
  return out;
}
