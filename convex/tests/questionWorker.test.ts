/**
 * Answering questions (issue 16), the worker's side: the queue, the one-winner claim and
 * what it hands over, streamed batches fenced by the lease, finish and fail, and the lease
 * expiring (reclaimable, then failed after the last attempt).
 */
import { afterEach, describe, expect, test, vi } from "vitest";
import { api, internal } from "../_generated/api";
import { COMMIT } from "./course.testkit.ts";
import { ALICE, errorData, SECRET, setup, type T } from "./harness.testkit.ts";
import { askedQuestion, claimQuestion, QUESTION, questionRow } from "./questions.testkit.ts";

afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllEnvs();
});

const claimable = (t: T) => t.query(api.questionWorker.claimableQuestions, { secret: SECRET });

describe("the queue and the claim", () => {
  test("worker functions need the worker secret and no user identity", async () => {
    const { t, alice } = setup();
    expect(
      await errorData(t.query(api.questionWorker.claimableQuestions, { secret: "wrong" })),
    ).toMatchObject({ code: "forbidden", message: expect.stringMatching(/WORKER_SECRET/) });
    expect(
      await errorData(alice.query(api.questionWorker.claimableQuestions, { secret: SECRET })),
    ).toMatchObject({ code: "forbidden" });
  });

  test("two claims of one question: one winner, one attempt counted", async () => {
    const { t, alice } = setup();
    const { questionId } = await askedQuestion(t, alice);
    const results = await Promise.all(
      ["w1", "w2"].map((workerId) =>
        t.mutation(api.questionWorker.claimQuestion, { secret: SECRET, questionId, workerId }),
      ),
    );
    expect(results.filter((r) => r !== null)).toHaveLength(1);
    const row = await questionRow(t, questionId);
    expect(row).toMatchObject({ status: "answering", attempt: 1 });
    expect(await claimable(t)).toEqual([]);
  });

  test("the claim hands over the course, its commit, the repository and the thread so far", async () => {
    const { t, alice } = setup();
    const { courseId, questionId } = await askedQuestion(t, alice);
    const first = await claimQuestion(t, questionId, "qw-1");
    await t.mutation(api.questionWorker.appendAnswer, {
      ...first.fence,
      at: 0,
      text: "In drain().",
    });
    await t.mutation(api.questionWorker.finishQuestion, {
      ...first.fence,
      citations: [],
      writtenBy: "model",
    });
    const followUp = await alice.mutation(api.questions.ask, {
      courseId,
      question: "Who calls it?",
      threadId: questionId,
    });
    const { claim } = await claimQuestion(t, followUp.questionId, "qw-2", 10_000);
    expect(claim).toMatchObject({
      questionId: followUp.questionId,
      attempt: 1,
      maxAttempts: 3,
      workerId: "qw-2",
      leaseMs: 10_000,
      question: "Who calls it?",
      course: { courseId, title: "Widgets", language: "en", commit: COMMIT },
      repository: { url: "https://github.com/acme/widgets.git", name: "acme/widgets" },
      owner: { tokenIdentifier: ALICE.tokenIdentifier },
      thread: [{ question: QUESTION, answer: "In drain().", status: "answered" }],
    });
    expect(claim.leaseExpiresAt - claim.serverTime).toBe(10_000);
  });

  test("a canceled question is not claimed; one not due yet says when it is", async () => {
    const { t, alice } = setup();
    const { courseId, questionId } = await askedQuestion(t, alice);
    await alice.mutation(api.questions.cancel, { questionId });
    const claim = { secret: SECRET, workerId: "w" };
    expect(await t.mutation(api.questionWorker.claimQuestion, { ...claim, questionId })).toBeNull();
    const later = await alice.mutation(api.questions.ask, { courseId, question: "Later?" });
    const runAt = Date.now() + 60_000;
    await t.run(async (ctx) => ctx.db.patch(later.questionId, { runAt }));
    expect(
      await t.mutation(api.questionWorker.claimQuestion, {
        ...claim,
        questionId: later.questionId,
      }),
    ).toEqual({ notDue: true, runAt, serverTime: expect.any(Number) });
    expect((await questionRow(t, later.questionId))?.attempt).toBe(0);
  });

  test("a question whose course is gone fails at the claim, saying so", async () => {
    const { t, alice } = setup();
    const { courseId, questionId } = await askedQuestion(t, alice);
    await t.run(async (ctx) => ctx.db.delete(courseId));
    expect(
      await t.mutation(api.questionWorker.claimQuestion, {
        secret: SECRET,
        questionId,
        workerId: "w",
      }),
    ).toBeNull();
    expect(await questionRow(t, questionId)).toMatchObject({
      status: "failed",
      error: { code: "course_not_found" },
    });
  });
});

