/**
 * The production bundle the image copies (Dockerfile.worker) runs from a clean folder with
 * no node_modules: the worker starts, serves its health endpoint, shuts down on SIGTERM
 * with exit 0; the CLI bundle writes an offline course the worker's loader accepts.
 */
import { spawn } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { execa } from "execa";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bundle } from "../scripts/bundle.ts";
import { loadCourse } from "../src/course/loadCourse.ts";
import { startE2E } from "./support/e2e.ts";

let build: string;
let clean: string;

beforeAll(async () => {
  build = mkdtempSync(join(tmpdir(), "bundle-build-"));
  await bundle(build);
  // What the image holds: the two dist folders, nothing else.
  clean = mkdtempSync(join(tmpdir(), "bundle-clean-"));
  cpSync(join(build, "worker/dist"), join(clean, "app/worker/dist"), { recursive: true });
  cpSync(join(build, "cli/dist"), join(clean, "app/cli/dist"), { recursive: true });
}, 180_000);

afterAll(() => {
  rmSync(build, { recursive: true, force: true });
  rmSync(clean, { recursive: true, force: true });
});

const node = process.execPath;
const bare = { PATH: process.env.PATH ?? "", HOME: tmpdir() };

describe("production bundle from a clean folder", () => {
  it("prints its version and refuses a bad environment with every problem listed", async () => {
    const version = await execa(node, ["worker/dist/worker.js", "--version"], {
      cwd: join(clean, "app"),
      env: bare,
      extendEnv: false,
    });
    expect(version.stdout).toMatch(/^\d+\.\d+\.\d+$/);
    const bad = await execa(node, ["worker/dist/worker.js"], {
      cwd: join(clean, "app"),
      env: { ...bare, LEASE_MS: "5" },
      extendEnv: false,
      reject: false,
    });
    expect(bad.exitCode).toBe(78);
    expect(bad.stderr).toMatch(/CONVEX_URL: is required/);
    expect(bad.stderr).toMatch(/WORKER_SECRET: is required/);
    expect(bad.stderr).toMatch(/LEASE_MS/);
  });

  it("starts, answers health checks, and exits 0 on SIGTERM", async () => {
    const child = spawn(node, ["worker/dist/worker.js"], {
      cwd: join(clean, "app"),
      env: {
        ...bare,
        CONVEX_URL: "http://127.0.0.1:9", // nothing listens: never connected
        WORKER_SECRET: "a-long-enough-worker-secret",
        HEALTH_PORT: "0",
        HEALTH_HOST: "127.0.0.1",
        TEMP_DIR: join(clean, "tmp"),
        LOG_PRETTY: "1", // pino-pretty is not in the bundle: JSON logs all the same
      },
      stdio: ["ignore", "pipe", "pipe"],
    });
    const lines: Record<string, unknown>[] = [];
    const notJson: string[] = [];
    const port = await new Promise<number>((resolve, reject) => {
      const rl = createInterface({ input: child.stdout });
      rl.on("line", (line) => {
        let entry: Record<string, unknown>;
        try {
          entry = JSON.parse(line) as Record<string, unknown>;
        } catch {
          notJson.push(line); // production logs are JSON lines only
          return;
        }
        lines.push(entry);
        if (typeof entry.healthPort === "number") resolve(entry.healthPort);
      });
      child.once("exit", (code) => reject(new Error(`exited early with ${code}`)));
    });
    const health = await fetch(`http://127.0.0.1:${port}/healthz`);
    expect(health.status).toBe(200);
    const ready = await fetch(`http://127.0.0.1:${port}/readyz`);
    expect(ready.status).toBe(503); // not connected to Convex
    const status = (await (await fetch(`http://127.0.0.1:${port}/status`)).json()) as Record<
      string,
      unknown
    >;
    expect(status).toMatchObject({ connected: false, jobs: [], lastClaimAt: null });
    expect(JSON.stringify(status)).not.toContain("a-long-enough-worker-secret");
    const exit = new Promise<number | null>((resolve) => child.once("exit", resolve));
    child.kill("SIGTERM");
    expect(await exit).toBe(0);
    expect(JSON.stringify(lines)).not.toContain("a-long-enough-worker-secret");
    expect(notJson).toEqual([]);
  }, 30_000);

  it("the CLI bundle writes an offline course the worker can publish", async () => {
    const repo = join(clean, "repo");
    mkdirSync(join(repo, "src"), { recursive: true });
    writeFileSync(
      join(repo, "src/math.ts"),
      "/** Adds. */\nexport function add(a: number, b: number) {\n  return a + b;\n}\n",
    );
    writeFileSync(
      join(repo, "src/main.ts"),
      'import { add } from "./math.ts";\nconsole.log(add(1, 2));\n',
    );
    writeFileSync(join(repo, "README.md"), "# Tiny\n\nAdds numbers.\n");
    const out = join(clean, "out");
    const run = await execa(
      node,
      [
        "cli/dist/fondation.js",
        "analyze",
        repo,
        "--json",
        "--out",
        out,
        "--language",
        "en",
        "--model",
        "claude-sonnet-5-5",
      ],
      { cwd: join(clean, "app"), env: bare, extendEnv: false, reject: false },
    );
    expect(run.exitCode).toBe(0);
    const last = JSON.parse(run.stdout.trim().split("\n").at(-1) ?? "{}");
    expect(last.kind).toBe("run.completed");
    const course = await loadCourse(out, { maxBytes: 10_000_000 });
    expect(course.lessons.length).toBeGreaterThan(0);
    expect(course.manifest.model).toBeNull();

    // A refresh from the bundle reuses the code map its first run saved (no sources on disk).
    const again = await execa(
      node,
      ["cli/dist/fondation.js", "analyze", repo, "--json", "--out", join(clean, "out2")].concat([
        "--update",
        out,
        "--language",
        "en",
        "--model",
        "claude-sonnet-5-5",
      ]),
      { cwd: join(clean, "app"), env: bare, extendEnv: false, reject: false },
    );
    expect(again.exitCode).toBe(0);
    expect(again.stderr).toContain("Code map: 3 unchanged file(s) taken from the previous course");
  }, 60_000);

  it("the bundled worker and CLI publish a course end to end (local backend)", async () => {
    const e2e = await startE2E();
    try {
      e2e.git.createRepo("bundled", {
        "src/math.ts":
          "/** Adds. */\nexport function add(a: number, b: number) {\n  return a + b;\n}\n",
        "README.md": "# Bundled\n",
      });
      const worker = e2e.startWorker({
        id: "bundled",
        entry: join(clean, "app/worker/dist/worker.js"),
        cliPath: join(clean, "app/cli/dist/fondation.js"),
      });
      const jobId = await e2e.request(e2e.git.url("bundled"));
      const job = await e2e.waitJob(
        jobId,
        (j) => ["succeeded", "failed"].includes(j.status),
        90_000,
      );
      expect(job.error).toBeUndefined();
      expect(job.status).toBe("succeeded");
      expect(worker.logs.some((l) => l.notJson)).toBe(false);
      worker.child.kill("SIGTERM");
      expect(await worker.exited).toBe(0);
    } finally {
      await e2e.close();
    }
  }, 120_000);
});
