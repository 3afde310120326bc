/**
 * What a package exposes, found generically from its manifest and entry files (no list per
 * repository): package.json `main`/`exports["."]`/`bin` (followed through `require`,
 * `module.exports` and `export … from`), a Python package's `__init__.py`, a Go package's
 * root exported types and functions, a Rust crate's `src/lib.rs` `pub` items and
 * `pub use` re-exports.
 */
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, normalize, relative } from "node:path";

export interface EntryPoints {
  /** Entry files, relative to the root. */
  files: string[];
  /** Exported names, in the order found, without duplicates. */
  names: string[];
}

const read = (p: string) => {
  try {
    return readFileSync(p, "utf8");
  } catch {
    return null;
  }
};

function stringLeaves(value: unknown, out: string[]): void {
  if (typeof value === "string") out.push(value);
  else if (value && typeof value === "object")
    for (const v of Object.values(value)) stringLeaves(v, out);
}

const JS_EXTS = ["", ".ts", ".tsx", ".mts", ".js", ".mjs", ".cjs", "/index.ts", "/index.js"];

function resolveJs(root: string, spec: string): string | null {
  const bare = spec.replace(/^\.\//, "");
  const noExt = bare.replace(/\.(d\.)?(c|m)?(j|t)s$/, "");
  // The shipped sources first, when the package carries them beside its build.
  const candidates = [`src/${noExt.replace(/^(dist|lib|build|esm|cjs)\//, "")}`, bare, noExt];
  for (const c of candidates)
    for (const ext of JS_EXTS) {
      const p = join(root, c + ext);
      if (existsSync(p) && statSync(p).isFile() && !p.endsWith(".d.ts")) return p;
    }
  return null;
}

function jsExports(root: string, file: string, names: string[], seen: Set<string>, depth: number) {
  if (seen.has(file) || depth > 4) return;
  seen.add(file);
  const text = read(file);
  if (text === null) return;
  const follow = (spec: string) => {
    if (!spec.startsWith(".")) return;
    const target = resolveJs(dirname(file), spec);
    if (target && normalize(target).startsWith(normalize(root)))
      jsExports(root, target, names, seen, depth + 1);
  };
  const patterns: [RegExp, (m: RegExpExecArray) => void][] = [
    [
      /^export\s+(?:declare\s+)?(?:default\s+)?(?:async\s+)?(?:abstract\s+)?(?:function\s*\*?|class|const|let|var|interface|type|enum|namespace)\s+([\w$]+)/gm,
      (m) => names.push(m[1] as string),
    ],
    [
      /^export\s+(?:type\s+)?\{([^}]*)\}/gm,
      (m) => {
        for (const part of (m[1] as string).split(",")) {
          const name = part
            .trim()
            .split(/\s+as\s+/)
            .at(-1)
            ?.trim();
          if (name && name !== "default") names.push(name.replace(/^type\s+/, ""));
        }
      },
    ],
    [/^export\s+\*\s+as\s+([\w$]+)/gm, (m) => names.push(m[1] as string)],
    [/^export\s+\*\s+from\s+["']([^"']+)["']/gm, (m) => follow(m[1] as string)],
    [/^(?:module\.)?exports\.([\w$]+)\s*=/gm, (m) => names.push(m[1] as string)],
    [
      /^(?:exports\s*=\s*)?module\.exports\s*=\s*(?:exports\s*=\s*)?([\w$]+)\s*;?\s*$/gm,
      (m) => names.push(m[1] as string),
    ],
    [/module\.exports\s*=\s*require\(["']([^"']+)["']\)/g, (m) => follow(m[1] as string)],
    [
      /module\.exports\s*=\s*\{([^}]*)\}/g,
      (m) => {
        for (const part of (m[1] as string).split(",")) {
          const name = part.split(":")[0]?.trim();
          if (name && /^[\w$]+$/.test(name)) names.push(name);
        }
      },
    ],
  ];
  for (const [re, on] of patterns) for (const m of text.matchAll(re)) on(m);
}

function pythonExports(root: string, names: string[]): string[] {
  const init = join(root, "__init__.py");
  const text = read(init);
  if (text === null) return [];
  const joined = text.replace(/\(\s*([^)]*)\)/g, (_, inner: string) => inner.replace(/\n/g, " "));
  for (const m of joined.matchAll(/^from\s+\.[\w.]*\s+import\s+(.+)$/gm))
    for (const part of (m[1] as string).split(",")) {
      const name = part
        .trim()
        .split(/\s+as\s+/)
        .at(-1)
        ?.trim();
      if (name && /^[A-Za-z]\w*$/.test(name)) names.push(name);
    }
  for (const m of text.matchAll(/^(?:def|class)\s+([A-Za-z]\w*)/gm)) names.push(m[1] as string);
  return [init];
}

function goExports(root: string, names: string[]): string[] {
  const files = readdirSync(root).filter((f) => f.endsWith(".go") && !f.endsWith("_test.go"));
  for (const f of files) {
    const text = read(join(root, f)) ?? "";
    if (/^package\s+main\b/m.test(text)) continue;
    for (const m of text.matchAll(/^(?:type|func)\s+([A-Z]\w*)/gm)) names.push(m[1] as string);
  }
  return files.map((f) => join(root, f));
}

function rustExports(root: string, names: string[]): string[] {
  const lib = join(root, "src/lib.rs");
  const text = read(lib);
  if (text === null) return [];
  for (const m of text.matchAll(/^pub\s+use\s+([^;]+);/gm)) {
    const body = m[1] as string;
    const group = /\{([^}]*)\}/.exec(body);
    const parts = group ? (group[1] as string).split(",") : [body];
    for (const part of parts) {
      const name = part
        .trim()
        .split(/\s+as\s+/)
        .at(-1)
        ?.split("::")
        .at(-1)
        ?.trim();
      if (name && /^[A-Za-z]\w*$/.test(name) && name !== "self") names.push(name);
    }
  }
  for (const m of text.matchAll(/^pub\s+(?:struct|enum|trait|fn|type|union)\s+(\w+)/gm))
    names.push(m[1] as string);
  return [lib];
}

export function entryPoints(root: string): EntryPoints {
  const names: string[] = [];
  let files: string[] = [];
  const pkgText = read(join(root, "package.json"));
  if (pkgText !== null) {
    const pkg = JSON.parse(pkgText) as Record<string, unknown>;
    const specs: string[] = [];
    const exp = pkg.exports as Record<string, unknown> | string | undefined;
    if (typeof exp === "string") specs.push(exp);
    else if (exp && typeof exp === "object") stringLeaves(exp["."] ?? {}, specs);
    if (typeof pkg.main === "string") specs.push(pkg.main);
    stringLeaves(pkg.bin ?? {}, specs);
    if (specs.length === 0) specs.push("index.js");
    const seen = new Set<string>();
    for (const spec of specs) {
      const file = resolveJs(root, spec);
      if (file && !files.includes(file)) {
        files.push(file);
        jsExports(root, file, names, seen, 0);
      }
    }
  } else if (existsSync(join(root, "__init__.py"))) files = pythonExports(root, names);
  else if (existsSync(join(root, "Cargo.toml"))) files = rustExports(root, names);
  else if (readdirSync(root).some((f) => f.endsWith(".go"))) files = goExports(root, names);
  return {
    files: files.map((f) => relative(root, f)),
    names: [...new Set(names)],
  };
}
