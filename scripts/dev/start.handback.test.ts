/**
 * Issue 14: Ctrl-C of `./run start` during a job hands the job back. Through the
 * orchestrator itself (scripts/dev/start.ts), with a CLI that runs until it is stopped: the
 * job is mid-analysis, SIGINT goes to the orchestrator, and once it has exited the job's
 * working copy is gone; on the next start the job is back in the queue without a counted
 * attempt and is claimed at once — not after its first lease (60 s) runs out, as attempt 2.
 */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DEFAULT_LEASE_MS, DEFAULT_MODEL } from "@fondation/shared";
import type { ConvexHttpClient } from "convex/browser";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { localPathToFileUrl } from "../../web/src/lib/repoInput.ts";
import {
  fns,
  killAll,
  makeRepository,
  type Running,
  signIn,
  started,
  startOrchestrator,
} from "./startHarness.ts";

interface Job {
  status: string;
  attempt: number;
  error?: { code: string; message: string };
}
interface JobEvent {
  ts: number;
  kind: string;
  message: string;
}

/**
 * A CLI that writes a large-ish file in its output folder, says it started (a file the test
 * waits for), and runs until stopped; on SIGTERM it answers as the real CLI does.
 */
function slowCli(dir: string): { path: string; startedFile: string } {
  const startedFile = join(dir, "cli-started");
  const path = join(dir, "slow-cli.mjs");
  writeFileSync(
    path,
    `import { writeFileSync } from "node:fs";
const args = process.argv.slice(2);
const out = args[args.indexOf("--out") + 1];
const emit = (e) => process.stdout.write(JSON.stringify({ v: 1, ts: Date.now(), ...e }) + "\\n");
process.on("SIGTERM", () => {
  emit({ kind: "run.failed", code: "internal", message: "Interrupted: run the same command again to continue.", retryable: true });
  process.exit(130);
});
writeFileSync(out + "/work.bin", Buffer.alloc(4 * 1024 * 1024));
emit({ kind: "run.started", outDir: out, model: null, language: "en", offline: true, resumedSteps: [], filesScanned: 3, filesKept: 3 });
writeFileSync(${JSON.stringify(startedFile)}, String(process.pid));
setInterval(() => {}, 60_000);
`,
  );
  return { path, startedFile };
}

async function until<T>(what: string, check: () => Promise<T | undefined>, ms: number) {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function events(client: ConvexHttpClient, jobId: string): Promise<JobEvent[]> {
  const page = await client.query(fns.events, {
    jobId,
    paginationOpts: { numItems: 200, cursor: null },
  });
  return page.page;
}

describe("./run start: Ctrl-C during a job", () => {
  let root: string;
  let dataDir: string;
  let running: Running | undefined;
  let pids: number[] = [];

  beforeAll(() => {
    root = mkdtempSync(join(tmpdir(), "fondation-handback-"));
    dataDir = join(root, "data");
    mkdirSync(join(root, "cli"), { recursive: true });
  });
  afterAll(() => {
    killAll(running, pids);
    if (root) rmSync(root, { recursive: true, force: true });
  });

  it("hands the running job back and removes its folder; the next start claims it at once, same attempt", async () => {
    const cli = slowCli(join(root, "cli"));
    running = startOrchestrator(dataDir, { CLI_PATH: cli.path });
    let urls = await started(running, 280_000);
    pids = urls.pids;
    const client = await signIn(urls.webUrl, urls.convexUrl);
    const { repositoryId } = await client.mutation(fns.addByUrl, {
      url: localPathToFileUrl(makeRepository(root)),
    });
    const { jobId } = await client.mutation(fns.request, {
      repositoryId,
      options: { language: "en", model: DEFAULT_MODEL },
    });
    await until(
      "the CLI to run",
      async () => (existsSync(cli.startedFile) ? true : undefined),
      60_000,
    );
    const runningJob: Job = await client.query(fns.getJob, { jobId });
    expect(runningJob).toMatchObject({ status: "analyzing", attempt: 1 });
    const firstClaim = (await events(client, jobId)).find((e) => e.kind === "job.claimed");
    expect(firstClaim).toBeDefined();
    const jobFolders = () =>
      readdirSync(join(dataDir, "worker"), { recursive: true }).filter((p) =>
        String(p).includes("job-"),
      );
    expect(jobFolders().length).toBeGreaterThan(0);

    // Ctrl-C.
    running.child.kill("SIGINT");
    expect(await running.exit).toEqual({ code: 0, signal: null });
    const output = running.output.join("\n");
    expect(output).toContain("job handed back");
    expect(jobFolders(), "the job's working copy").toEqual([]);

    // The next start: the job was queued again, not left running with a lease to wait out.
    rmSync(cli.startedFile);
    // The same web port: the local sign-in issuer is the web app's URL, so the same user.
    running = startOrchestrator(dataDir, { CLI_PATH: cli.path }, Number(new URL(urls.webUrl).port));
    urls = await started(running, 120_000);
    pids = urls.pids;
    const again = await signIn(urls.webUrl, urls.convexUrl);
    await until(
      "the CLI to run again",
      async () => (existsSync(cli.startedFile) ? true : undefined),
      60_000,
    );
    const job: Job = await again.query(fns.getJob, { jobId });
    expect(job.status).toBe("analyzing");
    expect(job.attempt, "the handed-back attempt is not counted").toBe(1);
    expect(job.error).toBeUndefined();
    const log = await events(again, jobId);
    expect(log.map((e) => e.kind)).toContain("job.released");
    expect(log.map((e) => e.kind)).not.toContain("job.requeued");
    const claims = log.filter((e) => e.kind === "job.claimed");
    expect(claims.map((e) => e.message)).toEqual([
      expect.stringMatching(/^Attempt 1 /),
      expect.stringMatching(/^Attempt 1 /),
    ]);
    // Claimed when this start's worker came up, long before the first lease would have lapsed.
    expect(claims[1]?.ts ?? Infinity).toBeLessThan((firstClaim?.ts ?? 0) + DEFAULT_LEASE_MS);

    running.child.kill("SIGINT");
    expect(await running.exit).toEqual({ code: 0, signal: null });
  });
});
