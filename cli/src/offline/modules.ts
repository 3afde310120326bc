/**
 * Groups the code map into modules (folders of code, split from the root down until there
 * are about as many as the course has room for), links them by imports, and orders them for
 * teaching: the core first (the module holding the most central file, then the others by
 * how central their files are), the periphery (examples, docs, scripts...) last.
 */
import { isCodeLanguage, isTestPath } from "../codemap/languages.ts";
import type { CodeMap, MapFile, OutlineItem } from "../types.ts";
import { type Core, isPeriphery } from "./core.ts";

export interface Module {
  /** Slug, unique in the course. */
  id: string;
  /** Folder, relative to the root ("" for the root). */
  dir: string;
  /** True when the module holds only the files directly inside `dir` (its subfolders are other modules). */
  direct: boolean;
  files: MapFile[];
  /** Test files that import this module's files. */
  tests: MapFile[];
  dependsOn: string[];
  usedBy: string[];
  /** When a big module is split by concept: the central declaration this part is about. */
  concept?: string;
}

const MIN_SPLIT_FILES = 4;
const ACRONYMS = new Set([
  "cli",
  "api",
  "ui",
  "db",
  "sdk",
  "io",
  "http",
  "llm",
  "sql",
  "css",
  "html",
  "grpc",
]);

export function groupModules(map: CodeMap, target: number): Module[] {
  const code = map.files.filter(
    (f) =>
      isCodeLanguage(f.language) &&
      !isTestPath(f.path) &&
      f.language !== "shell" &&
      f.language !== "sql",
  );
  type Group = { dir: string; direct: boolean; files: MapFile[] };
  let groups: Group[] = [{ dir: "", direct: false, files: code }];

  const split = (g: Group): Group[] => {
    const children = new Map<string, MapFile[]>();
    const direct: MapFile[] = [];
    for (const f of g.files) {
      const rest = g.dir === "" ? f.path : f.path.slice(g.dir.length + 1);
      const slash = rest.indexOf("/");
      if (slash === -1) direct.push(f);
      else {
        const child = (g.dir === "" ? "" : `${g.dir}/`) + rest.slice(0, slash);
        children.set(child, [...(children.get(child) ?? []), f]);
      }
    }
    const out: Group[] = [...children].map(([dir, files]) => ({ dir, direct: false, files }));
    if (direct.length > 0) out.push({ dir: g.dir, direct: true, files: direct });
    return out;
  };

  // Split the biggest folder (by lines) until there are twice as many groups as chapters...
  const size = (g: Group) => g.files.reduce((n, f) => n + f.lines, 0);
  for (let guard = 0; guard < 500 && groups.length < target * 2; guard++) {
    const biggest = groups
      .filter((g) => !g.direct && g.files.length >= MIN_SPLIT_FILES)
      .sort((a, b) => size(b) - size(a))[0];
    if (!biggest) break;
    const parts = split(biggest);
    if (parts.length === 1 && parts[0]?.dir === biggest.dir) (parts[0] as Group).direct = true;
    groups = [...groups.filter((x) => x !== biggest), ...parts];
  }
  // ...then drop the tiny groups and undo the least useful splits: collapse the smallest set
  // of sibling groups back into their parent folder. Past the root, the smallest are left out.
  const total = groups.reduce((n, g) => n + size(g), 0);
  while (groups.length > target) {
    // A group too small to make a chapter of (a lone script, a config file) is left out first.
    const smallest = [...groups].sort((a, b) => size(a) - size(b))[0] as Group;
    if (size(smallest) < total / (target * 4)) {
      groups = groups.filter((g) => g !== smallest);
      continue;
    }
    // Siblings: groups whose folder sits directly in the same parent (or is the parent's own files).
    const parents = new Map<string, Group[]>();
    for (const g of groups) {
      const parent = g.direct
        ? g.dir
        : g.dir.includes("/")
          ? g.dir.slice(0, g.dir.lastIndexOf("/"))
          : "";
      parents.set(parent, [...(parents.get(parent) ?? []), g]);
    }
    // Merge the two smallest siblings of the parent where that costs least, one pair at a
    // time, so the count comes down to the target without overshooting.
    const pair = [...parents]
      .filter(([, members]) => members.length >= 2)
      .map(([dir, members]) => {
        const two = [...members].sort((x, y) => size(x) - size(y)).slice(0, 2);
        return { dir, two, total: two.reduce((n, g) => n + size(g), 0) };
      })
      .sort((x, y) => x.total - y.total || y.dir.length - x.dir.length)[0];
    if (!pair) {
      groups = [...groups].sort((x, y) => size(y) - size(x)).slice(0, target);
      break;
    }
    // A group already merged at this folder takes the pair in.
    const host = groups.find((g) => g.dir === pair.dir && !g.direct && !pair.two.includes(g));
    const absorbed = host ? [...pair.two, host] : pair.two;
    const merged: Group = { dir: pair.dir, direct: false, files: absorbed.flatMap((g) => g.files) };
    groups = [...groups.filter((g) => !absorbed.includes(g)), merged];
  }
  // Two groups may now share a folder: join them.
  const byDir = new Map<string, Group>();
  for (const g of groups) {
    const key = `${g.dir}|${g.direct}`;
    const existing = byDir.get(key);
    if (existing) existing.files.push(...g.files);
    else byDir.set(key, g);
  }
  groups = [...byDir.values()].filter((g) => g.files.length > 0);

  const used = new Set<string>();
  const modules: Module[] = groups.map((g) => {
    let id = slugify(g.dir === "" ? "root" : g.dir) || "module";
    if (g.direct && groups.some((o) => o !== g && o.dir.startsWith(`${g.dir}/`)))
      id = `${id}-files`;
    while (used.has(id)) id = `${id}-x`;
    used.add(id);
    return {
      id,
      dir: g.dir,
      direct: g.direct,
      files: g.files.sort((a, b) => a.path.localeCompare(b.path)),
      tests: [],
      dependsOn: [],
      usedBy: [],
    };
  });

  linkModules(modules, map);
  return modules;
}

