// How the local backend holds up as its store grows: fills it with published courses through
// this repository's real functions (a user's request, the worker's claim, appendEvents,
// beginPublish, addLessonPart, addSourceParts, completePublish), and at 0/10/50/100 courses
// prints the store's size, an appendEvents mutation's latency (ConvexHttpClient) and its
// mutation → subscriber latency (ConvexClient on jobEvents.tail), the server's CPU per
// mutation, its startup time on the filled store (after a clean stop, and checking every
// document as after a crash or a schema change) and its RSS. Beside it, the old design's
// cost ("json-rewrite": the whole database serialized and written per commit, measured on
// the same documents). The server runs in a child process (read from /proc).
//
// Usage: node tools/local-convex/bench/growth.ts [--courses 0,10,50,100] [--samples 200]
// Another script may import { runGrowth, formatGrowth } from this file.
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { ConvexClient, ConvexHttpClient } from "convex/browser";
import { makeFunctionReference } from "convex/server";
import { exportJWK, generateKeyPair, SignJWT } from "jose";
import { DatabaseSync } from "../src/store/sqlite.ts";

const ROOT = fileURLToPath(new URL("../../../", import.meta.url));
const MAIN = join(ROOT, "tools/local-convex/src/main.ts");
const ISSUER = "https://issuer.growth-bench.test";
const SECRET = "growth-bench-worker-secret-0123456789";
const MODEL = "claude-sonnet-5-5";
const EVENTS_PER_COURSE = 1_160;
const LESSONS_PER_COURSE = 10;
const FILES_PER_COURSE = 10;
const CLK_TCK = 100; // Linux's USER_HZ for /proc/<pid>/stat times

// biome-ignore lint/suspicious/noExplicitAny: untyped references keep the bench independent of codegen.
type Any = any;
const ref = {
  store: makeFunctionReference<"mutation", Any, Any>("users:store"),
  addByUrl: makeFunctionReference<"mutation", Any, Any>("repositories:addByUrl"),
  request: makeFunctionReference<"mutation", Any, Any>("jobs:request"),
  claim: makeFunctionReference<"mutation", Any, Any>("workerApi:claim"),
  appendEvents: makeFunctionReference<"mutation", Any, Any>("workerApi:appendEvents"),
  beginPublish: makeFunctionReference<"mutation", Any, Any>("workerApi:beginPublish"),
  addLessonPart: makeFunctionReference<"mutation", Any, Any>("workerApi:addLessonPart"),
  addSourceParts: makeFunctionReference<"mutation", Any, Any>("workerApi:addSourceParts"),
  completePublish: makeFunctionReference<"mutation", Any, Any>("workerApi:completePublish"),
  tail: makeFunctionReference<"query", Any, Any>("jobEvents:tail"),
};

export interface GrowthOptions {
  levels?: number[];
  /** appendEvents calls measured per level. */
  samples?: number;
  /** Also measure the old design's per-commit save (default true). */
  baseline?: boolean;
  /** Keep the filled store in this folder (default: deleted). */
  keep?: string;
  log?: (line: string) => void;
}

export interface GrowthRow {
  courses: number;
  documents: number;
  storeMb: number;
  /** The WAL journal beside it (folded back into the store now and then, at most ~4 MB). */
  walMb: number;
  mutationP50: number;
  mutationP99: number;
  subscriberP50: number;
  subscriberP99: number;
  cpuMsPerMutation: number;
  /** Restart on the store as a clean stop left it (stamped: fields not checked again). */
  startupMs: number;
  /** Restart that checks every document against the schema (after a crash or a schema change). */
  checkedStartupMs: number;
  rssMb: number;
  /** The old design at the same data: the JSON file's size and one save's cost. */
  jsonRewrite: { mb: number; saveMs: number } | null;
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;
}

function text(words: number, seed: number): string {
  const vocabulary = ["the", "store", "writes", "only", "changed", "rows", "course", "lesson"];
  let out = "";
  for (let i = 0; i < words; i++) out += `${vocabulary[(seed + i * 7) % vocabulary.length]} `;
  return out;
}

