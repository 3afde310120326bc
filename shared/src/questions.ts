/**
 * Why a question was refused, as the ConvexError of questions.ask carries it (`reason`, with
 * the figures its sentence needs): written by convex/lib/questionRules.ts and questionAccess.ts,
 * read by the web app, which says it in the reader's language next to the Ask box. Fair-use
 * limits are not here: they are `limit_reached` errors with their `kind` (quota.ts).
 */
export const QUESTION_REFUSALS = [
  "question_empty",
  "question_too_long",
  "thread_full",
  "thread_other_course",
  "questions_not_allowed",
] as const;
export type QuestionRefusal = (typeof QUESTION_REFUSALS)[number];

export function isQuestionRefusal(value: unknown): value is QuestionRefusal {
  return typeof value === "string" && (QUESTION_REFUSALS as readonly string[]).includes(value);
}
