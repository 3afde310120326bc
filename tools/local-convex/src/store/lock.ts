/**
 * One store, one server: `<store>.lock` beside the store names the local-convex that uses it
 * (pid, URL, start time). A second server on the same store refuses to start and names the
 * first; a lock whose process is gone (or whose pid now belongs to another process) is stale
 * and taken over. Taken by store/open.ts before the store is read, released on stop.
 */
import { linkSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { serverLog } from "../log.ts";
import { StoreRefusedError } from "./content.ts";

export interface LockHolder {
  pid: number;
  url: string | null;
  startedAt: string;
  /** The process's start time in the kernel's ticks (/proc/<pid>/stat), to tell pid reuse. */
  processStart: string | null;
}

function processStart(pid: number): string | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    // Fields after the command name (which may hold spaces): state is field 3, start time 22.
    return stat.slice(stat.lastIndexOf(")") + 2).split(" ")[19] ?? null;
  } catch {
    return null;
  }
}

function running(holder: LockHolder): boolean {
  try {
    process.kill(holder.pid, 0);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EPERM") return false;
  }
  const start = processStart(holder.pid);
  return holder.processStart === null || start === null || start === holder.processStart;
}

function readHolder(path: string): LockHolder | null | "missing" {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return "missing";
    throw error;
  }
  try {
    const holder = JSON.parse(text) as LockHolder;
    return typeof holder.pid === "number" ? holder : null;
  } catch {
    return null;
  }
}

function inUseMessage(store: string, holder: LockHolder): string {
  return `${store} is used by local-convex pid ${holder.pid} at ${holder.url ?? "(still starting)"}, started ${holder.startedAt}; stop it first, or use another data path (--data; --data-dir for ./run start).`;
}

/** Why `store` cannot be used now (a running server holds it), or null; takes nothing. */
export function storeInUse(store: string): string | null {
  const holder = readHolder(`${store}.lock`);
  return holder !== "missing" && holder !== null && running(holder)
    ? inUseMessage(store, holder)
    : null;
}

export class StoreLock {
  readonly path: string;
  readonly #holder: LockHolder;

  private constructor(path: string, holder: LockHolder) {
    this.path = path;
    this.#holder = holder;
  }

  /** Takes the lock of `store`, or throws a StoreRefusedError naming the server holding it. */
  static acquire(store: string): StoreLock {
    const path = `${store}.lock`;
    const holder: LockHolder = {
      pid: process.pid,
      url: null,
      startedAt: new Date().toISOString(),
      processStart: processStart(process.pid),
    };
    const lock = new StoreLock(path, holder);
    for (let attempt = 0; attempt < 5; attempt++) {
      if (lock.#create()) return lock;
      const other = readHolder(path);
      if (other === "missing") continue;
      if (other !== null && running(other)) throw new StoreRefusedError(inUseMessage(store, other));
      // Stale: move it aside, then check that what moved is the stale lock we judged (not
      // one a concurrent start took in the meantime, which goes back).
      const aside = `${path}.stale-${process.pid}`;
      try {
        renameSync(path, aside);
      } catch {
        continue;
      }
      const moved = readHolder(aside);
      if (JSON.stringify(moved) !== JSON.stringify(other)) {
        try {
          linkSync(aside, path);
        } catch {
          // the lock is taken again: the next attempt reads who holds it
        }
      } else if (other !== null) {
        serverLog(`${store}: took over the lock of local-convex pid ${other.pid} (not running)`);
      }
      rmSync(aside, { force: true });
    }
    throw new StoreRefusedError(`${store}: could not take its lock ${path}; try again.`);
  }

  /** Creates the lock file whole or not at all (link fails if it exists). */
  #create(): boolean {
    const temporary = `${this.path}.${process.pid}.tmp`;
    writeFileSync(temporary, JSON.stringify(this.#holder));
    try {
      linkSync(temporary, this.path);
      return true;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "EEXIST") return false;
      throw error;
    } finally {
      rmSync(temporary, { force: true });
    }
  }

  /** Adds the URL once the server listens, for the message a second server prints. */
  announce(url: string): void {
    this.#holder.url = url;
    const temporary = `${this.path}.${process.pid}.tmp`;
    writeFileSync(temporary, JSON.stringify(this.#holder));
    renameSync(temporary, this.path);
  }

  /** Removes the lock if it is still this process's. */
  release(): void {
    const current = readHolder(this.path);
    if (current === "missing" || current === null) return;
    if (current.pid === this.#holder.pid && current.startedAt === this.#holder.startedAt) {
      rmSync(this.path, { force: true });
    }
  }
}
