/**
 * What the model sees of the repository: the code map rendered to a token budget (the
 * shared, cached prefix of every request) and source files read on demand, numbered so the
 * model can cite exact `path:start-end` ranges.
 */
import { posix } from "node:path";
import { isCodeLanguage, isTestPath } from "../codemap/languages.ts";
import { estimateTokens } from "../llm/index.ts";
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

/**
 * Files most central first, from the map alone (no reading): by how many other files
 * import them, where importers that are tests, examples, benchmarks or docs do not count,
 * then by outline size; auxiliary files (tests, examples...) come after all the others.
 * Used where nothing can be read (the map's last-resort listing); the overview uses
 * `rankCentralFiles`, which also reads manifests and resolves Go packages.
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

/**
 * Share of a request's file budget one file may take. Below the budget, a file is sent
 * whole; a file larger than this share is cut (at a line) so that others still fit. The
 * cut follows the budget, not a line count: with a 1M-token model's budgets a 2,000-line
 * file goes whole, with the small default budgets it is cut near half the budget.
 */
export const FILE_SHARE = 0.6;
/** Smallest part of a file worth sending when the whole does not fit. */
const MIN_USEFUL_TOKENS = 200;

/**
 * One numbered source file, as the model sees it: whole when it fits `maxTokens`, else its
 * first lines up to that size, with the header's range saying which lines these are.
 */
export async function fileBlock(
  reader: SourceReader,
  file: MapFile,
  maxTokens = Number.POSITIVE_INFINITY,
): Promise<{ text: string; end: number; cut: boolean }> {
  const all = file.lines > 0 ? await reader.lines(file.path, 1, file.lines) : [];
  const width = String(all.length).length;
  const numbered = all.map((l, i) => `${String(i + 1).padStart(width, " ")}| ${l}`);
  const head = (end: number) => `<file path="${file.path}" lines="1-${end}" total="${file.lines}">`;
  const limit = maxTokens * 4; // characters, as estimateTokens counts them
  let end = numbered.length;
  let chars = head(end).length + numbered.reduce((n, l) => n + l.length + 1, 0) + 8;
  if (chars > limit) {
    const footer = 40; // "… (N more lines not shown)" and the closing tag
    chars = head(end).length + footer;
    end = 0;
    while (end < numbered.length && chars + (numbered[end] as string).length + 1 <= limit) {
      chars += (numbered[end] as string).length + 1;
      end++;
    }
  }
  const body = numbered.slice(0, end).join("\n");
  const more = all.length > end ? `\n… (${all.length - end} more lines not shown)` : "";
  return { text: `${head(end)}\n${body}${more}\n</file>`, end, cut: end < all.length };
}

export interface FileSelection {
  /** Path first, then priority; higher priority is packed first. */
  paths: Array<{ path: string; priority: number }>;
  budgetTokens: number;
}

/**
 * Read the selected files and pack them to the budget (never the whole repository), in
 * priority order: each file whole when it fits in what is left and in FILE_SHARE of the
 * budget, else its first lines up to that, else (under MIN_USEFUL_TOKENS left) not at all.
 */
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
  const seen = new Set<string>();
  const wanted = selection.paths
    .map((p, order) => ({ ...p, order }))
    .filter((p) => byPath.has(p.path) && !seen.has(p.path) && seen.add(p.path))
    .sort((a, b) => b.priority - a.priority || a.order - b.order);
  const perFile = Math.max(MIN_USEFUL_TOKENS, Math.floor(selection.budgetTokens * FILE_SHARE));
  const blocks: Array<{ path: string; order: number; text: string }> = [];
  const truncated: string[] = [];
  const dropped: string[] = [];
  let tokens = 0;
  for (const p of wanted) {
    const file = byPath.get(p.path) as MapFile;
    const left = selection.budgetTokens - tokens;
    if (left < MIN_USEFUL_TOKENS) {
      dropped.push(p.path);
      continue;
    }
    const block = await fileBlock(reader, file, Math.min(left, perFile));
    if (block.end === 0 && file.lines > 0) {
      dropped.push(p.path);
      continue;
    }
    if (block.cut) truncated.push(p.path);
    // +1: the newline that joins blocks.
    tokens += estimateTokens(block.text) + 1;
    blocks.push({ path: p.path, order: p.order, text: block.text });
  }
  blocks.sort((a, b) => a.order - b.order);
  return {
    text: blocks.map((b) => b.text).join("\n"),
    included: blocks.map((b) => b.path),
    truncated,
    dropped,
    tokens,
  };
}

