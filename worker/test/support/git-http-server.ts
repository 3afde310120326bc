/**
 * A real smart-HTTP git server for tests: `git http-backend` (CGI) behind a small Node
 * http server on 127.0.0.1, port 0. Repositories are bare repos created by the tests in a
 * temp folder. Supports basic-auth protected repositories and fault injection (stall or
 * drop the connection mid-clone, answer with a status) for the clone error tests. Reused
 * by the worker's end-to-end tests.
 */
import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo, Socket } from "node:net";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";

export type Fault =
  /** Send headers and `afterBytes` of the pack, then hang until the client gives up. */
  | { kind: "stall"; afterBytes?: number }
  /** Send `afterBytes` of the pack, then destroy the socket. */
  | { kind: "drop"; afterBytes?: number }
  /** Answer every request for the repo with this status. */
  | { kind: "status"; status: number }
  /** Answer 302 to `to` (a clone URL) + the rest of the path, as a moved repository does. */
  | { kind: "redirect"; to: string };

export interface RequestRecord {
  method: string;
  url: string;
  repo: string;
  authorization: string | undefined;
  status: number;
}

export interface GitHttpServer {
  /** http://127.0.0.1:port */
  baseUrl: string;
  /** Clone URL of a repository served here. */
  url(name: string): string;
  root: string;
  requests: RequestRecord[];
  /** TCP connections accepted so far (a refused address must leave this unchanged). */
  readonly connections: number;
  /** Create a bare repository from files (path → content), one commit per entry of `commits`. */
  createRepo(name: string, files: Record<string, string>, options?: CreateRepoOptions): string;
  /** Create a bare repository with no commit at all. */
  createEmptyRepo(name: string): void;
  /** Add one commit with these files on top of a repository's default branch; its id. */
  commitFiles(name: string, files: Record<string, string>, message?: string): string;
  /** Require basic auth for a repository (any user name, this password). */
  protect(name: string, password: string, username?: string): void;
  setFault(name: string, fault: Fault | null): void;
  close(): Promise<void>;
}

export interface CreateRepoOptions {
  /** Extra branches: name → files added on top of the default branch. */
  branches?: Record<string, Record<string, string>>;
  /** Default branch name (main by default). */
  defaultBranch?: string;
}

const GIT_ENV = {
  GIT_AUTHOR_NAME: "Test",
  GIT_AUTHOR_EMAIL: "test@example.invalid",
  GIT_COMMITTER_NAME: "Test",
  GIT_COMMITTER_EMAIL: "test@example.invalid",
  GIT_CONFIG_NOSYSTEM: "1",
  HOME: tmpdir(),
};

function git(cwd: string, ...args: string[]): string {
  return execFileSync("git", args, {
    cwd,
    env: { ...process.env, ...GIT_ENV },
    stdio: ["ignore", "pipe", "pipe"],
  }).toString();
}

