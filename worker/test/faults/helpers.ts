/**
 * Checks shared by the fault tests: every job ends in a defined state, nothing is lost or
 * doubled in its events, it has at most one published course, and a failure says why.
 */
import { expect } from "vitest";
import { type E2E, type EventView, fns, type JobView } from "../support/e2e.ts";

export const TERMINAL = ["succeeded", "failed", "canceled"];
export const terminal = (job: JobView) => TERMINAL.includes(job.status);

/** seq runs 1..n with no gap and no duplicate, and matches the job's event count. */
export function expectSeqIntact(events: EventView[], job: JobView): void {
  expect(events.map((e) => e.seq)).toEqual(events.map((_, i) => i + 1));
  expect(job.eventCount).toBe(events.length);
}

/** The job's repository shows exactly `count` complete courses, the job's own among them. */
export async function expectCourses(e2e: E2E, job: JobView, count: number): Promise<void> {
  const courses: { _id: string }[] = await e2e.user.query(fns.listForRepository, {
    repositoryId: job.repositoryId,
  });
  expect(courses).toHaveLength(count);
  if (count > 0) expect(courses.map((c) => c._id)).toContain(job.courseId);
}

/** A failed job carries a code and a sentence, and its last events say the same. */
export function expectExplainedFailure(job: JobView, events: EventView[], code: string): void {
  expect(job.status).toBe("failed");
  expect(job.error?.code).toBe(code);
  expect(job.error?.message.length ?? 0).toBeGreaterThan(30);
  const failed = events.filter((e) => e.kind === "job.failed");
  expect(failed).toHaveLength(1);
  expect(failed[0]?.level).toBe("error");
  expect(failed[0]?.message).toBe(job.error?.message);
}

export async function until<T>(
  what: string,
  check: () => T | undefined | false | Promise<T | undefined | false>,
  ms = 30_000,
): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}
