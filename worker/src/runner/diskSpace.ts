/**
 * A worker whose disk is full. Its attempts fail on the worker, not on the job: an attempt
 * that hits ENOSPC (or a quota) hands the job back uncounted so another worker can run it
 * (attemptEnd.ts), and the worker stops claiming and reports not ready until the temp
 * folder's disk has room again (worker.ts, health). Written by the runner; read by main.ts.
 */
import { statfs } from "node:fs/promises";

const CODES = new Set(["ENOSPC", "EDQUOT"]);
// A child process (the clone, the CLI) passes the error on as text: its code or its words.
const WORDS = /\b(ENOSPC|EDQUOT)\b|no space left on device|disk quota exceeded/i;

/** True when an error (or its cause, or a message relayed from a child) says the disk is full. */
export function isDiskFull(error: unknown): boolean {
  for (let e = error, depth = 0; e && depth < 5; depth++) {
    const { code, message, cause } = e as { code?: unknown; message?: unknown; cause?: unknown };
    if (typeof code === "string" && CODES.has(code)) return true;
    if (typeof message === "string" && WORDS.test(message)) return true;
    e = cause;
  }
  return false;
}

/** Bytes free for this process on the file system of `dir`. */
export async function freeBytes(dir: string): Promise<number> {
  const s = await statfs(dir);
  return s.bavail * s.bsize;
}

export interface DiskOptions {
  /** Free bytes of the temp folder's disk (tests inject their own). */
  freeBytes: () => Promise<number>;
  /** How much free space counts as "room again". */
  minFreeBytes: number;
  /** How often to look while the disk is full. */
  checkEveryMs?: number;
}

/** Whether the worker's disk is full; once it is, looks until there is room, then calls back. */
export class DiskGuard {
  private readonly options: DiskOptions;
  private timer: ReturnType<typeof setTimeout> | undefined;
  /** Why the worker takes no job, while its disk is full. */
  problem: string | null = null;

  constructor(options: DiskOptions) {
    this.options = options;
  }

  get full(): boolean {
    return this.problem !== null;
  }

  /** An attempt hit a full disk: no claims until `onRoom` is called. */
  markFull(onRoom: () => void): void {
    const mb = Math.round(this.options.minFreeBytes / 1024 ** 2);
    this.problem = `The worker's disk is full (its temp folder needs ${mb} MB free); it takes no job until there is room.`;
    if (!this.timer) this.check(onRoom);
  }

  stop(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
  }

  private check(onRoom: () => void): void {
    this.timer = setTimeout(async () => {
      const free = await this.options.freeBytes().catch(() => 0);
      if (!this.timer) return; // stopped meanwhile
      if (free >= this.options.minFreeBytes) {
        this.timer = undefined;
        this.problem = null;
        onRoom();
      } else {
        this.check(onRoom);
      }
    }, this.options.checkEveryMs ?? 5_000);
    this.timer.unref?.();
  }
}
