/**
 * Drives `./run start` (scripts/dev/start.ts) from tests the way a person does: the
 * orchestrator on free ports with its own data folder, its output read line by line, a
 * local git repository to add, and a signed-in user's Convex client. Used by
 * start.handback.test.ts (start.test.ts keeps its own copy).
 */
import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { ConvexHttpClient } from "convex/browser";
import { makeFunctionReference } from "convex/server";
import { ROOT } from "./webBuild.ts";

// biome-ignore lint/suspicious/noExplicitAny: untyped references keep the test independent of codegen.
type Any = any;
export const fns = {
  store: makeFunctionReference<"mutation", Any, Any>("users:store"),
  addByUrl: makeFunctionReference<"mutation", Any, Any>("repositories:addByUrl"),
  request: makeFunctionReference<"mutation", Any, Any>("jobs:request"),
  getJob: makeFunctionReference<"query", Any, Any>("jobs:get"),
  events: makeFunctionReference<"query", Any, Any>("jobEvents:list"),
  course: makeFunctionReference<"query", Any, Any>("courses:get"),
};

export interface Running {
  child: ChildProcess;
  output: string[];
  exit: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Resolves with the first match of the pattern in the output so far or to come. */
  waitFor(pattern: RegExp, timeoutMs: number): Promise<RegExpMatchArray>;
}

/** `webPort` 0 is a free one; the same port again keeps the local sign-in issuer (its URL). */
export function startOrchestrator(
  dataDir: string,
  extraEnv: Record<string, string> = {},
  webPort = 0,
): Running {
  const env = { ...process.env, ...extraEnv };
  delete env.ANTHROPIC_API_KEY; // offline courses: no network, no cost
  const child = spawn(
    process.execPath,
    [
      join(ROOT, "scripts/dev/start.ts"),
      "--web-port",
      String(webPort),
      "--convex-port",
      "0",
      "--site-port",
      "0",
      "--worker-port",
      "0",
      "--data-dir",
      dataDir,
    ],
    { cwd: ROOT, env, stdio: ["ignore", "pipe", "pipe"] },
  );
  const output: string[] = [];
  const waiters: { pattern: RegExp; resolve: (m: RegExpMatchArray) => void }[] = [];
  const onLine = (line: string) => {
    output.push(line);
    for (const waiter of [...waiters]) {
      const match = line.match(waiter.pattern);
      if (match) {
        waiters.splice(waiters.indexOf(waiter), 1);
        waiter.resolve(match);
      }
    }
  };
  createInterface({ input: child.stdout }).on("line", onLine);
  createInterface({ input: child.stderr }).on("line", onLine);
  const exit = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once("exit", (code, signal) => resolve({ code, signal })),
  );
  return {
    child,
    output,
    exit,
    waitFor(pattern, timeoutMs) {
      for (const line of output) {
        const match = line.match(pattern);
        if (match) return Promise.resolve(match);
      }
      return new Promise((resolve, reject) => {
        const timer = setTimeout(
          () => reject(new Error(`no line matching ${pattern}; output:\n${output.join("\n")}`)),
          timeoutMs,
        );
        exit.then(({ code }) => {
          clearTimeout(timer);
          reject(new Error(`the orchestrator exited (${code}); output:\n${output.join("\n")}`));
        });
        waiters.push({
          pattern,
          resolve: (m) => {
            clearTimeout(timer);
            resolve(m);
          },
        });
      });
    },
  };
}

/** A small git repository in a folder whose name has a space (the file:// URL encodes it). */
export function makeRepository(parent: string): string {
  const dir = join(parent, "demo repo");
  mkdirSync(join(dir, "src"), { recursive: true });
  writeFileSync(join(dir, "README.md"), "# Demo\n\nAdds and formats numbers.\n");
  writeFileSync(
    join(dir, "src/math.ts"),
    "/** Adds two numbers. */\nexport function add(a: number, b: number): number {\n  return a + b;\n}\n",
  );
  writeFileSync(
    join(dir, "src/main.ts"),
    'import { add } from "./math.ts";\n\n/** Prints a sum. */\nexport function main(): void {\n  console.log(add(1, 2));\n}\n',
  );
  const git = (...args: string[]) =>
    execFileSync("git", ["-c", "user.name=Smoke", "-c", "user.email=smoke@example.org", ...args], {
      cwd: dir,
      stdio: "ignore",
    });
  git("init", "-q");
  git("add", ".");
  git("-c", "commit.gpgsign=false", "commit", "-q", "-m", "demo");
  return dir;
}

/** The URLs the orchestrator printed once everything is up, and the pids of its services. */
export async function started(running: Running, timeoutMs: number) {
  const webUrl = (
    await running.waitFor(/^\s+Open\s+(http:\/\/localhost:\d+)/, timeoutMs)
  )[1] as string;
  const convexUrl = (
    await running.waitFor(/^\s+Convex\s+(http:\/\/127\.0\.0\.1:\d+)/, 1_000)
  )[1] as string;
  const workerStatusUrl = (
    await running.waitFor(/^\s+Worker\s+(http:\S+\/status)/, 1_000)
  )[1] as string;
  const pids: number[] = [];
  for (const line of running.output) {
    const match = line.match(/\| started \(pid (\d+)\)/);
    if (match) pids.push(Number(match[1]));
  }
  return { webUrl, convexUrl, workerStatusUrl, pids: pids.slice(-3) };
}

/** Signs a user in on the web app (local mode) and returns their Convex client. */
export async function signIn(webUrl: string, convexUrl: string, name = "ada") {
  const session = await fetch(`${webUrl}/api/local-auth/session`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ name }),
  });
  if (session.status !== 200) throw new Error(`sign-in answered ${session.status}`);
  const cookie = (session.headers.get("set-cookie") ?? "").split(";")[0] as string;
  const tokenResponse = await fetch(`${webUrl}/api/local-auth/token`, { headers: { cookie } });
  if (tokenResponse.status !== 200) throw new Error(`token answered ${tokenResponse.status}`);
  const { token } = (await tokenResponse.json()) as { token: string };
  const client = new ConvexHttpClient(convexUrl, { logger: false });
  client.setAuth(token);
  await client.mutation(fns.store, {});
  return client;
}

/**
 * SIGKILL to an orchestrator still running and every service group it started (test
 * clean-up). Once it has exited, its groups are gone and their ids may be someone else's.
 */
export function killAll(running: Running | undefined, pids: number[]): void {
  if (!running || running.child.exitCode !== null || running.child.signalCode !== null) return;
  running.child.kill("SIGKILL");
  for (const pid of pids) {
    try {
      process.kill(-pid, "SIGKILL");
    } catch {
      // already gone
    }
  }
}
