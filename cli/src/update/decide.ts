/**
 * Decides, lesson by lesson, what a refresh does with a previous course: kept as it was,
 * kept with its citations moved (or its files renamed), or rewritten; and whether the
 * overview (abstractions, relationships, order) still holds. No model: blob ids, line
 * diffs and the new code map only.
 */
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import type { Abstraction, Citation, LessonChange } from "@fondation/shared";
import { isPeripheryPath } from "../offline/core.ts";
import { citationKey, citationProblems } from "../output/citations.ts";
import type { CodeMap, LessonDraft } from "../types.ts";
import type { FileComparison } from "./compare.ts";
import { lineMap, moveRange, rewriteCitations, splitLines } from "./move.ts";
import type { PreviousCourse, PreviousLesson } from "./previous.ts";

/** A new folder of code this size or more, owned by no abstraction, is a new part to teach. */
export const NEW_MODULE_MIN_LINES = 150;
export const NEW_MODULE_MIN_FILES = 2;

export interface LessonDecision {
  change: LessonChange;
  /** The lesson as it stays (citations moved, paths renamed), when it is kept. */
  kept?: LessonDraft;
}

export interface UpdateDecisions {
  overview: { rewritten: boolean; reason: string; files: string[] };
  /** The previous abstractions with renamed paths followed and deleted files dropped. */
  abstractions: Abstraction[];
  /** Ids of abstractions whose files are all gone. */
  removed: Set<string>;
  lessons: Map<string, LessonDecision>;
}

export async function decideUpdate(
  previous: PreviousCourse,
  compared: FileComparison,
  map: CodeMap,
  /** Whether a path existed in the previous tree, when known (folders.ts): new files are the others. */
  previouslyThere: ((path: string) => boolean) | undefined,
): Promise<UpdateDecisions> {
  const status = (path: string) => compared.status.get(path)?.kind ?? "changed";
  const follow = (path: string) => compared.renamed.get(path) ?? path;
  const removed = new Set<string>();
  const abstractions = previous.manifest.abstractions.map((a) => {
    const files = a.files.filter((f) => status(f) !== "deleted").map(follow);
    if (a.files.length > 0 && files.length === 0) removed.add(a.id);
    return { ...a, files };
  });
  const gone = previous.manifest.abstractions.filter((a) => removed.has(a.id));
  const fresh = newModules(map, abstractions, compared.added, previouslyThere);
  const overview =
    gone.length > 0
      ? {
          rewritten: true,
          reason: `the files of ${gone.map((a) => a.name).join(", ")} were deleted`,
          files: gone.flatMap((a) => a.files),
        }
      : fresh.length > 0
        ? {
            rewritten: true,
            reason: `new code in ${fresh.map((m) => m.dir || "/").join(", ")}`,
            files: fresh.flatMap((m) => m.files),
          }
        : { rewritten: false, reason: "the same parts", files: [] };

  const owned = new Map(previous.manifest.abstractions.map((a) => [a.id, a.files]));
  const newText = cachedReader(map.root);
  const lessons = new Map<string, LessonDecision>();
  for (const lesson of previous.lessons) {
    const { entry } = lesson;
    const base = { kind: entry.kind, slug: entry.slug };
    if (entry.abstraction && removed.has(entry.abstraction)) {
      lessons.set(entry.slug, {
        change: {
          ...base,
          status: "removed",
          reason: "its files were deleted",
          files: owned.get(entry.abstraction) ?? [],
        },
      });
      continue;
    }
    const decision = await decideLesson(lesson, {
      owned: entry.abstraction ? (owned.get(entry.abstraction) ?? []) : [],
      status,
      follow,
      renamed: compared.renamed,
      previous,
      newText,
      map,
    });
    lessons.set(entry.slug, decision);
  }
  return { overview, abstractions, removed, lessons };
}

interface LessonInputs {
  owned: string[];
  status: (path: string) => string;
  follow: (path: string) => string;
  renamed: Map<string, string>;
  previous: PreviousCourse;
  newText: (path: string) => Promise<string>;
  map: CodeMap;
}

