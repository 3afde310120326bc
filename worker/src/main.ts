#!/usr/bin/env node
/**
 * Entry point of the permanent worker: `node worker/src/main.ts` (development) or
 * `node worker/dist/worker.js` (the production bundle). Reads the environment, starts the
 * health server, connects to Convex, runs until SIGTERM/SIGINT, then shuts down gracefully
 * and exits 0.
 */
import { mkdir } from "node:fs/promises";
import { join } from "node:path";
import { MAX_SOURCE_BYTES_PER_COURSE } from "@fondation/shared";
import { ConfigError, configSecrets, describeConfig, loadConfig } from "./config.ts";
import { startHealthServer } from "./health/server.ts";
import { createLogger } from "./logger.ts";
import { CourseCache } from "./questions/courseCache.ts";
import { QuestionSlot } from "./questions/slot.ts";
import { makeRedactor } from "./redact.ts";
import { createConvexBackend } from "./runner/convexBackend.ts";
import { freeBytes } from "./runner/diskSpace.ts";
import { removeDeadFolders } from "./runner/sweepTempFolders.ts";
import { makeOwnerFolder, removeOwnerFolder } from "./runner/tempFolders.ts";
import { Worker } from "./runner/worker.ts";
import { WORKER_VERSION } from "./version.ts";

const HELP = `fondation-worker ${WORKER_VERSION}

Claims course jobs from Convex, clones, runs the Fondation CLI, streams events, publishes.
Configured with environment variables (see worker/README.md): CONVEX_URL and WORKER_SECRET
are required.

  --version   print the version
  --help      print this help
`;

async function main(argv: string[]): Promise<number> {
  if (argv.includes("--version")) {
    process.stdout.write(`${WORKER_VERSION}\n`);
    return 0;
  }
  if (argv.includes("--help") || argv.includes("-h")) {
    process.stdout.write(HELP);
    return 0;
  }
  let config: ReturnType<typeof loadConfig>;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      return 78; // EX_CONFIG
    }
    throw error;
  }
  const secrets = configSecrets(config);
  const logger = await createLogger({ level: config.logLevel, pretty: config.logPretty, secrets });
  const redact = makeRedactor(secrets);
  await mkdir(config.tempDir, { recursive: true });
  // What workers killed before they could clean up (SIGKILL, out of memory) left behind.
  await sweepTempDir(config.tempDir, logger);
  const ownerFolder = await makeOwnerFolder(config.tempDir);

  let connected = false;
  const backend = createConvexBackend({
    url: config.convexUrl,
    secret: config.workerSecret,
    workerId: config.workerId,
    logger,
    onConnectionChange: (now) => {
      connected = now;
      logger.info({ connected: now }, now ? "connected to Convex" : "disconnected from Convex");
    },
  });
  const worker = new Worker({
    backend,
    logger,
    redact,
    config,
    maxConcurrentJobs: config.maxConcurrentJobs,
    disk: { freeBytes: () => freeBytes(config.tempDir), minFreeBytes: config.minFreeDiskBytes },
  });
  // Questions have their own slot and lease (convex/lib/questionRules.ts: 1 s to 5 min).
  const questions =
    config.questionSlots > 0
      ? new QuestionSlot({
          backend: backend.questions,
          cache: new CourseCache(join(ownerFolder, "courses"), config.questionCourseCache),
          logger,
          redact,
          apiKey: config.anthropicApiKey,
          baseURL: config.anthropicBaseUrl,
          maxCourseBytes: config.maxOutputBytes + MAX_SOURCE_BYTES_PER_COURSE,
          slots: config.questionSlots,
          leaseMs: config.questionLeaseMs,
        })
      : null;
  const health = await startHealthServer({
    port: config.healthPort,
    host: config.healthHost,
    status: () => ({
      workerId: config.workerId,
      version: WORKER_VERSION,
      connected,
      draining: worker.isDraining,
      startedAt: worker.startedAt,
      lastClaimAt: worker.lastClaimAt,
      maxConcurrentJobs: config.maxConcurrentJobs,
      jobs: worker.jobs().map((j) => ({
        jobId: j.jobId,
        attempt: j.attempt,
        phase: j.phase,
        startedAt: j.startedAt,
      })),
      jobsFinished: worker.jobsFinished,
      problem: worker.unreadyReason,
    }),
  });
  logger.info({ config: describeConfig(config), healthPort: health.port }, "starting");
  if (config.githubToken && config.githubTokenRepos.length === 0) {
    // Not an error: a developer's shell often exports GITHUB_TOKEN for other tools.
    logger.warn(
      "GITHUB_TOKEN is set but GITHUB_TOKEN_REPOS is empty: the token is not used for any repository",
    );
  }
  worker.start();
  questions?.start();

  await untilStopSignal(logger);
  await Promise.all([
    worker.shutdown(config.shutdownGraceMs),
    questions?.shutdown(config.questionShutdownGraceMs),
  ]);
  await health.close();
  await removeOwnerFolder(config.tempDir).catch((err: unknown) => {
    logger.warn({ err }, "could not remove the worker's temp folder");
  });
  logger.flush();
  return 0;
}

/** Removes dead workers' folders; one that cannot be removed is logged, not fatal. */
async function sweepTempDir(
  tempDir: string,
  logger: Awaited<ReturnType<typeof createLogger>>,
): Promise<void> {
  try {
    const { removed, failed, killed } = await removeDeadFolders(tempDir);
    for (const { name, error } of failed) {
      logger.warn({ folder: name, error }, "could not remove a dead worker's folder");
    }
    if (killed.length > 0) logger.info({ pids: killed }, "killed the CLIs of dead workers");
    if (removed.length > 0 || failed.length > 0) {
      logger.info({ removed, failed: failed.length }, "removed the folders of dead jobs");
    }
  } catch (err) {
    logger.warn({ err }, "could not clean the temp folder");
  }
}

/**
 * Resolves on the first SIGTERM or SIGINT. The handlers stay installed for the whole
 * shutdown: execa's exit hook (signal-exit, armed once a CLI or clone has run) re-raises a
 * signal that has no other listener, which killed the worker mid-hand-back when these were
 * `once` listeners. A second SIGINT (Ctrl-C twice) exits at once; a second SIGTERM is ignored.
 */
function untilStopSignal(logger: Awaited<ReturnType<typeof createLogger>>): Promise<void> {
  return new Promise<void>((resolve) => {
    let received = false;
    const onSignal = (signal: NodeJS.Signals) => {
      if (!received) {
        received = true;
        logger.info({ signal }, "signal received");
        resolve();
      } else if (signal === "SIGINT") {
        process.exit(130);
      } else {
        logger.info({ signal }, "already shutting down");
      }
    };
    process.on("SIGTERM", onSignal);
    process.on("SIGINT", onSignal);
  });
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
    // Convex and timers are closed; exit even if a stray handle lingers.
    setTimeout(() => process.exit(code), 200).unref();
  },
  (error: unknown) => {
    process.stderr.write(`fatal: ${error instanceof Error ? error.stack : String(error)}\n`);
    process.exit(1);
  },
);
