/**
 * An in-memory QuestionBackend with the rules of convex/questionWorker.ts that the slot relies
 * on: one claim winner (an attempt counted), fenced calls refused once the lease moved on
 * (canceled, failed, another attempt), `at` offsets and the per-batch cap, subscriptions that
 * fire on every change. Its courses are given whole; pages hold `pageParts` parts.
 */

import type {
  AnswerCitation,
  AnsweringRow,
  ClaimableQuestion,
  ClaimedQuestion,
  QuestionBackend,
  QuestionFence,
} from "../../src/questions/backend.ts";
import type { Fenced, PreviousCourse, PreviousPart } from "../../src/runner/backend.ts";

export interface MemQuestion {
  questionId: string;
  courseId: string;
  /** The thread's first question, as questions.ask stores it. */
  threadId: string;
  question: string;
  status: "queued" | "answering" | "answered" | "failed" | "canceled";
  attempt: number;
  workerId?: string;
  answer: string;
  batches: { at: number; text: string }[];
  citations?: AnswerCitation[];
  writtenBy?: string;
  error?: { code: string; message: string; retryable: boolean };
}

export const MAX_BATCH = 2_000;

export class MemoryQuestions {
  questions = new Map<string, MemQuestion>();
  courses = new Map<string, { course: PreviousCourse; parts: PreviousPart[] }>();
  calls: string[] = [];
  pageParts = 1;
  private listeners = new Set<() => void>();
  private seq = 0;

  addCourse(course: PreviousCourse, parts: PreviousPart[]): void {
    this.courses.set(course.courseId, { course, parts });
  }

  /** `after`: a question of the thread this one follows up. */
  ask(courseId: string, question: string, after?: MemQuestion): MemQuestion {
    const questionId = `q${++this.seq}`;
    const q: MemQuestion = {
      questionId,
      courseId,
      threadId: after?.threadId ?? questionId,
      question,
      status: "queued",
      attempt: 0,
      answer: "",
      batches: [],
    };
    this.questions.set(q.questionId, q);
    this.changed();
    return q;
  }

  cancel(questionId: string): void {
    const q = this.questions.get(questionId);
    if (q && (q.status === "queued" || q.status === "answering")) q.status = "canceled";
    this.changed();
  }

  /** Resolves once `check` holds (checked after every change). */
  until(check: () => boolean): Promise<void> {
    return new Promise((resolve) => {
      const test = () => {
        if (!check()) return;
        this.listeners.delete(test);
        resolve();
      };
      this.listeners.add(test);
      test();
    });
  }

  backend(workerId: string): QuestionBackend {
    const fenced = <T>(fn: string, fence: QuestionFence, run: (q: MemQuestion) => T): Fenced<T> => {
      this.calls.push(fn);
      const q = this.questions.get(fence.questionId);
      if (!q) return { ok: false, reason: "question_not_found", message: "gone" };
      if (q.attempt !== fence.attempt)
        return { ok: false, reason: "stale_attempt", message: "stale" };
      if (q.status === "canceled") return { ok: false, reason: "canceled", message: "canceled" };
      if (q.status !== "answering" || q.workerId !== workerId)
        return { ok: false, reason: "not_answering", message: q.status };
      const out = run(q);
      this.changed();
      return { ok: true, ...out } as Fenced<T>;
    };
    return {
      watchClaimable: (onRows) =>
        this.watch(() =>
          onRows(
            [...this.questions.values()]
              .filter((q) => q.status === "queued")
              .map(
                (q): ClaimableQuestion => ({
                  questionId: q.questionId,
                  runAt: 0,
                  attempt: q.attempt,
                }),
              ),
          ),
        ),
      watchAnswering: (onRows) =>
        this.watch(() =>
          onRows(
            [...this.questions.values()]
              .filter((q) => q.status === "answering" && q.workerId === workerId)
              .map((q): AnsweringRow => ({ questionId: q.questionId, attempt: q.attempt })),
          ),
        ),
      claim: async (questionId, leaseMs) => {
        this.calls.push("claim");
        const q = this.questions.get(questionId);
        if (q?.status !== "queued") return null;
        const course = this.courses.get(q.courseId);
        if (!course) return null;
        q.status = "answering";
        q.attempt += 1;
        q.workerId = workerId;
        q.answer = "";
        this.changed();
        const claimed: ClaimedQuestion = {
          questionId,
          attempt: q.attempt,
          maxAttempts: 3,
          leaseExpiresAt: Date.now() + leaseMs,
          leaseMs,
          serverTime: Date.now(),
          question: q.question,
          course: {
            courseId: q.courseId,
            title: course.course.title,
            language: "en",
            commit: null,
          },
          repository: { url: "https://example.test/acme/widgets.git", name: "acme/widgets" },
          // The earlier questions of its thread, oldest first, as claimQuestion gives them.
          thread: [...this.questions.values()]
            .filter((o) => o.threadId === q.threadId && o.questionId !== questionId)
            .filter((o) => Number(o.questionId.slice(1)) < Number(questionId.slice(1)))
            .map((o) => ({ question: o.question, answer: o.answer, status: o.status })),
        };
        return claimed;
      },
      courseManifest: async (fence) =>
        fenced("courseManifest", fence, (q) => ({
          course: this.courses.get(q.courseId)?.course ?? null,
        })),
      courseParts: async (fence, { courseId, from }) =>
        fenced("courseParts", fence, (q) => {
          const c = this.courses.get(courseId);
          if (!c || courseId !== q.courseId) return { page: null };
          const parts = c.parts.slice(from, from + this.pageParts);
          const next = from + parts.length;
          return { page: { parts, next: next < c.parts.length ? next : null } };
        }),
      appendAnswer: async (fence, { at, text }) => {
        if (text.length > MAX_BATCH) throw new Error(`batch of ${text.length} characters`);
        return fenced("appendAnswer", fence, (q) => {
          if (at !== q.answer.length) throw new Error(`at ${at}, answer ${q.answer.length}`);
          q.answer += text;
          if (text) q.batches.push({ at, text });
          return { length: q.answer.length, leaseExpiresAt: Date.now() + 30_000 };
        });
      },
      finish: async (fence, args) =>
        fenced("finish", fence, (q) => {
          q.status = "answered";
          q.citations = args.citations;
          q.writtenBy = args.writtenBy;
          return {} as Record<string, never>;
        }),
      fail: async (fence, args) =>
        fenced("fail", fence, (q) => {
          q.error = args;
          q.status = args.retryable ? "queued" : "failed";
          return { status: q.status as "queued" | "failed" };
        }),
    };
  }

  private watch(push: () => void): () => void {
    push();
    this.listeners.add(push);
    return () => this.listeners.delete(push);
  }

  private changed(): void {
    for (const l of [...this.listeners]) l();
  }
}
