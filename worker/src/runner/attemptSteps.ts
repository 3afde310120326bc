/**
 * The steps of one attempt, in the order runAttempt (job.ts) calls them: make the job
 * folder → clone → report the commit (which may end the job, up to date) → hand back checkpoints → run the CLI (its events streamed, checkpoints
 * uploaded as announced) → publish the course. A step that cannot go on throws; how the
 * attempt then ends is attemptEnd.ts's word, and the folder's removal is endAttempt's
 * (attempt.ts).
 */
import { mkdir } from "node:fs/promises";
import { join } from "node:path";
import type { CliEvent } from "@fondation/shared";
import { type CliRunResult, runCli } from "../cli/runCli.ts";
import { type LoadedCourse, loadCourse } from "../course/loadCourse.ts";

import { cloneIsolated } from "../git/cloneProcess.ts";
import { type Attempt, type JobFolders, pathScrubber } from "./attempt.ts";
import { accepted, type CourseInput, LeaseLostError, type LessonInput } from "./backend.ts";
import { checkpointPath, restoreCheckpoints, uploadCheckpoint } from "./checkpoints.ts";
import { resolveCloneAuth } from "./githubToken.ts";
import type { StopReason } from "./job.ts";
import { toEventInput, workerEvent } from "./progress.ts";
import { publishSourceFiles } from "./publishSources.ts";
import { keptForRefresh } from "./refreshFields.ts";
import { makeJobFolder, recordCliChild } from "./tempFolders.ts";

/** Makes the attempt's folder (recorded at once, so every path removes it) and its scrubber. */
export async function prepareJobFolder(attempt: Attempt): Promise<JobFolders> {
  const { claimed } = attempt;
  const { tempDir } = attempt.deps.config;
  const jobDir = await makeJobFolder(tempDir, claimed.jobId, claimed.attempt);
  // The CLI names the course after its folder (or the project manifest), so the clone's
  // folder carries the repository's name rather than a fixed "repo".
  const repoDir = join(jobDir, "src", repoFolderName(claimed.repository.name));
  const outDir = join(jobDir, "out");
  attempt.folders = { jobDir, repoDir, outDir };
  await mkdir(outDir, { recursive: true });
  attempt.scrub = pathScrubber([
    [`${repoDir}/`, ""],
    [repoDir, "."],
    [outDir, "<output>"],
    [jobDir, "<job folder>"],
    [tempDir, "<temp>"],
  ]);
  return attempt.folders;
}

/** Clones in a separate, memory-capped process that timeout and cancel kill (cloneProcess.ts). */
export async function cloneRepository(attempt: Attempt, repoDir: string): Promise<void> {
  const { claimed, job } = attempt;
  const { config } = attempt.deps;
  attempt.tracker.set("Cloning the repository");
  await attempt.enter("cloning", "cloning");
  attempt.emit(workerEvent("clone.started", `Cloning ${claimed.repository.name}`));
  const auth = await resolveCloneAuth(
    claimed.repository,
    claimed.owner,
    config,
    attempt.deps.fetchImpl,
  );
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
    timeoutMs: Math.min(config.cloneTimeoutMs, Math.max(1_000, attempt.deadline - Date.now())),
    allowLocal: config.allowLocalGit,
    signal: attempt.signal,
    keepSpare: true,
    onStart: (pid) => {
      job.clonePid = pid;
    },
  }).finally(() => {
    job.clonePid = undefined;
  });
  attempt.log.info(
    { peakRssBytes: cloned.peakRssBytes, files: cloned.tree.files, bytes: cloned.tree.bytes },
    "cloned",
  );
  attempt.commit = cloned.commit;
  attempt.emit(
    workerEvent("clone.completed", `Cloned commit ${cloned.commit.slice(0, 12)}`, "info", {
      commit: cloned.commit,
      bytes: cloned.bytesFetched,
    }),
  );
}

/**
 * Reports the cloned commit, with whether this worker runs offline (no model key: the CLI
 * then writes the structural course). Returns the course id when Convex answers that the
 * commit already has a course with the job's options: Convex has then ended the job as up to
 * date, and the CLI must not run. The clone's events are delivered first, while the job runs.
 */
export async function reportCommit(attempt: Attempt): Promise<string | null> {
  const { commit, fence } = attempt;
  const { backend, config } = attempt.deps;
  if (!commit) return null;
  if (!(await attempt.batcher.drain())) throw stoppedError(attempt.reason());
  const offline = !config.anthropicApiKey;
  const { upToDate } = accepted(await backend.reportCommit(fence, { commit, offline }));
  if (upToDate === null) return null;
  attempt.log.info({ courseId: upToDate.courseId, commit }, "already up to date");
  return upToDate.courseId;
}

/** Writes back an earlier attempt's checkpoints; true when the CLI should --resume. */
export async function restoreEarlierCheckpoints(
  attempt: Attempt,
  outDir: string,
): Promise<boolean> {
  const { checkpoints } = attempt.claimed;
  if (checkpoints.length === 0) return false;
  const restored = await restoreCheckpoints(
    attempt.deps.backend,
    attempt.fence,
    outDir,
    checkpoints,
  );
  if (restored.length === 0) return false;
  attempt.emit(
    workerEvent("checkpoints.restored", `Resuming from ${restored.length} checkpoint(s)`, "info", {
      names: restored.slice(0, 50),
    }),
  );
  return true;
}

