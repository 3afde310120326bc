/**
 * A refresh on the in-memory queue with the fake CLI: the previous course is loaded page
 * by page and written as the `--update` folder (course.json, lessons at their files,
 * sources/), the new course carries the CLI's update and files; a course that is gone or
 * that names a hostile path is built from nothing, with an event saying so.
 */
import { createHash } from "node:crypto";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { courseManifestSchema } from "@fondation/shared";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { createLogger } from "../src/logger.ts";
import { makeRedactor } from "../src/redact.ts";
import { Worker } from "../src/runner/worker.ts";
import { type GitHttpServer, startGitHttpServer } from "./support/git-http-server.ts";
import { jobConfig } from "./support/jobConfig.ts";
import { jobFoldersIn } from "./support/jobFolders.ts";
import { type MemJob, MemoryQueue } from "./support/memoryBackend.ts";

const FAKE_CLI = fileURLToPath(new URL("./fixtures/fake-cli.mjs", import.meta.url));
const INDEX = "export const x = 1;\n";
const INDEX_V2 = "export const x = 2;\n";
let git: GitHttpServer;
let temp: string;
const workers: Worker[] = [];

beforeAll(async () => {
  git = await startGitHttpServer();
});
afterAll(async () => {
  await git.close();
});
afterEach(async () => {
  await Promise.all(workers.splice(0).map((w) => w.shutdown(0)));
  if (temp) rmSync(temp, { recursive: true, force: true });
});

async function startWorker(queue: MemoryQueue) {
  temp = mkdtempSync(join(tmpdir(), "worker-refresh-"));
  const worker = new Worker({
    backend: queue.backend("w1"),
    logger: await createLogger({ level: "silent" }),
    redact: makeRedactor([]),
    config: jobConfig(join(temp, "jobs"), FAKE_CLI),
    maxConcurrentJobs: 1,
    cliEnv: {
      FAKE_CLI_SCENARIO: "happy",
      FAKE_CLI_ARGS_FILE: join(temp, "args.json"),
      FAKE_CLI_UPDATE_SNAPSHOT: join(temp, "update.json"),
    },
    batchIntervalMs: 50,
  });
  workers.push(worker);
  worker.start();
}

async function until<T>(check: () => T | undefined | false, timeoutMs = 15_000): Promise<T> {
  const start = Date.now();
  for (;;) {
    const value = check();
    if (value) return value;
    if (Date.now() - start > timeoutMs) throw new Error("condition not reached in time");
    await new Promise((r) => setTimeout(r, 20));
  }
}

const done = (job: MemJob) => ["succeeded", "failed", "canceled"].includes(job.status) || undefined;
const cliArgs = (): string[] => JSON.parse(readFileSync(join(temp, "args.json"), "utf8")).args;
const blobSha = (text: string) =>
  createHash("sha1")
    .update(`blob ${Buffer.byteLength(text)}\0`)
    .update(text)
    .digest("hex");

/** A first course of a new repository, then a push to it; returns the first job. */
async function firstCourse(queue: MemoryQueue, name: string): Promise<MemJob> {
  git.createRepo(name, { "src/index.ts": INDEX });
  const first = queue.add({ url: git.url(name) });
  await startWorker(queue);
  await until(() => done(first));
  expect(first.status).toBe("succeeded");
  git.commitFiles(name, { "src/index.ts": INDEX_V2 });
  return first;
}

const jobFolders = (): string[] => jobFoldersIn(join(temp, "jobs"));

