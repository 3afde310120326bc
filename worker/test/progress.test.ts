import { MAX_EVENT_MESSAGE_CHARS, PROTOCOL_VERSION } from "@fondation/shared";
import { describe, expect, it } from "vitest";
import { checkpointPath } from "../src/runner/checkpoints.ts";
import { ProgressTracker, toEventInput, workerEvent } from "../src/runner/progress.ts";

const base = { v: PROTOCOL_VERSION, ts: 1_000 } as const;

describe("events and progress", () => {
  it("turns CLI events into jobEvents rows with a human message and structured data", () => {
    const row = toEventInput({ ...base, kind: "step.started", step: "order", index: 3, total: 6 });
    expect(row).toEqual({
      ts: 1_000,
      kind: "cli.step.started",
      level: "info",
      message: "Step 3 of 6: order",
      data: { step: "order", index: 3, total: 6 },
    });
    const log = toEventInput({ ...base, kind: "log", level: "warn", message: "careful" });
    expect(log).toMatchObject({ level: "warn", message: "careful", data: { level: "warn" } });
    const failed = toEventInput({
      ...base,
      kind: "run.failed",
      code: "model_auth",
      message: "bad key",
      retryable: false,
    });
    expect(failed.level).toBe("error");
  });

  it("keeps messages and data within Convex's limits", () => {
    const row = toEventInput({ ...base, kind: "log", level: "info", message: "x".repeat(10_000) });
    expect(row.message.length).toBe(MAX_EVENT_MESSAGE_CHARS);
    const big = workerEvent("x", "m", "info", { blob: "y".repeat(20_000) });
    expect(JSON.stringify(big.data).length).toBeLessThan(1_000);
    expect(workerEvent("x", "").message).toBe("(empty)");
  });

  it("tracks steps, chapters and usage for heartbeats", () => {
    const t = new ProgressTracker();
    t.apply({ ...base, kind: "step.started", step: "chapters", index: 4, total: 6 });
    t.apply({
      ...base,
      kind: "chapter.started",
      step: "chapters",
      slug: "a",
      title: "A",
      index: 1,
      total: 5,
    });
    t.apply({
      ...base,
      kind: "chapter.completed",
      step: "chapters",
      slug: "a",
      title: "A",
      index: 1,
      total: 5,
      done: 1,
    });
    expect(t.progress).toMatchObject({ step: 4, totalSteps: 6, chaptersDone: 1, chaptersTotal: 5 });
    const usage = {
      inputTokens: 5,
      outputTokens: 6,
      cacheCreationInputTokens: 0,
      cacheReadInputTokens: 1,
      costUsd: 0.5,
    };
    t.apply({ ...base, kind: "usage", total: usage });
    expect(t.usage).toEqual(usage);
  });
});

describe("checkpoint names", () => {
  it("stay inside the output folder", () => {
    expect(checkpointPath("/out", "checkpoints/01-abstractions.json")).toBe(
      "/out/checkpoints/01-abstractions.json",
    );
    expect(checkpointPath("/out", "checkpoints/04-chapters/intro.json")).toBe(
      "/out/checkpoints/04-chapters/intro.json",
    );
    expect(checkpointPath("/out", "../etc/passwd")).toBeNull();
    expect(checkpointPath("/out", "a/../../x")).toBeNull();
    expect(checkpointPath("/out", "/etc/passwd")).toBeNull();
    expect(checkpointPath("/out", "")).toBeNull();
  });
});