/** A JWKS endpoint on loopback and tokens it vouches for. */
async function startIssuer(): Promise<{
  url: string;
  token(sub: string): Promise<string>;
  close(): void;
}> {
  const keys = await generateKeyPair("RS256");
  const jwk = { ...(await exportJWK(keys.publicKey)), kid: "growth", alg: "RS256" };
  const server: Server = createServer((_req, res) => {
    res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ keys: [jwk] }));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/jwks.json`,
    token: (sub) =>
      new SignJWT({ name: sub })
        .setProtectedHeader({ alg: "RS256", kid: "growth" })
        .setSubject(sub)
        .setIssuer(ISSUER)
        .setAudience("convex")
        .setIssuedAt()
        .setExpirationTime("4h")
        .sign(keys.privateKey),
    close: () => server.close(),
  };
}

interface Backend {
  child: ChildProcess;
  url: string;
  startupMs: number;
}

async function startBackend(store: string, jwksUrl: string): Promise<Backend> {
  const started = performance.now();
  const child = spawn(
    process.execPath,
    [MAIN, "--functions", join(ROOT, "convex"), "--port", "0", "--no-crons", "--data", store],
    {
      cwd: ROOT,
      env: {
        PATH: process.env.PATH ?? "",
        WORKER_SECRET: SECRET,
        LOCAL_AUTH_ISSUER: ISSUER,
        LOCAL_AUTH_JWKS_URL: jwksUrl,
        ALLOW_LOCAL_GIT_URLS: "true",
      },
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  let stderr = "";
  child.stderr?.on("data", (chunk) => {
    stderr = (stderr + String(chunk)).slice(-4_000);
  });
  const url = await new Promise<string>((resolve, reject) => {
    createInterface({ input: child.stdout as NodeJS.ReadableStream }).on("line", (line) => {
      if (/^http:\/\//.test(line)) resolve(line.trim());
    });
    child.once("exit", (code) => reject(new Error(`local-convex exited (${code}): ${stderr}`)));
  });
  return { child, url, startupMs: performance.now() - started };
}

async function stopBackend(backend: Backend): Promise<void> {
  const exited = new Promise((resolve) => backend.child.once("exit", resolve));
  backend.child.kill("SIGTERM");
  await exited;
}

/** utime + stime of a process, in ms. */
function cpuMs(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLK_TCK;
}

function rssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? NaN) / 1024;
}

class Filler {
  readonly user: ConvexHttpClient;
  readonly worker: ConvexHttpClient;
  published = 0;

  constructor(url: string, token: string) {
    this.user = new ConvexHttpClient(url, { logger: false });
    this.user.setAuth(token);
    this.worker = new ConvexHttpClient(url, { logger: false });
  }

  /** A requested and claimed job of a new repository: its fence. */
  async claimedJob(n: number) {
    const { repositoryId } = await this.user.mutation(ref.addByUrl, {
      url: `https://github.com/growth-bench/repository-${n}.git`,
    });
    const { jobId } = await this.user.mutation(ref.request, {
      repositoryId,
      options: { language: "en", model: MODEL },
    });
    const claim = await this.worker.mutation(ref.claim, {
      secret: SECRET,
      jobId,
      workerId: "growth-bench",
      leaseMs: 600_000,
    });
    if (!claim) throw new Error(`job ${jobId} could not be claimed`);
    return { jobId, attempt: claim.attempt as number, workerId: "growth-bench" };
  }

  async appendEvents(fence: Record<string, unknown>, from: number, count: number, step = 3) {
    const events = Array.from({ length: count }, (_, i) => ({
      ts: Date.now(),
      kind: i % 5 === 0 ? "tool" : "text",
      level: "info",
      message: `event ${from + i}: ${text(14, from + i)}`,
      ...(i % 4 === 0 ? { data: { tool: "Read", path: `src/file-${i % 9}.ts`, lines: 120 } } : {}),
    }));
    const result = await this.worker.mutation(ref.appendEvents, {
      secret: SECRET,
      ...fence,
      events,
      progress: {
        step,
        totalSteps: 6,
        chaptersDone: 0,
        chaptersTotal: LESSONS_PER_COURSE,
        message: "writing",
      },
    });
    if (!result.ok) throw new Error(`appendEvents refused: ${result.message}`);
    return result.lastSeq as number;
  }

  /** One course from request to published, with the shape of a real one. */
  async publishOne(): Promise<void> {
    const n = this.published;
    const fence = await this.claimedJob(n);
    for (let sent = 0; sent < EVENTS_PER_COURSE; sent += 200) {
      await this.appendEvents(fence, sent, Math.min(200, EVENTS_PER_COURSE - sent));
    }
    const files = Array.from({ length: FILES_PER_COURSE }, (_, i) => `src/module-${i}.ts`);
    const slugs = Array.from({ length: LESSONS_PER_COURSE }, (_, i) => `lesson-${i + 1}`);
    const lessons = slugs.map((slug, i) => ({
      kind: i === LESSONS_PER_COURSE - 1 ? "tutorial" : "chapter",
      slug,
      title: `Lesson ${i + 1}: ${text(5, i)}`,
      abstraction: `a${i % 8}`,
      citations: [0, 1, 2].map((k) => ({
        path: files[(i + k) % FILES_PER_COURSE] as string,
        startLine: 1 + k * 10,
        endLine: 9 + k * 10,
      })),
      prev: i === 0 ? null : slugs[i - 1],
      next: i === LESSONS_PER_COURSE - 1 ? null : slugs[i + 1],
      partCount: 1,
    }));
    const begun = await this.worker.mutation(ref.beginPublish, {
      secret: SECRET,
      ...fence,
      course: {
        title: `Course ${n}`,
        summary: text(80, n),
        language: "en",
        model: MODEL,
        commit: (n + 0x1000000).toString(16).padStart(40, "0"),
        abstractions: Array.from({ length: 8 }, (_, i) => ({
          id: `a${i}`,
          name: `Abstraction ${i}`,
          description: text(40, i),
          files: [files[i % FILES_PER_COURSE] as string],
        })),
        relationships: Array.from({ length: 8 }, (_, i) => ({
          from: `a${i}`,
          to: `a${(i + 1) % 8}`,
          label: "uses",
        })),
      },
      lessons,
    });
    if (!begun.ok) throw new Error(`beginPublish refused: ${begun.message}`);
    const { courseId } = begun;
    for (const [i, slug] of slugs.entries()) {
      const markdown = `# Lesson ${i + 1}\n\n${Array.from({ length: 5 }, (_, h) => `## Part ${h}\n\n${text(150, i * 10 + h)}\n`).join("\n")}`;
      await this.worker.mutation(ref.addLessonPart, {
        secret: SECRET,
        ...fence,
        courseId,
        slug,
        index: 0,
        markdown,
      });
    }
    const parts = files.map((path, i) => {
      const source = Array.from(
        { length: 150 },
        (_, l) => `export const v${l} = ${i * l}; // ${text(4, l)}`,
      ).join("\n");
      return { path, size: source.length, lines: 150, partCount: 1, index: 0, text: source };
    });
    await this.worker.mutation(ref.addSourceParts, { secret: SECRET, ...fence, courseId, parts });
    const done = await this.worker.mutation(ref.completePublish, {
      secret: SECRET,
      ...fence,
      courseId,
      usage: {
        inputTokens: 1,
        outputTokens: 1,
        cacheCreationInputTokens: 0,
        cacheReadInputTokens: 0,
        costUsd: 0,
      },
    });
    if (!done.ok) throw new Error(`completePublish refused: ${done.message}`);
    this.published++;
  }
}