describe("streaming the answer", () => {
  test("each batch grows the answer the asker reads; a batch sent twice is applied once", async () => {
    const { t, alice } = setup();
    const { questionId } = await askedQuestion(t, alice);
    const { fence } = await claimQuestion(t, questionId);
    const append = (at: number, text: string) =>
      t.mutation(api.questionWorker.appendAnswer, { ...fence, at, text });

    expect(await append(0, "The queue ")).toMatchObject({ ok: true, length: 10 });
    expect((await alice.query(api.questions.get, { questionId })).answer).toBe("The queue ");
    expect(await append(10, "drains in drain().")).toMatchObject({ ok: true, length: 28 });
    expect(await append(10, "drains in drain().")).toMatchObject({ ok: true, length: 28 });
    expect((await alice.query(api.questions.get, { questionId })).answer).toBe(
      "The queue drains in drain().",
    );
    // A gap or an overlap that is not a resend is refused, and names where to resume.
    const gap = await errorData(append(5, "???"));
    expect(gap).toMatchObject({ code: "conflict" });
    expect(gap.message).toMatch(/from character 28/);
    expect((await questionRow(t, questionId))?.answer).toBe("The queue drains in drain().");
  });

  test("batches and the whole answer are bounded", async () => {
    const { t, alice } = setup();
    const { questionId } = await askedQuestion(t, alice);
    const { fence } = await claimQuestion(t, questionId);
    const append = (at: number, text: string) =>
      t.mutation(api.questionWorker.appendAnswer, { ...fence, at, text });
    expect(await errorData(append(0, "x".repeat(2_001)))).toMatchObject({
      code: "invalid_argument",
      message: expect.stringMatching(/at most 2000 characters/),
    });
    for (let at = 0; at < 20_000; at += 2_000) await append(at, "y".repeat(2_000));
    expect(await errorData(append(20_000, "z"))).toMatchObject({
      code: "invalid_argument",
      message: expect.stringMatching(/at most 20000 characters/),
    });
    expect((await questionRow(t, questionId))?.answer).toHaveLength(20_000);
  });

  test("each batch renews the lease; an empty one only renews it", async () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    const { t, alice } = setup();
    const { questionId } = await askedQuestion(t, alice);
    const { claim, fence } = await claimQuestion(t, questionId, "qw-1", 5_000);
    vi.advanceTimersByTime(4_000);
    const renewed = await t.mutation(api.questionWorker.appendAnswer, {
      ...fence,
      at: 0,
      text: "",
    });
    if (!renewed.ok) throw new Error(renewed.message);
    // About 4 s later than the claim's (a transaction's clock may differ by a millisecond).
    expect(renewed.leaseExpiresAt - claim.leaseExpiresAt).toBeGreaterThan(3_900);
    expect((await questionRow(t, questionId))?.leaseExpiresAt).toBe(renewed.leaseExpiresAt);
    vi.advanceTimersByTime(4_000);
    // Past the claim's lease, still inside the renewed one.
    expect(
      await t.mutation(api.questionWorker.appendAnswer, { ...fence, at: 0, text: "Still here." }),
    ).toMatchObject({ ok: true, length: 11 });
  });

  test("fenced: a lapsed lease, another worker or an older attempt is refused", async () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    const { t, alice } = setup();
    const { questionId } = await askedQuestion(t, alice);
    const first = await claimQuestion(t, questionId, "qw-1", 5_000);
    const append = (fence: typeof first.fence, text: string) =>
      t.mutation(api.questionWorker.appendAnswer, { ...fence, at: 0, text });

    expect(await append({ ...first.fence, workerId: "qw-x" }, "mine")).toMatchObject({
      ok: false,
      reason: "lease_lost",
    });
    vi.advanceTimersByTime(5_001);
    expect(await append(first.fence, "late")).toMatchObject({
      ok: false,
      reason: "lease_expired",
    });
    expect(await t.mutation(internal.questionLeases.expire, { questionId, attempt: 1 })).toBe(
      "queued",
    );
    const second = await claimQuestion(t, questionId, "qw-2", 5_000);
    expect(second.claim.attempt).toBe(2);
    const stale = await append(first.fence, "late");
    expect(stale).toMatchObject({ ok: false, reason: "stale_attempt" });
    expect(await append(second.fence, "Fresh.")).toMatchObject({ ok: true, length: 6 });
    expect((await questionRow(t, questionId))?.answer).toBe("Fresh.");
  });

  test("a cancel stops the worker: its next batch is refused and it leaves the watch list", async () => {
    const { t, alice } = setup();
    const { questionId } = await askedQuestion(t, alice);
    const { fence } = await claimQuestion(t, questionId, "qw-1");
    const watch = () =>
      t.query(api.questionWorker.answeringQuestions, { secret: SECRET, workerId: "qw-1" });
    expect((await watch()).map((q) => q.questionId)).toEqual([questionId]);
    await t.mutation(api.questionWorker.appendAnswer, { ...fence, at: 0, text: "Part" });
    await alice.mutation(api.questions.cancel, { questionId });
    expect(await watch()).toEqual([]);
    const refused = await t.mutation(api.questionWorker.appendAnswer, {
      ...fence,
      at: 4,
      text: " two",
    });
    expect(refused).toMatchObject({ ok: false, reason: "canceled" });
    expect(
      await t.mutation(api.questionWorker.finishQuestion, {
        ...fence,
        citations: [],
        writtenBy: "model",
      }),
    ).toMatchObject({ ok: false, reason: "canceled" });
    expect(await questionRow(t, questionId)).toMatchObject({ status: "canceled", answer: "Part" });
  });
});

