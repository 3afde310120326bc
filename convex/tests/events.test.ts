/** Event sequencing: seq without gaps across interleaved batches, the per-job cap, reading. */
import {
  MAX_EVENT_MESSAGE_CHARS,
  MAX_EVENTS_PER_BATCH,
  MAX_EVENTS_PER_JOB,
} from "@fondation/shared/core";
import { afterEach, expect, test, vi } from "vitest";
import { api } from "../_generated/api";
import { claimedJob, errorData, jobRow, setup } from "./harness.testkit.ts";

afterEach(() => vi.unstubAllEnvs());

const log = (message: string) => ({ ts: 1, kind: "log", level: "info" as const, message });

test("interleaved batches get strictly increasing seqs with no gaps", async () => {
  const { t, alice } = setup();
  const { fence, jobId } = await claimedJob(t, alice);
  const start = (await jobRow(t, jobId))?.eventCount ?? 0; // queue's own events (queued, claimed)
  const batches = Array.from({ length: 6 }, (_, b) =>
    Array.from({ length: 5 }, (_, i) => log(`batch ${b} event ${i}`)),
  );
  const results = await Promise.all(
    batches.map((events) => t.mutation(api.workerApi.appendEvents, { ...fence, events })),
  );
  for (const r of results) expect(r).toMatchObject({ ok: true, accepted: 5, dropped: 0 });
  const rows = await t.run(async (ctx) =>
    ctx.db
      .query("jobEvents")
      .withIndex("by_job_seq", (q) => q.eq("jobId", jobId))
      .collect(),
  );
  expect(rows.map((r) => r.seq)).toEqual(Array.from({ length: start + 30 }, (_, i) => i + 1));
  // Within a batch, order is preserved.
  for (const b of [0, 3]) {
    const seqs = rows.filter((r) => r.message.startsWith(`batch ${b} `)).map((r) => r.seq);
    expect(seqs).toEqual([...seqs].sort((x, y) => x - y));
    expect((seqs.at(-1) ?? 0) - (seqs[0] ?? 0)).toBe(4);
  }
  expect((await jobRow(t, jobId))?.eventCount).toBe(start + 30);
});

test("the cap keeps MAX_EVENTS_PER_JOB events plus one visible marker, then drops", async () => {
  const { t, alice } = setup();
  const { fence, jobId } = await claimedJob(t, alice);
  const start = (await jobRow(t, jobId))?.eventCount ?? 0;
  let remaining = MAX_EVENTS_PER_JOB - start - 10;
  while (remaining > 0) {
    const n = Math.min(MAX_EVENTS_PER_BATCH, remaining);
    await t.mutation(api.workerApi.appendEvents, {
      ...fence,
      events: Array.from({ length: n }, () => log("x")),
    });
    remaining -= n;
  }
  const crossing = await t.mutation(api.workerApi.appendEvents, {
    ...fence,
    events: Array.from({ length: 25 }, () => log("y")),
  });
  expect(crossing).toEqual({
    ok: true,
    accepted: 10,
    dropped: 15,
    lastSeq: MAX_EVENTS_PER_JOB + 1,
    truncated: true,
  });
  const after = await t.mutation(api.workerApi.appendEvents, { ...fence, events: [log("z")] });
  expect(after).toMatchObject({
    ok: true,
    accepted: 0,
    dropped: 1,
    lastSeq: MAX_EVENTS_PER_JOB + 1,
  });
  const tail = await alice.query(api.jobEvents.tail, { jobId, limit: 2 });
  expect(tail.truncated).toBe(true);
  expect(tail.events.map((e) => e.seq)).toEqual([MAX_EVENTS_PER_JOB, MAX_EVENTS_PER_JOB + 1]);
  expect(tail.events[1]).toMatchObject({ kind: "events.truncated", level: "warn" });
  // Transitions still happen after the cap; their own events are dropped quietly.
  expect(await t.mutation(api.workerApi.release, fence)).toMatchObject({ ok: true });
  expect((await jobRow(t, jobId))?.eventCount).toBe(MAX_EVENTS_PER_JOB + 1);
});

