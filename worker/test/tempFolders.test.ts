/**
 * Issue 11: "a killed job's folder stays on disk". The folders of attempts whose worker is
 * gone are removed at start; folders of a worker still running, folders without the
 * worker's marker, and anything else under TEMP_DIR are left alone.
 */
import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { makeJobFolder, removeDeadJobFolders } from "../src/runner/tempFolders.ts";

let temp = "";
afterEach(() => {
  if (temp) rmSync(temp, { recursive: true, force: true });
});

/** A job folder as another process would have made it. */
function folderOf(name: string, marker: unknown): string {
  const dir = join(temp, name);
  mkdirSync(join(dir, "src", "repo"), { recursive: true });
  writeFileSync(join(dir, "src", "repo", "big.bin"), "x");
  writeFileSync(join(dir, ".fondation-job"), JSON.stringify(marker));
  return dir;
}

describe("job folders", () => {
  it("removes the folders of dead processes only", async () => {
    temp = mkdtempSync(join(tmpdir(), "temp-folders-"));
    // A process that has exited: its pid is free (or reused by another start time).
    const dead = spawnSync(process.execPath, ["-e", "process.stdout.write(String(process.pid))"]);
    const deadPid = Number(dead.stdout.toString());
    const live = spawn(process.execPath, ["-e", "setTimeout(() => {}, 60_000)"]);
    try {
      const liveStart = readFileSync(`/proc/${live.pid}/stat`, "latin1");
      const started = liveStart.slice(liveStart.lastIndexOf(")") + 2).split(" ")[19];
      const ofDead = folderOf("job-abc-1-00000000", { pid: deadPid, started: "1" });
      const ofLive = folderOf("job-abc-2-11111111", { pid: live.pid, started });
      const reusedPid = folderOf("job-abc-3-22222222", { pid: live.pid, started: "1" });
      const noMarker = join(temp, "job-abc-4-33333333");
      mkdirSync(noMarker);
      const notOurs = join(temp, "something-else");
      mkdirSync(notOurs);
      writeFileSync(join(notOurs, ".fondation-job"), JSON.stringify({ pid: deadPid }));

      const removed = await removeDeadJobFolders(temp);

      expect(removed.sort()).toEqual(["job-abc-1-00000000", "job-abc-3-22222222"]);
      expect(existsSync(ofDead)).toBe(false);
      expect(existsSync(reusedPid)).toBe(false);
      expect(existsSync(ofLive)).toBe(true);
      expect(existsSync(noMarker)).toBe(true);
      expect(existsSync(notOurs)).toBe(true);
    } finally {
      live.kill("SIGKILL");
    }
  });

  it("a folder made by a worker carries its marker", async () => {
    temp = mkdtempSync(join(tmpdir(), "temp-folders-"));
    const dir = await makeJobFolder(temp, "j57abc", 2);
    expect(dir).toMatch(/job-j57abc-2-[0-9a-f]{8}$/);
    expect(JSON.parse(readFileSync(join(dir, ".fondation-job"), "utf8"))).toMatchObject({
      pid: process.pid,
    });
  });
});