describe("refresh", () => {
  it("writes the previous course as the --update folder; the new course keeps update and files", async () => {
    const queue = new MemoryQueue();
    const first = await firstCourse(queue, "refresh-happy");
    const previous = queue.courses.get(first.courseId ?? "");
    expect(previous?.course.sourceFiles).toEqual([{ path: "src/index.ts", sha: blobSha(INDEX) }]);
    expect(previous?.course.folders).toEqual(["src"]);

    const job = queue.add({ url: git.url("refresh-happy"), previousCourseId: first.courseId });
    await until(() => done(job));
    expect(job.error).toBeUndefined();
    expect(job.status).toBe("succeeded");
    const args = cliArgs();
    const folder = args[args.indexOf("--update") + 1];
    expect(folder).toMatch(/previous$/);

    const snapshot: { files: Record<string, string> } = JSON.parse(
      readFileSync(join(temp, "update.json"), "utf8"),
    );
    const manifest = courseManifestSchema.parse(JSON.parse(snapshot.files["course.json"] ?? ""));
    expect(manifest).toMatchObject({
      title: "A course",
      repository: { name: "test/repo", commit: first.commit },
      files: [{ path: "src/index.ts", sha: blobSha(INDEX) }],
      folders: ["src"],
    });
    expect([...manifest.chapters, ...manifest.tutorials].map((l) => l.file)).toEqual([
      "chapters/01-one.md",
      "chapters/02-two.md",
      "tutorials/01-try-it.md",
    ]);
    // Each lesson's markdown as published, and the cited file at the previous commit.
    for (const lesson of [...manifest.chapters, ...manifest.tutorials]) {
      expect(snapshot.files[lesson.file]).toBe(previous?.lessons.get(lesson.slug)?.join(""));
    }
    expect(snapshot.files["sources/src/index.ts"]).toBe(INDEX);
    expect(Object.keys(snapshot.files).sort()).toEqual([
      "chapters/01-one.md",
      "chapters/02-two.md",
      "course.json",
      "sources/src/index.ts",
      "tutorials/01-try-it.md",
    ]);
    // Read in several pages (two parts each here), all before the CLI ran.
    const reads = queue.calls.filter((c) => c.jobId === job.jobId).map((c) => c.fn);
    expect(reads.filter((fn) => fn === "previousCourseParts").length).toBe(2);
    expect(job.events.map((e) => e.kind)).toContain("worker.previous.loaded");

    const course = queue.courses.get(job.courseId ?? "");
    expect(course?.course.changes).toEqual({
      fromCommit: first.commit,
      overview: "kept",
      lessons: ["one", "two", "try-it"].map((slug) => ({
        kind: slug === "try-it" ? "tutorial" : "chapter",
        slug,
        status: "rewritten",
        reason: "src/index.ts changed",
        files: ["src/index.ts"],
      })),
    });
    expect(course?.course.sourceFiles).toEqual([{ path: "src/index.ts", sha: blobSha(INDEX_V2) }]);
    await until(() => jobFolders().length === 0); // removed once the attempt ends
  });

  it("a previous course that is gone: built from nothing, and the log says so", async () => {
    const queue = new MemoryQueue();
    const first = await firstCourse(queue, "refresh-gone");
    queue.courses.delete(first.courseId ?? "");
    const job = queue.add({ url: git.url("refresh-gone"), previousCourseId: first.courseId });
    await until(() => done(job));
    expect(job.status).toBe("succeeded");
    expect(cliArgs()).not.toContain("--update");
    const event = job.events.find((e) => e.kind === "worker.previous.unavailable");
    expect(event).toMatchObject({ level: "warn", message: expect.stringMatching(/gone/) });
    expect(queue.courses.get(job.courseId ?? "")?.course.changes).toBeUndefined();
  });

  it("a hostile path in the previous course: nothing written outside, built from nothing", async () => {
    const queue = new MemoryQueue();
    const first = await firstCourse(queue, "refresh-hostile");
    const previous = queue.courses.get(first.courseId ?? "");
    const planted = { size: 3, lines: 1, parts: ["pwn"] };
    previous?.files.set("../../../escaped.ts", planted);
    const job = queue.add({ url: git.url("refresh-hostile"), previousCourseId: first.courseId });
    await until(() => done(job));
    expect(job.status).toBe("succeeded");
    expect(cliArgs()).not.toContain("--update");
    const event = job.events.find((e) => e.kind === "worker.previous.unavailable");
    expect(event?.message).toMatch(/could not be loaded: refused the source path/);
    expect(existsSync(join(temp, "escaped.ts"))).toBe(false);
    expect(existsSync(join(temp, "jobs", "escaped.ts"))).toBe(false);
    await until(() => jobFolders().length === 0); // removed once the attempt ends
  });
});