export async function startGitHttpServer(): Promise<GitHttpServer> {
  const root = mkdtempSync(join(tmpdir(), "git-http-"));
  const reposDir = join(root, "repos");
  mkdirSync(reposDir);
  const passwords = new Map<string, { username: string | undefined; password: string }>();
  const faults = new Map<string, Fault>();
  const requests: RequestRecord[] = [];
  const sockets = new Set<Socket>();
  const children = new Set<ChildProcess>();

  const server: Server = createServer((req, res) => handle(req, res));
  let connections = 0;
  server.on("connection", (socket) => {
    connections += 1;
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });

  function handle(req: IncomingMessage, res: ServerResponse) {
    const url = new URL(req.url ?? "/", "http://127.0.0.1");
    const match = /^\/([^/]+\.git)(\/.*)?$/.exec(url.pathname);
    const repo = match?.[1] ?? "";
    const record: RequestRecord = {
      method: req.method ?? "GET",
      url: url.pathname + url.search,
      repo,
      authorization: req.headers.authorization,
      status: 0,
    };
    requests.push(record);
    const reply = (status: number, headers: Record<string, string> = {}) => {
      record.status = status;
      res.writeHead(status, { "content-type": "text/plain", ...headers });
      res.end(`${status}\n`);
    };
    if (!match) return reply(404);
    const moved = faults.get(repo);
    if (moved?.kind === "redirect") {
      return reply(302, { location: `${moved.to}${match[2] ?? ""}${url.search}` });
    }

    const guard = passwords.get(repo);
    if (guard) {
      const given = parseBasic(req.headers.authorization);
      const ok =
        given !== null &&
        given.password === guard.password &&
        (guard.username === undefined || given.username === guard.username);
      if (!ok) return reply(401, { "www-authenticate": 'Basic realm="test"' });
    }
    const fault = faults.get(repo);
    if (fault?.kind === "status") return reply(fault.status);

    const isPack = req.method === "POST" && url.pathname.endsWith("/git-upload-pack");
    const child = spawn("git", ["http-backend"], {
      env: {
        ...process.env,
        ...GIT_ENV,
        GIT_PROJECT_ROOT: reposDir,
        GIT_HTTP_EXPORT_ALL: "1",
        PATH_INFO: url.pathname,
        QUERY_STRING: url.search.slice(1),
        REQUEST_METHOD: req.method ?? "GET",
        CONTENT_TYPE: req.headers["content-type"] ?? "",
        HTTP_CONTENT_ENCODING: String(req.headers["content-encoding"] ?? ""),
        HTTP_GIT_PROTOCOL: String(req.headers["git-protocol"] ?? ""),
        REMOTE_USER: guard ? "user" : "",
        REMOTE_ADDR: "127.0.0.1",
      },
      stdio: ["pipe", "pipe", "ignore"],
    });
    children.add(child);
    child.on("exit", () => children.delete(child));
    req.pipe(child.stdin);
    child.stdin.on("error", () => {});
    res.on("close", () => child.kill("SIGKILL"));

    let head = Buffer.alloc(0);
    let headersSent = false;
    let bodyBytes = 0;
    child.stdout.on("data", (chunk: Buffer) => {
      if (!headersSent) {
        head = Buffer.concat([head, chunk]);
        const end = findHeaderEnd(head);
        if (end === null) return;
        const { status, headers } = parseCgiHeaders(head.subarray(0, end.index).toString());
        record.status = status;
        res.writeHead(status, headers);
        headersSent = true;
        chunk = head.subarray(end.index + end.length);
      }
      if (isPack && fault && (fault.kind === "stall" || fault.kind === "drop")) {
        const limit = fault.afterBytes ?? 0;
        const room = Math.max(0, limit - bodyBytes);
        if (room > 0) res.write(chunk.subarray(0, room));
        bodyBytes += chunk.length;
        if (bodyBytes >= limit) {
          child.stdout.removeAllListeners("data");
          child.kill("SIGKILL");
          if (fault.kind === "drop") res.socket?.destroy();
          // stall: keep the response open until the client or close() ends it.
        }
        return;
      }
      bodyBytes += chunk.length;
      res.write(chunk);
    });
    child.stdout.on("end", () => {
      if (!headersSent) {
        if (!res.headersSent) reply(502);
        return;
      }
      if (!(isPack && (fault?.kind === "stall" || fault?.kind === "drop"))) res.end();
    });
  }

  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  const baseUrl = `http://127.0.0.1:${port}`;

  return {
    baseUrl,
    root,
    requests,
    get connections() {
      return connections;
    },
    url: (name) => `${baseUrl}/${name.endsWith(".git") ? name : `${name}.git`}`,
    createRepo(name, files, options = {}) {
      const bare = join(reposDir, name.endsWith(".git") ? name : `${name}.git`);
      const work = mkdtempSync(join(root, "work-"));
      const branch = options.defaultBranch ?? "main";
      git(work, "init", "-q", "-b", branch);
      writeFiles(work, files);
      git(work, "add", "-A");
      git(work, "commit", "-q", "-m", "initial");
      for (const [other, extra] of Object.entries(options.branches ?? {})) {
        git(work, "checkout", "-q", "-b", other);
        writeFiles(work, extra);
        git(work, "add", "-A");
        git(work, "commit", "-q", "-m", `on ${other}`);
        git(work, "checkout", "-q", branch);
      }
      git(root, "clone", "-q", "--bare", work, bare);
      rmSync(work, { recursive: true, force: true });
      return git(bare, "rev-parse", "HEAD").trim();
    },
    commitFiles(name, files, message = "update") {
      const bare = join(reposDir, name.endsWith(".git") ? name : `${name}.git`);
      const work = mkdtempSync(join(root, "work-"));
      git(root, "clone", "-q", bare, work);
      writeFiles(work, files);
      git(work, "add", "-A");
      git(work, "commit", "-q", "-m", message);
      git(work, "push", "-q", "origin", "HEAD");
      rmSync(work, { recursive: true, force: true });
      return git(bare, "rev-parse", "HEAD").trim();
    },
    createEmptyRepo(name) {
      const bare = join(reposDir, name.endsWith(".git") ? name : `${name}.git`);
      git(root, "init", "-q", "--bare", "-b", "main", bare);
    },
    protect(name, password, username) {
      passwords.set(name.endsWith(".git") ? name : `${name}.git`, { username, password });
    },
    setFault(name, fault) {
      const key = name.endsWith(".git") ? name : `${name}.git`;
      if (fault) faults.set(key, fault);
      else faults.delete(key);
    },
    async close() {
      for (const child of children) child.kill("SIGKILL");
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      rmSync(root, { recursive: true, force: true });
    },
  };
}

function writeFiles(dir: string, files: Record<string, string>) {
  for (const [path, content] of Object.entries(files)) {
    const full = join(dir, path);
    mkdirSync(dirname(full), { recursive: true });
    writeFileSync(full, content);
  }
}

function parseBasic(header: string | undefined): { username: string; password: string } | null {
  if (!header?.startsWith("Basic ")) return null;
  const decoded = Buffer.from(header.slice(6), "base64").toString();
  const colon = decoded.indexOf(":");
  if (colon < 0) return null;
  return { username: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
}

function findHeaderEnd(buf: Buffer): { index: number; length: number } | null {
  const crlf = buf.indexOf("\r\n\r\n");
  const lf = buf.indexOf("\n\n");
  if (crlf >= 0 && (lf < 0 || crlf <= lf)) return { index: crlf, length: 4 };
  if (lf >= 0) return { index: lf, length: 2 };
  return null;
}

function parseCgiHeaders(text: string): { status: number; headers: Record<string, string> } {
  let status = 200;
  const headers: Record<string, string> = {};
  for (const line of text.split(/\r?\n/)) {
    const colon = line.indexOf(":");
    if (colon < 0) continue;
    const key = line.slice(0, colon).trim();
    const value = line.slice(colon + 1).trim();
    if (key.toLowerCase() === "status") status = Number.parseInt(value, 10) || 200;
    else headers[key] = value;
  }
  return { status, headers };
}
