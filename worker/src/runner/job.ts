/**
 * One attempt of one job, from claim to a final word to Convex: clone → hand back
 * checkpoints → run the CLI (events batched, checkpoints uploaded as announced, lease
 * renewed with progress) → publish the course. Stops at once when Convex refuses a fenced
 * write (no more writes at all), stops the CLI and confirms on cancel, hands the job back
 * on shutdown, and reports any other failure with its code. Its folder is always removed.
 */
import { realpathSync } from "node:fs";
import { mkdir, rm } from "node:fs/promises";
import { join } from "node:path";
import type { CliEvent, JobProgress } from "@fondation/shared";
import { ConvexError } from "convex/values";
import { CliCanceledError, runCli } from "../cli/runCli.ts";
import type { WorkerConfig } from "../config.ts";
import { loadCourse } from "../course/loadCourse.ts";
import { EventBatcher } from "../events/batcher.ts";
import { cloneIsolated } from "../git/cloneProcess.ts";
import { formatDuration, isJobFailure, JobFailure } from "../jobFailure.ts";
import type { Logger } from "../logger.ts";
import type { Redactor } from "../redact.ts";
import {
  accepted,
  type ClaimedJob,
  type EventInput,
  type Fence,
  LeaseLostError,
  type WorkerBackend,
} from "./backend.ts";
import { checkpointPath, restoreCheckpoints, uploadCheckpoint } from "./checkpoints.ts";
import { resolveCloneAuth } from "./githubToken.ts";
import { ProgressTracker, toEventInput, workerEvent } from "./progress.ts";
import { makeJobFolder } from "./tempFolders.ts";

export type StopReason =
  | { kind: "cancel" }
  | { kind: "shutdown" }
  | { kind: "lost"; why: string }
  | { kind: "timeout" };

export type JobOutcome =
  | { kind: "succeeded"; courseId: string }
  | { kind: "failed"; code: string; status: "queued" | "failed" | "unknown" }
  | { kind: "canceled" }
  | { kind: "released" }
  | { kind: "lost"; why: string };

export type JobPhase = "claimed" | "cloning" | "analyzing" | "publishing" | "stopping";

export type WorkerJobConfig = Pick<
  WorkerConfig,
  | "cliPath"
  | "tempDir"
  | "leaseMs"
  | "jobTimeoutMs"
  | "maxRepoBytes"
  | "maxOutputBytes"
  | "cloneTimeoutMs"
  | "maxRepoObjects"
  | "maxRepoFiles"
  | "maxFileBytes"
  | "maxPathDepth"
  | "cloneMemoryBytes"
  | "killGraceMs"
  | "allowLocalGit"
  | "githubToken"
  | "githubTokenRepos"
  | "clerkSecretKey"
  | "clerkApiUrl"
  | "anthropicApiKey"
  | "anthropicBaseUrl"
>;

export interface JobDeps {
  backend: WorkerBackend;
  config: WorkerJobConfig;
  logger: Logger;
  redact: Redactor;
  /** Extra environment for the CLI (tests: the fake CLI's scenario). */
  cliEnv?: Record<string, string>;
  fetchImpl?: typeof fetch;
  batchIntervalMs?: number;
}

/** A running attempt: its outcome, and a way to stop it from outside. */
export interface RunningJob {
  readonly jobId: string;
  readonly attempt: number;
  readonly startedAt: number;
  phase: JobPhase;
  /** The clone process while it runs (it is killed on stop). */
  clonePid?: number | undefined;
  stop(reason: StopReason): void;
  readonly done: Promise<JobOutcome>;
}

