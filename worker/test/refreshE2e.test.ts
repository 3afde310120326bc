/**
 * A refresh end to end on the local backend (the real convex/ functions, a worker process
 * with the real ConvexClient, the fake CLI): a published course, a push, refresh.request →
 * the worker reads the previous course through workerPrevious, hands it to `--update`, and
 * the new course carries the CLI's changes, from the previous course.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { courseManifestSchema } from "@fondation/shared";
import { makeFunctionReference } from "convex/server";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { type E2E, fns, startE2E } from "./support/e2e.ts";
import { postPush } from "./support/push.ts";

// biome-ignore lint/suspicious/noExplicitAny: test references are untyped on purpose.
const refresh = makeFunctionReference<"mutation", any, any>("refresh:request");
// biome-ignore lint/suspicious/noExplicitAny: test references are untyped on purpose.
const enableHook = makeFunctionReference<"mutation", any, any>("webhooks:enable");
// biome-ignore lint/suspicious/noExplicitAny: test references are untyped on purpose.
const hookSettings = makeFunctionReference<"query", any, any>("webhooks:settings");
// biome-ignore lint/suspicious/noExplicitAny: test references are untyped on purpose.
const repoJobs = makeFunctionReference<"query", any, any>("jobs:listForRepository");
const INDEX = "export const x = 1;\n";
const INDEX_V2 = "export const x = 2;\n";

let e2e: E2E;
beforeAll(async () => {
  e2e = await startE2E();
}, 60_000);
// A test that fails before its clean-up must not leave its worker taking the next ones' jobs.
afterEach(() => e2e?.killWorkers());

afterAll(async () => {
  await e2e?.close();
});

const settled = (status: string) => ["succeeded", "failed", "canceled"].includes(status);

describe("refresh end to end", () => {
  it("the previous course reaches the CLI's --update folder; the new course carries changes", async () => {
    e2e.git.createRepo("refresh", { "src/index.ts": INDEX, "README.md": "# R\n" });
    const argsFile = join(e2e.root, "refresh-args.json");
    const snapshotFile = join(e2e.root, "refresh-update.json");
    const worker = e2e.startWorker({
      id: "refresh",
      cliPath: e2e.fakeCli("happy", {
        FAKE_CLI_ARGS_FILE: argsFile,
        FAKE_CLI_UPDATE_SNAPSHOT: snapshotFile,
      }),
    });
    const firstId = await e2e.request(e2e.git.url("refresh"));
    const first = await e2e.waitJob(firstId, (j) => settled(j.status), 60_000);
    expect(first.error).toBeUndefined();
    expect(first.status).toBe("succeeded");
    const args1: string[] = JSON.parse(readFileSync(argsFile, "utf8")).args;
    expect(args1).not.toContain("--update");

    e2e.git.commitFiles("refresh", { "src/index.ts": INDEX_V2 });
    const { repositoryId } = await e2e.job(firstId);
    const { jobId, created } = await e2e.user.mutation(refresh, { repositoryId });
    expect(created).toBe(true);
    const job = await e2e.waitJob(jobId, (j) => settled(j.status), 60_000);
    expect(job.error).toBeUndefined();
    expect(job.status).toBe("succeeded");
    expect(job.courseId).not.toBe(first.courseId);

    // The CLI was given the previous course: its manifest, lessons and cited file.
    const args: string[] = JSON.parse(readFileSync(argsFile, "utf8")).args;
    expect(args).toContain("--update");
    const snapshot: { files: Record<string, string> } = JSON.parse(
      readFileSync(snapshotFile, "utf8"),
    );
    const manifest = courseManifestSchema.parse(JSON.parse(snapshot.files["course.json"] ?? ""));
    expect(manifest.repository.commit).toBe(first.commit);
    expect(manifest.files?.map((f) => f.path)).toEqual(["src/index.ts"]);
    expect(manifest.folders).toEqual(["src"]); // kept by Convex for finding new modules
    expect(snapshot.files["sources/src/index.ts"]).toBe(INDEX);
    const previous = await e2e.user.query(fns.course, { courseId: first.courseId });
    expect(Object.keys(snapshot.files).filter((f) => f.endsWith(".md")).length).toBe(
      previous.lessons.length,
    );

    const course = await e2e.user.query(fns.course, { courseId: job.courseId });
    expect(course.course.changes).toMatchObject({
      fromCommit: first.commit,
      fromCourseId: first.courseId,
      overview: "kept",
    });
    expect(
      course.course.changes.lessons.map((l: { status: string; files: string[] }) => [
        l.status,
        l.files,
      ]),
    ).toEqual(previous.lessons.map(() => ["rewritten", ["src/index.ts"]]));
    const kinds = (await e2e.events(jobId)).map((e) => e.kind);
    expect(kinds).toContain("worker.previous.loaded");
    expect(kinds.indexOf("worker.previous.loaded")).toBeLessThan(kinds.indexOf("cli.run.started"));

    await worker.waitLog((l) => l.msg === "job ended" && l.jobId === jobId);
    worker.child.kill("SIGTERM");
    expect(await worker.exited).toBe(0);
  }, 120_000);

  it("a signed push to the webhook URL refreshes the course, with no click", async () => {
    e2e.git.createRepo("pushed", { "src/index.ts": INDEX, "README.md": "# P\n" });
    const worker = e2e.startWorker({ id: "pushed", cliPath: e2e.fakeCli("happy") });
    const firstId = await e2e.request(e2e.git.url("pushed"));
    const first = await e2e.waitJob(firstId, (j) => settled(j.status), 60_000);
    expect(first.status).toBe("succeeded");
    const { repositoryId } = await e2e.job(firstId);

    // The URL is the backend's own site origin (CONVEX_SITE_URL), as on a deployment.
    const { url, secret } = await e2e.user.mutation(enableHook, { repositoryId });
    const after = e2e.git.commitFiles("pushed", { "src/index.ts": INDEX_V2 });
    // Unsigned and wrongly signed deliveries queue nothing.
    expect((await postPush(url, "not-the-secret", "main", after)).status).toBe(401);
    expect(await e2e.user.query(repoJobs, { repositoryId })).toHaveLength(1);

    expect(await postPush(url, secret, "main", after)).toEqual({
      status: 200,
      text: "Refresh queued.",
    });
    const [latest] = await e2e.user.query(repoJobs, { repositoryId });
    expect(latest._id).not.toBe(firstId);
    const job = await e2e.waitJob(latest._id, (j) => settled(j.status), 60_000);
    expect(job.error).toBeUndefined();
    expect(job).toMatchObject({ status: "succeeded", commit: after });
    const course = await e2e.user.query(fns.course, { courseId: job.courseId });
    expect(course.course.changes).toMatchObject({ fromCommit: first.commit });
    const settings = await e2e.user.query(hookSettings, { repositoryId });
    expect(settings.lastDelivery).toMatchObject({ event: "push", outcome: "queued" });

    await worker.waitLog((l) => l.msg === "job ended" && l.jobId === job._id);
    worker.child.kill("SIGTERM");
    expect(await worker.exited).toBe(0);
  }, 120_000);
});
