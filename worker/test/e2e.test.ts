/**
 * End to end: local Convex backend (the real convex/ functions) + git smart-HTTP server +
 * worker processes with the real ConvexClient + the CLI (real, offline; or the fake one
 * where a test needs to control timing).
 */
import { readFileSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { startAnthropicStandin } from "../../cli/test/support/anthropic-standin.ts";
import { structuredTask } from "../../cli/test/support/requests.ts";
import { courseScenario } from "../../cli/test/support/standin-course-scenario.ts";
import { type E2E, fns, leftovers, startE2E } from "./support/e2e.ts";

let e2e: E2E;
const HELLO: Record<string, string> = {
  "README.md": "# Hello\n\nA tiny project.\n",
  "src/math.ts":
    "/** Adds two numbers. */\nexport function add(a: number, b: number) {\n  return a + b;\n}\n",
  "src/main.ts": 'import { add } from "./math.ts";\nconsole.log(add(1, 2));\n',
};

beforeAll(async () => {
  e2e = await startE2E();
  e2e.git.createRepo("hello", HELLO);
}, 60_000);

// A test that fails before its clean-up must not leave its worker taking the next ones' jobs.
afterEach(() => e2e?.killWorkers());

afterAll(async () => {
  await e2e?.close();
});

function seqIntact(events: { seq: number }[]) {
  expect(events.map((e) => e.seq)).toEqual(events.map((_, i) => i + 1));
}

describe("worker end to end", () => {
  it("happy path: request → claim → clone → analyse (real CLI, offline) → published", async () => {
    const worker = e2e.startWorker({ id: "happy" });
    const jobId = await e2e.request(e2e.git.url("hello"));
    const job = await e2e.waitJob(jobId, (j) => ["succeeded", "failed"].includes(j.status), 60_000);
    expect(job.error).toBeUndefined();
    expect(job.status).toBe("succeeded");
    expect(job.attempt).toBe(1);
    expect(job.commit).toMatch(/^[0-9a-f]{40}$/);
    const events = await e2e.events(jobId);
    seqIntact(events);
    const kinds = events.map((e) => e.kind);
    const order = [
      "worker.clone.started",
      "worker.clone.completed",
      "cli.run.started",
      "cli.run.completed",
      "worker.publish.started",
    ];
    expect(order.map((k) => kinds.indexOf(k))).toEqual(
      [...order.map((k) => kinds.indexOf(k))].sort((a, b) => a - b),
    );
    expect(order.every((k) => kinds.includes(k))).toBe(true);
    const course = await e2e.user.query(fns.course, {
      courseId: job.courseId,
    });
    expect(course).toBeTruthy();
    // Named after the repository, and pointing at the URL it was cloned from.
    expect(JSON.stringify(course)).toContain("hello");
    expect(JSON.stringify(course)).not.toContain("Overview of repo");
    // Every cited file was published from the clone with the course, readable by its owner.
    const cited = new Set<string>(
      course.lessons.flatMap((l: { citations: { path: string }[] }) =>
        l.citations.map((c) => c.path),
      ),
    );
    expect(cited.size).toBeGreaterThan(0);
    for (const path of cited) {
      const got = await e2e.user.query(fns.sourceFile, { courseId: job.courseId, path });
      expect(got.commit).toBe(job.commit);
      expect(got.file?.text).toBe(HELLO[path]);
    }
    await worker.waitLog((l) => l.msg === "job ended");
    expect(leftovers(worker)).toEqual([]);
    worker.child.kill("SIGTERM");
    expect(await worker.exited).toBe(0);
  }, 90_000);
});

// ——— the rest of the behaviour, with the fake CLI where timing matters ———

function readArgs(path: string): { args: string[]; pid: number } {
  return JSON.parse(readFileSync(path, "utf8"));
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function until<T>(what: string, check: () => T | undefined | false, ms = 30_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

function exists(path: string): boolean {
  try {
    readFileSync(path);
    return true;
  } catch {
    return false;
  }
}

const ended = (l: Record<string, unknown>) => l.msg === "job ended";
const terminal = (status: string) => ["succeeded", "failed", "canceled"].includes(status);

describe("configuration against the backend", () => {
  it("a wrong WORKER_SECRET: not ready, says why, claims nothing", async () => {
    const worker = e2e.startWorker({
      id: "wrong-secret",
      env: { WORKER_SECRET: "not-the-right-secret-at-all" },
    });
    const port = await worker.healthPort;
    await worker.waitLog((l) => l.msg === "claimable subscription failed");
    const ready = await fetch(`http://127.0.0.1:${port}/readyz`);
    expect(ready.status).toBe(503);
    const body = (await ready.json()) as { problem: string };
    expect(body.problem).toMatch(/WORKER_SECRET/);
    expect(body.problem).not.toContain("not-the-right-secret-at-all");
    worker.child.kill("SIGTERM");
    expect(await worker.exited).toBe(0);
  }, 60_000);
});

describe("cancel", () => {
  it("while analysing: the CLI is stopped, the job canceled, the folder removed", async () => {
    e2e.git.createRepo("cancel-analyse", { "a.ts": "export const a = 1;\n" });
    const argsFile = join(e2e.root, "cancel-analyse.json");
    const worker = e2e.startWorker({
      id: "cancel-a",
      cliPath: e2e.fakeCli("sleep", { FAKE_CLI_ARGS_FILE: argsFile }),
    });
    const jobId = await e2e.request(e2e.git.url("cancel-analyse"));
    await e2e.waitJob(jobId, (j) => j.status === "analyzing");
    await until("the CLI", () => exists(argsFile));
    const { pid } = readArgs(argsFile);
    await e2e.user.mutation(fns.cancel, { jobId });
    const job = await e2e.waitJob(jobId, (j) => terminal(j.status));
    expect(job.status).toBe("canceled");
    await worker.waitLog(ended);
    expect(isAlive(pid)).toBe(false);
    expect(leftovers(worker)).toEqual([]);
    worker.child.kill("SIGTERM");
    expect(await worker.exited).toBe(0);
  }, 60_000);

  it("while cloning: the clone stops, the job is canceled, the CLI never starts", async () => {
    e2e.git.createRepo("cancel-clone", { "big.txt": "x".repeat(200_000) });
    e2e.git.setFault("cancel-clone", { kind: "stall", afterBytes: 100 });
    const argsFile = join(e2e.root, "cancel-clone.json");
    const worker = e2e.startWorker({
      id: "cancel-c",
      cliPath: e2e.fakeCli("happy", { FAKE_CLI_ARGS_FILE: argsFile }),
    });
    const jobId = await e2e.request(e2e.git.url("cancel-clone"));
    await e2e.waitJob(jobId, (j) => j.status === "cloning");
    await e2e.user.mutation(fns.cancel, { jobId });
    const job = await e2e.waitJob(jobId, (j) => terminal(j.status));
    e2e.git.setFault("cancel-clone", null);
    expect(job.status).toBe("canceled");
    await worker.waitLog(ended);
    expect(exists(argsFile)).toBe(false);
    expect(leftovers(worker)).toEqual([]);
    worker.child.kill("SIGTERM");
    expect(await worker.exited).toBe(0);
  }, 60_000);
});

describe("crash and resume", () => {
  it("kill -9 mid-analysis: another worker resumes from checkpoints; one course; seq intact", async () => {
    e2e.git.createRepo("resume", { "a.ts": "export const a = 1;\n" });
    const argsA = join(e2e.root, "resume-a.json");
    const argsB = join(e2e.root, "resume-b.json");
    const a = e2e.startWorker({
      id: "crash-a",
      leaseMs: 2_000,
      cliPath: e2e.fakeCli("slow-steps", { FAKE_CLI_STEP_MS: "600", FAKE_CLI_ARGS_FILE: argsA }),
    });
    const jobId = await e2e.request(e2e.git.url("resume"));
    // Two finished steps, their checkpoints saved in Convex.
    await a.waitLog(
      (l) => l.msg === "checkpoint saved" && l.checkpoint === "checkpoints/relationships.json",
    );
    a.child.kill("SIGKILL");
    await a.exited;
    const orphan = readArgs(argsA).pid; // the machine would be gone with it; here, end it too
    if (isAlive(orphan)) process.kill(orphan, "SIGKILL");

    const b = e2e.startWorker({
      id: "crash-b",
      leaseMs: 2_000,
      cliPath: e2e.fakeCli("slow-steps", { FAKE_CLI_STEP_MS: "50", FAKE_CLI_ARGS_FILE: argsB }),
    });
    const job = await e2e.waitJob(jobId, (j) => terminal(j.status), 60_000);
    expect(job.status).toBe("succeeded");
    expect(job.attempt).toBe(2);
    expect(readArgs(argsB).args).toContain("--resume");
    const events = await e2e.events(jobId);
    seqIntact(events);
    expect(events.filter((e) => e.kind === "job.succeeded")).toHaveLength(1);
    expect(events.some((e) => e.kind === "job.requeued")).toBe(true); // the expired lease
    // Attempt 2 restored the two finished steps instead of running them again.
    const restoredAt = events.findIndex((e) => e.kind === "worker.checkpoints.restored");
    expect(restoredAt).toBeGreaterThan(0);
    const secondRun = events.slice(restoredAt).filter((e) => e.kind === "cli.step.completed");
    expect(secondRun.map((e) => [e.data?.step, e.data?.resumed])).toEqual([
      ["abstractions", true],
      ["relationships", true],
      ["order", false],
      ["chapters", false],
      ["review", false],
      ["tutorials", false],
    ]);
    await b.waitLog(ended);
    expect(leftovers(b)).toEqual([]);
    b.child.kill("SIGTERM");
    expect(await b.exited).toBe(0);
    // The killed worker's job folder is still on disk; a worker started on the same
    // TEMP_DIR removes it before anything else (issue 11).
    expect(leftovers(a)).toHaveLength(1);
    const c = e2e.startWorker({ id: "crash-a-restarted", env: { TEMP_DIR: a.tempDir } });
    await c.waitLog((l) => l.msg === "removed the folders of dead jobs");
    expect(leftovers(a)).toEqual([]);
    await c.healthPort; // started: SIGTERM is now a graceful shutdown
    c.child.kill("SIGTERM");
    expect(await c.exited).toBe(0);
  }, 90_000);
});

describe("crash and resume with the real CLI and a model stand-in", () => {
  it("kill -9 after two steps: the next attempt makes no model call for them", async () => {
    const standin = await startAnthropicStandin({
      script: courseScenario,
      latency: { firstTokenMs: 400 },
    });
    try {
      e2e.git.createRepo("resume-real", {
        "README.md": "# Resume\n\nA tiny project.\n",
        "src/math.ts":
          "/** Adds. */\nexport function add(a: number, b: number) {\n  return a + b;\n}\n",
        "src/main.ts": 'import { add } from "./math.ts";\nconsole.log(add(1, 2));\n',
      });
      const env = { ANTHROPIC_API_KEY: "test-key", ANTHROPIC_BASE_URL: standin.url };
      const a = e2e.startWorker({ id: "real-a", leaseMs: 2_000, env });
      const jobId = await e2e.request(e2e.git.url("resume-real"));
      await a.waitLog(
        (l) => l.msg === "checkpoint saved" && /relationships/.test(String(l.checkpoint)),
        60_000,
      );
      // The worker and the CLI it started die together, as on a lost machine.
      const pid = a.child.pid as number;
      const children = readFileSync(`/proc/${pid}/task/${pid}/children`, "utf8")
        .trim()
        .split(/\s+/)
        .filter(Boolean)
        .map(Number);
      a.child.kill("SIGKILL");
      for (const child of children) if (isAlive(child)) process.kill(child, "SIGKILL");
      await a.exited;
      const before = standin.requests.length;
      const tools = (from: number) => standin.requests.slice(from).map((r) => structuredTask(r));
      expect(tools(0)).toEqual(expect.arrayContaining(["abstractions", "relationships"]));

      const b = e2e.startWorker({ id: "real-b", leaseMs: 2_000, env });
      const job = await e2e.waitJob(jobId, (j) => terminal(j.status), 90_000);
      expect(job.error).toBeUndefined();
      expect(job).toMatchObject({ status: "succeeded", attempt: 2 });
      const secondAttempt = tools(before);
      expect(secondAttempt.length).toBeGreaterThan(0);
      expect(secondAttempt).not.toContain("abstractions");
      expect(secondAttempt).not.toContain("relationships");
      const events = await e2e.events(jobId);
      seqIntact(events);
      const resumed = events.filter((e) => e.kind === "cli.run.started").at(-1);
      expect(resumed?.data?.resumedSteps).toEqual(
        expect.arrayContaining(["abstractions", "relationships"]),
      );
      expect(events.filter((e) => e.kind === "job.succeeded")).toHaveLength(1);
      b.child.kill("SIGTERM");
      expect(await b.exited).toBe(0);
    } finally {
      await standin.close();
    }
  }, 150_000);
});

describe("stale worker", () => {
  it("SIGSTOP past the lease: another worker finishes; after SIGCONT none of the first one's writes land", async () => {
    e2e.git.createRepo("stale", { "a.ts": "export const a = 1;\n" });
    const a = e2e.startWorker({
      id: "stale-a",
      leaseMs: 1_500,
      cliPath: e2e.fakeCli("slow-steps", { FAKE_CLI_STEP_MS: "800" }),
    });
    const jobId = await e2e.request(e2e.git.url("stale"));
    await e2e.waitJob(jobId, (j) => j.status === "analyzing");
    a.child.kill("SIGSTOP");
    const b = e2e.startWorker({
      id: "stale-b",
      leaseMs: 1_500,
      cliPath: e2e.fakeCli("slow-steps", { FAKE_CLI_STEP_MS: "20" }),
    });
    const done = await e2e.waitJob(jobId, (j) => terminal(j.status), 60_000);
    expect(done.status).toBe("succeeded");
    expect(done.attempt).toBe(2);
    const before = await e2e.events(jobId);
    a.child.kill("SIGCONT");
    const end = await a.waitLog(ended);
    expect((end.outcome as { kind: string }).kind).toBe("lost");
    const after = await e2e.job(jobId);
    expect(after.status).toBe("succeeded");
    expect(after.courseId).toBe(done.courseId);
    expect(await e2e.events(jobId)).toEqual(before);
    expect(leftovers(a)).toEqual([]);
    for (const w of [a, b]) w.child.kill("SIGTERM");
    expect(await a.exited).toBe(0);
    expect(await b.exited).toBe(0);
  }, 90_000);
});

describe("race", () => {
  it("3 workers, 30 jobs: each claimed once, all succeed, none runs twice", async () => {
    const names = Array.from({ length: 30 }, (_, i) => `race-${i}`);
    for (const name of names) e2e.git.createRepo(name, { "a.ts": `export const n = "${name}";\n` });
    const workers = ["r1", "r2", "r3"].map((id) =>
      e2e.startWorker({ id, cliPath: e2e.fakeCli("happy") }),
    );
    await Promise.all(workers.map((w) => w.healthPort));
    const jobIds = await Promise.all(names.map((n) => e2e.request(e2e.git.url(n))));
    for (const jobId of jobIds) {
      const job = await e2e.waitJob(jobId, (j) => terminal(j.status), 120_000);
      expect(job.status).toBe("succeeded");
      expect(job.attempt).toBe(1);
    }
    for (const jobId of jobIds) {
      const events = await e2e.events(jobId);
      seqIntact(events);
      expect(events.filter((e) => e.kind === "job.claimed")).toHaveLength(1);
    }
    const claimedBy = workers.flatMap((w) =>
      w.logs.filter((l) => l.msg === "job claimed").map((l) => l.jobId),
    );
    expect(claimedBy.sort()).toEqual([...jobIds].sort());
    for (const w of workers) w.child.kill("SIGTERM");
    for (const w of workers) expect(await w.exited).toBe(0);
  }, 180_000);
});

describe("bad inputs", () => {
  it("clone failures: not found, access denied, empty, too large fail at once; unreachable is retried", async () => {
    e2e.git.createRepo("private", { "a.ts": "secret\n" });
    e2e.git.protect("private", "only-with-token");
    e2e.git.createEmptyRepo("empty");
    e2e.git.createRepo("huge", {
      "blob.txt": Array.from({ length: 4_000 }, (_, i) => `${i} ${Math.random()}`).join("\n"),
    });
    const worker = e2e.startWorker({
      id: "bad-clone",
      cliPath: e2e.fakeCli("happy"),
      env: { MAX_REPO_BYTES: "20000", MAX_CONCURRENT_JOBS: "3" },
    });
    const cases = [
      { url: e2e.git.url("missing"), code: "repository_not_found", status: "failed" },
      { url: e2e.git.url("private"), code: "access_denied", status: "failed" },
      { url: e2e.git.url("empty"), code: "repository_empty", status: "failed" },
      { url: e2e.git.url("huge"), code: "repository_too_large", status: "failed" },
      { url: "http://127.0.0.1:9/unreachable.git", code: "clone_failed", status: "queued" },
    ];
    for (const c of cases) {
      const jobId = await e2e.request(c.url);
      const job = await e2e.waitJob(
        jobId,
        (j) => j.error !== undefined && j.status !== "claimed" && j.status !== "cloning",
      );
      expect([c.url, job.status, job.error?.code]).toEqual([c.url, c.status, c.code]);
      const events = await e2e.events(jobId);
      const failure = events.find((e) => e.kind === "worker.failed");
      expect(failure?.message.length).toBeGreaterThan(20);
      expect(failure?.level).toBe("error");
      if (c.status === "queued") expect(events.some((e) => e.kind === "job.requeued")).toBe(true);
    }
    worker.child.kill("SIGTERM");
    expect(await worker.exited).toBe(0);
    expect(leftovers(worker)).toEqual([]);
  }, 90_000);

  it("a CLI crash is retried with the stderr tail in the message", async () => {
    e2e.git.createRepo("crashes", { "a.ts": "export const a = 1;\n" });
    const worker = e2e.startWorker({ id: "bad-crash", cliPath: e2e.fakeCli("crash") });
    const jobId = await e2e.request(e2e.git.url("crashes"));
    const job = await e2e.waitJob(jobId, (j) => j.error !== undefined);
    expect(job.status).toBe("queued");
    expect(job.error).toMatchObject({ code: "analysis_failed", retryable: true });
    expect(job.error?.message).toContain("TypeError: something broke");
    expect(job.error?.message).not.toContain("ghp_0123456789");
    worker.child.kill("SIGTERM");
    expect(await worker.exited).toBe(0);
  }, 60_000);

  it("a model auth error (real CLI, refused key) fails at once", async () => {
    const api = createServer((_req, res) => {
      res.writeHead(401, { "content-type": "application/json" });
      res.end(
        JSON.stringify({
          type: "error",
          error: { type: "authentication_error", message: "invalid x-api-key" },
        }),
      );
    });
    await new Promise<void>((r) => api.listen(0, "127.0.0.1", r));
    const port = (api.address() as AddressInfo).port;
    e2e.git.createRepo("model-auth", { "src/a.ts": "export const a = 1;\n" });
    const worker = e2e.startWorker({
      id: "bad-model",
      env: {
        ANTHROPIC_API_KEY: "sk-ant-test-refused-key-000",
        ANTHROPIC_BASE_URL: `http://127.0.0.1:${port}`,
      },
    });
    const jobId = await e2e.request(e2e.git.url("model-auth"));
    const job = await e2e.waitJob(
      jobId,
      (j) => terminal(j.status) || j.error !== undefined,
      60_000,
    );
    api.close();
    expect(job.status).toBe("failed");
    expect(job.error).toMatchObject({ code: "model_auth", retryable: false });
    const events = await e2e.events(jobId);
    expect(JSON.stringify(events)).not.toContain("sk-ant-test-refused-key-000");
    worker.child.kill("SIGTERM");
    expect(await worker.exited).toBe(0);
  }, 90_000);
});
