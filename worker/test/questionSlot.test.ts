/**
 * The question slot with the in-memory backend: an offline answer (cited, from the cached
 * course folder, written once per course), a model answer streamed in batches and stopped at
 * once by a cancel, a model failure reported as retryable, a follow-up sent with its thread,
 * and the cache's bound.
 */
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import {
  errorReply,
  requestText,
  type Standin,
  startAnthropicStandin,
} from "../../cli/test/support/anthropic-standin.ts";
import { createLogger } from "../src/logger.ts";
import { CourseCache } from "../src/questions/courseCache.ts";
import { QuestionSlot } from "../src/questions/slot.ts";
import { MAX_BATCH, MemoryQuestions } from "./support/memoryQuestions.ts";
import { QUEUE_TS, questionCourse } from "./support/questionCourse.ts";

let tmp: string;
let standin: Standin;
const slots: QuestionSlot[] = [];

beforeAll(async () => {
  tmp = mkdtempSync(join(tmpdir(), "question-slot-"));
  standin = await startAnthropicStandin({
    apiKey: "test-key",
    latency: { firstTokenMs: 20, perOutputTokenMs: 3 },
    // A long answer (to cancel midway) unless the question asks for a brief one.
    script: (request) => ({
      type: "text",
      text: "The queue is drained by `drain` in `src/queue.ts:4-6`. ".repeat(
        requestText(request.body).includes("briefly") ? 1 : 40,
      ),
    }),
  });
});

afterEach(async () => {
  for (const slot of slots.splice(0)) await slot.shutdown(0);
});

afterAll(async () => {
  await standin.close();
  rmSync(tmp, { recursive: true, force: true });
});

async function startSlot(
  mem: MemoryQuestions,
  options: { apiKey?: string; cache?: CourseCache } = {},
) {
  const slot = new QuestionSlot({
    backend: mem.backend("w1"),
    cache: options.cache ?? new CourseCache(mkdtempSync(join(tmp, "cache-")), 5),
    logger: await createLogger({ level: "silent" }),
    redact: (s) => s,
    apiKey: options.apiKey,
    baseURL: options.apiKey ? standin.url : undefined,
    maxCourseBytes: 10 * 1024 ** 2,
    slots: 2,
    leaseMs: 30_000,
  });
  slots.push(slot);
  slot.start();
  return slot;
}

function memWithCourse(courseId = "course1") {
  const mem = new MemoryQuestions();
  const { course, parts } = questionCourse(courseId);
  mem.addCourse(course, parts);
  return mem;
}

describe("the question slot", () => {
  it("answers offline with citations of the stored files, writing the course once", async () => {
    const mem = memWithCourse();
    await startSlot(mem);
    const a = mem.ask("course1", "Where is the queue drained?");
    const b = mem.ask("course1", "What does drain hand items to?");
    await mem.until(() => [a, b].every((q) => q.status === "answered"));
    expect(a.writtenBy).toBe("retrieval");
    expect(a.answer).toMatch(/drain/);
    expect(a.citations?.length).toBeGreaterThan(0);
    const lines = QUEUE_TS.split("\n").length - 1;
    for (const c of a.citations ?? []) {
      expect(c.path).toBe("src/queue.ts");
      expect(c.start).toBeGreaterThanOrEqual(1);
      expect(c.end).toBeLessThanOrEqual(lines);
    }
    expect(mem.calls.filter((c) => c === "courseManifest")).toHaveLength(1);
    for (const q of [a, b]) {
      expect(q.batches.every((batch) => batch.text.length <= MAX_BATCH)).toBe(true);
    }
  });

  it("streams a model's answer in batches and stops at once on cancel", async () => {
    const mem = memWithCourse();
    const slot = await startSlot(mem, { apiKey: "test-key" });
    const q = mem.ask("course1", "Where is the queue drained?");
    await mem.until(() => q.batches.length >= 2);
    mem.cancel(q.questionId);
    const appendsAtCancel = mem.calls.filter((c) => c === "appendAnswer").length;
    await slot.idle();
    expect(slot.ended).toEqual({ answered: 0, failed: 0, stopped: 1 });
    expect(q.status).toBe("canceled");
    // At most the batch already in flight is tried after the cancel, and nothing finishes.
    expect(mem.calls.filter((c) => c === "appendAnswer").length).toBeLessThanOrEqual(
      appendsAtCancel + 1,
    );
    expect(mem.calls).not.toContain("finish");
    expect(q.batches[0]?.at).toBe(0);
    expect(q.answer.length).toBeLessThan(40 * 55);
  });

  it("a model answer ends answered, written by the model; a refused request fails, not retryable", async () => {
    const mem = memWithCourse();
    await startSlot(mem, { apiKey: "test-key" });
    const q = mem.ask("course1", "Briefly: where is the queue drained?");
    await mem.until(() => q.status === "answered");
    expect(q.writtenBy).toBe("model");
    expect(q.citations).toEqual([{ path: "src/queue.ts", start: 4, end: 6 }]);

    for (let i = 0; i < 10; i++) standin.enqueue(errorReply(400, "refused by the test"));
    const bad = mem.ask("course1", "Where is the queue drained?");
    await mem.until(() => bad.error !== undefined);
    expect(bad.error).toMatchObject({ retryable: false });
  });

  it("answers a follow-up with its thread's answered exchanges as earlier turns", async () => {
    standin.reset(); // The replies the test before queued and left.
    const mem = memWithCourse();
    await startSlot(mem, { apiKey: "test-key" });
    const first = mem.ask("course1", "Briefly: where is the queue drained?");
    await mem.until(() => first.status === "answered");
    // Failed before any worker claimed it (set at once, before the slot's claim runs).
    const failed = mem.ask("course1", "Briefly: did it fail?", first);
    failed.status = "failed";
    failed.answer = "Half an answer";
    const other = mem.ask("course1", "Briefly: another thread?");
    await mem.until(() => other.status === "answered");

    const next = mem.ask("course1", "Briefly: and who calls it?", first);
    await mem.until(() => next.status === "answered");
    const request = standin.requests.find((r) => JSON.stringify(r.body).includes("who calls it"));
    const messages = request?.body.messages ?? [];
    expect(messages.map((m) => m.role)).toEqual(["user", "assistant", "user"]);
    expect(JSON.stringify(messages[0]?.content)).toContain(first.question);
    expect(JSON.stringify(messages[1]?.content)).toContain(first.answer.trim().slice(0, 40));
    const prompt = JSON.stringify(messages);
    expect(prompt).not.toContain("did it fail");
    expect(prompt).not.toContain("another thread");
  });
});

describe("the course cache", () => {
  it("keeps at most its cap of courses, removing the least recently used", async () => {
    const dir = mkdtempSync(join(tmp, "cap-"));
    const cache = new CourseCache(dir, 1);
    const mem = new MemoryQuestions();
    for (const id of ["c1", "c2"]) {
      const { course, parts } = questionCourse(id);
      mem.addCourse(course, parts);
    }
    await startSlot(mem, { cache });
    const a = mem.ask("c1", "Where is the queue drained?");
    await mem.until(() => a.status === "answered");
    expect(existsSync(join(dir, "c1"))).toBe(true);
    const b = mem.ask("c2", "Where is the queue drained?");
    await mem.until(() => b.status === "answered");
    expect(existsSync(join(dir, "c2", "sources", "src", "queue.ts"))).toBe(true);
    expect(existsSync(join(dir, "c1"))).toBe(false);
    expect(cache.ids()).toEqual(["c2"]);
  });
});
