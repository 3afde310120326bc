import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { askCourse, openCourse } from "../src/ask/index.ts";
import { citationsInMarkdown } from "../src/output/citations.ts";
import { ASK_REPO, writeAskCourse } from "./helpers/ask-course.ts";
import { fixtureTrees } from "./helpers/tree.ts";
import { requestText, type Standin, startAnthropicStandin } from "./support/anthropic-standin.ts";

const tree = fixtureTrees();

async function opened(language: "en" | "fr" = "en") {
  const repo = tree(ASK_REPO);
  const course = tree({});
  writeAskCourse(course, { language, stale: true });
  return openCourse(course, { repo });
}

describe("offline answer", () => {
  it("is the ranked passages, each cited with lines that resolve, labelled as not from a model", async () => {
    const o = await opened();
    const answer = await askCourse(o, "Where is the token refreshed?", { env: {} });
    expect(answer.mode).toBe("offline");
    expect(answer.model).toBeNull();
    expect(answer.notice).toMatch(/^Not written by a model/);
    expect(answer.markdown).toContain("`src/auth/session.ts:5-9`");
    expect(answer.markdown).toContain("export async function refreshToken");
    expect(answer.citations[0]).toEqual({ path: "src/auth/session.ts", startLine: 5, endLine: 9 });
    // Every citation left in the text resolves; the lesson's stale range is listed, not cited.
    const cited = citationsInMarkdown(answer.markdown).map(
      (c) => `${c.path}:${c.startLine}-${c.endLine}`,
    );
    expect(cited).not.toContain("src/auth/session.ts:40-60");
    expect(answer.unresolved.map((u) => u.citation)).toContain("src/auth/session.ts:40-60");
    expect(answer.usage).toBeNull();
  });

  it("speaks the course's language and says so when nothing matches", async () => {
    const o = await opened("fr");
    const answer = await askCourse(o, "Quel temps fait-il à Lisbonne ?", { env: {} });
    expect(answer.notice).toMatch(/^Réponse non rédigée par un modèle/);
    expect(answer.markdown).toMatch(/^Rien dans la carte du code/);
    expect(answer.citations).toEqual([]);
  });
});

describe("model answer (against the API stand-in)", () => {
  let standin: Standin;
  beforeAll(async () => {
    standin = await startAnthropicStandin({ apiKey: "test-key" });
  });
  afterAll(() => standin.close());
  beforeEach(() => standin.reset());

  it("sends the bounded context, streams the text out, and flags citations that do not resolve", async () => {
    // The stand-in answers with the first range it was given, a range past the file's end,
    // a file that does not exist, and a diagram that does not parse.
    standin.setScript((request) => {
      const given = /cite="([^"]+)"/.exec(requestText(request.body))?.[1] ?? "none";
      return {
        type: "text",
        text: [
          `The token is renewed by \`${given}\`.`,
          "It also calls `src/auth/session.ts:90-95` and `src/auth/missing.ts:1-3`.",
          "```mermaid",
          "graph TD; A-->",
          "```",
        ].join("\n"),
      };
    });
    const o = await opened();
    const deltas: string[] = [];
    const answer = await askCourse(o, "Where is the token refreshed?", {
      env: { ANTHROPIC_API_KEY: "test-key", ANTHROPIC_BASE_URL: standin.url },
      onText: (delta) => deltas.push(delta),
    });
    const request = standin.requests[0];
    expect(request?.rejected).toBeUndefined();
    const prompt = request ? requestText(request.body) : "";
    expect(prompt).toContain('cite="src/auth/session.ts:5-9"');
    expect(prompt).toContain("<question>Where is the token refreshed?</question>");
    expect(prompt.length).toBeLessThan(30_000);

    expect(answer.mode).toBe("model");
    expect(answer.notice).toBeNull();
    expect(deltas.join("")).toContain("The token is renewed by `src/auth/session.ts:5-9`");
    expect(answer.citations).toEqual([{ path: "src/auth/session.ts", startLine: 5, endLine: 9 }]);
    expect(answer.unresolved.map((u) => u.citation).sort()).toEqual([
      "src/auth/missing.ts:1-3",
      "src/auth/session.ts:90-95",
    ]);
    expect(answer.markdown).toContain("src/auth/session.ts:90-95 (citation removed");
    expect(answer.markdown).not.toContain("```mermaid");
    expect(answer.markdown).toContain("A diagram was removed");
    expect(answer.usage?.outputTokens).toBeGreaterThan(0);
  }, 60_000);

  it("fails with the model client's error when the key is refused", async () => {
    const o = await opened();
    await expect(
      askCourse(o, "Where is the token refreshed?", {
        env: { ANTHROPIC_API_KEY: "wrong", ANTHROPIC_BASE_URL: standin.url },
      }),
    ).rejects.toMatchObject({ name: "ModelError", code: "model_auth" });
  });
});
