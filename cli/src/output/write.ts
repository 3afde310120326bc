/**
 * Writes the course folder: `course.json` (validated with the shared manifest schema) and
 * one markdown file per lesson under chapters/ and tutorials/. Nothing is written unless
 * every lesson passes its checks; lessons are staged beside the target and swapped in, and
 * course.json is renamed into place last, so a failed run never leaves half a course.
 * Checkpoints (checkpoints/) in the same folder are left alone.
 */
import { existsSync, readdirSync } from "node:fs";
import { copyFile, mkdir, rename, rm, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import {
  COURSE_MANIFEST_FILE,
  COURSE_SCHEMA_VERSION,
  type CourseManifest,
  type CourseUpdate,
  courseManifestSchema,
  LESSON_DIRS,
  type Lesson,
  type LessonKind,
  lessonFile,
  MAX_LESSONS_PER_COURSE,
} from "@fondation/shared";
import { z } from "zod";
import { CODEMAP_CACHE_FILE } from "../codemap/cache.ts";
import { CliError } from "../errors.ts";
import type { AnalyzeOptions, CodeMap, CourseDraft, LessonDraft } from "../types.ts";
import { draftFiles, fileShas } from "../update/blob.ts";
import { treeFolders } from "../update/folders.ts";
import { CHECKPOINT_DIR } from "./checkpoints.ts";
import { citationsInMarkdown, mergeCitations } from "./citations.ts";
import { lessonProblems } from "./validate.ts";

/** Where a lesson is written: shared with the web's zip export, so links work in both. */
export { lessonFile };

/**
 * Copies of the cited files as they are at this commit (`sources/<path>`): a later
 * `--update` moves this course's citations to new line numbers by diffing against them.
 */
export const SOURCES_DIR = "sources";

/**
 * Refuse an output folder that holds something other than a course: the writer replaces
 * chapters/ and tutorials/ there, and must never do that to someone's own files.
 */
export function checkOutputFolder(out: string): void {
  if (!existsSync(out)) return;
  let entries: string[];
  try {
    entries = readdirSync(out);
  } catch {
    throw new CliError(
      "usage",
      "invalid_options",
      `--out ${out} is not a folder: choose a folder for the course.`,
    );
  }
  const ours = new Set([
    COURSE_MANIFEST_FILE,
    CHECKPOINT_DIR,
    SOURCES_DIR,
    CODEMAP_CACHE_FILE,
    ...Object.values(LESSON_DIRS),
  ]);
  const foreign = entries.filter(
    (e) => !ours.has(e) && !e.startsWith(".staging-") && !e.startsWith(".old-"),
  );
  if (
    foreign.length > 0 &&
    !entries.includes(COURSE_MANIFEST_FILE) &&
    !entries.includes(CHECKPOINT_DIR)
  ) {
    throw new CliError(
      "usage",
      "invalid_options",
      `--out ${out} already holds other files (${foreign.slice(0, 3).join(", ")}): choose an empty or new folder.`,
    );
  }
}

export async function writeCourse(
  draft: CourseDraft,
  context: {
    map: CodeMap;
    options: AnalyzeOptions;
    now?: Date;
    update?: CourseUpdate;
    /** Blob ids the scan computed: those files are not read again for the manifest. */
    shas?: ReadonlyMap<string, string>;
  },
): Promise<{ manifest: CourseManifest; manifestPath: string }> {
  const { map, options } = context;
  const lessons = [
    ...draft.chapters.map((l) => ({ kind: "chapter" as const, draft: l })),
    ...draft.tutorials.map((l) => ({ kind: "tutorial" as const, draft: l })),
  ];
  if (draft.chapters.length === 0) throw invalid("the course has no chapter");
  if (lessons.length > MAX_LESSONS_PER_COURSE) {
    throw invalid(`the course has ${lessons.length} lessons, more than ${MAX_LESSONS_PER_COURSE}`);
  }
  const slugs = new Set<string>();
  for (const { draft: l } of lessons) {
    if (slugs.has(l.slug)) throw invalid(`two lessons share the slug "${l.slug}"`);
    slugs.add(l.slug);
  }
  const problems: string[] = [];
  for (const { draft: l } of lessons) {
    for (const p of await lessonProblems(l, map)) problems.push(`${l.slug}: ${p}`);
  }
  if (problems.length > 0) {
    throw invalid(`${problems.length} problem(s) in the lessons; first: ${problems[0]}`);
  }

  const counters: Record<LessonKind, number> = { chapter: 0, tutorial: 0 };
  const entries: Lesson[] = lessons.map(({ kind, draft: l }, i) => {
    counters[kind] += 1;
    const file = lessonFile(kind, counters[kind], l.slug);
    return {
      kind,
      slug: l.slug,
      title: l.title,
      file,
      ...(l.abstraction ? { abstraction: l.abstraction } : {}),
      citations: mergeCitations(l.citations, citationsInMarkdown(l.markdown)),
      prev: lessons[i - 1]?.draft.slug ?? null,
      next: lessons[i + 1]?.draft.slug ?? null,
    };
  });

  const candidate = {
    schemaVersion: COURSE_SCHEMA_VERSION,
    title: draft.title,
    summary: draft.summary,
    repository: {
      name: map.name,
      ...(options.repositoryUrl ? { url: options.repositoryUrl } : {}),
      ...(map.commit ? { commit: map.commit } : {}),
    },
    language: options.language,
    model: draft.model,
    generatedAt: (context.now ?? new Date()).toISOString(),
    abstractions: draft.abstractions,
    relationships: draft.relationships,
    chapters: entries.filter((e) => e.kind === "chapter"),
    tutorials: entries.filter((e) => e.kind === "tutorial"),
    usage: draft.usage,
    files: await fileShas(
      map.root,
      draftFiles(draft, (md) => citationsInMarkdown(md).map((c) => c.path)),
      context.shas,
    ),
    ...foldersField(map),
    ...(context.update ? { update: context.update } : {}),
  };
  const parsed = courseManifestSchema.safeParse(candidate);
  if (!parsed.success)
    throw invalid(
      `the manifest is invalid: ${z.prettifyError(parsed.error).split("\n").slice(0, 3).join(" ")}`,
    );
  const manifest = parsed.data;

  const cited = new Set(entries.flatMap((e) => e.citations.map((c) => c.path)));
  await stageAndSwap(
    options.out,
    manifest,
    lessons.map((l, i) => ({ file: (entries[i] as Lesson).file, draft: l.draft })),
    { root: map.root, paths: [...cited] },
  );
  return { manifest, manifestPath: COURSE_MANIFEST_FILE };
}

function foldersField(map: CodeMap): { folders?: string[] } {
  const folders = treeFolders(map);
  return folders ? { folders } : {};
}

async function stageAndSwap(
  out: string,
  manifest: CourseManifest,
  files: { file: string; draft: LessonDraft }[],
  sources: { root: string; paths: string[] },
) {
  await mkdir(out, { recursive: true });
  const tag = `${process.pid}-${Date.now()}`;
  const staging = join(out, `.staging-${tag}`);
  const old = join(out, `.old-${tag}`);
  try {
    for (const dir of Object.values(LESSON_DIRS))
      await mkdir(join(staging, dir), { recursive: true });
    // Side by side: one file after the other spent most of a refresh's writing waiting.
    await Promise.all(
      files.map(({ file, draft }) =>
        writeFile(join(staging, file), ensureNewline(draft.markdown), "utf8"),
      ),
    );
    const folders = new Set(sources.paths.map((path) => dirname(join(staging, SOURCES_DIR, path))));
    for (const folder of folders) await mkdir(folder, { recursive: true });
    await Promise.all(
      sources.paths.map((path) =>
        copyFile(join(sources.root, path), join(staging, SOURCES_DIR, path)),
      ),
    );
    await writeFile(
      join(staging, COURSE_MANIFEST_FILE),
      `${JSON.stringify(manifest, null, 2)}\n`,
      "utf8",
    );
    await mkdir(old);
    for (const dir of [...Object.values(LESSON_DIRS), SOURCES_DIR]) {
      if (existsSync(join(out, dir))) await rename(join(out, dir), join(old, dir));
      if (existsSync(join(staging, dir))) await rename(join(staging, dir), join(out, dir));
    }
    await rename(join(staging, COURSE_MANIFEST_FILE), join(out, COURSE_MANIFEST_FILE));
  } finally {
    await rm(staging, { recursive: true, force: true });
    await rm(old, { recursive: true, force: true });
  }
}

function ensureNewline(text: string): string {
  return text.endsWith("\n") ? text : `${text}\n`;
}

function invalid(message: string): CliError {
  return new CliError("internal", "analysis_failed", `The course was not written: ${message}.`);
}
