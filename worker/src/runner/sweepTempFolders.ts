/**
 * At start (main.ts), before this worker makes any folder: removes what killed workers left
 * under TEMP_DIR. An owner folder `w-<pid>-<start>` (tempFolders.ts) whose process is gone
 * is removed, after its attempts' CLI children that still run (orphans, still writing into
 * it) are killed; a `job-*` folder of the earlier layout is removed when its marker names a
 * process that is gone. Nothing else under TEMP_DIR is touched, nor the folders of another
 * worker sharing it that still runs. One folder that cannot be removed is reported and the
 * sweep goes on.
 */
import { readdir, readFile, rm } from "node:fs/promises";
import { join } from "node:path";
import { isRunning, isSurelyRunning, type ProcessIdentity } from "./processIdentity.ts";
import { CLI_RECORD, isOwnFolder, parseOwnerFolderName } from "./tempFolders.ts";

const LEGACY_PREFIX = "job-";
const LEGACY_MARKER = ".fondation-job";
/** How long a killed orphan may take to be gone before its folder is removed anyway. */
const ORPHAN_EXIT_MS = 2_000;

export interface SweepResult {
  /** Names (under TEMP_DIR) of the folders removed. */
  removed: string[];
  /** Folders that could not be removed, with why. */
  failed: { name: string; error: string }[];
  /** Pids of the orphaned CLI processes killed. */
  killed: number[];
}

export interface SweepOptions {
  /** Removes one folder (tests inject a failing one). */
  remove?: (dir: string) => Promise<void>;
}

const removeTree = (dir: string) =>
  rm(dir, { recursive: true, force: true, maxRetries: 3, retryDelay: 100 });

export async function removeDeadFolders(
  tempDir: string,
  options: SweepOptions = {},
): Promise<SweepResult> {
  const remove = options.remove ?? removeTree;
  const result: SweepResult = { removed: [], failed: [], killed: [] };
  const names = await readdir(tempDir).catch(() => [] as string[]);
  for (const name of names.sort()) {
    const dir = join(tempDir, name);
    const owner = parseOwnerFolderName(name);
    if (owner) {
      if (ownerRuns(dir, owner)) continue;
      result.killed.push(...(await killOrphans(dir)));
    } else if (!name.startsWith(LEGACY_PREFIX) || !(await legacyOwnerGone(dir))) {
      continue;
    }
    try {
      await remove(dir);
      result.removed.push(name);
    } catch (error) {
      const e = error as NodeJS.ErrnoException;
      result.failed.push({ name, error: e.code ?? e.message ?? String(error) });
    }
  }
  return result;
}

function ownerRuns(dir: string, owner: ProcessIdentity): boolean {
  if (isOwnFolder(dir)) return true;
  // This process has made no folder yet: one with its pid is an earlier process's (a
  // restarted container), even with the same start time (after a reboot).
  if (owner.pid === process.pid) return false;
  return isRunning(owner);
}

/** A folder of the earlier layout: a marker inside naming the process that made it. */
async function legacyOwnerGone(dir: string): Promise<boolean> {
  let marker: ProcessIdentity;
  try {
    marker = JSON.parse(await readFile(join(dir, LEGACY_MARKER), "utf8")) as ProcessIdentity;
  } catch {
    return false; // not ours (no marker), or not a folder
  }
  if (typeof marker.pid !== "number") return false;
  return marker.pid === process.pid || !isRunning(marker);
}

/** SIGKILLs each recorded CLI of a dead owner's attempts that still runs; waits for it. */
async function killOrphans(ownerDir: string): Promise<number[]> {
  const jobs = await readdir(ownerDir).catch(() => [] as string[]);
  const killed: number[] = [];
  for (const job of jobs) {
    const child = await readRecord(join(ownerDir, job, CLI_RECORD));
    // Only a process that is surely the recorded one: never a pid the kernel gave again.
    if (!child || !isSurelyRunning(child)) continue;
    try {
      process.kill(child.pid, "SIGKILL");
    } catch {
      continue; // gone meanwhile, or not ours to kill
    }
    killed.push(child.pid);
    await untilGone(child);
  }
  return killed;
}

async function readRecord(path: string): Promise<ProcessIdentity | null> {
  try {
    const record = JSON.parse(await readFile(path, "utf8")) as Partial<ProcessIdentity>;
    if (typeof record.pid !== "number" || typeof record.started !== "string") return null;
    return { pid: record.pid, started: record.started };
  } catch {
    return null;
  }
}

/** SIGKILL is delivered asynchronously: wait until the orphan writes no more. */
async function untilGone(child: ProcessIdentity): Promise<void> {
  const deadline = Date.now() + ORPHAN_EXIT_MS;
  while (isRunning(child)) {
    if (Date.now() > deadline) return;
    await new Promise((r) => setTimeout(r, 10));
  }
}
