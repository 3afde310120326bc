/**
 * Buffers a job's events and sends them to Convex in batches: at most one time-triggered
 * flush per `intervalMs` (the first event after a quiet interval goes at once, later ones
 * wait for the interval to end), or at once when `maxBatch` events wait; one flush in
 * flight at a time, in order. The number of flushes is bounded whatever the event rate:
 * at most ceil(events / maxBatch) + ceil(duration / intervalMs) + 1.
 * A fencing refusal (flush returns {ok:false}) stops the batcher for good: the attempt no
 * longer owns the job. A thrown error (network) is retried with the same batch, in order.
 */

export type FlushResult = { ok: true } | { ok: false; reason?: string };

export interface BatcherOptions<T> {
  flush: (batch: T[]) => Promise<FlushResult>;
  intervalMs?: number;
  maxBatch?: number;
  /** Consecutive thrown flushes before giving up. */
  maxFailures?: number;
  /** Called once when the batcher stops because a flush was refused or kept failing. */
  onStop?: (why: { refused: boolean; error?: unknown }) => void;
}

export class EventBatcher<T> {
  private readonly flushFn: (batch: T[]) => Promise<FlushResult>;
  private readonly intervalMs: number;
  private readonly maxBatch: number;
  private readonly maxFailures: number;
  private readonly onStop: BatcherOptions<T>["onStop"];
  private buffer: T[] = [];
  private timer: ReturnType<typeof setTimeout> | undefined;
  private inFlight: Promise<void> | undefined;
  private failures = 0;
  private lastFlushAt = Number.NEGATIVE_INFINITY;
  private stoppedFlag = false;
  private refusedFlag = false;
  /** Flushes sent (for the bound, and the benchmarks). */
  flushCount = 0;

  constructor(options: BatcherOptions<T>) {
    this.flushFn = options.flush;
    this.intervalMs = options.intervalMs ?? 250;
    this.maxBatch = options.maxBatch ?? 100;
    this.maxFailures = options.maxFailures ?? 5;
    this.onStop = options.onStop;
  }

  get stopped(): boolean {
    return this.stoppedFlag;
  }

  /** True when Convex refused a flush: this attempt lost the job. */
  get refused(): boolean {
    return this.refusedFlag;
  }

  get pending(): number {
    return this.buffer.length;
  }

  push(event: T): void {
    if (this.stoppedFlag) return;
    this.buffer.push(event);
    this.schedule();
  }

  /** Send everything buffered now; resolves when all of it landed (or the batcher stopped). */
  async drain(): Promise<boolean> {
    this.clearTimer();
    while (!this.stoppedFlag && (this.buffer.length > 0 || this.inFlight)) {
      if (this.inFlight) await this.inFlight;
      else this.start();
    }
    return !this.stoppedFlag;
  }

  /** Stop without sending what is buffered (the job is lost or abandoned). */
  stop(): void {
    this.stoppedFlag = true;
    this.buffer = [];
    this.clearTimer();
  }

  private schedule(): void {
    if (this.inFlight || this.stoppedFlag) return;
    if (this.buffer.length >= this.maxBatch) {
      this.clearTimer();
      this.start();
    } else if (!this.timer && this.buffer.length > 0) {
      // 0 after a quiet interval: still a timer, so events written in the same tick
      // (one stdout chunk) travel together.
      const wait = Math.max(0, this.lastFlushAt + this.intervalMs - Date.now());
      this.timer = setTimeout(() => {
        this.timer = undefined;
        if (!this.inFlight) this.start();
      }, wait);
    }
  }

  private start(): void {
    if (this.buffer.length === 0 || this.stoppedFlag) return;
    const batch = this.buffer.splice(0, this.maxBatch);
    this.flushCount++;
    this.lastFlushAt = Date.now();
    this.inFlight = this.send(batch).finally(() => {
      this.inFlight = undefined;
      this.schedule();
    });
  }

  private async send(batch: T[]): Promise<void> {
    try {
      const result = await this.flushFn(batch);
      if (!result.ok) {
        this.refusedFlag = true;
        this.halt({ refused: true });
        return;
      }
      this.failures = 0;
    } catch (error) {
      this.failures++;
      if (this.failures >= this.maxFailures) {
        this.halt({ refused: false, error });
        return;
      }
      // Put the batch back in front so order holds; the next timer retries it.
      this.buffer.unshift(...batch);
      await new Promise((resolve) => setTimeout(resolve, this.intervalMs * this.failures));
    }
  }

  private halt(why: { refused: boolean; error?: unknown }): void {
    if (this.stoppedFlag) return;
    this.stop();
    this.onStop?.(why);
  }

  private clearTimer(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }
}