/**
 * Links modules by their files' dependencies (the code map's imports, or a resolved graph
 * such as the core's, where Go packages and Python modules are resolved) and attaches the
 * test files that import them.
 */
export function linkModules(
  modules: Module[],
  map: CodeMap,
  deps?: Map<string, Set<string>>,
): void {
  const owner = new Map<string, Module>();
  for (const m of modules) for (const f of m.files) owner.set(f.path, m);
  const edges = new Map<string, Set<string>>();
  for (const m of modules) {
    const out = new Set<string>();
    for (const f of m.files)
      for (const imp of deps?.get(f.path) ?? f.imports) {
        const target = owner.get(imp);
        if (target && target !== m) out.add(target.id);
      }
    edges.set(m.id, out);
  }
  for (const m of modules) {
    m.dependsOn = [...(edges.get(m.id) ?? [])].sort();
    m.usedBy = modules
      .filter((o) => edges.get(o.id)?.has(m.id))
      .map((o) => o.id)
      .sort();
    m.tests = [];
  }
  for (const t of map.files.filter((f) => isTestPath(f.path))) {
    for (const imp of t.imports) {
      const m = owner.get(imp);
      if (m && !m.tests.includes(t)) m.tests.push(t);
    }
  }
}

const SPLIT_MIN_FILES = 6;
const SPLIT_MIN_LINES = 2000;
const LINES_PER_CONCEPT = 1500;
const MAX_CONCEPTS = 4;

/**
 * Big core modules split by concept while the course has room: the module's most central
 * files are the concepts' seeds, and every other file joins the most specific seed it
 * depends on (the least central one: a shell-completion file joins `completions`, not the
 * command everything uses), else the most central seed that uses it, else the first. Links
 * are recomputed from the core's dependency graph.
 */
export function splitByConcept(
  modules: Module[],
  core: Core,
  map: CodeMap,
  target: number,
): Module[] {
  let result = [...modules];
  const tried = new Set<Module>();
  const lines = (m: Module) => m.files.reduce((n, f) => n + f.lines, 0);
  while (result.length < target) {
    const big = result
      .filter(
        (m) =>
          !tried.has(m) &&
          m.files.length >= SPLIT_MIN_FILES &&
          lines(m) >= SPLIT_MIN_LINES &&
          !isPeriphery(m.files, core),
      )
      .sort((a, b) => lines(b) - lines(a))[0];
    if (!big) break;
    tried.add(big);
    const k = Math.min(
      target - result.length + 1,
      MAX_CONCEPTS,
      Math.ceil(lines(big) / LINES_PER_CONCEPT),
    );
    const parts = conceptParts(big, core, k, new Set(result.map((m) => m.id)));
    if (parts.length < 2) continue;
    result = result.flatMap((m) => (m === big ? parts : [m]));
  }
  if (result.length !== modules.length) linkModules(result, map, core.deps);
  return result;
}

