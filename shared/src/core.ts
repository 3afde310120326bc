/**
 * The contracts that need no validation library: job states, limits, models and prices,
 * pipeline steps, git URL checks. Convex functions import this entry so that zod (used by
 * the event protocol and the manifest schemas) stays out of every function bundle.
 */
export * from "./gitHost.ts";
export * from "./githubRepo.ts";
export * from "./gitUrl.ts";
export * from "./headingIds.ts";
export * from "./jobs.ts";
export * from "./limits.ts";
export * from "./mcpText.ts";
export * from "./models.ts";
export * from "./pipeline.ts";
export * from "./progress.ts";
export * from "./questions.ts";
export * from "./quota.ts";
export * from "./refresh.ts";
export * from "./searchTerms.ts";
export * from "./sources.ts";
