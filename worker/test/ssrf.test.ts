/**
 * Issue 11, "Network reach of the worker": each attack that made the worker read an
 * internal service, replayed against the real clone path (isomorphic-git over the guarded
 * client, a real git server). "Internal" is a git server on 127.0.0.1; "public" is either
 * the same loopback server in local mode (where loopback is allowed and only the redirect
 * rules protect) or a public-looking name that an injected resolver points inside.
 */

import type { LookupAddress } from "node:dns";
import { readFileSync } from "node:fs";
import { type AddressInfo, createServer, type Server } from "node:net";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cloneRepository } from "../src/git/clone.ts";
import { guardedHttp } from "../src/git/guardedHttp.ts";
import type { JobFailure } from "../src/jobFailure.ts";
import { addressPolicy } from "../src/net/addressPolicy.ts";
import type { Resolver } from "../src/net/guardedLookup.ts";
import { type GitHttpServer, startGitHttpServer } from "./support/git-http-server.ts";
import { scratchRepos } from "./support/scratch.ts";
import { startTlsFront, type TlsFront } from "./support/tls-front.ts";

let pub: GitHttpServer; // the host the user named
let internal: GitHttpServer; // a service only the worker's network can see
let tls: TlsFront;
/** A TCP listener that counts connections: a refused address must never be connected to. */
let trap: Server;
let trapPort: number;
let trapConnections = 0;

beforeAll(async () => {
  pub = await startGitHttpServer();
  internal = await startGitHttpServer();
  internal.createRepo("secret", { "SECRET.md": "internal only\n" });
  pub.createRepo("hello", { "README.md": "# hello\n" });
  pub.createRepo("moved-away", { "a.txt": "x\n" });
  pub.setFault("moved-away", { kind: "redirect", to: internal.url("secret") });
  pub.createRepo("renamed", { "a.txt": "x\n" });
  pub.setFault("renamed", { kind: "redirect", to: pub.url("hello") });
  pub.createRepo("private", { "p.txt": "private\n" });
  pub.protect("private", "tok_only_for_private");
  pub.createRepo("lure", { "a.txt": "x\n" });
  pub.setFault("lure", { kind: "redirect", to: pub.url("private") });
  // https in front of the public server; /to-http/… redirects to plain http (same host).
  tls = await startTlsFront(pub.baseUrl, (path) =>
    path.startsWith("/to-http/") ? `${pub.baseUrl}${path.slice("/to-http".length)}` : undefined,
  );
  trap = createServer((socket) => {
    trapConnections += 1;
    socket.destroy();
  });
  await new Promise<void>((r) => trap.listen(0, "127.0.0.1", r));
  trapPort = (trap.address() as AddressInfo).port;
});

afterAll(async () => {
  await Promise.all([pub.close(), internal.close(), tls.close()]);
  trap.close();
});

const newDir = scratchRepos("ssrf-test-");

const base = { maxBytes: 10 * 1024 * 1024, timeoutMs: 20_000 };
const local = { ...base, allowLocal: true };
const production = { ...base, allowLocal: false };

async function failure(promise: Promise<unknown>): Promise<JobFailure> {
  try {
    await promise;
  } catch (e) {
    return e as JobFailure;
  }
  throw new Error("expected the clone to fail");
}

/** A resolver that answers every name with these addresses. */
const resolvesTo =
  (...addresses: string[]): Resolver =>
  async () =>
    addresses.map((address): LookupAddress => ({ address, family: address.includes(":") ? 6 : 4 }));

const UNREACHABLE = /^Could not reach the repository at /;

describe("redirects", () => {
  it("a redirect from the repository's host to an internal git server is not followed", async () => {
    const before = internal.requests.length;
    const e = await failure(
      cloneRepository({ ...local, url: pub.url("moved-away"), dir: newDir() }),
    );
    expect(e).toMatchObject({ code: "clone_failed" });
    expect(e.message).toMatch(UNREACHABLE);
    expect(e.message).not.toContain(internal.baseUrl);
    expect(internal.requests.length).toBe(before); // the internal server saw nothing
  });

  it("an https → http redirect is not followed, though the same path over https clones", async () => {
    const ca = tls.ca;
    const ok = await cloneRepository({
      ...local,
      url: `${tls.baseUrl}/hello.git`,
      dir: newDir(),
      network: { ca },
    });
    expect(ok.commit).toMatch(/^[0-9a-f]{40}$/);
    const before = pub.requests.length;
    const e = await failure(
      cloneRepository({
        ...local,
        url: `${tls.baseUrl}/to-http/hello.git`,
        dir: newDir(),
        network: { ca },
      }),
    );
    expect(e.message).toMatch(UNREACHABLE);
    expect(pub.requests.length).toBe(before); // nothing went out over http
  });

  it("a redirect within the repository's origin is followed (a renamed repository)", async () => {
    const dir = newDir();
    const result = await cloneRepository({ ...local, url: pub.url("renamed"), dir });
    expect(result.commit).toMatch(/^[0-9a-f]{40}$/);
    expect(readFileSync(join(dir, "README.md"), "utf8")).toBe("# hello\n");
  });

  it("the token is not sent to another repository a redirect on the same host points at", async () => {
    const e = await failure(
      cloneRepository({
        ...local,
        url: pub.url("lure"),
        dir: newDir(),
        auth: { username: "x-access-token", password: "tok_only_for_private" },
      }),
    );
    expect(e).toMatchObject({ code: "access_denied" });
    const toPrivate = pub.requests.filter((r) => r.repo === "private.git");
    expect(toPrivate.length).toBeGreaterThan(0);
    expect(toPrivate.every((r) => r.authorization === undefined)).toBe(true);
  });
});

