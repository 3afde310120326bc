import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { EventBatcher, type FlushResult } from "../src/events/batcher.ts";

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

/** A flush function whose calls stay pending until the test resolves them. */
function controlledFlush() {
  const calls: {
    batch: number[];
    resolve: (r: FlushResult) => void;
    reject: (e: unknown) => void;
  }[] = [];
  const flush = (batch: number[]) =>
    new Promise<FlushResult>((resolve, reject) => calls.push({ batch, resolve, reject }));
  return { calls, flush };
}

describe("EventBatcher", () => {
  it("sends the first event at once, then at most one flush per interval", async () => {
    const sent: number[][] = [];
    const b = new EventBatcher<number>({
      flush: async (batch) => {
        sent.push(batch);
        return { ok: true };
      },
      intervalMs: 250,
      maxBatch: 10,
    });
    b.push(1);
    await vi.advanceTimersByTimeAsync(0);
    expect(sent).toEqual([[1]]);
    b.push(2);
    b.push(3);
    await vi.advanceTimersByTimeAsync(249);
    expect(sent).toEqual([[1]]);
    await vi.advanceTimersByTimeAsync(1);
    expect(sent).toEqual([[1], [2, 3]]);
    // After a quiet interval, the next event goes at once again.
    await vi.advanceTimersByTimeAsync(1_000);
    b.push(4);
    await vi.advanceTimersByTimeAsync(0);
    expect(sent).toEqual([[1], [2, 3], [4]]);
  });

  it("flushes at once when the batch is full", async () => {
    const sent: number[][] = [];
    const b = new EventBatcher<number>({
      flush: async (batch) => {
        sent.push(batch);
        return { ok: true };
      },
      maxBatch: 3,
    });
    for (const n of [1, 2, 3]) b.push(n);
    await vi.advanceTimersByTimeAsync(0);
    expect(sent).toEqual([[1, 2, 3]]);
  });

  it("keeps one flush in flight and preserves order", async () => {
    const { calls, flush } = controlledFlush();
    const b = new EventBatcher<number>({ flush, maxBatch: 2, intervalMs: 100 });
    b.push(1);
    b.push(2);
    b.push(3);
    b.push(4);
    b.push(5);
    await vi.advanceTimersByTimeAsync(500);
    expect(calls).toHaveLength(1);
    calls[0]?.resolve({ ok: true });
    await vi.advanceTimersByTimeAsync(0);
    expect(calls).toHaveLength(2);
    expect(calls[1]?.batch).toEqual([3, 4]);
    calls[1]?.resolve({ ok: true });
    await vi.advanceTimersByTimeAsync(100);
    expect(calls.map((c) => c.batch)).toEqual([[1, 2], [3, 4], [5]]);
  });

  it("bounds the number of flushes whatever the event rate", async () => {
    let flushes = 0;
    let delivered = 0;
    const b = new EventBatcher<number>({
      flush: async (batch) => {
        flushes++;
        delivered += batch.length;
        return { ok: true };
      },
      intervalMs: 250,
      maxBatch: 100,
    });
    // 10 seconds at 1 event per ms (10,000 events).
    for (let ms = 0; ms < 10_000; ms++) {
      b.push(ms);
      await vi.advanceTimersByTimeAsync(1);
    }
    await b.drain();
    expect(delivered).toBe(10_000);
    expect(flushes).toBeLessThanOrEqual(10_000 / 100 + 10_000 / 250 + 1);
    // And a slow trickle (1 event per 10 ms for 10 s) costs about one flush per interval.
    flushes = 0;
    for (let ms = 0; ms < 10_000; ms += 10) {
      b.push(ms);
      await vi.advanceTimersByTimeAsync(10);
    }
    await b.drain();
    expect(flushes).toBeLessThanOrEqual(10_000 / 250 + 1);
  });

  it("stops for good on a fencing refusal", async () => {
    const onStop = vi.fn();
    const sent: number[][] = [];
    const b = new EventBatcher<number>({
      flush: async (batch) => {
        sent.push(batch);
        return { ok: false, reason: "lease lost" };
      },
      maxBatch: 2,
      onStop,
    });
    b.push(1);
    b.push(2);
    await vi.advanceTimersByTimeAsync(0);
    expect(b.refused).toBe(true);
    expect(onStop).toHaveBeenCalledWith({ refused: true });
    b.push(3);
    b.push(4);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(sent).toEqual([[1, 2]]);
    expect(await b.drain()).toBe(false);
  });

  it("retries a thrown flush with the same batch, in order, then gives up", async () => {
    let attempts = 0;
    const sent: number[][] = [];
    const b = new EventBatcher<number>({
      flush: async (batch) => {
        attempts++;
        if (attempts <= 2) throw new Error("network");
        sent.push(batch);
        return { ok: true };
      },
      intervalMs: 100,
      maxBatch: 10,
    });
    b.push(1);
    await vi.advanceTimersByTimeAsync(100);
    b.push(2);
    await vi.advanceTimersByTimeAsync(2_000);
    expect(sent.flat()).toEqual([1, 2]);

    const onStop = vi.fn();
    const broken = new EventBatcher<number>({
      flush: async () => {
        throw new Error("down");
      },
      intervalMs: 10,
      maxFailures: 3,
      onStop,
    });
    broken.push(1);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(onStop).toHaveBeenCalledWith(expect.objectContaining({ refused: false }));
  });

  it("drain sends everything buffered", async () => {
    const sent: number[][] = [];
    const b = new EventBatcher<number>({
      flush: async (batch) => {
        sent.push(batch);
        return { ok: true };
      },
      maxBatch: 2,
      intervalMs: 10_000,
    });
    for (const n of [1, 2, 3, 4, 5]) b.push(n);
    expect(await b.drain()).toBe(true);
    expect(sent.flat()).toEqual([1, 2, 3, 4, 5]);
    expect(b.pending).toBe(0);
  });
});