describe("finish and fail", () => {
  test("finish validates its citations and writes nothing when one is wrong", async () => {
    const { t, alice } = setup();
    const { questionId } = await askedQuestion(t, alice);
    const { fence } = await claimQuestion(t, questionId);
    await t.mutation(api.questionWorker.appendAnswer, { ...fence, at: 0, text: "See the code." });
    const finish = (citations: { path: string; start: number; end: number }[]) =>
      t.mutation(api.questionWorker.finishQuestion, { ...fence, citations, writtenBy: "model" });
    const bad = [
      [{ path: "../etc/passwd", start: 1, end: 2 }],
      [{ path: "/abs/file.ts", start: 1, end: 2 }],
      [{ path: "src/./a.ts", start: 1, end: 2 }],
      [{ path: "src\\a.ts", start: 1, end: 2 }],
      [{ path: "", start: 1, end: 2 }],
      [{ path: "src/a.ts", start: 0, end: 2 }],
      [{ path: "src/a.ts", start: 5, end: 4 }],
      [{ path: "src/a.ts", start: 1.5, end: 4 }],
      Array.from({ length: 51 }, (_, i) => ({ path: "src/a.ts", start: i + 1, end: i + 1 })),
    ];
    for (const citations of bad) {
      const error = await errorData(finish(citations));
      expect(error.code, JSON.stringify(citations[0])).toBe("invalid_argument");
    }
    expect((await questionRow(t, questionId))?.status).toBe("answering");

    const good = [{ path: "src/queue.ts", start: 10, end: 24 }];
    expect(await finish(good)).toEqual({ ok: true });
    const got = await alice.query(api.questions.get, { questionId });
    expect(got).toMatchObject({
      status: "answered",
      answer: "See the code.",
      citations: good,
      writtenBy: "model",
    });
    expect(got.finishedAt).toBeGreaterThan(0);
    // Answered: the lease is gone, later writes are refused.
    expect(
      await t.mutation(api.questionWorker.appendAnswer, { ...fence, at: 13, text: "!" }),
    ).toMatchObject({ ok: false, reason: "not_answering" });
    const row = await questionRow(t, questionId);
    expect(row?.workerId).toBeUndefined();
    expect(row?.leaseExpiresAt).toBeUndefined();
  });

  test("an offline answer is labelled as written by retrieval; an empty answer cannot finish", async () => {
    const { t, alice } = setup();
    const { questionId } = await askedQuestion(t, alice);
    const { fence } = await claimQuestion(t, questionId);
    const finish = () =>
      t.mutation(api.questionWorker.finishQuestion, {
        ...fence,
        citations: [{ path: "README.md", start: 1, end: 3 }],
        writtenBy: "retrieval",
      });
    expect(await errorData(finish())).toMatchObject({
      code: "invalid_argument",
      message: expect.stringMatching(/append it before finishing/),
    });
    await t.mutation(api.questionWorker.appendAnswer, { ...fence, at: 0, text: "> passage" });
    await finish();
    expect(await alice.query(api.questions.get, { questionId })).toMatchObject({
      status: "answered",
      writtenBy: "retrieval",
    });
  });

  test("a retryable failure queues it again with a backoff and an empty answer; otherwise it fails", async () => {
    const { t, alice } = setup();
    const { courseId, questionId } = await askedQuestion(t, alice);
    const { fence } = await claimQuestion(t, questionId);
    await t.mutation(api.questionWorker.appendAnswer, { ...fence, at: 0, text: "Half" });
    const before = Date.now();
    const retried = await t.mutation(api.questionWorker.failQuestion, {
      ...fence,
      code: "model_overloaded",
      message: "The model was overloaded.",
      retryable: true,
      usage: { inputTokens: 10, outputTokens: 2, costUsd: 0.5 },
    });
    expect(retried).toMatchObject({ ok: true, status: "queued" });
    const runAt = retried.ok ? (retried.runAt ?? 0) : 0;
    expect(runAt).toBeGreaterThan(before);
    expect(await questionRow(t, questionId)).toMatchObject({
      status: "queued",
      answer: "",
      error: { code: "model_overloaded" },
    });
    // What the failed attempt cost counts anyway.
    const mine = await alice.query(api.quota.mine, {});
    expect(mine.lines.find((l) => l.kind === "spendPerDay")?.used).toBe(0.5);

    const other = await alice.mutation(api.questions.ask, { courseId, question: "Other?" });
    const o = await claimQuestion(t, other.questionId);
    const fail = (code: string, retryable: boolean) =>
      t.mutation(api.questionWorker.failQuestion, {
        ...o.fence,
        code,
        message: "The course's commit is gone from the repository. Refresh the course.",
        retryable,
      });
    expect(await errorData(fail("Bad Code", false))).toMatchObject({ code: "invalid_argument" });
    expect(await fail("commit_not_found", false)).toEqual({ ok: true, status: "failed" });
    expect(await alice.query(api.questions.get, { questionId: other.questionId })).toMatchObject({
      status: "failed",
      error: {
        code: "commit_not_found",
        message: "The course's commit is gone from the repository. Refresh the course.",
      },
    });
  });

  test("a retryable failure of the last attempt fails, saying how often it was tried", async () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    const { t, alice } = setup();
    const { questionId } = await askedQuestion(t, alice);
    for (let attempt = 1; attempt <= 3; attempt++) {
      vi.setSystemTime(Math.max(Date.now(), (await questionRow(t, questionId))?.runAt ?? 0));
      const { fence } = await claimQuestion(t, questionId, "qw-1");
      const result = await t.mutation(api.questionWorker.failQuestion, {
        ...fence,
        code: "model_overloaded",
        message: "The model was overloaded.",
        retryable: true,
      });
      expect(result).toMatchObject({ ok: true, status: attempt < 3 ? "queued" : "failed" });
    }
    const got = await alice.query(api.questions.get, { questionId });
    expect(got.error?.message).toBe(
      "The model was overloaded. It was tried 3 times; ask again later.",
    );
  });
});

