/**
 * Asking a course (issue 16), the asker's side: what may be asked and by whom, threads,
 * history, cancel, and the fair-use limits. The worker's side is in questionWorker.test.ts.
 */
import { afterEach, describe, expect, test, vi } from "vitest";
import { api } from "../_generated/api";
import { publishedCourse, shareCourse } from "./course.testkit.ts";
import { BOB, errorData, SECRET, setup } from "./harness.testkit.ts";
import { askedQuestion, claimQuestion, QUESTION, questionRow } from "./questions.testkit.ts";

afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllEnvs();
});

describe("ask", () => {
  test("queues a trimmed question, its own thread, claimable by a worker", async () => {
    const { t, alice } = setup();
    const { courseId } = await publishedCourse(t, alice);
    const { questionId, threadId } = await alice.mutation(api.questions.ask, {
      courseId,
      question: `  ${QUESTION}\n`,
    });
    expect(threadId).toBe(questionId);
    const got = await alice.query(api.questions.get, { questionId });
    expect(got).toMatchObject({
      _id: questionId,
      threadId: questionId,
      courseId,
      question: QUESTION,
      status: "queued",
      attempt: 0,
      answer: "",
      citations: [],
    });
    expect(got).not.toHaveProperty("workerId");
    expect(got).not.toHaveProperty("askerId");
    const head = await t.query(api.questionWorker.claimableQuestions, { secret: SECRET });
    expect(head.map((h) => h.questionId)).toEqual([questionId]);
  });

  test("an empty or too long question is refused and writes nothing; 2,000 characters pass", async () => {
    const { t, alice } = setup();
    const { courseId } = await publishedCourse(t, alice);
    expect(
      await errorData(alice.mutation(api.questions.ask, { courseId, question: "  \n\t " })),
    ).toMatchObject({
      code: "invalid_argument",
      reason: "question_empty",
      message: expect.stringMatching(/empty/),
    });
    const long = await errorData(
      alice.mutation(api.questions.ask, { courseId, question: "x".repeat(2_001) }),
    );
    expect(long).toMatchObject({
      code: "invalid_argument",
      reason: "question_too_long",
      length: 2_001,
      max: 2_000,
    });
    expect(long.message).toMatch(/2001 characters; the most is 2000/);
    const rows = await t.run(async (ctx) => (await ctx.db.query("questions").collect()).length);
    expect(rows).toBe(0);
    await expect(
      alice.mutation(api.questions.ask, { courseId, question: ` ${"x".repeat(2_000)} ` }),
    ).resolves.toBeTruthy();
  });

  test("a signed-out caller is refused", async () => {
    const { t, alice } = setup();
    const { courseId } = await publishedCourse(t, alice);
    expect(
      await errorData(t.mutation(api.questions.ask, { courseId, question: QUESTION })),
    ).toMatchObject({ code: "unauthenticated" });
    const shareKey = await shareCourse(t, courseId);
    await alice.mutation(api.courses.setAllowQuestions, { courseId, allow: true });
    // The link lets a visitor read, not ask: asking needs an account (the answer costs).
    expect(
      await errorData(
        t.mutation(api.questions.ask, { courseId, question: QUESTION, share: shareKey }),
      ),
    ).toMatchObject({ code: "unauthenticated" });
    expect(await t.query(api.questions.canAsk, { courseId, share: shareKey })).toEqual({
      canAsk: false,
      reason: "sign_in",
    });
  });

  test("another user's course is refused as not found", async () => {
    const { t, alice, bob } = setup();
    const { courseId } = await publishedCourse(t, alice);
    expect(
      await errorData(bob.mutation(api.questions.ask, { courseId, question: QUESTION })),
    ).toMatchObject({ code: "not_found" });
  });

  test("a shared course: readers may ask only while the owner allows questions", async () => {
    const { t, alice, bob } = setup();
    const { courseId } = await publishedCourse(t, alice);
    const share = await shareCourse(t, courseId);
    const bobAsks = () => bob.mutation(api.questions.ask, { courseId, question: QUESTION, share });

    const refused = await errorData(bobAsks());
    expect(refused).toMatchObject({ code: "forbidden", reason: "questions_not_allowed" });
    expect(refused.message).toMatch(/allow questions in the course's sharing settings/);
    expect(await bob.query(api.questions.canAsk, { courseId, share })).toEqual({
      canAsk: false,
      reason: "not_allowed",
    });

    // Only the owner turns it on.
    expect(
      await errorData(bob.mutation(api.courses.setAllowQuestions, { courseId, allow: true })),
    ).toMatchObject({ code: "not_found" });
    expect(await alice.mutation(api.courses.setAllowQuestions, { courseId, allow: true })).toEqual({
      allowQuestions: true,
    });
    expect(await alice.query(api.courses.sharing, { courseId })).toEqual({
      shareKey: share,
      allowQuestions: true,
    });
    expect(await bob.query(api.questions.canAsk, { courseId, share })).toEqual({
      canAsk: true,
      reason: null,
    });
    const { questionId } = await bobAsks();
    // The question is Bob's: Alice, the course's owner, does not read it.
    expect((await bob.query(api.questions.get, { questionId })).question).toBe(QUESTION);
    expect(await errorData(alice.query(api.questions.get, { questionId }))).toMatchObject({
      code: "not_found",
    });
    // Without the link's key, or once questions are off again, Bob is refused.
    expect(
      await errorData(bob.mutation(api.questions.ask, { courseId, question: QUESTION })),
    ).toMatchObject({ code: "not_found" });
    await alice.mutation(api.courses.setAllowQuestions, { courseId, allow: false });
    expect(await errorData(bobAsks())).toMatchObject({ code: "forbidden" });
  });
});

describe("threads and history", () => {
  // More questions than may wait at once: the open limit is tested under "fair use".
  const lift = () => vi.stubEnv("FONDATION_MAX_OPEN_QUESTIONS_PER_USER", "unlimited");

  test("follow-ups stay in the first question's thread, in order", async () => {
    const { t, alice } = setup();
    lift();
    const { courseId, questionId: first } = await askedQuestion(t, alice);
    const second = await alice.mutation(api.questions.ask, {
      courseId,
      question: "And who fills it?",
      threadId: first,
    });
    expect(second.threadId).toBe(first);
    // Following up on a follow-up stays in the same thread.
    const third = await alice.mutation(api.questions.ask, {
      courseId,
      question: "How often?",
      threadId: second.questionId,
    });
    expect(third.threadId).toBe(first);
    const thread = await alice.query(api.questions.thread, { threadId: third.questionId });
    expect(thread.map((q) => q.question)).toEqual([QUESTION, "And who fills it?", "How often?"]);
    expect(new Set(thread.map((q) => q.threadId))).toEqual(new Set([first]));
    // A new question (no threadId) starts a thread of its own.
    const other = await alice.mutation(api.questions.ask, { courseId, question: "Other?" });
    expect(other.threadId).toBe(other.questionId);
  });

  test("a full thread refuses a follow-up, saying so with its size", async () => {
    const { t, alice } = setup();
    const { courseId, questionId } = await askedQuestion(t, alice);
    // The thread's other 49 questions, answered, written straight in (the limits are not the point).
    await t.run(async (ctx) => {
      const root = await ctx.db.get(questionId);
      if (!root) throw new Error("no root question");
      const { _id, _creationTime, ...fields } = root;
      for (let i = 0; i < 49; i++) {
        await ctx.db.insert("questions", { ...fields, threadId: questionId, status: "answered" });
      }
    });
    const refused = await errorData(
      alice.mutation(api.questions.ask, { courseId, question: "One more?", threadId: questionId }),
    );
    expect(refused).toMatchObject({ code: "invalid_argument", reason: "thread_full", max: 50 });
    expect(refused.message).toMatch(/Start a new question/);
  });

  test("a follow-up must be the asker's own thread, on the same course", async () => {
    const { t, alice, bob } = setup();
    const { courseId, questionId } = await askedQuestion(t, alice);
    const share = await shareCourse(t, courseId);
    await alice.mutation(api.courses.setAllowQuestions, { courseId, allow: true });
    expect(
      await errorData(
        bob.mutation(api.questions.ask, {
          courseId,
          question: "Mine too?",
          threadId: questionId,
          share,
        }),
      ),
    ).toMatchObject({ code: "not_found" });
    expect(
      await errorData(bob.query(api.questions.thread, { threadId: questionId })),
    ).toMatchObject({ code: "not_found" });
    // Alice's second course: a thread of the first is refused there.
    const second = await publishedCourse(t, alice, "worker-2");
    const refused = await errorData(
      alice.mutation(api.questions.ask, {
        courseId: second.courseId,
        question: "Here?",
        threadId: questionId,
      }),
    );
    expect(refused).toMatchObject({ code: "invalid_argument", reason: "thread_other_course" });
    expect(refused.message).toMatch(/another course/);
  });

  test("listForCourse: the caller's own questions on that course, newest first", async () => {
    const { t, alice, bob } = setup();
    lift();
    const { courseId } = await publishedCourse(t, alice);
    const share = await shareCourse(t, courseId);
    await alice.mutation(api.courses.setAllowQuestions, { courseId, allow: true });
    for (const question of ["one?", "two?", "three?"]) {
      await alice.mutation(api.questions.ask, { courseId, question });
    }
    await bob.mutation(api.questions.ask, { courseId, question: "bob's?", share });
    const other = await publishedCourse(t, alice, "worker-2");
    await alice.mutation(api.questions.ask, { courseId: other.courseId, question: "elsewhere?" });

    const mine = await alice.query(api.questions.listForCourse, { courseId });
    expect(mine.map((q) => q.question)).toEqual(["three?", "two?", "one?"]);
    const page = await alice.query(api.questions.listForCourse, { courseId, limit: 2 });
    expect(page.map((q) => q.question)).toEqual(["three?", "two?"]);
    const bobs = await bob.query(api.questions.listForCourse, { courseId });
    expect(bobs.map((q) => q.question)).toEqual(["bob's?"]);
  });
});

describe("cancel", () => {
  test("a queued question is canceled and leaves the queue; twice is a conflict", async () => {
    const { t, alice, bob } = setup();
    const { questionId } = await askedQuestion(t, alice);
    expect(await errorData(bob.mutation(api.questions.cancel, { questionId }))).toMatchObject({
      code: "not_found",
    });
    await alice.mutation(api.questions.cancel, { questionId });
    expect((await alice.query(api.questions.get, { questionId })).status).toBe("canceled");
    expect(await t.query(api.questionWorker.claimableQuestions, { secret: SECRET })).toEqual([]);
    const again = await errorData(alice.mutation(api.questions.cancel, { questionId }));
    expect(again).toMatchObject({ code: "conflict" });
    expect(again.message).toMatch(/already canceled/);
  });
});

type LimitData = { code: string; message: string; kind?: string; used?: number; limit?: number };

describe("fair use", () => {
  test("FONDATION_MAX_QUESTIONS_PER_DAY: refused past it with the limit named, again the next UTC day", async () => {
    vi.useFakeTimers({ now: Date.UTC(2031, 2, 14, 10), toFake: ["Date"] });
    const { t, alice } = setup();
    vi.stubEnv("FONDATION_MAX_QUESTIONS_PER_DAY", "2");
    const { courseId, questionId } = await askedQuestion(t, alice);
    await alice.mutation(api.questions.cancel, { questionId });
    await alice.mutation(api.questions.ask, { courseId, question: "two?" });
    // A canceled question still counts: the limit is on questions asked.
    const refused = (await errorData(
      alice.mutation(api.questions.ask, { courseId, question: "three?" }),
    )) as LimitData;
    expect(refused).toMatchObject({
      code: "limit_reached",
      kind: "questionsPerDay",
      used: 2,
      limit: 2,
    });
    expect(refused.message).toBe(
      "Questions asked today: 2 of 2, the most this deployment allows per day. You can ask more after 2031-03-15 00:00 UTC.",
    );
    vi.setSystemTime(Date.UTC(2031, 2, 15, 0, 0, 1));
    await expect(
      alice.mutation(api.questions.ask, { courseId, question: "three?" }),
    ).resolves.toBeTruthy();
  });

  test("the daily default is 100 questions", async () => {
    const { t, alice } = setup();
    vi.stubEnv("FONDATION_MAX_OPEN_QUESTIONS_PER_USER", "unlimited");
    const { courseId } = await publishedCourse(t, alice);
    for (let i = 0; i < 100; i++) {
      await alice.mutation(api.questions.ask, { courseId, question: `q${i}?` });
    }
    const refused = (await errorData(
      alice.mutation(api.questions.ask, { courseId, question: "one more?" }),
    )) as LimitData;
    expect(refused).toMatchObject({ kind: "questionsPerDay", used: 100, limit: 100 });
  });

  test("a local development deployment has no default question limits; a value set applies", async () => {
    const { t, alice } = setup();
    vi.stubEnv("ALLOW_LOCAL_GIT_URLS", "true");
    const { courseId } = await publishedCourse(t, alice);
    for (let i = 0; i < 5; i++) {
      await alice.mutation(api.questions.ask, { courseId, question: `q${i}?` });
    }
    vi.stubEnv("FONDATION_MAX_OPEN_QUESTIONS_PER_USER", "5");
    expect(
      await errorData(alice.mutation(api.questions.ask, { courseId, question: "six?" })),
    ).toMatchObject({ code: "limit_reached", kind: "openQuestions", limit: 5 });
  });

  test("at most 3 unanswered questions at once by default; an answered one frees a place", async () => {
    const { t, alice, bob } = setup();
    const { courseId } = await publishedCourse(t, alice);
    const ids = [];
    for (const question of ["a?", "b?", "c?"]) {
      ids.push((await alice.mutation(api.questions.ask, { courseId, question })).questionId);
    }
    const refused = (await errorData(
      alice.mutation(api.questions.ask, { courseId, question: "d?" }),
    )) as LimitData;
    expect(refused).toMatchObject({ kind: "openQuestions", used: 3, limit: 3 });
    expect(refused.message).toMatch(/Wait for an answer, or cancel a question/);
    // Other users are not affected.
    const bobCourse = await publishedCourse(t, t.withIdentity(BOB), "worker-b");
    await expect(
      bob.mutation(api.questions.ask, { courseId: bobCourse.courseId, question: "mine?" }),
    ).resolves.toBeTruthy();
    // Answering one (claimed, then finished) frees a place.
    const first = ids[0];
    if (!first) throw new Error("no question");
    const { fence } = await claimQuestion(t, first);
    await t.mutation(api.questionWorker.appendAnswer, { ...fence, at: 0, text: "Here." });
    await t.mutation(api.questionWorker.finishQuestion, {
      ...fence,
      citations: [],
      writtenBy: "retrieval",
    });
    await expect(
      alice.mutation(api.questions.ask, { courseId, question: "d?" }),
    ).resolves.toBeTruthy();
  });

  test("an answer's cost counts toward the day's spend, and a spent day refuses questions", async () => {
    const { t, alice } = setup();
    vi.stubEnv("FONDATION_MAX_SPEND_USD_PER_DAY", "1");
    const { courseId, questionId } = await askedQuestion(t, alice);
    const { fence } = await claimQuestion(t, questionId);
    await t.mutation(api.questionWorker.appendAnswer, { ...fence, at: 0, text: "Answer." });
    await t.mutation(api.questionWorker.finishQuestion, {
      ...fence,
      citations: [{ path: "src/queue.ts", start: 3, end: 9 }],
      writtenBy: "model",
      usage: { inputTokens: 12_000, outputTokens: 800, costUsd: 1.25 },
    });
    const mine = await alice.query(api.quota.mine, {});
    expect(mine.lines.find((l) => l.kind === "spendPerDay")).toMatchObject({
      used: 1.25,
      limit: 1,
    });
    const refused = (await errorData(
      alice.mutation(api.questions.ask, { courseId, question: "more?" }),
    )) as LimitData;
    expect(refused).toMatchObject({ code: "limit_reached", kind: "spendPerDay" });
    expect((await questionRow(t, questionId))?.usage?.costUsd).toBe(1.25);
  });
});
