/**
 * Structured outputs of steps 1-3 (validated with zod, plus checks against the code map)
 * and the shapes of the checkpoints the pipeline writes.
 */
import {
  abstractionSchema,
  citationSchema,
  relationshipSchema,
  slugSchema,
  usageSchema,
} from "@fondation/shared";
import { z } from "zod";
import type { StructuredTool } from "../llm/index.ts";
import type { CodeMap } from "../types.ts";

/*
 * Every field carries a description: the tool's JSON schema (structured.ts) is built from
 * these schemas, so the model reads what each field is for beside its type. The shapes and
 * checks are those of the course manifest (shared/src/course.ts); only descriptions are added.
 */
/**
 * A slug field with its own description. Built fresh for each field, with the pattern of
 * shared's slugSchema: a field derived from one shared schema instance becomes a JSON
 * schema `$ref` to it, and the SDK's transform drops a description beside a `$ref`.
 */
const SLUG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
const slug = (description: string) =>
  z.string().regex(SLUG, "a slug is lowercase words joined by hyphens").describe(description);
/** A non-empty string with its own description (fresh, for the same reason). */
const text = (description: string) => z.string().min(1).describe(description);

const abstractionId = slug(
  'Stable id of the abstraction: lowercase words joined by hyphens, e.g. "request-router". Other steps refer to the abstraction by this id.',
);

export const abstractionsOutput = z
  .object({
    abstractions: z
      .array(
        abstractionSchema
          .extend({
            id: abstractionId,
            name: text(
              "Short name for a chapter title, two to five words, in the course language.",
            ),
            description: text(
              "Two or three sentences in the course language: what it is, why it exists, an analogy when it helps.",
            ),
            files: z
              .array(
                z.string().describe("A repository-relative path exactly as the code map lists it."),
              )
              .min(1)
              .describe(
                "The source files that implement the abstraction (not its tests), most important first.",
              ),
          })
          .describe("One core abstraction a newcomer must understand."),
      )
      .min(1)
      .describe("The core abstractions of the repository, most important first."),
  })
  .describe("The core abstractions of the repository.");
export type AbstractionsOutput = z.infer<typeof abstractionsOutput>;

export const relationshipsOutput = z
  .object({
    summary: text(
      "What the project does and for whom, three to five sentences in the course language.",
    ),
    relationships: z
      .array(
        relationshipSchema
          .extend({
            from: slug("Id of the abstraction the relationship starts from."),
            to: slug("Id of the abstraction it leads to."),
            label: text(
              'A short verb phrase in the course language, read as "from <label> to", e.g. "dispatches requests to".',
            ),
          })
          .describe("How one abstraction relates to another."),
      )
      .describe(
        "How the abstractions relate; every abstraction appears in at least one relationship.",
      ),
  })
  .describe("A summary of the project and how its abstractions relate.");
export type RelationshipsOutput = z.infer<typeof relationshipsOutput>;

export const orderOutput = z
  .object({
    title: text("Title of the whole course, in the course language."),
    chapters: z
      .array(
        z
          .object({
            abstraction: slug("Id of the abstraction this chapter teaches."),
            title: text("Chapter title, in the course language."),
            summary: text("One sentence on what the chapter teaches, in the course language."),
          })
          .describe("One chapter, teaching one abstraction."),
      )
      .min(1)
      .describe(
        "Chapters in teaching order (foundations and entry points first), exactly one per abstraction.",
      ),
    tutorials: z
      .array(
        z
          .object({
            title: text("Tutorial title, in the course language."),
            goal: text(
              "What the learner builds or changes in this repository, one or two sentences in the course language.",
            ),
            chapters: z
              .array(slug("Id of an abstraction the tutorial practises."))
              .min(1)
              .describe("Ids of the abstractions the tutorial practises."),
          })
          .describe("One hands-on tutorial."),
      )
      .min(1)
      .max(3)
      .describe("One to three hands-on tutorials."),
  })
  .describe("The course's title, its chapters in teaching order, and its tutorials.");
export type OrderOutput = z.infer<typeof orderOutput>;

export const TOOLS = {
  abstractions: {
    name: "record_abstractions",
    description:
      "Record the core abstractions of the repository, each with the files that implement it.",
    schema: abstractionsOutput,
  },
  relationships: {
    name: "record_relationships",
    description: "Record a summary of the project and how its abstractions relate.",
    schema: relationshipsOutput,
  },
  order: {
    name: "record_order",
    description: "Record the teaching order of the chapters and the hands-on tutorials.",
    schema: orderOutput,
  },
} satisfies Record<string, StructuredTool<unknown>>;

export function checkAbstractions(value: AbstractionsOutput, map: CodeMap, max: number): string[] {
  const known = new Set(map.files.map((f) => f.path));
  const problems: string[] = [];
  if (value.abstractions.length > max)
    problems.push(`give at most ${max} abstractions, not ${value.abstractions.length}`);
  const ids = new Set<string>();
  for (const a of value.abstractions) {
    if (ids.has(a.id)) problems.push(`the id "${a.id}" is used twice`);
    ids.add(a.id);
    const unknown = a.files.filter((f) => !known.has(f));
    if (unknown.length > 0)
      problems.push(`abstraction "${a.id}" lists files not in the code map: ${unknown.join(", ")}`);
  }
  return problems;
}

export function checkRelationships(value: RelationshipsOutput, ids: string[]): string[] {
  const known = new Set(ids);
  const problems = value.relationships
    .flatMap((r) => [r.from, r.to])
    .filter((id) => !known.has(id))
    .map((id) => `"${id}" is not an abstraction id (use one of: ${ids.join(", ")})`);
  return [...new Set(problems)];
}

export function checkOrder(value: OrderOutput, ids: string[]): string[] {
  const problems: string[] = [];
  const ordered = value.chapters.map((c) => c.abstraction);
  const missing = ids.filter((id) => !ordered.includes(id));
  const unknown = ordered.filter((id) => !ids.includes(id));
  const twice = ordered.filter((id, i) => ordered.indexOf(id) !== i);
  if (missing.length > 0) problems.push(`chapters are missing for: ${missing.join(", ")}`);
  if (unknown.length > 0) problems.push(`unknown abstraction ids: ${unknown.join(", ")}`);
  if (twice.length > 0) problems.push(`abstractions ordered twice: ${twice.join(", ")}`);
  for (const t of value.tutorials) {
    const bad = t.chapters.filter((c) => !ids.includes(c));
    if (bad.length > 0)
      problems.push(`tutorial "${t.title}" refers to unknown abstractions: ${bad.join(", ")}`);
  }
  return problems;
}

// ---------- checkpoints ----------

export const lessonDraftSchema = z.object({
  slug: slugSchema,
  title: z.string().min(1),
  abstraction: slugSchema.optional(),
  markdown: z.string().min(1),
  citations: z.array(citationSchema),
});

export const withUsage = <T extends z.ZodRawShape>(shape: T) =>
  z.object({ ...shape, usage: usageSchema });

export const abstractionsCheckpoint = withUsage(abstractionsOutput.shape);
export const relationshipsCheckpoint = withUsage(relationshipsOutput.shape);
export const orderCheckpoint = withUsage(orderOutput.shape);
export const lessonCheckpoint = withUsage({ lesson: lessonDraftSchema });
export const lessonsStepCheckpoint = withUsage({ lessons: z.array(lessonDraftSchema) });
