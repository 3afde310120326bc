/**
 * What the local stack keeps on disk and the environment of each service.
 *
 * The data folder (.fondation/local/ by default, git-ignored) holds the Convex store
 * (convex-data.sqlite; an older convex-data.json is imported into it once and kept),
 * the worker secret (random, made once, mode 0600, never printed), the web app's local
 * sign-in key and the worker's job folders. Each service gets only the variables it needs,
 * not the caller's whole environment: Clerk keys in a developer's shell must not turn local
 * mode off, and the worker secret must not reach the CLI.
 */
import { randomBytes } from "node:crypto";
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";

export interface LocalFiles {
  dataDir: string;
  dataFile: string;
  authKeyFile: string;
  workerTempDir: string;
  workerSecret: string;
}

const SECRET_FILE = "worker-secret";

/** The local Convex backend's store in a data folder. */
export function storeFileIn(dataDir: string): string {
  return join(dataDir, "convex-data.sqlite");
}

/** Creates the data folder and the worker secret on first use; reads them afterwards. */
export function prepareLocalFiles(dataDir: string): LocalFiles {
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const secretFile = join(dataDir, SECRET_FILE);
  if (!existsSync(secretFile)) {
    writeFileSync(secretFile, `${randomBytes(32).toString("hex")}\n`, { mode: 0o600, flag: "wx" });
  }
  chmodSync(secretFile, 0o600);
  const workerSecret = readFileSync(secretFile, "utf8").trim();
  if (workerSecret.length < 16) {
    throw new Error(
      `${secretFile} holds no usable worker secret (fewer than 16 characters): delete it and start again to make a new one`,
    );
  }
  const workerTempDir = join(dataDir, "worker");
  mkdirSync(workerTempDir, { recursive: true });
  return {
    dataDir,
    dataFile: storeFileIn(dataDir),
    authKeyFile: join(dataDir, "local-auth-key.json"),
    workerTempDir,
    workerSecret,
  };
}

/** The few variables every child needs from the caller (finding programs, a home, a locale). */
function base(env: Record<string, string | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const key of ["PATH", "HOME", "TMPDIR", "LANG", "TZ"]) {
    const value = env[key];
    if (value) out[key] = value;
  }
  return out;
}

export interface Urls {
  /** The web app's origin as the browser uses it (also the local token issuer). */
  webUrl: string;
  /** The same server on the address it listens on, for server-to-server calls. */
  webInternalUrl: string;
  convexUrl: string;
}

export function convexEnv(
  files: LocalFiles,
  urls: Urls,
  env: Record<string, string | undefined>,
): Record<string, string> {
  return {
    ...base(env),
    WORKER_SECRET: files.workerSecret,
    LOCAL_AUTH_ISSUER: urls.webUrl,
    LOCAL_AUTH_JWKS_URL: `${urls.webInternalUrl}/api/local-auth/jwks`,
    ALLOW_LOCAL_GIT_URLS: "true",
  };
}

/** `next start` of a production build, in local sign-in mode (the documented override). */
export function webEnv(
  files: LocalFiles,
  urls: Urls,
  env: Record<string, string | undefined>,
): Record<string, string> {
  return {
    ...base(env),
    NODE_ENV: "production",
    NEXT_TELEMETRY_DISABLED: "1",
    FONDATION_LOCAL_AUTH: "1",
    FONDATION_UNSAFE_LOCAL_AUTH_IN_PRODUCTION: "I_UNDERSTAND_ANYONE_CAN_SIGN_IN",
    FONDATION_APP_URL: urls.webUrl,
    FONDATION_LOCAL_AUTH_KEY_FILE: files.authKeyFile,
    CONVEX_URL: urls.convexUrl,
  };
}

export function workerEnv(
  files: LocalFiles,
  urls: Urls,
  healthPort: number,
  env: Record<string, string | undefined>,
): Record<string, string> {
  const out: Record<string, string> = {
    ...base(env),
    CONVEX_URL: urls.convexUrl,
    WORKER_SECRET: files.workerSecret,
    TEMP_DIR: files.workerTempDir,
    ALLOW_LOCAL_GIT: "1",
    HEALTH_PORT: String(healthPort),
    HEALTH_HOST: "127.0.0.1",
    LOG_LEVEL: "info",
    // Ctrl-C should not wait 20 s: a running job is handed back and resumes on the next start.
    SHUTDOWN_GRACE_MS: "2000",
  };
  // From the shell: the model key the worker hands its CLI (with it, courses are written by
  // the model), the operator token with the repositories it may clone, and another CLI
  // build to run (CLI_PATH, as for the worker alone; the tests' slow CLI).
  for (const key of [
    "CLI_PATH",
    "ANTHROPIC_API_KEY",
    "ANTHROPIC_BASE_URL",
    "GITHUB_TOKEN",
    "GITHUB_TOKEN_REPOS",
  ]) {
    const value = env[key]?.trim();
    if (value) out[key] = value;
  }
  return out;
}
