/**
 * The CLI event protocol: with `--json`, `fondation analyze` writes one JSON object per
 * line on stdout (NDJSON). The CLI writes these events; the worker validates each line with
 * `parseCliEvent` and forwards them into Convex `jobEvents`, where the web app reads them.
 * Bump PROTOCOL_VERSION on any incompatible change.
 */
import { z } from "zod";
import { JOB_ERROR_CODES } from "./jobs.ts";
import { PIPELINE_STEPS } from "./pipeline.ts";

export const PROTOCOL_VERSION = 1;

const step = z.enum(PIPELINE_STEPS);
const nonNegativeInt = z.number().int().nonnegative();

export const usageSchema = z.object({
  inputTokens: nonNegativeInt,
  outputTokens: nonNegativeInt,
  cacheCreationInputTokens: nonNegativeInt,
  cacheReadInputTokens: nonNegativeInt,
  costUsd: z.number().nonnegative(),
});

const base = {
  /** Protocol version of the writer. */
  v: z.literal(PROTOCOL_VERSION),
  /** Milliseconds since the epoch when the event was written. */
  ts: z.number().int().nonnegative(),
};

export const cliEventSchema = z.discriminatedUnion("kind", [
  z.object({
    ...base,
    kind: z.literal("run.started"),
    /** Where the course is written. */
    outDir: z.string(),
    model: z.string(),
    language: z.string(),
    offline: z.boolean(),
    /** Steps already done in a resumed run. */
    resumedSteps: z.array(step),
    filesScanned: nonNegativeInt,
    filesKept: nonNegativeInt,
  }),
  z.object({
    ...base,
    kind: z.literal("step.started"),
    step,
    index: z.number().int().min(1),
    total: z.number().int().min(1),
  }),
  z.object({
    ...base,
    kind: z.literal("step.completed"),
    step,
    index: z.number().int().min(1),
    total: z.number().int().min(1),
    /** Checkpoint file written for this step, relative to the output folder. */
    checkpoint: z.string(),
    /** True when the step was restored from a checkpoint rather than run. */
    resumed: z.boolean(),
  }),
  z.object({
    ...base,
    kind: z.literal("chapter.started"),
    step,
    slug: z.string(),
    title: z.string(),
    index: z.number().int().min(1),
    total: z.number().int().min(1),
  }),
  z.object({
    ...base,
    kind: z.literal("chapter.completed"),
    step,
    slug: z.string(),
    title: z.string(),
    index: z.number().int().min(1),
    total: z.number().int().min(1),
    done: nonNegativeInt,
    /** Checkpoint file for this chapter, relative to the output folder. */
    checkpoint: z.string().optional(),
  }),
  z.object({
    ...base,
    kind: z.literal("log"),
    level: z.enum(["debug", "info", "warn", "error"]),
    message: z.string(),
  }),
  z.object({
    ...base,
    kind: z.literal("usage"),
    /** Totals for the run so far. */
    total: usageSchema,
    /** HTTP attempts to the model API so far, retries and failures included. */
    attempts: nonNegativeInt.optional(),
    /** The HTTP attempt that just ended (a failed one still bills what it read). */
    request: usageSchema
      .extend({
        step,
        model: z.string(),
        /** 1 for a request's first attempt, 2 for its first retry… */
        attempt: z.number().int().positive().optional(),
        failed: z.boolean().optional(),
      })
      .optional(),
  }),
  z.object({
    ...base,
    kind: z.literal("run.completed"),
    /** Path of course.json, relative to the output folder. */
    manifest: z.string(),
    chapters: nonNegativeInt,
    tutorials: nonNegativeInt,
    usage: usageSchema,
  }),
  z.object({
    ...base,
    kind: z.literal("run.failed"),
    code: z.enum(JOB_ERROR_CODES),
    message: z.string(),
    retryable: z.boolean(),
  }),
]);

export type CliEvent = z.infer<typeof cliEventSchema>;
export type CliEventKind = CliEvent["kind"];

/** Distributive Omit, so a caller can build any event without `v` and `ts`. */
export type CliEventInput = CliEvent extends infer E
  ? E extends CliEvent
    ? Omit<E, "v" | "ts">
    : never
  : never;

export type ParseResult = { ok: true; event: CliEvent } | { ok: false; error: string };

/** Parse and validate one NDJSON line. Never throws. */
export function parseCliEvent(line: string): ParseResult {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    return { ok: false, error: `not JSON: ${line.slice(0, 120)}` };
  }
  if (typeof value === "object" && value !== null && "v" in value && value.v !== PROTOCOL_VERSION) {
    return {
      ok: false,
      error: `protocol version ${String(value.v)} is not ${PROTOCOL_VERSION}: update the CLI and the worker together`,
    };
  }
  const result = cliEventSchema.safeParse(value);
  if (!result.success) {
    return { ok: false, error: z.prettifyError(result.error) };
  }
  return { ok: true, event: result.data };
}

/** Serialise an event as one NDJSON line (with its trailing newline). */
export function formatCliEvent(event: CliEventInput, now: number = Date.now()): string {
  return `${JSON.stringify({ v: PROTOCOL_VERSION, ts: now, ...event })}\n`;
}
