/**
 * The warm clone process (cloneSpare.ts): a clone asked to keep a spare leaves one ready,
 * the next clone runs in it (its pid is the spare's) and clones correctly, the spare still
 * obeys the caller's kill on cancel, a spare is not handed to a clone with other limits, and
 * a spare whose worker is killed (kill -9) exits rather than being left running.
 */
import { spawn } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { cloneIsolated, residentBytes } from "../src/git/cloneProcess.ts";
import { dropSpareCloneProcess, spareClonePid } from "../src/git/cloneSpare.ts";
import type { JobFailure } from "../src/jobFailure.ts";
import { type GitHttpServer, startGitHttpServer } from "./support/git-http-server.ts";
import { scratchRepos } from "./support/scratch.ts";

const MiB = 1024 ** 2;
let server: GitHttpServer;

beforeAll(async () => {
  server = await startGitHttpServer();
  server.createRepo("hello", { "README.md": "# hello\n" });
});
afterEach(() => dropSpareCloneProcess());
afterAll(async () => {
  await server.close();
});

const newDir = scratchRepos("spare-test-");
const base = { maxBytes: 1024 * MiB, timeoutMs: 60_000, allowLocal: true, memoryBytes: 512 * MiB };

async function until<T>(read: () => T | undefined): Promise<T> {
  for (;;) {
    const value = read();
    if (value !== undefined) return value;
    await new Promise((r) => setImmediate(r));
  }
}

describe("warm clone process", () => {
  it("runs the next clone in the spare the previous one left", async () => {
    await cloneIsolated({ ...base, url: server.url("hello"), dir: newDir(), keepSpare: true });
    const spare = await until(spareClonePid);
    let used: number | undefined;
    const dir = newDir();
    const result = await cloneIsolated({
      ...base,
      url: server.url("hello"),
      dir,
      keepSpare: true,
      onStart: (pid) => {
        used = pid;
      },
    });
    expect(used).toBe(spare);
    expect(result.commit).toMatch(/^[0-9a-f]{40}$/);
    expect(readFileSync(join(dir, "README.md"), "utf8")).toBe("# hello\n");
    // The used spare is gone, and a new one waits.
    expect(residentBytes(spare)).toBeUndefined();
    expect(await until(spareClonePid)).not.toBe(spare);
  });

  it("leaves no spare unless asked, and gives none to a clone with another memory cap", async () => {
    await cloneIsolated({ ...base, url: server.url("hello"), dir: newDir() });
    expect(spareClonePid()).toBeUndefined();
    await cloneIsolated({ ...base, url: server.url("hello"), dir: newDir(), keepSpare: true });
    const spare = await until(spareClonePid);
    let used: number | undefined;
    await cloneIsolated({
      ...base,
      memoryBytes: 256 * MiB,
      url: server.url("hello"),
      dir: newDir(),
      onStart: (pid) => {
        used = pid;
      },
    });
    expect(used).toBeDefined();
    expect(used).not.toBe(spare);
    // The mismatched spare was ended, not left behind.
    await until(() => (residentBytes(spare) === undefined ? true : undefined));
  });

  it("a cancel kills a clone running in the spare, and leaves no new spare", async () => {
    await cloneIsolated({ ...base, url: server.url("hello"), dir: newDir(), keepSpare: true });
    const spare = await until(spareClonePid);
    const controller = new AbortController();
    const dir = newDir();
    server.setFault("hello", { kind: "stall" });
    try {
      const cloning = cloneIsolated({
        ...base,
        url: server.url("hello"),
        dir,
        keepSpare: true,
        signal: controller.signal,
        onStart: () => controller.abort(),
      });
      const error = (await cloning.catch((e: unknown) => e)) as JobFailure;
      expect(error.message).toMatch(/canceled/);
    } finally {
      server.setFault("hello", null);
    }
    expect(residentBytes(spare)).toBeUndefined();
    expect(spareClonePid()).toBeUndefined();
    expect(existsSync(join(dir, "README.md"))).toBe(false);
  });

  it("a spare exits when its worker is killed with SIGKILL", async () => {
    const owner = spawn(
      process.execPath,
      [fileURLToPath(new URL("./support/spareOwner.ts", import.meta.url))],
      { stdio: ["ignore", "pipe", "inherit"] },
    );
    try {
      const line = await new Promise<string>((resolve, reject) => {
        createInterface({ input: owner.stdout }).once("line", resolve);
        owner.once("exit", (code) => reject(new Error(`the stand-in exited (${code})`)));
      });
      const spare = Number(line);
      expect(residentBytes(spare)).toBeDefined();
      owner.kill("SIGKILL");
      // Gone, or a zombie left to be reaped: it runs no more (a generous deadline).
      const deadline = Date.now() + 20_000;
      while (runs(spare) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
      expect(runs(spare)).toBe(false);
    } finally {
      owner.kill("SIGKILL");
    }
  }, 30_000);
});

function runs(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "latin1");
    return stat.slice(stat.lastIndexOf(")") + 2)[0] !== "Z";
  } catch {
    return false;
  }
}
