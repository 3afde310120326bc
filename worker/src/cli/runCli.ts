/**
 * Runs `fondation analyze <repo> --json …` with execa for one job attempt. Reads stdout line
 * by line, validates each line with the shared parseCliEvent (an invalid line becomes a
 * warning `log` event, never a crash), keeps the tail of stderr for the failure message,
 * stops the CLI on cancel (SIGTERM, then SIGKILL after the grace period) and on the job's
 * wall-clock timeout, and classifies how it ended.
 */
import { createInterface } from "node:readline";
import {
  type CliEvent,
  type CourseLanguage,
  PROTOCOL_VERSION,
  parseCliEvent,
} from "@fondation/shared";
import { execa } from "execa";
import { formatDuration, JobFailure } from "../jobFailure.ts";
import type { Redactor } from "../redact.ts";

/** Exit codes of the CLI (cli/src/errors.ts). */
const EXIT_USAGE = 2;

export interface RunCliOptions {
  /** The CLI script (run with this Node) or an executable. */
  cliPath: string;
  repoDir: string;
  /** Clone URL recorded in the course manifest (never carries credentials). */
  repositoryUrl?: string;
  outDir: string;
  language: CourseLanguage | string;
  model: string;
  resume: boolean;
  /** A refresh: the previous course's folder (runner/previousCourse.ts) for `--update`. */
  update?: string;
  offline?: boolean;
  /** Environment given to the CLI: ANTHROPIC_API_KEY and friends. Nothing else leaks in. */
  env: Record<string, string | undefined>;
  timeoutMs: number;
  killGraceMs: number;
  /** Cancel (job canceled, lease lost, shutdown). */
  signal?: AbortSignal;
  redact: Redactor;
  onEvent: (event: CliEvent) => void;
  /** Called with the CLI's pid right after spawn (the job folder records it). */
  onSpawn?: (pid: number) => void;
  /** Bytes of stderr kept for the failure message. */
  stderrTailBytes?: number;
}

export interface CliRunResult {
  completed: Extract<CliEvent, { kind: "run.completed" }>;
  stderrTail: string;
}

/** The CLI was stopped because the caller aborted; `reason` is the abort reason. */
export class CliCanceledError extends Error {
  readonly reason: unknown;
  constructor(reason: unknown) {
    super("the CLI was stopped: the job was canceled or handed back");
    this.name = "CliCanceledError";
    this.reason = reason;
  }
}

export function cliCommand(options: RunCliOptions): { file: string; args: string[] } {
  const args = [
    "analyze",
    options.repoDir,
    "--json",
    "--out",
    options.outDir,
    "--language",
    options.language,
    "--model",
    options.model,
  ];
  if (options.repositoryUrl) args.push("--repository-url", options.repositoryUrl);
  if (options.resume) args.push("--resume");
  if (options.update) args.push("--update", options.update);
  if (options.offline) args.push("--offline");
  const isScript = /\.(c|m)?(j|t)s$/.test(options.cliPath);
  return isScript
    ? { file: process.execPath, args: [options.cliPath, ...args] }
    : { file: options.cliPath, args };
}

export async function runCli(options: RunCliOptions): Promise<CliRunResult> {
  const { file, args } = cliCommand(options);
  const tailLimit = options.stderrTailBytes ?? 4_096;
  let stderrTail = "";
  let completed: CliRunResult["completed"] | undefined;
  let failed: Extract<CliEvent, { kind: "run.failed" }> | undefined;
  const timeout = new AbortController();
  const timer = setTimeout(() => timeout.abort(new Error("timeout")), options.timeoutMs);
  const cancel = options.signal
    ? AbortSignal.any([options.signal, timeout.signal])
    : timeout.signal;

  const child = execa(file, args, {
    env: cleanEnv(options.env),
    extendEnv: false,
    cancelSignal: cancel,
    killSignal: "SIGTERM",
    forceKillAfterDelay: options.killGraceMs,
    buffer: false,
    stdin: "ignore",
    reject: false,
    cwd: options.outDir,
  });
  if (child.pid !== undefined) options.onSpawn?.(child.pid);

  child.stderr?.on("data", (chunk: Buffer) => {
    stderrTail = (stderrTail + chunk.toString("utf8")).slice(-tailLimit);
  });
  // stdout is a pipe (execa's default), so it is always there.
  const lines = createInterface({
    input: child.stdout as NodeJS.ReadableStream,
    crlfDelay: Number.POSITIVE_INFINITY,
  });
  lines.on("line", (line) => {
    if (line.trim() === "") return;
    const parsed = parseCliEvent(line);
    if (!parsed.ok) {
      options.onEvent({
        v: PROTOCOL_VERSION,
        ts: Date.now(),
        kind: "log",
        level: "warn",
        message: options
          .redact(`Ignored an invalid line from the CLI: ${parsed.error}`)
          .slice(0, 1_000),
      });
      return;
    }
    const event = redactEvent(parsed.event, options.redact);
    if (event.kind === "run.completed") completed = event;
    if (event.kind === "run.failed") failed = event;
    options.onEvent(event);
  });
  const linesDone = new Promise<void>((resolve) => lines.once("close", resolve));

  const result = await child;
  await linesDone;
  clearTimeout(timer);
  const tail = options.redact(stderrTail.trim());

  if (options.signal?.aborted) throw new CliCanceledError(options.signal.reason);
  if (timeout.signal.aborted) {
    throw new JobFailure(
      "job_timeout",
      `The analysis took longer than its ${formatDuration(options.timeoutMs)} limit and was stopped.`,
      true,
    );
  }
  if (result.failed && (result.cause as { code?: string } | undefined)?.code === "ENOENT") {
    throw new JobFailure(
      "internal",
      "The worker could not start the analysis program (CLI_PATH is wrong). An operator must fix the worker's configuration.",
      true,
    );
  }
  if (failed) {
    throw new JobFailure(failed.code, failed.message, failed.retryable);
  }
  if (result.exitCode === 0 && completed) return { completed, stderrTail: tail };
  if (result.exitCode === 0) {
    throw new JobFailure(
      "analysis_failed",
      `The analysis program ended without finishing the course.${suffix(tail)}`,
      true,
    );
  }
  if (result.exitCode === EXIT_USAGE) {
    throw new JobFailure(
      "invalid_options",
      `The analysis program refused its options.${suffix(tail)}`,
      false,
    );
  }
  const how = result.signal
    ? `was killed by ${result.signal}`
    : `crashed (exit code ${result.exitCode})`;
  throw new JobFailure("analysis_failed", `The analysis program ${how}.${suffix(tail)}`, true);
}

/** Only defined values, plus PATH so an executable CLI finds its interpreter. */
function cleanEnv(env: Record<string, string | undefined>): Record<string, string> {
  const out: Record<string, string> = { PATH: process.env.PATH ?? "/usr/bin:/bin" };
  for (const [key, value] of Object.entries(env)) if (value !== undefined) out[key] = value;
  return out;
}

function suffix(tail: string): string {
  if (!tail) return "";
  const lastLines = tail.split("\n").slice(-5).join("\n");
  return ` Last output: ${lastLines.slice(-800)}`;
}

/** The CLI should never print a secret, but its messages are scrubbed all the same. */
function redactEvent(event: CliEvent, redact: Redactor): CliEvent {
  if (event.kind === "log" || event.kind === "run.failed") {
    return { ...event, message: redact(event.message) };
  }
  return event;
}
