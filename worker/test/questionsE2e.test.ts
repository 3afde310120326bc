/**
 * Questions end to end on the local backend: a course published by the worker (fake CLI,
 * `happy`), a question asked through `questions.ask` as the signed-in user, answered offline
 * by the worker's question slot from the course's stored files (citations that exist in the
 * repository, written by "retrieval"); then, with a slow model stand-in, a question canceled
 * while its answer streams stops at once. Every wait is on a subscribed state or a log line.
 */
import { makeFunctionReference } from "convex/server";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import {
  requestText,
  type Standin,
  startAnthropicStandin,
} from "../../cli/test/support/anthropic-standin.ts";
import { type E2E, fns, startE2E } from "./support/e2e.ts";

// biome-ignore lint/suspicious/noExplicitAny: test references are untyped on purpose.
type Any = any;
const q = {
  ask: makeFunctionReference<"mutation", Any, Any>("questions:ask"),
  get: makeFunctionReference<"query", Any, Any>("questions:get"),
  cancel: makeFunctionReference<"mutation", Any, Any>("questions:cancel"),
};

interface QuestionView {
  status: string;
  answer: string;
  citations?: { path: string; start: number; end: number }[];
  writtenBy?: string;
  error?: { code: string; message: string };
}

const INDEX_TS = [
  "/** Drains the queue: hands every item to the handler. */",
  "export function drain(items: string[], handler: (item: string) => void) {",
  "  for (const item of items.splice(0)) handler(item);",
  "}",
  "",
].join("\n");

let e2e: E2E;
let standin: Standin;

beforeAll(async () => {
  e2e = await startE2E();
  e2e.git.createRepo("queue", { "src/index.ts": INDEX_TS, "README.md": "# Queue\n" });
  standin = await startAnthropicStandin({
    latency: { firstTokenMs: 50, perOutputTokenMs: 20 },
    script: (request) => ({
      type: "text",
      text: `${"`drain` hands each item to the handler (`src/index.ts:2-4`). ".repeat(
        requestText(request.body).includes("slowly") ? 200 : 1,
      )}`,
    }),
  });
}, 60_000);

// A test that fails before its clean-up must not leave its worker taking the next ones' jobs.
afterEach(() => e2e?.killWorkers());

afterAll(async () => {
  await standin?.close();
  await e2e?.close();
});

/** Resolves with the question once `check` holds, from the user's subscription. */
function waitQuestion(questionId: string, check: (view: QuestionView) => boolean) {
  return new Promise<QuestionView>((resolve, reject) => {
    const off = e2e.user.onUpdate(
      q.get,
      { questionId },
      (view: QuestionView) => {
        if (!check(view)) return;
        off();
        resolve(view);
      },
      reject,
    );
  });
}

describe("questions end to end", () => {
  let courseId: string;

  it("a question on a published course is answered offline, citing real lines", async () => {
    const worker = e2e.startWorker({ id: "ask-offline", cliPath: e2e.fakeCli("happy") });
    const jobId = await e2e.request(e2e.git.url("queue"));
    const job = await e2e.waitJob(jobId, (j) => ["succeeded", "failed"].includes(j.status), 60_000);
    expect(job.status).toBe("succeeded");
    courseId = job.courseId as string;
    const course = await e2e.user.query(fns.course, { courseId });
    expect(JSON.stringify(course.lessons)).toContain("src/index.ts");

    const { questionId } = await e2e.user.mutation(q.ask, {
      courseId,
      question: "Where is the queue drained?",
    });
    const done = await waitQuestion(questionId, (v) => ["answered", "failed"].includes(v.status));
    expect(done.error).toBeUndefined();
    expect(done.status).toBe("answered");
    expect(done.writtenBy).toBe("retrieval");
    expect(done.answer).toContain("drain");
    expect(done.citations?.length).toBeGreaterThan(0);
    const lines = INDEX_TS.split("\n");
    for (const c of done.citations ?? []) {
      expect(c.path).toBe("src/index.ts");
      expect(c.start).toBeGreaterThanOrEqual(1);
      expect(c.end).toBeLessThanOrEqual(lines.length - 1);
    }
    const line = await worker.waitLog((l) => l.msg === "question answered");
    expect(line.writtenBy).toBe("offline");
    worker.child.kill("SIGTERM");
    expect(await worker.exited).toBe(0);
  }, 120_000);

  it("a question canceled while its answer streams stops at once", async () => {
    const worker = e2e.startWorker({
      id: "ask-model",
      cliPath: e2e.fakeCli("happy"),
      env: { ANTHROPIC_API_KEY: "e2e-key", ANTHROPIC_BASE_URL: standin.url },
    });
    const { questionId } = await e2e.user.mutation(q.ask, {
      courseId,
      question: "Explain slowly where the queue is drained.",
    });
    const streaming = await waitQuestion(questionId, (v) => v.answer.length > 0);
    expect(streaming.status).toBe("answering");
    await e2e.user.mutation(q.cancel, { questionId });
    const stopped = await worker.waitLog((l) => l.msg === "question stopped", 10_000);
    expect(stopped.questionId).toBe(questionId);
    const after = await e2e.user.query(q.get, { questionId });
    expect(after.status).toBe("canceled");
    // Stopped long before the 200-sentence answer was written.
    expect(after.answer.length).toBeLessThan(200 * 60);
    expect(worker.logs.some((l) => l.msg === "question answered")).toBe(false);
    worker.child.kill("SIGTERM");
    expect(await worker.exited).toBe(0);
  }, 120_000);
});
