/** Resume, retries of bad answers, meta-talk and citations, and clear failures. */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { ModelError } from "../src/llm/index.ts";
import { errorReply, type Standin, startAnthropicStandin } from "./support/anthropic-standin.ts";
import { memoryRepo, syntheticProject } from "./support/memory-repo.ts";
import { runPipeline, tempOut } from "./support/pipeline-harness.ts";
import { isTask } from "./support/requests.ts";
import { courseScenario } from "./support/standin-course-scenario.ts";

const repo = memoryRepo("demo", syntheticProject(4, 3, 50));
let standin: Standin;

beforeAll(async () => {
  standin = await startAnthropicStandin({ script: courseScenario, minCacheTokens: 100 });
});
afterAll(() => standin.close());
beforeEach(() => {
  standin.reset();
  standin.setScript(courseScenario);
});

describe("--resume", () => {
  it("skips every model call that finished before the run broke", async () => {
    const full = await runPipeline({
      ...repo,
      out: await tempOut(),
      baseURL: standin.url,
      concurrency: 2,
    });
    expect(full.error).toBeUndefined();
    const fullCount = standin.requests.length;

    // A run that breaks in the middle of the chapters with a permanent error.
    standin.reset();
    const out = await tempOut();
    let seen = 0;
    standin.setScript((r) =>
      ++seen === 6 ? errorReply(400, "something the API refuses") : courseScenario(r),
    );
    const broken = await runPipeline({ ...repo, out, baseURL: standin.url, concurrency: 2 });
    expect(broken.error).toBeInstanceOf(ModelError);
    const succeeded = standin.requests.filter((r) => r.reply !== "error").length;
    expect(succeeded).toBeGreaterThanOrEqual(4);

    standin.reset();
    standin.setScript(courseScenario);
    const resumed = await runPipeline({
      ...repo,
      out,
      baseURL: standin.url,
      concurrency: 2,
      resume: true,
    });
    expect(resumed.error).toBeUndefined();
    expect(standin.requests.length).toBe(fullCount - succeeded);
    for (const step of ["abstractions", "relationships", "order"]) {
      expect(resumed.events).toContainEqual(
        expect.objectContaining({ kind: "step.completed", step, resumed: true }),
      );
    }
    expect(resumed.draft?.chapters.map((c) => c.slug)).toEqual(
      full.draft?.chapters.map((c) => c.slug),
    );
    // Usage of the broken run's finished calls is carried over.
    expect(resumed.draft?.usage.outputTokens).toBeGreaterThan(
      standin.requests.reduce((n, r) => n + (r.usage?.output_tokens ?? 0), 0),
    );

    standin.reset();
    const again = await runPipeline({
      ...repo,
      out,
      baseURL: standin.url,
      concurrency: 2,
      resume: true,
    });
    expect(again.error).toBeUndefined();
    expect(standin.requests).toHaveLength(0);
  });

  it("with --fresh, runs every call again", async () => {
    const out = await tempOut();
    await runPipeline({ ...repo, out, baseURL: standin.url, resume: false });
    const count = standin.requests.length;
    await runPipeline({ ...repo, out, baseURL: standin.url, resume: false });
    expect(standin.requests.length).toBe(2 * count);
  });
});

describe("lesson answers", () => {
  it("strips meta-talk around a chapter", async () => {
    standin.setScript((r) => {
      const reply = courseScenario(r);
      if (reply.type === "text" && (isTask(r, "chapter") || isTask(r, "review"))) {
        return {
          type: "text",
          text: `Sure! Here is the chapter you asked for:\n\n${reply.text}\n\nLet me know if you would like any changes.`,
        };
      }
      return reply;
    });
    const run = await runPipeline({ ...repo, out: await tempOut(), baseURL: standin.url });
    expect(run.error).toBeUndefined();
    for (const c of run.draft?.chapters ?? []) {
      expect(c.markdown.startsWith("# ")).toBe(true);
      expect(c.markdown).not.toMatch(/Here is the chapter|Let me know/);
    }
  });

  it("asks again about invalid citations, then drops the ones still invalid", async () => {
    standin.setScript((r) => {
      const reply = courseScenario(r);
      if (reply.type === "text" && isTask(r, "chapter")) {
        const bad = "```ts src/nowhere.ts:1-5\nx\n```\n\n```ts src/mod0/file0.ts:900-910\ny\n```";
        return { type: "text", text: `${reply.text}\n\n${bad}\n` };
      }
      return reply;
    });
    const run = await runPipeline({ ...repo, out: await tempOut(), baseURL: standin.url });
    expect(run.error).toBeUndefined();
    const chapterRequests = standin.requests.filter((r) => isTask(r, "chapter"));
    // Each chapter asked once more, with the problems listed.
    expect(chapterRequests).toHaveLength(2 * (run.draft?.chapters.length ?? 0));
    const followUp = chapterRequests.find((r) => r.body.messages.length === 3);
    expect(JSON.stringify(followUp?.body.messages[2])).toContain("src/nowhere.ts:1-5 is invalid");
    expect(JSON.stringify(followUp?.body.messages[2])).toContain("has only 50 lines");
    for (const c of run.draft?.chapters ?? []) {
      expect(c.markdown).not.toContain("src/nowhere.ts");
      expect(c.markdown).not.toContain(":900-910");
      expect(c.citations.every((x) => x.path !== "src/nowhere.ts" && x.endLine <= 50)).toBe(true);
      expect(c.citations.length).toBeGreaterThan(0);
    }
    expect(run.events).toContainEqual(expect.objectContaining({ kind: "log", level: "warn" }));
  });
});

describe("failures", () => {
  it("retries invalid structured output, then fails clearly without writing chapters", async () => {
    standin.setScript((r) =>
      isTask(r, "abstractions")
        ? {
            type: "tool_use",
            name: "record_abstractions",
            input: {
              abstractions: [
                { id: "core", name: "Core", description: "d", files: ["src/invented.ts"] },
              ],
            },
          }
        : courseScenario(r),
    );
    const run = await runPipeline({ ...repo, out: await tempOut(), baseURL: standin.url });
    expect(run.error).toMatchObject({ code: "analysis_failed" });
    expect((run.error as Error).message).toMatch(/abstractions.*3 attempts.*src\/invented\.ts/);
    expect(standin.requests).toHaveLength(3);
    expect(run.events.some((e) => e.kind === "step.completed")).toBe(false);
  });

  it("stops at once on a refused key, with model_auth", async () => {
    standin.setScript(() => errorReply(401, "invalid x-api-key"));
    const run = await runPipeline({ ...repo, out: await tempOut(), baseURL: standin.url });
    expect(run.error).toMatchObject({ code: "model_auth", retryable: false });
    expect(standin.requests).toHaveLength(1);
  });

  it("retries 529 and a reset stream during the chapters and still finishes", async () => {
    let lessons = 0;
    standin.setScript((r) => {
      if (isTask(r, "chapter")) {
        lessons++;
        if (lessons === 2) return errorReply(529, "overloaded", { retryAfterMs: 1 });
        if (lessons === 4) return { type: "reset" };
      }
      return courseScenario(r);
    });
    const run = await runPipeline({ ...repo, out: await tempOut(), baseURL: standin.url });
    expect(run.error).toBeUndefined();
    expect(standin.requests.filter((r) => r.reply === "error" || r.reply === "reset")).toHaveLength(
      2,
    );
    expect(run.draft?.chapters).toHaveLength(4);
  });
});
