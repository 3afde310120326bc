/// <reference types="vite/client" />
/**
 * Shared set-up for the Convex tests. The file name has two dots so the Convex bundler
 * skips it (it never ships to a deployment).
 */
import { convexTest } from "convex-test";
import { vi } from "vitest";
import { api } from "../_generated/api";
import type { Id } from "../_generated/dataModel";
import schema from "../schema.ts";

export const SECRET = "test-worker-secret-0123456789";

/** Every Convex module but tests and test helpers, as convex-test expects. */
export const modules = import.meta.glob(["../**/*.*s", "!../**/*.*.*s", "!../tests/**"]);

export const ALICE = {
  tokenIdentifier: "https://clerk.test|alice",
  subject: "alice",
  name: "Alice",
  nickname: "alice-gh",
};
export const BOB = {
  tokenIdentifier: "https://clerk.test|bob",
  subject: "bob",
  name: "Bob",
  nickname: "bob-gh",
};

/** A fresh in-memory deployment with the worker secret set, and two signed-in users. */
export function setup() {
  vi.stubEnv("WORKER_SECRET", SECRET);
  const t = convexTest(schema, modules);
  return { t, alice: t.withIdentity(ALICE), bob: t.withIdentity(BOB) };
}

export type T = ReturnType<typeof setup>["t"];
export type UserT = ReturnType<typeof setup>["alice"];

export const OPTIONS = { language: "en", model: "claude-sonnet-5-5" } as const;

/** Adds a GitHub repository for `user` and returns its id. */
export async function addRepo(user: UserT, name = "acme/widgets"): Promise<Id<"repositories">> {
  const { repositoryId } = await user.mutation(api.repositories.addByUrl, {
    url: `https://github.com/${name}`,
  });
  return repositoryId;
}

/** A repository with a queued job, for `user`. */
export async function queuedJob(user: UserT, name?: string) {
  const repositoryId = await addRepo(user, name);
  const { jobId } = await user.mutation(api.jobs.request, { repositoryId, options: OPTIONS });
  return { repositoryId, jobId };
}

/** A repository with a job claimed by `workerId`; returns the fence to use in worker calls. */
export async function claimedJob(t: T, user: UserT, workerId = "worker-1", leaseMs = 60_000) {
  const { repositoryId, jobId } = await queuedJob(user);
  const claim = await t.mutation(api.workerApi.claim, { secret: SECRET, jobId, workerId, leaseMs });
  if (!claim || "notDue" in claim)
    throw new Error(`claim unexpectedly answered ${JSON.stringify(claim)}`);
  return {
    repositoryId,
    jobId,
    claim,
    fence: { secret: SECRET, jobId, attempt: claim.attempt, workerId },
  };
}

/** The raw job row (tests only). */
export async function jobRow(t: T, jobId: Id<"jobs">) {
  return await t.run(async (ctx) => await ctx.db.get(jobId));
}

/** The data of a ConvexError thrown by `promise` (fails the test if nothing is thrown). */
export async function errorData(
  promise: Promise<unknown>,
): Promise<{ code: string; message: string }> {
  try {
    await promise;
  } catch (error) {
    const data = (error as { data?: unknown }).data;
    if (data && typeof data === "object") return data as { code: string; message: string };
    throw error;
  }
  throw new Error("expected the call to throw");
}
