/**
 * Questions for the question tests: a published course of Alice's, a question asked on it,
 * a question claimed by a worker (with the fence its worker calls take).
 */
import { api } from "../_generated/api";
import type { Id } from "../_generated/dataModel";
import { publishedCourse } from "./course.testkit.ts";
import { SECRET, type T, type UserT } from "./harness.testkit.ts";

export const QUESTION = "Where is the queue drained?";

/** Alice's published course and a question she asked on it. */
export async function askedQuestion(t: T, alice: UserT, question = QUESTION) {
  const { courseId, repositoryId } = await publishedCourse(t, alice);
  const asked = await alice.mutation(api.questions.ask, { courseId, question });
  return { courseId, repositoryId, ...asked };
}

/** Claims `questionId` for `workerId`; returns the claim and the fence of its worker calls. */
export async function claimQuestion(
  t: T,
  questionId: Id<"questions">,
  workerId = "qw-1",
  leaseMs = 30_000,
) {
  const claim = await t.mutation(api.questionWorker.claimQuestion, {
    secret: SECRET,
    questionId,
    workerId,
    leaseMs,
  });
  if (!claim || "notDue" in claim) {
    throw new Error(`claimQuestion unexpectedly answered ${JSON.stringify(claim)}`);
  }
  return { claim, fence: { secret: SECRET, questionId, attempt: claim.attempt, workerId } };
}

/** The raw question row (tests only). */
export async function questionRow(t: T, questionId: Id<"questions">) {
  return await t.run(async (ctx) => await ctx.db.get(questionId));
}
