/**
 * The worker's main loop, without a loop: a Convex subscription on the claimable head of
 * the queue pushes changes; the worker claims while it has a free slot, and arms one timer
 * for the earliest future runAt (time is not reactive in Convex queries). runAt is the
 * server's time: the worker compares it with its own clock corrected by the server's
 * (serverClock.ts), and a claim refused as not due yet re-arms the timer from the server's
 * answer. A second subscription on its own running jobs delivers cancel requests. Shutdown
 * stops claiming, lets running jobs finish within the grace period, then hands the rest back.
 */
import type { Logger } from "../logger.ts";
import type { ClaimableRow, ClaimedJob, RunningRow, WorkerBackend } from "./backend.ts";
import { DiskGuard, type DiskOptions } from "./diskSpace.ts";
import { type JobDeps, type JobOutcome, type RunningJob, startJob } from "./job.ts";
import { ServerClock } from "./serverClock.ts";

const ANNOUNCE_EVERY_MS = 5 * 60_000;

export interface WorkerOptions extends Omit<JobDeps, "backend" | "logger"> {
  backend: WorkerBackend;
  logger: Logger;
  maxConcurrentJobs: number;
  /** Called when a job ends (tests, metrics). */
  onJobDone?: (job: RunningJob, outcome: JobOutcome) => void;
  /** This machine's clock (tests inject a skewed one); default Date.now. */
  clock?: () => number;
  /** How to tell the temp folder's disk has room again after a full disk; none: never full. */
  disk?: DiskOptions;
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
  private readonly clock: ServerClock;
  private readonly disk: DiskGuard | undefined;
  /** Jobs this worker handed back for a full disk (the next time, the attempt counts). */
  private readonly diskFullJobs = new Set<string>();
  /**
   * Jobs whose claim the server refused as not due: the local time before which claiming
   * again is pointless, for the runAt the server answered.
   */
  private notBefore = new Map<string, { runAt: number; localTime: number }>();
  readonly startedAt = Date.now();
  lastClaimAt: number | null = null;
  /** Why the queue subscription fails (e.g. a wrong WORKER_SECRET), until it works again. */
  problem: string | null = null;
  jobsFinished = 0;

  constructor(options: WorkerOptions) {
    this.options = options;
    this.backend = options.backend;
    this.log = options.logger;
    this.clock = new ServerClock(options.clock);
    this.disk = options.disk ? new DiskGuard(options.disk) : undefined;
  }

  /** Why the worker is not ready to take jobs (its queue subscription, a full disk), or null. */
  get unreadyReason(): string | null {
    return this.problem ?? this.disk?.problem ?? null;
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
    const sentAt = this.clock.local();
    this.backend
      .announce(!this.options.config.anthropicApiKey)
      .then((answer) => {
        if (!answer) return;
        this.clock.observe(answer.serverTime, sentAt, this.clock.local());
        void this.pump(); // a job may be due sooner than this machine's clock said
      })
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
    this.disk?.stop();
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
    for (const jobId of this.notBefore.keys()) {
      if (!rows.some((row) => row.jobId === jobId)) this.notBefore.delete(jobId);
    }
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
      while (
        !this.draining &&
        !this.disk?.full &&
        this.running.size < this.options.maxConcurrentJobs
      ) {
        const local = this.clock.local();
        const next = this.queue.find(
          (row) =>
            this.dueAt(row) <= local && !this.tried.has(row.jobId) && !this.running.has(row.jobId),
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

  /** The local time at which a queued row is due by the server's clock. */
  private dueAt(row: ClaimableRow): number {
    const byOffset = row.runAt - this.clock.offsetMs;
    const refused = this.notBefore.get(row.jobId);
    return refused && refused.runAt === row.runAt
      ? Math.max(byOffset, refused.localTime)
      : byOffset;
  }

  private async claim(row: ClaimableRow): Promise<ClaimedJob | null> {
    try {
      const sentAt = this.clock.local();
      const answer = await this.backend.claim(row.jobId, this.options.config.leaseMs);
      const receivedAt = this.clock.local();
      if (answer?.serverTime !== undefined) {
        this.clock.observe(answer.serverTime, sentAt, receivedAt);
      }
      if (answer && "notDue" in answer) {
        // Not a lost race: the job is still ours to claim, once the server says it is due.
        // The server read its clock after `sentAt`, so the job is not due before
        // sentAt + what was left: a sure lower bound (receivedAt + left would be late by the
        // answer's way back, seconds on a busy backend). Too early again only raises it.
        this.notBefore.set(row.jobId, {
          runAt: answer.runAt,
          localTime: sentAt + (answer.runAt - answer.serverTime),
        });
        this.queue = this.queue.map((r) =>
          r.jobId === row.jobId ? { ...r, runAt: answer.runAt } : r,
        );
        this.tried.delete(row.jobId);
        this.log.debug(
          { jobId: row.jobId, inMs: answer.runAt - answer.serverTime },
          "claim too early",
        );
        return null;
      }
      if (answer) this.lastClaimAt = Date.now();
      return answer;
    } catch (error) {
      this.log.error({ err: error, jobId: row.jobId }, "claim failed");
      return null;
    }
  }

  private launch(claimed: ClaimedJob): void {
    const job = startJob(claimed, {
      ...this.options,
      backend: this.backend,
      logger: this.log,
      diskFullBefore: (jobId) => this.diskFullJobs.has(jobId),
    });
    this.running.set(claimed.jobId, job);
    // Claimed while shutdown began: hand it straight back.
    if (this.draining) job.stop({ kind: "shutdown" });
    void job.done.then((outcome) => {
      this.running.delete(claimed.jobId);
      this.jobsFinished++;
      this.log.info({ jobId: claimed.jobId, attempt: claimed.attempt, outcome }, "job ended");
      if ((outcome.kind === "released" || outcome.kind === "failed") && outcome.diskFull) {
        this.diskFullJobs.add(claimed.jobId);
        this.onDiskFull();
      }
      this.options.onJobDone?.(job, outcome);
      void this.pump();
    });
  }

  /** No claims, and not ready, until the disk has room again. */
  private onDiskFull(): void {
    if (!this.disk || this.draining) return;
    this.log.warn("the disk is full: no more claims until there is room");
    this.disk.markFull(() => {
      this.log.info("the disk has room again: claiming");
      void this.pump();
    });
  }

  private armRunAtTimer(): void {
    this.clearRunAtTimer();
    if (this.draining) return;
    const local = this.clock.local();
    const future = this.queue
      .filter((row) => !this.running.has(row.jobId))
      .map((row) => this.dueAt(row))
      .filter((at) => at > local);
    if (future.length === 0) return;
    const wait = Math.min(...future) - local + 5;
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