async function decideLesson(lesson: PreviousLesson, io: LessonInputs): Promise<LessonDecision> {
  const { entry } = lesson;
  const base = { kind: entry.kind, slug: entry.slug };
  const rewrite = (reason: string, files: string[]): LessonDecision => ({
    change: { ...base, status: "rewritten", reason, files },
  });
  const ownedChanged = io.owned.filter((f) => ["changed", "deleted"].includes(io.status(f)));
  if (ownedChanged.length > 0) return rewrite(describe(ownedChanged, io.status), ownedChanged);
  const cited = [...new Set(entry.citations.map((c) => c.path))];
  const deleted = cited.filter((p) => io.status(p) === "deleted");
  if (deleted.length > 0) return rewrite(describe(deleted, io.status), deleted);

  const moves = new Map<string, Citation>();
  const changed: string[] = [];
  for (const path of cited) {
    const s = io.status(path);
    if (s === "unchanged" || s === "renamed") {
      for (const c of entry.citations.filter((c) => c.path === path))
        moves.set(citationKey(c), { ...c, path: io.follow(path) });
      continue;
    }
    changed.push(path);
    const before = await io.previous.source(path);
    if (before === undefined) return rewrite(`${path} changed`, [path]);
    const after = await io.newText(path);
    const lines = lineMap(before, after);
    const [b, a] = [splitLines(before), splitLines(after)];
    for (const c of entry.citations.filter((c) => c.path === path)) {
      const moved = moveRange(c, b, a, lines);
      if (!moved) return rewrite(`the code it cites in ${path} changed`, [path]);
      moves.set(citationKey(c), moved);
    }
  }
  const citations = entry.citations.map((c) => moves.get(citationKey(c)) ?? c);
  const problems = citationProblems(citations, io.map);
  if (problems.length > 0)
    return rewrite(`its citations no longer resolve (${problems[0]})`, cited);
  const renamed = cited
    .filter((p) => io.status(p) === "renamed")
    .concat(io.owned.filter((p) => io.status(p) === "renamed"));
  const movedAny = citations.some(
    (c, i) => citationKey(c) !== citationKey(entry.citations[i] as Citation),
  );
  const reason =
    changed.length > 0
      ? "its citations moved"
      : renamed.length > 0
        ? `${[...new Set(renamed)].map((p) => `${p} was renamed to ${io.follow(p)}`).join("; ")}`
        : "none of its files changed";
  return {
    change: { ...base, status: "kept", reason, files: [...new Set([...changed, ...renamed])] },
    kept: {
      slug: entry.slug,
      title: entry.title,
      ...(entry.abstraction ? { abstraction: entry.abstraction } : {}),
      markdown:
        movedAny || renamed.length > 0
          ? rewriteCitations(lesson.markdown, moves, io.renamed)
          : lesson.markdown,
      citations,
    },
  };
}

function describe(paths: string[], status: (p: string) => string): string {
  const shown = paths
    .slice(0, 3)
    .map((p) => `${p} ${status(p) === "deleted" ? "was deleted" : "changed"}`);
  return paths.length > 3 ? `${shown.join(", ")} and ${paths.length - 3} more` : shown.join(", ");
}

/** Folders of new code, of real size, that no abstraction owns (tests, docs and the like aside). */
function newModules(
  map: CodeMap,
  abstractions: Abstraction[],
  added: string[],
  previouslyThere: ((path: string) => boolean) | undefined,
): { dir: string; files: string[] }[] {
  if (!previouslyThere) return [];
  const ownedNow = new Set(abstractions.flatMap((a) => a.files));
  const files = new Map(map.files.map((f) => [f.path, f]));
  const byDir = new Map<string, { files: string[]; lines: number }>();
  for (const path of added) {
    const f = files.get(path);
    if (!f || previouslyThere(path) || ownedNow.has(path)) continue;
    if (f.language === null || f.language === "markdown" || isPeripheryPath(path)) continue;
    const dir = path.includes("/") ? path.slice(0, path.lastIndexOf("/")) : "";
    const group = byDir.get(dir) ?? { files: [], lines: 0 };
    group.files.push(path);
    group.lines += f.lines;
    byDir.set(dir, group);
  }
  return [...byDir.entries()]
    .filter(([, g]) => g.files.length >= NEW_MODULE_MIN_FILES && g.lines >= NEW_MODULE_MIN_LINES)
    .map(([dir, g]) => ({ dir, files: g.files }));
}

function cachedReader(root: string): (path: string) => Promise<string> {
  const cache = new Map<string, Promise<string>>();
  return (path) => {
    let text = cache.get(path);
    if (!text) {
      text = readFile(join(root, path), "utf8");
      cache.set(path, text);
    }
    return text;
  };
}
