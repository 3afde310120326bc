/** The answer's batching: first text at once, capped batches in order, a refusal stops it. */
import { describe, expect, it } from "vitest";
import { AnswerStream, type SendBatch } from "../src/questions/answerStream.ts";

function recorder(refuseAfter = Number.POSITIVE_INFINITY) {
  const batches: { at: number; text: string }[] = [];
  const send: SendBatch = async (at, text) => {
    if (batches.length >= refuseAfter) return { ok: false, reason: "canceled", message: "no" };
    batches.push({ at, text });
    return { ok: true, length: at + text.length, leaseExpiresAt: 0 };
  };
  return { batches, send };
}

const options = { intervalMs: 100, minChars: 200, maxBatchChars: 50, keepAliveMs: 60_000 };

describe("AnswerStream", () => {
  it("sends the first text at once, then capped batches whose `at` follow each other", async () => {
    const { batches, send } = recorder();
    const stream = new AnswerStream(send, { ...options, onLost: () => {} });
    stream.write("Hi");
    expect(batches).toEqual([{ at: 0, text: "Hi" }]);
    const long = `${"x".repeat(49)}😀${"y".repeat(120)}`;
    stream.write(long);
    await stream.end();
    expect(batches.map((b) => b.text).join("")).toBe(`Hi${long}`);
    let at = 0;
    for (const b of batches) {
      expect(b.at).toBe(at);
      expect(b.text.length).toBeLessThanOrEqual(50);
      // No batch ends inside a surrogate pair.
      const last = b.text.charCodeAt(b.text.length - 1);
      expect(last >= 0xd800 && last <= 0xdbff).toBe(false);
      at += b.text.length;
    }
    expect(stream.sent).toBe(at);
  });

  it("a refused batch stops the stream and says so; nothing more is sent", async () => {
    const { batches, send } = recorder(1);
    const lost: string[] = [];
    const stream = new AnswerStream(send, { ...options, onLost: (r) => lost.push(r.reason) });
    stream.write("first");
    stream.write("x".repeat(300));
    await stream.end();
    stream.write("more");
    expect(lost).toEqual(["canceled"]);
    expect(stream.lost?.reason).toBe("canceled");
    expect(batches).toEqual([{ at: 0, text: "first" }]);
  });
});