// ---------- central files: what the package exposes, what its own code imports ----------

/**
 * Tests, examples, benchmarks, fixtures and documentation sites: files that use the code
 * rather than being it. Their imports say nothing about what is central, and the overview
 * leaves them out (the code map still lists them).
 */
export function isAuxiliaryPath(path: string): boolean {
  return (
    isTestPath(path) ||
    /(^|\/)(examples?|samples?|demos?|benchmarks?|benches|bench|docs|documentation|site|testdata|test-data|fixtures?|__fixtures__|__mocks__|mocks?|testing|testutils?)\//i.test(
      path,
    ) ||
    /(^|\/)(conftest\.py|[^/]*[._-](bench|benchmark|stories|example)\.[a-z]+|example_[^/]*\.go)$/i.test(
      path,
    ) ||
    /(^|\/)tests?\.[a-z]+$/.test(path)
  );
}

export interface CentralFile {
  file: MapFile;
  score: number;
  /** Non-auxiliary files that import it (in Go: that use what it declares). */
  importers: number;
  /** "entry": a manifest or package convention exposes it; "exposed": an entry re-exports it. */
  exposure: "entry" | "exposed" | null;
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
  const code = map.files.filter(
    (f) =>
      isCodeLanguage(f.language) &&
      f.language !== "shell" &&
      f.language !== "sql" &&
      !isAuxiliaryPath(f.path),
  );
  const deps = await dependencyGraph(map, code, reader);
  const entries = await exposedEntries(map, code, reader);

  const importers = new Map<string, Set<string>>();
  for (const [from, targets] of deps)
    for (const t of targets) {
      if (t === from) continue;
      const set = importers.get(t) ?? new Set<string>();
      set.add(from);
      importers.set(t, set);
    }
  // A small entry that only gathers and re-exports (an index file, `module.exports =
  // require(...)`) passes its entry status on to what it gathers.
  const byPath = new Map(code.map((f) => [f.path, f]));
  const isHub = (path: string) => {
    const f = byPath.get(path);
    const n = deps.get(path)?.size ?? 0;
    return f !== undefined && n > 0 && f.lines <= 3 * n + 15;
  };
  const entry = new Set(entries.entry);
  const queue = [...entry];
  for (let path = queue.shift(); path !== undefined; path = queue.shift())
    if (isHub(path))
      for (const t of deps.get(path) ?? [])
        if (!entry.has(t)) {
          entry.add(t);
          queue.push(t);
        }
  const exposure = new Map<string, "entry" | "exposed">();
  for (const e of entry) exposure.set(e, "entry");
  for (const e of entry)
    for (const t of deps.get(e) ?? []) if (!exposure.has(t)) exposure.set(t, "exposed");
  for (const e of entries.exposed) if (!exposure.has(e)) exposure.set(e, "exposed");

