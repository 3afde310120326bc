/**
 * Everything a worker calls, in one module; the verbs' logic lives in lib/ (transitions,
 * events, checkpoints, publish). Every function takes the worker `secret` (WORKER_SECRET,
 * compared in constant time; refused with a user identity). Fenced functions also take
 * (jobId, attempt, workerId) and answer `{ok: false, reason, message}` once the lease is
 * no longer this worker's: the worker must then stop that job. Bad arguments throw a
 * ConvexError {code: "invalid_argument", message} and write nothing.
 */
import {
  DEFAULT_LEASE_MS,
  MAX_EVENT_MESSAGE_CHARS,
  MAX_EVENTS_PER_BATCH,
  MAX_LEASE_MS,
  MIN_LEASE_MS,
} from "@fondation/shared/core";
import { type Infer, v } from "convex/values";
import { mutation, query } from "./_generated/server";
import { requireWorker } from "./lib/auth.ts";
import * as checkpoints from "./lib/checkpoints.ts";
import { userError } from "./lib/errors.ts";
import { appendJobEvents } from "./lib/events.ts";
import { fairHead } from "./lib/fairQueue.ts";
import { checkFence, fenceArgs, refusal } from "./lib/fence.ts";
import * as publish from "./lib/publish.ts";
import * as sources from "./lib/sources.ts";
import * as transitions from "./lib/transitions.ts";
import * as upToDate from "./lib/upToDate.ts";
import {
  eventLevel,
  githubRef,
  jobErrorCode,
  jobOptions,
  jobProgress,
  jobStatus,
  usage,
  workerReportedStatus,
} from "./lib/validators.ts";

const CLAIMABLE_MAX = 50;
const MAX_EVENT_KIND_CHARS = 64;
const MAX_EVENT_DATA_CHARS = 16_000;
const MAX_ERROR_MESSAGE_CHARS = 2_000;
const MAX_PROGRESS_MESSAGE_CHARS = 500;
const MAX_WORKER_ID_CHARS = 128;
const COMMIT_RE = /^[0-9a-f]{7,64}$/;

const secret = v.string();
const ok = <T extends Record<string, import("convex/values").GenericValidator>>(fields: T) =>
  v.union(v.object({ ok: v.literal(true), ...fields }), refusal);

function invalid(message: string): never {
  throw userError("invalid_argument", message);
}

/** Progress a worker reports (on a heartbeat, or with a batch of events): bounded, whole counts. */
function checkProgress(p: Infer<typeof jobProgress>): void {
  const counts = [p.step, p.totalSteps, p.chaptersDone, p.chaptersTotal];
  if (counts.some((n) => !Number.isInteger(n) || n < 0)) {
    invalid("progress step, totalSteps, chaptersDone and chaptersTotal must be whole numbers ≥ 0.");
  }
  if (p.message.length > MAX_PROGRESS_MESSAGE_CHARS) {
    invalid(`progress.message is at most ${MAX_PROGRESS_MESSAGE_CHARS} characters.`);
  }
}

function checkWorkerId(workerId: string): void {
  if (workerId.length === 0 || workerId.length > 200)
    invalid("workerId must be 1 to 200 characters.");
}

function checkLease(leaseMs: number | undefined): number {
  const ms = leaseMs ?? DEFAULT_LEASE_MS;
  if (!Number.isInteger(ms) || ms < MIN_LEASE_MS || ms > MAX_LEASE_MS) {
    invalid(
      `leaseMs must be a whole number of milliseconds between ${MIN_LEASE_MS} and ${MAX_LEASE_MS}.`,
    );
  }
  return ms;
}

/**
 * Head of the queue, fair between owners (lib/fairQueue.ts): owners take turns, each owner's
 * jobs by runAt. Claim the first due row; some may be in the future: arm a timer for them.
 */
export const claimable = query({
  args: { secret, limit: v.optional(v.number()) },
  returns: v.array(v.object({ jobId: v.id("jobs"), runAt: v.number(), attempt: v.number() })),
  handler: async (ctx, args) => {
    await requireWorker(ctx, args.secret);
    const limit = Math.max(1, Math.min(CLAIMABLE_MAX, Math.floor(args.limit ?? 10) || 10));
    const jobs = await fairHead(ctx, limit);
    return jobs.map((job) => ({ jobId: job._id, runAt: job.runAt, attempt: job.attempt }));
  },
});

