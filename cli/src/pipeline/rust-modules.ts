/**
 * Rust `mod name;` declarations resolved to files, for the central-file ranking.
 *
 * Read by dependencies.ts; reads the module files' text through the SourceReader.
 */
import { posix } from "node:path";
import type { MapFile, SourceReader } from "../types.ts";
import { readOr } from "./source-text.ts";

/** Rust `mod name;` declarations: a module file depends on its children's files. */
export async function rustModules(
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
