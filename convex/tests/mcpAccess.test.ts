/**
 * What an MCP token reaches (mcpAccess.*): the app's access rules for the token's owner,
 * refusals of missing, unknown and revoked tokens by every function, the ask scope, the
 * app's question limits.
 */
import { afterEach, describe, expect, test, vi } from "vitest";
import { api } from "../_generated/api";
import { publishedCourse, shareCourse } from "./course.testkit.ts";
import { errorData, setup, type T, type UserT } from "./harness.testkit.ts";
import { questionRow } from "./questions.testkit.ts";

afterEach(() => {
  vi.unstubAllEnvs();
});

async function tokenOf(user: UserT, scopes?: ("read" | "ask")[]) {
  return (
    await user.mutation(api.mcpTokens.create, { name: "agent", ...(scopes ? { scopes } : {}) })
  ).token;
}

/** Every mcpAccess function called with `token` on `courseId`, as [name, call]. */
function everyCall(t: T, token: string, courseId: string, questionId: string) {
  return [
    ["authenticate", () => t.mutation(api.mcpAccess.authenticate, { token })],
    ["listCourses", () => t.query(api.mcpAccess.listCourses, { token })],
    ["outline", () => t.query(api.mcpAccess.outline, { token, courseId })],
    ["lesson", () => t.query(api.mcpAccess.lesson, { token, courseId, slug: "the-queue" })],
    ["search", () => t.query(api.mcpAccess.search, { token, courseId, query: "queue" })],
    ["ask", () => t.mutation(api.mcpAccess.ask, { token, courseId, question: "Why?" })],
    ["question", () => t.query(api.mcpAccess.question, { token, questionId })],
  ] as const;
}

describe("MCP access with a token", () => {
  test("the owner's courses: list, outline, lesson, search, ask and its answer state", async () => {
    const { t, alice } = setup();
    const { courseId } = await publishedCourse(t, alice);
    const token = await tokenOf(alice);

    expect(await t.mutation(api.mcpAccess.authenticate, { token })).toEqual({
      scopes: ["read", "ask"],
    });
    const courses = await t.query(api.mcpAccess.listCourses, { token });
    expect(courses).toEqual([
      expect.objectContaining({ courseId, title: "Widgets", repositoryName: "acme/widgets" }),
    ]);
    const outline = await t.query(api.mcpAccess.outline, { token, courseId });
    expect(outline.lessons.map((l) => l.slug)).toEqual(["the-queue", "first-widget"]);
    const lesson = await t.query(api.mcpAccess.lesson, { token, courseId, slug: "the-queue" });
    expect(lesson.markdown).toContain("# The queue");
    // The same hits as the app's own search of the course.
    const hits = await t.query(api.mcpAccess.search, { token, courseId, query: "widget" });
    expect(hits).toEqual(await alice.query(api.search.inCourse, { courseId, query: "widget" }));
    expect(hits.map((h) => h.slug)).toContain("first-widget");

    const { questionId } = await t.mutation(api.mcpAccess.ask, {
      token,
      courseId,
      question: "  Where is the queue drained?  ",
    });
    const row = await questionRow(t, questionId);
    const users = await t.run(async (ctx) => await ctx.db.query("users").collect());
    expect(row?.askerId).toBe(users[0]?._id);
    expect(row?.question).toBe("Where is the queue drained?");
    expect(row?.status).toBe("queued");
    const seen = await t.query(api.mcpAccess.question, { token, questionId });
    expect(seen).toEqual(await alice.query(api.questions.get, { questionId }));
  });

  test("lastUsedAt is set on authenticate", async () => {
    const { t, alice } = setup();
    const token = await tokenOf(alice);
    expect((await alice.query(api.mcpTokens.list, {}))[0]?.lastUsedAt).toBeUndefined();
    await t.mutation(api.mcpAccess.authenticate, { token });
    expect((await alice.query(api.mcpTokens.list, {}))[0]?.lastUsedAt).toEqual(expect.any(Number));
  });

  test("another user's private course is invisible, as in the app; shared links are not implied", async () => {
    const { t, alice, bob } = setup();
    const { courseId } = await publishedCourse(t, alice);
    await shareCourse(t, courseId);
    const token = await tokenOf(bob);
    expect(await t.query(api.mcpAccess.listCourses, { token })).toEqual([]);
    const appRefusal = await errorData(bob.query(api.courses.get, { courseId }));
    for (const [name, call] of everyCall(t, token, courseId, courseId).slice(2, 6)) {
      const e = await errorData(call());
      expect([name, e]).toEqual([name, appRefusal]);
    }
    // An id that is not a course's, and one that is garbage: the same not_found.
    for (const bad of ["nope", (await alice.query(api.mcpTokens.list, {}))[0]?._id ?? "x"]) {
      const e = await errorData(t.query(api.mcpAccess.outline, { token, courseId: bad }));
      expect(e).toEqual(appRefusal);
    }
    // Bob's token reads none of Alice's questions.
    const aliceToken = await tokenOf(alice);
    const { questionId } = await t.mutation(api.mcpAccess.ask, {
      token: aliceToken,
      courseId,
      question: "Mine?",
    });
    expect((await errorData(t.query(api.mcpAccess.question, { token, questionId }))).code).toBe(
      "not_found",
    );
  });

  test("missing, malformed, unknown and revoked tokens are refused by every function", async () => {
    const { t, alice } = setup();
    const { courseId } = await publishedCourse(t, alice);
    const live = await tokenOf(alice);
    const { questionId } = await t.mutation(api.mcpAccess.ask, {
      token: live,
      courseId,
      question: "Before revoking?",
    });
    const [row] = await alice.query(api.mcpTokens.list, {});
    if (!row) throw new Error("no token listed");
    await alice.mutation(api.mcpTokens.revoke, { tokenId: row._id });
    const unknown = `fnd_mcp_${"A".repeat(43)}`;
    for (const token of ["", "not a token", unknown, live]) {
      for (const [name, call] of everyCall(t, token, courseId, questionId)) {
        const e = await errorData(call());
        expect([name, e.code]).toEqual([name, "unauthenticated"]);
        expect(e.message).toMatch(/revoked, mistyped, or never existed/);
      }
    }
    // Nothing was asked with the refused tokens.
    const asked = await t.run(async (ctx) => await ctx.db.query("questions").collect());
    expect(asked).toHaveLength(1);
  });

  test("a read-only token reads but may not ask", async () => {
    const { t, alice } = setup();
    const { courseId } = await publishedCourse(t, alice);
    const token = await tokenOf(alice, ["read"]);
    expect(await t.query(api.mcpAccess.outline, { token, courseId })).toMatchObject({ courseId });
    const e = await errorData(t.mutation(api.mcpAccess.ask, { token, courseId, question: "Why?" }));
    expect(e.code).toBe("forbidden");
    expect(e.message).toMatch(/"ask" scope/);
  });

  test("asking with a token counts toward the same limits as the app", async () => {
    const { t, alice } = setup();
    vi.stubEnv("FONDATION_MAX_OPEN_QUESTIONS_PER_USER", "1");
    const { courseId } = await publishedCourse(t, alice);
    const token = await tokenOf(alice);
    await alice.mutation(api.questions.ask, { courseId, question: "From the app" });
    const e = await errorData(t.mutation(api.mcpAccess.ask, { token, courseId, question: "And?" }));
    expect(e.code).toBe("limit_reached");
    const empty = await errorData(
      t.mutation(api.mcpAccess.ask, { token, courseId, question: " " }),
    );
    expect(empty.code).toBe("invalid_argument");
  });
});
