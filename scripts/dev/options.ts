/**
 * The orchestrator's command line and environment: ports and the data folder. Flags win
 * over environment variables, which win over the defaults.
 */
import { isAbsolute, resolve } from "node:path";
import { parseArgs } from "node:util";

export const USAGE = `Usage: ./run start [--web-port <n>] [--convex-port <n>] [--site-port <n>] [--worker-port <n>] [--data-dir <dir>] [--reset]

Starts the whole product on this machine: the local Convex backend, the web app in local
sign-in mode, one worker and its CLI (offline unless ANTHROPIC_API_KEY is set). Ctrl-C stops it.

  --web-port <n>     the web app (default 3000; env FONDATION_WEB_PORT)
  --convex-port <n>  the local Convex backend (default 3210; env FONDATION_CONVEX_PORT)
  --site-port <n>    the backend's HTTP actions, e.g. push webhooks (default 3212; env FONDATION_CONVEX_SITE_PORT)
  --worker-port <n>  the worker's health endpoint (default 3211; env FONDATION_WORKER_PORT)
  --data-dir <dir>   Convex store, worker secret, sign-in key (default .fondation/local; env FONDATION_LOCAL_DIR)
  --reset            start with an empty database (the old store is renamed aside, not deleted)
  0 as a port picks a free one.`;

export interface StartOptions {
  webPort: number;
  convexPort: number;
  sitePort: number;
  workerPort: number;
  dataDir: string;
  reset: boolean;
  help: boolean;
}

export class UsageError extends Error {
  override name = "UsageError";
}

function port(value: string | undefined, fallback: number, what: string): number {
  if (value === undefined || value === "") return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 65_535) {
    throw new UsageError(`${what} must be a port number from 0 to 65535, not "${value}"`);
  }
  return n;
}

export function parseStartOptions(
  argv: readonly string[],
  env: Record<string, string | undefined>,
  root: string,
): StartOptions {
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      options: {
        "web-port": { type: "string" },
        "convex-port": { type: "string" },
        "site-port": { type: "string" },
        "worker-port": { type: "string" },
        "data-dir": { type: "string" },
        reset: { type: "boolean" },
        help: { type: "boolean", short: "h" },
      },
    }));
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const str = (key: string) => values[key] as string | undefined;
  const dataDir = str("data-dir") ?? env.FONDATION_LOCAL_DIR ?? ".fondation/local";
  return {
    webPort: port(str("web-port") ?? env.FONDATION_WEB_PORT, 3000, "--web-port"),
    convexPort: port(str("convex-port") ?? env.FONDATION_CONVEX_PORT, 3210, "--convex-port"),
    sitePort: port(str("site-port") ?? env.FONDATION_CONVEX_SITE_PORT, 3212, "--site-port"),
    workerPort: port(str("worker-port") ?? env.FONDATION_WORKER_PORT, 3211, "--worker-port"),
    dataDir: isAbsolute(dataDir) ? dataDir : resolve(root, dataDir),
    reset: values.reset === true,
    help: values.help === true,
  };
}
