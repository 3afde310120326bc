/**
 * `fondation analyze <dir> --update <previous course>`: what the analyze command adds for a
 * refresh. Before the builder runs, it compares the previous course's files with the new
 * tree and decides each lesson's fate (decide.ts); the builder (model or offline) asks it,
 * lesson by lesson, what to keep, and writes only the rest; afterwards it says what
 * happened (the manifest's `update`).
 */
import type { Abstraction, CourseUpdate, LessonChange } from "@fondation/shared";
import { lessonFile } from "@fondation/shared";
import { mermaidBlocks, trustParsed } from "../output/mermaid.ts";
import type { CodeMap, CourseDraft, Emitter, Reuse, ReusedPlan } from "../types.ts";
import { compareFiles } from "./compare.ts";
import { decideUpdate, type UpdateDecisions } from "./decide.ts";
import { previouslyThere } from "./folders.ts";
import { relink } from "./links.ts";
import type { PreviousCourse } from "./previous.ts";
import { treeAt } from "./tree.ts";

export { readPreviousCourse } from "./previous.ts";

export interface UpdateSession {
  reuse: Reuse;
  /** The draft with kept lessons relinked, and what the refresh did. */
  finish(draft: CourseDraft): { draft: CourseDraft; update: CourseUpdate };
}

export async function startUpdate(
  previous: PreviousCourse,
  map: CodeMap,
  input: {
    offline: boolean;
    language: string;
    emit: Emitter;
    /** Blob ids of the files the scan read (not read again). */
    shas?: ReadonlyMap<string, string>;
    /** The previous commit's paths, when already asked for (tree.ts). */
    tree?: Promise<Set<string> | undefined>;
  },
): Promise<UpdateSession> {
  // A course of another kind (offline vs. a model's) or language is written again whole.
  const unlike =
    (previous.manifest.model === null) !== input.offline
      ? `the previous course was ${input.offline ? "written by a model" : "written offline"}`
      : previous.manifest.language !== input.language
        ? `the previous course is in another language (${previous.manifest.language})`
        : undefined;
  const compared = await compareFiles(unlike ? new Map() : previous.shas, map, input.shas);
  const fromCommit = previous.manifest.repository.commit ?? null;
  const tree = fromCommit ? await (input.tree ?? treeAt(map.root, fromCommit)) : undefined;
  const wasThere = previouslyThere(tree, previous.manifest.folders);
  const decisions = await decideUpdate(previous, compared, map, wasThere);
  if (unlike) {
    decisions.overview = { rewritten: true, reason: unlike, files: [] };
    for (const d of decisions.lessons.values()) {
      delete d.kept;
      if (d.change.status !== "removed")
        Object.assign(d.change, { status: "rewritten", reason: unlike, files: [] });
    }
  }
  // The previous writer parsed these diagrams; a kept or rewritten lesson often repeats them.
  trustParsed(previous.lessons.flatMap((l) => mermaidBlocks(l.markdown).map((b) => b.source)));

  const counts = { kept: 0, rewrite: 0 };
  for (const d of decisions.lessons.values()) {
    if (d.kept) counts.kept++;
    else if (d.change.status === "rewritten") counts.rewrite++;
  }
  input.emit.emit({
    kind: "log",
    level: "info",
    message: `Update from ${fromCommit?.slice(0, 12) ?? "a folder"}: ${counts.kept} lesson(s) kept, ${counts.rewrite} to rewrite; overview ${decisions.overview.rewritten ? `rewritten (${decisions.overview.reason})` : "kept"}.${wasThere || !fromCommit ? "" : " Neither the previous commit nor its folders are known, so new folders are not looked for."}`,
  });

  const kept = new Set<string>();
  const overridden = new Map<string, string>();
  const previousIds = new Map(decisions.abstractions.map((a) => [a.id, a]));
  const reuse: Reuse = {
    ...(!input.offline && !decisions.overview.rewritten
      ? { plan: reusedPlan(previous, decisions) }
      : {}),
    lesson(slug, abstraction) {
      const decision = decisions.lessons.get(slug);
      if (!decision?.kept) return undefined;
      const why = refusal(decision.kept.abstraction, abstraction, previousIds, decisions);
      if (why) {
        overridden.set(slug, why);
        return undefined;
      }
      kept.add(slug);
      return decision.kept;
    },
  };

  return {
    reuse,
    finish(draft) {
      const files = new Map<string, string>();
      for (const [i, l] of draft.chapters.entries())
        files.set(l.slug, lessonFile("chapter", i + 1, l.slug));
      for (const [i, l] of draft.tutorials.entries())
        files.set(l.slug, lessonFile("tutorial", i + 1, l.slug));
      const fix = (l: CourseDraft["chapters"][number]) =>
        kept.has(l.slug) ? { ...l, markdown: relink(l.markdown, files) } : l;
      const result = {
        ...draft,
        chapters: draft.chapters.map(fix),
        tutorials: draft.tutorials.map(fix),
      };
      const sameParts =
        sortedIds(previous.manifest.abstractions) === sortedIds(result.abstractions);
      return {
        draft: result,
        update: {
          fromCommit,
          overview: input.offline
            ? sameParts
              ? "kept"
              : "rewritten"
            : decisions.overview.rewritten
              ? "rewritten"
              : "kept",
          lessons: changes(previous, decisions, result, kept, overridden),
        },
      };
    },
  };
}

