import { describe, expect, it } from "vitest";
import { formatCliEvent, PROTOCOL_VERSION, parseCliEvent } from "../src/index.ts";

describe("CLI event protocol", () => {
  it("round-trips an event through one NDJSON line", () => {
    const line = formatCliEvent(
      { kind: "step.started", step: "order", index: 3, total: 6 },
      1_700_000_000_000,
    );
    expect(line.endsWith("\n")).toBe(true);
    const parsed = parseCliEvent(line.trim());
    expect(parsed).toEqual({
      ok: true,
      event: {
        v: PROTOCOL_VERSION,
        ts: 1_700_000_000_000,
        kind: "step.started",
        step: "order",
        index: 3,
        total: 6,
      },
    });
  });

  it("rejects a line that is not JSON", () => {
    const parsed = parseCliEvent("Cloning into 'x'...");
    expect(parsed.ok).toBe(false);
  });

  it("rejects another protocol version with a message that says what to do", () => {
    const parsed = parseCliEvent(
      JSON.stringify({ v: 99, ts: 1, kind: "log", level: "info", message: "x" }),
    );
    expect(parsed).toMatchObject({ ok: false });
    if (!parsed.ok) expect(parsed.error).toMatch(/update the CLI and the worker/);
  });

  it("rejects an unknown step and an unknown error code", () => {
    expect(
      parseCliEvent(
        JSON.stringify({ v: 1, ts: 1, kind: "step.started", step: "x", index: 1, total: 6 }),
      ).ok,
    ).toBe(false);
    expect(
      parseCliEvent(
        JSON.stringify({
          v: 1,
          ts: 1,
          kind: "run.failed",
          code: "nope",
          message: "m",
          retryable: false,
        }),
      ).ok,
    ).toBe(false);
  });
});