export function startJob(claimed: ClaimedJob, deps: JobDeps): RunningJob {
  const controller = new AbortController();
  let stopReason: StopReason | undefined;
  const job: RunningJob = {
    jobId: claimed.jobId,
    attempt: claimed.attempt,
    startedAt: Date.now(),
    phase: "claimed",
    stop(reason) {
      if (stopReason) {
        // A lost lease overrides anything: no more writes.
        if (reason.kind !== "lost" || stopReason.kind === "lost") return;
      }
      stopReason = reason;
      job.phase = "stopping";
      controller.abort(reason);
    },
    done: Promise.resolve() as unknown as Promise<JobOutcome>,
  };
  (job as { done: Promise<JobOutcome> }).done = runAttempt(
    claimed,
    deps,
    job,
    controller.signal,
    () => stopReason,
  );
  return job;
}

async function runAttempt(
  claimed: ClaimedJob,
  deps: JobDeps,
  job: RunningJob,
  signal: AbortSignal,
  reason: () => StopReason | undefined,
): Promise<JobOutcome> {
  const { backend, config, redact } = deps;
  const log = deps.logger.child({ jobId: claimed.jobId, attempt: claimed.attempt });
  const fence: Fence = { jobId: claimed.jobId, attempt: claimed.attempt };
  let jobDir: string | undefined;
  let repoDir = "";
  let outDir = "";
  // No path of this machine reaches an event or a message a user sees.
  let scrub: (text: string) => string = (text) => text;
  const tracker = new ProgressTracker();
  const deadline = Date.now() + config.jobTimeoutMs;
  let commit: string | undefined;

  const batcher = new EventBatcher<EventInput>({
    flush: (batch) => backend.appendEvents(fence, batch),
    intervalMs: deps.batchIntervalMs ?? 200,
    maxBatch: 100, // under MAX_EVENTS_PER_BATCH; smaller batches reach the UI sooner in a burst
    onStop: ({ refused, error }) => {
      if (refused) job.stop({ kind: "lost", why: "events refused" });
      else log.warn({ err: error }, "events could not be sent; continuing without them");
    },
  });
  const emit = (event: EventInput) => batcher.push(scrubEvent(event, scrub));

  // Lease renewal with progress, at about a third of the lease; one heartbeat at a time.
  let beating: Promise<void> | undefined;
  let status: "cloning" | "analyzing" | undefined;
  const beat = (): Promise<void> => {
    if (beating || reason()?.kind === "lost") return beating ?? Promise.resolve();
    const progress: JobProgress = tracker.progress;
    beating = backend
      .heartbeat(fence, {
        leaseMs: config.leaseMs,
        progress,
        ...(status ? { status } : {}),
        ...(commit ? { commit } : {}),
      })
      .then((result) => {
        if (!result.ok) {
          log.warn({ reason: result.reason }, "lease refused: stopping the job");
          job.stop({ kind: "lost", why: result.reason });
        } else if (result.cancelRequested) {
          job.stop({ kind: "cancel" });
        }
      })
      .catch((error: unknown) => log.warn({ err: error }, "heartbeat failed; will retry"))
      .finally(() => {
        beating = undefined;
      });
    return beating;
  };
  const heartbeatTimer = setInterval(
    () => void beat(),
    Math.max(200, Math.floor(config.leaseMs / 3)),
  );
  const timeoutTimer = setTimeout(() => job.stop({ kind: "timeout" }), config.jobTimeoutMs);
  let uploads: Promise<void> = Promise.resolve();

  const enter = async (phase: JobPhase, reported?: "cloning" | "analyzing") => {
    signal.throwIfAborted();
    job.phase = phase;
    if (reported) {
      status = reported;
      await beat();
      signal.throwIfAborted();
    }
  };

  try {
    log.info({ repository: claimed.repository.name }, "job claimed");
    jobDir = await makeJobFolder(config.tempDir, claimed.jobId, claimed.attempt);
    // The CLI names the course after its folder (or the project manifest), so the clone's
    // folder carries the repository's name rather than a fixed "repo".
    repoDir = join(jobDir, "src", repoFolderName(claimed.repository.name));
    outDir = join(jobDir, "out");
    await mkdir(outDir, { recursive: true });
    scrub = pathScrubber([
      [`${repoDir}/`, ""],
      [repoDir, "."],
      [outDir, "<output>"],
      [jobDir, "<job folder>"],
      [config.tempDir, "<temp>"],
    ]);

    // 1. Clone.
    tracker.set("Cloning the repository");
    await enter("cloning", "cloning");
    emit(workerEvent("clone.started", `Cloning ${claimed.repository.name}`));
    const auth = await resolveCloneAuth(claimed.repository, claimed.owner, config, deps.fetchImpl);
    // In a separate, memory-capped process that timeout and cancel kill (cloneProcess.ts).
    const cloned = await cloneIsolated({
      url: claimed.repository.url,
      ref: claimed.options.ref,
      dir: repoDir,
      auth,
      maxBytes: config.maxRepoBytes,
      limits: {
        maxObjects: config.maxRepoObjects,
        maxFiles: config.maxRepoFiles,
        maxFileBytes: config.maxFileBytes,
        maxDepth: config.maxPathDepth,
      },
      memoryBytes: config.cloneMemoryBytes,
      timeoutMs: Math.min(config.cloneTimeoutMs, Math.max(1_000, deadline - Date.now())),
      allowLocal: config.allowLocalGit,
      signal,
      onStart: (pid) => {
        job.clonePid = pid;
      },
    }).finally(() => {
      job.clonePid = undefined;
    });
    log.info(
      { peakRssBytes: cloned.peakRssBytes, files: cloned.tree.files, bytes: cloned.tree.bytes },
      "cloned",
    );
    commit = cloned.commit;
    emit(
      workerEvent("clone.completed", `Cloned commit ${cloned.commit.slice(0, 12)}`, "info", {
        commit: cloned.commit,
        bytes: cloned.bytesFetched,
      }),
    );

    // 2. Hand back checkpoints from an earlier attempt.
    let resume = false;
    if (claimed.checkpoints.length > 0) {
      const restored = await restoreCheckpoints(backend, fence, outDir, claimed.checkpoints);
      resume = restored.length > 0;
      if (resume) {
        emit(
          workerEvent(
            "checkpoints.restored",
            `Resuming from ${restored.length} checkpoint(s)`,
            "info",
            {
              names: restored.slice(0, 50),
            },
          ),
        );
      }
    }

    // 3. Analyse.
    tracker.set("Analysing");
    await enter("analyzing", "analyzing");
    const uploaded = new Set<string>(claimed.checkpoints);
    const onEvent = (event: CliEvent) => {
      tracker.apply(event);
      emit(toEventInput(event));
      const name = announcedCheckpoint(event);
      if (name && !uploaded.has(name) && checkpointPath(outDir, name)) {
        uploaded.add(name);
        uploads = uploads.then(async () => {
          if (signal.aborted) return;
          try {
            const saved = await uploadCheckpoint(backend, fence, outDir, name);
            log.debug({ checkpoint: name, parts: saved?.parts }, "checkpoint saved");
          } catch (error) {
            if (error instanceof LeaseLostError) job.stop({ kind: "lost", why: error.reason });
            else log.warn({ err: error, checkpoint: name }, "checkpoint upload failed");
          }
        });
      }
      if (event.kind === "step.completed" || event.kind === "chapter.completed") void beat();
    };
    const result = await runCli({
      cliPath: config.cliPath,
      repoDir,
      outDir,
      language: claimed.options.language,
      model: claimed.options.model,
      resume,
      repositoryUrl: claimed.repository.url,
      env: {
        ANTHROPIC_API_KEY: config.anthropicApiKey,
        ANTHROPIC_BASE_URL: config.anthropicBaseUrl,
        NODE_ENV: "production",
        ...deps.cliEnv,
      },
      timeoutMs: Math.max(1_000, deadline - Date.now()),
      killGraceMs: config.killGraceMs,
      signal,
      redact,
      onEvent,
    });
    await uploads;

    // 4. Publish.
    await enter("publishing");
    const course = await loadCourse(outDir, {
      maxBytes: config.maxOutputBytes,
      manifestFile: result.completed.manifest,
    });
    emit(workerEvent("publish.started", `Publishing ${course.lessons.length} lessons`));
    if (!(await batcher.drain())) throw stoppedError(reason());
    const m = course.manifest;
    const { courseId } = accepted(
      await backend.beginPublish(fence, {
        course: {
          title: m.title,
          summary: m.summary,
          language: m.language,
          model: m.model,
          ...(commit ? { commit } : {}),
          abstractions: m.abstractions,
          relationships: m.relationships,
        },
        lessons: course.lessons.map(({ parts, ...lesson }) => ({
          ...lesson,
          partCount: parts.length,
        })),
      }),
    );
    for (const lesson of course.lessons) {
      for (const [index, markdown] of lesson.parts.entries()) {
        signal.throwIfAborted();
        accepted(
          await backend.addLessonPart(fence, { courseId, slug: lesson.slug, index, markdown }),
        );
      }
    }
    signal.throwIfAborted();
    accepted(
      await backend.completePublish(fence, {
        courseId,
        usage: result.completed.usage,
        ...(commit ? { commit } : {}),
      }),
    );
    log.info(
      { courseId, lessons: course.lessons.length, eventFlushes: batcher.flushCount },
      "course published",
    );
    batcher.stop(); // the job is succeeded: no more events
    return { kind: "succeeded", courseId };
  } catch (error) {
    return await finish(error);
  } finally {
    clearInterval(heartbeatTimer);
    clearTimeout(timeoutTimer);
    batcher.stop();
    await uploads.catch(() => {});
    if (jobDir) {
      await rm(jobDir, { recursive: true, force: true }).catch((err: unknown) =>
        log.error({ err }, "could not remove the job folder"),
      );
    }
  }

  async function finish(error: unknown): Promise<JobOutcome> {
    const stopped = reason();
    if (error instanceof LeaseLostError || stopped?.kind === "lost") {
      const why = stopped?.kind === "lost" ? stopped.why : (error as LeaseLostError).reason;
      log.warn({ why }, "lost the job's lease: stopped without further writes");
      batcher.stop();
      return { kind: "lost", why };
    }
    try {
      if (stopped?.kind === "cancel") {
        await batcher.drain();
        accepted(await backend.confirmCanceled(fence));
        log.info("job canceled");
        return { kind: "canceled" };
      }
      if (stopped?.kind === "shutdown") {
        await batcher.drain();
        const released = accepted(await backend.release(fence));
        log.info({ status: released.status }, "job handed back");
        return { kind: "released" };
      }
      const found =
        stopped?.kind === "timeout"
          ? new JobFailure(
              "job_timeout",
              `The job took longer than its ${formatDuration(config.jobTimeoutMs)} limit and was stopped.`,
              true,
            )
          : isJobFailure(error)
            ? error
            : refusedArgument(error)
              ? new JobFailure(
                  "analysis_failed",
                  `Convex refused the course the analysis produced: ${refusedArgument(error)}`.slice(
                    0,
                    1_000,
                  ),
                  false,
                )
              : error instanceof CliCanceledError
                ? new JobFailure("internal", "The analysis was stopped unexpectedly.", true)
                : new JobFailure(
                    "internal",
                    `The worker hit an unexpected error: ${redact(String((error as Error)?.message ?? error)).slice(0, 300)}.`,
                    true,
                  );
      // Convex retries a retryable failure while attempts are left (retryOrFail): say so
      // only then, so the last attempt's message never promises a retry that won't come.
      const failure = new JobFailure(
        found.code,
        withRetryNote(
          scrub(found.message),
          found.retryable && claimed.attempt < claimed.maxAttempts,
          found.code,
        ),
        found.retryable,
      );
      log.warn({ code: failure.code, retryable: failure.retryable, err: error }, "job failed");
      emit(workerEvent("failed", failure.message, "error", { code: failure.code }));
      await batcher.drain();
      const result = accepted(
        await backend.fail(fence, {
          code: failure.code,
          message: failure.message.slice(0, 2_000),
          retryable: failure.retryable,
        }),
      );
      return { kind: "failed", code: failure.code, status: result.status };
    } catch (inner) {
      if (inner instanceof LeaseLostError) {
        log.warn({ why: inner.reason }, "lost the job's lease while reporting");
        return { kind: "lost", why: inner.reason };
      }
      log.error({ err: inner }, "could not report the job's end; its lease will expire");
      return { kind: "failed", code: "internal", status: "unknown" };
    }
  }
}