const claimResult = v.object({
  jobId: v.id("jobs"),
  attempt: v.number(),
  maxAttempts: v.number(),
  workerId: v.string(),
  leaseExpiresAt: v.number(),
  options: jobOptions,
  repository: v.object({
    url: v.string(),
    host: v.string(),
    name: v.string(),
    github: v.optional(githubRef),
    defaultBranch: v.optional(v.string()),
    private: v.boolean(),
  }),
  /**
   * Who asked for the course: the worker fetches their GitHub token from Clerk at run time
   * (the Clerk user id is the subject part of a Clerk tokenIdentifier).
   */
  owner: v.object({ tokenIdentifier: v.string() }),
  /** Names of complete checkpoints this attempt can resume from. */
  checkpoints: v.array(v.string()),
  /** The server's clock at the claim: the worker corrects its own by it. */
  serverTime: v.number(),
  /**
   * A refresh: the course this job brings up to date. The worker loads it with
   * workerPrevious.manifest / parts and hands it to the CLI's `--update`.
   */
  previousCourseId: v.optional(v.id("courses")),
});

/**
 * A claim that came too early by the server's clock (the worker's runs ahead): the job's
 * runAt and the server's time, so the worker re-arms its timer for the right moment
 * instead of waiting for the next change of the queue.
 */
const notDue = v.object({ notDue: v.literal(true), runAt: v.number(), serverTime: v.number() });

/**
 * Claims a queued, due job: counts an attempt and grants a lease. Null when the race is
 * lost; `{notDue, runAt, serverTime}` when the job is still queued but not due yet.
 */
export const claim = mutation({
  args: { secret, jobId: v.id("jobs"), workerId: v.string(), leaseMs: v.optional(v.number()) },
  returns: v.union(v.null(), claimResult, notDue),
  handler: async (ctx, args) => {
    await requireWorker(ctx, args.secret);
    checkWorkerId(args.workerId);
    const leaseMs = checkLease(args.leaseMs);
    const job = await ctx.db.get(args.jobId);
    if (job?.status !== "queued") return null;
    const now = Date.now();
    if (job.runAt > now) return { notDue: true as const, runAt: job.runAt, serverTime: now };
    const repo = await ctx.db.get(job.repositoryId);
    if (!repo) {
      await transitions.fail(ctx, job, {
        code: "repository_not_found",
        message:
          "The repository was removed before the job started. Add it again and request a new course.",
        retryable: false,
      });
      return null;
    }
    const owner = await ctx.db.get(job.ownerId);
    const claimed = await transitions.claim(ctx, job, args.workerId, leaseMs);
    return {
      jobId: claimed._id,
      attempt: claimed.attempt,
      maxAttempts: claimed.maxAttempts,
      workerId: args.workerId,
      leaseExpiresAt: claimed.leaseExpiresAt ?? 0,
      options: claimed.options,
      repository: {
        url: repo.url,
        host: repo.host,
        name: repo.name,
        github: repo.github,
        defaultBranch: repo.defaultBranch,
        private: repo.private,
      },
      owner: { tokenIdentifier: owner?.tokenIdentifier ?? "" },
      checkpoints: await checkpoints.completeNames(ctx, claimed),
      serverTime: now,
      previousCourseId: claimed.previousCourseId,
    };
  },
});

