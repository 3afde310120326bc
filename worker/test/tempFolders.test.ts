/**
 * Issues 11 and 14: what a killed worker leaves under TEMP_DIR is removed by the next one at
 * start. Each worker process has an owner folder `w-<pid>-<start>` holding its job folders;
 * those of processes that are gone are removed, after the CLI each of their jobs left
 * running is killed; folders of the earlier layout (`job-*` with a marker) still go when
 * their process is gone. Folders of a worker still running, and anything else under
 * TEMP_DIR, are left alone; one folder that cannot be removed does not stop the others.
 */
import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import {
  chmodSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { basename, dirname, join } from "node:path";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import { afterEach, describe, expect, it } from "vitest";
import { removeDeadFolders } from "../src/runner/sweepTempFolders.ts";
import {
  makeJobFolder,
  ownerFolderName,
  recordCliChild,
  removeOwnerFolder,
} from "../src/runner/tempFolders.ts";

const JOB_OWNER = fileURLToPath(new URL("./support/jobOwner.ts", import.meta.url));

let temp = "";
const started: ChildProcess[] = [];
const pids: number[] = [];
afterEach(() => {
  for (const child of started.splice(0)) child.kill("SIGKILL");
  for (const pid of pids.splice(0)) if (runs(pid)) process.kill(pid, "SIGKILL");
  if (temp) {
    spawnSync("chmod", ["-R", "u+rwx", temp]);
    rmSync(temp, { recursive: true, force: true });
  }
});

/** A process's start time, read here without the code under test. */
function startOf(pid: number): string | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "latin1");
    return stat.slice(stat.lastIndexOf(")") + 2).split(" ")[19];
  } catch {
    return undefined;
  }
}

/** Whether pid still runs (a zombie has stopped: it writes nothing more). */
function runs(pid: number, start?: string): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "latin1");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return fields[0] !== "Z" && (start === undefined || fields[19] === start);
  } catch {
    return false;
  }
}

/** A pid whose process has exited. */
function deadPid(): number {
  const dead = spawnSync(process.execPath, ["-e", "process.stdout.write(String(process.pid))"]);
  return Number(dead.stdout.toString());
}

function sleeper(): { pid: number; start: string } {
  const child = spawn(process.execPath, ["-e", "setTimeout(() => {}, 60_000)"]);
  started.push(child);
  return { pid: child.pid as number, start: startOf(child.pid as number) as string };
}

/** A folder as another process would have made it, with a file deep inside. */
function folder(...path: string[]): string {
  const dir = join(temp, "jobs", ...path);
  mkdirSync(join(dir, "src", "repo"), { recursive: true });
  writeFileSync(join(dir, "src", "repo", "big.bin"), "x");
  return dir;
}

function legacyFolder(name: string, marker: unknown): string {
  const dir = folder(name);
  writeFileSync(join(dir, ".fondation-job"), JSON.stringify(marker));
  return dir;
}

