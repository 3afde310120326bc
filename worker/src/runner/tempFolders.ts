/**
 * The folders a worker makes under TEMP_DIR. Each worker process has an owner folder,
 * `w-<pid>-<start time>` (the name is the ownership record: nothing is written after mkdir
 * for it to count), and each attempt's folder (attemptSteps.ts) sits inside it, removed
 * when the attempt ends. The CLI an attempt runs is recorded in its folder right after
 * spawn, so that a worker killed before it could clean up (SIGKILL, out of memory) leaves
 * enough for the next one to stop the orphan and remove the folder (sweepTempFolders.ts).
 */
import { randomBytes } from "node:crypto";
import { writeFileSync } from "node:fs";
import { mkdir, rm } from "node:fs/promises";
import { join } from "node:path";
import { type ProcessIdentity, processStart, selfIdentity } from "./processIdentity.ts";

/** The CLI child of an attempt, as recorded in its folder. */
export const CLI_RECORD = ".fondation-cli";
const OWNER = /^w-(\d+)-(\d+|unknown)$/;

/** The owner folder's name for a process. */
export function ownerFolderName(id: ProcessIdentity): string {
  return `w-${id.pid}-${id.started ?? "unknown"}`;
}

/** The process an owner folder's name records, or null for a name that is not one. */
export function parseOwnerFolderName(name: string): ProcessIdentity | null {
  const match = OWNER.exec(name);
  if (!match) return null;
  return { pid: Number(match[1]), started: match[2] === "unknown" ? null : (match[2] as string) };
}

/** Owner folders this process made: a sweep must not take them for an earlier process's. */
const madeHere = new Set<string>();

/** This process's owner folder under tempDir (made if missing). */
export async function makeOwnerFolder(tempDir: string): Promise<string> {
  const dir = join(tempDir, ownerFolderName(selfIdentity()));
  madeHere.add(dir);
  await mkdir(dir, { recursive: true });
  return dir;
}

export function isOwnFolder(dir: string): boolean {
  return madeHere.has(dir);
}

/** Removes this process's owner folder (a clean shutdown, once its jobs have ended). */
export async function removeOwnerFolder(tempDir: string): Promise<void> {
  const dir = join(tempDir, ownerFolderName(selfIdentity()));
  await rm(dir, { recursive: true, force: true, maxRetries: 2, retryDelay: 100 });
  madeHere.delete(dir);
}

/** Makes the folder of one attempt, inside this process's owner folder. */
export async function makeJobFolder(
  tempDir: string,
  jobId: string,
  attempt: number,
): Promise<string> {
  const owner = await makeOwnerFolder(tempDir);
  const safeId = jobId.replace(/[^A-Za-z0-9_-]/g, "").slice(0, 64) || "job";
  const dir = join(owner, `job-${safeId}-${attempt}-${randomBytes(4).toString("hex")}`);
  await mkdir(dir);
  return dir;
}

/**
 * Records the CLI child in its job folder, synchronously right after spawn so the window in
 * which a killed worker leaves an unrecorded orphan is as small as it can be. Returns false
 * when the record could not be written (the job goes on; only the clean-up after a crash
 * loses it).
 */
export function recordCliChild(jobDir: string, pid: number): boolean {
  const record: ProcessIdentity = { pid, started: processStart(pid) };
  try {
    writeFileSync(join(jobDir, CLI_RECORD), `${JSON.stringify(record)}\n`, { mode: 0o600 });
    return true;
  } catch {
    return false;
  }
}