describe("lease expiry", () => {
  test("the claim's timer puts a lapsed question back in the queue, then fails it after the last attempt", async () => {
    vi.useFakeTimers();
    const { t, alice } = setup();
    const { questionId } = await askedQuestion(t, alice);
    for (let attempt = 1; attempt <= 3; attempt++) {
      const { claim } = await claimQuestion(t, questionId, `qw-${attempt}`, 5_000);
      expect(claim.attempt).toBe(attempt);
      await t.finishAllScheduledFunctions(vi.runAllTimers);
      if (attempt < 3) {
        expect(await questionRow(t, questionId)).toMatchObject({
          status: "queued",
          attempt,
          error: { code: "lease_expired" },
        });
        expect((await claimable(t)).map((q) => q.questionId)).toEqual([questionId]);
      }
    }
    const got = await alice.query(api.questions.get, { questionId });
    expect(got).toMatchObject({ status: "failed", attempt: 3, error: { code: "lease_expired" } });
    expect(got.error?.message).toMatch(/tried 3 times; ask again later/);
    expect(await claimable(t)).toEqual([]);
  });

  test("a renewed lease outlives the claim's timer, which re-arms at the new end", async () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    const { t, alice } = setup();
    const { questionId } = await askedQuestion(t, alice);
    const { fence } = await claimQuestion(t, questionId, "qw-1", 5_000);
    vi.advanceTimersByTime(4_000);
    await t.mutation(api.questionWorker.appendAnswer, { ...fence, at: 0, text: "Going." });
    vi.advanceTimersByTime(1_500);
    expect(await t.mutation(internal.questionLeases.expire, { questionId, attempt: 1 })).toBe(
      "renewed",
    );
    expect((await questionRow(t, questionId))?.status).toBe("answering");
    // A timer of another attempt, or of a finished question, does nothing.
    expect(await t.mutation(internal.questionLeases.expire, { questionId, attempt: 2 })).toBeNull();
  });

  test("the sweep expires lapsed leases the timers missed, and nothing else", async () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    const { t, alice } = setup();
    vi.stubEnv("FONDATION_MAX_OPEN_QUESTIONS_PER_USER", "unlimited");
    const { courseId, questionId: lapsed } = await askedQuestion(t, alice);
    const live = await alice.mutation(api.questions.ask, { courseId, question: "Live?" });
    await claimQuestion(t, lapsed, "qw-1", 5_000);
    await claimQuestion(t, live.questionId, "qw-2", 60_000);
    vi.advanceTimersByTime(6_000);
    expect(await t.mutation(internal.questionLeases.sweep, {})).toBe(1);
    expect((await questionRow(t, lapsed))?.status).toBe("queued");
    expect((await questionRow(t, live.questionId))?.status).toBe("answering");
    expect(await t.mutation(internal.questionLeases.sweep, {})).toBe(0);
  });
});
