/**
 * Issue 11, "Resource limits that hold before the damage": each repository that made the
 * clone exhaust the worker's memory, its disk or its time, replayed at a size this machine
 * can afford (the limits scaled down with it, through the same settings), against the clone
 * the worker runs: a separate, memory-capped process (cloneIsolated) over a real git server.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { deflateSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cloneIsolated, type IsolatedCloneOptions } from "../src/git/cloneProcess.ts";
import { MalformedPackError, TooLargeError } from "../src/git/limits.ts";
import { scanPack } from "../src/git/packScan.ts";
import type { JobFailure } from "../src/jobFailure.ts";
import {
  blobBomb,
  deepTreeBomb,
  fileCountBomb,
  ObjectWriter,
  unsafePathRepo,
} from "./support/bombs.ts";
import { type GitHttpServer, startGitHttpServer } from "./support/git-http-server.ts";
import { scratchRepos } from "./support/scratch.ts";

const MiB = 1024 ** 2;
let server: GitHttpServer;

function bare(name: string): ObjectWriter {
  server.createEmptyRepo(name);
  return new ObjectWriter(join(server.root, "repos", `${name}.git`));
}

beforeAll(async () => {
  server = await startGitHttpServer();
  await blobBomb(bare("blob-64m"), 64 * MiB);
  await blobBomb(bare("blob-192m"), 192 * MiB);
  fileCountBomb(bare("files-10k"), 100, 2); // 10,000 empty files from 3 objects
  deepTreeBomb(bare("deep-3000"), 3_000);
  unsafePathRepo(bare("dotdot"), "..");
  unsafePathRepo(bare("dotgit"), ".git");
  unsafePathRepo(bare("dotgit-case"), ".GIT");
  server.createRepo("hello", { "README.md": "# hello\n", "src/a/b/c.ts": "export {};\n" });
});
afterAll(async () => {
  await server.close();
});

const newDir = scratchRepos("limits-test-");

const base = {
  maxBytes: 1024 * MiB,
  timeoutMs: 60_000,
  allowLocal: true,
  memoryBytes: 512 * MiB,
};

function clone(name: string, overrides: Partial<IsolatedCloneOptions> = {}) {
  return cloneIsolated({ ...base, url: server.url(name), dir: newDir(), ...overrides });
}

async function failure(promise: Promise<unknown>): Promise<JobFailure> {
  try {
    await promise;
  } catch (e) {
    return e as JobFailure;
  }
  throw new Error("expected the clone to fail");
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Files the checkout wrote (everything but .git). */
function checkedOut(dir: string): string[] {
  return existsSync(dir) ? readdirSync(dir).filter((n) => n !== ".git") : [];
}