/** Renews the lease and records progress (and cloning/analyzing status); says whether a cancel was requested. */
export const heartbeat = mutation({
  args: {
    secret,
    ...fenceArgs,
    leaseMs: v.optional(v.number()),
    progress: v.optional(jobProgress),
    status: v.optional(workerReportedStatus),
    commit: v.optional(v.string()),
  },
  returns: ok({ cancelRequested: v.boolean(), leaseExpiresAt: v.number() }),
  handler: async (ctx, args) => {
    await requireWorker(ctx, args.secret);
    const leaseMs = checkLease(args.leaseMs);
    const p = args.progress;
    if (p) checkProgress(p);
    if (args.commit !== undefined && !/^[0-9a-f]{7,64}$/.test(args.commit)) {
      invalid("commit must be a hexadecimal git object id.");
    }
    const fence = await checkFence(ctx, args);
    if (!fence.ok) return fence;
    const { job } = fence;
    // A status earlier than the job's (a late heartbeat racing beginPublish) is ignored.
    const status =
      args.status && transitions.isForwardRunningStatus(job.status, args.status)
        ? args.status
        : undefined;
    const leaseExpiresAt = await transitions.renewLease(ctx, job, leaseMs, {
      status,
      progress: p,
      commit: args.commit,
    });
    return { ok: true as const, cancelRequested: job.cancelRequested, leaseExpiresAt };
  },
});

/**
 * A worker says it is up, and whether it has a model key: the request form then offers
 * models only when some worker can use one (workers.mode). Sent at start and every few minutes.
 * The answer is the server's clock, so a worker whose clock is behind does not wait past a
 * job's runAt (it compares runAt with its own clock corrected by this).
 */
export const announce = mutation({
  args: { secret, workerId: v.string(), offline: v.boolean() },
  returns: v.object({ serverTime: v.number() }),
  handler: async (ctx, { secret: given, workerId, offline }) => {
    await requireWorker(ctx, given);
    if (workerId.length === 0 || workerId.length > MAX_WORKER_ID_CHARS) {
      invalid(`workerId must be 1 to ${MAX_WORKER_ID_CHARS} characters.`);
    }
    const row = await ctx.db
      .query("workers")
      .withIndex("by_workerId", (q) => q.eq("workerId", workerId))
      .unique();
    const fields = { workerId, offline, seenAt: Date.now() };
    if (row) await ctx.db.patch(row._id, fields);
    else await ctx.db.insert("workers", fields);
    return { serverTime: fields.seenAt };
  },
});

/**
 * Reports the cloned commit (and whether this worker runs offline, without a model key). When
 * a complete course of the repository at that commit has the same options, the job ends here
 * as succeeded and up to date (lib/upToDate.ts): the answer names that course, and the worker
 * stops without running the CLI. Otherwise the commit is recorded and the run goes on.
 */
export const reportCommit = mutation({
  args: { secret, ...fenceArgs, commit: v.string(), offline: v.boolean() },
  returns: ok({ upToDate: v.union(v.null(), v.object({ courseId: v.id("courses") })) }),
  handler: async (ctx, args) => {
    await requireWorker(ctx, args.secret);
    if (!COMMIT_RE.test(args.commit)) invalid("commit must be a hexadecimal git object id.");
    const fence = await checkFence(ctx, args);
    if (!fence.ok) return fence;
    const { job } = fence;
    // Recorded either way: the job page says how the course is (or was) written.
    await ctx.db.patch(job._id, {
      commit: args.commit,
      offline: args.offline,
      updatedAt: Date.now(),
    });
    const course = await upToDate.sameCourse(ctx, job, args.commit, args.offline);
    if (!course) return { ok: true as const, upToDate: null };
    const courseId = await upToDate.endAsUpToDate(ctx, job, course, args.commit);
    return { ok: true as const, upToDate: { courseId } };
  },
});

const eventInput = v.object({
  ts: v.number(),
  kind: v.string(),
  level: eventLevel,
  message: v.string(),
  data: v.optional(v.any()),
});

/**
 * Appends a batch of events; the server numbers them (seq without gaps) and applies the
 * per-job cap. `progress` is the job's progress as of the batch's last event: the headline
 * moves with the log instead of waiting for the next heartbeat (it does not renew the lease).
 */
