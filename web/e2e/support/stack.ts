/**
 * The local stack the browser tests and the benchmark run against: the git server and the
 * local Convex process and worker from the worker's end-to-end harness (reused as is),
 * plus the web app (`next start` of web/.next, local sign-in) on http://localhost:<port>.
 * Everything listens on 127.0.0.1; `close()` stops every process it started, by PID.
 */
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pickFreePort } from "../../../scripts/dev/ports.ts";
import { startWeb } from "../../../scripts/dev/services.ts";
import { ensureWebBuild } from "../../../scripts/dev/webBuild.ts";
import {
  spawnWorker,
  startLocalConvexProcess,
  type WorkerProcess,
} from "../../../worker/test/support/e2e.ts";
import {
  type GitHttpServer,
  startGitHttpServer,
} from "../../../worker/test/support/git-http-server.ts";
import { type GatedCli, writeGatedCli } from "./gatedCli.ts";

export interface Stack {
  /** The web app's origin, http://localhost:<port> (also the local token issuer). */
  webUrl: string;
  convexUrl: string;
  /** The worker API's secret, for a test that writes as the worker would. */
  workerSecret: string;
  git: GitHttpServer;
  worker: WorkerProcess;
  /** The worker's CLI: runs wait at this gate until the test opens it. */
  cli: GatedCli;
  /** Stops the Convex backend (its data kept), as when it crashes or is restarted. */
  stopConvex(): Promise<void>;
  /** Starts it again on the same port with the same data. */
  startConvex(): Promise<void>;
  close(): Promise<void>;
}

export interface StackOptions {
  /** The worker's question slots (QUESTION_SLOTS); 0 when the test answers as the worker. */
  questionSlots?: number;
  /** More environment of the Convex deployment (a fair-use limit a test reaches). */
  convexEnv?: Record<string, string>;
  /** Open the CLI gate from the start (runs go straight through). Default: closed. */
  cliOpen?: boolean;
  /** Markdown the CLI appends to the first chapter of every course (hostile content). */
  appendToFirstChapter?: string;
  /** Markdown the CLI appends to the last lesson (`{{first}}`: the first chapter's link path). */
  appendToLastLesson?: string;
  log?: (line: string) => void;
}

/** The workers of the stacks now open, for a failed test's report (onFailure.ts). */
export const liveWorkers = new Set<WorkerProcess>();

export async function startStack(options: StackOptions = {}): Promise<Stack> {
  const log = options.log ?? (() => {});
  await ensureWebBuild((line) => log(`web-e2e: ${line}`));
  const root = mkdtempSync(join(tmpdir(), "web-e2e-"));
  const secret = `web-e2e-${Math.random().toString(36).slice(2)}-0123456789abcdef`;
  const port = await pickFreePort();
  const webUrl = `http://localhost:${port}`;
  const stops: (() => Promise<void>)[] = [];
  const close = async () => {
    for (const stop of stops.reverse()) await stop().catch(() => {});
    rmSync(root, { recursive: true, force: true });
  };
  try {
    const git = await startGitHttpServer();
    stops.push(() => git.close());
    const convexEnv = {
      WORKER_SECRET: secret,
      LOCAL_AUTH_ISSUER: webUrl,
      LOCAL_AUTH_JWKS_URL: `http://127.0.0.1:${port}/api/local-auth/jwks`,
      ALLOW_LOCAL_GIT_URLS: "true",
      ...options.convexEnv,
    };
    // A data file, so that a backend stopped by a test comes back with its data.
    const dataFile = join(root, "convex-data.sqlite");
    // A port outside the kernel's ephemeral range: while a test has the backend stopped,
    // another process's port-0 listener cannot take it and the restart still binds it.
    const convexPort = await pickFreePort();
    let convex = await startLocalConvexProcess(convexEnv, { dataFile, port: convexPort });
    let convexRunning = true;
    const stopConvex = async () => {
      if (convexRunning) await convex.stop();
      convexRunning = false;
    };
    const startConvex = async () => {
      convex = await startLocalConvexProcess(convexEnv, { dataFile, port: convexPort });
      convexRunning = true;
    };
    stops.push(stopConvex);
    const web = await startWeb({
      port,
      env: {
        ...process.env,
        NODE_ENV: "production",
        NEXT_TELEMETRY_DISABLED: "1",
        FONDATION_LOCAL_AUTH: "1",
        FONDATION_UNSAFE_LOCAL_AUTH_IN_PRODUCTION: "I_UNDERSTAND_ANYONE_CAN_SIGN_IN",
        FONDATION_APP_URL: webUrl,
        FONDATION_LOCAL_AUTH_KEY_FILE: join(root, "local-auth-key.json"),
        CONVEX_URL: convex.url,
      },
    });
    stops.push(async () => {
      await web.stop();
    });
    const cli = writeGatedCli(root, {
      open: options.cliOpen,
      appendToFirstChapter: options.appendToFirstChapter,
      appendToLastLesson: options.appendToLastLesson,
    });
    const workerDir = join(root, "worker");
    mkdirSync(workerDir);
    const worker = spawnWorker("web-e2e", workerDir, {
      CONVEX_URL: convex.url,
      WORKER_SECRET: secret,
      WORKER_ID: "web-e2e",
      LEASE_MS: "10000",
      CLI_PATH: cli.path,
      TEMP_DIR: workerDir,
      ...(options.questionSlots === undefined
        ? {}
        : { QUESTION_SLOTS: String(options.questionSlots) }),
      ALLOW_LOCAL_GIT: "1",
      HEALTH_PORT: "0",
      HEALTH_HOST: "127.0.0.1",
      LOG_LEVEL: "info",
      KILL_GRACE_MS: "500",
      SHUTDOWN_GRACE_MS: "2000",
    });
    liveWorkers.add(worker);
    stops.push(async () => {
      liveWorkers.delete(worker);
      if (worker.child.exitCode === null && worker.child.signalCode === null) {
        worker.child.kill("SIGTERM");
        const done = await Promise.race([
          worker.exited.then(() => true),
          new Promise((r) => setTimeout(() => r(false), 5_000)),
        ]);
        if (!done) worker.child.kill("SIGKILL");
      }
      await worker.exited;
    });
    await worker.waitLog((line) => line.connected === true, 30_000);
    log(`web-e2e: web ${webUrl}, convex ${convex.url}, git ${git.baseUrl}`);
    return {
      webUrl,
      convexUrl: convex.url,
      workerSecret: secret,
      git,
      worker,
      cli,
      stopConvex,
      startConvex,
      close,
    };
  } catch (error) {
    await close();
    throw error;
  }
}