/** The old design's save on these documents: one JSON file, stringified and renamed whole. */
function jsonRewrite(store: string, dir: string): { mb: number; saveMs: number } {
  const sql = new DatabaseSync(store, { readOnly: true });
  const documents = sql
    .prepare("SELECT json FROM documents")
    .all()
    .map((row) => JSON.parse(String(row.json)));
  sql.close();
  const file = join(dir, "json-rewrite.json");
  const times: number[] = [];
  for (let i = 0; i < 3; i++) {
    const start = performance.now();
    const body = JSON.stringify({ format: "local-convex-data/1", documents });
    writeFileSync(`${file}.tmp`, body);
    renameSync(`${file}.tmp`, file);
    times.push(performance.now() - start);
  }
  const mb = statSync(file).size / 2 ** 20;
  rmSync(file, { force: true });
  return { mb, saveMs: percentile(times, 50) };
}

function countDocuments(store: string): number {
  const sql = new DatabaseSync(store, { readOnly: true });
  try {
    return Number(sql.prepare("SELECT count(*) AS n FROM documents").get()?.n);
  } finally {
    sql.close();
  }
}

function sizeMb(file: string): number {
  try {
    return statSync(file).size / 2 ** 20;
  } catch {
    return 0; // no journal right now
  }
}

export async function runGrowth(options: GrowthOptions = {}): Promise<GrowthRow[]> {
  const levels = options.levels ?? [0, 10, 50, 100];
  const samples = options.samples ?? 200;
  const log = options.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  const dir = options.keep ?? mkdtempSync(join(tmpdir(), "local-convex-growth-"));
  const store = join(dir, "growth.sqlite");
  const issuer = await startIssuer();
  const token = await issuer.token("growth-owner");
  let backend = await startBackend(store, issuer.url);
  const rows: GrowthRow[] = [];
  try {
    let filler = new Filler(backend.url, token);
    await filler.user.mutation(ref.store, {});
    let watched = 1_000_000;
    for (const level of levels) {
      const fillStart = performance.now();
      while (filler.published < level) await filler.publishOne();
      log(`filled to ${level} courses (${((performance.now() - fillStart) / 1000).toFixed(1)} s)`);

      // Restart on the filled store: the startup time, and the figures of a fresh server.
      await stopBackend(backend);
      backend = await startBackend(store, issuer.url);
      const published = filler.published;
      filler = new Filler(backend.url, token);
      filler.published = published;

      const fence = await filler.claimedJob(watched++);
      const subscriber = new ConvexClient(backend.url, { logger: false });
      subscriber.setAuth(async () => token);
      let lastSeq = -1;
      let waiter: { seq: number; resolve: (t: number) => void } | null = null;
      const subscribed = new Promise<void>((resolve) => {
        subscriber.onUpdate(
          ref.tail,
          { jobId: fence.jobId, limit: 5 },
          (value: { lastSeq: number }) => {
            lastSeq = value.lastSeq;
            resolve();
            if (waiter && lastSeq >= waiter.seq) waiter.resolve(performance.now());
          },
        );
      });
      await subscribed;
      const mutation: number[] = [];
      const delivered: number[] = [];
      const cpuBefore = cpuMs(backend.child.pid as number);
      for (let i = 0; i < samples; i++) {
        const seen = new Promise<number>((resolve) => {
          waiter = { seq: lastSeq + 5, resolve };
        });
        const start = performance.now();
        await filler.appendEvents(fence, i * 5, 5, 4);
        mutation.push(performance.now() - start);
        delivered.push((await seen) - start);
        waiter = null;
      }
      const cpu = (cpuMs(backend.child.pid as number) - cpuBefore) / samples;
      await subscriber.close();
      const rss = rssMb(backend.child.pid as number);
      const startupMs = backend.startupMs;
      // Once more without the clean-stop stamp: the start after a crash or a schema change.
      await stopBackend(backend);
      rmSync(`${store}.checked`, { force: true });
      backend = await startBackend(store, issuer.url);
      filler = new Filler(backend.url, token);
      filler.published = published;
      const row: GrowthRow = {
        courses: level,
        documents: countDocuments(store),
        storeMb: sizeMb(store),
        walMb: sizeMb(`${store}-wal`),
        mutationP50: percentile(mutation, 50),
        mutationP99: percentile(mutation, 99),
        subscriberP50: percentile(delivered, 50),
        subscriberP99: percentile(delivered, 99),
        cpuMsPerMutation: cpu,
        startupMs,
        checkedStartupMs: backend.startupMs,
        rssMb: rss,
        jsonRewrite: options.baseline === false ? null : jsonRewrite(store, dir),
      };
      rows.push(row);
      log(formatGrowth([row]).split("\n").at(-1) as string);
    }
  } finally {
    await stopBackend(backend).catch(() => {});
    issuer.close();
    if (options.keep) log(`store kept in ${store}`);
    else rmSync(dir, { recursive: true, force: true });
  }
  return rows;
}

