/**
 * The worker's main loop, without a loop: a Convex subscription on the claimable head of
 * the queue pushes changes; the worker claims while it has a free slot, and arms one timer
 * for the earliest future runAt (time is not reactive in Convex queries). A second
 * subscription on its own running jobs delivers cancel requests. Shutdown stops claiming,
 * lets running jobs finish within the grace period, then hands the rest back.
 */
import type { Logger } from "../logger.ts";
import type { ClaimableRow, RunningRow, WorkerBackend } from "./backend.ts";
import { type JobDeps, type JobOutcome, type RunningJob, startJob } from "./job.ts";

const ANNOUNCE_EVERY_MS = 5 * 60_000;

export interface WorkerOptions extends Omit<JobDeps, "backend" | "logger"> {
  backend: WorkerBackend;
  logger: Logger;
  maxConcurrentJobs: number;
  /** Called when a job ends (tests, metrics). */
  onJobDone?: (job: RunningJob, outcome: JobOutcome) => void;
}

export class Worker {
  private readonly backend: WorkerBackend;
  private readonly log: Logger;
  private readonly options: WorkerOptions;
  private readonly running = new Map<string, RunningJob>();
  private queue: ClaimableRow[] = [];
  /** Jobs of the current queue snapshot this worker failed to claim (lost races). */
  private tried = new Set<string>();
  private claiming = false;
  /** The pump in progress (a claim may be in flight), so shutdown can wait for it. */
  private pumping: Promise<void> | undefined;
  private draining = false;
  private runAtTimer: ReturnType<typeof setTimeout> | undefined;
  private unsubscribeQueue: (() => void) | undefined;
  private unsubscribeRunning: (() => void) | undefined;
  private announceTimer: ReturnType<typeof setInterval> | undefined;
  readonly startedAt = Date.now();
  lastClaimAt: number | null = null;
  /** Why the queue subscription fails (e.g. a wrong WORKER_SECRET), until it works again. */
  problem: string | null = null;
  jobsFinished = 0;

  constructor(options: WorkerOptions) {
    this.options = options;
    this.backend = options.backend;
    this.log = options.logger;
  }

  start(): void {
    this.announce();
    // Convex takes a worker unseen for 15 minutes as gone (workers.mode).
    this.announceTimer = setInterval(() => this.announce(), ANNOUNCE_EVERY_MS);
    this.announceTimer.unref?.();
    this.unsubscribeQueue = this.backend.watchClaimable(
      (rows) => this.onQueue(rows),
      (error) => {
        this.problem = error.message.slice(0, 500);
        this.log.error({ err: error }, "claimable subscription failed");
      },
    );
    this.unsubscribeRunning = this.backend.watchRunning(
      (rows) => this.onRunning(rows),
      (error) => this.log.error({ err: error }, "running-jobs subscription failed"),
    );
    this.log.info(
      { workerId: this.backend.workerId, slots: this.options.maxConcurrentJobs },
      "worker started",
    );
  }

  /** Tells Convex this worker is up and whether it has a model key (the request form's offer). */
  private announce(): void {
    this.backend
      .announce(!this.options.config.anthropicApiKey)
      .catch((error: unknown) => this.log.warn({ err: error }, "announce failed; will try again"));
  }

  get isDraining(): boolean {
    return this.draining;
  }

  jobs(): RunningJob[] {
    return [...this.running.values()];
  }

  /** Stop claiming; wait up to graceMs for running jobs, then hand the rest back. */
  async shutdown(graceMs: number): Promise<void> {
    if (this.draining) return;
    this.draining = true;
    clearInterval(this.announceTimer);
    this.unsubscribeQueue?.();
    this.clearRunAtTimer();
    this.log.info({ running: this.running.size, graceMs }, "shutting down: no more claims");
    await this.pumping; // a claim in flight lands (and is handed back) before we count jobs
    const all = async () => {
      while (this.running.size > 0) {
        await Promise.all([...this.running.values()].map((j) => j.done));
        await new Promise((resolve) => setImmediate(resolve)); // let `launch` forget them
      }
    };
    let timer: ReturnType<typeof setTimeout> | undefined;
    const graceOver = new Promise<"grace">((resolve) => {
      timer = setTimeout(() => resolve("grace"), graceMs);
    });
    const first = await Promise.race([all().then(() => "done" as const), graceOver]);
    clearTimeout(timer);
    if (first === "grace") {
      for (const job of this.running.values()) job.stop({ kind: "shutdown" });
      await all();
    }
    this.unsubscribeRunning?.();
    await this.backend.close();
    this.log.info("worker stopped");
  }

  private onQueue(rows: ClaimableRow[]): void {
    this.problem = null;
    this.queue = rows;
    this.tried = new Set();
    void this.pump();
  }

  private onRunning(rows: RunningRow[]): void {
    for (const row of rows) {
      const job = this.running.get(row.jobId);
      if (job && job.attempt === row.attempt && row.cancelRequested) {
        this.log.info({ jobId: row.jobId, attempt: row.attempt }, "cancel requested");
        job.stop({ kind: "cancel" });
      }
    }
  }

  /** Claim due jobs while a slot is free; arm a timer for the earliest future one. */
  private pump(): Promise<void> {
    if (this.claiming || this.draining) return this.pumping ?? Promise.resolve();
    this.claiming = true;
    this.pumping = this.claimWhileFree().finally(() => {
      this.pumping = undefined;
    });
    return this.pumping;
  }

  private async claimWhileFree(): Promise<void> {
    try {
      while (!this.draining && this.running.size < this.options.maxConcurrentJobs) {
        const now = Date.now();
        const next = this.queue.find(
          (row) => row.runAt <= now && !this.tried.has(row.jobId) && !this.running.has(row.jobId),
        );
        if (!next) break;
        this.tried.add(next.jobId);
        const claimed = await this.claim(next);
        if (claimed) this.launch(claimed);
      }
    } finally {
      this.claiming = false;
    }
    this.armRunAtTimer();
  }

  private async claim(row: ClaimableRow) {
    try {
      const claimed = await this.backend.claim(row.jobId, this.options.config.leaseMs);
      if (claimed) this.lastClaimAt = Date.now();
      return claimed;
    } catch (error) {
      this.log.error({ err: error, jobId: row.jobId }, "claim failed");
      return null;
    }
  }

  private launch(claimed: NonNullable<Awaited<ReturnType<WorkerBackend["claim"]>>>): void {
    const job = startJob(claimed, { ...this.options, backend: this.backend, logger: this.log });
    this.running.set(claimed.jobId, job);
    // Claimed while shutdown began: hand it straight back.
    if (this.draining) job.stop({ kind: "shutdown" });
    void job.done.then((outcome) => {
      this.running.delete(claimed.jobId);
      this.jobsFinished++;
      this.log.info({ jobId: claimed.jobId, attempt: claimed.attempt, outcome }, "job ended");
      this.options.onJobDone?.(job, outcome);
      void this.pump();
    });
  }

  private armRunAtTimer(): void {
    this.clearRunAtTimer();
    if (this.draining) return;
    const now = Date.now();
    const future = this.queue.filter((row) => row.runAt > now).map((row) => row.runAt);
    if (future.length === 0) return;
    const wait = Math.min(...future) - now + 5;
    this.runAtTimer = setTimeout(() => {
      this.runAtTimer = undefined;
      void this.pump();
    }, wait);
  }

  private clearRunAtTimer(): void {
    if (this.runAtTimer) clearTimeout(this.runAtTimer);
    this.runAtTimer = undefined;
  }
}