function conceptParts(m: Module, core: Core, k: number, taken: Set<string>): Module[] {
  const score = (f: MapFile) => core.fileScore.get(f.path) ?? 0;
  // A concept is about something the file defines: constants and error tables are not seeds.
  const defines = (f: MapFile) => {
    const exported = f.outline.filter((o) => o.exported && o.kind !== "method");
    const things = exported.filter((o) => o.kind !== "variable" && o.kind !== "const").length;
    const type = exported.some((o) =>
      ["class", "struct", "interface", "trait", "enum"].includes(o.kind),
    );
    // `app.use = function`, `Reply.prototype.send = function`: the object its methods build.
    const methods = f.outline.some((o) => o.exported && o.kind === "method");
    return type || methods || (things > 0 && things * 2 >= exported.length);
  };
  const ranked = [...m.files]
    .filter((f) => score(f) > 0 && defines(f))
    .sort((a, b) => score(b) - score(a));
  const seeds = ranked.slice(0, k);
  if (seeds.length < 2) return [m];
  const rank = new Map(seeds.map((f, i) => [f.path, i]));
  const members = new Map<string, MapFile[]>(seeds.map((f) => [f.path, [f]]));
  for (const f of m.files) {
    if (rank.has(f.path)) continue;
    const deps = core.deps.get(f.path) ?? new Set(f.imports);
    const depended = seeds.filter((s) => deps.has(s.path));
    const users = seeds.filter((s) => core.deps.get(s.path)?.has(f.path));
    const seed = depended.at(-1) ?? users[0] ?? (seeds[0] as MapFile);
    members.get(seed.path)?.push(f);
  }
  // A concept of its seed alone goes back to the first one.
  for (const s of seeds.slice(1))
    if ((members.get(s.path)?.length ?? 0) < 2) {
      members.get(seeds[0]?.path as string)?.push(...(members.get(s.path) ?? []));
      members.delete(s.path);
    }
  if (members.size < 2) return [m];
  return [...members].map(([seedPath, files]) => {
    const seed = files[0] as MapFile;
    // Named after what the seed defines: a type or function before a constant.
    const isValue = (o: OutlineItem) => (o.kind === "variable" || o.kind === "const" ? 1 : 0);
    const top = seed.outline
      .filter((o) => o.exported && o.kind !== "method")
      .sort(
        (a, b) =>
          isValue(a) - isValue(b) ||
          (core.mentions.get(b.name) ?? 0) - (core.mentions.get(a.name) ?? 0),
      )[0];
    const stem = (seedPath.split("/").pop() ?? seedPath).replace(/\.[^.]+$/, "");
    let id = slugify(`${m.id}-${stem}`) || m.id;
    while (taken.has(id)) id = `${id}-x`;
    taken.add(id);
    return {
      ...m,
      id,
      // A plain value (`var res = Object.create(…)`) names less than the file does.
      concept: top && !isValue(top) ? top.name : stem,
      files: files.sort((a, b) => a.path.localeCompare(b.path)),
      tests: [],
      dependsOn: [],
      usedBy: [],
    };
  });
}

/**
 * Teaching order: a module comes after everything it depends on (Kahn's algorithm); among
 * the ready ones, the most depended-upon first. Cycles are broken at the module with the
 * fewest unmet dependencies.
 */
export function teachingOrder(modules: Module[]): Module[] {
  const placed = new Set<string>();
  const order: Module[] = [];
  const remaining = new Set(modules);
  while (remaining.size > 0) {
    const unmet = (m: Module) => m.dependsOn.filter((d) => !placed.has(d)).length;
    const candidates = [...remaining].sort(
      (a, b) =>
        unmet(a) - unmet(b) || b.usedBy.length - a.usedBy.length || a.dir.localeCompare(b.dir),
    );
    const next = candidates[0] as Module;
    order.push(next);
    placed.add(next.id);
    remaining.delete(next);
  }
  return order;
}

/**
 * Core first: modules that are not periphery, those holding an entry file (what a manifest
 * or package root exposes) first, then by the score of their most central file (then the
 * sum of their files' scores), dependencies before dependents among equals; then the
 * periphery, in dependency order.
 */
export function coreOrder(modules: Module[], core: Core): Module[] {
  const base = teachingOrder(modules);
  const position = new Map(base.map((m, i) => [m.id, i]));
  const scores = (m: Module) => m.files.map((f) => core.fileScore.get(f.path) ?? 0);
  const best = (m: Module) => Math.max(0, ...scores(m));
  const sum = (m: Module) => scores(m).reduce((a, b) => a + b, 0);
  const periphery = (m: Module) => (isPeriphery(m.files, core) ? 1 : 0);
  // What the project exposes comes first: a module holding an entry file.
  const exposes = (m: Module) => (m.files.some((f) => core.entry.has(f.path)) ? 0 : 1);
  return [...base].sort(
    (a, b) =>
      periphery(a) - periphery(b) ||
      (periphery(a) === 1 ? 0 : exposes(a) - exposes(b) || best(b) - best(a) || sum(b) - sum(a)) ||
      (position.get(a.id) ?? 0) - (position.get(b.id) ?? 0),
  );
}

export function slugify(text: string): string {
  return text
    .toLowerCase()
    .normalize("NFKD")
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 60)
    .replace(/-+$/g, "");
}

const GENERIC_DIRS = new Set(["src", "lib", "pkg", "internal", "source"]);

/** "cli/src/scan" -> "Scan"; "cli/src" -> "CLI"; "" -> the top-level label. */
export function moduleName(m: Module, repo: string, topLevel: string): string {
  if (m.dir === "") return m.concept ? `${topLevel}: ${m.concept}` : topLevel;
  // The last folder names the module, unless it is a generic one ("src", "lib"...).
  const segments = m.dir.split("/");
  let last = segments[segments.length - 1] ?? repo;
  for (let k = segments.length - 1; k > 0 && GENERIC_DIRS.has(last); k--)
    last = segments[k - 1] as string;
  const pretty = last.replace(/[-_]+/g, " ");
  const name = ACRONYMS.has(pretty)
    ? pretty.toUpperCase()
    : pretty.charAt(0).toUpperCase() + pretty.slice(1);
  const base = m.direct ? `${name} (${topLevel.toLowerCase()})` : name;
  return m.concept ? `${base}: ${m.concept}` : base;
}