/** The sentence that ends a failure's message when Convex will retry it. */
export function withRetryNote(message: string, willRetry: boolean, code: string): string {
  if (!willRetry) return message;
  const sentence = /[.!?]$/.test(message.trim()) ? message.trim() : `${message.trim()}.`;
  return code === "job_timeout"
    ? `${sentence} It will be retried, resuming from its checkpoints.`
    : `${sentence} The job will be retried.`;
}

/** Replaces each path (longest first) in a text; the paths of one job's folders. */
function pathScrubber(pairs: [string, string][]): (text: string) => string {
  const all: [string, string][] = [];
  for (const [path, shown] of pairs) {
    all.push([path, shown]);
    try {
      const real = realpathSync(path.replace(/\/$/, ""));
      if (real !== path.replace(/\/$/, "")) {
        all.push([path.endsWith("/") ? `${real}/` : real, shown]);
      }
    } catch {
      // not made yet (the clone's folder): the path as written is what appears
    }
  }
  all.sort((a, b) => b[0].length - a[0].length);
  return (text) => {
    let out = text;
    for (const [path, shown] of all) if (path) out = out.split(path).join(shown);
    return out;
  };
}

/** An event with every string in it (message and data) scrubbed of the job's paths. */
function scrubEvent(event: EventInput, scrub: (text: string) => string): EventInput {
  const walk = (value: unknown): unknown => {
    if (typeof value === "string") return scrub(value);
    if (Array.isArray(value)) return value.map(walk);
    if (value && typeof value === "object") {
      return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, walk(v)]));
    }
    return value;
  };
  return {
    ...event,
    message: scrub(event.message),
    ...(event.data !== undefined ? { data: walk(event.data) } : {}),
  };
}

