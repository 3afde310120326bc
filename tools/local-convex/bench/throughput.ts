/**
 * Throughput of the local stack under a stream of jobs: the local backend (a child process
 * running the real convex/ functions), N real workers (worker/src/main.ts, one slot each) and
 * the fastest fake CLI ("happy": no sleeps), through the worker e2e harness. For each worker
 * count, twice: workers on their claimable subscription, and the same workers polling the
 * queue every --poll-ms instead (worker/bench/polling-worker.ts, the old design).
 *
 * Figures per row: jobs/s (jobs ÷ makespan, first job created → last finished), pickup
 * p50/p99 (claim `startedAt` minus the moment the job existed AND a slot was free: the k-th
 * job to start cannot start before the k-th slot came free), the raw queue wait
 * (`_creationTime` → `startedAt`, which also counts jobs waiting behind busy slots), and the
 * server's CPU (its /proc times over the run ÷ wall time). Correctness is checked in the same
 * run: each job claimed once (attempt 1, one job.claimed event, one "job claimed" log line),
 * none lost, event seqs 1..n without gaps or duplicates, one course per succeeded job.
 *
 * Usage: node tools/local-convex/bench/throughput.ts [--jobs 200] [--workers 1,2,4,8]
 *   [--poll-ms 5000] [--modes subscription,bundle,polling] [--every 0] [--data]
 * Set LOCAL_CONVEX_CPU_PROF=<dir> to write a CPU profile of the server child there.
 */
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { bundle } from "../../../worker/scripts/bundle.ts";
import {
  type E2E,
  fns,
  ROOT,
  startE2E,
  type WorkerProcess,
} from "../../../worker/test/support/e2e.ts";

/**
 * subscription: workers from worker/src (TypeScript stripped at every start, the clone
 * process's too); bundle: the same on the production bundle the image ships
 * (worker/dist/worker.js, its clone process worker/dist/clone-child.js); polling: the old design.
 */
export type Mode = "subscription" | "bundle" | "polling";

export interface ThroughputOptions {
  jobs: number;
  workers: number[];
  modes: Mode[];
  pollMs: number;
  /** Pause between two requests of the stream (0: as fast as one client can ask). */
  everyMs: number;
  /** Give up waiting for the jobs after this long (the rest count as lost). */
  timeoutMs: number;
  /** Keep the backend's data in its store file (`--data`), as `./run start` does. */
  data: boolean;
}

export interface ThroughputRow {
  mode: Mode;
  workers: number;
  jobs: number;
  jobsPerSecond: number;
  pickupP50: number;
  pickupP99: number;
  waitP50: number;
  /** A job's own run (claim → finished): clone, CLI, publish, mostly in the worker. */
  jobP50: number;
  serverCpuPercent: number;
  /**
   * CPU of every process of the row (server, workers, their clone and CLI processes), per
   * succeeded job: what bounds jobs/s on a machine whose cores are all busy.
   */
  cpuPerJobMs: number;
  problems: string[];
}

const POLLING_ENTRY = join(ROOT, "worker/bench/polling-worker.ts");

let bundled: Promise<string> | undefined;
/** The production worker bundle, built once per run into a temporary folder. */
function bundleEntry(): Promise<string> {
  bundled ??= (async () => {
    const dir = mkdtempSync(join(tmpdir(), "throughput-bundle-"));
    process.on("exit", () => rmSync(dir, { recursive: true, force: true }));
    await bundle(dir);
    return join(dir, "worker/dist/worker.js");
  })();
  return bundled;
}

async function entryFor(mode: Mode): Promise<{ entry?: string }> {
  if (mode === "polling") return { entry: POLLING_ENTRY };
  if (mode === "bundle") return { entry: await bundleEntry() };
  return {};
}
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function pct(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))] ?? Number.NaN;
}

/** The local-convex child of this process (the e2e harness does not expose its pid). */
function serverPid(): number {
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
      if (ppid !== process.pid) continue;
      const cmdline = readFileSync(`/proc/${entry}/cmdline`, "utf8");
      if (cmdline.includes("tools/local-convex/src/main.ts")) return Number(entry);
    } catch {
      // The process ended while we looked.
    }
  }
  throw new Error("could not find the local-convex child process");
}

/**
 * CPU of this process's exited children and all their reaped descendants (cutime + cstime of
 * /proc/self/stat, ms): the server, the workers, and the clone and CLI processes the workers
 * waited for. The git server runs in this process and is not counted (a git host's cost).
 */
function reapedChildrenCpuMs(): number {
  const stat = readFileSync("/proc/self/stat", "utf8");
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return (Number(fields[13]) + Number(fields[14])) * 10;
}

