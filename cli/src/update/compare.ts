/**
 * Compares the files a previous course stood on with the new tree by blob id: unchanged,
 * changed, deleted, or renamed (the same content at a new path, found among the new
 * tree's kept files that the previous course did not name).
 */
import type { CodeMap } from "../types.ts";
import { fileShas } from "./blob.ts";

export type FileStatus =
  | { kind: "unchanged" }
  | { kind: "changed" }
  | { kind: "deleted" }
  | { kind: "renamed"; to: string };

export interface FileComparison {
  status: Map<string, FileStatus>;
  /** Old path → new path of each renamed file. */
  renamed: Map<string, string>;
  /** Kept files of the new tree the previous course did not stand on. */
  added: string[];
}

/** `known`: blob ids this run's scan computed, so that those files are not read again. */
export async function compareFiles(
  previous: Map<string, string>,
  map: CodeMap,
  known?: ReadonlyMap<string, string>,
): Promise<FileComparison> {
  const kept = new Set(map.files.map((f) => f.path));
  const present = [...previous.keys()].filter((p) => kept.has(p));
  const now = new Map((await fileShas(map.root, present, known)).map((f) => [f.path, f.sha]));
  const status = new Map<string, FileStatus>();
  const missing: string[] = [];
  for (const [path, sha] of previous) {
    const current = now.get(path);
    if (current === undefined) missing.push(path);
    else status.set(path, { kind: current === sha ? "unchanged" : "changed" });
  }
  const added = map.files.map((f) => f.path).filter((p) => !previous.has(p));
  const renamed = new Map<string, string>();
  if (missing.length > 0) {
    // Only when something is gone are the other files hashed, to find where it went.
    const bySha = new Map<string, string[]>();
    for (const f of await fileShas(map.root, added, known)) {
      bySha.set(f.sha, [...(bySha.get(f.sha) ?? []), f.path]);
    }
    for (const path of missing) {
      const candidates = bySha.get(previous.get(path) as string) ?? [];
      const to = candidates.shift();
      if (to) {
        renamed.set(path, to);
        status.set(path, { kind: "renamed", to });
      } else status.set(path, { kind: "deleted" });
    }
  }
  const taken = new Set(renamed.values());
  return { status, renamed, added: added.filter((p) => !taken.has(p)) };
}
