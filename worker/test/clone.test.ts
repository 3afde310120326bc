import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cloneRepository } from "../src/git/clone.ts";
import type { JobFailure } from "../src/jobFailure.ts";
import { type GitHttpServer, startGitHttpServer } from "./support/git-http-server.ts";
import { scratchRepos } from "./support/scratch.ts";

let server: GitHttpServer;
let headCommit: string;

beforeAll(async () => {
  server = await startGitHttpServer();
  headCommit = server.createRepo(
    "hello",
    { "README.md": "# hello\n", "src/index.ts": "export const x = 1;\n" },
    { branches: { feature: { "FEATURE.md": "on a branch\n" } } },
  );
  server.createRepo("private", { "secret.txt": "private\n" });
  server.protect("private", "tok_s3cret_value");
  server.createEmptyRepo("empty");
  server.createRepo("big", { "blob.bin": randomBytes(400_000).toString("base64") });
  server.createRepo("stall", { "a.txt": randomBytes(50_000).toString("hex") });
  server.createRepo("drop", { "a.txt": randomBytes(50_000).toString("hex") });
  server.createRepo("flaky", { "a.txt": "x\n" });
});

afterAll(async () => {
  await server.close();
});

const newDir = scratchRepos("clone-test-");

const defaults = { maxBytes: 10 * 1024 * 1024, timeoutMs: 20_000, allowLocal: true };

async function failure(promise: Promise<unknown>): Promise<JobFailure> {
  try {
    await promise;
  } catch (e) {
    return e as JobFailure;
  }
  throw new Error("expected the clone to fail");
}