  const ranked = code.map((file): CentralFile => {
    const n = importers.get(file.path)?.size ?? 0;
    const exp = exposure.get(file.path) ?? null;
    const exported = file.outline.filter((o) => o.exported).length;
    const score =
      (exp === "entry" ? 3 : exp === "exposed" ? 1.5 : 0) +
      n +
      0.5 * Math.log2(1 + exported) +
      0.5 * Math.log2(1 + file.lines / 100);
    return { file, score, importers: n, exposure: exp };
  });
  return ranked.sort(
    (a, b) =>
      b.score - a.score || b.file.lines - a.file.lines || a.file.path.localeCompare(b.file.path),
  );
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
): Promise<Awaited<ReturnType<typeof packFiles>> & { ranked: CentralFile[] }> {
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

/** Who depends on whom among the code files: the map's imports, with Go packages resolved. */
async function dependencyGraph(
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

/**
 * Python imports, resolved strictly: relative ones from the importer's folder, absolute
 * ones only by a module's full dotted name from its package root (`flask.typing`, not
 * `typing`: a bare `import typing` is the standard library, not a nested typing.py).
 * The map's imports are the starting point; an edge is kept when the importer's own
 * import lines name it that way.
 */
async function pythonDependencies(
  map: CodeMap,
  python: MapFile[],
  reader: SourceReader,
): Promise<Map<string, Set<string>>> {
  const all = new Set(map.files.map((f) => f.path));
  const codeSet = new Set(python.map((f) => f.path));
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
  const moduleFile = (base: string): string | undefined =>
    [`${base}.py`, `${base}/__init__.py`, `${base}.pyi`]
      .map((p) => p.replace(/^\.\//, ""))
      .find((p) => codeSet.has(p));
  const deps = new Map<string, Set<string>>();
  for (const f of python) {
    const out = new Set<string>();
    if (f.imports.length > 0) {
      const text = await readOr(reader, f.path);
      for (const m of text.matchAll(/^\s*from\s+(\.*)([\w.]*)\s+import\s+\(?([^#\n]*)/gm)) {
        const dots = (m[1] as string).length;
        const mod = m[2] as string;
        const names = (m[3] as string)
          .split(",")
          .map((n) => n.trim().split(/\s+/)[0] as string)
          .filter((n) => /^\w+$/.test(n));
        if (dots > 0) {
          let dir = posix.dirname(f.path);
          for (let k = 1; k < dots; k++) dir = posix.dirname(dir);
          const base = mod ? posix.join(dir, mod.replace(/\./g, "/")) : dir;
          const hit = moduleFile(base);
          if (hit) out.add(hit);
          for (const n of names) {
            const sub = moduleFile(posix.join(base, n));
            if (sub) out.add(sub);
          }
        } else {
          const hit = dotted.get(mod);
          if (hit) out.add(hit);
          for (const n of names) {
            const sub = dotted.get(`${mod}.${n}`);
            if (sub) out.add(sub);
          }
        }
      }
      for (const m of text.matchAll(/^\s*import\s+([\w., ]+)/gm))
        for (const part of (m[1] as string).split(",")) {
          const mod = part.trim().split(/\s+/)[0] ?? "";
          const hit = dotted.get(mod);
          if (hit) out.add(hit);
        }
    }
    out.delete(f.path);
    deps.set(f.path, out);
  }
  return deps;
}

/** Go files read at most to resolve identifiers; past it, imports go to each package's main file. */
const MAX_GO_FILES_READ = 6_000;
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

/**
 * Go dependencies at file level. The map resolves an import to one file of the package (the
 * folder); here it goes to the files that declare what the importer uses, found by reading
 * the importer: `alias.Name` for imported packages, bare names for its own package's
 * siblings. Without a hit, an import counts for the package's main file: the one named after
 * the package, else the one declaring the most exported identifiers, else the largest.
 */
async function goDependencies(
  map: CodeMap,
  go: MapFile[],
  reader: SourceReader,
): Promise<Map<string, Set<string>>> {
  const packages = new Map<string, MapFile[]>();
  for (const f of go) {
    const dir = posix.dirname(f.path);
    packages.set(dir, [...(packages.get(dir) ?? []), f]);
  }
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
  const main = new Map<string, string>();
  for (const [dir, files] of packages) main.set(dir, goMainFile(dir, files));

  const modules = await goModules(map, reader);
  const importPathOf = (dir: string): string[] =>
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
  for (const dir of packages.keys()) for (const p of importPathOf(dir)) dirOfImport.set(p, dir);

  const deps = new Map<string, Set<string>>();
  const readAll = go.length <= MAX_GO_FILES_READ;
  for (const f of go) {
    const dir = posix.dirname(f.path);
    const out = new Set<string>();
    const targetDirs = new Set(
      f.imports.map((i) => posix.dirname(i)).filter((d) => packages.has(d) && d !== dir),
    );
    if (!readAll) {
      for (const d of targetDirs) out.add(main.get(d) as string);
      deps.set(f.path, out);
      continue;
    }
    const text = stripGoComments(await reader.read(f.path));
    const words = new Set(text.match(/\b[A-Za-z_]\w*\b/g) ?? []);
    // Its own package: names its siblings declare.
    const own = declaredIn.get(dir) as Map<string, string>;
    for (const w of words) {
      const at = own.get(w);
      if (at && at !== f.path) out.add(at);
    }
    // Imported packages: `qualifier.Name`, the qualifier being the alias or the package name.
    for (const imp of goImports(text)) {
      const target =
        dirOfImport.get(imp.path) ?? [...targetDirs].find((d) => imp.path.endsWith(`/${d}`));
      if (!target || target === dir) continue;
      targetDirs.delete(target);
      const names = declaredIn.get(target) as Map<string, string>;
      const qualifier =
        imp.alias ?? goPackageName(packages.get(target) as MapFile[], target, imp.path);
      let hit = false;
      if (qualifier && qualifier !== "_") {
        const pattern =
          qualifier === "." ? /\b([A-Z]\w*)\b/g : new RegExp(`\\b${qualifier}\\.([A-Z]\\w*)`, "g");
        for (const m of text.matchAll(pattern)) {
          const at = names.get(m[1] as string);
          if (at) {
            out.add(at);
            hit = true;
          }
        }
      }
      if (!hit) out.add(main.get(target) as string);
    }
    for (const d of targetDirs) out.add(main.get(d) as string);
    deps.set(f.path, out);
  }
  return deps;
}

function goMainFile(dir: string, files: MapFile[]): string {
  const base = dir === "." ? "" : posix.basename(dir);
  const named = files.find((f) => posix.basename(f.path) === `${base}.go`);
  if (named) return named.path;
  const exported = (f: MapFile) => f.outline.filter((o) => o.exported).length;
  return [...files].sort((a, b) => exported(b) - exported(a) || b.lines - a.lines)[0]
    ?.path as string;
}

/** The package name Go code uses for an import: the last path element, minus a version suffix. */
function goPackageName(_files: MapFile[], _dir: string, importPath: string): string {
  const parts = importPath.split("/");
  let last = parts[parts.length - 1] as string;
  if (/^v\d+$/.test(last) && parts.length > 1) last = parts[parts.length - 2] as string;
  return last.replace(/^go-/, "").replace(/[.-]/g, "_");
}

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

/** Go modules of the repository (go.mod files), longest module path first. */
async function goModules(
  map: CodeMap,
  reader: SourceReader,
): Promise<Array<{ dir: string; module: string }>> {
  const out: Array<{ dir: string; module: string }> = [];
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

/** Rust `mod name;` declarations: a module file depends on its children's files. */
async function rustModules(
  rust: MapFile[],
  reader: SourceReader,
): Promise<Map<string, Set<string>>> {
  const paths = new Set(rust.map((f) => f.path));
  const out = new Map<string, Set<string>>();
  for (const f of rust) {
    const text = await readOr(reader, f.path);
    const base = posix.basename(f.path);
    const dir = /^(lib|main|mod)\.rs$/.test(base)
      ? posix.dirname(f.path)
      : f.path.replace(/\.rs$/, "");
    for (const m of text.matchAll(/^\s*(?:pub(?:\([^)]*\))?\s+)?mod\s+(\w+)\s*;/gm)) {
      const name = m[1] as string;
      const hit = [`${dir}/${name}.rs`, `${dir}/${name}/mod.rs`]
        .map((p) => p.replace(/^\.\//, ""))
        .find((p) => paths.has(p));
      if (hit) out.set(f.path, new Set([...(out.get(f.path) ?? []), hit]));
    }
  }
  return out;
}

async function readOr(reader: SourceReader, path: string): Promise<string> {
  try {
    return await reader.read(path);
  } catch {
    return "";
  }
}

/**
 * What the repository exposes, from its manifests and package conventions: `entry` files
 * (named by a manifest, or a package's root) and `exposed` ones (declaring the exported
 * identifiers of an exposed Go package).
 */
async function exposedEntries(
  map: CodeMap,
  code: MapFile[],
  reader: SourceReader,
): Promise<{ entry: Set<string>; exposed: Set<string> }> {
  const codeSet = new Set(code.map((f) => f.path));
  const entry = new Set<string>();
  const exposed = new Set<string>();
  const add = (path: string | undefined) => {
    if (path && codeSet.has(path)) entry.add(path);
  };
  const find = (dir: string, rel: string): string | undefined => {
    const base = posix.normalize(posix.join(dir || ".", rel)).replace(/^\.\//, "");
    const stem = base.replace(/\.(m|c)?(j|t)sx?$/, "");
    const variants = [
      base,
      stem,
      stem.replace(/^(dist|build|out|lib|esm|cjs)\//, "src/"),
      stem.replace(/(^|\/)(dist|build|out)\//, "$1"),
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

  for (const f of map.files) {
    if (isAuxiliaryPath(f.path)) continue;
    const name = posix.basename(f.path);
    const dir = posix.dirname(f.path) === "." ? "" : posix.dirname(f.path);
    if (name === "package.json") {
      let json: Record<string, unknown>;
      try {
        json = JSON.parse(await readOr(reader, f.path)) as Record<string, unknown>;
      } catch {
        continue;
      }
      const targets: string[] = [];
      const collect = (v: unknown, key?: string) => {
        if (typeof v === "string") {
          if (key !== "./package.json" && !v.endsWith(".json") && !v.endsWith(".css"))
            targets.push(v);
        } else if (v && typeof v === "object")
          for (const [k, x] of Object.entries(v)) collect(x, k);
      };
      for (const key of ["main", "module", "browser", "types", "typings", "exports", "bin"])
        collect(json[key]);
      const before = entry.size;
      for (const t of targets) add(find(dir, t));
      if (entry.size === before) add(find(dir, "src/index") ?? find(dir, "index"));
    } else if (name === "pyproject.toml" || name === "setup.cfg") {
      const toml = parseTomlLite(await readOr(reader, f.path));
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
      for (const m of modules) {
        const rel = m.replace(/\./g, "/");
        for (const root of ["", "src/"])
          add(find(dir, `${root}${rel}/__init__.py`) ?? find(dir, `${root}${rel}.py`));
      }
    } else if (name === "Cargo.toml") {
      const toml = parseTomlLite(await readOr(reader, f.path));
      add(find(dir, toml.get("lib")?.get("path")?.[0] ?? "src/lib.rs"));
      for (const p of toml.get("bin")?.get("path") ?? []) add(find(dir, p));
      add(find(dir, "src/main.rs"));
    } else if (
      name === "__init__.py" &&
      !codeSet.has(posix.join(posix.dirname(dir || "."), "__init__.py"))
    ) {
      // A top-level Python package (no package above it): what `import pkg` gives.
      if (dir.split("/").length <= 2) add(f.path);
    }
  }

  // Go: `main` packages (a file declaring func main) and each module's root package.
  const modules = await goModules(map, reader);
  const roots = new Set(modules.map((m) => m.dir || "."));
  const goByDir = new Map<string, MapFile[]>();
  for (const f of code)
    if (f.language === "go") {
      const d = posix.dirname(f.path);
      goByDir.set(d, [...(goByDir.get(d) ?? []), f]);
    }
  for (const [dir, files] of goByDir) {
    const mainFunc = files.filter((f) =>
      f.outline.some((o) => o.kind === "function" && o.name === "main"),
    );
    for (const f of mainFunc) entry.add(f.path);
    if (mainFunc.length > 0 || roots.has(dir)) {
      entry.add(goMainFile(dir, files));
      for (const f of files) if (f.outline.some((o) => o.exported)) exposed.add(f.path);
    }
  }
  return { entry, exposed };
}

/** Enough TOML for manifests: `[section]` / `[[section]]`, then `key = "v"` or `["a", "b"]`. */
function parseTomlLite(text: string): Map<string, Map<string, string[]>> {
  const out = new Map<string, Map<string, string[]>>();
  let section = new Map<string, string[]>();
  out.set("", section);
  for (const raw of text.split("\n")) {
    const line = raw.trim();
    const head = /^\[\[?\s*([^\]]+?)\s*\]\]?$/.exec(line);
    if (head) {
      const name = (head[1] as string).replace(/"/g, "");
      section = out.get(name) ?? new Map();
      out.set(name, section);
      continue;
    }
    const kv = /^("?[\w.-]+"?)\s*[=:]\s*(.+)$/.exec(line);
    if (!kv) continue;
    const key = (kv[1] as string).replace(/"/g, "");
    const strings = [...(kv[2] as string).matchAll(/"([^"]*)"|'([^']*)'/g)].map(
      (m) => (m[1] ?? m[2]) as string,
    );
    const values = strings.length > 0 ? strings : [(kv[2] as string).trim()];
    section.set(key, [...(section.get(key) ?? []), ...values]);
  }
  return out;
}
