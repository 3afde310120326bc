/**
 * The course manifest: `course.json`, written by the CLI at the root of its output folder,
 * read by the worker (which publishes it into Convex `courses` and `chapters`) and, through
 * Convex, by the web app's reader. Each chapter and tutorial is a markdown file beside it.
 */
import { z } from "zod";
import { usageSchema } from "./events.ts";
import { COURSE_LANGUAGES } from "./jobs.ts";

export const COURSE_SCHEMA_VERSION = 1;

/** A cited source range: `path:startLine-endLine`, 1-based and inclusive. */
export const citationSchema = z
  .object({
    path: z.string().min(1),
    startLine: z.number().int().min(1),
    endLine: z.number().int().min(1),
  })
  .refine((c) => c.endLine >= c.startLine, { message: "endLine must be >= startLine" });
export type Citation = z.infer<typeof citationSchema>;

export const slugSchema = z
  .string()
  .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, "a slug is lowercase words joined by hyphens");

export const abstractionSchema = z.object({
  id: slugSchema,
  name: z.string().min(1),
  description: z.string().min(1),
  /** Repository-relative paths of the files that implement it. */
  files: z.array(z.string()),
});
export type Abstraction = z.infer<typeof abstractionSchema>;

export const relationshipSchema = z.object({
  from: slugSchema,
  to: slugSchema,
  label: z.string().min(1),
});
export type Relationship = z.infer<typeof relationshipSchema>;

export const lessonKindSchema = z.enum(["chapter", "tutorial"]);
export type LessonKind = z.infer<typeof lessonKindSchema>;

/** The folder of each kind of lesson in a course folder (and in its zip export). */
export const LESSON_DIRS: Record<LessonKind, string> = {
  chapter: "chapters",
  tutorial: "tutorials",
};

/**
 * Where a lesson is written, relative to the course folder (`chapters/03-scanner.md`; the
 * index counts lessons of its kind from 1). Lessons link to each other by these paths, so
 * the CLI's folder and the web's zip export both name files with it.
 */
export function lessonFile(kind: LessonKind, index: number, slug: string): string {
  return `${LESSON_DIRS[kind]}/${String(index).padStart(2, "0")}-${slug}.md`;
}

/** A chapter or a tutorial, in teaching order. */
export const lessonSchema = z.object({
  kind: lessonKindSchema,
  slug: slugSchema,
  title: z.string().min(1),
  /** Markdown file, relative to the course folder. */
  file: z.string().min(1),
  /** Abstraction this lesson teaches, when there is one. */
  abstraction: slugSchema.optional(),
  citations: z.array(citationSchema),
  /** Slugs of the neighbours in reading order (chapters, then tutorials). */
  prev: slugSchema.nullable(),
  next: slugSchema.nullable(),
});
export type Lesson = z.infer<typeof lessonSchema>;

/** A source file a course stands on, with its git blob id at the course's commit. */
export const sourceFileSchema = z.object({
  path: z.string().min(1),
  /** Git blob sha-1 (what `git hash-object` prints): equal ids mean the same content. */
  sha: z.string().regex(/^[0-9a-f]{40}$/),
});
export type SourceFile = z.infer<typeof sourceFileSchema>;

/** What a refresh did to one lesson of the previous version. */
export const lessonChangeSchema = z.object({
  kind: lessonKindSchema,
  slug: slugSchema,
  status: z.enum(["new", "rewritten", "kept", "removed"]),
  /** For a reader: why, in a sentence ("src/scan.ts changed", "its citations moved"). */
  reason: z.string(),
  /** The changed files that decided it (repository-relative). */
  files: z.array(z.string()),
});
export type LessonChange = z.infer<typeof lessonChangeSchema>;

/** Set on a course written by `--update`: what changed since the previous version. */
export const courseUpdateSchema = z.object({
  fromCommit: z.string().nullable(),
  /** Whether the overview (abstractions, relationships, order) was written again. */
  overview: z.enum(["kept", "rewritten"]),
  lessons: z.array(lessonChangeSchema),
});
export type CourseUpdate = z.infer<typeof courseUpdateSchema>;

export const courseManifestSchema = z.object({
  schemaVersion: z.literal(COURSE_SCHEMA_VERSION),
  title: z.string().min(1),
  summary: z.string(),
  repository: z.object({
    name: z.string().min(1),
    /** Clone URL, when the source was a repository rather than a bare folder. */
    url: z.string().optional(),
    commit: z.string().optional(),
  }),
  language: z.enum(COURSE_LANGUAGES),
  /** Model that wrote the prose, or null for an offline (structural) course. */
  model: z.string().nullable(),
  generatedAt: z.string(),
  abstractions: z.array(abstractionSchema),
  relationships: z.array(relationshipSchema),
  chapters: z.array(lessonSchema),
  tutorials: z.array(lessonSchema),
  usage: usageSchema,
  /**
   * The files the abstractions own and the lessons cite, with their blob ids: a later
   * `--update` compares them with the new commit to find the lessons to rewrite.
   */
  files: z.array(sourceFileSchema).optional(),
  /**
   * Every folder holding a file of the tree the course was written from (the root aside):
   * a later `--update` tells a new module's folder from an old one without the previous
   * commit, which a shallow clone does not have. Absent when the tree has too many.
   */
  folders: z.array(z.string().min(1)).optional(),
  /** Present when this version was made from a previous one (`fondation analyze --update`). */
  update: courseUpdateSchema.optional(),
});
export type CourseManifest = z.infer<typeof courseManifestSchema>;

export const COURSE_MANIFEST_FILE = "course.json";
