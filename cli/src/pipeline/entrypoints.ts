/**
 * What a repository exposes, from its manifests and package conventions: the entry files
 * (named by package.json, pyproject.toml / setup.cfg or Cargo.toml, a top-level Python
 * package, a Go `main` package or module root) and the files an exposed Go package
 * declares its exported identifiers in.
 *
 * Read by centrality.ts; reads manifests and go.mod files through the SourceReader.
 */
import { posix } from "node:path";
import type { CodeMap, MapFile, SourceReader } from "../types.ts";
import { isAuxiliaryPath } from "./auxiliary.ts";
import { goMainFile, goModules, goPackages } from "./go-packages.ts";
import { readOr } from "./source-text.ts";
import { parseTomlLite, type TomlLite } from "./toml-lite.ts";

/**
 * What the repository exposes, from its manifests and package conventions: `entry` files
 * (named by a manifest, or a package's root) and `exposed` ones (declaring the exported
 * identifiers of an exposed Go package).
 */
export async function exposedEntries(
  map: CodeMap,
  code: MapFile[],
  reader: SourceReader,
): Promise<{ entry: Set<string>; exposed: Set<string> }> {
  const codeSet = new Set(code.map((f) => f.path));
  const entry = new Set<string>();
  const add = (path: string | undefined) => {
    if (path && codeSet.has(path)) entry.add(path);
  };
  const find = manifestTargetResolver(codeSet);

  for (const f of map.files) {
    if (isAuxiliaryPath(f.path)) continue;
    const name = posix.basename(f.path);
    const dir = posix.dirname(f.path) === "." ? "" : posix.dirname(f.path);
    if (name === "package.json") {
      const targets = packageJsonTargets(await readOr(reader, f.path));
      if (targets === undefined) continue;
      const before = entry.size;
      for (const t of targets) add(find(dir, t));
      // Nothing named (or nothing new): the package's conventional root.
      if (entry.size === before) add(find(dir, "src/index") ?? find(dir, "index"));
    } else if (name === "pyproject.toml" || name === "setup.cfg") {
      for (const m of pythonEntryModules(parseTomlLite(await readOr(reader, f.path)))) {
        const rel = m.replace(/\./g, "/");
        for (const root of ["", "src/"])
          add(find(dir, `${root}${rel}/__init__.py`) ?? find(dir, `${root}${rel}.py`));
      }
    } else if (name === "Cargo.toml") {
      for (const t of cargoTargets(parseTomlLite(await readOr(reader, f.path)))) add(find(dir, t));
    } else if (
      name === "__init__.py" &&
      !codeSet.has(posix.join(posix.dirname(dir || "."), "__init__.py"))
    ) {
      // A top-level Python package (no package above it): what `import pkg` gives.
      if (dir.split("/").length <= 2) add(f.path);
    }
  }

  const go = await goEntries(map, code, reader);
  for (const path of go.entry) entry.add(path);
  return { entry, exposed: new Set(go.exposed) };
}

type TargetResolver = (dir: string, rel: string) => string | undefined;

/**
 * The code file a manifest's path names, relative to the manifest's folder: as written,
 * without its extension, or its source behind a build folder (`dist/x.js` -> `src/x.ts`),
 * with any code extension or as a folder's index file.
 */
function manifestTargetResolver(codeSet: Set<string>): TargetResolver {
  return (dir, rel) => {
    const base = posix.normalize(posix.join(dir || ".", rel)).replace(/^\.\//, "");
    const stem = base.replace(/\.(m|c)?(j|t)sx?$/, "");
    const variants = [
      base,
      stem,
      stem.replace(/^(dist|build|out|lib|esm|cjs)\//, "src/"),
      stem.replace(/(^|\/)(dist|build|out)\//, "$1"),
      // A build shipped at the package root (`v4/index.js`) beside its `src/v4/index.ts`.
      `src/${stem}`,
    ];
    for (const v of variants) {
      for (const ext of [
        "",
        ".ts",
        ".tsx",
        ".mts",
        ".js",
        ".mjs",
        ".cjs",
        ".jsx",
        ".py",
        ".rs",
        ".go",
      ])
        if (codeSet.has(v + ext)) return v + ext;
      for (const ext of [".ts", ".tsx", ".js", ".mjs"])
        if (codeSet.has(`${v}/index${ext}`)) return `${v}/index${ext}`;
    }
    return undefined;
  };
}

/**
 * The paths package.json exposes (`main`, `module`, `browser`, `types`, `exports`, `bin`),
 * JSON and CSS left out; undefined when the file is not JSON.
 */
function packageJsonTargets(text: string): string[] | undefined {
  let json: Record<string, unknown>;
  try {
    json = JSON.parse(text) as Record<string, unknown>;
  } catch {
    return undefined;
  }
  const targets: string[] = [];
  const collect = (v: unknown, key?: string) => {
    if (typeof v === "string") {
      if (key !== "./package.json" && !v.endsWith(".json") && !v.endsWith(".css")) targets.push(v);
    } else if (v && typeof v === "object") for (const [k, x] of Object.entries(v)) collect(x, k);
  };
  for (const key of ["main", "module", "browser", "types", "typings", "exports", "bin"])
    collect(json[key]);
  return targets;
}

/** Dotted modules a Python project exposes: its scripts' modules, then the project's package. */
function pythonEntryModules(toml: TomlLite): string[] {
  const modules: string[] = [];
  for (const [section, values] of toml)
    if (
      /^(project\.(scripts|gui-scripts|entry-points\..*)|tool\.poetry\.scripts|options\.entry_points)$/.test(
        section,
      )
    )
      for (const v of values.values())
        for (const s of v) modules.push((s.split(":")[0] as string).trim());
  const project =
    toml.get("project")?.get("name")?.[0] ??
    toml.get("tool.poetry")?.get("name")?.[0] ??
    toml.get("metadata")?.get("name")?.[0];
  if (project) modules.push(project.toLowerCase().replace(/[-.]/g, "_"));
  return modules;
}

/** Paths a Cargo.toml exposes: the library (`src/lib.rs` by default), binaries, `src/main.rs`. */
function cargoTargets(toml: TomlLite): string[] {
  return [
    toml.get("lib")?.get("path")?.[0] ?? "src/lib.rs",
    ...(toml.get("bin")?.get("path") ?? []),
    "src/main.rs",
  ];
}

/**
 * Go: `main` packages (a file declaring func main) and each module's root package give
 * their main file (and the files declaring `func main`) as entries; their files declaring
 * exported identifiers are exposed.
 */
async function goEntries(
  map: CodeMap,
  code: MapFile[],
  reader: SourceReader,
): Promise<{ entry: string[]; exposed: string[] }> {
  const modules = await goModules(map, reader);
  const roots = new Set(modules.map((m) => m.dir || "."));
  const entry: string[] = [];
  const exposed: string[] = [];
  for (const [dir, files] of goPackages(code.filter((f) => f.language === "go"))) {
    const mainFunc = files.filter((f) =>
      f.outline.some((o) => o.kind === "function" && o.name === "main"),
    );
    for (const f of mainFunc) entry.push(f.path);
    if (mainFunc.length > 0 || roots.has(dir)) {
      entry.push(goMainFile(dir, files));
      for (const f of files) if (f.outline.some((o) => o.exported)) exposed.push(f.path);
    }
  }
  return { entry, exposed };
}
