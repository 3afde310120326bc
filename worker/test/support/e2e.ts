/**
 * End-to-end harness: the local Convex backend (tools/local-convex, a child process running
 * the real convex/ functions), a JWT issuer for a test user, the smart-HTTP git server, and
 * worker processes (`node worker/src/main.ts`) with the real ConvexClient. Reused by the
 * worker's end-to-end tests and benchmarks.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { fileURLToPath, pathToFileURL } from "node:url";
import { DEFAULT_MODEL } from "@fondation/shared";
import { ConvexClient } from "convex/browser";
import { makeFunctionReference } from "convex/server";
import { exportJWK, generateKeyPair, SignJWT } from "jose";
import WebSocket from "ws";
import { pickFreePort } from "../../../scripts/dev/ports.ts";
import { type GitHttpServer, startGitHttpServer } from "./git-http-server.ts";
import { jobFoldersIn } from "./jobFolders.ts";

export const ROOT = fileURLToPath(new URL("../../../", import.meta.url));
export const FAKE_CLI = fileURLToPath(new URL("../fixtures/fake-cli.mjs", import.meta.url));
export const REAL_CLI = join(ROOT, "cli/src/main.ts");
const ISSUER = "https://issuer.worker-e2e.test";

// biome-ignore lint/suspicious/noExplicitAny: test references are untyped on purpose.
type Any = any;
export const fns = {
  store: makeFunctionReference<"mutation", Any, Any>("users:store"),
  addByUrl: makeFunctionReference<"mutation", Any, Any>("repositories:addByUrl"),
  request: makeFunctionReference<"mutation", Any, Any>("jobs:request"),
  cancel: makeFunctionReference<"mutation", Any, Any>("jobs:cancel"),
  getJob: makeFunctionReference<"query", Any, Any>("jobs:get"),
  events: makeFunctionReference<"query", Any, Any>("jobEvents:list"),
  tail: makeFunctionReference<"query", Any, Any>("jobEvents:tail"),
  course: makeFunctionReference<"query", Any, Any>("courses:get"),
  listForRepository: makeFunctionReference<"query", Any, Any>("courses:listForRepository"),
  sourceFile: makeFunctionReference<"query", Any, Any>("sources:file"),
};

export interface JobView {
  _id: string;
  repositoryId: string;
  status: string;
  attempt: number;
  maxAttempts: number;
  runAt: number;
  cancelRequested: boolean;
  error?: { code: string; message: string; retryable: boolean };
  courseId?: string;
  commit?: string;
  eventCount: number;
}

export interface EventView {
  seq: number;
  ts: number;
  kind: string;
  level: string;
  message: string;
  data?: Record<string, unknown>;
}

export interface WorkerProcess {
  id: string;
  child: ChildProcess;
  logs: Record<string, unknown>[];
  tempDir: string;
  exited: Promise<number | null>;
  healthPort: Promise<number>;
  /** The last few KB the process wrote to stderr. */
  stderrTail(): string;
  /** Resolves when a log line matches. */
  waitLog(
    match: (line: Record<string, unknown>) => boolean,
    timeoutMs?: number,
  ): Promise<Record<string, unknown>>;
}

export interface WorkerOptions {
  id?: string;
  /** The worker's entry script (default: worker/src/main.ts; the bundle in its test). */
  entry?: string;
  leaseMs?: number;
  cliPath?: string;
  env?: Record<string, string>;
}

