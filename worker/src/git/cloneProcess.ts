/**
 * Runs one clone in a separate Node process (cloneChild.ts) so that whatever a repository
 * makes git do — inflate a gigabyte, create a million files, walk a tree thousands of
 * levels deep — happens outside the worker, under limits the worker enforces from outside:
 *
 * - memory: V8's heap capped with --max-old-space-size, and a watchdog that reads the
 *   process's resident set (/proc/<pid>/status, VmRSS) every 20 ms and SIGKILLs it above
 *   CLONE_MEMORY_MB (buffers live outside the V8 heap, so the heap cap alone is not enough);
 * - time: SIGKILL at the clone timeout, whatever the process is busy with;
 * - cancel and shutdown: SIGKILL at once (a half-made clone is worth nothing), so a cancel
 *   lands in milliseconds, well inside the README's 2 s.
 *
 * The process group is killed, so a git program the child ran (file://, development) goes
 * too. Every outcome is a JobFailure like the in-process clone's; a process killed for its
 * memory is "the repository is too large", permanent. The process comes from cloneSpare.ts:
 * with `keepSpare` (the worker's job path) the next one is forked, and loads, when a clone
 * ends. Used by runner/attemptSteps.ts.
 */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { JobFailure } from "../jobFailure.ts";
import { redactUrl } from "../redact.ts";
import { tooLargeFailure } from "./classify.ts";
import type { CloneResult } from "./clone.ts";
import type { CloneReply, CloneRequest } from "./cloneChild.ts";
import { type CloneProcessSpec, takeCloneProcess, warmCloneProcess } from "./cloneSpare.ts";
import { formatBytes, TooLargeError } from "./limits.ts";

export interface IsolatedCloneOptions extends CloneRequest {
  /** Resident memory the clone process may use (bytes); killed above. */
  memoryBytes: number;
  signal?: AbortSignal | undefined;
  /** Called with the clone process's pid once it runs (status, tests). */
  onStart?: ((pid: number) => void) | undefined;
  /** Fork the next clone process when this one ends (cloneSpare.ts): the worker's job path. */
  keepSpare?: boolean | undefined;
}

export interface IsolatedCloneResult extends CloneResult {
  /** Peak resident memory of the clone process. */
  peakRssBytes: number;
}

const WATCH_EVERY_MS = 20;
/** The child times itself out first and says so; the worker kills it this much later. */
const TIMEOUT_GRACE_MS = 250;

/** Variables the clone process gets: no secret of the worker's. */
const PASSED_ENV = [
  "PATH",
  "HOME",
  "TMPDIR",
  "LANG",
  "NODE_ENV",
  "NODE_EXTRA_CA_CERTS",
  "SSL_CERT_FILE",
  "SSL_CERT_DIR",
];

/** The clone process's entry: beside the bundle in production, the source in development. */
export function cloneChildPath(moduleUrl: string = import.meta.url): string {
  return fileURLToPath(moduleUrl).endsWith(".js")
    ? fileURLToPath(new URL("./clone-child.js", moduleUrl))
    : fileURLToPath(new URL("./cloneChild.ts", moduleUrl));
}

