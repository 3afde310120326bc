/**
 * QuestionBackend over the worker's ConvexClient (convex/questionWorker.ts), references built
 * by name as in runner/convexBackend.ts; the end-to-end test checks them against the real
 * functions. The secret is added here and nowhere else.
 */
import type { ConvexClient } from "convex/browser";
import { makeFunctionReference } from "convex/server";
import type { QuestionBackend, QuestionFence } from "./backend.ts";

// biome-ignore lint/suspicious/noExplicitAny: the shapes are declared by QuestionBackend.
type Any = any;
const q = (name: string) => makeFunctionReference<"query", Any, Any>(`questionWorker:${name}`);
const m = (name: string) => makeFunctionReference<"mutation", Any, Any>(`questionWorker:${name}`);

const fns = {
  claimable: q("claimableQuestions"),
  answering: q("answeringQuestions"),
  courseManifest: q("courseManifest"),
  courseParts: q("courseParts"),
  claim: m("claimQuestion"),
  append: m("appendAnswer"),
  finish: m("finishQuestion"),
  fail: m("failQuestion"),
};

export function convexQuestions(
  client: ConvexClient,
  secret: string,
  workerId: string,
): QuestionBackend {
  const fenced = (fence: QuestionFence) => ({ secret, workerId, ...fence });
  return {
    watchClaimable(onRows, onError) {
      const unsubscribe = client.onUpdate(fns.claimable, { secret, limit: 20 }, onRows, onError);
      return () => unsubscribe();
    },
    watchAnswering(onRows, onError) {
      const unsubscribe = client.onUpdate(fns.answering, { secret, workerId }, onRows, onError);
      return () => unsubscribe();
    },
    claim: (questionId, leaseMs) =>
      client.mutation(fns.claim, { secret, questionId, workerId, leaseMs }),
    courseManifest: (fence) => client.query(fns.courseManifest, fenced(fence)),
    courseParts: (fence, args) => client.query(fns.courseParts, { ...fenced(fence), ...args }),
    appendAnswer: (fence, args) => client.mutation(fns.append, { ...fenced(fence), ...args }),
    finish: (fence, args) => client.mutation(fns.finish, { ...fenced(fence), ...args }),
    fail: (fence, args) => client.mutation(fns.fail, { ...fenced(fence), ...args }),
  };
}
