/**
 * The model pipeline's token budgets and output limits. Read by the pipeline (context.ts)
 * and by `fondation estimate`, which must count tokens the way a run would send them.
 * Depends on nothing, so the estimate loads no model code.
 */

/** Token budgets and output limits; the defaults suit a 200k-token model. */
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

export const DEFAULT_TUNING: PipelineTuning = {
  mapTokens: 12_000,
  overviewTokens: 16_000,
  chapterFileTokens: 14_000,
  reviewSourceTokens: 6_000,
  tutorialFileTokens: 8_000,
  maxOutputTokens: 8_000,
  structuredAttempts: 3,
};
