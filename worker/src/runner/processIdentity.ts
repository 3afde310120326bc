/**
 * Who a process is: its pid and its start time (field 22 of /proc/<pid>/stat, clock ticks
 * since boot), so a pid the kernel has since given to another process is not mistaken for
 * the one that was recorded. Used by the temp-folder sweep (tempFolders.ts).
 */
import { readFileSync } from "node:fs";

export interface ProcessIdentity {
  pid: number;
  /** The start time, or null where /proc is not there (not Linux). */
  started: string | null;
}

interface Stat {
  state: string;
  started: string | null;
}

function readStat(pid: number): Stat | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "latin1");
    // The command name (field 2) may hold spaces and parentheses: count after the last ')'.
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return { state: fields[0] ?? "", started: fields[19] ?? null };
  } catch {
    return null;
  }
}

/** Start time of a process (Linux), or null elsewhere or when it is gone. */
export function processStart(pid: number): string | null {
  return readStat(pid)?.started ?? null;
}

let self: ProcessIdentity | undefined;

/** This process. */
export function selfIdentity(): ProcessIdentity {
  self ??= { pid: process.pid, started: processStart(process.pid) };
  return self;
}

/**
 * Whether the recorded process still runs: it exists, is not a zombie (which writes
 * nothing more), and has the recorded start time. Without /proc, a live pid counts as it.
 */
export function isRunning(id: ProcessIdentity): boolean {
  const stat = readStat(id.pid);
  if (stat) {
    if (stat.state === "Z" || stat.state === "X") return false;
    return id.started === null || stat.started === null || stat.started === id.started;
  }
  try {
    process.kill(id.pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** Whether it runs and is certainly the recorded process (the start time matches): safe to kill. */
export function isSurelyRunning(id: ProcessIdentity): boolean {
  return id.started !== null && processStart(id.pid) === id.started && isRunning(id);
}