function announcedCheckpoint(event: CliEvent): string | undefined {
  if (event.kind === "step.completed" && !event.resumed) return event.checkpoint;
  if (event.kind === "chapter.completed") return event.checkpoint;
  return undefined;
}

/** The message of a ConvexError {code: "invalid_argument"} (bad input, retrying won't help). */
function refusedArgument(error: unknown): string | undefined {
  if (!(error instanceof ConvexError)) return undefined;
  const data = error.data as { code?: unknown; message?: unknown } | undefined;
  return data?.code === "invalid_argument" && typeof data.message === "string"
    ? data.message
    : undefined;
}

function stoppedError(stopped: StopReason | undefined): Error {
  return stopped?.kind === "lost"
    ? new LeaseLostError({ ok: false, reason: stopped.why, message: "stopped" })
    : new Error("events could not be delivered");
}

/** A safe folder name from a display name such as `owner/name` or a URL's last segment. */
export function repoFolderName(displayName: string): string {
  const last = displayName.split("/").filter(Boolean).pop() ?? "";
  const safe = last
    .replace(/\.git$/, "")
    .replace(/[^A-Za-z0-9._-]+/g, "-")
    .replace(/^[.-]+/, "");
  return safe.length > 0 ? safe.slice(0, 100) : "repository";
}
