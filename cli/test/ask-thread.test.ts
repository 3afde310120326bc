import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { askCourse, openCourse, THREAD_LIMITS, type ThreadTurn } from "../src/ask/index.ts";
import { boundThread } from "../src/ask/thread.ts";
import { ASK_REPO, writeAskCourse } from "./helpers/ask-course.ts";
import { fixtureTrees } from "./helpers/tree.ts";
import { type Standin, startAnthropicStandin } from "./support/anthropic-standin.ts";

const tree = fixtureTrees();

/** The ask repository with a test file per module: "where is it tested?" needs the thread to say which. */
const REPO_WITH_TESTS = {
  ...ASK_REPO,
  "tests/test_session.py": [
    "from app.auth import session",
    "",
    "def test_refresh_token_renews_the_session():",
    "    renewed = session.refresh_token(session.Session('old', 0))",
    "    assert renewed.token != 'old'",
    "",
  ].join("\n"),
  "tests/test_cache.py": [
    "from store.cache import LruCache",
    "",
    "def test_evict():",
    "    LruCache(1).trim()",
    "",
  ].join("\n"),
};

async function opened() {
  const repo = tree(REPO_WITH_TESTS);
  const course = tree({});
  writeAskCourse(course);
  return openCourse(course, { repo });
}

const FIRST = "Where is the token refreshed?";
const FIRST_ANSWER = "The token is renewed by `src/auth/session.ts:5-9`.";
const FOLLOW_UP = "And where is it tested?";
const thread: ThreadTurn[] = [{ question: FIRST, answer: FIRST_ANSWER }];

describe("offline follow-up", () => {
  it("finds what the question is about from the earlier question's words", async () => {
    const o = await opened();
    // Alone, "it" names nothing: the shortest test ranks first.
    const alone = await askCourse(o, FOLLOW_UP, { env: {} });
    expect(alone.citations[0]?.path).toBe("tests/test_cache.py");

    const followed = await askCourse(o, FOLLOW_UP, { env: {}, thread });
    expect(followed.mode).toBe("offline");
    expect(followed.question).toBe(FOLLOW_UP);
    expect(followed.citations[0]).toEqual({
      path: "tests/test_session.py",
      startLine: 3,
      endLine: 5,
    });
  });

  it("keeps the question's own words first: the earlier ones only weigh less", async () => {
    const o = await opened();
    const hits = o.index.search("how does the cache evict entries", 3, [FIRST]);
    expect(hits[0]?.passage).toMatchObject({ kind: "declaration", name: "LruCache.evict_oldest" });
  });
});

describe("the thread's bounds", () => {
  it("keeps the latest answered exchanges, each cut, within the character budget", () => {
    const long = "word ".repeat(2_000);
    const turns: ThreadTurn[] = [
      ...Array.from({ length: 8 }, (_, i) => ({ question: `q${i}`, answer: `a${i}` })),
      { question: "failed one", answer: "  " },
      { question: "long one", answer: long },
    ];
    const kept = boundThread(turns);
    expect(kept.map((t) => t.question)).toEqual(["q5", "q6", "q7", "long one"]);
    expect(kept[3]?.answer.length).toBeLessThanOrEqual(THREAD_LIMITS.answerChars + 2);
    expect(kept[3]?.answer.endsWith(" …")).toBe(true);

    const huge = Array.from({ length: 4 }, (_, i) => ({ question: `h${i}`, answer: long }));
    const within = boundThread(huge);
    const chars = within.reduce((n, t) => n + t.question.length + t.answer.length, 0);
    expect(chars).toBeLessThanOrEqual(THREAD_LIMITS.totalChars);
    expect(within.at(-1)?.question).toBe("h3");
    expect(within.length).toBeLessThan(4);
  });
});

describe("model follow-up (against the API stand-in)", () => {
  let standin: Standin;
  beforeAll(async () => {
    standin = await startAnthropicStandin({ apiKey: "test-key" });
  });
  afterAll(() => standin.close());
  beforeEach(() => standin.reset());

  it("sends the earlier exchanges as alternating user and assistant turns before the context", async () => {
    standin.setScript(() => ({
      type: "text",
      text: "It is tested in `tests/test_session.py:3-5`.",
    }));
    const o = await opened();
    const answer = await askCourse(o, FOLLOW_UP, {
      env: { ANTHROPIC_API_KEY: "test-key", ANTHROPIC_BASE_URL: standin.url },
      thread: [...thread, { question: "Canceled before its answer", answer: "" }],
    });
    const request = standin.requests[0];
    expect(request?.rejected).toBeUndefined();
    const messages = request?.body.messages ?? [];
    expect(messages.map((m) => m.role)).toEqual(["user", "assistant", "user"]);
    expect(text(messages[0]?.content)).toBe(`<question>${FIRST}</question>`);
    expect(text(messages[1]?.content)).toBe(FIRST_ANSWER);
    const last = text(messages[2]?.content);
    expect(last).toContain(`<question>${FOLLOW_UP}</question>`);
    expect(last).toContain('cite="tests/test_session.py:3-5"');
    expect(last).not.toContain("Canceled before its answer");
    expect(answer.citations).toEqual([{ path: "tests/test_session.py", startLine: 3, endLine: 5 }]);
  }, 60_000);
});

/** A message's text, whether its content is a string or blocks. */
function text(content: unknown): string {
  if (typeof content === "string") return content;
  if (!Array.isArray(content)) return "";
  return content.map((b: { text?: string }) => b.text ?? "").join("");
}
