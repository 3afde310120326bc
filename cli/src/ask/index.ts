/**
 * Questions about a course, as a library: `openCourse` once (course folder + repository →
 * code map and search index), then `askCourse` per question. With a key (or `model` set)
 * a model writes the answer from the bounded context; without one the answer is the ranked
 * passages themselves, labelled as such. A follow-up passes its thread's earlier exchanges
 * (`thread`, bounded by thread.ts): the model reads them as earlier turns, the offline
 * ranking looks for their questions' words too. Used by `fondation ask`, `fondation mcp` and the worker.
 */
import { DEFAULT_MODEL, MODEL_IDS } from "@fondation/shared";
import type { AskAnswer } from "./answer.ts";
import { type ContextLimits, DEFAULT_CONTEXT_LIMITS, pickContext } from "./context.ts";
import { type ModelAskOptions, modelAnswer } from "./model.ts";
import { offlineAnswer } from "./offline.ts";
import type { OpenedCourse } from "./open.ts";
import { boundThread } from "./thread.ts";

export type { AskAnswer } from "./answer.ts";
export type { AskContext, Excerpt } from "./context.ts";
export { findLesson, type LoadedCourse } from "./course.ts";
export { type OpenedCourse, openCourse } from "./open.ts";
export type { SearchHit } from "./search.ts";
export { THREAD_LIMITS, type ThreadTurn } from "./thread.ts";

export interface AskOptions extends Partial<ModelAskOptions> {
  /** Answer from the ranked passages only, even with a key. */
  offline?: boolean;
  /** Environment to read ANTHROPIC_API_KEY from (the caller's, for tests and the worker). */
  env?: Record<string, string | undefined>;
  limits?: ContextLimits;
}

/** Longest question taken; the rest is cut (it is only ranked and quoted). */
export const MAX_QUESTION_CHARS = 2_000;

export async function askCourse(
  opened: OpenedCourse,
  question: string,
  options: AskOptions = {},
): Promise<AskAnswer> {
  const q = question.trim().slice(0, MAX_QUESTION_CHARS);
  const language = opened.course.manifest.language;
  const thread = boundThread(options.thread);
  const ctx = await pickContext(
    q,
    opened.index,
    opened.map,
    opened.repository,
    options.limits ?? DEFAULT_CONTEXT_LIMITS,
    thread.map((turn) => turn.question),
  );
  const apiKey = options.apiKey ?? options.env?.ANTHROPIC_API_KEY;
  if (options.offline || !apiKey || ctx.excerpts.length === 0)
    return offlineAnswer(ctx, opened.map, language, opened.warnings);
  return modelAnswer(
    ctx,
    opened.map,
    language,
    {
      ...options,
      apiKey,
      thread,
      model: options.model ?? courseModel(opened) ?? DEFAULT_MODEL,
      ...((options.baseURL ?? options.env?.ANTHROPIC_BASE_URL)
        ? { baseURL: options.baseURL ?? options.env?.ANTHROPIC_BASE_URL }
        : {}),
    },
    opened.warnings,
  );
}

/** The model that wrote the course, when it is one we can call. */
function courseModel(opened: OpenedCourse): string | undefined {
  const m = opened.course.manifest.model;
  return m && (MODEL_IDS as readonly string[]).includes(m) ? m : undefined;
}
