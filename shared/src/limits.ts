/** Limits every part agrees on. Convex enforces them; the worker and CLI stay inside them. */

/** Events kept per job; past this, one marker event says the log was truncated. */
export const MAX_EVENTS_PER_JOB = 5_000;
/** Events in one `appendEvents` call. */
export const MAX_EVENTS_PER_BATCH = 200;
/** Characters of one event message. */
export const MAX_EVENT_MESSAGE_CHARS = 2_000;

/** Lease granted by a claim or a heartbeat; workers renew at about a third of it. */
export const DEFAULT_LEASE_MS = 60_000;
export const MIN_LEASE_MS = 1_000;
export const MAX_LEASE_MS = 10 * 60_000;

/**
 * Lease of a question being answered: short, since every streamed batch renews it
 * (convex/questionWorker.ts); the worker's QUESTION_LEASE_MS stays inside these bounds.
 */
export const DEFAULT_QUESTION_LEASE_MS = 30_000;
export const MIN_QUESTION_LEASE_MS = 1_000;
export const MAX_QUESTION_LEASE_MS = 5 * 60_000;

export const DEFAULT_MAX_ATTEMPTS = 3;
/** Retry backoff: base * 2^(attempt-1), with jitter, capped. */
export const RETRY_BACKOFF_BASE_MS = 5_000;
export const RETRY_BACKOFF_CAP_MS = 10 * 60_000;

/**
 * Markdown characters stored in one chapter part. Convex documents are limited to 1 MiB
 * (of UTF-8: up to 3 bytes per character) and function arguments to 16 MiB; chapters
 * longer than this are split into parts.
 */
export const MAX_CHAPTER_PART_CHARS = 200_000;
/**
 * Characters of one checkpoint part (a step's validated output, as JSON): at 3 bytes per
 * character (CJK text) 300,000 stay under the 1 MiB document limit; 500,000 did not.
 */
export const MAX_CHECKPOINT_PART_CHARS = 300_000;
/** Chapters and tutorials in one course. */
export const MAX_LESSONS_PER_COURSE = 60;
