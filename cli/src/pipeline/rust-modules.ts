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
    for (const name of declaredModules(text)) {
      const hit = [`${dir}/${name}.rs`, `${dir}/${name}/mod.rs`]
        .map((p) => p.replace(/^\.\//, ""))
        .find((p) => paths.has(p));
      if (hit) out.set(f.path, new Set([...(out.get(f.path) ?? []), hit]));
    }
  }
  return out;
}

/**
 * The `mod name;` declarations of a Rust text. Per line: a `^\s*` under the m flag would run
 * over every following blank line from each line start (quadratic on a hostile file).
 */
export function declaredModules(text: string): string[] {
  const out: string[] = [];
  for (const line of text.split("\n")) {
    const m = /^[ \t]*(?:pub(?:\([^)]*\))?[ \t]+)?mod[ \t]+(\w+)[ \t]*;/.exec(line);
    if (m) out.push(m[1] as string);
  }
  return out;
}