export interface E2E {
  convexUrl: string;
  secret: string;
  git: GitHttpServer;
  user: ConvexClient;
  root: string;
  /** Adds the repository (by its URL on the git server) and requests a course. */
  request(repoUrl: string, options?: { language?: string; model?: string }): Promise<string>;
  job(jobId: string): Promise<JobView>;
  events(jobId: string): Promise<EventView[]>;
  waitJob(jobId: string, check: (job: JobView) => boolean, timeoutMs?: number): Promise<JobView>;
  startWorker(options?: WorkerOptions): WorkerProcess;
  /**
   * SIGKILLs every worker still running and waits for it to exit: call after each test, so
   * that a test failing before its own clean-up cannot leave a worker taking the next ones' jobs.
   */
  killWorkers(): Promise<void>;
  /** A CLI_PATH that runs the fake CLI with this scenario. */
  fakeCli(scenario: string, env?: Record<string, string>): string;
  /**
   * Stops the local backend (SIGKILL by default, as a crash) and starts it again on the same
   * port with the same data file after `downMs`. Needs `persistent: true`.
   */
  restartBackend(options?: { signal?: "SIGKILL" | "SIGTERM"; downMs?: number }): Promise<void>;
  close(): Promise<void>;
}

export interface E2EOptions {
  convexEnv?: Record<string, string>;
  /** Keep the backend's data in a file (needed by `restartBackend`). */
  persistent?: boolean;
}

export async function startE2E(options: E2EOptions = {}): Promise<E2E> {
  const root = mkdtempSync(join(tmpdir(), "worker-e2e-"));
  const secret = `e2e-secret-${Math.random().toString(36).slice(2)}-0123456789`;
  const issuer = await startIssuer();
  const git = await startGitHttpServer();
  const convexEnv = {
    WORKER_SECRET: secret,
    LOCAL_AUTH_ISSUER: ISSUER,
    LOCAL_AUTH_JWKS_URL: `${issuer.url}/jwks.json`,
    ALLOW_LOCAL_GIT_URLS: "true",
    ...options.convexEnv,
  };
  const dataFile = options.persistent ? join(root, "convex-data.sqlite") : undefined;
  // A restarted backend binds its port again: one outside the kernel's ephemeral range
  // cannot be handed to another test's port-0 listener while it is down.
  let convex = await startLocalConvexProcess(
    convexEnv,
    dataFile ? { dataFile, port: await pickFreePort() } : {},
  );
  const user = new ConvexClient(convex.url, {
    logger: false,
    unsavedChangesWarning: false,
    // As in the worker: Node's own WebSocket never reconnects after a refused attempt.
    webSocketConstructor: WebSocket as unknown as typeof globalThis.WebSocket,
  });
  const jwt = await issuer.token("e2e-user");
  user.setAuth(async () => jwt);
  await user.mutation(fns.store, {});
  const workers: WorkerProcess[] = [];
  let cliCount = 0;

  const e2e: E2E = {
    convexUrl: convex.url,
    secret,
    git,
    user,
    root,
    async request(repoUrl, opts = {}) {
      const { repositoryId } = await user.mutation(fns.addByUrl, { url: repoUrl });
      const { jobId } = await user.mutation(fns.request, {
        repositoryId,
        options: { language: opts.language ?? "en", model: opts.model ?? DEFAULT_MODEL },
      });
      return jobId;
    },
    job: (jobId) => user.query(fns.getJob, { jobId }),
    async events(jobId) {
      const all: EventView[] = [];
      let cursor: string | null = null;
      for (;;) {
        const page: { page: EventView[]; isDone: boolean; continueCursor: string } =
          await user.query(fns.events, { jobId, paginationOpts: { numItems: 200, cursor } });
        all.push(...page.page);
        if (page.isDone) return all;
        cursor = page.continueCursor;
      }
    },
    async waitJob(jobId, check, timeoutMs = 60_000) {
      const deadline = Date.now() + timeoutMs;
      let last: JobView | undefined;
      for (;;) {
        last = await e2e.job(jobId);
        if (check(last)) return last;
        if (Date.now() > deadline) {
          throw new Error(
            `job ${jobId} did not reach the expected state; last: ${JSON.stringify(last)}\n${describeWorkers(workers)}`,
          );
        }
        await new Promise((r) => setTimeout(r, 50));
      }
    },
    startWorker(opts = {}) {
      const id = opts.id ?? `w${workers.length + 1}`;
      const tempDir = join(root, `worker-${id}`);
      mkdirSync(tempDir, { recursive: true });
      const w = spawnWorker(
        id,
        tempDir,
        {
          CONVEX_URL: convex.url,
          WORKER_SECRET: secret,
          WORKER_ID: id,
          LEASE_MS: String(opts.leaseMs ?? 10_000),
          CLI_PATH: opts.cliPath ?? REAL_CLI,
          TEMP_DIR: tempDir,
          ALLOW_LOCAL_GIT: "1",
          HEALTH_PORT: "0",
          HEALTH_HOST: "127.0.0.1",
          LOG_LEVEL: "debug",
          KILL_GRACE_MS: "500",
          SHUTDOWN_GRACE_MS: "2000",
          ...opts.env,
        },
        opts.entry,
      );
      workers.push(w);
      return w;
    },
    fakeCli(scenario, env = {}) {
      const path = join(root, `fake-cli-${++cliCount}.mjs`);
      const assignments = Object.entries({ FAKE_CLI_SCENARIO: scenario, ...env })
        .map(([k, v]) => `process.env[${JSON.stringify(k)}] = ${JSON.stringify(v)};`)
        .join("\n");
      writeFileSync(
        path,
        `${assignments}\nawait import(${JSON.stringify(pathToFileURL(FAKE_CLI).href)});\n`,
      );
      return path;
    },
    async restartBackend(opts = {}) {
      if (!dataFile) throw new Error("restartBackend needs startE2E({ persistent: true })");
      const port = convex.port;
      if (opts.signal === "SIGTERM") await convex.stop();
      else await convex.kill();
      await new Promise((r) => setTimeout(r, opts.downMs ?? 0));
      convex = await startLocalConvexProcess(convexEnv, { dataFile, port });
    },
    async killWorkers() {
      for (const w of workers) {
        if (isRunning(w)) {
          w.child.kill("SIGCONT");
          w.child.kill("SIGKILL");
        }
      }
      await Promise.all(workers.map((w) => w.exited));
    },
    async close() {
      await e2e.killWorkers();
      await user.close();
      await convex.stop();
      issuer.server.close();
      await git.close();
      rmSync(root, { recursive: true, force: true });
    },
  };
  return e2e;
}