export function cloneIsolated(options: IsolatedCloneOptions): Promise<IsolatedCloneResult> {
  const { memoryBytes, signal, onStart, keepSpare, ...request } = options;
  const shownUrl = redactUrl(options.url);
  const heapMb = Math.max(64, Math.floor((memoryBytes / 1024 ** 2) * 0.75));
  const env = Object.fromEntries(
    PASSED_ENV.filter((key) => process.env[key] !== undefined).map((key) => [
      key,
      process.env[key] as string,
    ]),
  );
  return new Promise<IsolatedCloneResult>((resolve, reject) => {
    if (signal?.aborted) return reject(canceled());
    const spec: CloneProcessSpec = {
      entry: cloneChildPath(),
      execArgv: [
        `--max-old-space-size=${heapMb}`,
        ...process.execArgv.filter((a) =>
          /^--(enable-source-maps|experimental-strip-types)/.test(a),
        ),
      ],
      env,
    };
    const { child, spawned } = takeCloneProcess(spec);
    const pid = child.pid;
    let reply: CloneReply | undefined;
    let killedFor: JobFailure | undefined;
    let peakRss = 0;
    let stderr = "";
    child.stderr?.setEncoding("utf8");
    child.stderr?.on("data", (chunk: string) => {
      stderr = (stderr + chunk).slice(-4_000);
    });
    child.on("message", (message: CloneReply) => {
      reply = message;
    });

    const kill = (why: JobFailure) => {
      killedFor ??= why;
      if (pid === undefined) return;
      try {
        process.kill(-pid, "SIGKILL");
      } catch {
        child.kill("SIGKILL");
      }
    };
    const watchdog = setInterval(() => {
      if (pid === undefined) return;
      const rss = residentBytes(pid);
      if (rss === undefined) return;
      peakRss = Math.max(peakRss, rss);
      if (rss > memoryBytes) {
        kill(
          tooLargeFailure(
            new TooLargeError(
              "memory",
              `cloning it needed more than the ${formatBytes(memoryBytes)} of memory a clone may use`,
            ),
          ),
        );
      }
    }, WATCH_EVERY_MS);
    const timer = setTimeout(
      () =>
        kill(
          new JobFailure(
            "clone_timeout",
            `Cloning ${shownUrl} took too long (more than ${Math.round(options.timeoutMs / 1000)} s). The git host may be slow.`,
            true,
          ),
        ),
      options.timeoutMs + TIMEOUT_GRACE_MS,
    );
    const onAbort = () => kill(canceled());
    signal?.addEventListener("abort", onAbort, { once: true });

    const begin = () => {
      if (pid !== undefined) onStart?.(pid);
      child.send(request);
    };
    if (spawned) begin();
    else child.once("spawn", begin);
    child.once("error", (error) => {
      killedFor ??= new JobFailure(
        "internal",
        `The clone process could not start (${error.message}).`,
        true,
      );
    });
    child.once("close", (code, exitSignal) => {
      clearInterval(watchdog);
      clearTimeout(timer);
      signal?.removeEventListener("abort", onAbort);
      // The next job's clone process loads its modules while this job runs its CLI.
      if (keepSpare && !signal?.aborted) warmCloneProcess(spec);
      const peakRssBytes = Math.max(peakRss, reply?.peakRssBytes ?? 0);
      if (killedFor) return reject(killedFor);
      if (reply?.kind === "done") return resolve({ ...reply.result, peakRssBytes });
      if (reply?.kind === "failed") {
        return reject(
          new JobFailure(reply.code as JobFailure["code"], reply.message, reply.retryable),
        );
      }
      if (/heap out of memory|Reached heap limit|Allocation failed/i.test(stderr)) {
        return reject(
          tooLargeFailure(
            new TooLargeError(
              "memory",
              `cloning it needed more than the ${formatBytes(memoryBytes)} of memory a clone may use`,
            ),
          ),
        );
      }
      reject(
        new JobFailure(
          "clone_failed",
          `Cloning ${shownUrl} stopped unexpectedly (the clone process ended with ${exitSignal ?? `code ${code}`}).`,
          true,
        ),
      );
    });
  });
}

function canceled(): JobFailure {
  return new JobFailure("internal", "The clone was stopped: the job was canceled.", false);
}

/** VmRSS of a process, or undefined when it is gone or /proc is not there. */
export function residentBytes(pid: number): number | undefined {
  try {
    const status = readFileSync(`/proc/${pid}/status`, "latin1");
    const match = /^VmRSS:\s+(\d+) kB/m.exec(status);
    return match?.[1] ? Number(match[1]) * 1024 : undefined;
  } catch {
    return undefined;
  }
}
