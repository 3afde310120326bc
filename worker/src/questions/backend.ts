/**
 * What the question slot needs from Convex (convex/questionWorker.ts), as an interface with
 * the worker secret and id bound: convexQuestions.ts over the ConvexClient, the tests' memory
 * backend. Fenced calls answer {ok:false, reason, message} once this attempt lost the question.
 */
import type { Fenced, PreviousCourse, PreviousPage } from "../runner/backend.ts";

export interface QuestionFence {
  questionId: string;
  attempt: number;
}

export interface ClaimableQuestion {
  questionId: string;
  runAt: number;
  attempt: number;
}

export interface AnsweringRow {
  questionId: string;
  attempt: number;
  leaseExpiresAt?: number;
}

export interface ClaimedQuestion {
  questionId: string;
  attempt: number;
  maxAttempts: number;
  leaseExpiresAt: number;
  leaseMs: number;
  serverTime: number;
  question: string;
  course: { courseId: string; title: string; language: string; commit: string | null };
  repository: { url: string; name: string };
  thread: { question: string; answer: string; status: string }[];
}

export interface QuestionNotDue {
  notDue: true;
  runAt: number;
  serverTime: number;
}

export interface AnswerCitation {
  path: string;
  start: number;
  end: number;
}

export interface AnswerUsage {
  inputTokens: number;
  outputTokens: number;
  costUsd: number;
}

export interface QuestionBackend {
  watchClaimable(
    onRows: (rows: ClaimableQuestion[]) => void,
    onError: (e: Error) => void,
  ): () => void;
  /** This worker's leased questions: one that leaves the list was canceled (or lost). */
  watchAnswering(onRows: (rows: AnsweringRow[]) => void, onError: (e: Error) => void): () => void;
  claim(questionId: string, leaseMs: number): Promise<ClaimedQuestion | QuestionNotDue | null>;
  courseManifest(fence: QuestionFence): Promise<Fenced<{ course: PreviousCourse | null }>>;
  courseParts(
    fence: QuestionFence,
    args: { courseId: string; from: number },
  ): Promise<Fenced<{ page: PreviousPage | null }>>;
  /** `at`: the answer's length before `text`; empty `text` only renews the lease. */
  appendAnswer(
    fence: QuestionFence,
    args: { at: number; text: string },
  ): Promise<Fenced<{ length: number; leaseExpiresAt: number }>>;
  finish(
    fence: QuestionFence,
    args: { citations: AnswerCitation[]; writtenBy: "model" | "retrieval"; usage?: AnswerUsage },
  ): Promise<Fenced<Record<string, never>>>;
  fail(
    fence: QuestionFence,
    args: { code: string; message: string; retryable: boolean; usage?: AnswerUsage },
  ): Promise<Fenced<{ status: "queued" | "failed"; runAt?: number }>>;
}