/** Why a lesson judged unchanged is still written again, given what the builder has now. */
function refusal(
  was: string | undefined,
  now: Abstraction | undefined,
  previous: Map<string, Abstraction>,
  decisions: UpdateDecisions,
): string | undefined {
  if (!was) return decisions.overview.rewritten && !now ? "the course's parts changed" : undefined;
  const before = previous.get(was);
  if (!now || !before) return "its part is new";
  const a = [...before.files].sort().join("\n");
  const b = [...now.files].sort().join("\n");
  return a === b ? undefined : "the files of its part changed";
}

function changes(
  previous: PreviousCourse,
  decisions: UpdateDecisions,
  draft: CourseDraft,
  kept: Set<string>,
  overridden: Map<string, string>,
): LessonChange[] {
  const out: LessonChange[] = [];
  const now = new Set<string>();
  const lessons = [
    ...draft.chapters.map((l) => ({ kind: "chapter" as const, l })),
    ...draft.tutorials.map((l) => ({ kind: "tutorial" as const, l })),
  ];
  for (const { kind, l } of lessons) {
    now.add(l.slug);
    const decision = decisions.lessons.get(l.slug);
    if (!decision) {
      const part = draft.abstractions.find((a) => a.id === l.abstraction);
      out.push({
        kind,
        slug: l.slug,
        status: "new",
        reason: part ? `a new part: ${part.name}` : "a new lesson",
        files: part?.files ?? [],
      });
    } else if (kept.has(l.slug)) out.push(decision.change);
    else {
      const reason =
        overridden.get(l.slug) ??
        (decision.change.status === "rewritten"
          ? decision.change.reason
          : "the course plan changed");
      out.push({ ...decision.change, kind, status: "rewritten", reason });
    }
  }
  for (const { entry } of previous.lessons) {
    if (now.has(entry.slug)) continue;
    const decision = decisions.lessons.get(entry.slug);
    out.push({
      kind: entry.kind,
      slug: entry.slug,
      status: "removed",
      reason:
        decision?.change.status === "removed"
          ? decision.change.reason
          : "no longer part of the course",
      files: decision?.change.status === "removed" ? decision.change.files : [],
    });
  }
  return out;
}

/** The previous plan, for a model run that keeps the overview (steps 1-3 are not asked again). */
function reusedPlan(previous: PreviousCourse, decisions: UpdateDecisions): ReusedPlan {
  const m = previous.manifest;
  const abstractions = decisions.abstractions;
  const owner = new Map(abstractions.flatMap((a) => a.files.map((f) => [f, a.id] as const)));
  const description = new Map(abstractions.map((a) => [a.id, a.description]));
  const chapters = m.chapters.filter((c) => c.abstraction);
  return {
    title: m.title,
    summary: m.summary,
    abstractions,
    relationships: m.relationships,
    chapters: chapters.map((c) => ({
      abstraction: c.abstraction as string,
      title: c.title,
      summary: description.get(c.abstraction as string) ?? c.title,
    })),
    tutorials: m.tutorials.map((t) => {
      const practised = [...new Set(t.citations.flatMap((c) => owner.get(c.path) ?? []))];
      const first = chapters[0]?.abstraction as string;
      return {
        title: t.title,
        goal: t.title,
        chapters: practised.length > 0 ? practised : [first],
      };
    }),
  };
}

function sortedIds(abstractions: Abstraction[]): string {
  return abstractions
    .map((a) => a.id)
    .sort()
    .join(",");
}