export const appendEvents = mutation({
  args: { secret, ...fenceArgs, events: v.array(eventInput), progress: v.optional(jobProgress) },
  returns: ok({
    accepted: v.number(),
    dropped: v.number(),
    lastSeq: v.number(),
    truncated: v.boolean(),
  }),
  handler: async (ctx, args) => {
    await requireWorker(ctx, args.secret);
    if (args.events.length > MAX_EVENTS_PER_BATCH) {
      invalid(`Send at most ${MAX_EVENTS_PER_BATCH} events per call (got ${args.events.length}).`);
    }
    for (const [i, event] of args.events.entries()) {
      if (event.kind.length === 0 || event.kind.length > MAX_EVENT_KIND_CHARS) {
        invalid(`Event ${i}: kind must be 1 to ${MAX_EVENT_KIND_CHARS} characters.`);
      }
      if (event.message.length > MAX_EVENT_MESSAGE_CHARS) {
        invalid(
          `Event ${i}: message is longer than ${MAX_EVENT_MESSAGE_CHARS} characters; shorten it.`,
        );
      }
      if (event.data !== undefined && JSON.stringify(event.data).length > MAX_EVENT_DATA_CHARS) {
        invalid(`Event ${i}: data is larger than ${MAX_EVENT_DATA_CHARS} characters of JSON.`);
      }
    }
    if (args.progress) checkProgress(args.progress);
    const fence = await checkFence(ctx, args);
    if (!fence.ok) return fence;
    if (args.progress) await transitions.recordProgress(ctx, fence.job, args.progress);
    const result = await appendJobEvents(ctx, fence.job._id, args.events);
    return { ok: true as const, ...result };
  },
});

/** Saves part `index` of `count` of a named checkpoint (JSON text) for this job. */
export const saveCheckpoint = mutation({
  args: {
    secret,
    ...fenceArgs,
    name: v.string(),
    index: v.number(),
    count: v.number(),
    data: v.string(),
  },
  returns: ok({ complete: v.boolean() }),
  handler: async (ctx, args) => {
    await requireWorker(ctx, args.secret);
    const fence = await checkFence(ctx, args);
    if (!fence.ok) return fence;
    return { ok: true as const, complete: await checkpoints.savePart(ctx, fence.job, args) };
  },
});

/** Loads part `index` of a complete checkpoint (`part` is null when there is none by that name). */
export const loadCheckpoint = query({
  args: { secret, ...fenceArgs, name: v.string(), index: v.number() },
  returns: ok({ part: v.union(v.null(), v.object({ count: v.number(), data: v.string() })) }),
  handler: async (ctx, args) => {
    await requireWorker(ctx, args.secret);
    const fence = await checkFence(ctx, args);
    if (!fence.ok) return fence;
    return {
      ok: true as const,
      part: await checkpoints.loadPart(ctx, fence.job, args.name, args.index),
    };
  },
});

/** Starts publishing: the course metadata and lesson list (job → publishing); markdown follows in parts. */
export const beginPublish = mutation({
  args: {
    secret,
    ...fenceArgs,
    course: publish.courseInput,
    lessons: v.array(publish.lessonInput),
  },
  returns: ok({ courseId: v.id("courses") }),
  handler: async (ctx, args) => {
    await requireWorker(ctx, args.secret);
    const fence = await checkFence(ctx, args);
    if (!fence.ok) return fence;
    return {
      ok: true as const,
      courseId: await publish.begin(ctx, fence.job, args.course, args.lessons),
    };
  },
});

/** Stores one markdown part (≤ MAX_CHAPTER_PART_CHARS) of a lesson of the course being published. */
export const addLessonPart = mutation({
  args: {
    secret,
    ...fenceArgs,
    courseId: v.id("courses"),
    slug: v.string(),
    index: v.number(),
    markdown: v.string(),
  },
  returns: ok({ lessonComplete: v.boolean() }),
  handler: async (ctx, args) => {
    await requireWorker(ctx, args.secret);
    const fence = await checkFence(ctx, args);
    if (!fence.ok) return fence;
    return { ok: true as const, lessonComplete: await publish.addPart(ctx, fence.job, args) };
  },
});

/**
 * Stores a batch of parts of the cited source files of the course being published (each
 * ≤ MAX_SOURCE_PART_CHARS; per-file and per-course caps in lib/sources.ts). Before
 * completePublish, which refuses a course whose files are missing parts.
 */