/** Runs the CLI with the event pipeline; returns once its checkpoint uploads are done too. */
export async function runAnalysis(
  attempt: Attempt,
  { jobDir, repoDir, outDir }: JobFolders,
  resume: boolean,
  update: string | null,
): Promise<CliRunResult> {
  const { claimed, deps } = attempt;
  attempt.tracker.set("Analysing");
  await attempt.enter("analyzing", "analyzing");
  const result = await runCli({
    cliPath: deps.config.cliPath,
    repoDir,
    outDir,
    language: claimed.options.language,
    model: claimed.options.model,
    resume,
    ...(update ? { update } : {}),
    repositoryUrl: claimed.repository.url,
    env: {
      ANTHROPIC_API_KEY: deps.config.anthropicApiKey,
      ANTHROPIC_BASE_URL: deps.config.anthropicBaseUrl,
      NODE_ENV: "production",
      ...deps.cliEnv,
    },
    timeoutMs: Math.max(1_000, attempt.deadline - Date.now()),
    killGraceMs: deps.config.killGraceMs,
    signal: attempt.signal,
    redact: deps.redact,
    onEvent: cliEventHandler(attempt, outDir),
    // So that, if this worker is killed, the next one can stop the CLI left running.
    onSpawn: (pid) => {
      if (!recordCliChild(jobDir, pid)) attempt.log.warn({ pid }, "could not record the CLI");
    },
  });
  await attempt.uploads;
  return result;
}

/**
 * Each CLI event: progress, a jobEvents row, the upload of a checkpoint it announces (once
 * per name; the claim's own are already saved), and a heartbeat after each finished step.
 */
function cliEventHandler(attempt: Attempt, outDir: string): (event: CliEvent) => void {
  const uploaded = new Set<string>(attempt.claimed.checkpoints);
  return (event) => {
    // The CLI's "interrupted" answer to a stop the worker made (cancel, timeout, lost lease,
    // shutdown) is not the job's failure: the worker's own end event says what happened.
    if (event.kind === "run.failed" && attempt.reason() !== undefined) return;
    attempt.tracker.apply(event);
    attempt.emit(toEventInput(event));
    const name = announcedCheckpoint(event);
    if (name && !uploaded.has(name) && checkpointPath(outDir, name)) {
      uploaded.add(name);
      queueCheckpointUpload(attempt, outDir, name);
    }
    if (event.kind === "step.completed" || event.kind === "chapter.completed") {
      void attempt.beat();
    }
  };
}

/** Chains one upload after the others; a refusal stops the job as lost, other errors warn. */
function queueCheckpointUpload(attempt: Attempt, outDir: string, name: string): void {
  const { deps, fence, job, log, signal } = attempt;
  attempt.uploads = attempt.uploads.then(async () => {
    if (signal.aborted) return;
    try {
      const saved = await uploadCheckpoint(deps.backend, fence, outDir, name);
      log.debug({ checkpoint: name, parts: saved?.parts }, "checkpoint saved");
    } catch (error) {
      if (error instanceof LeaseLostError) job.stop({ kind: "lost", why: error.reason });
      else log.warn({ err: error, checkpoint: name }, "checkpoint upload failed");
    }
  });
}

function announcedCheckpoint(event: CliEvent): string | undefined {
  if (event.kind === "step.completed" && !event.resumed) return event.checkpoint;
  if (event.kind === "chapter.completed") return event.checkpoint;
  return undefined;
}

/**
 * Loads the CLI's course (within MAX_OUTPUT_BYTES) and publishes it: every event delivered
 * first, then the course, its lessons' parts one by one, the cited source files, and the
 * completion with usage.
 */
export async function publishCourse(
  attempt: Attempt,
  outDir: string,
  result: CliRunResult,
): Promise<string> {
  const { backend, config } = attempt.deps;
  const { fence, commit } = attempt;
  await attempt.enter("publishing");
  const course = await loadCourse(outDir, {
    maxBytes: config.maxOutputBytes,
    manifestFile: result.completed.manifest,
  });
  attempt.emit(workerEvent("publish.started", `Publishing ${course.lessons.length} lessons`));
  if (!(await attempt.batcher.drain())) throw stoppedError(attempt.reason());
  const payload = coursePayload(course, commit);
  const kept = keptForRefresh(course.manifest);
  if (kept.dropped) {
    attempt.emit(
      workerEvent(
        "publish.files_not_kept",
        `The course stands on more files than can be kept (${kept.dropped}): its next refresh compares without their ids.`,
        "warn",
      ),
    );
  }
  Object.assign(payload.course, kept.fields);
  const { courseId } = accepted(await backend.beginPublish(fence, payload));
  for (const lesson of course.lessons) {
    for (const [index, markdown] of lesson.parts.entries()) {
      attempt.signal.throwIfAborted();
      accepted(
        await backend.addLessonPart(fence, { courseId, slug: lesson.slug, index, markdown }),
      );
    }
  }
  attempt.signal.throwIfAborted();
  if (attempt.folders) await publishSourceFiles(attempt, attempt.folders.repoDir, courseId, course);
  attempt.signal.throwIfAborted();
  accepted(
    await backend.completePublish(fence, {
      courseId,
      usage: result.completed.usage,
      ...(commit ? { commit } : {}),
    }),
  );
  attempt.log.info(
    { courseId, lessons: course.lessons.length, eventFlushes: attempt.batcher.flushCount },
    "course published",
  );
  return courseId;
}

/** The course and its lessons as beginPublish takes them: the parts follow one by one. */
function coursePayload(
  course: LoadedCourse,
  commit: string | undefined,
): { course: CourseInput; lessons: LessonInput[] } {
  const m = course.manifest;
  return {
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
  };
}

/** Why the events could not all be delivered before publishing. */
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