test("bad batches are refused with a clear error and nothing is written", async () => {
  const { t, alice } = setup();
  const { fence, jobId } = await claimedJob(t, alice);
  const before = (await jobRow(t, jobId))?.eventCount;
  const tooMany = Array.from({ length: MAX_EVENTS_PER_BATCH + 1 }, () => log("x"));
  expect(
    await errorData(t.mutation(api.workerApi.appendEvents, { ...fence, events: tooMany })),
  ).toMatchObject({
    code: "invalid_argument",
    message: expect.stringMatching(/at most 200 events/),
  });
  const longOne = [log("ok"), log("x".repeat(MAX_EVENT_MESSAGE_CHARS + 1))];
  expect(
    await errorData(t.mutation(api.workerApi.appendEvents, { ...fence, events: longOne })),
  ).toMatchObject({
    code: "invalid_argument",
    message: expect.stringMatching(/Event 1: message/),
  });
  const bigData = [{ ...log("ok"), data: { blob: "x".repeat(20_000) } }];
  expect(
    await errorData(t.mutation(api.workerApi.appendEvents, { ...fence, events: bigData })),
  ).toMatchObject({
    code: "invalid_argument",
  });
  expect((await jobRow(t, jobId))?.eventCount).toBe(before);
});

test("list paginates in seq order and tail reads after a seq", async () => {
  const { t, alice } = setup();
  const { fence, jobId } = await claimedJob(t, alice);
  await t.mutation(api.workerApi.appendEvents, {
    ...fence,
    events: Array.from({ length: 12 }, (_, i) => ({ ...log(`e${i}`), data: { i } })),
  });
  const total = (await jobRow(t, jobId))?.eventCount ?? 0;
  const seen: number[] = [];
  let cursor: string | null = null;
  for (;;) {
    const page: { page: { seq: number }[]; isDone: boolean; continueCursor: string } =
      await alice.query(api.jobEvents.list, { jobId, paginationOpts: { numItems: 5, cursor } });
    seen.push(...page.page.map((e) => e.seq));
    if (page.isDone) break;
    cursor = page.continueCursor;
  }
  expect(seen).toEqual(Array.from({ length: total }, (_, i) => i + 1));
  const after = await alice.query(api.jobEvents.tail, { jobId, afterSeq: total - 3 });
  expect(after.events.map((e) => e.seq)).toEqual([total - 2, total - 1, total]);
  expect(after.events[2]).toMatchObject({ message: "e11", data: { i: 11 } });
  expect(after.lastSeq).toBe(total);
});

test("a batch's progress moves the job's headline without renewing its lease; bad progress writes nothing", async () => {
  const { t, alice } = setup();
  const { fence, jobId } = await claimedJob(t, alice);
  const before = await jobRow(t, jobId);
  const progress = { step: 5, totalSteps: 6, chaptersDone: 3, chaptersTotal: 8, message: "review" };
  expect(
    await t.mutation(api.workerApi.appendEvents, { ...fence, events: [log("a")], progress }),
  ).toMatchObject({ ok: true, accepted: 1 });
  const after = await jobRow(t, jobId);
  expect(after?.progress).toEqual(progress);
  expect(after?.leaseExpiresAt).toBe(before?.leaseExpiresAt);

  const bad = { ...progress, step: 1.5 };
  expect(
    await errorData(
      t.mutation(api.workerApi.appendEvents, { ...fence, events: [log("b")], progress: bad }),
    ),
  ).toMatchObject({ code: "invalid_argument" });
  expect((await jobRow(t, jobId))?.eventCount).toBe(after?.eventCount);
  expect((await jobRow(t, jobId))?.progress).toEqual(progress);

  // A stale attempt's progress is refused with its events.
  const stale = { ...fence, attempt: fence.attempt + 1 };
  const refused = await t.mutation(api.workerApi.appendEvents, {
    ...stale,
    events: [log("c")],
    progress: { ...progress, step: 6 },
  });
  expect(refused).toMatchObject({ ok: false });
  expect((await jobRow(t, jobId))?.progress).toEqual(progress);
});
