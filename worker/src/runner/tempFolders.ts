/**
 * The job folders under TEMP_DIR: made by the runner for each attempt (attemptSteps.ts), always
 * removed when the attempt ends — and, for a worker that was killed before it could remove
 * them (SIGKILL, out of memory, a VM stopped), removed by the next worker at start
 * (main.ts). Each folder carries a marker naming the process that made it (pid and that
 * process's start time, so a reused pid is not mistaken for the owner); only folders with
 * such a marker whose process is gone are removed, so nothing the worker did not make, and
 * no folder of another worker sharing TEMP_DIR that is still running, is touched.
 */
import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import { mkdir, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";

const MARKER = ".fondation-job";
const PREFIX = "job-";

interface Marker {
  pid: number;
  /** The owner's start time (field 22 of /proc/<pid>/stat), when known. */
  started: string | null;
}

/** Makes the folder of one attempt, with its owner marker. */
export async function makeJobFolder(
  tempDir: string,
  jobId: string,
  attempt: number,
): Promise<string> {
  const safeId = jobId.replace(/[^A-Za-z0-9_-]/g, "").slice(0, 64) || "job";
  const dir = join(tempDir, `${PREFIX}${safeId}-${attempt}-${randomBytes(4).toString("hex")}`);
  await mkdir(dir, { recursive: true });
  const marker: Marker = { pid: process.pid, started: processStart(process.pid) };
  await writeFile(join(dir, MARKER), `${JSON.stringify(marker)}\n`, { mode: 0o600 });
  return dir;
}

/** Removes the job folders of processes that are gone; returns the names removed. */
export async function removeDeadJobFolders(tempDir: string): Promise<string[]> {
  const names = await readdir(tempDir).catch(() => [] as string[]);
  const removed: string[] = [];
  for (const name of names) {
    if (!name.startsWith(PREFIX)) continue;
    const dir = join(tempDir, name);
    let marker: Marker;
    try {
      marker = JSON.parse(await readFile(join(dir, MARKER), "utf8")) as Marker;
    } catch {
      continue; // not ours (no marker), or not a folder
    }
    if (typeof marker.pid !== "number" || isAlive(marker)) continue;
    await rm(dir, { recursive: true, force: true });
    removed.push(name);
  }
  return removed;
}

function isAlive(marker: Marker): boolean {
  // This process has no job folder yet when it cleans: one with its pid was made by an
  // earlier process that had the same pid (a restarted container).
  if (marker.pid === process.pid) return false;
  try {
    process.kill(marker.pid, 0);
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
  const started = processStart(marker.pid);
  return started === null || marker.started === null || started === marker.started;
}

/** Start time of a process in clock ticks since boot (Linux), or null elsewhere. */
function processStart(pid: number): string | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "latin1");
    // The command name (field 2) may hold spaces and parentheses: count after the last ')'.
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return fields[19] ?? null;
  } catch {
    return null;
  }
}
