/**
 * Smoke test of `./run start` (scripts/dev/start.ts): the whole local product on free ports,
 * used the way a person would — sign in on the web app, add a local git repository (by its
 * path, as the add form sends it), request a course, see it published; a second start on
 * the same data folder refuses, naming the running one — then Ctrl-C (SIGINT): every
 * service's process group is gone and the exit code is 0.
 */
import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { DEFAULT_MODEL } from "@fondation/shared";
import { ConvexHttpClient } from "convex/browser";
import { makeFunctionReference } from "convex/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { localPathToFileUrl } from "../../web/src/lib/repoInput.ts";
import { groupAlive } from "./service.ts";
import { ROOT } from "./webBuild.ts";

// biome-ignore lint/suspicious/noExplicitAny: untyped references keep the test independent of codegen.
type Any = any;
const fns = {
  store: makeFunctionReference<"mutation", Any, Any>("users:store"),
  addByUrl: makeFunctionReference<"mutation", Any, Any>("repositories:addByUrl"),
  request: makeFunctionReference<"mutation", Any, Any>("jobs:request"),
  getJob: makeFunctionReference<"query", Any, Any>("jobs:get"),
  course: makeFunctionReference<"query", Any, Any>("courses:get"),
};

interface Running {
  child: ChildProcess;
  output: string[];
  exit: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Resolves with the first match of the pattern in the output so far or to come. */
  waitFor(pattern: RegExp, timeoutMs: number): Promise<RegExpMatchArray>;
}

function startOrchestrator(dataDir: string): Running {
  const env = { ...process.env };
  delete env.ANTHROPIC_API_KEY; // offline courses: no network, no cost
  const child = spawn(
    process.execPath,
    [
      join(ROOT, "scripts/dev/start.ts"),
      "--web-port",
      "0",
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
function makeRepository(parent: string): string {
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

describe("./run start", () => {
  let root: string;
  let running: Running;
  let webUrl: string;
  let convexUrl: string;
  let workerStatusUrl: string;
  const pids: number[] = [];

  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), "fondation-start-"));
    running = startOrchestrator(join(root, "data"));
    // A first run may build the web app (about a minute on two cores).
    webUrl = (await running.waitFor(/^\s+Open\s+(http:\/\/localhost:\d+)/, 280_000))[1] as string;
    convexUrl = (
      await running.waitFor(/^\s+Convex\s+(http:\/\/127\.0\.0\.1:\d+)/, 1_000)
    )[1] as string;
    workerStatusUrl = (
      await running.waitFor(/^\s+Worker\s+(http:\S+\/status)/, 1_000)
    )[1] as string;
    for (const line of running.output) {
      const match = line.match(/\| started \(pid (\d+)\)/);
      if (match) pids.push(Number(match[1]));
    }
  });

  afterAll(async () => {
    if (running && running.child.exitCode === null) {
      running.child.kill("SIGKILL");
      for (const pid of pids) {
        try {
          process.kill(-pid, "SIGKILL");
        } catch {
          // already gone
        }
      }
    }
    if (root) rmSync(root, { recursive: true, force: true });
  });

  it("serves the web app and a ready worker", async () => {
    expect(pids).toHaveLength(3); // convex, web, worker
    const page = await fetch(webUrl);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain("Fondation");
    const ready = await fetch(workerStatusUrl.replace(/\/status$/, "/readyz"));
    expect(ready.status).toBe(200);
    // The worker secret is never printed.
    const secret = readFileSync(join(root, "data/worker-secret"), "utf8");
    expect(running.output.join("\n")).not.toContain(secret.trim());
  });

  it("turns a local repository added by a signed-in user into a published course", async () => {
    const signIn = await fetch(`${webUrl}/api/local-auth/session`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ name: "ada" }),
    });
    expect(signIn.status).toBe(200);
    const cookie = (signIn.headers.get("set-cookie") ?? "").split(";")[0] as string;
    const tokenResponse = await fetch(`${webUrl}/api/local-auth/token`, { headers: { cookie } });
    expect(tokenResponse.status).toBe(200);
    const { token } = (await tokenResponse.json()) as { token: string };

    const client = new ConvexHttpClient(convexUrl, { logger: false });
    client.setAuth(token);
    await client.mutation(fns.store, {});
    const url = localPathToFileUrl(makeRepository(root));
    const { repositoryId } = await client.mutation(fns.addByUrl, { url });
    const { jobId } = await client.mutation(fns.request, {
      repositoryId,
      options: { language: "en", model: DEFAULT_MODEL },
    });
    const deadline = Date.now() + 120_000;
    let job = await client.query(fns.getJob, { jobId });
    while (!["succeeded", "failed", "canceled"].includes(job.status) && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 250));
      job = await client.query(fns.getJob, { jobId });
    }
    // On failure, what the job and the services said: the next run tells why.
    const said = `${JSON.stringify(job)}\n${running.output.slice(-40).join("\n")}`;
    expect(job.status, said).toBe("succeeded");
    const { course, lessons } = await client.query(fns.course, { courseId: job.courseId });
    expect(course.title).toMatch(/demo.repo/i);
    expect(lessons.length).toBeGreaterThan(0);
    // The course cites the repository's own files.
    const cited = lessons.flatMap((l: { citations: { path: string }[] }) =>
      l.citations.map((c) => c.path),
    );
    expect(cited).toContain("src/math.ts");
  });

  it("refuses a second start on the same data folder, naming the running backend", async () => {
    const second = startOrchestrator(join(root, "data"));
    const { code } = await second.exit;
    expect(code).toBe(1);
    const output = second.output.join("\n");
    expect(output).toContain(
      `${join(root, "data", "convex-data.sqlite")} is used by local-convex pid ${pids[0]} at ${convexUrl}`,
    );
    expect(output).toContain("stop it first");
    expect(output).not.toMatch(/\| started \(pid/); // nothing was started
    // The first one still answers.
    expect((await fetch(workerStatusUrl.replace(/\/status$/, "/readyz"))).status).toBe(200);
  });

  it("stops every service on Ctrl-C and exits 0", async () => {
    running.child.kill("SIGINT");
    const { code, signal } = await running.exit;
    expect({ code, signal }).toEqual({ code: 0, signal: null });
    expect(running.output.join("\n")).toContain("Fondation stopped.");
    for (const pid of pids) expect(groupAlive(pid), `process group ${pid}`).toBe(false);
    // The backend saved its store and let go of it: the next start may use it.
    expect(existsSync(join(root, "data", "convex-data.sqlite"))).toBe(true);
    expect(existsSync(join(root, "data", "convex-data.sqlite.lock"))).toBe(false);
    await expect(fetch(webUrl)).rejects.toThrow();
  });
});
