#!/usr/bin/env node
import { resolve } from "node:path";
import { parseArgs } from "node:util";
import { serverLog } from "./log.ts";
import { type LocalConvex, startLocalConvex } from "./server.ts";
import { PINNED_CONVEX_VERSION } from "./version.ts";

const USAGE = `Usage: pnpm convex:local [--functions <dir>] [--port <n>] [--site-port <n>] [--data <file>] [--reset] [--no-crons]

A Convex-compatible server for offline development and tests (never for production).
  --functions <dir>  the app's Convex folder (default: ./convex)
  --port <n>         port on 127.0.0.1 (default: 3210; 0 picks a free one)
  --site-port <n>    HTTP actions (http.ts routes, CONVEX_SITE_URL) on their own port
                     (default: --port + 1, as the self-hosted backend; 0 picks a free one)
  --data <file>      keep data and pending scheduled functions in this SQLite store across
                     restarts (e.g. .fondation/dev-data.sqlite; an old dev-data.json beside it
                     is imported once and kept); one server per store
  --reset            start with an empty store (the old one is renamed aside, not deleted)
  --no-crons         do not run the jobs of crons.ts
  --verbose          log connections`;

function fail(message: string): never {
  process.stderr.write(`${message}\n\n${USAGE}\n`);
  process.exit(2);
}

let values: Record<string, string | boolean | undefined>;
try {
  ({ values } = parseArgs({
    options: {
      functions: { type: "string" },
      port: { type: "string" },
      "site-port": { type: "string" },
      data: { type: "string" },
      reset: { type: "boolean" },
      "no-crons": { type: "boolean" },
      verbose: { type: "boolean" },
      help: { type: "boolean", short: "h" },
    },
  }));
} catch (error) {
  fail((error as Error).message);
}
if (values.help) {
  process.stdout.write(`${USAGE}\n`);
  process.exit(0);
}
const port = values.port === undefined ? 3210 : Number(values.port);
if (!Number.isInteger(port) || port < 0 || port > 65535)
  fail(`--port must be 0..65535, got ${values.port}`);
const sitePort =
  values["site-port"] === undefined ? (port === 0 ? 0 : port + 1) : Number(values["site-port"]);
if (!Number.isInteger(sitePort) || sitePort < 0 || sitePort > 65535)
  fail(`--site-port must be 0..65535, got ${values["site-port"]}`);
if (values.reset && !values.data) fail("--reset needs --data <file>");

// `pnpm convex:local` runs from the repository root, whose Convex folder is ./convex.
const functionsDir = resolve(String(values.functions ?? "convex"));
// Signal handlers before anything is announced: a Ctrl-C right after the URL appears (or
// while starting) still stops cleanly, saving the store and releasing its lock.
let server: LocalConvex | undefined;
let stopping = false;
const stop = async () => {
  if (stopping) return;
  stopping = true;
  if (!server) return; // still starting: stopped as soon as it is up
  await server.stop();
  process.exit(0);
};
process.on("SIGINT", stop);
process.on("SIGTERM", stop);
try {
  server = await startLocalConvex({
    functionsDir,
    port,
    sitePort,
    ...(values.data ? { dataFile: resolve(String(values.data)) } : {}),
    reset: Boolean(values.reset),
    crons: !values["no-crons"],
    verbose: Boolean(values.verbose),
  });
} catch (error) {
  process.stderr.write(`local-convex could not start: ${(error as Error).message}\n`);
  process.exit(1);
}
if (stopping) {
  await server.stop(); // a signal came while starting
  process.exit(0);
}
serverLog(
  `serving ${functionsDir} (convex ${PINNED_CONVEX_VERSION} protocol); HTTP actions on ${server.siteUrl}`,
);
process.stdout.write(`${server.url}\n`);
