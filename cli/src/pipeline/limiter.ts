/**
 * Concurrency for steps 4-6: a limit on model requests in flight, and a gate that lets one
 * request write the shared prompt-cache prefix before the others start (requests sent
 * together before any has started answering would each pay for writing the cache).
 */

export class Limiter {
  private active = 0;
  /** Waiting tasks, highest priority first, first come first served within a priority. */
  private readonly waiting: Array<{ priority: number; start: () => void }> = [];
  private readonly max: number;

  constructor(max: number) {
    this.max = Math.max(1, Math.floor(max));
  }

  async run<T>(task: () => Promise<T>, priority = 0): Promise<T> {
    if (this.active >= this.max) {
      await new Promise<void>((start) => {
        const at = this.waiting.findIndex((w) => w.priority < priority);
        this.waiting.splice(at === -1 ? this.waiting.length : at, 0, { priority, start });
      });
    } else this.active++;
    try {
      return await task();
    } finally {
      const next = this.waiting.shift();
      if (next) next.start();
      else this.active--;
    }
  }
}

/**
 * The first caller goes through and opens the gate when its answer starts; others wait,
 * but never longer than `timeoutMs` after the first went through: one slow answer must not
 * hold every other lesson (they then pay for their own cache writes, nothing worse).
 */
export class WarmGate {
  private claimed = false;
  private open!: () => void;
  private readonly timeoutMs: number;
  readonly opened = new Promise<void>((resolve) => {
    this.open = resolve;
  });

  constructor(timeoutMs: number) {
    this.timeoutMs = timeoutMs;
  }

  /** Returns a function to call when the prefix is cached, or undefined after waiting. */
  async enter(): Promise<(() => void) | undefined> {
    if (!this.claimed) {
      this.claimed = true;
      const timer = setTimeout(() => this.open(), this.timeoutMs);
      timer.unref?.();
      return () => {
        clearTimeout(timer);
        this.open();
      };
    }
    await this.opened;
    return undefined;
  }
}
