/**
 * How a model run fails, against the strict stand-in with the default model: one lesson's
 * failure (refused, cut twice) keeps the other lessons, nothing truncated is ever kept,
 * usage of every attempt survives into the next run, a plain rerun pays only for what is
 * missing, and one slow answer cannot hold the others behind the warm-cache gate.
 */
import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import {
  type Standin,
  type StandinReply,
  type StandinRequest,
  startAnthropicStandin,
} from "./support/anthropic-standin.ts";
import { memoryRepo, syntheticProject } from "./support/memory-repo.ts";
import { runPipeline, tempOut } from "./support/pipeline-harness.ts";
import { billedTokens, taskOf, usageTokens } from "./support/requests.ts";
import { courseScenario } from "./support/standin-course-scenario.ts";

const repo = memoryRepo("demo", syntheticProject(4, 3, 50));
let standin: Standin;

/** The plan of a clean run: which chapter comes first, how many lessons there are. */
const plan = { firstSlug: "", chapters: 0, tutorials: 0 };

// Whole pipeline runs: generous limits, so a busy machine slows them without failing them.
vi.setConfig({ testTimeout: 60_000, hookTimeout: 60_000 });

beforeAll(async () => {
  standin = await startAnthropicStandin({ script: courseScenario, minCacheTokens: 100 });
  const clean = await runPipeline({ ...repo, out: await tempOut(), baseURL: standin.url });
  if (clean.error || !clean.draft) throw clean.error;
  plan.firstSlug = clean.draft.chapters[0]?.slug ?? "";
  plan.chapters = clean.draft.chapters.length;
  plan.tutorials = clean.draft.tutorials.length;
});
afterAll(() => standin.close());
beforeEach(() => {
  standin.reset();
  standin.setScript(courseScenario);
});

const chapterOf = (r: StandinRequest) => {
  const task = taskOf(r);
  return task?.kind === "chapter" ? task.slug : undefined;
};

async function checkpointTexts(out: string): Promise<string> {
  const parts: string[] = [];
  for (const dir of ["04-chapters", "05-review", "06-tutorials"]) {
    const files = await readdir(join(out, "checkpoints", dir)).catch(() => [] as string[]);
    for (const f of files) parts.push(await readFile(join(out, "checkpoints", dir, f), "utf8"));
  }
  return parts.join("\n");
}

describe("one lesson fails, the others are kept", () => {
  it("a refused chapter: the rest finish, the run fails as model_refused, a rerun pays only for it", async () => {
    const out = await tempOut();
    standin.setScript(
      (r): StandinReply =>
        chapterOf(r) === plan.firstSlug
          ? { type: "refusal", category: "general_harms", explanation: "not this one" }
          : courseScenario(r),
    );
    const refused = await runPipeline({ ...repo, out, baseURL: standin.url });
    expect(refused.error).toMatchObject({ code: "model_refused", retryable: false });
    expect((refused.error as Error).message).toMatch(
      /declined.*general_harms; not this one.*What is finished is kept/,
    );
    // Every other lesson was written and checkpointed: the other chapters, their reviews,
    // the tutorials.
    const done = refused.events.filter((e) => e.kind === "chapter.completed").length;
    expect(done).toBe(2 * (plan.chapters - 1) + plan.tutorials);
    const firstRunBilled = billedTokens(standin.requests);
    const firstRunUsage = refused.events.filter((e) => e.kind === "usage").at(-1);

    standin.reset();
    standin.setScript(courseScenario);
    const rerun = await runPipeline({ ...repo, out, baseURL: standin.url });
    expect(rerun.error).toBeUndefined();
    // Only the refused chapter and its review were asked for again.
    expect(standin.requests.map((r) => taskOf(r))).toEqual([
      { kind: "chapter", slug: plan.firstSlug },
      { kind: "review", slug: plan.firstSlug },
    ]);
    // Usage of both runs, the refused request included, reaches the course.
    expect(firstRunUsage?.kind === "usage" && usageTokens(firstRunUsage.total)).toBe(
      firstRunBilled,
    );
    expect(usageTokens(rerun.draft?.usage)).toBe(firstRunBilled + billedTokens(standin.requests));
  });

  it("a chapter cut at max_tokens twice is failed, never kept truncated; the others are", async () => {
    const out = await tempOut();
    const endless = `# Endless\n\n${"A chapter that never fits its budget. ".repeat(3000)}`;
    standin.setScript(
      (r): StandinReply =>
        chapterOf(r) === plan.firstSlug ? { type: "text", text: endless } : courseScenario(r),
    );
    const run = await runPipeline({
      ...repo,
      out,
      baseURL: standin.url,
      tuning: { maxOutputTokens: 4_000 },
    });
    expect(run.error).toMatchObject({ code: "analysis_failed" });
    expect((run.error as Error).message).toMatch(
      /stopped before its end \(max_tokens\) at 8000 output tokens/,
    );
    const cut = standin.requests.filter((r) => chapterOf(r) === plan.firstSlug);
    expect(cut.map((r) => [r.body.max_tokens, r.stopReason])).toEqual([
      [4000, "max_tokens"],
      [8000, "max_tokens"],
    ]);
    expect(await checkpointTexts(out)).not.toContain("never fits its budget");
    expect(run.events.filter((e) => e.kind === "chapter.completed").length).toBeGreaterThan(4);
  });
});

describe("the warm-cache gate", () => {
  it("lets the other lessons go when the first answer is slow", async () => {
    let release: () => void = () => {};
    const othersArrived = new Promise<void>((resolve) => {
      release = resolve;
    });
    standin.setScript(async (r): Promise<StandinReply> => {
      const slug = chapterOf(r);
      if (slug === plan.firstSlug)
        await othersArrived; // held until another lesson is sent
      else if (slug || taskOf(r)?.kind === "tutorial") release();
      return courseScenario(r);
    });
    // Without the gate's timeout the others would wait on the held answer forever.
    const run = await runPipeline({
      ...repo,
      out: await tempOut(),
      baseURL: standin.url,
      calls: { warmGateMs: 20 },
    });
    expect(run.error).toBeUndefined();
    expect(standin.requests.filter((r) => r.rejected)).toEqual([]);
  });
});
