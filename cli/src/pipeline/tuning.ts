/**
 * The model pipeline's token budgets and output limits. Read by the pipeline (context.ts)
 * and by `fondation estimate`, which must count tokens the way a run would send them.
 * Depends only on the zod-free part of shared (the model table), so the estimate loads no
 * model code.
 *
 * How the budgets are sized (`tuningFor`). Every budget is a share of one number, the
 * per-request ceiling R, which is the smaller of two limits:
 *
 * - Context. The largest request (step 1: code map + overview + README + instructions,
 *   plus room for the answer) must stay under half the model's context window. Half,
 *   because tokens are estimated from characters (about 4 per token) and code often runs
 *   nearer 3: the real count can be a third above the estimate, and a request over the
 *   window is refused outright.
 * - Cost. A course with every budget filled (COURSE_SHAPE: 12 chapters, each reviewed,
 *   3 tutorials) must cost at most COURSE_INPUT_USD of input at the model's prices. The
 *   code map is the cached prefix of every request: written once, read by the others, so
 *   it is counted at the cache prices; the files packed into each request are not cached
 *   and count at the full input price. Output tokens and retries are not in the cap.
 *
 * A repository smaller than the budgets costs what it has, not the cap: a budget is a
 * ceiling on what one request may carry, never padding. On a 1M-token model at $2/MTok
 * input the overview is about 160k tokens, enough for a medium repository's core files
 * whole (a 2,000-line Go file is about 18k tokens with its line numbers, its package's
 * other files a few times that); on a 200k-token model the context limit rules.
 */
import { findModel, type ModelInfo } from "@fondation/shared/core";

/** Token budgets and output limits. */
export interface PipelineTuning {
  /** The rendered code map (the shared prefix). */
  mapTokens: number;
  /** README and central files shown to step 1. */
  overviewTokens: number;
  /** Source files packed into one chapter request. */
  chapterFileTokens: number;
  /** Source lines packed into one review request (besides the draft). */
  reviewSourceTokens: number;
  /** Source files packed into one tutorial request. */
  tutorialFileTokens: number;
  maxOutputTokens: number;
  /** Model calls allowed for one structured step (first one included). */
  structuredAttempts: number;
}

/**
 * Fixed, small budgets: what tests and benchmarks use (so their figures do not move with
 * the model table), the floor of `tuningFor`, and the budgets of a model the table lacks.
 */
export const DEFAULT_TUNING: PipelineTuning = {
  mapTokens: 12_000,
  overviewTokens: 16_000,
  chapterFileTokens: 14_000,
  reviewSourceTokens: 6_000,
  tutorialFileTokens: 8_000,
  maxOutputTokens: 8_000,
  structuredAttempts: 3,
};

/** The stated cost cap: input of one full course (every budget filled), in USD. */
export const COURSE_INPUT_USD = 3;

/** The course the cap is stated for: the CLI's default chapter count, and its tutorials. */
export const COURSE_SHAPE = { chapters: 12, tutorials: 3 };

/**
 * Each budget as a share of the per-request ceiling R. Step 1 decides the whole course from
 * one request, so it gets all of R; a chapter is one of twelve and gets less; a review only
 * needs the lines its draft cites (with a few around them).
 */
const SHARES = {
  mapTokens: 0.15,
  overviewTokens: 1,
  chapterFileTokens: 0.4,
  reviewSourceTokens: 0.15,
  tutorialFileTokens: 0.3,
} as const;

/** Fraction of the context window the largest request may fill, by its estimated tokens. */
const CONTEXT_FRACTION = 0.5;
/** Besides the budgets, in the largest request: README, instructions, tools, the answer. */
const REQUEST_OVERHEAD_TOKENS = 30_000;
/** Besides the budgets, in a whole course: steps 2-3 inputs, per-request instructions. */
const COURSE_OVERHEAD_TOKENS = 50_000;

type ModelFacts = Pick<ModelInfo, "contextWindow" | "price">;

/** Budgets sized to a model (an id from the model table, or its facts); see the header. */
export function tuningFor(model: string | ModelFacts): PipelineTuning {
  const facts = typeof model === "string" ? findModel(model) : model;
  if (!facts) return { ...DEFAULT_TUNING };
  const ceiling = Math.min(contextCeiling(facts), costCeiling(facts));
  const sized = { ...DEFAULT_TUNING };
  for (const key of Object.keys(SHARES) as (keyof typeof SHARES)[])
    sized[key] = Math.max(DEFAULT_TUNING[key], roundDown(SHARES[key] * ceiling));
  // A floor may have raised the map: the overview gives way so step 1 still fits.
  const room = roundDown(requestRoom(facts) - sized.mapTokens);
  sized.overviewTokens = Math.max(
    DEFAULT_TUNING.overviewTokens,
    Math.min(sized.overviewTokens, room),
  );
  return sized;
}

/** R such that step 1's request (map + overview + overhead) fits the context limit. */
function contextCeiling(model: ModelFacts): number {
  return requestRoom(model) / (SHARES.mapTokens + SHARES.overviewTokens);
}

/** Tokens the budgets of the largest request may add up to. */
function requestRoom(model: ModelFacts): number {
  return Math.max(0, model.contextWindow * CONTEXT_FRACTION - REQUEST_OVERHEAD_TOKENS);
}

/** R such that a full course's input costs COURSE_INPUT_USD at the model's prices. */
function costCeiling(model: ModelFacts): number {
  const p = model.price;
  const { chapters, tutorials } = COURSE_SHAPE;
  // Uncached input per unit of R: the overview, every chapter, review and tutorial.
  const uncached =
    SHARES.overviewTokens +
    chapters * SHARES.chapterFileTokens +
    chapters * SHARES.reviewSourceTokens +
    tutorials * SHARES.tutorialFileTokens;
  // The map rides along every request: written to the cache once, read by the rest.
  const requests = 3 + 2 * chapters + tutorials;
  const perUnitUsd =
    p.inputPerMTok * uncached +
    SHARES.mapTokens * (p.cacheWritePerMTok + (requests - 1) * p.cacheReadPerMTok);
  const left = COURSE_INPUT_USD * 1_000_000 - COURSE_OVERHEAD_TOKENS * p.inputPerMTok;
  return Math.max(0, left) / perUnitUsd;
}

/**
 * The input cost in USD of a course that fills every budget of `tuning`, priced as
 * `costCeiling` counts it (tests check the cap with it; the estimate has its own model).
 */
export function fullCourseInputUsd(tuning: PipelineTuning, model: ModelFacts): number {
  const p = model.price;
  const { chapters, tutorials } = COURSE_SHAPE;
  const uncached =
    tuning.overviewTokens +
    chapters * (tuning.chapterFileTokens + tuning.reviewSourceTokens) +
    tutorials * tuning.tutorialFileTokens +
    COURSE_OVERHEAD_TOKENS;
  const requests = 3 + 2 * chapters + tutorials;
  const map = tuning.mapTokens * (p.cacheWritePerMTok + (requests - 1) * p.cacheReadPerMTok) * 1e-6;
  return uncached * p.inputPerMTok * 1e-6 + map;
}

/** Budgets in round thousands, so figures stay readable in logs and estimates. */
function roundDown(tokens: number): number {
  return Math.floor(tokens / 1000) * 1000;
}
