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

export const abstractionsOutput = z.object({
  abstractions: z.array(abstractionSchema.extend({ files: z.array(z.string()).min(1) })).min(1),
});
export type AbstractionsOutput = z.infer<typeof abstractionsOutput>;

export const relationshipsOutput = z.object({
  summary: z.string().min(1),
  relationships: z.array(relationshipSchema),
});
export type RelationshipsOutput = z.infer<typeof relationshipsOutput>;

export const orderOutput = z.object({
  title: z.string().min(1),
  chapters: z
    .array(
      z.object({ abstraction: slugSchema, title: z.string().min(1), summary: z.string().min(1) }),
    )
    .min(1),
  tutorials: z
    .array(
      z.object({
        title: z.string().min(1),
        goal: z.string().min(1),
        chapters: z.array(slugSchema).min(1),
      }),
    )
    .min(1)
    .max(3),
});
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
