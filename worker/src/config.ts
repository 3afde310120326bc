/**
 * The worker's configuration, read once from the environment at start-up and validated with
 * zod. Read by every worker module; written by nobody else. A bad environment stops the
 * process with one message that lists every bad variable and how to fix it.
 *
 * There is no POLL_INTERVAL: the worker holds a Convex subscription on the queue.
 */
import { hostname, tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import {
  DEFAULT_LEASE_MS,
  DEFAULT_QUESTION_LEASE_MS,
  isGithubName,
  isGithubOwner,
  MAX_LEASE_MS,
  MAX_QUESTION_LEASE_MS,
  MIN_LEASE_MS,
  MIN_QUESTION_LEASE_MS,
} from "@fondation/shared";
import { z } from "zod";

const int = (min: number, max: number) => z.coerce.number().int().min(min).max(max);

const flag = z
  .enum(["1", "0", "true", "false", "yes", "no", ""])
  .transform((v) => v === "1" || v === "true" || v === "yes");

const optionalSecret = z
  .string()
  .optional()
  .transform((v) => (v && v.trim().length > 0 ? v.trim() : undefined));

/**
 * GITHUB_TOKEN_REPOS: the repositories the operator's token may clone, for any user.
 * `owner/name` or `owner/*`, separated by commas or spaces; a bare `*` is refused on
 * purpose (that would make the token everybody's fallback again).
 */
const githubRepoList = z
  .string()
  .optional()
  .transform((v) => (v ?? "").split(/[\s,]+/).filter((entry) => entry.length > 0))
  .refine(
    (entries) =>
      entries.every((entry) => {
        const [owner = "", name = "", ...rest] = entry.split("/");
        return rest.length === 0 && isGithubOwner(owner) && (name === "*" || isGithubName(name));
      }),
    "must list GitHub repositories as owner/name or owner/* (commas or spaces between them)",
  )
  .transform((entries) => entries.map((entry) => entry.toLowerCase()));

/** The CLI shipped beside the worker: the bundle in production, the sources in development. */
export function defaultCliPath(moduleUrl: string = import.meta.url): string {
  const here = fileURLToPath(moduleUrl);
  return here.endsWith(".js")
    ? fileURLToPath(new URL("../../cli/dist/fondation.js", moduleUrl))
    : fileURLToPath(new URL("../../cli/src/main.ts", moduleUrl));
}

const envSchema = z.object({
  CONVEX_URL: z.url({
    protocol: /^https?$/,
    error: "must be the http(s) URL of the Convex deployment",
  }),
  WORKER_SECRET: z
    .string({ error: "is required: the shared secret the Convex worker functions check" })
    .min(16, "must be at least 16 characters (generate one with `openssl rand -hex 32`)"),
  WORKER_ID: z.string().min(1).max(200).optional(),
  MAX_CONCURRENT_JOBS: int(1, 32).default(1),
  /** Questions answered at once, apart from the job slots (convex/questionWorker.ts). */
  QUESTION_SLOTS: int(0, 32).default(2),
  /** Courses kept written and opened for questions; the least recently used goes first. */
  QUESTION_COURSE_CACHE: int(1, 1_000).default(20),
  LEASE_MS: int(MIN_LEASE_MS, MAX_LEASE_MS).default(DEFAULT_LEASE_MS),
  /** Lease per claimed question; every streamed batch renews it, a keep-alive at a third. */
  QUESTION_LEASE_MS: int(MIN_QUESTION_LEASE_MS, MAX_QUESTION_LEASE_MS).default(
    DEFAULT_QUESTION_LEASE_MS,
  ),
  CLI_PATH: z.string().min(1).optional(),
  TEMP_DIR: z.string().min(1).optional(),
  JOB_TIMEOUT_MS: int(1_000, 24 * 3_600_000).default(60 * 60_000),
  MAX_REPO_BYTES: int(1_024, 50 * 1024 ** 3).default(500 * 1024 ** 2),
  MAX_OUTPUT_BYTES: int(1_024, 1024 ** 3).default(20 * 1024 ** 2),
  CLONE_TIMEOUT_MS: int(1_000, 3_600_000).default(5 * 60_000),
  /** Clone limits checked before anything is inflated or written (src/git/limits.ts). */
  MAX_REPO_OBJECTS: int(1, 100_000_000).default(500_000),
  MAX_REPO_FILES: int(1, 100_000_000).default(200_000),
  MAX_FILE_BYTES: int(1_024, 50 * 1024 ** 3).default(100 * 1024 ** 2),
  MAX_PATH_DEPTH: int(1, 10_000).default(100),
  /** Resident memory of the clone process, in MiB; it is killed above. */
  CLONE_MEMORY_MB: int(64, 1024 * 1024).default(1_024),
  /** After a full disk, the free space of TEMP_DIR's disk at which the worker claims again. */
  MIN_FREE_DISK_MB: int(1, 1024 * 1024).default(256),
  /** SIGTERM → SIGKILL delay for the CLI; cancel must finish within 2 s. */
  KILL_GRACE_MS: int(0, 60_000).default(1_500),
  /** On SIGTERM, how long running jobs may continue before they are handed back. */
  SHUTDOWN_GRACE_MS: int(0, 10 * 60_000).default(20_000),
  /** An answer takes seconds: on SIGTERM, how long questions may finish (at most SHUTDOWN_GRACE_MS). */
  QUESTION_SHUTDOWN_GRACE_MS: int(0, 10 * 60_000).default(10_000),
  ALLOW_LOCAL_GIT: flag.default(false),
  GITHUB_TOKEN: optionalSecret,
  GITHUB_TOKEN_REPOS: githubRepoList,
  CLERK_SECRET_KEY: optionalSecret,
  CLERK_API_URL: z.url({ protocol: /^https?$/ }).default("https://api.clerk.com"),
  HEALTH_PORT: int(0, 65_535).default(8080),
  HEALTH_HOST: z.string().min(1).default("0.0.0.0"),
  LOG_LEVEL: z.enum(["trace", "debug", "info", "warn", "error", "fatal", "silent"]).default("info"),
  LOG_PRETTY: flag.optional(),
  NODE_ENV: z.string().optional(),
  ANTHROPIC_API_KEY: optionalSecret,
  ANTHROPIC_BASE_URL: z.url().optional(),
});

export interface WorkerConfig {
  convexUrl: string;
  workerSecret: string;
  workerId: string;
  maxConcurrentJobs: number;
  /** 0: this worker answers no questions. */
  questionSlots: number;
  questionCourseCache: number;
  questionLeaseMs: number;
  leaseMs: number;
  cliPath: string;
  tempDir: string;
  jobTimeoutMs: number;
  maxRepoBytes: number;
  maxOutputBytes: number;
  cloneTimeoutMs: number;
  maxRepoObjects: number;
  maxRepoFiles: number;
  maxFileBytes: number;
  maxPathDepth: number;
  /** Bytes of resident memory the clone process may use. */
  cloneMemoryBytes: number;
  killGraceMs: number;
  shutdownGraceMs: number;
  /** Never above shutdownGraceMs. */
  questionShutdownGraceMs: number;
  /** After a full disk: claim again once TEMP_DIR's disk has this many bytes free. */
  minFreeDiskBytes: number;
  allowLocalGit: boolean;
  githubToken: string | undefined;
  /** Lower-case `owner/name` or `owner/*` entries GITHUB_TOKEN serves. */
  githubTokenRepos: string[];
  clerkSecretKey: string | undefined;
  clerkApiUrl: string;
  healthPort: number;
  healthHost: string;
  logLevel: string;
  logPretty: boolean;
  anthropicApiKey: string | undefined;
  anthropicBaseUrl: string | undefined;
}

export class ConfigError extends Error {
  readonly problems: string[];
  constructor(problems: string[]) {
    super(
      `The worker's environment is not valid:\n${problems.map((p) => `  - ${p}`).join("\n")}\nSee worker/README.md, "Configuration".`,
    );
    this.name = "ConfigError";
    this.problems = problems;
  }
}

/** Parse the environment; throws ConfigError naming every bad variable (never its value). */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): WorkerConfig {
  // Empty strings mean "unset" so `FOO=` in a .env file falls back to the default.
  const input = Object.fromEntries(
    Object.keys(envSchema.shape)
      .map((key) => [key, env[key]])
      .filter(([, value]) => value !== undefined && value !== ""),
  );
  const parsed = envSchema.safeParse(input);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => {
      const key = String(issue.path[0] ?? "environment");
      const message =
        issue.code === "invalid_type" && input[key] === undefined ? "is required" : issue.message;
      return `${key}: ${message}`;
    });
    throw new ConfigError([...new Set(problems)]);
  }
  const e = parsed.data;
  // The production image sets NODE_ENV=production: local git there would let any user make
  // the worker read its own files and loopback services.
  if (e.ALLOW_LOCAL_GIT && e.NODE_ENV === "production") {
    throw new ConfigError([
      "ALLOW_LOCAL_GIT: must not be set with NODE_ENV=production (it lets users make the worker read local files and loopback services)",
    ]);
  }
  return {
    convexUrl: e.CONVEX_URL,
    workerSecret: e.WORKER_SECRET,
    workerId: e.WORKER_ID ?? `${hostname()}-${process.pid}`,
    maxConcurrentJobs: e.MAX_CONCURRENT_JOBS,
    questionSlots: e.QUESTION_SLOTS,
    questionCourseCache: e.QUESTION_COURSE_CACHE,
    questionLeaseMs: e.QUESTION_LEASE_MS,
    leaseMs: e.LEASE_MS,
    cliPath: e.CLI_PATH ?? defaultCliPath(),
    tempDir: e.TEMP_DIR ?? join(tmpdir(), "fondation-worker"),
    jobTimeoutMs: e.JOB_TIMEOUT_MS,
    maxRepoBytes: e.MAX_REPO_BYTES,
    maxOutputBytes: e.MAX_OUTPUT_BYTES,
    cloneTimeoutMs: e.CLONE_TIMEOUT_MS,
    maxRepoObjects: e.MAX_REPO_OBJECTS,
    maxRepoFiles: e.MAX_REPO_FILES,
    maxFileBytes: e.MAX_FILE_BYTES,
    maxPathDepth: e.MAX_PATH_DEPTH,
    cloneMemoryBytes: e.CLONE_MEMORY_MB * 1024 ** 2,
    killGraceMs: e.KILL_GRACE_MS,
    shutdownGraceMs: e.SHUTDOWN_GRACE_MS,
    questionShutdownGraceMs: Math.min(e.QUESTION_SHUTDOWN_GRACE_MS, e.SHUTDOWN_GRACE_MS),
    minFreeDiskBytes: e.MIN_FREE_DISK_MB * 1024 ** 2,
    allowLocalGit: e.ALLOW_LOCAL_GIT,
    githubToken: e.GITHUB_TOKEN,
    githubTokenRepos: e.GITHUB_TOKEN_REPOS,
    clerkSecretKey: e.CLERK_SECRET_KEY,
    clerkApiUrl: e.CLERK_API_URL.replace(/\/+$/, ""),
    healthPort: e.HEALTH_PORT,
    healthHost: e.HEALTH_HOST,
    logLevel: e.LOG_LEVEL,
    logPretty: e.LOG_PRETTY ?? e.NODE_ENV === "development",
    anthropicApiKey: e.ANTHROPIC_API_KEY,
    anthropicBaseUrl: e.ANTHROPIC_BASE_URL,
  };
}

/** Every secret value in the config, for the string redactor. */
export function configSecrets(config: WorkerConfig): string[] {
  return [
    config.workerSecret,
    config.githubToken,
    config.clerkSecretKey,
    config.anthropicApiKey,
  ].filter((s): s is string => typeof s === "string" && s.length > 0);
}

/** The config as it may be shown (logs, /status): secrets reduced to "set" or "unset". */
export function describeConfig(config: WorkerConfig): Record<string, unknown> {
  const { workerSecret, githubToken, clerkSecretKey, anthropicApiKey, ...rest } = config;
  const shown = (v: string | undefined) => (v ? "set" : "unset");
  return {
    ...rest,
    workerSecret: shown(workerSecret),
    githubToken: shown(githubToken),
    clerkSecretKey: shown(clerkSecretKey),
    anthropicApiKey: shown(anthropicApiKey),
  };
}
