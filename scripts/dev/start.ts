#!/usr/bin/env node
/**
 * `./run start`: the whole product on this machine, for a newcomer and for development.
 *
 *   local Convex backend (tools/local-convex, its store in .fondation/local/)
 *   → web app (`next build` when stale, then `next start` in local sign-in mode)
 *   → one worker (its CLI is offline unless ANTHROPIC_API_KEY is set)
 *
 * Nothing is seeded: the person signs in, adds a repository and requests a course.
 * Ctrl-C (SIGINT) or SIGTERM stops the services in reverse order — the worker first, so a
 * running job is handed back while Convex still answers, and Convex last, so its store
 * gets every write — then exits 0. A second Ctrl-C kills everything at once.
 */
import { relative } from "node:path";
import { storeInUse } from "../../tools/local-convex/src/store/lock.ts";
import {
  convexEnv,
  prepareLocalFiles,
  storeFileIn,
  type Urls,
  webEnv,
  workerEnv,
} from "./localEnv.ts";
import { formatWorkerLine, prefixed, say } from "./log.ts";
import { parseStartOptions, USAGE, UsageError } from "./options.ts";
import { reservePorts } from "./ports.ts";
import { killNow, type Service } from "./service.ts";
import { startConvex, startWeb, startWorker } from "./services.ts";
import { buildIsFresh, finishWebBuild, ROOT, startWebBuild } from "./webBuild.ts";

/**
 * How long the worker may take to stop before it is killed: its grace (SHUTDOWN_GRACE_MS,
 * 2 s here), the CLI's stop, then the hand-back and the removal of the job's folder, which
 * must land while Convex still runs. A busy machine needs seconds for that; Ctrl-C again
 * kills at once.
 */
const WORKER_STOP_MS = 30_000;

/** Every process started so far, in start order; stopped in reverse. */
const services: Service[] = [];
let stopping: Promise<never> | null = null;

function track(service: Service): void {
  services.push(service);
  say(`${service.name.padEnd(7)}| started (pid ${service.pid})`);
  service.exited.then(({ code, signal }) => {
    if (stopping) return;
    process.stderr.write(
      `fondation: ${service.name} stopped unexpectedly (${signal ?? `exit ${code}`}); stopping the rest\n`,
    );
    void shutdown(1);
  });
}

function shutdown(exitCode: number): Promise<never> {
  stopping ??= (async () => {
    for (const service of [...services].reverse()) {
      if (service.running()) say(`${service.name.padEnd(7)}| stopping…`);
      await service.stop(service.name === "worker" ? WORKER_STOP_MS : 5_000);
    }
    say(exitCode === 0 ? "Fondation stopped." : "Fondation stopped after an error.");
    process.exit(exitCode);
  })();
  return stopping;
}

async function main(): Promise<void> {
  const options = parseStartOptions(process.argv.slice(2), process.env, ROOT);
  if (options.help) {
    say(USAGE);
    process.exit(0);
  }
  // A second start on the same data folder stops here, naming the running one (before its
  // ports clash); the backend's own lock on the store is the real guard.
  const inUse = storeInUse(storeFileIn(options.dataDir));
  if (inUse) throw new Error(inUse);
  const {
    web: webPort,
    convex: convexPort,
    site: sitePort,
    worker: workerPort,
  } = await reservePorts({
    web: {
      label: "the web app",
      port: options.webPort,
      hint: "--web-port <n> or FONDATION_WEB_PORT",
    },
    convex: {
      label: "the local Convex backend",
      port: options.convexPort,
      hint: "--convex-port <n> or FONDATION_CONVEX_PORT",
    },
    site: {
      label: "the local Convex backend's HTTP actions",
      port: options.sitePort,
      hint: "--site-port <n> or FONDATION_CONVEX_SITE_PORT",
    },
    worker: {
      label: "the worker's health endpoint",
      port: options.workerPort,
      hint: "--worker-port <n> or FONDATION_WORKER_PORT",
    },
  });
  const files = prepareLocalFiles(options.dataDir);
  const urls: Urls = {
    webUrl: `http://localhost:${webPort}`,
    webInternalUrl: `http://127.0.0.1:${webPort}`,
    convexUrl: `http://127.0.0.1:${convexPort}`,
  };

  if (!buildIsFresh()) {
    // One line, then its time: next build's own ~40 lines are shown only if it fails.
    say("build  | building the web app (once, and again only when its sources change)…");
    const started = performance.now();
    const build = startWebBuild();
    services.push(build);
    await finishWebBuild(build);
    services.splice(services.indexOf(build), 1);
    say(`build  | built in ${Math.round((performance.now() - started) / 1000)} s`);
  }
  if (stopping) return;

  const convex = await startConvex({
    port: convexPort,
    sitePort,
    dataFile: files.dataFile,
    reset: options.reset,
    env: convexEnv(files, urls, process.env),
    onLine: prefixed("convex"),
    onSpawn: track,
  });
  urls.convexUrl = convex.url;
  await startWeb({
    port: webPort,
    env: webEnv(files, urls, process.env),
    onLine: prefixed("web"),
    onSpawn: track,
  });
  const workerLine = prefixed("worker");
  await startWorker({
    healthPort: workerPort,
    env: workerEnv(files, urls, workerPort, process.env),
    onLine: (line) => workerLine(formatWorkerLine(line)),
    onSpawn: track,
  });
  if (stopping) return;

  const fromHere = relative(process.cwd(), files.dataFile);
  const data = fromHere.startsWith("..") ? files.dataFile : fromHere;
  const cli = process.env.ANTHROPIC_API_KEY?.trim()
    ? "the Anthropic API (ANTHROPIC_API_KEY is set)"
    : "offline, structural courses (set ANTHROPIC_API_KEY for courses written by the model)";
  say("");
  say("Fondation is running.");
  say(`  Open     ${urls.webUrl}`);
  say("           sign in (local mode, any name), add a repository — an absolute path of a");
  say("           git repository on this machine, or any git URL — and request a course.");
  say(`  Convex   ${urls.convexUrl}  (data: ${data})`);
  say(`  Worker   http://127.0.0.1:${workerPort}/status`);
  say(`  CLI      ${cli}`);
  say("Press Ctrl-C to stop.");
  say("");
}

process.on("SIGINT", () => {
  if (stopping) {
    killNow(services);
    process.exit(130);
  }
  say("\nStopping (Ctrl-C again to kill at once)…");
  void shutdown(0);
});
process.on("SIGTERM", () => void shutdown(0));
// Last resort when this process ends some other way: leave no service behind.
process.on("exit", () => killNow(services));

main().catch((error: unknown) => {
  if (stopping) return;
  if (error instanceof UsageError) {
    process.stderr.write(`fondation: ${error.message}\n\n${USAGE}\n`);
    process.exit(2);
  }
  process.stderr.write(`fondation: ${(error as Error).message}\n`);
  void shutdown(1);
});
