/**
 * Webhook → job claimed, on the local stack (issue 15): the local backend (a child process
 * running the real convex/ functions and http.ts on its site origin), one real worker on its
 * claimable subscription, the fast fake CLI. A repository with a published course and its
 * push webhook on; then, --pushes times: a commit, a signed push POSTed to the webhook URL,
 * and the time until the worker claimed the refresh (`startedAt`, server clock, same machine
 * as the bench). Side by side, the same refresh asked from the Refresh button
 * (`refresh.request` through the Convex client). Each refresh finishes before the next
 * push, so a slot is always free and the figure is pickup, not queueing.
 *
 * Figures: delivery answered (POST → HTTP answer), job created (POST → `_creationTime`),
 * claimed (POST → `startedAt`): p50 / p99 / max.
 * Usage: node worker/bench/webhook.ts [--pushes 50]
 */
import { parseArgs } from "node:util";
import { makeFunctionReference } from "convex/server";
import { type E2E, type JobView, startE2E } from "../test/support/e2e.ts";
import { postPush } from "../test/support/push.ts";

const { values } = parseArgs({ options: { pushes: { type: "string", default: "50" } } });
const PUSHES = Number(values.pushes);

// biome-ignore lint/suspicious/noExplicitAny: bench references are untyped on purpose.
type Any = any;
const enableHook = makeFunctionReference<"mutation", Any, Any>("webhooks:enable");
const refresh = makeFunctionReference<"mutation", Any, Any>("refresh:request");
const repoJobs = makeFunctionReference<"query", Any, Any>("jobs:listForRepository");

type Timed = JobView & { _creationTime: number; startedAt: number };
interface Sample {
  answered: number;
  created: number;
  claimed: number;
}

const settled = (j: JobView) => ["succeeded", "failed", "canceled"].includes(j.status);
const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)] ?? Number.NaN;
};
const cell = (xs: number[]) =>
  `${pct(xs, 50).toFixed(0)} / ${pct(xs, 99).toFixed(0)} / ${Math.max(...xs).toFixed(0)}`;

/** Commits, asks for the refresh with `ask`, waits for its claim and its end. */
async function sample(
  e2e: E2E,
  repositoryId: string,
  i: number,
  ask: (after: string) => Promise<void>,
): Promise<Sample> {
  const after = e2e.git.commitFiles("bench", { "src/index.ts": `export const x = ${i};\n` });
  const start = Date.now();
  await ask(after);
  const answered = Date.now() - start;
  const [latest] = await e2e.user.query(repoJobs, { repositoryId, limit: 1 });
  const job = (await e2e.waitJob(latest._id, (j) => j.status !== "queued", 30_000)) as Timed;
  const done = await e2e.waitJob(job._id, settled, 60_000);
  if (done.status !== "succeeded" || done.commit !== after) {
    throw new Error(`refresh ${i} ended ${done.status} at ${done.commit}, not ${after}`);
  }
  return { answered, created: job._creationTime - start, claimed: job.startedAt - start };
}

const e2e = await startE2E();
try {
  e2e.git.createRepo("bench", { "src/index.ts": "export const x = 0;\n", "README.md": "# B\n" });
  const worker = e2e.startWorker({ id: "bench", cliPath: e2e.fakeCli("happy") });
  const firstId = await e2e.request(e2e.git.url("bench"));
  const first = await e2e.waitJob(firstId, settled, 60_000);
  if (first.status !== "succeeded") throw new Error(`first course: ${first.status}`);
  const { repositoryId } = first;
  const { url, secret } = await e2e.user.mutation(enableHook, { repositoryId });

  const webhook: Sample[] = [];
  const button: Sample[] = [];
  for (let i = 1; i <= PUSHES; i++) {
    webhook.push(
      await sample(e2e, repositoryId, 2 * i, async (after) => {
        const answer = await postPush(url, secret, "main", after);
        if (answer.status !== 200) throw new Error(`delivery: ${answer.status} ${answer.text}`);
      }),
    );
    button.push(
      await sample(e2e, repositoryId, 2 * i + 1, async () => {
        await e2e.user.mutation(refresh, { repositoryId });
      }),
    );
  }
  worker.child.kill("SIGTERM");
  await worker.exited;

  console.log(`\nWebhook → job claimed, ${PUSHES} refreshes each (ms, p50 / p99 / max)\n`);
  console.log("| asked by | answered | job created | claimed by the worker |");
  console.log("|---|---:|---:|---:|");
  for (const [name, rows] of [
    ["signed push to the webhook", webhook],
    ["Refresh button (refresh.request)", button],
  ] as const) {
    console.log(
      `| ${name} | ${cell(rows.map((r) => r.answered))} | ${cell(rows.map((r) => r.created))} | ${cell(rows.map((r) => r.claimed))} |`,
    );
  }
  console.log("\ntarget (webhook → claimed): p50 ≤ 100 ms, p99 ≤ 500 ms");
} finally {
  await e2e.close();
}
