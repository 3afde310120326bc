/**
 * Question latency on the local stack: a course published by the worker (fake CLI), then N
 * questions asked as the signed-in user, each timed from the ask mutation and from the
 * worker's claim (the question's `startedAt`) to the first streamed words seen by the user's
 * subscription, and to the answer complete; p50/p95. Offline (no key: retrieval answer), then
 * with the model stand-in (first token 300–900 ms, 5 ms per output token, as cli/bench/ask-quality.ts).
 * Last, the choice the worker made: the CLI's ask library in-process against a
 * `fondation ask --json` child, on the same cached course folder.
 * Usage: node worker/bench/ask.ts [--questions 20]
 */
import { execFileSync } from "node:child_process";
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { askCourse, openCourse } from "@fondation/cli/ask";
import { makeFunctionReference } from "convex/server";
import { requestText, startAnthropicStandin } from "../../cli/test/support/anthropic-standin.ts";
import { REAL_CLI, startE2E } from "../test/support/e2e.ts";

const { values } = parseArgs({ options: { questions: { type: "string", default: "20" } } });
const N = Number(values.questions);
// biome-ignore lint/suspicious/noExplicitAny: bench references are untyped on purpose.
type Any = any;
const ask = makeFunctionReference<"mutation", Any, Any>("questions:ask");
const get = makeFunctionReference<"query", Any, Any>("questions:get");

const QUESTIONS = [
  "Where is the queue drained?",
  "What does drain hand each item to?",
  "How are items added to the queue?",
  "Which function counts the items?",
  "Where is the handler called?",
];
const REPO = {
  "src/index.ts": [
    "/** Drains the queue: hands every item to the handler. */",
    "export function drain(items: string[], handler: (item: string) => void) {",
    "  for (const item of items.splice(0)) handler(item);",
    "}",
    "/** Adds an item at the end of the queue. */",
    "export function push(items: string[], item: string) {",
    "  items.push(item);",
    "}",
    "/** How many items wait. */",
    "export const count = (items: string[]) => items.length;",
    "",
  ].join("\n"),
  "README.md": "# Queue\n\nA tiny queue: push, drain, count.\n",
};

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)] ?? Number.NaN;
};
const row = (name: string, xs: number[]) =>
  `| ${name} | ${Math.round(pct(xs, 50))} ms | ${Math.round(pct(xs, 95))} ms |`;

const e2e = await startE2E();
const standin = await startAnthropicStandin({
  latency: { firstTokenMs: () => 300 + Math.floor(Math.random() * 600), perOutputTokenMs: 5 },
  script: (request) => ({
    type: "text",
    text: `The queue is drained by \`drain\` (\`src/index.ts:2-4\`); it hands each item to the handler. ${
      requestText(request.body).length > 0 ? "Items are added by `push` (`src/index.ts:6-8`)." : ""
    }`,
  }),
});
const lines: string[] = [];
try {
  e2e.git.createRepo("bench-queue", REPO);
  const publisher = e2e.startWorker({ id: "ask-publish", cliPath: e2e.fakeCli("happy") });
  const jobId = await e2e.request(e2e.git.url("bench-queue"));
  const job = await e2e.waitJob(jobId, (j) => ["succeeded", "failed"].includes(j.status), 60_000);
  if (job.status !== "succeeded") throw new Error(`the course was not published: ${job.status}`);
  publisher.child.kill("SIGTERM");
  await publisher.exited;

  let cacheDir = "";
  for (const mode of ["offline", "stand-in"] as const) {
    const worker = e2e.startWorker({
      id: `ask-${mode}`,
      cliPath: e2e.fakeCli("happy"),
      env: {
        LOG_LEVEL: "info",
        ...(mode === "stand-in"
          ? { ANTHROPIC_API_KEY: "bench", ANTHROPIC_BASE_URL: standin.url }
          : {}),
      },
    });
    await worker.healthPort;
    const fromAsk = { first: [] as number[], done: [] as number[] };
    const fromClaim = { first: [] as number[], done: [] as number[] };
    for (let i = 0; i < N; i++) {
      const t0 = Date.now();
      const { questionId } = await e2e.user.mutation(ask, {
        courseId: job.courseId,
        question: QUESTIONS[i % QUESTIONS.length],
      });
      await new Promise<void>((resolve, reject) => {
        let firstAt = 0;
        const off = e2e.user.onUpdate(
          get,
          { questionId },
          (v: { status: string; answer: string; startedAt?: number; error?: unknown }) => {
            const now = Date.now();
            if (!firstAt && v.answer.length > 0) firstAt = now;
            if (v.status === "failed") reject(new Error(JSON.stringify(v.error)));
            if (v.status !== "answered") return;
            off();
            const started = v.startedAt ?? t0;
            fromAsk.first.push(firstAt - t0);
            fromAsk.done.push(now - t0);
            fromClaim.first.push(firstAt - started);
            fromClaim.done.push(now - started);
            resolve();
          },
          reject,
        );
      });
    }
    lines.push(
      `### ${mode} (${N} questions, one at a time)`,
      "",
      "| measure | p50 | p95 |",
      "| --- | --- | --- |",
      row("ask → first words seen", fromAsk.first),
      row("claim → first words seen", fromClaim.first),
      row("ask → complete", fromAsk.done),
      row("claim → complete", fromClaim.done),
      "",
    );
    const owner = readdirSync(worker.tempDir).find((d) => d !== "courses");
    if (owner) cacheDir = join(worker.tempDir, owner, "courses", job.courseId as string);
    // The course folder is needed below: read it before this worker removes its temp folder.
    if (mode === "offline") {
      const spawnMs: number[] = [];
      const libraryMs: number[] = [];
      const opened = await openCourse(cacheDir, { repo: join(cacheDir, "sources") });
      for (let i = 0; i < 5; i++) {
        const question = QUESTIONS[i % QUESTIONS.length] ?? "";
        let t = Date.now();
        execFileSync(
          process.execPath,
          [
            REAL_CLI,
            "ask",
            cacheDir,
            question,
            "--repo",
            join(cacheDir, "sources"),
            "--json",
            "--offline",
          ],
          { stdio: ["ignore", "ignore", "ignore"] },
        );
        spawnMs.push(Date.now() - t);
        t = Date.now();
        await askCourse(opened, question, { offline: true });
        libraryMs.push(Date.now() - t);
      }
      lines.push(
        "### library in-process vs `fondation ask --json` child (offline answer, 5 runs)",
        "",
        "| way | p50 | p95 |",
        "| --- | --- | --- |",
        row("child process (spawn, open course, answer)", spawnMs),
        row("library, course kept open", libraryMs),
        "",
      );
    }
    worker.child.kill("SIGTERM");
    await worker.exited;
  }
  process.stdout.write(`${lines.join("\n")}\n`);
} finally {
  await standin.close();
  await e2e.close();
}
