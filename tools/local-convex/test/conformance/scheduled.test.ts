import { makeFunctionReference } from "convex/server";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { newRun, startTarget, type Target } from "./target.ts";

// `_scheduled_functions` documents as https://docs.convex.dev/scheduling/scheduled-functions
// documents them (name, args, scheduledTime, completedTime, state), read live through
// ctx.db.system by a subscribed query.

const later = makeFunctionReference<"mutation">("scheduled:later");
const cancel = makeFunctionReference<"mutation">("scheduled:cancel");
const job = makeFunctionReference<"query">("scheduled:job");

interface Job {
  name: string;
  args: unknown[];
  scheduledTime: number;
  completedTime?: number;
  state: { kind: string };
}

describe("_scheduled_functions", () => {
  let target: Target;
  beforeAll(async () => {
    target = await startTarget();
  });
  afterAll(async () => {
    await target?.stop();
  });

  /** Schedules a job and records every state a live query of its document sees. */
  const watchJob = async (args: { delayMs: number; fail: boolean }) => {
    const client = target.client();
    const run = newRun();
    const before = Date.now();
    const id = (await client.mutation(later, { run, ...args })) as string;
    const seen: Job[] = [];
    const stop = client.onUpdate(job, { id }, (doc) => seen.push(doc as Job));
    return { id, run, before, seen, stop, client };
  };

  test("a job's document moves from pending to success with its fields", async () => {
    const { run, before, seen, stop } = await watchJob({ delayMs: 1500, fail: false });
    await expect.poll(() => seen.at(-1)?.state.kind, { timeout: 10_000 }).toBe("success");
    stop();
    expect(seen[0]?.state.kind).toBe("pending");
    const done = seen.at(-1) as Job;
    expect(done.name).toBe("scheduled.js:work");
    expect(done.args).toEqual([{ run, fail: false }]);
    expect(done.scheduledTime).toBeGreaterThanOrEqual(before + 1500 - 1);
    expect(done.completedTime).toBeGreaterThanOrEqual(done.scheduledTime);
  });

  test("a job that throws ends failed, with its completion time", async () => {
    const { seen, stop } = await watchJob({ delayMs: 0, fail: true });
    await expect.poll(() => seen.at(-1)?.state.kind, { timeout: 10_000 }).toBe("failed");
    stop();
    expect(seen.at(-1)?.completedTime).toEqual(expect.any(Number));
  });

  test("a canceled job ends canceled", async () => {
    const { id, seen, stop, client } = await watchJob({ delayMs: 60_000, fail: false });
    await expect.poll(() => seen.at(-1)?.state.kind, { timeout: 10_000 }).toBe("pending");
    await client.mutation(cancel, { id });
    await expect.poll(() => seen.at(-1)?.state.kind, { timeout: 10_000 }).toBe("canceled");
    stop();
  });
});
