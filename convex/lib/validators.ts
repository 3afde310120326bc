/**
 * Convex validators built from the shared `as const` contracts, so the schema, the
 * function arguments and the worker agree on one list of statuses, codes and models.
 */
import {
  COURSE_LANGUAGES,
  JOB_ERROR_CODES,
  JOB_STATUSES,
  MODEL_IDS,
  RUNNING_STATUSES,
} from "@fondation/shared/core";
import { type VLiteral, type VUnion, v } from "convex/values";

/** A union of literals from a non-empty readonly string tuple. */
export function literals<const T extends readonly [string, ...string[]]>(
  values: T,
): VUnion<T[number], VLiteral<T[number], "required">[], "required", never> {
  const members = values.map((value) => v.literal(value));
  // biome-ignore lint/suspicious/noExplicitAny: v.union needs a spread of at least two members.
  return (v.union as any)(...members);
}

export const jobStatus = literals(JOB_STATUSES);
export const runningStatus = literals(RUNNING_STATUSES);
/** Statuses a worker may report on a heartbeat (it moves the job forward through them). */
export const workerReportedStatus = literals(["cloning", "analyzing"] as const);
export const jobErrorCode = literals(JOB_ERROR_CODES);
export const courseLanguage = literals(COURSE_LANGUAGES);
export const modelId = literals(MODEL_IDS);
export const eventLevel = literals(["debug", "info", "warn", "error"] as const);
export const lessonKind = literals(["chapter", "tutorial"] as const);
/** What an MCP token may do: read courses (outline, lessons, search), ask questions. */
export const MCP_SCOPES = ["read", "ask"] as const;
export const mcpScope = literals(MCP_SCOPES);

export const jobOptions = v.object({ language: courseLanguage, model: modelId });

export const jobProgress = v.object({
  step: v.number(),
  totalSteps: v.number(),
  chaptersDone: v.number(),
  chaptersTotal: v.number(),
  message: v.string(),
});

export const jobError = v.object({
  code: jobErrorCode,
  message: v.string(),
  retryable: v.boolean(),
});

export const usage = v.object({
  inputTokens: v.number(),
  outputTokens: v.number(),
  cacheCreationInputTokens: v.number(),
  cacheReadInputTokens: v.number(),
  costUsd: v.number(),
});

export const citation = v.object({
  path: v.string(),
  startLine: v.number(),
  endLine: v.number(),
});

export const abstraction = v.object({
  id: v.string(),
  name: v.string(),
  description: v.string(),
  files: v.array(v.string()),
});

export const relationship = v.object({ from: v.string(), to: v.string(), label: v.string() });

/** What a refresh did to each lesson of the previous version (shared CourseUpdate). */
export const courseUpdate = v.object({
  fromCommit: v.union(v.string(), v.null()),
  /** The course this version was made from. */
  fromCourseId: v.optional(v.id("courses")),
  overview: literals(["kept", "rewritten"] as const),
  lessons: v.array(
    v.object({
      kind: lessonKind,
      slug: v.string(),
      status: literals(["new", "rewritten", "kept", "removed"] as const),
      reason: v.string(),
      files: v.array(v.string()),
    }),
  ),
});

/** What the worker sends of a refresh's changes: Convex adds `fromCourseId` from the job. */
export const courseChanges = courseUpdate.omit("fromCourseId");

/** A file a course stands on, with its git blob id at the course's commit (manifest `files`). */
export const sourceFile = v.object({ path: v.string(), sha: v.string() });

export const githubRef = v.object({ owner: v.string(), name: v.string() });

/**
 * A chapter's or tutorial's metadata, one definition for the table (schema.ts), what the
 * worker publishes (lib/publish.ts) and what its owner sees (lib/views.ts).
 */
export const lessonFields = {
  kind: lessonKind,
  slug: v.string(),
  title: v.string(),
  abstraction: v.optional(v.string()),
  citations: v.array(citation),
  prev: v.union(v.string(), v.null()),
  next: v.union(v.string(), v.null()),
};

/** A page size from an optional argument: a whole number between 1 and `max`. */
export function clampLimit(limit: number | undefined, fallback: number, max: number): number {
  if (limit === undefined || !Number.isFinite(limit)) return fallback;
  return Math.max(1, Math.min(max, Math.floor(limit)));
}

/** A webhook delivery as its owner sees it: GitHub's id, the event, when, what it did. */
export const webhookDelivery = v.object({
  deliveryId: v.string(),
  event: v.string(),
  at: v.number(),
  outcome: v.string(),
});

/**
 * A question's life (issue 16): queued → answering (leased to a worker) → answered, or
 * failed / canceled. An expired lease puts it back to queued until its attempts run out.
 */
export const QUESTION_STATUSES = ["queued", "answering", "answered", "failed", "canceled"] as const;
export const questionStatus = literals(QUESTION_STATUSES);

/** A line range an answer cites: `path` relative to the repository root, lines 1-based inclusive. */
export const questionCitation = v.object({ path: v.string(), start: v.number(), end: v.number() });

/** Who wrote an answer: a model, or the offline retrieval (passages only, labelled as such). */
export const answerWriter = literals(["model", "retrieval"] as const);

/** What one answer cost; `costUsd` counts toward the asker's spend limits. */
export const questionUsage = v.object({
  inputTokens: v.number(),
  outputTokens: v.number(),
  costUsd: v.number(),
});

/** Why a question failed: a short snake_case code and a sentence saying what to do. */
export const questionError = v.object({ code: v.string(), message: v.string() });
