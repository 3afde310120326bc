import { parseCliEvent } from "@fondation/shared";
import { describe, expect, it } from "vitest";
import { JsonEmitter } from "../src/emit/json.ts";
import { TerminalEmitter } from "../src/emit/terminal.ts";

function sink() {
  const chunks: string[] = [];
  return { chunks, write: (t: string) => chunks.push(t), text: () => chunks.join("") };
}
const usage = (input: number, cost: number) => ({
  inputTokens: input,
  outputTokens: 500,
  cacheCreationInputTokens: 0,
  cacheReadInputTokens: 1000,
  costUsd: cost,
});

describe("emitters", () => {
  it("JSON: one valid NDJSON line per event on stdout, logs echoed on stderr", () => {
    const out = sink();
    const err = sink();
    const emit = new JsonEmitter(
      out as unknown as NodeJS.WritableStream,
      err as unknown as NodeJS.WritableStream,
    );
    emit.emit({ kind: "log", level: "warn", message: "careful" });
    emit.emit({ kind: "step.started", step: "chapters", index: 4, total: 6 });
    emit.emit({
      kind: "run.failed",
      code: "internal",
      message: "x".repeat(5000),
      retryable: false,
    });
    const lines = out.text().trimEnd().split("\n");
    expect(lines).toHaveLength(3);
    for (const line of lines) expect(parseCliEvent(line).ok).toBe(true);
    expect(err.text()).toBe("fondation: warn: careful\n");
  });

  it("terminal: a live status line with step, chapters, tokens and cost", () => {
    const err = sink();
    const emit = new TerminalEmitter({ write: err.write, isTTY: true, columns: 120 });
    emit.emit({ kind: "step.started", step: "chapters", index: 4, total: 6 });
    emit.emit({
      kind: "chapter.started",
      step: "chapters",
      slug: "a",
      title: "A",
      index: 1,
      total: 8,
    });
    emit.emit({
      kind: "chapter.completed",
      step: "chapters",
      slug: "a",
      title: "A",
      index: 1,
      total: 8,
      done: 3,
    });
    emit.emit({ kind: "usage", total: usage(10_500, 0.0421) });
    expect(emit.status()).toBe("Step 4 of 6: writing chapters · 3/8 done · 12.0k tokens · $0.042");
    expect(err.text()).toContain("\r\x1b[2KStep 4 of 6");
    emit.emit({ kind: "log", level: "info", message: "hello" });
    // A log line clears the status line, prints, then the status comes back.
    expect(
      err
        .text()
        .endsWith(
          "\r\x1b[2Khello\n\r\x1b[2KStep 4 of 6: writing chapters · 3/8 done · 12.0k tokens · $0.042",
        ),
    ).toBe(true);
  });

  it("terminal without a TTY: plain lines, no escape codes", () => {
    const err = sink();
    const emit = new TerminalEmitter({ write: err.write, isTTY: false });
    emit.emit({ kind: "step.started", step: "review", index: 5, total: 6 });
    emit.emit({
      kind: "chapter.completed",
      step: "review",
      slug: "a",
      title: "Alpha",
      index: 1,
      total: 2,
      done: 1,
    });
    emit.emit({
      kind: "run.completed",
      manifest: "course.json",
      chapters: 2,
      tutorials: 1,
      usage: usage(0, 0),
    });
    expect(err.text()).toBe(
      "Step 5 of 6: reviewing chapters\n  1/2 Alpha\nDone: 2 chapters, 1 tutorials.\n",
    );
  });
});