describe("names that resolve inside", () => {
  it.each([
    ["127.0.0.1"],
    ["10.1.2.3"],
    ["169.254.169.254"],
    ["100.64.0.1"],
    ["0.0.0.0"],
    ["::1"],
    ["::ffff:127.0.0.1"],
    ["fd00::1"],
    ["fe80::1"],
  ])("a public-looking name resolving to %s is refused before any connection", async (address) => {
    const before = trapConnections;
    const e = await failure(
      cloneRepository({
        ...production,
        url: `https://git.example.com:${trapPort}/team/tool.git`,
        dir: newDir(),
        network: { resolve: resolvesTo(address) },
      }),
    );
    expect(e).toMatchObject({ code: "clone_failed" });
    expect(e.message).toMatch(UNREACHABLE);
    expect(e.message).not.toContain(address);
    expect(trapConnections).toBe(before);
  });

  it("one internal address among public ones refuses the whole answer", async () => {
    const before = trapConnections;
    const e = await failure(
      cloneRepository({
        ...production,
        url: `https://git.example.com:${trapPort}/team/tool.git`,
        dir: newDir(),
        network: { resolve: resolvesTo("93.184.216.34", "127.0.0.1") },
      }),
    );
    expect(e.message).toMatch(UNREACHABLE);
    expect(trapConnections).toBe(before);
  });

  it("in local mode the same name reaches a loopback git server: the hook connects where it checked", async () => {
    const port = new URL(pub.baseUrl).port;
    const result = await cloneRepository({
      ...local,
      url: `http://git.example.com:${port}/hello.git`,
      dir: newDir(),
      network: { resolve: resolvesTo("127.0.0.1") },
    });
    expect(result.commit).toMatch(/^[0-9a-f]{40}$/);
  });
});

describe("IP literals", () => {
  it.each([
    "https://[::ffff:127.0.0.1]/a.git",
    "https://0.0.0.0/a.git",
    "https://[::]/a.git",
    "https://2130706433/a.git",
    "https://0x7f.1/a.git",
    "https://169.254.169.254/a.git",
    "https://2852039166/a.git",
    "https://[::ffff:a9fe:a9fe]/a.git",
    "https://10.0.0.1/a.git",
    "https://metadata.google.internal/a.git",
    "https://localhost./a.git",
  ])("the worker refuses %s before connecting", async (url) => {
    const e = await failure(cloneRepository({ ...production, url, dir: newDir() }));
    expect(e).toMatchObject({ code: "invalid_options", retryable: false });
  });

  it("the HTTP client refuses an internal IP literal on its own (second line of defence)", async () => {
    for (const host of ["127.0.0.1", "[::ffff:7f00:1]", "[::1]", "169.254.169.254"]) {
      const before = trapConnections;
      const client = guardedHttp({
        repositoryUrl: `https://${host}:${trapPort}/a.git`,
        policy: addressPolicy({ allowLoopback: false }),
        resolve: resolvesTo("127.0.0.1"),
        allowHttp: false,
      });
      await expect(
        client.request({ url: `https://${host}:${trapPort}/a.git/info/refs` }),
      ).rejects.toMatchObject({ code: "FONDATION_UNREACHABLE" });
      client.close();
      expect(trapConnections).toBe(before);
    }
  });
});

describe("what a failure reveals", () => {
  it("a closed port, an internal address, an unknown name and a redirect elsewhere read the same", async () => {
    const closed = await failure(
      cloneRepository({ ...local, url: "http://127.0.0.1:1/x.git", dir: newDir() }),
    );
    const refused = await failure(
      cloneRepository({
        ...production,
        url: "https://git.example.com/x.git",
        dir: newDir(),
        network: { resolve: resolvesTo("10.0.0.7") },
      }),
    );
    const unknown = await failure(
      cloneRepository({
        ...production,
        url: "https://git.example.com/x.git",
        dir: newDir(),
        network: {
          resolve: async () => {
            throw Object.assign(new Error("getaddrinfo ENOTFOUND"), { code: "ENOTFOUND" });
          },
        },
      }),
    );
    const redirected = await failure(
      cloneRepository({ ...local, url: pub.url("moved-away"), dir: newDir() }),
    );
    const shape = (e: JobFailure, url: string) => ({
      code: e.code,
      retryable: e.retryable,
      message: e.message.replace(url, "<url>"),
    });
    const expected = shape(closed, "http://127.0.0.1:1/x.git");
    expect(shape(refused, "https://git.example.com/x.git")).toEqual(expected);
    expect(shape(unknown, "https://git.example.com/x.git")).toEqual(expected);
    expect(shape(redirected, pub.url("moved-away"))).toEqual(expected);
    expect(expected.message).not.toMatch(/ECONNREFUSED|ENOTFOUND|refused|timed? ?out/i);
  });
});