export const addSourceParts = mutation({
  args: {
    secret,
    ...fenceArgs,
    courseId: v.id("courses"),
    parts: v.array(sources.sourcePartInput),
  },
  returns: ok({ filesComplete: v.number() }),
  handler: async (ctx, args) => {
    await requireWorker(ctx, args.secret);
    const fence = await checkFence(ctx, args);
    if (!fence.ok) return fence;
    const course = await publish.publishingCourse(ctx, fence.job, args.courseId);
    return { ok: true as const, ...(await sources.addParts(ctx, course, args.parts)) };
  },
});

/** Finishes publishing: course visible, repository's latest course, job succeeded with its usage. */
export const completePublish = mutation({
  args: { secret, ...fenceArgs, courseId: v.id("courses"), usage, commit: v.optional(v.string()) },
  returns: ok({}),
  handler: async (ctx, args) => {
    await requireWorker(ctx, args.secret);
    const fence = await checkFence(ctx, args);
    if (!fence.ok) return fence;
    await publish.complete(ctx, fence.job, args);
    return { ok: true as const };
  },
});

/** Reports a failed attempt: retryable with attempts left → queued with backoff, else failed. */
export const fail = mutation({
  args: { secret, ...fenceArgs, code: jobErrorCode, message: v.string(), retryable: v.boolean() },
  returns: ok({
    status: v.union(v.literal("queued"), v.literal("failed")),
    runAt: v.optional(v.number()),
  }),
  handler: async (ctx, args) => {
    await requireWorker(ctx, args.secret);
    const message = args.message.trim();
    if (message.length === 0 || message.length > MAX_ERROR_MESSAGE_CHARS) {
      invalid(`message must be 1 to ${MAX_ERROR_MESSAGE_CHARS} characters saying what to do.`);
    }
    const fence = await checkFence(ctx, args);
    if (!fence.ok) return fence;
    const result = await transitions.retryOrFail(ctx, fence.job, {
      code: args.code,
      message,
      retryable: args.retryable,
    });
    return { ok: true as const, ...result };
  },
});

/** Confirms a requested cancel once the worker stopped the run (job → canceled). */
export const confirmCanceled = mutation({
  args: { secret, ...fenceArgs },
  returns: ok({}),
  handler: async (ctx, args) => {
    await requireWorker(ctx, args.secret);
    const fence = await checkFence(ctx, args);
    if (!fence.ok) return fence;
    if (!fence.job.cancelRequested) {
      throw userError(
        "conflict",
        "No cancel was requested for this job; keep running it or call fail.",
      );
    }
    await transitions.cancel(ctx, fence.job, "Canceled.");
    return { ok: true as const };
  },
});

/** Hands the job back on graceful shutdown, without counting the attempt (canceled if a cancel was requested). */
export const release = mutation({
  args: { secret, ...fenceArgs },
  returns: ok({ status: v.union(v.literal("queued"), v.literal("canceled")) }),
  handler: async (ctx, args) => {
    await requireWorker(ctx, args.secret);
    const fence = await checkFence(ctx, args);
    if (!fence.ok) return fence;
    if (fence.job.cancelRequested) {
      await transitions.cancel(
        ctx,
        fence.job,
        "Canceled (the worker stopped after the cancel request).",
      );
      return { ok: true as const, status: "canceled" as const };
    }
    await transitions.release(ctx, fence.job);
    return { ok: true as const, status: "queued" as const };
  },
});

/** The running jobs leased to `workerId`, with their cancel flags (subscribe to see cancels). */
export const watchRunning = query({
  args: { secret, workerId: v.string() },
  returns: v.array(
    v.object({
      jobId: v.id("jobs"),
      attempt: v.number(),
      status: jobStatus,
      cancelRequested: v.boolean(),
      leaseExpiresAt: v.optional(v.number()),
    }),
  ),
  handler: async (ctx, args) => {
    await requireWorker(ctx, args.secret);
    checkWorkerId(args.workerId);
    const jobs = await ctx.db
      .query("jobs")
      .withIndex("by_worker", (q) => q.eq("workerId", args.workerId))
      .take(100);
    return jobs.map((job) => ({
      jobId: job._id,
      attempt: job.attempt,
      status: job.status,
      cancelRequested: job.cancelRequested,
      leaseExpiresAt: job.leaseExpiresAt,
    }));
  },
});