/** utime + stime of a process, in ms (clock ticks of 10 ms). */
function cpuMs(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

interface JobRecord {
  _creationTime: number;
  startedAt?: number;
  finishedAt?: number;
  status: string;
  attempt: number;
  courseId?: string;
  repositoryId: string;
}

async function waitEnded(
  workers: WorkerProcess[],
  jobs: number,
  timeoutMs: number,
): Promise<number> {
  const deadline = Date.now() + timeoutMs;
  const ended = () =>
    workers.reduce((n, w) => n + w.logs.filter((l) => l.msg === "job ended").length, 0);
  // Reads the workers' own log lines: waiting costs the server nothing.
  while (ended() < jobs && Date.now() < deadline) await sleep(50);
  return ended();
}

async function check(
  e2e: E2E,
  workers: WorkerProcess[],
  ids: string[],
  records: JobRecord[],
): Promise<string[]> {
  const problems: string[] = [];
  const claimedLogs = new Map<string, number>();
  for (const w of workers) {
    for (const l of w.logs) {
      if (l.msg === "job claimed") {
        const id = String(l.jobId);
        claimedLogs.set(id, (claimedLogs.get(id) ?? 0) + 1);
      }
    }
  }
  const count = (what: string, n: number) => {
    if (n > 0) problems.push(`${n} ${what}`);
  };
  count("lost (not succeeded)", records.filter((j) => j.status !== "succeeded").length);
  count(
    "run twice",
    ids.filter((id, i) => (claimedLogs.get(id) ?? 0) !== 1 || records[i]?.attempt !== 1).length,
  );
  let badSeq = 0;
  let badClaimEvents = 0;
  let badCourses = 0;
  for (const [i, id] of ids.entries()) {
    const events = await e2e.events(id);
    if (events.some((e, k) => e.seq !== k + 1)) badSeq++;
    if (events.filter((e) => e.kind === "job.claimed").length !== 1) badClaimEvents++;
    const job = records[i] as JobRecord;
    if (job.status === "succeeded") {
      const courses = await e2e.user.query(fns.listForRepository, {
        repositoryId: job.repositoryId,
      });
      if (!job.courseId || courses.length !== 1) badCourses++;
    }
  }
  count("with gaps or duplicates in event seqs", badSeq);
  count("without exactly one job.claimed event", badClaimEvents);
  count("succeeded without exactly one course", badCourses);
  return problems;
}

/** Pickup per job: start minus max(created, when the k-th slot came free). */
function pickups(records: JobRecord[], slots: number): number[] {
  const started = records.filter((j) => j.startedAt !== undefined);
  const byStart = [...started].sort((a, b) => (a.startedAt as number) - (b.startedAt as number));
  const free = [
    ...Array.from({ length: slots }, () => Number.NEGATIVE_INFINITY),
    ...started
      .map((j) => j.finishedAt)
      .filter((t): t is number => t !== undefined)
      .sort((a, b) => a - b),
  ];
  return byStart.map((job, k) => {
    const ready = Math.max(job._creationTime, free[k] ?? Number.POSITIVE_INFINITY);
    return Math.max(0, (job.startedAt as number) - ready);
  });
}

async function runRow(mode: Mode, workerCount: number, options: ThroughputOptions) {
  const profileDir = process.env.LOCAL_CONVEX_CPU_PROF;
  // Read by the server child only: the harness gives workers an environment of their own.
  const nodeOptions = process.env.NODE_OPTIONS;
  if (profileDir) process.env.NODE_OPTIONS = `--cpu-prof --cpu-prof-dir=${profileDir}`;
  const children0 = reapedChildrenCpuMs();
  const e2e = await startE2E({ persistent: options.data });
  let row: Omit<ThroughputRow, "cpuPerJobMs">;
  let succeededJobs = 0;
  if (profileDir) {
    if (nodeOptions === undefined) delete process.env.NODE_OPTIONS;
    else process.env.NODE_OPTIONS = nodeOptions;
  }
  try {
    // One repository per job (a course per repository and commit): copies of one template.
    e2e.git.createRepo("template", { "a.ts": "export const a = 1;\n" });
    const repos = join(e2e.git.root, "repos");
    for (let i = 0; i < options.jobs; i++) {
      cpSync(join(repos, "template.git"), join(repos, `t-${i}.git`), { recursive: true });
    }
    const pid = serverPid();
    const entry = await entryFor(mode);
    const workers = Array.from({ length: workerCount }, (_, k) =>
      e2e.startWorker({
        id: `${mode[0]}${k + 1}`,
        cliPath: e2e.fakeCli("happy"),
        ...entry,
        env: { LOG_LEVEL: "info", MAX_CONCURRENT_JOBS: "1", POLL_MS: String(options.pollMs) },
      }),
    );
    await Promise.all(workers.map((w) => w.waitLog((l) => l.msg === "worker started")));
    await Promise.all(workers.map((w) => w.waitLog((l) => l.connected === true)));

    const cpu0 = cpuMs(pid);
    const t0 = Date.now();
    const ids: string[] = [];
    for (let i = 0; i < options.jobs; i++) {
      ids.push(await e2e.request(e2e.git.url(`t-${i}`)));
      if (options.everyMs > 0) await sleep(options.everyMs);
    }
    await waitEnded(workers, options.jobs, options.timeoutMs);
    const wall = Date.now() - t0;
    const serverCpuPercent = ((cpuMs(pid) - cpu0) / wall) * 100;

    const records: JobRecord[] = [];
    for (const id of ids) records.push((await e2e.job(id)) as unknown as JobRecord);
    const problems = await check(e2e, workers, ids, records);
    const first = Math.min(...records.map((j) => j._creationTime));
    const last = Math.max(...records.map((j) => j.finishedAt ?? Number.NaN));
    const succeeded = records.filter((j) => j.status === "succeeded").length;
    succeededJobs = succeeded;
    const picks = pickups(records, workerCount);
    const waits = records
      .filter((j) => j.startedAt !== undefined)
      .map((j) => (j.startedAt as number) - j._creationTime);
    for (const w of workers) w.child.kill("SIGTERM");
    await Promise.all(workers.map((w) => w.exited));
    row = {
      mode,
      workers: workerCount,
      jobs: options.jobs,
      jobsPerSecond: succeeded / ((last - first) / 1000),
      pickupP50: pct(picks, 50),
      pickupP99: pct(picks, 99),
      waitP50: pct(waits, 50),
      jobP50: pct(
        records
          .filter((j) => j.startedAt !== undefined && j.finishedAt !== undefined)
          .map((j) => (j.finishedAt as number) - (j.startedAt as number)),
        50,
      ),
      serverCpuPercent,
      problems,
    };
  } finally {
    await e2e.close();
  }
  // Every process of the row has now exited and been reaped up to this one.
  return { ...row, cpuPerJobMs: (reapedChildrenCpuMs() - children0) / Math.max(1, succeededJobs) };
}

export async function runThroughput(options: ThroughputOptions): Promise<ThroughputRow[]> {
  const rows: ThroughputRow[] = [];
  for (const workers of options.workers) {
    for (const mode of options.modes) {
      const row = await runRow(mode, workers, options);
      process.stderr.write(`throughput: ${mode}, ${workers} worker(s) done\n`);
      rows.push(row);
    }
  }
  return rows;
}

export function formatThroughput(rows: ThroughputRow[], options: ThroughputOptions): string {
  const ms = (n: number) => (Number.isFinite(n) ? `${n.toFixed(0)} ms` : "–");
  const cell = (row: ThroughputRow | undefined) =>
    row
      ? [
          row.jobsPerSecond.toFixed(1),
          `${ms(row.pickupP50)} / ${ms(row.pickupP99)}`,
          ms(row.waitP50),
          ms(row.jobP50),
          `${row.serverCpuPercent.toFixed(0)} %`,
          ms(row.cpuPerJobMs),
        ]
      : ["", "", "", "", "", ""];
  const header = [
    "workers",
    ...options.modes.flatMap((m) => [
      `${m} jobs/s`,
      "pickup p50 / p99",
      "queue wait p50",
      "job p50",
      "server CPU",
      "CPU per job",
    ]),
  ];
  const lines = [header];
  for (const workers of options.workers) {
    lines.push([
      String(workers),
      ...options.modes.flatMap((m) =>
        cell(rows.find((r) => r.mode === m && r.workers === workers)),
      ),
    ]);
  }
  const widths = header.map((_, i) => Math.max(...lines.map((l) => (l[i] ?? "").length)));
  const table = lines.map((l) => `| ${l.map((c, i) => c.padEnd(widths[i] ?? 0)).join(" | ")} |`);
  table.splice(1, 0, `|${widths.map((w) => "-".repeat(w + 2)).join("|")}|`);
  const checks = rows.map(
    (r) =>
      `  ${r.mode}, ${r.workers} worker(s): ${r.problems.length === 0 ? "0 double runs, 0 lost, seqs intact, one course each" : r.problems.join(", ")}`,
  );
  return [
    `throughput, ${options.jobs} jobs streamed by one client, fake CLI "happy", one slot per worker, polling every ${options.pollMs} ms, ${options.data ? "with" : "without"} a data store:`,
    ...table,
    "correctness:",
    ...checks,
  ].join("\n");
}

export function throughputOptions(argv: string[]): ThroughputOptions {
  const { values } = parseArgs({
    args: argv,
    strict: false,
    options: {
      jobs: { type: "string", default: "200" },
      workers: { type: "string", default: "1,2,4,8" },
      modes: { type: "string", default: "subscription,polling" },
      "poll-ms": { type: "string", default: "5000" },
      every: { type: "string", default: "0" },
      timeout: { type: "string", default: "600000" },
      data: { type: "boolean", default: false },
    },
  });
  return {
    jobs: Number(values.jobs),
    workers: String(values.workers).split(",").map(Number),
    modes: String(values.modes).split(",") as Mode[],
    pollMs: Number(values["poll-ms"]),
    everyMs: Number(values.every),
    timeoutMs: Number(values.timeout),
    data: values.data === true,
  };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const options = throughputOptions(process.argv.slice(2));
  const rows = await runThroughput(options);
  process.stdout.write(`${formatThroughput(rows, options)}\n`);
}
