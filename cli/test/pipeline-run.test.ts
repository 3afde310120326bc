/** Steps 1-6 against the stand-in's course scenario, through the real SDK. */
import { access } from "node:fs/promises";
import { join } from "node:path";
import { PIPELINE_STEPS } from "@fondation/shared";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { estimateTokens } from "../src/llm/index.ts";
import { type Standin, startAnthropicStandin } from "./support/anthropic-standin.ts";
import { memoryRepo, syntheticProject } from "./support/memory-repo.ts";
import { type HarnessRun, runPipeline, tempOut } from "./support/pipeline-harness.ts";
import { structuredTask } from "./support/requests.ts";
import { courseScenario } from "./support/standin-course-scenario.ts";

const TUNING = {
  mapTokens: 2_000,
  overviewTokens: 4_000,
  chapterFileTokens: 3_000,
  reviewSourceTokens: 1_500,
  tutorialFileTokens: 2_000,
};
const repo = memoryRepo("demo", syntheticProject(6, 4, 120));
let standin: Standin;
let run: HarnessRun;
let out: string;

beforeAll(async () => {
  standin = await startAnthropicStandin({
    script: courseScenario,
    latency: { firstTokenMs: 20, perOutputTokenMs: 0.02 },
    minCacheTokens: 100,
  });
  out = await tempOut();
  run = await runPipeline({
    ...repo,
    out,
    baseURL: standin.url,
    concurrency: 3,
    language: "fr",
    tuning: TUNING,
  });
});
afterAll(() => standin.close());

const userText = (i: number) =>
  JSON.stringify(standin.requests[i]?.body.messages[0]?.content ?? "");

describe("a full run", () => {
  it("produces chapters in the teaching order of step 3 and tutorials", () => {
    expect(run.error).toBeUndefined();
    const draft = run.draft;
    expect(draft?.chapters.map((c) => c.slug)).toEqual(draft?.abstractions.map((a) => a.id));
    expect(draft?.chapters.length).toBe(6);
    expect(draft?.tutorials.length).toBe(2);
    for (const t of draft?.tutorials ?? []) {
      expect(t.slug).toMatch(/^tutorial-/);
      expect(t.markdown.match(/^## /gm)?.length).toBeGreaterThanOrEqual(3);
    }
    // Chapter k is told about its neighbours (prev/next) in the teaching order.
    const second = standin.requests.findIndex((r) =>
      JSON.stringify(r.body.messages[0]).includes('index=\\"2\\"'),
    );
    expect(userText(second)).toContain(`previous chapter is \\"${draft?.chapters[0]?.title}\\"`);
  });

  it("emits step and chapter events with checkpoints that exist", async () => {
    for (const step of PIPELINE_STEPS) {
      const completed = run.events.find((e) => e.kind === "step.completed" && e.step === step);
      expect(completed, step).toBeDefined();
      if (completed?.kind === "step.completed") {
        expect(completed.resumed).toBe(false);
        await access(join(out, completed.checkpoint));
      }
    }
    const chapters = run.events.filter(
      (e) => e.kind === "chapter.completed" && e.step === "chapters",
    );
    expect(chapters).toHaveLength(6);
    expect(run.events.filter((e) => e.kind === "usage")).toHaveLength(standin.requests.length);
  });

  it("marks the shared prefix for caching and sends the same tools everywhere", () => {
    const tools = JSON.stringify(standin.requests[0]?.body.tools);
    for (const r of standin.requests) {
      const system = r.body.system as Array<{ text: string; cache_control?: unknown }>;
      expect(system[1]?.text.startsWith("<code_map")).toBe(true);
      expect(system[1]?.cache_control).toEqual({ type: "ephemeral" });
      expect(system[0]?.text).toContain("<language>fr</language>");
      expect(system[0]?.text).toContain("French");
      expect(JSON.stringify(r.body.tools)).toBe(tools);
    }
    const lessons = standin.requests.filter((r) => r.body.tool_choice?.type === "none");
    expect(lessons.length).toBe(6 + 6 + 2);
    for (const r of lessons) {
      const plan = (r.body.system as Array<{ text: string; cache_control?: unknown }>)[2];
      expect(plan?.text.startsWith("<course_plan>")).toBe(true);
      expect(plan?.cache_control).toEqual({ type: "ephemeral" });
    }
  });

  it("reads the shared prefix from the cache on every request after the first chapter", () => {
    const lessons = standin.requests.filter((r) => r.body.tool_choice?.type === "none");
    const [first, ...rest] = lessons;
    expect(first?.usage?.cache_creation_input_tokens).toBeGreaterThan(0);
    for (const r of rest) expect(r.usage?.cache_read_input_tokens).toBeGreaterThan(0);
    expect(rest.every((r) => (r.usage?.cache_creation_input_tokens ?? 0) === 0)).toBe(true);
    // The run's usage is the sum of what the API reported.
    const read = standin.requests.reduce((n, r) => n + (r.usage?.cache_read_input_tokens ?? 0), 0);
    expect(run.draft?.usage.cacheReadInputTokens).toBe(read);
    expect(run.draft?.usage.costUsd).toBeGreaterThan(0);
  });

  it("keeps every request inside its budgets", () => {
    for (const r of standin.requests) {
      const map = (r.body.system as Array<{ text: string }>)[1]?.text ?? "";
      expect(estimateTokens(map)).toBeLessThanOrEqual(TUNING.mapTokens);
      const files =
        /<files>\n([\s\S]*?)\n<\/files>/.exec(
          JSON.parse(JSON.stringify(r.body.messages[0]?.content)),
        )?.[1] ?? "";
      const budget =
        structuredTask(r) !== undefined
          ? TUNING.overviewTokens
          : Math.max(
              TUNING.chapterFileTokens,
              TUNING.tutorialFileTokens,
              TUNING.reviewSourceTokens,
            );
      expect(estimateTokens(files)).toBeLessThanOrEqual(budget + 50);
    }
    // The repository is larger than any one request's budget: selection, not everything.
    expect(repo.map.totals.tokensKept).toBeGreaterThan(TUNING.chapterFileTokens * 3);
  });

  it("honours the concurrency limit (and does run requests in parallel)", () => {
    expect(standin.maxInFlight).toBeLessThanOrEqual(3);
    expect(standin.maxInFlight).toBeGreaterThanOrEqual(2);
  });

  it("cites real ranges and fills excerpts with the real lines", async () => {
    const byPath = new Map(repo.map.files.map((f) => [f.path, f]));
    let excerpts = 0;
    for (const lesson of run.draft?.chapters ?? []) {
      expect(lesson.markdown).toMatch(/^# \S/);
      expect(lesson.markdown).toContain("```mermaid");
      for (const c of lesson.citations) {
        const file = byPath.get(c.path);
        expect(file, c.path).toBeDefined();
        expect(c.endLine).toBeLessThanOrEqual(file?.lines ?? 0);
        const real = (await repo.reader.lines(c.path, c.startLine, c.endLine)).join("\n");
        expect(lesson.markdown).toContain(`${c.path}:${c.startLine}-${c.endLine}\n${real}\n\`\`\``);
        excerpts++;
      }
    }
    expect(excerpts).toBeGreaterThan(0);
  });
});
