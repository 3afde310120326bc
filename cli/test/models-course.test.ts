/**
 * A whole course for a real third-party repository (the Anthropic SDK's TypeScript
 * sources, installed with the workspace), written by the real CLI against the strict
 * stand-in, once per model of the capability table: not one request may break a rule.
 */
import { readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { type CourseManifest, courseManifestSchema, MODELS } from "@fondation/shared";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli } from "./helpers/cli.ts";
import { type Standin, startAnthropicStandin } from "./support/anthropic-standin.ts";
import { tempOut } from "./support/pipeline-harness.ts";
import { structuredTask } from "./support/requests.ts";
import { courseScenario } from "./support/standin-course-scenario.ts";

const REPO = resolve(import.meta.dirname, "../node_modules/@anthropic-ai/sdk/src");
let standin: Standin;

beforeAll(async () => {
  standin = await startAnthropicStandin({ script: courseScenario });
});
afterAll(() => standin.close());

describe.each(MODELS.map((m) => [m.id] as const))("a full course with %s", (model) => {
  it("is written with zero refused requests", async () => {
    standin.reset();
    const out = await tempOut("fondation-models-");
    const result = await runCli(
      ["analyze", REPO, "--json", "--out", out, "--model", model, "--max-chapters", "5"],
      { ANTHROPIC_API_KEY: "sk-test", ANTHROPIC_BASE_URL: standin.url },
    );
    expect(standin.requests.filter((r) => r.rejected).map((r) => r.rejected)).toEqual([]);
    expect(result.code, result.stderr).toBe(0);
    const manifest: CourseManifest = courseManifestSchema.parse(
      JSON.parse(readFileSync(join(out, "course.json"), "utf8")),
    );
    expect(manifest.model).toBe(model);
    expect(manifest.chapters.length).toBeGreaterThan(1);
    expect(manifest.usage.costUsd).toBeGreaterThan(0);
    // Every step asked the model the way this model takes it.
    const steps = standin.requests.map((r) => structuredTask(r)).filter(Boolean);
    expect(new Set(steps)).toEqual(new Set(["abstractions", "relationships", "order"]));
    for (const r of standin.requests) expect(r.body.model).toBe(model);
  }, 120_000);
});