function isRunning(worker: WorkerProcess): boolean {
  return worker.child.exitCode === null && worker.child.signalCode === null;
}

/**
 * What each worker is doing, for a test's failure message: running or how it exited, its last
 * log lines and its stderr. A job that is never claimed is otherwise a bare timeout.
 */
export function describeWorkers(workers: readonly WorkerProcess[]): string {
  if (workers.length === 0) return "no worker was started";
  return workers
    .map((w) => {
      const state = isRunning(w) ? "running" : `exited (${w.child.exitCode ?? w.child.signalCode})`;
      const lines = w.logs.slice(-12).map((l) => `    ${JSON.stringify(l).slice(0, 400)}`);
      const stderr = w.stderrTail().trim();
      return [
        `worker ${w.id}: ${state}, ${w.logs.length} log lines; last:`,
        ...lines,
        ...(stderr ? [`  stderr: ${stderr.slice(-1_000)}`] : []),
      ].join("\n");
    })
    .join("\n");
}

/** Job folders a worker left behind (should be none once its jobs ended). */
export function leftovers(worker: WorkerProcess): string[] {
  return jobFoldersIn(worker.tempDir);
}

/** Starts `node <entry>` (the worker's sources by default) with exactly this environment. */
export function spawnWorker(
  id: string,
  tempDir: string,
  env: Record<string, string>,
  entry: string = join(ROOT, "worker/src/main.ts"),
): WorkerProcess {
  const child = spawn(process.execPath, [entry], {
    env: { PATH: process.env.PATH ?? "", HOME: tmpdir(), ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const logs: Record<string, unknown>[] = [];
  const waiters: {
    match: (l: Record<string, unknown>) => boolean;
    resolve: (l: Record<string, unknown>) => void;
  }[] = [];
  let resolvePort: (port: number) => void = () => {};
  const healthPort = new Promise<number>((resolve) => {
    resolvePort = resolve;
  });
  createInterface({ input: child.stdout }).on("line", (line) => {
    let entry: Record<string, unknown>;
    try {
      entry = JSON.parse(line);
    } catch {
      entry = { msg: line, notJson: true };
    }
    logs.push(entry);
    if (typeof entry.healthPort === "number") resolvePort(entry.healthPort);
    for (const w of [...waiters]) {
      if (w.match(entry)) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve(entry);
      }
    }
  });
  let stderr = "";
  child.stderr.on("data", (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-4_000);
  });
  const exited = new Promise<number | null>((resolve) =>
    child.once("exit", (code) => resolve(code)),
  );
  return {
    id,
    child,
    logs,
    tempDir,
    exited,
    healthPort,
    stderrTail: () => stderr,
    waitLog(match, timeoutMs = 30_000) {
      const found = logs.find(match);
      if (found) return Promise.resolve(found);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(
          () => reject(new Error(`worker ${id}: no matching log line; stderr: ${stderr}`)),
          timeoutMs,
        );
        waiters.push({
          match,
          resolve: (l) => {
            clearTimeout(timer);
            resolve(l);
          },
        });
      });
    },
  };
}

