/**
 * Cancel latency: the user's cancel mutation → the CLI process gone, and → the job
 * `canceled` in Convex; for a CLI that honours SIGTERM and for one that ignores it (SIGKILL
 * after KILL_GRACE_MS = 1.5 s). Usage: node worker/bench/cancel.ts [--rounds 5]
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { fns, startE2E } from "../test/support/e2e.ts";

const { values } = parseArgs({ options: { rounds: { type: "string", default: "5" } } });
const rounds = Number(values.rounds);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

const e2e = await startE2E();
try {
  const lines: string[] = [];
  for (const scenario of ["sleep", "ignore-sigterm"]) {
    const gone: number[] = [];
    const canceled: number[] = [];
    const worker = e2e.startWorker({
      id: `cancel-${scenario}`,
      cliPath: e2e.fakeCli(scenario, { FAKE_CLI_ARGS_FILE: join(e2e.root, `${scenario}.json`) }),
      env: { LOG_LEVEL: "info", KILL_GRACE_MS: "1500" },
    });
    await worker.healthPort;
    let lastPid = 0;
    for (let i = 0; i < rounds; i++) {
      const repo = `cancel-${scenario}-${i}`;
      e2e.git.createRepo(repo, { "a.ts": "export const a = 1;\n" });
      const argsFile = join(e2e.root, `${scenario}.json`);
      const jobId = await e2e.request(e2e.git.url(repo));
      await e2e.waitJob(jobId, (j) => j.status === "analyzing");
      let pid = 0;
      while (!pid || pid === lastPid || !alive(pid)) {
        try {
          pid = JSON.parse(readFileSync(argsFile, "utf8")).pid;
        } catch {
          // not written yet
        }
        await sleep(10);
      }
      lastPid = pid;
      await sleep(200); // the CLI has installed its signal handlers
      const t0 = Date.now();
      await e2e.user.mutation(fns.cancel, { jobId });
      let goneAt = 0;
      let canceledAt = 0;
      while (!goneAt || !canceledAt) {
        if (!goneAt && !alive(pid)) goneAt = Date.now();
        if (!canceledAt && (await e2e.job(jobId)).status === "canceled") canceledAt = Date.now();
        await sleep(5);
      }
      gone.push(goneAt - t0);
      canceled.push(canceledAt - t0);
    }
    worker.child.kill("SIGTERM");
    await worker.exited;
    const fmt = (xs: number[]) =>
      `median ${[...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]} ms, max ${Math.max(...xs)} ms`;
    lines.push(
      `  CLI ${scenario === "sleep" ? "honours" : "ignores"} SIGTERM: process gone ${fmt(gone)}; job canceled ${fmt(canceled)}`,
    );
  }
  process.stdout.write(
    `cancel → stopped (${rounds} rounds each, local backend):\n${lines.join("\n")}\n`,
  );
} finally {
  await e2e.close();
}
