/**
 * Resolves raw import specifiers to repository files: relative and workspace-package imports
 * for TypeScript/JavaScript, relative and absolute module names for Python, module-path
 * imports for Go (via go.mod). Anything outside the repository (npm packages, the standard
 * library) is dropped: the graph only links files of this repository.
 */
import { posix } from "node:path";

const JS_EXTENSIONS = [
  ".ts",
  ".tsx",
  ".mts",
  ".cts",
  ".js",
  ".jsx",
  ".mjs",
  ".cjs",
  ".d.ts",
  ".vue",
  ".svelte",
];

export interface Manifests {
  /** package.json: its folder and parsed content. */
  packages: { dir: string; json: Record<string, unknown> }[];
  /** go.mod: its folder and module path. */
  goModules: { dir: string; module: string }[];
}

export class ImportResolver {
  private readonly paths: Set<string>;
  private readonly packages = new Map<string, string>(); // package name -> folder
  private readonly packageEntries = new Map<string, string>(); // package name -> entry file
  private readonly pythonModules = new Map<string, string>(); // dotted name (and suffixes) -> file
  /** Dot-separated pieces of the longest dotted name in pythonModules. */
  private pythonDepth = 0;
  private readonly goPackages = new Map<string, string>(); // folder -> representative file
  private readonly goModules: { dir: string; module: string }[];

  constructor(paths: Iterable<string>, manifests: Manifests) {
    this.paths = new Set(paths);
    for (const { dir, json } of manifests.packages) {
      if (typeof json.name !== "string") continue;
      this.packages.set(json.name, dir);
      const entry = this.packageEntry(dir, json);
      if (entry) this.packageEntries.set(json.name, entry);
    }
    const sortedPaths = [...this.paths].sort();
    for (const path of sortedPaths) {
      if (path.endsWith(".py") || path.endsWith(".pyi")) this.indexPython(path);
      if (path.endsWith(".go") && !path.endsWith("_test.go")) {
        const dir = posix.dirname(path);
        const current = this.goPackages.get(dir);
        const preferred = `${posix.basename(dir)}.go`;
        if (
          !current ||
          (posix.basename(path) === preferred && posix.basename(current) !== preferred)
        ) {
          this.goPackages.set(dir, path);
        }
      }
    }
    this.goModules = [...manifests.goModules].sort((a, b) => b.module.length - a.module.length);
  }

  resolve(from: string, language: string | null, specifiers: string[]): string[] {
    const out = new Set<string>();
    for (const spec of specifiers) {
      const target =
        language === "python"
          ? this.resolvePython(from, spec)
          : language === "go"
            ? this.resolveGo(spec)
            : this.resolveJs(from, spec);
      if (target && target !== from) out.add(target);
    }
    return [...out].sort();
  }

  private resolveJs(from: string, spec: string): string | undefined {
    if (spec.startsWith(".")) return this.withExtensions(posix.join(posix.dirname(from), spec));
    if (spec.startsWith("/")) return this.withExtensions(spec.slice(1));
    const parts = spec.split("/");
    const nameLength = spec.startsWith("@") ? 2 : 1;
    const name = parts.slice(0, nameLength).join("/");
    const dir = this.packages.get(name);
    if (dir === undefined) return undefined;
    const sub = parts.slice(nameLength).join("/");
    if (sub === "") return this.packageEntries.get(name);
    return (
      this.withExtensions(posix.join(dir, sub)) ?? this.withExtensions(posix.join(dir, "src", sub))
    );
  }

  private withExtensions(base: string): string | undefined {
    const clean = posix.normalize(base).replace(/^\.\//, "");
    if (clean.startsWith("..")) return undefined;
    if (this.paths.has(clean) && !clean.endsWith("/")) return clean;
    const stem = clean.replace(/\.(m|c)?jsx?$/, "");
    for (const ext of JS_EXTENSIONS) if (this.paths.has(stem + ext)) return stem + ext;
    for (const ext of JS_EXTENSIONS)
      if (this.paths.has(`${clean}/index${ext}`)) return `${clean}/index${ext}`;
    return undefined;
  }

  private packageEntry(dir: string, json: Record<string, unknown>): string | undefined {
    const candidates: unknown[] = [];
    const exp = json.exports;
    if (typeof exp === "string") candidates.push(exp);
    else if (exp && typeof exp === "object") {
      const dot = (exp as Record<string, unknown>)["."] ?? exp;
      if (typeof dot === "string") candidates.push(dot);
      else if (dot && typeof dot === "object") {
        const d = dot as Record<string, unknown>;
        candidates.push(d.types, d.import, d.default, d.require, d.node);
      }
    }
    candidates.push(json.types, json.module, json.main, "src/index", "index");
    for (const c of candidates) {
      if (typeof c !== "string") continue;
      const hit = this.withExtensions(posix.join(dir, c));
      if (hit) return hit;
    }
    return undefined;
  }

  private indexPython(path: string) {
    const noExt = path.replace(/\.pyi?$/, "");
    const segments = noExt.split("/");
    if (segments[segments.length - 1] === "__init__") segments.pop();
    if (segments.length === 0) return;
    // Every suffix of the dotted name, so packages under src/ or a sub-project resolve too;
    // on a clash the file nearest the root wins (it is walked first in sorted order).
    // Pieces between dots (a folder name may hold dots itself).
    this.pythonDepth = Math.max(this.pythonDepth, segments.join(".").split(".").length);
    for (let start = 0; start < segments.length; start++) {
      const dotted = segments.slice(start).join(".");
      const current = this.pythonModules.get(dotted);
      if (!current || current.split("/").length > path.split("/").length)
        this.pythonModules.set(dotted, path);
    }
  }

  private resolvePython(from: string, spec: string): string | undefined {
    if (spec.startsWith(".")) {
      const dots = (/^\.+/.exec(spec)?.[0] ?? ".").length;
      let dir = posix.dirname(from);
      for (let k = 1; k < dots; k++) dir = posix.dirname(dir);
      const rest = spec.slice(dots).replace(/\./g, "/");
      const base = rest ? posix.join(dir, rest) : dir;
      for (const candidate of [`${base}.py`, `${base}/__init__.py`, `${base}.pyi`]) {
        const clean = candidate.replace(/^\.\//, "");
        if (this.paths.has(clean)) return clean;
      }
      return undefined;
    }
    // No prefix longer than the deepest module can be one (and trying each prefix of a
    // name of thousands of dots would be quadratic).
    const parts = spec.split(".", this.pythonDepth);
    for (let n = parts.length; n > 0; n--) {
      const hit = this.pythonModules.get(parts.slice(0, n).join("."));
      if (hit) return hit;
    }
    return undefined;
  }

  private resolveGo(spec: string): string | undefined {
    for (const { dir, module } of this.goModules) {
      if (spec !== module && !spec.startsWith(`${module}/`)) continue;
      const sub = spec.slice(module.length + 1);
      const pkgDir = posix.join(dir === "" ? "." : dir, sub).replace(/^\.\//, "") || ".";
      return this.goPackages.get(pkgDir === "" ? "." : pkgDir);
    }
    return undefined;
  }
}