async function until(check: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe("temp folders", () => {
  it("removes the folders of dead processes only", async () => {
    temp = mkdtempSync(join(tmpdir(), "temp-folders-"));
    const tempDir = join(temp, "jobs");
    const dead = deadPid();
    const live = sleeper();
    const ofDead = folder(`w-${dead}-1`, "job-a-1-00000000");
    const emptyOfDead = folder(`w-${dead}-2`); // killed between its mkdir and the job's
    const ofLive = folder(`w-${live.pid}-${live.start}`, "job-b-1-11111111");
    const reusedPid = folder(`w-${live.pid}-1`, "job-c-1-22222222");
    // An earlier process with this pid (a restarted container): it is not this one.
    const earlierSelf = folder(`w-${process.pid}-${startOf(process.pid)}`);
    const legacyDead = legacyFolder("job-abc-1-00000000", { pid: dead, started: "1" });
    const legacyLive = legacyFolder("job-abc-2-11111111", { pid: live.pid, started: live.start });
    const legacyReused = legacyFolder("job-abc-3-22222222", { pid: live.pid, started: "1" });
    const noMarker = folder("job-abc-4-33333333");
    const notOurs = legacyFolder("something-else", { pid: dead });
    const notAnOwner = folder(`w-${dead}-x`);

    const result = await removeDeadFolders(tempDir);

    expect(result.removed).toEqual(
      [
        `w-${dead}-1`,
        `w-${dead}-2`,
        `w-${live.pid}-1`,
        `w-${process.pid}-${startOf(process.pid)}`,
        "job-abc-1-00000000",
        "job-abc-3-22222222",
      ].sort(),
    );
    expect(result.failed).toEqual([]);
    for (const gone of [ofDead, emptyOfDead, reusedPid, earlierSelf, legacyDead, legacyReused]) {
      expect(existsSync(gone)).toBe(false);
    }
    for (const kept of [ofLive, legacyLive, noMarker, notOurs, notAnOwner]) {
      expect(existsSync(kept)).toBe(true);
    }
  });

  it("a worker's job folder sits in its owner folder, which its own sweep keeps", async () => {
    temp = mkdtempSync(join(tmpdir(), "temp-folders-"));
    const tempDir = join(temp, "jobs");
    const dir = await makeJobFolder(tempDir, "j57abc", 2);
    const owner = ownerFolderName({ pid: process.pid, started: startOf(process.pid) ?? null });
    expect(owner).toMatch(/^w-\d+-\d+$/);
    expect(dir).toMatch(new RegExp(`/jobs/${owner}/job-j57abc-2-[0-9a-f]{8}$`));
    expect(recordCliChild(dir, process.pid)).toBe(true);
    expect(JSON.parse(readFileSync(join(dir, ".fondation-cli"), "utf8"))).toEqual({
      pid: process.pid,
      started: startOf(process.pid),
    });

    expect((await removeDeadFolders(tempDir)).removed).toEqual([]);
    expect(existsSync(dir)).toBe(true);
    await removeOwnerFolder(tempDir); // a clean shutdown
    expect(readdirSync(tempDir)).toEqual([]);
  });

  it("a folder that cannot be removed is reported and the others are removed", async () => {
    temp = mkdtempSync(join(tmpdir(), "temp-folders-"));
    const tempDir = join(temp, "jobs");
    const dead = deadPid();
    const a = folder(`w-${dead}-1`, "job-a-1-00000000");
    const b = folder(`w-${dead}-2`, "job-b-1-00000000");
    const c = folder(`w-${dead}-3`, "job-c-1-00000000");
    const legacy = legacyFolder("job-old-1-00000000", { pid: dead, started: "1" });
    const asRoot = process.getuid?.() === 0;
    // root removes whatever the mode says: there, the removal itself is made to fail.
    if (!asRoot) chmodSync(join(b, "src", "repo"), 0o500);
    const remove = async (dir: string) => {
      if (dir === dirname(b))
        throw Object.assign(new Error("directory not empty"), { code: "ENOTEMPTY" });
      rmSync(dir, { recursive: true, force: true });
    };

    const result = await removeDeadFolders(tempDir, asRoot ? { remove } : {});

    expect(result.removed).toEqual([`w-${dead}-1`, `w-${dead}-3`, "job-old-1-00000000"].sort());
    expect(result.failed).toEqual([
      { name: `w-${dead}-2`, error: asRoot ? "ENOTEMPTY" : "EACCES" },
    ]);
    for (const gone of [a, c, legacy]) expect(existsSync(gone)).toBe(false);
    expect(existsSync(b)).toBe(true);
  });

  it("kill -9 of a worker: its CLI left running is killed and its folder removed; a live worker's stay", async () => {
    temp = mkdtempSync(join(tmpdir(), "temp-folders-"));
    const tempDir = join(temp, "jobs");
    // A CLI that never writes on stdout, so a dead worker's broken pipe does not end it:
    // it keeps writing into its job folder until it is killed.
    const cli = join(temp, "orphan-cli.mjs");
    writeFileSync(
      cli,
      `import { writeFileSync } from "node:fs";
const out = process.argv[process.argv.indexOf("--out") + 1];
let i = 0;
setInterval(() => writeFileSync(out + "/f" + (i++ % 50), "x"), 10);
setTimeout(() => process.exit(0), 120_000);
`,
    );
    const startOwner = async () => {
      const child = spawn(process.execPath, [JOB_OWNER, tempDir, cli], {
        stdio: ["ignore", "pipe", "inherit"],
      });
      started.push(child);
      const line = await new Promise<string>((resolve, reject) => {
        createInterface({ input: child.stdout }).once("line", resolve);
        child.once("exit", (code) => reject(new Error(`the owner exited (${code})`)));
      });
      const { jobDir, cliPid } = JSON.parse(line) as { jobDir: string; cliPid: number };
      pids.push(cliPid);
      const cliStart = startOf(cliPid) as string;
      await until(() => existsSync(join(jobDir, "out", "f0")), "the CLI to write");
      return { child, jobDir, cliPid, cliStart };
    };
    const killed = await startOwner();
    const live = await startOwner();
    const exited = new Promise((r) => killed.child.once("exit", r));
    killed.child.kill("SIGKILL");
    await exited;
    // The orphan outlives its worker: the state issue 14 is about.
    expect(runs(killed.cliPid, killed.cliStart)).toBe(true);

    const result = await removeDeadFolders(tempDir);

    const killedOwner = basename(dirname(killed.jobDir));
    expect(killedOwner.startsWith(`w-${killed.child.pid}-`)).toBe(true);
    expect(result.removed).toEqual([killedOwner]);
    expect(result.killed).toEqual([killed.cliPid]);
    expect(result.failed).toEqual([]);
    expect(runs(killed.cliPid, killed.cliStart)).toBe(false);
    expect(existsSync(killed.jobDir)).toBe(false);
    expect(existsSync(dirname(killed.jobDir))).toBe(false);
    // The live worker, its folder and its CLI are untouched.
    expect(existsSync(join(live.jobDir, ".fondation-cli"))).toBe(true);
    expect(runs(live.cliPid, live.cliStart)).toBe(true);
    expect(live.child.exitCode).toBe(null);
    expect(readdirSync(tempDir)).toEqual([basename(dirname(live.jobDir))]);
  }, 30_000);
});