describe("cloneRepository", () => {
  it("clones the default branch shallowly and records the commit", async () => {
    const dir = newDir();
    const result = await cloneRepository({ ...defaults, url: server.url("hello"), dir });
    expect(result.commit).toBe(headCommit);
    expect(readFileSync(join(dir, "src/index.ts"), "utf8")).toContain("export const x");
    expect(result.bytesFetched).toBeGreaterThan(0);
    // shallow: git records the boundary commit
    expect(readFileSync(join(dir, ".git/shallow"), "utf8").trim()).toBe(headCommit);
  });

  it("clones a requested branch", async () => {
    const dir = newDir();
    const result = await cloneRepository({
      ...defaults,
      url: server.url("hello"),
      ref: "feature",
      dir,
    });
    expect(result.commit).not.toBe(headCommit);
    expect(readFileSync(join(dir, "FEATURE.md"), "utf8")).toBe("on a branch\n");
  });

  it("says when the requested ref does not exist", async () => {
    const e = await failure(
      cloneRepository({ ...defaults, url: server.url("hello"), ref: "nope", dir: newDir() }),
    );
    expect(e).toMatchObject({ code: "invalid_options", retryable: false });
    expect(e.message).toContain('"nope" does not exist');
  });

  it("authenticates with a token and never leaks it into errors", async () => {
    const dir = newDir();
    const result = await cloneRepository({
      ...defaults,
      url: server.url("private"),
      dir,
      auth: { username: "x-access-token", password: "tok_s3cret_value" },
    });
    expect(result.commit).toMatch(/^[0-9a-f]{40}$/);
    expect(readFileSync(join(dir, "secret.txt"), "utf8")).toBe("private\n");
  });

  it("access denied without a token, and with a wrong one", async () => {
    const anonymous = await failure(
      cloneRepository({ ...defaults, url: server.url("private"), dir: newDir() }),
    );
    expect(anonymous).toMatchObject({ code: "access_denied", retryable: false });
    expect(anonymous.message).toMatch(/private or does not exist/);
    const wrong = await failure(
      cloneRepository({
        ...defaults,
        url: server.url("private"),
        dir: newDir(),
        auth: { username: "x-access-token", password: "wrong-token-value" },
      }),
    );
    expect(wrong).toMatchObject({ code: "access_denied", retryable: false });
    expect(wrong.message).not.toContain("wrong-token-value");
    expect(wrong.message).toMatch(/Reconnect GitHub/);
  });

  it("repository not found", async () => {
    const e = await failure(
      cloneRepository({ ...defaults, url: server.url("missing"), dir: newDir() }),
    );
    expect(e).toMatchObject({ code: "repository_not_found", retryable: false });
  });

  it("empty repository", async () => {
    const e = await failure(
      cloneRepository({ ...defaults, url: server.url("empty"), dir: newDir() }),
    );
    expect(e).toMatchObject({ code: "repository_empty", retryable: false });
    expect(e.message).toMatch(/no commits/);
  });

  it("too large", async () => {
    const e = await failure(
      cloneRepository({ ...defaults, url: server.url("big"), dir: newDir(), maxBytes: 100_000 }),
    );
    expect(e).toMatchObject({ code: "repository_too_large", retryable: false });
    expect(e.message).toMatch(/98 KiB/);
  });

  it("unreachable host is retryable", async () => {
    const e = await failure(
      cloneRepository({ ...defaults, url: "http://127.0.0.1:1/x.git", dir: newDir() }),
    );
    expect(e).toMatchObject({ code: "clone_failed", retryable: true });
    expect(e.message).toMatch(/Could not reach/);
  });

  it("a server error is retryable", async () => {
    server.setFault("flaky", { kind: "status", status: 503 });
    const e = await failure(
      cloneRepository({ ...defaults, url: server.url("flaky"), dir: newDir() }),
    );
    server.setFault("flaky", null);
    expect(e).toMatchObject({ code: "clone_failed", retryable: true });
  });

  it("a stalled transfer times out", async () => {
    server.setFault("stall", { kind: "stall", afterBytes: 100 });
    const e = await failure(
      cloneRepository({ ...defaults, url: server.url("stall"), dir: newDir(), timeoutMs: 1_000 }),
    );
    server.setFault("stall", null);
    expect(e).toMatchObject({ code: "clone_timeout", retryable: true });
  });

  it("a dropped connection is retryable", async () => {
    server.setFault("drop", { kind: "drop", afterBytes: 200 });
    const e = await failure(
      cloneRepository({ ...defaults, url: server.url("drop"), dir: newDir() }),
    );
    server.setFault("drop", null);
    expect(e).toMatchObject({ retryable: true });
    expect(["clone_failed"]).toContain(e.code);
  });

  it("stops when canceled from outside", async () => {
    server.setFault("stall", { kind: "stall", afterBytes: 100 });
    const controller = new AbortController();
    const promise = cloneRepository({
      ...defaults,
      url: server.url("stall"),
      dir: newDir(),
      signal: controller.signal,
    });
    setTimeout(() => controller.abort(), 200);
    const e = await failure(promise);
    server.setFault("stall", null);
    expect(e.message).toMatch(/canceled/);
  });

  it("refuses disallowed sources", async () => {
    const e = await failure(
      cloneRepository({ ...defaults, allowLocal: false, url: server.url("hello"), dir: newDir() }),
    );
    expect(e).toMatchObject({ code: "invalid_options", retryable: false });
    expect(server.requests.some((r) => r.url.includes("hello") && r.authorization)).toBe(false);
  });

  it("clones file:// only when local git is allowed", async () => {
    const bare = join(server.root, "repos", "hello.git");
    const result = await cloneRepository({ ...defaults, url: `file://${bare}`, dir: newDir() });
    expect(result.commit).toBe(headCommit);
    const refused = await failure(
      cloneRepository({ ...defaults, allowLocal: false, url: `file://${bare}`, dir: newDir() }),
    );
    expect(refused.message).toMatch(/file:\/\/ URLs are only allowed/);
  });

  it("says a file:// path that is not a repository in one sentence, without git's command or the worker's folders, and does not retry it", async () => {
    const dir = newDir();
    for (const path of [join(server.root, "no-such-folder"), server.root]) {
      const e = await failure(cloneRepository({ ...defaults, url: `file://${path}`, dir }));
      expect(e).toMatchObject({ code: "repository_not_found", retryable: false });
      expect(e.message).toBe(
        `No git repository at file://${path} on the worker's machine: the folder is missing or is not a git repository. Check the path, or add the repository again.`,
      );
      expect(e.message).not.toContain(dir);
      expect(e.message).not.toMatch(/git clone|--depth|fatal:/);
    }
    const bare = join(server.root, "repos", "hello.git");
    const e = await failure(
      cloneRepository({ ...defaults, url: `file://${bare}`, ref: "no-such-branch", dir: newDir() }),
    );
    expect(e).toMatchObject({ code: "invalid_options", retryable: false });
    expect(e.message).toContain('"no-such-branch" does not exist');
  });
});
