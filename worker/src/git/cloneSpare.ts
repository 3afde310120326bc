/**
 * Forks the clone processes cloneProcess.ts runs, and keeps one ready for the next clone.
 * A clone process spends about a third of a second loading its modules (git, the address
 * policy, the limits) before it can clone; a spare forked when a clone ends has done that by
 * the time the next job arrives, so the job's clone starts at once.
 *
 * A spare is exactly the process a fresh fork would be (same entry, heap cap, environment
 * without secrets, own process group): it has been told nothing, waits for its one request
 * over IPC, and exits when the worker goes away. It is handed out only for the same spec,
 * and only while it is alive; from then on the caller's watchdog, timeout and kill apply.
 * Idle, it keeps no handle of the worker's event loop alive.
 */
import { type ChildProcess, fork } from "node:child_process";

export interface CloneProcessSpec {
  entry: string;
  execArgv: string[];
  env: Record<string, string>;
}

interface Spare {
  key: string;
  child: ChildProcess;
  spawned: boolean;
  failed: boolean;
}

let spare: Spare | undefined;

const keyOf = (spec: CloneProcessSpec) => JSON.stringify(spec);

function forkChild(spec: CloneProcessSpec): ChildProcess {
  return fork(spec.entry, [], {
    execArgv: spec.execArgv,
    env: spec.env,
    stdio: ["ignore", "ignore", "pipe", "ipc"],
    detached: true, // its own process group: a git program it runs is killed with it
    serialization: "json",
  });
}

/** Every handle a child holds in this process: unref'd while idle, ref'd once in use. */
function setRef(child: ChildProcess, on: boolean): void {
  const handles = [child, child.channel, child.stderr] as ({ ref(): void; unref(): void } | null)[];
  for (const h of handles) {
    if (on) h?.ref?.();
    else h?.unref?.();
  }
}

/**
 * The process for one clone: the spare when it matches and is alive, else a new fork.
 * `spawned` says whether its "spawn" event already fired (a spare's has).
 */
export function takeCloneProcess(spec: CloneProcessSpec): {
  child: ChildProcess;
  spawned: boolean;
} {
  const ready = spare;
  spare = undefined;
  if (ready && ready.key === keyOf(spec) && alive(ready)) {
    setRef(ready.child, true);
    ready.child.removeAllListeners("error");
    ready.child.removeAllListeners("spawn");
    return { child: ready.child, spawned: ready.spawned };
  }
  if (ready) discard(ready.child);
  return { child: forkChild(spec), spawned: false };
}

/** Forks a spare for this spec unless one is ready. */
export function warmCloneProcess(spec: CloneProcessSpec): void {
  if (spare && alive(spare) && spare.key === keyOf(spec)) return;
  if (spare) discard(spare.child);
  const child = forkChild(spec);
  const entry: Spare = { key: keyOf(spec), child, spawned: false, failed: false };
  child.once("spawn", () => {
    entry.spawned = true;
  });
  child.once("error", () => {
    entry.failed = true;
  });
  child.once("exit", () => {
    if (spare === entry) spare = undefined;
  });
  // Nothing reads its stderr until it is used; a spare's start-up output is not a clone's.
  child.stderr?.resume();
  setRef(child, false);
  spare = entry;
}

/** Ends the spare (tests, shutdown): nothing is left running. */
export function dropSpareCloneProcess(): void {
  if (spare) discard(spare.child);
  spare = undefined;
}

/** The pid of the spare, if one is ready (tests). */
export function spareClonePid(): number | undefined {
  return spare && alive(spare) ? spare.child.pid : undefined;
}

function alive(s: Spare): boolean {
  return !s.failed && s.child.exitCode === null && s.child.signalCode === null && s.child.connected;
}

function discard(child: ChildProcess): void {
  try {
    if (child.pid !== undefined) process.kill(-child.pid, "SIGKILL");
  } catch {
    child.kill("SIGKILL");
  }
}
