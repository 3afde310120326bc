/**
 * The git-aware walk: lists the files worth reading under a root, and why every other file
 * or folder was left out. It reads directory entries and .gitignore files only, never file
 * contents nor sizes (codemap/index.ts reads the kept files, and skips those too large).
 */
import { type Dirent, readdirSync, realpathSync, statSync } from "node:fs";
import { join, relative, sep } from "node:path";
import type { SkippedFile } from "../types.ts";
import { IgnoreStack } from "./gitignore.ts";
import { hasUnsafeChars, visibleName } from "./names.ts";
import { classifyDir, classifyFile } from "./rules.ts";

export interface WalkOptions {
  /** Absolute paths never to enter (the course output folder, for instance). */
  exclude?: string[];
}

export interface Candidate {
  /** Repository-relative path with forward slashes. */
  path: string;
}

export interface WalkResult {
  candidates: Candidate[];
  /** Skipped files, and skipped folders (path ending in "/") that were not entered. */
  skipped: SkippedFile[];
  /** Files looked at (inside the folders that were entered). */
  filesSeen: number;
}

export function walk(root: string, options: WalkOptions = {}): WalkResult {
  const rootReal = realpathSync(root);
  const exclude = new Set((options.exclude ?? []).map((p) => safeRealpath(p) ?? p));
  const candidates: Candidate[] = [];
  const skipped: SkippedFile[] = [];
  let filesSeen = 0;
  /** Real paths of folders entered so far: a symlink back to one of them is a loop. */
  const visited = new Set<string>([rootReal]);
  const rootIgnores = IgnoreStack.forRoot(rootReal);
  /**
   * Folders to walk, with the ignore rules of their parent (their own are added on entry).
   * Inside a followed symlink, `realRel` is where the folder really is and `realIgnores`
   * the rules there: a path is judged by what it names and by what it really is.
   */
  const stack: {
    rel: string;
    real: string;
    ignores: IgnoreStack;
    realRel: string;
    realIgnores: IgnoreStack;
  }[] = [{ rel: "", real: rootReal, ignores: rootIgnores, realRel: "", realIgnores: rootIgnores }];

  /**
   * Whether a symlink's target (a path inside the root) may be walked, judged as if the
   * walk had reached it by its own path: no folder on the way is never-entered (.git),
   * vendored, generated, excluded or gitignored, nor is the target itself. Returns the
   * ignore rules of the target's folder, or null.
   */
  const judgeTarget = (targetRel: string, isDir: boolean): IgnoreStack | null => {
    const segments = targetRel.split(sep);
    let rules = rootIgnores;
    let prefix = "";
    for (let k = 0; k < segments.length; k++) {
      const segment = segments[k] as string;
      const last = k === segments.length - 1;
      prefix = prefix === "" ? segment : `${prefix}/${segment}`;
      if (hasUnsafeChars(segment)) return null;
      if (!last || isDir) {
        if (classifyDir(segment) !== "enter") return null;
        if (exclude.has(join(rootReal, prefix))) return null;
        if (rules.ignores(prefix, true)) return null;
        if (!last) rules = rules.enter(rootReal, prefix);
      } else {
        if (rules.ignores(prefix, false) || classifyFile(prefix, segment) !== null) return null;
      }
    }
    return rules;
  };

  while (stack.length > 0) {
    const dir = stack.pop() as (typeof stack)[number];
    let entries: Dirent[];
    try {
      entries = readdirSync(dir.real, { withFileTypes: true });
    } catch {
      skipped.push({ path: `${dir.rel}/`, reason: "unreadable" });
      continue;
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    // Only folders that have a .gitignore pay for reading one.
    const hasRules = dir.rel !== "" && entries.some((e) => e.name === ".gitignore");
    const ignores = hasRules ? dir.ignores.enter(rootReal, dir.rel) : dir.ignores;
    const linked = dir.realRel !== dir.rel;
    const realIgnores = !linked
      ? ignores
      : hasRules && dir.realRel !== ""
        ? dir.realIgnores.enter(rootReal, dir.realRel)
        : dir.realIgnores;
    const subdirs: typeof stack = [];
    for (const entry of entries) {
      const rel = dir.rel === "" ? entry.name : `${dir.rel}/${entry.name}`;
      if (hasUnsafeChars(entry.name)) {
        const shown = visibleName(rel);
        skipped.push({ path: entry.isDirectory() ? `${shown}/` : shown, reason: "unsafe-name" });
        if (!entry.isDirectory()) filesSeen++;
        continue;
      }
      const abs = join(dir.real, entry.name);
      let isDir = entry.isDirectory();
      let isFile = entry.isFile();
      let real = abs;
      let realRel = dir.realRel === "" ? entry.name : `${dir.realRel}/${entry.name}`;
      let realRules = realIgnores;
      if (entry.isSymbolicLink()) {
        const target = safeRealpath(abs);
        const stat = target ? safeStat(target) : undefined;
        // Follow a link only when it stays inside the root and its target could be walked
        // by its own path (not .git, vendored, generated or ignored: judged by what it is,
        // not by the link's name); a link to a folder we are already inside (or have
        // entered) is a loop and is never followed.
        const targetRules =
          target && stat && isInside(rootReal, target) && target !== rootReal
            ? judgeTarget(relative(rootReal, target), stat.isDirectory())
            : null;
        if (!target || !stat || targetRules === null || visited.has(target)) {
          skipped.push({ path: stat?.isDirectory() ? `${rel}/` : rel, reason: "symlink" });
          if (!stat?.isDirectory()) filesSeen++;
          continue;
        }
        real = target;
        realRel = relative(rootReal, target).split(sep).join("/");
        realRules = targetRules;
        isDir = stat.isDirectory();
        isFile = stat.isFile();
      }
      if (isDir) {
        const verdict = classifyDir(entry.name);
        if (verdict === "skip-always" || exclude.has(real)) continue;
        if (verdict !== "enter") {
          skipped.push({ path: `${rel}/`, reason: verdict });
          continue;
        }
        if (ignores.ignores(rel, true) || (realRel !== rel && realRules.ignores(realRel, true))) {
          skipped.push({ path: `${rel}/`, reason: "gitignored" });
          continue;
        }
        if (visited.has(real)) continue;
        visited.add(real);
        subdirs.push({ rel, real, ignores, realRel, realIgnores: realRules });
        continue;
      }
      if (!isFile) continue; // sockets, fifos, devices
      filesSeen++;
      if (ignores.ignores(rel, false) || (realRel !== rel && realRules.ignores(realRel, false))) {
        skipped.push({ path: rel, reason: "gitignored" });
        continue;
      }
      const byName = classifyFile(rel, entry.name);
      if (byName) {
        skipped.push({ path: rel, reason: byName });
        continue;
      }
      candidates.push({ path: rel });
    }
    // Depth-first in name order: push in reverse so the first name is walked first.
    for (let i = subdirs.length - 1; i >= 0; i--) stack.push(subdirs[i] as (typeof stack)[number]);
  }
  return { candidates, skipped, filesSeen };
}

function isInside(root: string, target: string): boolean {
  const rel = relative(root, target);
  return rel === "" || (!rel.startsWith(`..${sep}`) && rel !== ".." && !rel.startsWith(sep));
}

function safeRealpath(p: string): string | undefined {
  try {
    return realpathSync(p);
  } catch {
    return undefined;
  }
}

function safeStat(p: string) {
  try {
    return statSync(p);
  } catch {
    return undefined;
  }
}