async function startIssuer() {
  const keys = await generateKeyPair("RS256");
  const jwk = { ...(await exportJWK(keys.publicKey)), kid: "e2e", alg: "RS256" };
  const server: Server = createServer((req, res) => {
    if (req.url === "/jwks.json") {
      res.writeHead(200, { "content-type": "application/json" });
      res.end(JSON.stringify({ keys: [jwk] }));
    } else res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    server,
    url,
    token: (sub: string) =>
      new SignJWT({ name: "E2E User", nickname: "e2e" })
        .setProtectedHeader({ alg: "RS256", kid: "e2e" })
        .setSubject(sub)
        .setIssuer(ISSUER)
        .setAudience("convex")
        .setIssuedAt()
        .setExpirationTime("2h")
        .sign(keys.privateKey),
  };
}

export interface LocalConvexProcess {
  url: string;
  port: number;
  /** SIGTERM (the data file is saved on exit), SIGKILL after 3 s. */
  stop(): Promise<void>;
  /** SIGKILL at once, as a crash: only what the data file already holds survives. */
  kill(): Promise<void>;
}

/**
 * Starts tools/local-convex as a child process on 127.0.0.1 (`port` 0 = a free one);
 * with `dataFile` its documents and pending scheduled functions survive a restart.
 */
export async function startLocalConvexProcess(
  env: Record<string, string>,
  options: { dataFile?: string; port?: number } = {},
): Promise<LocalConvexProcess> {
  const child = spawn(
    process.execPath,
    [
      join(ROOT, "tools/local-convex/src/main.ts"),
      "--port",
      String(options.port ?? 0),
      // A free one: the default (port + 1) could be taken when `port` is given.
      "--site-port",
      "0",
      "--functions",
      join(ROOT, "convex"),
      ...(options.dataFile ? ["--data", options.dataFile] : []),
    ],
    { env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe"], cwd: ROOT },
  );
  let stderr = "";
  child.stderr.on("data", (c: Buffer) => {
    stderr = (stderr + c.toString()).slice(-4_000);
  });
  const url = await new Promise<string>((resolve, reject) => {
    createInterface({ input: child.stdout }).on("line", (line) => {
      if (/^https?:\/\//.test(line.trim())) resolve(line.trim());
    });
    child.once("exit", (code) => reject(new Error(`local-convex exited (${code}): ${stderr}`)));
  });
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  return {
    url,
    port: Number(new URL(url).port),
    async stop() {
      child.kill("SIGTERM");
      await Promise.race([exited, new Promise((r) => setTimeout(r, 3_000))]);
      if (child.exitCode === null) child.kill("SIGKILL");
    },
    async kill() {
      child.kill("SIGKILL");
      await exited;
    },
  };
}
