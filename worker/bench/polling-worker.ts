#!/usr/bin/env node
/**
 * The real worker with its queue subscription replaced by a poll of `workerApi:claimable`
 * every POLL_MS (the old design): the baseline of tools/local-convex/bench/throughput.ts,
 * started by it through the e2e harness (`startWorker({ entry })`). Everything else — claim,
 * clone, CLI, events, publish — is the worker's own code. Benchmarks only.
 */
import { ConvexHttpClient } from "convex/browser";
import { makeFunctionReference } from "convex/server";
import { configSecrets, loadConfig } from "../src/config.ts";
import { createLogger } from "../src/logger.ts";
import { makeRedactor } from "../src/redact.ts";
import type { ClaimableRow, WorkerBackend } from "../src/runner/backend.ts";
import { createConvexBackend } from "../src/runner/convexBackend.ts";
import { Worker } from "../src/runner/worker.ts";

const POLL_MS = Number(process.env.POLL_MS ?? 5_000);
const claimable = makeFunctionReference<"query">("workerApi:claimable");

const config = loadConfig();
const logger = await createLogger({
  level: config.logLevel,
  pretty: false,
  secrets: configSecrets(config),
});
const live = createConvexBackend({
  url: config.convexUrl,
  secret: config.workerSecret,
  workerId: config.workerId,
  logger,
  onConnectionChange: (now) => logger.info({ connected: now }, "connected to Convex"),
});
const http = new ConvexHttpClient(config.convexUrl);
const backend: WorkerBackend = {
  ...live,
  watchClaimable(onRows, onError) {
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const tick = async () => {
      try {
        const rows = await http.query(claimable, { secret: config.workerSecret, limit: 20 });
        if (!stopped) onRows(rows as ClaimableRow[]);
      } catch (error) {
        onError(error as Error);
      }
      if (!stopped) timer = setTimeout(tick, POLL_MS);
    };
    void tick();
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
  },
};
const worker = new Worker({
  backend,
  logger,
  redact: makeRedactor(configSecrets(config)),
  config,
  maxConcurrentJobs: config.maxConcurrentJobs,
});
worker.start();
await new Promise<void>((resolve) => process.once("SIGTERM", () => resolve()));
await worker.shutdown(config.shutdownGraceMs);
logger.flush();
setTimeout(() => process.exit(0), 200).unref();