async function until(check: () => boolean, what: string): Promise<void> {
  const start = Date.now();
  while (!check()) {
    if (Date.now() - start > 60_000) throw new Error(`never reached: ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

describe("clone limits (issue 11)", () => {
  it("clones an ordinary repository in the clone process and reports what it cost", async () => {
    const dir = newDir();
    const result = await cloneIsolated({ ...base, url: server.url("hello"), dir });
    expect(result.commit).toMatch(/^[0-9a-f]{40}$/);
    expect(result.tree).toMatchObject({ files: 2, folders: 3, depth: 3 });
    expect(existsSync(join(dir, "src/a/b/c.ts"))).toBe(true);
    expect(result.peakRssBytes).toBeGreaterThan(0);
  });

  it("blob bomb: a pack naming a 64 MiB file is refused from its declarations, nothing inflated or written", async () => {
    const dir = newDir();
    const e = await failure(
      cloneIsolated({
        ...base,
        url: server.url("blob-64m"),
        dir,
        limits: { maxFileBytes: 8 * MiB },
      }),
    );
    expect(e).toMatchObject({ code: "repository_too_large", retryable: false });
    expect(e.message).toMatch(/^The repository is too large: it holds a file of 64 MiB/);
    expect(e.message).toContain("MAX_FILE_BYTES");
    expect(checkedOut(dir)).toEqual([]);
  });

  it("blob bomb under the file limit but over the memory cap: the clone process is killed, the failure is permanent", async () => {
    let pid = 0;
    const e = await failure(
      clone("blob-192m", {
        memoryBytes: 160 * MiB,
        onStart: (p) => {
          pid = p;
        },
      }),
    );
    expect(e).toMatchObject({ code: "repository_too_large", retryable: false });
    expect(e.message).toMatch(/too large: cloning it needed more than the 160 MiB of memory/);
    expect(e.message).toContain("CLONE_MEMORY_MB");
    expect(pid).toBeGreaterThan(0);
    expect(isAlive(pid)).toBe(false);
  });

  it("file-count bomb: 10,000 files from 3 objects are refused before checkout", async () => {
    const dir = newDir();
    const e = await failure(
      cloneIsolated({ ...base, url: server.url("files-10k"), dir, limits: { maxFiles: 1_000 } }),
    );
    expect(e).toMatchObject({ code: "repository_too_large", retryable: false });
    expect(e.message).toMatch(/too large: it has more than 1,000 files and folders/);
    expect(checkedOut(dir)).toEqual([]);
  });

  it("deep tree: 3,000 nested folders are refused at MAX_PATH_DEPTH before checkout", async () => {
    const dir = newDir();
    const e = await failure(
      cloneIsolated({ ...base, url: server.url("deep-3000"), dir, limits: { maxDepth: 100 } }),
    );
    expect(e).toMatchObject({ code: "repository_too_large", retryable: false });
    expect(e.message).toMatch(/too large: its folders nest more than 100 levels deep/);
    expect(checkedOut(dir)).toEqual([]);
  });

  it("deep tree over file:// (the git program's path) is refused the same way", async () => {
    const url = `file://${join(server.root, "repos", "deep-3000.git")}`;
    const e = await failure(
      cloneIsolated({ ...base, url, dir: newDir(), limits: { maxDepth: 100 } }),
    );
    expect(e).toMatchObject({ code: "repository_too_large", retryable: false });
  });

  it("deep tree: 3,000 levels are refused by path length even with MAX_PATH_DEPTH raised", async () => {
    const e = await failure(clone("deep-3000", { limits: { maxDepth: 10_000 } }));
    expect(e).toMatchObject({ code: "repository_too_large", retryable: false });
    expect(e.message).toMatch(/a path of more than 3,000 characters/);
  });

  it("deep tree with the depth limit lifted: the clone timeout kills the busy clone process", async () => {
    let pid = 0;
    const e = await failure(
      clone("deep-3000", {
        limits: { maxDepth: 10_000, maxPathChars: 100_000 },
        timeoutMs: 2_000,
        onStart: (p) => {
          pid = p;
        },
      }),
    );
    expect(e).toMatchObject({ code: "clone_timeout", retryable: true });
    expect(isAlive(pid)).toBe(false);
  });

  it("deep tree with the depth limit lifted: cancel kills the clone process", async () => {
    const dir = newDir();
    const controller = new AbortController();
    let pid = 0;
    const promise = failure(
      cloneIsolated({
        ...base,
        url: server.url("deep-3000"),
        dir,
        limits: { maxDepth: 10_000, maxPathChars: 100_000 },
        signal: controller.signal,
        onStart: (p) => {
          pid = p;
        },
      }),
    );
    // Fetched: from here on the process walks the tree (the part that ignored cancel).
    const packs = join(dir, ".git", "objects", "pack");
    await until(
      () => existsSync(packs) && readdirSync(packs).some((n) => n.endsWith(".idx")),
      "pack indexed",
    );
    controller.abort();
    const e = await promise;
    expect(e.message).toMatch(/canceled/);
    expect(isAlive(pid)).toBe(false);
  });

  it.each([
    ["dotdot", ".."],
    ["dotgit", ".git"],
    ["dotgit-case", ".GIT"],
  ])("an unsafe tree path (%s) is a permanent failure, never retried", async (name, path) => {
    const dir = newDir();
    const e = await failure(cloneIsolated({ ...base, url: server.url(name), dir }));
    expect(e).toMatchObject({ code: "clone_failed", retryable: false });
    expect(e.message).toContain(`("${path}")`);
    expect(e.message).not.toMatch(/retried/);
    const config = join(dir, path, "config");
    expect(existsSync(config) && readFileSync(config, "utf8").includes("pwned")).toBe(false);
  });
});

describe("scanPack", () => {
  const limits = { maxBytes: 10 * MiB, maxObjects: 100, maxFileBytes: 1 * MiB };

  function pack(entries: Buffer[], count = entries.length): Buffer {
    const header = Buffer.alloc(12);
    header.write("PACK", 0, "latin1");
    header.writeUInt32BE(2, 4);
    header.writeUInt32BE(count, 8);
    return Buffer.concat([header, ...entries, Buffer.alloc(20)]);
  }
  /** A blob entry declaring `declared` bytes, holding `content`. */
  function blob(declared: number, content: Buffer): Buffer {
    const head: number[] = [];
    let size = declared;
    let c = (3 << 4) | (size & 15);
    size = Math.floor(size / 16);
    while (size > 0) {
      head.push(c | 0x80);
      c = size & 0x7f;
      size = Math.floor(size / 128);
    }
    head.push(c);
    return Buffer.concat([Buffer.from(head), deflateSync(content)]);
  }

  it("reads sizes and the object count without trusting more than declared", () => {
    const scan = scanPack(pack([blob(5, Buffer.from("hello")), blob(0, Buffer.alloc(0))]), limits);
    expect(scan).toMatchObject({ objectCount: 2, totalBytes: 5 });
  });

  it("refuses an object count over the limit from the header alone", () => {
    expect(() => scanPack(pack([], 1_000_000), limits)).toThrow(TooLargeError);
  });

  it("refuses a declared size over the limit before inflating", () => {
    // 4 GiB declared, 10 bytes of data: refused on the header.
    expect(() => scanPack(pack([blob(4 * 1024 ** 3, Buffer.from("x"))]), limits)).toThrow(
      /a file of 4\.0 GiB/,
    );
  });

  it("refuses an object that inflates to more than it declared", () => {
    expect(() => scanPack(pack([blob(10, Buffer.alloc(100_000))]), limits)).toThrow(
      MalformedPackError,
    );
  });
});