export function formatGrowth(rows: GrowthRow[]): string {
  const head =
    "courses  documents  store+WAL MB  mutation p50/p99 ms  subscriber p50/p99 ms  CPU ms/mut  startup s (all checked)  RSS MB  | json-rewrite: file MB  save ms/mut";
  const lines = rows.map((r) =>
    [
      String(r.courses).padStart(7),
      String(r.documents).padStart(10),
      `${r.storeMb.toFixed(1)}+${r.walMb.toFixed(1)}`.padStart(13),
      `${r.mutationP50.toFixed(1)} / ${r.mutationP99.toFixed(1)}`.padStart(20),
      `${r.subscriberP50.toFixed(1)} / ${r.subscriberP99.toFixed(1)}`.padStart(22),
      r.cpuMsPerMutation.toFixed(1).padStart(11),
      `${(r.startupMs / 1000).toFixed(2)} (${(r.checkedStartupMs / 1000).toFixed(2)})`.padStart(24),
      r.rssMb.toFixed(0).padStart(7),
      " |",
      r.jsonRewrite ? r.jsonRewrite.mb.toFixed(1).padStart(21) : "-".padStart(21),
      r.jsonRewrite ? r.jsonRewrite.saveMs.toFixed(0).padStart(12) : "-".padStart(12),
    ].join(""),
  );
  return [head, ...lines].join("\n");
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { values } = parseArgs({
    options: {
      courses: { type: "string", default: "0,10,50,100" },
      samples: { type: "string", default: "200" },
      "no-baseline": { type: "boolean" },
      keep: { type: "string" },
    },
  });
  const levels = String(values.courses).split(",").map(Number);
  const rows = await runGrowth({
    levels,
    samples: Number(values.samples),
    baseline: !values["no-baseline"],
    ...(values.keep ? { keep: String(values.keep) } : {}),
  });
  console.log(
    `local-convex growth (load average ${readFileSync("/proc/loadavg", "utf8").split(" ").slice(0, 3).join(" ")})`,
  );
  console.log(formatGrowth(rows));
  process.exit(0);
}
